package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestPages(t *testing.T) {
	ts := newTestServer(t)
	r, v := ts.mustCreate(t, "广州市湿地保护规定", "guangzhou-wetland-protection.md", "first-reading")

	t.Run("home", func(t *testing.T) {
		w := ts.get("/")
		body := w.Body.String()
		if w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
		for _, want := range []string{`<html lang="zh-CN">`, `href="/regulations/1"`, "广州市湿地保护规定",
			`class="step step-current" aria-current="step"><span>一审稿`, `class="step step-done"><span>征求意见稿`,
			"正在征求意见", `action="/search"`, `class="skip-link"`, `name="viewport"`} {
			if !strings.Contains(body, want) {
				t.Errorf("home page lacks %q", want)
			}
		}
	})

	t.Run("regulation", func(t *testing.T) {
		w := ts.get("/regulations/" + itoa(r.ID))
		body := w.Body.String()
		for _, want := range []string{`href="/versions/` + itoa(v.ID) + `"`, "一审稿（测试稿）", "2024-01-02", "64 条",
			"修改说明：第一处。"} {
			if !strings.Contains(body, want) {
				t.Errorf("regulation page lacks %q", want)
			}
		}
		if strings.Contains(body, "上传新版本") {
			t.Error("anonymous visitors see the upload link")
		}
		if strings.Contains(body, "与上一版本对照") {
			t.Error("a comparison link on the only version")
		}
		w2 := ts.postJSON("/api/v1/regulations/"+itoa(r.ID)+"/versions", map[string]string{"stage": "second-reading",
			"text": "广州市湿地保护规定\n第一条　为了加强湿地保护，制定本规定。\n"}, true)
		if w2.Code != 201 {
			t.Fatal(w2.Body)
		}
		body = ts.get("/regulations/" + itoa(r.ID)).Body.String()
		if want := `/compare?from=` + itoa(v.ID) + `&amp;to=` + itoa(v.ID+1) + `">与上一版本对照`; !strings.Contains(body, want) {
			t.Errorf("regulation page lacks %q", want)
		}
	})

	t.Run("version", func(t *testing.T) {
		w := ts.get("/versions/" + itoa(v.ID))
		body := w.Body.String()
		if w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
		// 第一条 at its anchor, label and text together
		re := regexp.MustCompile(`<section class="article" id="art-1">\s*<p class="para" id="art-1-k1"><a class="art-label" href="#art-1">第一条</a>　为了加强湿地保护`)
		if !re.MatchString(body) {
			t.Errorf("第一条 is not at #art-1:\n%.3000s", body[strings.Index(body, `class="document"`):])
		}
		for _, want := range []string{`href="#zhang-1"`, `id="zhang-1"`, "第一章　总则", `id="art-64"`,
			`class="item">（一）`, `media="print"`} {
			if !strings.Contains(body, want) {
				t.Errorf("version page lacks %q", want)
			}
		}
		if n := strings.Count(body, `<section class="article"`); n != 64 {
			t.Errorf("%d articles on the page, want 64", n)
		}
	})

	t.Run("headers", func(t *testing.T) {
		w := ts.get("/")
		h := w.Header()
		if !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("X-Frame-Options") != "DENY" || len(h.Get("X-Request-ID")) != 16 {
			t.Errorf("headers: %v", h)
		}
		if strings.Contains(w.Body.String(), "<script>") || strings.Contains(w.Body.String(), "style=") {
			t.Error("inline script or style in the page: the CSP would block it")
		}
	})

	t.Run("static", func(t *testing.T) {
		w := ts.get(ts.tmpl.StaticURL("lifa.css"))
		if w.Code != 200 || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") || !strings.Contains(w.Body.String(), ":focus-visible") {
			t.Errorf("lifa.css: %d %q", w.Code, w.Header().Get("Cache-Control"))
		}
	})

	t.Run("healthz", func(t *testing.T) {
		if w := ts.get("/healthz"); w.Code != 200 || !strings.Contains(w.Body.String(), `"ok"`) {
			t.Errorf("healthz: %d %s", w.Code, w.Body)
		}
	})
}

