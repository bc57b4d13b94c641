package server

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// docxText returns the text of word/document.xml of a .docx.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a .docx: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			x, _ := io.ReadAll(r)
			r.Close()
			return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(x), "")
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// TestCompare_downloadsFollowThePair: the Word and JSON links of a
// 对照表 of two readings that are not the default pair download that
// pair (they used to lose from/to and serve the last two readings), and
// the Word table names both readings under its title and in its Chinese
// file name.
func TestCompare_downloadsFollowThePair(t *testing.T) {
	ts := newTestServer(t)
	reg, vs := mustReadings(t, ts)
	w := ts.get(fmt.Sprintf("/regulations/%d/compare?from=%d&to=%d", reg, vs[0], vs[2]))
	if w.Code != http.StatusOK {
		t.Fatalf("page: %d", w.Code)
	}
	href := func(id string) string {
		m := regexp.MustCompile(`href="([^"]+)" id="` + id + `"`).FindStringSubmatch(w.Body.String())
		if m == nil {
			t.Fatalf("no link #%s", id)
		}
		return html.UnescapeString(m[1])
	}
	j := ts.get(href("compare-json"))
	var got struct{ From, To int64 }
	decode(t, j, &got)
	if got.From != vs[0] || got.To != vs[2] {
		t.Errorf("JSON link compares %d→%d, want %d→%d", got.From, got.To, vs[0], vs[2])
	}
	for _, id := range []string{"compare-docx", "compare-docx-all"} {
		d := ts.get(href(id))
		if d.Code != http.StatusOK || d.Header().Get("X-Lifa-Compare-Cache") != "hit" {
			t.Fatalf("%s: %d, cache %q (not the comparison on the page)", id, d.Code, d.Header().Get("X-Lifa-Compare-Cache"))
		}
		text := docxText(t, d.Body.Bytes())
		for _, want := range []string{"《某市停车场条例》修改前后对照表", "修改前：第 1 版 起草稿（第1稿）", "修改后：第 3 版 二审稿（第3稿）"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the document lacks %q", id, want)
			}
		}
		_, params, err := mime.ParseMediaType(d.Header().Get("Content-Disposition"))
		if err != nil || params["filename"] != "某市停车场条例-对照表-起草稿（第1稿）-二审稿（第3稿）.docx" {
			t.Errorf("%s: Content-Disposition %q (%v)", id, d.Header().Get("Content-Disposition"), err)
		}
	}
}

// TestBrowser_CompareDownloads: a clerk opens the 对照表, picks the first
// and the last reading, compares, and the Word and JSON links download
// that comparison.
func TestBrowser_CompareDownloads(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	ts := newTestServer(t)
	reg, vs := mustReadings(t, ts)
	base := serveTest(t, ts.Server)
	b.do("open the comparison and pick the first and last readings",
		chromedp.Navigate(fmt.Sprintf("%s/regulations/%d/compare", base, reg)),
		chromedp.WaitVisible(css("#cmp-from")),
		chromedp.SetValue(css("#cmp-from"), fmt.Sprint(vs[0])),
		chromedp.SetValue(css("#cmp-to"), fmt.Sprint(vs[2])),
		chromedp.Click(css(".compare-picker button[type=submit]")),
		// The page before the click has the links too (the default pair):
		// wait for the new page's, or the fetches below race the navigation.
		chromedp.WaitVisible(css(fmt.Sprintf(`#compare-docx[href*="from=%d"][href*="to=%d"]`, vs[0], vs[2]))))
	res, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(async () => {
		const j = await (await fetch(document.querySelector('#compare-json').href)).json();
		const d = await fetch(document.querySelector('#compare-docx').href);
		return JSON.stringify({from: j.from, to: j.to, status: d.status, cd: d.headers.get('Content-Disposition')});
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		From, To, Status int64
		CD               string
	}
	if err := json.Unmarshal([]byte(res), &got); err != nil {
		t.Fatalf("%s: %v", res, err)
	}
	if got.From != vs[0] || got.To != vs[2] || got.Status != 200 {
		t.Errorf("downloads compare %d→%d (status %d), want %d→%d", got.From, got.To, got.Status, vs[0], vs[2])
	}
	if _, p, _ := mime.ParseMediaType(got.CD); !strings.Contains(p["filename"], "起草稿（第1稿）-二审稿（第3稿）") {
		t.Errorf("Word file named %q", got.CD)
	}
}
