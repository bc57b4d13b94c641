package server

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/web/httpx"
)

// Two readings of a short regulation: the second rewords 第二条, splits
// 第三条 and adds an article.
var amendTexts = []string{
	"# 湿地条例\n第一条　为了保护湿地，制定本条例。\n第二条　本条例适用于本市行政区域内的湿地保护。\n" +
		"第三条　湿地保护应当遵循保护优先、科学修复、合理利用、持续发展的原则，任何单位和个人不得破坏湿地。\n第四条　本条例自公布之日起施行。\n",
	"# 湿地条例\n第一条　为了保护湿地，制定本条例。\n第二条　本条例适用于本市行政区域内湿地的保护、修复和利用。\n" +
		"第三条　湿地保护应当遵循保护优先、科学修复、合理利用、持续发展的原则。\n第四条　任何单位和个人不得破坏湿地。\n" +
		"第五条　市人民政府应当将湿地保护纳入国民经济和社会发展规划。\n第六条　本条例自公布之日起施行。\n",
}

// amendProject creates 湿地条例 with the readings in texts and returns the
// regulation's id and the versions' ids.
func amendProject(t *testing.T, ts *testServer, texts ...string) (int64, []int64) {
	t.Helper()
	w := ts.postJSON("/api/v1/regulations", map[string]any{"title": "湿地条例", "kind": "修订", "allow_duplicate": true}, true)
	if w.Code != http.StatusCreated {
		t.Fatalf("create regulation: %d %s", w.Code, w.Body)
	}
	var r drafts.Regulation
	decode(t, w, &r)
	var ids []int64
	for i, text := range texts {
		w := ts.postJSON("/api/v1/regulations/"+itoa(r.ID)+"/versions", map[string]string{
			"stage": []string{"first-reading", "second-reading", "third-reading"}[i], "text": text, "filename": "湿地.md"}, true)
		if w.Code != http.StatusCreated {
			t.Fatalf("version %d: %d %s", i+1, w.Code, w.Body)
		}
		var v drafts.Version
		decode(t, w, &v)
		ids = append(ids, v.ID)
	}
	return r.ID, ids
}

// versionCount is how many versions regulation id has.
func versionCount(t *testing.T, ts *testServer, id int64) int {
	t.Helper()
	var out struct {
		Versions []drafts.Version `json:"versions"`
	}
	decode(t, ts.get("/api/v1/regulations/"+itoa(id)+"/versions"), &out)
	return len(out.Versions)
}

