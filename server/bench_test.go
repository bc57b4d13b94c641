package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The version page of 公司法 (2023, 266 articles, ~96 KB of text) is the hot
// path of the site. Its targets (≥ 2,000 requests/s, p99 ≤ 20 ms) are
// measured with wrk against `lifa serve --demo` on loopback; these
// benchmarks measure the handler alone.

func benchServerWithGongsifa(b *testing.B) (*testServer, string) {
	b.Helper()
	ts := newTestServer(b)
	_, v := ts.mustCreate(b, "中华人民共和国公司法", "gongsifa-2023-12-29.md", "adopted")
	if v.Articles != 266 {
		b.Fatalf("公司法 2023 parsed into %d articles, want 266", v.Articles)
	}
	return ts, "/versions/" + itoa(v.ID)
}

func benchGet(b *testing.B, h http.Handler, path string, header map[string]string) {
	b.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 200 {
		b.Fatalf("GET %s: %d", path, w.Code)
	}
	b.SetBytes(int64(w.Body.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
	}
}

// BenchmarkVersionPage serves the cached anonymous page.
func BenchmarkVersionPage(b *testing.B) {
	ts, path := benchServerWithGongsifa(b)
	b.Run("plain", func(b *testing.B) { benchGet(b, ts.Handler(), path, nil) })
	b.Run("gzip", func(b *testing.B) { benchGet(b, ts.Handler(), path, map[string]string{"Accept-Encoding": "gzip"}) })
	cookie, _ := ts.adminSession(b)
	b.Run("signed-in", func(b *testing.B) {
		benchGet(b, ts.Handler(), path, map[string]string{"Cookie": cookie})
	})
}

// BenchmarkVersionPage_Cold renders the page from the store every time
// (what the first visitor of a version pays): the rendered pages and the
// regulation's snapshot (readings.Service.Snapshot) are dropped before
// each request.
func BenchmarkVersionPage_Cold(b *testing.B) {
	ts, path := benchServerWithGongsifa(b)
	vid, _ := strconv.ParseInt(strings.TrimPrefix(path, "/versions/"), 10, 64)
	v, err := ts.readings.Version(context.Background(), vid)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("GET", path, nil)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ts.pages = newVersionPages()
		ts.readings.ForgetRegulation(v.RegulationID)
		w := httptest.NewRecorder()
		ts.Handler().ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkHomePage renders the home page with one regulation.
func BenchmarkHomePage(b *testing.B) {
	ts, _ := benchServerWithGongsifa(b)
	benchGet(b, ts.Handler(), "/", nil)
}

// BenchmarkCreateVersion uploads the ~96 KB text of 公司法 2023 through the
// API: multipart parsing, the parser, the store (one transaction with the
// audit and change logs). Target: ≤ 200 ms.
func BenchmarkCreateVersion(b *testing.B) {
	ts := newTestServer(b)
	r, _ := ts.mustCreate(b, "中华人民共和国公司法", "guangzhou-wetland-protection.md", "draft")
	data, err := os.ReadFile(filepath.Join("testdata", "gongsifa-2023-12-29.md"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := ts.upload(r.ID, "gongsifa-2023-12-29.md", data, map[string]string{"stage": "adopted"}, true)
		if w.Code != http.StatusCreated {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}