func TestVersionPage_Cache(t *testing.T) {
	ts := newTestServer(t)
	r, v := ts.mustCreate(t, "广州市湿地保护规定", "guangzhou-wetland-protection.md", "draft")
	path := "/versions/" + itoa(v.ID)
	first := ts.get(path)
	second := ts.get(path)
	if first.Code != 200 || !bytes.Equal(first.Body.Bytes(), second.Body.Bytes()) || first.Header().Get("ETag") == "" {
		t.Fatal("the cached page differs from the first")
	}
	gz := ts.do("GET", path, nil, map[string]string{"Accept-Encoding": "gzip, br"}, false)
	if gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("no gzip: %v", gz.Header())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, first.Body.Bytes()) {
		t.Error("gzipped page differs from the plain page")
	}
	if w := ts.do("GET", path, nil, map[string]string{"If-None-Match": first.Header().Get("ETag")}, false); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", w.Code)
	}
	// a title change through the API shows at once
	w := ts.do("PATCH", "/api/v1/regulations/"+itoa(r.ID), strings.NewReader(`{"title":"广州市湿地保护条例"}`),
		map[string]string{"Content-Type": "application/json"}, true)
	if w.Code != 200 {
		t.Fatal(w.Body)
	}
	if body := ts.get(path).Body.String(); !strings.Contains(body, "广州市湿地保护条例</a>") {
		t.Error("version page still shows the old title")
	}
	// signed-in staff get a page with their name (the person's, not the
	// login name), not the anonymous one
	cookie, _ := ts.adminSession(t)
	w = ts.do("GET", path, nil, map[string]string{"Cookie": cookie}, false)
	if !strings.Contains(w.Body.String(), `class="actor" id="actor">管理员`) {
		t.Error("signed-in page lacks the actor")
	}
	if body := ts.get(path).Body.String(); strings.Contains(body, `class="actor"`) {
		t.Error("anonymous page shows an actor")
	}
	// whatever the request carries, a gzipped page is compressed exactly once
	for _, hdr := range []map[string]string{
		{"Cookie": "theme=dark"},
		{"Cookie": cookie},
		{"Authorization": "Bearer " + ts.token},
	} {
		hdr["Accept-Encoding"] = "gzip"
		for _, p := range []string{path, path + "?hl=湿地"} {
			w := ts.do("GET", p, nil, hdr, false)
			zr, err := gzip.NewReader(w.Body)
			if err != nil {
				t.Fatalf("%s %v: %v", p, hdr, err)
			}
			page, _ := io.ReadAll(zr)
			if !bytes.HasPrefix(page, []byte("<!doctype html>")) {
				t.Errorf("%s %v: page is not HTML after one gunzip: %.40q", p, hdr, page)
			}
		}
		delete(hdr, "Accept-Encoding")
		w := ts.do("GET", path, nil, hdr, false)
		if !bytes.HasPrefix(w.Body.Bytes(), []byte("<!doctype html>")) || w.Header().Get("Content-Encoding") != "" {
			t.Errorf("%v without gzip: %.40q", hdr, w.Body.Bytes())
		}
	}
}

