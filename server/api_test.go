package server

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lifa/drafts"
)

func TestErrors_JSONAndHTML(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name, method, target, body string
		auth                       bool
		status                     int
		code                       string
	}{
		{"unknown API route", "GET", "/api/v1/nothing", "", false, 404, drafts.ENOTFOUND},
		{"missing regulation", "GET", "/api/v1/regulations/999", "", false, 404, drafts.ENOTFOUND},
		{"bad id", "GET", "/api/v1/regulations/abc", "", false, 400, drafts.EINVALID},
		{"bad version id", "GET", "/api/v1/versions/abc", "", false, 400, drafts.EINVALID},
		{"negative id", "GET", "/api/v1/versions/-3", "", false, 400, drafts.EINVALID},
		{"wrong method", "DELETE", "/api/v1/regulations/1", "", true, 405, drafts.EMETHOD},
		{"wrong method on a list", "PUT", "/api/v1/regulations", "", true, 405, drafts.EMETHOD},
		{"write without token", "POST", "/api/v1/regulations", `{"title":"x","kind":"制定"}`, false, 401, drafts.EUNAUTHORIZED},
		{"bad JSON", "POST", "/api/v1/regulations", `{"title":`, true, 400, drafts.EINVALID},
		{"unknown field", "POST", "/api/v1/regulations", `{"name":"x"}`, true, 400, drafts.EINVALID},
		{"empty title", "POST", "/api/v1/regulations", `{"title":"","kind":"制定"}`, true, 400, drafts.EINVALID},
		{"bad kind", "POST", "/api/v1/regulations", `{"title":"某条例","kind":"改写"}`, true, 400, drafts.EINVALID},
		{"patch missing", "PATCH", "/api/v1/regulations/42", `{"status":"已通过"}`, true, 404, drafts.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body *strings.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			} else {
				body = strings.NewReader("")
			}
			w := ts.do(tt.method, tt.target, body, map[string]string{"Content-Type": "application/json"}, tt.auth)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			e := apiErr(t, w)
			if e.Code != tt.code || e.Message == "" || e.RequestID == "" {
				t.Errorf("error = %+v, want code %s with a message and request id", e, tt.code)
			}
			if !containsHan(e.Message) {
				t.Errorf("message %q is not Chinese", e.Message)
			}
		})
	}

	t.Run("wrong token", func(t *testing.T) {
		req := map[string]string{"Content-Type": "application/json", "Authorization": "Bearer lifa_wrong"}
		w := ts.do("POST", "/api/v1/regulations", strings.NewReader(`{"title":"x","kind":"制定"}`), req, false)
		if w.Code != 401 || w.Header().Get("WWW-Authenticate") == "" {
			t.Fatalf("status %d, WWW-Authenticate %q", w.Code, w.Header().Get("WWW-Authenticate"))
		}
	})
	t.Run("405 names the methods", func(t *testing.T) {
		w := ts.do("DELETE", "/api/v1/regulations/1", nil, nil, true)
		if w.Header().Get("Allow") != "GET, PATCH" && w.Header().Get("Allow") != "PATCH, GET" {
			t.Errorf("Allow = %q", w.Header().Get("Allow"))
		}
		if e := apiErr(t, w); !strings.Contains(e.Message, "DELETE") || !strings.Contains(e.Message, "GET") {
			t.Errorf("message %q", e.Message)
		}
		w = ts.do("PUT", "/versions/1", nil, map[string]string{"Accept": "text/html"}, false)
		if w.Code != 405 || !strings.Contains(w.Body.String(), "不支持的请求方法") {
			t.Errorf("HTML 405: %d %.300s", w.Code, w.Body)
		}
	})
	t.Run("HTML 404 page", func(t *testing.T) {
		w := ts.do("GET", "/no/such/page", nil, map[string]string{"Accept": "text/html"}, false)
		if w.Code != 404 || !strings.Contains(w.Body.String(), "页面不存在") ||
			!strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			t.Fatalf("status %d type %q body %.200s", w.Code, w.Header().Get("Content-Type"), w.Body)
		}
	})
	t.Run("HTML missing version", func(t *testing.T) {
		w := ts.get("/versions/12345")
		if w.Code != 404 || !strings.Contains(w.Body.String(), "<html") {
			t.Fatalf("status %d body %.200s", w.Code, w.Body)
		}
	})
}

func containsHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func TestBodyLimit(t *testing.T) {
	ts := newTestServer(t)
	ts.cfg.MaxBodyBytes = 64 << 10
	r, _ := ts.mustCreate(t, "广州市湿地保护规定", "guangzhou-wetland-protection.md", "consultation")
	big := bytes.Repeat([]byte("第一条　这是一段很长的文字。\n"), 10000) // ~390 KB
	w := ts.upload(r.ID, "big.txt", big, nil, true)
	if w.Code != http.StatusRequestEntityTooLarge || apiErr(t, w).Code != drafts.ETOOLARGE {
		t.Fatalf("multipart: status %d %s", w.Code, w.Body)
	}
	ts.cfg.MaxBodyBytes = 20 << 20
	ts.cfg.MaxJSONBytes = 1 << 10
	w = ts.postJSON("/api/v1/regulations/1/versions", map[string]string{"text": string(big)}, true)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("JSON: status %d %s", w.Code, w.Body)
	}
}

func TestRegulations_API(t *testing.T) {
	ts := newTestServer(t)
	w := ts.postJSON("/api/v1/regulations", map[string]string{"title": "广州市停车场条例（修订）", "kind": "修订",
		"committee": "城建环保工作委员会"}, true)
	if w.Code != http.StatusCreated || w.Header().Get("Location") != "/api/v1/regulations/1" {
		t.Fatalf("create: %d %s %q", w.Code, w.Body, w.Header().Get("Location"))
	}
	var r drafts.Regulation
	decode(t, w, &r)
	if r.ID != 1 || r.Kind != drafts.KindRevise || r.Committee != "城建环保工作委员会" {
		t.Errorf("created %+v", r)
	}

	var list struct{ Regulations []drafts.Regulation }
	decode(t, ts.get("/api/v1/regulations"), &list)
	if len(list.Regulations) != 1 || list.Regulations[0].Title != "广州市停车场条例（修订）" {
		t.Errorf("list = %+v", list)
	}

	w = ts.do("PATCH", "/api/v1/regulations/1", strings.NewReader(`{"status":"审议中"}`),
		map[string]string{"Content-Type": "application/json"}, true)
	if w.Code != 200 {
		t.Fatalf("patch: %d %s", w.Code, w.Body)
	}
	decode(t, ts.get("/api/v1/regulations/1"), &r)
	if r.Status != "审议中" || r.Title != "广州市停车场条例（修订）" {
		t.Errorf("after patch: %+v", r)
	}

	var stages struct{ Stages []drafts.Stage }
	decode(t, ts.get("/api/v1/stages"), &stages)
	if len(stages.Stages) < 9 || stages.Stages[2].Name != "一审稿" {
		t.Errorf("stages = %+v", stages)
	}
}

