package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/search"
)

// shenzhenWetland is another city's wetland rule: its 第一条 and 第二条
// reword Guangzhou's.
const shenzhenWetland = "# 深圳市湿地保护条例\n" +
	"第一条　为了加强湿地保护，维护湿地生态功能和生物多样性，促进湿地资源合理利用，改善生态环境，根据有关法律、法规，结合本市实际，制定本条例。\n" +
	"第二条　本条例适用于本市行政区域内湿地的保护、利用和管理活动。\n" +
	"第三条　本条例自2026年1月1日起施行。\n"

// similarFixture is a search server with Guangzhou's wetland rule and
// Shenzhen's, and the ids of Shenzhen's regulation and version and of
// Guangzhou's.
type similarFixture struct {
	*testServer
	sz, szVersion, gz, gzVersion int64
}

func newSimilarFixture(t *testing.T) similarFixture {
	t.Helper()
	ts := newSearchServer(t, false)
	gz, gzv := ts.mustCreate(t, "广州市湿地保护规定", "guangzhou-wetland-protection.md", "promulgated")
	w := ts.postJSON("/api/v1/regulations", map[string]string{"title": "深圳市湿地保护条例", "kind": "制定"}, true)
	var sz drafts.Regulation
	decode(t, w, &sz)
	w = ts.postJSON("/api/v1/regulations/"+itoa(sz.ID)+"/versions", map[string]string{"stage": "first-reading", "text": shenzhenWetland,
		"filename": "深圳.md"}, true)
	if w.Code != http.StatusCreated {
		t.Fatalf("version: %d %s", w.Code, w.Body)
	}
	var szv drafts.Version
	decode(t, w, &szv)
	return similarFixture{testServer: ts, sz: sz.ID, szVersion: szv.ID, gz: gz.ID, gzVersion: gzv.ID}
}

// similarJSON is what the API answers, as a client reads it.
type similarJSON struct {
	TookMS float64 `json:"took_ms"`
	Query  struct {
		RegulationTitle string `json:"regulation_title"`
		Text            string
	}
	Hits []struct {
		RegulationID    int64  `json:"regulation_id"`
		RegulationTitle string `json:"regulation_title"`
		VersionID       int64  `json:"version_id"`
		Stage           string
		Level, Region   string
		Article         struct {
			Num   int
			Label string
		}
		Similarity float64
		Text       string
		Diff       []struct{ Op, Text string }
	}
}

func TestSimilarAPI(t *testing.T) {
	f := newSimilarFixture(t)
	base := "/api/v1/versions/" + itoa(f.szVersion) + "/articles/"
	get := func(target string) similarJSON {
		t.Helper()
		w := f.get(target)
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", target, w.Code, w.Body)
		}
		var r similarJSON
		decode(t, w, &r)
		return r
	}
	r := get(base + "1/similar?limit=3")
	if len(r.Hits) == 0 || len(r.Hits) > 3 || r.TookMS <= 0 || r.Query.RegulationTitle != "深圳市湿地保护条例" {
		t.Fatalf("similar: %+v", r)
	}
	h := r.Hits[0]
	if h.RegulationID != f.gz || h.VersionID != f.gzVersion || h.Stage != "promulgated" || h.Article.Num != 1 ||
		h.Article.Label != "第一条" || h.Similarity < 0.8 || h.Similarity >= 1 || !strings.HasPrefix(h.Text, "为了加强湿地保护") {
		t.Errorf("first hit: %+v", h)
	}
	ops := map[string]string{}
	for _, op := range h.Diff {
		ops[op.Op] += op.Text
	}
	if !strings.Contains(ops["delete"], "条例") || !strings.Contains(ops["insert"], "可持续") || !strings.Contains(ops["equal"], "湿地生态功能") {
		t.Errorf("diff: %+v", ops)
	}
	// The article may be given as 第二条; its own regulation is left out.
	for _, h := range get(base + url.PathEscape("第二条") + "/similar").Hits {
		if h.RegulationID == f.sz {
			t.Errorf("own regulation among the hits: %+v", h)
		}
	}

	// Filters: level and region, once the regulation has them.
	if r := get(base + "1/similar?level=" + url.QueryEscape("法律,行政法规")); len(r.Hits) != 0 {
		t.Errorf("level=法律,行政法规: %d hits", len(r.Hits))
	}
	w := f.do(http.MethodPatch, "/api/v1/regulations/"+itoa(f.gz), strings.NewReader(`{"level":"地方性法规","region":"广州市"}`),
		map[string]string{"Content-Type": "application/json"}, true)
	if w.Code != http.StatusOK {
		t.Fatalf("PATCH level: %d %s", w.Code, w.Body)
	}
	// what lifa serve's follower does within half a second
	if _, err := f.search.Index().CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	r = get(base + "1/similar?level=" + url.QueryEscape("地方性法规") + "&region=" + url.QueryEscape("广州市"))
	if len(r.Hits) == 0 || r.Hits[0].RegulationID != f.gz || r.Hits[0].Level != "地方性法规" || r.Hits[0].Region != "广州市" {
		t.Errorf("level and region: %+v", r.Hits)
	}
	if r := get(base + "1/similar?region=" + url.QueryEscape("北京市")); len(r.Hits) != 0 {
		t.Errorf("region=北京市: %d hits", len(r.Hits))
	}

	// The superior-law basis answers too (nothing national is indexed).
	get(base + "1/basis")

	for target, want := range map[string]int{
		base + "1/similar?level=" + url.QueryEscape("部门规章"): http.StatusBadRequest,
		base + "1/similar?limit=500":                        http.StatusBadRequest,
		base + "abc/similar":                                http.StatusBadRequest,
		base + "9/similar":                                  http.StatusNotFound,
		"/api/v1/versions/999/articles/1/similar":           http.StatusNotFound,
	} {
		if w := f.get(target); w.Code != want {
			t.Errorf("GET %s: %d, want %d: %s", target, w.Code, want, w.Body)
		}
	}
}