func TestStaffLoginAndUploadForm(t *testing.T) {
	ts := newTestServer(t)
	r, _ := ts.mustCreate(t, "广州市湿地保护规定", "guangzhou-wetland-protection.md", "draft")
	formPath := "/regulations/" + itoa(r.ID) + "/versions/new"

	w := ts.get(formPath)
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/admin/login?next=") {
		t.Fatalf("anonymous form: %d %q", w.Code, w.Header().Get("Location"))
	}
	form := func(vals url.Values, hdr map[string]string) *httptest.ResponseRecorder {
		h := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
		for k, v := range hdr {
			h[k] = v
		}
		return ts.do("POST", "/admin/login", strings.NewReader(vals.Encode()), h, false)
	}
	if w := form(url.Values{"token": {"lifa_wrong"}}, nil); w.Code != 401 || !strings.Contains(w.Body.String(), "管理令牌不正确") {
		t.Fatalf("wrong token: %d", w.Code)
	}
	if w := form(url.Values{"token": {ts.token}}, map[string]string{"Sec-Fetch-Site": "cross-site"}); w.Code != 403 {
		t.Fatalf("cross-site login: %d", w.Code)
	}
	w = form(url.Values{"token": {ts.token}, "next": {formPath}}, map[string]string{"Sec-Fetch-Site": "same-origin"})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != formPath {
		t.Fatalf("login: %d %q", w.Code, w.Header().Get("Location"))
	}
	var cookie string
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie && c.HttpOnly {
			cookie = c.Name + "=" + c.Value
			if strings.Contains(c.Value, ts.token) {
				t.Fatal("the session cookie holds the admin token")
			}
		}
	}
	if cookie == "" {
		t.Fatal("no HttpOnly session cookie")
	}
	w = ts.do("GET", formPath, nil, map[string]string{"Cookie": cookie}, false)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `enctype="multipart/form-data"`) {
		t.Fatalf("form page: %d", w.Code)
	}
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatal("the upload form has no CSRF token")
	}
	csrf := m[1]

	post := func(fields map[string]string, hdr map[string]string) *httptest.ResponseRecorder {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range fields {
			_ = mw.WriteField(k, v)
		}
		_ = mw.Close()
		h := map[string]string{"Content-Type": mw.FormDataContentType(), "Cookie": cookie}
		for k, v := range hdr {
			h[k] = v
		}
		return ts.do("POST", formPath, &buf, h, false)
	}
	text := "广州市湿地保护规定\n第一条　为了加强湿地保护，制定本规定。\n第二条　本规定自公布之日起施行。\n"
	if w := post(map[string]string{"stage": "consultation", "text": text}, nil); w.Code != 403 {
		t.Errorf("upload without the CSRF token: %d", w.Code)
	}
	if w := post(map[string]string{"stage": "consultation", "text": text}, map[string]string{"Sec-Fetch-Site": "cross-site"}); w.Code != 403 {
		t.Errorf("cross-site upload: %d", w.Code)
	}
	w = post(map[string]string{"stage": "consultation", "text": "没有条文", "csrf": csrf}, nil)
	if w.Code != 400 || !strings.Contains(w.Body.String(), `role="alert"`) || !strings.Contains(w.Body.String(), "没有条文</textarea>") {
		t.Errorf("refused upload: %d, form not shown again with the text", w.Code)
	}
	w = post(map[string]string{"stage": "consultation", "label": "征求意见稿", "text": text, "explanation": "精简为两条。", "csrf": csrf}, nil)
	if w.Code != http.StatusSeeOther || !strings.Contains(w.Header().Get("Location"), "/versions/preview?token=") {
		t.Fatalf("upload: %d %q %.300s", w.Code, w.Header().Get("Location"), w.Body)
	}
	preview := ts.do("GET", w.Header().Get("Location"), nil, map[string]string{"Cookie": cookie}, false)
	tok := regexp.MustCompile(`name="token" value="([0-9a-f]+)"`).FindStringSubmatch(preview.Body.String())
	if preview.Code != 200 || tok == nil || !strings.Contains(preview.Body.String(), "共 2 条") {
		t.Fatalf("preview: %d %.300s", preview.Code, preview.Body)
	}
	w = ts.do("POST", "/regulations/"+itoa(r.ID)+"/versions/confirm", strings.NewReader(url.Values{"csrf": {csrf}, "token": {tok[1]}}.Encode()),
		map[string]string{"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}, false)
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/versions/") {
		t.Fatalf("confirm: %d %q %.300s", w.Code, w.Header().Get("Location"), w.Body)
	}
	page := ts.get(w.Header().Get("Location")).Body.String()
	if !strings.Contains(page, "为了加强湿地保护，制定本规定。") {
		t.Error("uploaded text not on its page")
	}
	// logout clears the cookie and ends the session
	w = ts.do("POST", "/admin/logout", strings.NewReader("csrf="+csrf),
		map[string]string{"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}, false)
	if w.Code != http.StatusSeeOther || !strings.Contains(w.Header().Get("Set-Cookie"), "Max-Age=0") {
		t.Errorf("logout: %d %q", w.Code, w.Header().Get("Set-Cookie"))
	}
	if w := ts.do("GET", formPath, nil, map[string]string{"Cookie": cookie}, false); w.Code != http.StatusSeeOther {
		t.Errorf("the session still works after logout: %d", w.Code)
	}
}

func TestVersionPage_WarningsForStaff(t *testing.T) {
	ts := newTestServer(t)
	w := ts.postJSON("/api/v1/regulations", map[string]string{"title": "某某条例", "kind": "制定"}, true)
	if w.Code != 201 {
		t.Fatal(w.Body)
	}
	w = ts.postJSON("/api/v1/regulations/1/versions", map[string]string{"stage": "draft", "text": "某某条例\n第一条　甲。\n第三条　乙。\n"}, true)
	if w.Code != 201 {
		t.Fatal(w.Body)
	}
	if body := ts.get("/versions/1").Body.String(); strings.Contains(body, "解析提示") {
		t.Error("anonymous visitors see the parser's warnings")
	}
	cookie, _ := ts.adminSession(t)
	body := ts.do("GET", "/versions/1", nil, map[string]string{"Cookie": cookie}, false).Body.String()
	if !strings.Contains(body, "解析提示（1 条") || !strings.Contains(body, "缺少第二条") {
		t.Error("staff do not see the parser's warning")
	}
}