func TestAmendmentAPI(t *testing.T) {
	ts := newTestServer(t)
	reg, vs := amendProject(t, ts, amendTexts...)
	base := "/api/v1/regulations/" + itoa(reg) + "/amendment"

	w := ts.get(base + "?date=2025-12-17&body=" + url.QueryEscape("广州市人民代表大会常务委员会"))
	if w.Code != http.StatusOK {
		t.Fatalf("amendment: %d %s", w.Code, w.Body)
	}
	var a struct {
		From, To int64
		Decision struct {
			Title   string
			Adopted string
			Items   []struct {
				Num  int
				Text string
				Ops  []struct{ Form string }
			}
		}
	}
	decode(t, w, &a)
	if a.From != vs[0] || a.To != vs[1] || !strings.HasPrefix(a.Decision.Title, "广州市人民代表大会常务委员会关于修改《湿地条例》") ||
		!strings.HasPrefix(a.Decision.Adopted, "2025年12月17日") || len(a.Decision.Items) != 3 {
		t.Fatalf("decision: %+v", a)
	}
	if it := a.Decision.Items[0]; it.Num != 1 || len(it.Ops) == 0 || !strings.Contains(it.Text, "第二条") {
		t.Errorf("first item: %+v", it)
	}

	w = ts.get(base + "?format=text")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") ||
		!strings.Contains(w.Body.String(), "\n一、") || !strings.Contains(w.Body.String(), "\n三、增加一条，作为第五条") {
		t.Errorf("text: %d %s\n%s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	w = ts.get(base + "?format=docx&from=" + itoa(vs[0]) + "&to=" + itoa(vs[1]))
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Type"), "wordprocessingml") ||
		!bytes.HasPrefix(w.Body.Bytes(), []byte("PK")) || !strings.Contains(w.Header().Get("Content-Disposition"), "attachment") {
		t.Errorf("docx: %d %s %s", w.Code, w.Header().Get("Content-Type"), w.Header().Get("Content-Disposition"))
	}
	for target, want := range map[string]int{
		base + "?format=pdf":                http.StatusBadRequest,
		base + "?from=abc":                  http.StatusBadRequest,
		base + "?from=" + itoa(vs[1]+50):    http.StatusNotFound,
		"/api/v1/regulations/999/amendment": http.StatusNotFound,
	} {
		if w := ts.get(target); w.Code != want {
			t.Errorf("GET %s: %d, want %d", target, w.Code, want)
		}
	}
	single, _ := amendProject(t, ts, amendTexts[0])
	if w := ts.get("/api/v1/regulations/" + itoa(single) + "/amendment"); w.Code != http.StatusBadRequest {
		t.Errorf("one version: %d %s", w.Code, w.Body)
	}
}

func TestApplyDecisionAPI(t *testing.T) {
	ts := newTestServer(t)
	reg, vs := amendProject(t, ts, amendTexts...)
	dec := ts.get("/api/v1/regulations/" + itoa(reg) + "/amendment?format=text").Body.String()
	apply := "/api/v1/versions/" + itoa(vs[0]) + "/apply"

	type result struct {
		Applies     bool
		Failed      int
		AmendedText string `json:"amended_text"`
		Items       []struct {
			Num      int
			Problems []string
		}
		Version *drafts.Version
		Error   *httpx.ErrorBody
	}
	// Staff only.
	if w := ts.postJSON(apply, map[string]any{"text": dec, "dry_run": true}, false); w.Code != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", w.Code)
	}
	// A dry run reports and creates nothing.
	w := ts.postJSON(apply+"?dry_run=true", map[string]any{"text": dec}, true)
	var r result
	decode(t, w, &r)
	if w.Code != http.StatusOK || !r.Applies || r.Failed != 0 || len(r.Items) != 3 || r.Version != nil ||
		!strings.Contains(r.AmendedText, "第五条　市人民政府应当将湿地保护纳入") {
		t.Fatalf("dry run: %d %+v", w.Code, r)
	}
	// Multipart, the decision as a file, dry_run as a field.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("dry_run", "true")
	fw, _ := mw.CreateFormFile("file", "决定.txt")
	_, _ = fw.Write([]byte(dec))
	_ = mw.Close()
	w = ts.do(http.MethodPost, apply, &body, map[string]string{"Content-Type": mw.FormDataContentType()}, true)
	r = result{}
	decode(t, w, &r)
	if w.Code != http.StatusOK || !r.Applies || len(r.Items) != 3 {
		t.Errorf("multipart dry run: %d %s", w.Code, w.Body)
	}
	if n := versionCount(t, ts, reg); n != 2 {
		t.Fatalf("%d versions after dry runs, want 2", n)
	}

	// Without a stage: refused.
	if w := ts.postJSON(apply, map[string]any{"text": dec}, true); w.Code != http.StatusBadRequest {
		t.Errorf("no stage: %d %s", w.Code, w.Body)
	}
	// An item that cannot be applied: 409 with its reason, nothing created.
	bad := strings.Replace(dec, "将第二条", "将第十二条", 1)
	w = ts.postJSON(apply, map[string]any{"text": bad, "stage": "promulgated"}, true)
	r = result{}
	decode(t, w, &r)
	if w.Code != http.StatusConflict || r.Applies || r.Failed != 1 || r.Version != nil || r.Error == nil || r.Error.Code != drafts.ECONFLICT ||
		len(r.Items[0].Problems) == 0 || !strings.Contains(r.Items[0].Problems[0], "第十二条") {
		t.Errorf("bad decision: %d %s", w.Code, w.Body)
	}
	if n := versionCount(t, ts, reg); n != 2 {
		t.Fatalf("%d versions after a refused decision, want 2", n)
	}
	for name, body := range map[string]any{
		"empty":         map[string]any{"text": ""},
		"unknown field": map[string]any{"text": dec, "stages": "x"},
		"dry_run":       map[string]any{"text": dec, "dry_run": "maybe"},
	} {
		if w := ts.postJSON(apply, body, true); w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
		}
	}

	// Every item applies: the amended text is the next version.
	w = ts.postJSON(apply, map[string]any{"text": dec, "stage": "公布", "label": "2025年修正", "date": "2025-12-17"}, true)
	r = result{}
	decode(t, w, &r)
	if w.Code != http.StatusCreated || r.Version == nil || r.Version.Seq != 3 || r.Version.StageName != "公布" ||
		w.Header().Get("Location") != "/api/v1/versions/"+itoa(r.Version.ID) {
		t.Fatalf("apply: %d %s", w.Code, w.Body)
	}
	var doc drafts.Document
	decode(t, ts.get("/api/v1/versions/"+itoa(r.Version.ID)+"/document"), &doc)
	var want drafts.Document
	decode(t, ts.get("/api/v1/versions/"+itoa(vs[1])+"/document"), &want)
	if len(doc.Articles) != len(want.Articles) {
		t.Fatalf("amended text: %d articles, want %d", len(doc.Articles), len(want.Articles))
	}
	for i := range want.Articles {
		if doc.Articles[i].Text != want.Articles[i].Text {
			t.Errorf("%s: %q, want %q", want.Articles[i].Label, doc.Articles[i].Text, want.Articles[i].Text)
		}
	}
}