func TestSimilar_IndexRebuilding(t *testing.T) {
	ts := newTestServer(t, WithSearchPending())
	_, v := ts.mustCreate(t, "广州市湿地保护规定", "guangzhou-wetland-protection.md", "promulgated")
	for _, target := range []string{"/api/v1/versions/" + itoa(v.ID) + "/articles/1/similar",
		"/versions/" + itoa(v.ID) + "/articles/1/similar/panel", "/versions/" + itoa(v.ID) + "/articles/1/similar"} {
		w := ts.get(target)
		if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" ||
			!strings.Contains(w.Body.String(), "检索索引正在重建，请稍后再试") {
			t.Errorf("GET %s while the index is rebuilt: %d %q\n%s", target, w.Code, w.Header().Get("Retry-After"), w.Body)
		}
	}
	// The version page itself is served, with the panel's link.
	if w := ts.get("/versions/" + itoa(v.ID)); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "/articles/1/similar\">类似规定") {
		t.Errorf("version page: %d", w.Code)
	}
}

func TestSimilarPages(t *testing.T) {
	f := newSimilarFixture(t)
	sz := "/versions/" + itoa(f.szVersion)

	// Every article of the version page has the panel's link.
	page := f.get(sz).Body.String()
	for _, want := range []string{`<a class="similar-link" href="` + sz + `/articles/1/similar">类似规定<span class="visually-hidden">（第一条）</span></a>`,
		`href="` + sz + `/articles/3/similar"`, `/static/similar.js?v=`} {
		if !strings.Contains(page, want) {
			t.Errorf("version page lacks %s", want)
		}
	}

	// The panel alone: a fragment, the hits with their diffs and the link
	// to the side-by-side view.
	w := f.get(sz + "/articles/1/similar/panel")
	panel := w.Body.String()
	beside := sz + "/articles/1/beside/" + itoa(f.gzVersion) + "/1"
	for _, want := range []string{`class="similar-body"`, `广州市湿地保护规定　第一条`, `<ins>可持续</ins>`, `href="` + beside + `"`,
		`href="` + sz + `/articles/1/similar">在单独页面查看更多`,
		`action="` + sz + `/articles/1/similar"`, `上位法依据`} {
		if !strings.Contains(panel, want) {
			t.Errorf("panel lacks %s", want)
		}
	}
	if w.Code != http.StatusOK || strings.Contains(panel, "<html") || strings.Contains(panel, "<del>") ||
		strings.Count(panel, `class="similar-hit"`) > search.PanelLimit {
		t.Errorf("panel: %d, a whole page: %v, <del>: %v, %d hits", w.Code, strings.Contains(panel, "<html"),
			strings.Contains(panel, "<del>"), strings.Count(panel, `class="similar-hit"`))
	}
	// The filters as asked; nothing matches.
	panel = f.get(sz + "/articles/1/similar/panel?level=" + url.QueryEscape("规章") + "&region=" + url.QueryEscape("广州市")).Body.String()
	for _, want := range []string{`value="规章" checked`, `value="广州市"`, "没有找到类似规定"} {
		if !strings.Contains(panel, want) {
			t.Errorf("filtered panel lacks %s", want)
		}
	}
	// A bad filter: the panel says why, with 400.
	if w := f.get(sz + "/articles/1/similar/panel?limit=x"); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "limit") {
		t.Errorf("bad filter: %d %s", w.Code, w.Body)
	}

	// The page: the article, then the panel's content.
	w = f.get(sz + "/articles/1/similar")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "为了加强湿地保护") || !strings.Contains(w.Body.String(), beside) {
		t.Errorf("similar page: %d", w.Code)
	}
	if w := f.get(sz + "/articles/1/similar?basis=1"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<h1>上位法依据</h1>") {
		t.Errorf("basis page: %d", w.Code)
	}

	// Side by side: both articles, their sources, the differences.
	w = f.get(beside)
	page = w.Body.String()
	for _, want := range []string{"深圳市湿地保护条例", "广州市湿地保护规定", `<span class="label">第一条</span>`, "<del>条例</del>",
		"相似度 ", `href="` + sz + `/articles/1/similar">返回类似规定`} {
		if !strings.Contains(page, want) {
			t.Errorf("side-by-side page lacks %s", want)
		}
	}
	if w.Code != http.StatusOK {
		t.Errorf("side by side: %d", w.Code)
	}
	if w := f.get(sz + "/articles/1/beside/" + itoa(f.gzVersion) + "/999"); w.Code != http.StatusNotFound {
		t.Errorf("unknown provision: %d", w.Code)
	}
}

