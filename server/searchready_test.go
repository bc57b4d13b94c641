package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"lifa/search"
)

// TestSearch_ServesWhileIndexRebuilds: after a crash that damaged the
// index the server did not listen for the 21.7 s of the rebuild. Now the
// index is handed over when ready: meanwhile every page and the API are
// served, searches answer 503 with 检索索引正在重建, and /healthz says so.
func TestSearch_ServesWhileIndexRebuilds(t *testing.T) {
	ts := newTestServer(t, WithSearchPending())
	_, v := ts.mustCreate(t, "广州市湿地保护规定", "guangzhou-wetland-protection.md", "first-reading")
	health := ts.get("/healthz")
	if health.Code != 200 || !strings.Contains(health.Body.String(), `"search":"rebuilding"`) {
		t.Fatalf("healthz while rebuilding: %d %s", health.Code, health.Body)
	}
	for _, target := range []string{"/", "/versions/" + itoa(v.ID), "/api/v1/regulations"} {
		if w := ts.get(target); w.Code != 200 {
			t.Errorf("%s while rebuilding: %d", target, w.Code)
		}
	}
	w := ts.get("/api/v1/search?q=" + "湿地")
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "检索索引正在重建") || w.Header().Get("Retry-After") == "" {
		t.Errorf("API search while rebuilding: %d %s", w.Code, w.Body)
	}
	if w := ts.get("/search?q=湿地"); w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "检索索引正在重建") {
		t.Errorf("search page while rebuilding: %d", w.Code)
	}

	// The index arrives (built from the store, which already holds the
	// version uploaded meanwhile).
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ix, err := search.Open(context.Background(), filepath.Join(t.TempDir(), "search"), ts.store, search.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ts.SetSearch(ix)
	if w := ts.get("/healthz"); !strings.Contains(w.Body.String(), `"search":"ready"`) {
		t.Errorf("healthz when ready: %s", w.Body)
	}
	if w := ts.get("/api/v1/search?q=湿地"); w.Code != 200 || !strings.Contains(w.Body.String(), `"total":`) || strings.Contains(w.Body.String(), `"total":0`) {
		t.Errorf("search when ready: %d %.200s", w.Code, w.Body)
	}

	// An index that cannot be opened: searches still 503, healthz says so.
	ts2 := newTestServer(t, WithSearchPending())
	ts2.SearchFailed()
	if w := ts2.get("/api/v1/search?q=湿地"); w.Code != http.StatusServiceUnavailable {
		t.Errorf("search with a failed index: %d", w.Code)
	}
	if w := ts2.get("/healthz"); w.Code != 200 || !strings.Contains(w.Body.String(), `"search":"failed"`) {
		t.Errorf("healthz with a failed index: %s", w.Body)
	}
}