func TestAmendmentPages(t *testing.T) {
	ts := newTestServer(t)
	reg, vs := amendProject(t, ts, amendTexts...)
	cookie, csrf := ts.adminSession(t)
	session := map[string]string{"Cookie": cookie}

	// The 对照表 links to the decision; the decision page links its downloads.
	w := ts.get("/regulations/" + itoa(reg) + "/compare")
	link := `/regulations/` + itoa(reg) + `/amendment?from=` + itoa(vs[0]) + `&amp;to=` + itoa(vs[1])
	if !strings.Contains(w.Body.String(), link+`">生成修改决定</a>`) {
		t.Errorf("the 对照表 lacks the link %s", link)
	}
	w = ts.get("/regulations/" + itoa(reg) + "/amendment?meeting=" + url.QueryEscape("第三十次会议") + "&date=2025-12-17")
	page := w.Body.String()
	for _, want := range []string{"关于修改《湿地条例》的决定", "（2025年12月17日第三十次会议通过）", "一、",
		`/amendment?date=2025-12-17&amp;from=` + itoa(vs[0]) + `&amp;meeting=%E7%AC%AC`, `&amp;format=docx">下载 Word`} {
		if !strings.Contains(page, want) {
			t.Errorf("decision page lacks %q", want)
		}
	}

	// The version page offers staff the action, and nobody else.
	if strings.Contains(ts.get("/versions/"+itoa(vs[0])).Body.String(), "依修改决定生成修正文本") {
		t.Error("the public sees 依修改决定生成修正文本")
	}
	w = ts.do(http.MethodGet, "/versions/"+itoa(vs[0]), nil, session, false)
	if !strings.Contains(w.Body.String(), `href="/versions/`+itoa(vs[0])+`/apply">依修改决定生成修正文本`) {
		t.Error("staff do not see 依修改决定生成修正文本")
	}
	if w := ts.get("/versions/" + itoa(vs[0]) + "/apply"); w.Code != http.StatusSeeOther && w.Code != http.StatusUnauthorized {
		t.Errorf("anonymous apply form: %d", w.Code)
	}

	post := func(path string, form url.Values) *httptest.ResponseRecorder {
		form.Set("csrf", csrf)
		return ts.do(http.MethodPost, path, strings.NewReader(form.Encode()), map[string]string{
			"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}, false)
	}
	dec := ts.get("/api/v1/regulations/" + itoa(reg) + "/amendment?format=text").Body.String()
	applyURL := "/versions/" + itoa(vs[0]) + "/apply"

	// A decision with a wrong item: the report says which, offers no
	// confirmation, and nothing is created.
	w = post(applyURL, url.Values{"text": {strings.Replace(dec, "将第二条", "将第十二条", 1)}})
	page = w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(page, "其中 1 项不能适用") || !strings.Contains(page, "第十二条") ||
		strings.Contains(page, "/apply/confirm") {
		t.Errorf("report of a bad decision: %d\n%s", w.Code, page)
	}
	// The report of a good one lists every item and asks to confirm.
	w = post(applyURL, url.Values{"text": {dec}})
	page = w.Body.String()
	if w.Code != http.StatusOK || strings.Count(page, "可以适用</span>") != 3 || !strings.Contains(page, `action="/versions/`+itoa(vs[0])+`/apply/confirm"`) {
		t.Errorf("report: %d\n%s", w.Code, page)
	}
	if n := versionCount(t, ts, reg); n != 2 {
		t.Fatalf("%d versions after the reports, want 2", n)
	}
	// Confirmed: the new version, and the browser is sent to it.
	w = post(applyURL+"/confirm", url.Values{"text": {dec}, "stage": {"promulgated"}, "label": {"2025年修正"}})
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/versions/") {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	if n := versionCount(t, ts, reg); n != 3 {
		t.Errorf("%d versions after confirming, want 3", n)
	}
	// A confirmation with a wrong stage shows the report again.
	w = post(applyURL+"/confirm", url.Values{"text": {dec}, "stage": {"第九稿"}})
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "未知的阶段") || !strings.Contains(w.Body.String(), "可以适用") {
		t.Errorf("wrong stage: %d %s", w.Code, w.Body)
	}
}