// The consultation page has the 类似规定 link under every article too.
func TestSimilar_ConsultationPage(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	page := f.get("/consultations/" + itoa(f.cons.ID)).Body.String()
	want := `<a class="similar-link" href="/versions/` + itoa(f.version.ID) + `/articles/1/similar">类似规定<span class="visually-hidden">（第一条）</span></a>`
	if !strings.Contains(page, want) || !strings.Contains(page, "/static/similar.js?v=") {
		t.Errorf("consultation page lacks the 类似规定 link %s or similar.js", want)
	}
	if n, m := strings.Count(page, `class="similar-link"`), strings.Count(page, `class="cons-article"`); n != m || n == 0 {
		t.Errorf("%d 类似规定 links for %d articles", n, m)
	}
}

// Level and region are set when a project is created and shown on its page.
func TestRegulationLevelFields(t *testing.T) {
	ts := newTestServer(t)
	cookie, csrf := ts.adminSession(t)
	w := ts.do(http.MethodGet, "/regulations/new", nil, map[string]string{"Cookie": cookie}, false)
	for _, want := range []string{`<select id="reg-level" name="level">`, `<option value="地方性法规">地方性法规</option>`, `name="region"`} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("new regulation form lacks %s", want)
		}
	}
	form := url.Values{"csrf": {csrf}, "title": {"广州市湿地保护规定"}, "kind": {"制定"}, "level": {"地方性法规"}, "region": {"广州市"}}
	w = ts.do(http.MethodPost, "/regulations/new", strings.NewReader(form.Encode()), map[string]string{"Cookie": cookie,
		"Content-Type": "application/x-www-form-urlencoded"}, false)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	page := ts.get(w.Header().Get("Location")).Body.String()
	if !strings.Contains(page, "效力级别：地方性法规") || !strings.Contains(page, "地区：广州市") {
		t.Error("the regulation page does not show its level and region")
	}
	form.Set("level", "部门规章")
	w = ts.do(http.MethodPost, "/regulations/new", strings.NewReader(form.Encode()), map[string]string{"Cookie": cookie,
		"Content-Type": "application/x-www-form-urlencoded"}, false)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "效力级别须为") || !strings.Contains(w.Body.String(), `value="广州市"`) {
		t.Errorf("bad level: %d", w.Code)
	}
	// The API takes them too.
	w = ts.postJSON("/api/v1/regulations", map[string]string{"title": "某市停车场条例", "kind": "制定", "level": "规章", "region": "某市"}, true)
	var r drafts.Regulation
	decode(t, w, &r)
	if w.Code != http.StatusCreated || r.Level != drafts.LevelRule || r.Region != "某市" {
		t.Errorf("API: %d %+v", w.Code, r)
	}
}
