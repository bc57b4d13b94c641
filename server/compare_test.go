package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"lifa/drafts"
)

// Three readings of a small regulation: the second inserts an article and
// amends one whose cross-reference follows the renumbering; the third
// deletes an article.
var compareReadings = []string{
	`# 某市停车场条例

第一条 为了规范停车场的使用和管理，制定本条例。

第二条 本条例适用于本市行政区域内停车场的规划、建设、使用和管理。

第三条 市交通行政主管部门负责本市停车场的监督管理工作。

第四条 违反本条例第三条规定的，由交通行政主管部门责令改正。

第五条 本条例自2020年1月1日起施行。
`,
	`# 某市停车场条例

第一条 为了规范停车场的使用和管理，制定本条例。

第二条 本条例适用于本市行政区域内停车场的规划、建设、使用和管理。

第三条 市、区人民政府应当加强停车场工作的组织领导，建立健全综合协调机制。

第四条 市交通运输行政主管部门负责本市停车场的监督管理工作。

第五条 违反本条例第四条规定的，由交通行政主管部门责令改正。

第六条 本条例自2020年1月1日起施行。
`,
	`# 某市停车场条例

第一条 为了规范停车场的使用和管理，制定本条例。

第二条 市、区人民政府应当加强停车场工作的组织领导，建立健全综合协调机制。

第三条 市交通运输行政主管部门负责本市停车场的监督管理工作。

第四条 违反本条例第三条规定的，由交通行政主管部门责令改正。

第五条 本条例自2026年1月1日起施行。
`,
}

// mustReadings creates a regulation with the three readings and returns
// its id and the version ids.
func mustReadings(t *testing.T, ts *testServer) (int64, []int64) {
	t.Helper()
	w := ts.postJSON("/api/v1/regulations", map[string]string{"title": "某市停车场条例", "kind": "修订"}, true)
	if w.Code != http.StatusCreated {
		t.Fatalf("create regulation: %d %s", w.Code, w.Body)
	}
	var r drafts.Regulation
	decode(t, w, &r)
	var ids []int64
	for i, text := range compareReadings {
		stage := []string{"draft", "first-reading", "second-reading"}[i]
		w := ts.upload(r.ID, fmt.Sprintf("r%d.md", i+1), []byte(text), map[string]string{"stage": stage, "label": fmt.Sprintf("第%d稿", i+1)}, true)
		if w.Code != http.StatusCreated {
			t.Fatalf("upload reading %d: %d %s", i+1, w.Code, w.Body)
		}
		var v drafts.Version
		decode(t, w, &v)
		ids = append(ids, v.ID)
	}
	return r.ID, ids
}