func TestVersions_API(t *testing.T) {
	ts := newTestServer(t)
	r, v := ts.mustCreate(t, "广州市湿地保护规定", "guangzhou-wetland-protection.md", "consultation")
	if v.Articles != 64 || v.StageName != "征求意见稿" || v.Label != "测试稿" || v.UploadedBy != "admin" || v.Format != "markdown" {
		t.Errorf("version = %+v", v)
	}

	t.Run("docx", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join("testdata", "guangzhou-wetland-protection.docx"))
		if err != nil {
			t.Fatal(err)
		}
		w := ts.upload(r.ID, "湿地.docx", data, map[string]string{"stage": "一审稿"}, true)
		if w.Code != 201 {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		var dv drafts.Version
		decode(t, w, &dv)
		if dv.Format != "docx" || dv.Articles != 64 || dv.Seq != 2 || dv.Stage != "first-reading" {
			t.Errorf("docx version = %+v", dv)
		}
		f := ts.get("/api/v1/versions/" + itoa(dv.ID) + "/file")
		if f.Code != 200 || !bytes.Equal(f.Body.Bytes(), data) || !strings.Contains(f.Header().Get("Content-Disposition"), "attachment") {
			t.Errorf("file: %d, %d bytes, %q", f.Code, f.Body.Len(), f.Header().Get("Content-Disposition"))
		}
	})

	t.Run("JSON text", func(t *testing.T) {
		w := ts.postJSON("/api/v1/regulations/1/versions", map[string]string{"stage": "second-reading",
			"text": "某某条例\n第一条　为了测试，制定本条例。\n第二条　本条例自公布之日起施行。\n", "explanation": "删去两条。"}, true)
		if w.Code != 201 {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		var jv drafts.Version
		decode(t, w, &jv)
		if jv.Articles != 2 || jv.Explanation != "删去两条。" {
			t.Errorf("json version = %+v", jv)
		}
	})

	t.Run("refused uploads", func(t *testing.T) {
		for name, w := range map[string]interface{ Result() *http.Response }{
			"pdf":         ts.upload(r.ID, "a.pdf", []byte("%PDF-1.4"), map[string]string{"stage": "draft"}, true),
			"no articles": ts.upload(r.ID, "a.txt", []byte("这不是法规文本。"), map[string]string{"stage": "draft"}, true),
			"no file":     ts.upload(r.ID, "", nil, map[string]string{"stage": "draft"}, true),
			"bad stage":   ts.upload(r.ID, "a.txt", []byte("第一条　测试。"), map[string]string{"stage": "第五审"}, true),
			"no stage":    ts.upload(r.ID, "a.txt", []byte("第一条　测试。"), nil, true),
		} {
			if res := w.Result(); res.StatusCode != 400 {
				t.Errorf("%s: status %d", name, res.StatusCode)
			}
		}
		if w := ts.upload(r.ID, "a.txt", []byte("第一条　测试。"), map[string]string{"stage": "draft"}, false); w.Code != 401 {
			t.Errorf("upload without token: %d", w.Code)
		}
		if w := ts.upload(999, "a.txt", []byte("第一条　测试。"), map[string]string{"stage": "draft"}, true); w.Code != 404 {
			t.Errorf("upload to missing regulation: %d %s", w.Code, w.Body)
		}
	})

	var list struct{ Versions []drafts.Version }
	decode(t, ts.get("/api/v1/regulations/1/versions"), &list)
	if len(list.Versions) != 3 || list.Versions[0].ID != v.ID || list.Versions[0].Document != nil {
		t.Fatalf("versions = %+v", list.Versions)
	}

	var got drafts.Version
	decode(t, ts.get("/api/v1/versions/"+itoa(v.ID)), &got)
	if got.SHA256 != v.SHA256 || got.Document != nil {
		t.Errorf("get version = %+v", got)
	}

	var doc drafts.Document
	decode(t, ts.get("/api/v1/versions/"+itoa(v.ID)+"/document"), &doc)
	if doc.Title != "广州市湿地保护规定" || len(doc.Articles) != 64 || len(doc.Chapters) == 0 {
		t.Errorf("document: %q, %d articles, %d chapters", doc.Title, len(doc.Articles), len(doc.Chapters))
	}

	var art drafts.Article
	decode(t, ts.get("/api/v1/versions/"+itoa(v.ID)+"/articles/1"), &art)
	if art.Label != "第一条" || !strings.HasPrefix(art.Text, "为了加强湿地保护") {
		t.Errorf("article 1 = %+v", art)
	}
	if w := ts.get("/api/v1/versions/" + itoa(v.ID) + "/articles/10-1"); w.Code != 404 {
		t.Errorf("第十条之一: %d", w.Code)
	}
	if w := ts.get("/api/v1/versions/" + itoa(v.ID) + "/articles/x"); w.Code != 400 {
		t.Errorf("bad article: %d", w.Code)
	}
}
