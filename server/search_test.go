package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"lifa/drafts/accounts"
	"lifa/drafts/demo"
	"lifa/drafts/store"
	"lifa/search"
)

// newSearchServer is newTestServer with a search index on the store.
func newSearchServer(t *testing.T, load bool) *testServer {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "lifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	if load {
		if err := demo.Load(ctx, st); err != nil {
			st.Close()
			t.Fatal(err)
		}
	}
	tok, _, err := accounts.New(st).EnsureAdminToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ix, err := search.Open(ctx, filepath.Join(dir, "search"), st, search.Options{Logger: log})
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	s, err := New(Config{Logger: log, AppVersion: "test"}, st, WithSearch(ix), WithCloser(ix.Close))
	if err != nil {
		ix.Close()
		st.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	return &testServer{Server: s, t: t, token: tok}
}

func TestSearchAPI(t *testing.T) {
	ts := newSearchServer(t, false)
	reg, v := ts.mustCreate(t, "广州市湿地保护规定", "guangzhou-wetland-protection.md", "first-reading")

	// Searchable as soon as the upload has returned (the upload hook).
	w := ts.get("/api/v1/search?q=" + url.QueryEscape("湿地 罚款") + "&size=3")
	if w.Code != http.StatusOK {
		t.Fatalf("search: %d %s", w.Code, w.Body)
	}
	var res struct {
		Total  int     `json:"total"`
		TookMS float64 `json:"took_ms"`
		Hits   []struct {
			RegulationID    int64  `json:"regulation_id"`
			RegulationTitle string `json:"regulation_title"`
			VersionID       int64  `json:"version_id"`
			Stage           string `json:"stage"`
			Article         struct {
				Num    int    `json:"num"`
				Label  string `json:"label"`
				Anchor string `json:"anchor"`
			} `json:"article"`
			SnippetHTML string  `json:"snippet_html"`
			Score       float64 `json:"score"`
		} `json:"hits"`
		Facets map[string][]struct {
			Value string `json:"value"`
			Count int    `json:"count"`
		} `json:"facets"`
		Groups []struct {
			RegulationID int64 `json:"regulation_id"`
			Count        int   `json:"count"`
		} `json:"groups"`
	}
	decode(t, w, &res)
	h := res.Hits[0]
	if res.Total < 3 || len(res.Hits) != 3 || h.RegulationID != reg.ID || h.VersionID != v.ID || h.Stage != "first-reading" ||
		h.Article.Num == 0 || !strings.Contains(h.SnippetHTML, "<mark>罚款</mark>") || h.Score <= 0 {
		t.Fatalf("result %+v", res)
	}
	if len(res.Groups) != 1 || res.Groups[0].Count != res.Total || res.Facets["stage"][0].Value != "first-reading" {
		t.Fatalf("groups %+v facets %+v", res.Groups, res.Facets)
	}

	// A bad query is a 400 that says why.
	for q, want := range map[string]string{`"湿地`: "引号", "": "请输入检索词", "-湿地": "排除词"} {
		w := ts.get("/api/v1/search?q=" + url.QueryEscape(q))
		if w.Code != http.StatusBadRequest || !strings.Contains(apiErr(t, w).Message, want) {
			t.Errorf("%q: %d %s", q, w.Code, w.Body)
		}
	}
	if w := ts.get("/api/v1/search?q=a&scope=new"); w.Code != http.StatusBadRequest {
		t.Errorf("bad scope: %d", w.Code)
	}

	// The page: hits link to the version page at the article, words to mark.
	w = ts.get("/search?q=" + url.QueryEscape("湿地 罚款"))
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, "<mark>罚款</mark>") ||
		!strings.Contains(body, "/versions/"+itoa(v.ID)+"?hl=%E6%B9%BF%E5%9C%B0&amp;hl=%E7%BD%9A%E6%AC%BE#art-") {
		t.Fatalf("page: %d\n%s", w.Code, body)
	}
	if w := ts.get("/search?q=" + url.QueryEscape(`"湿地`)); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "引号没有闭合") {
		t.Fatalf("bad query page: %d", w.Code)
	}
	if w := ts.get("/search"); w.Code != http.StatusOK {
		t.Fatalf("empty search page: %d", w.Code)
	}
}

// TestBrowser_Search searches from the home page, opens a hit and lands on
// the article with the words highlighted.
func TestBrowser_Search(t *testing.T) {
	ctx := newBrowser(t)
	ts := newSearchServer(t, true)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = ts.Serve(ln) }()
	base := "http://" + ln.Addr().String()

	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#site-q")),
		chromedp.SendKeys(chromedp.CSS("#site-q"), "停车泊位"),
		chromedp.Submit(chromedp.CSS("#site-q")),
		chromedp.WaitVisible(chromedp.CSS(".hit a")),
		chromedp.Click(chromedp.CSS(".hit a")),
		chromedp.WaitVisible(chromedp.CSS("mark.hl")),
	)
	if err != nil {
		t.Fatal(err)
	}
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}
	hash := eval(`location.hash`)
	marks := eval(`String(document.querySelectorAll("mark.hl").length)`)
	marked := eval(`document.querySelector("mark.hl").textContent`)
	target := eval(`(function(){var t=document.getElementById(decodeURIComponent(location.hash.slice(1)));
		return t && t.querySelector("mark.hl") ? t.id : "";})()`)
	if !strings.HasPrefix(hash, "#art-") || marks == "0" || marked != "停车泊位" || target != hash[1:] {
		t.Fatalf("landed on %q with %s marks (%q), marked article %q", hash, marks, marked, target)
	}
}