func TestCompare_API(t *testing.T) {
	ts := newTestServer(t)
	reg, vs := mustReadings(t, ts)

	w := ts.get(fmt.Sprintf("/api/v1/regulations/%d/compare?from=%d&to=%d", reg, vs[0], vs[1]))
	if w.Code != http.StatusOK {
		t.Fatalf("compare: %d %s", w.Code, w.Body)
	}
	var got struct {
		From, To int64
		Old, New struct{ Articles int }
		Stats    map[string]int
		Changes  []struct {
			Kind           string
			Old, New       []struct{ Num int }
			Similarity     float64
			Diff           []struct{ Op, Text string }
			RefsRenumbered bool `json:"refs_renumbered"`
		}
	}
	decode(t, w, &got)
	if got.From != vs[0] || got.To != vs[1] || got.Old.Articles != 5 || got.New.Articles != 6 {
		t.Errorf("sides = %+v", got)
	}
	want := map[string]int{"unchanged": 2, "renumbered": 2, "modified": 1, "added": 1}
	for k, n := range want {
		if got.Stats[k] != n {
			t.Errorf("stats[%s] = %d, want %d (%v)", k, got.Stats[k], n, got.Stats)
		}
	}
	if len(got.Changes) != 6 || got.Changes[2].Kind != "added" || len(got.Changes[2].Old) != 0 || got.Changes[2].New[0].Num != 3 {
		t.Errorf("changes = %+v", got.Changes)
	}
	if c := got.Changes[4]; c.Kind != "renumbered" || !c.RefsRenumbered || c.Old[0].Num != 4 || c.New[0].Num != 5 {
		t.Errorf("renumbered reference: %+v", c)
	}
	if c := got.Changes[3]; c.Kind != "modified" || c.Similarity <= 0.5 || !strings.Contains(fmt.Sprint(c.Diff), "insert 运输") {
		t.Errorf("modified: %+v", c)
	}

	// Default: the last two versions.
	w = ts.get(fmt.Sprintf("/api/v1/regulations/%d/compare", reg))
	decode(t, w, &got)
	if w.Code != http.StatusOK || got.From != vs[1] || got.To != vs[2] || got.Stats["deleted"] != 1 {
		t.Errorf("default compare: %d from %d to %d stats %v", w.Code, got.From, got.To, got.Stats)
	}

	for _, tc := range []struct {
		target string
		status int
	}{
		{fmt.Sprintf("/api/v1/regulations/%d/compare?to=999999", reg), http.StatusNotFound},
		{fmt.Sprintf("/api/v1/regulations/%d/compare?from=x", reg), http.StatusBadRequest},
		{"/api/v1/regulations/999999/compare", http.StatusNotFound},
		{fmt.Sprintf("/api/v1/regulations/%d/history?version=%d", reg, vs[0]), http.StatusBadRequest},
		{fmt.Sprintf("/api/v1/regulations/%d/history?version=%d&article=99", reg, vs[0]), http.StatusNotFound},
	} {
		if w := ts.get(tc.target); w.Code != tc.status {
			t.Errorf("GET %s = %d, want %d: %s", tc.target, w.Code, tc.status, w.Body)
		}
	}
}

func TestCompare_history(t *testing.T) {
	ts := newTestServer(t)
	reg, vs := mustReadings(t, ts)
	// 第三条 of the last reading: 第三条 → 第四条 (modified) → 第三条.
	w := ts.get(fmt.Sprintf("/api/v1/regulations/%d/history?version=%d&article=3", reg, vs[2]))
	if w.Code != http.StatusOK {
		t.Fatalf("history: %d %s", w.Code, w.Body)
	}
	var got struct {
		Steps []struct {
			Articles []struct{ Label string }
			Kind     string
		}
	}
	decode(t, w, &got)
	var labels, kinds []string
	for _, s := range got.Steps {
		l := ""
		if len(s.Articles) > 0 {
			l = s.Articles[0].Label
		}
		labels = append(labels, l)
		kinds = append(kinds, s.Kind)
	}
	if fmt.Sprint(labels) != "[第三条 第四条 第三条]" || fmt.Sprint(kinds) != "[ modified renumbered]" {
		t.Errorf("history labels %v kinds %v", labels, kinds)
	}
	// 第二条 of the second reading was added there: absent before.
	w = ts.get(fmt.Sprintf("/regulations/%d/history?version=%d&article=3", reg, vs[1]))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "此版本中没有这一条") {
		t.Errorf("history page: %d %s", w.Code, w.Body)
	}
}

func TestCompare_pages(t *testing.T) {
	ts := newTestServer(t)
	reg, vs := mustReadings(t, ts)
	page := fmt.Sprintf("/regulations/%d/compare?from=%d&to=%d", reg, vs[0], vs[1])
	w := ts.get(page)
	body := w.Body.String()
	if w.Code != http.StatusOK {
		t.Fatalf("page: %d %s", w.Code, body)
	}
	for _, want := range []string{"修改前后对照表", "<ins>运输</ins>", `id="c-art-3"`, "data-changed", `<details class="fold">`,
		"/compare/assets/diff.css", "/compare/assets/diff.js", `name="from"`, "compare/docx?", "沿革"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "style=") || strings.Contains(body, "<script>") {
		t.Errorf("page has inline style or script (CSP forbids them)")
	}
	w = ts.get(page + "&view=inline")
	if !strings.Contains(w.Body.String(), "lifa-compare inline") {
		t.Errorf("inline view not rendered")
	}
	w = ts.get(fmt.Sprintf("/regulations/%d/compare/docx?from=%d&to=%d", reg, vs[0], vs[1]))
	if w.Code != http.StatusOK || !bytes.HasPrefix(w.Body.Bytes(), []byte("PK")) ||
		!strings.Contains(w.Header().Get("Content-Type"), "wordprocessingml") {
		t.Errorf("docx: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	for _, a := range []string{"/compare/assets/diff.css", "/compare/assets/diff.js"} {
		if w := ts.get(a); w.Code != http.StatusOK || w.Body.Len() < 100 {
			t.Errorf("%s: %d", a, w.Code)
		}
	}
}

// TestBrowser_Compare opens a comparison page of the demo data, finds a
// highlighted change and moves to it with the j key.
func TestBrowser_Compare(t *testing.T) {
	ctx := newBrowser(t)
	base, s := startDemoServer(t)
	regs, err := s.store.ListRegulations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var reg int64
	for _, r := range regs {
		vs, err := s.store.Versions(context.Background(), r.ID)
		if err == nil && len(vs) >= 2 {
			reg = r.ID
			break
		}
	}
	if reg == 0 {
		t.Skip("no demo regulation with two versions")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/regulations/%d/compare", base, reg)),
		chromedp.WaitVisible(chromedp.CSS(".lifa-compare .summary"))); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".lifa-compare ins, .lifa-compare del").length`))
	if err != nil || n == 0 {
		t.Fatalf("highlighted changes: %d, %v", n, err)
	}
	deco, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".lifa-compare ins, .lifa-compare del")).textDecorationLine`))
	if err != nil || (deco != "underline" && deco != "line-through") {
		t.Errorf("change marked by %q, want underline or line-through (%v)", deco, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("j")); err != nil {
		t.Fatal(err)
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.hasAttribute("data-changed")`))
	if err != nil || !focused {
		t.Errorf("j did not move to a change: %v %v", focused, err)
	}
}

// TestCompare_cache checks that a comparison is computed once and then
// served from the cache to the JSON, page and .docx routes alike, and that
// the cache stays bounded.
func TestCompare_cache(t *testing.T) {
	ts := newTestServer(t)
	reg, vs := mustReadings(t, ts)
	q := fmt.Sprintf("from=%d&to=%d", vs[0], vs[1])
	for i, target := range []string{
		fmt.Sprintf("/api/v1/regulations/%d/compare?%s", reg, q),
		fmt.Sprintf("/regulations/%d/compare?%s", reg, q),
		fmt.Sprintf("/regulations/%d/compare/docx?%s", reg, q),
		fmt.Sprintf("/api/v1/regulations/%d/compare?%s", reg, q),
	} {
		w := ts.get(target)
		want := "hit"
		if i == 0 {
			want = "miss"
		}
		if got := w.Header().Get("X-Lifa-Compare-Cache"); w.Code != http.StatusOK || got != want {
			t.Errorf("GET %s: %d, cache %q, want %q", target, w.Code, got, want)
		}
	}
	// The same comparison, not an equal one.
	ctx := context.Background()
	a, hitA, errA := ts.readings.CompareVersions(ctx, vs[0], vs[1])
	b, hitB, errB := ts.readings.CompareVersions(ctx, vs[0], vs[1])
	if errA != nil || errB != nil || !hitA || !hitB || a != b {
		t.Errorf("CompareVersions twice: %p %v %v, %p %v %v", a, hitA, errA, b, hitB, errB)
	}
}

// TestCompare_versionPageLinksHistory checks that each article of a version
// page links to its history, and that the link works.
func TestCompare_versionPageLinksHistory(t *testing.T) {
	ts := newTestServer(t)
	reg, vs := mustReadings(t, ts)
	w := ts.get(fmt.Sprintf("/versions/%d", vs[1]))
	body := w.Body.String()
	if w.Code != http.StatusOK {
		t.Fatalf("version page: %d %s", w.Code, body)
	}
	link := fmt.Sprintf(`href="/regulations/%d/history?version=%d&amp;article=4"`, reg, vs[1])
	if !strings.Contains(body, link) || strings.Count(body, ">条文沿革</a>") != 6 {
		t.Fatalf("version page lacks %s or has not 6 history links", link)
	}
	w = ts.get(fmt.Sprintf("/regulations/%d/history?version=%d&article=4", reg, vs[1]))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "第四条") {
		t.Errorf("history page from the version page: %d", w.Code)
	}
}
