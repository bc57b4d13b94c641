package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/search"
	"lifa/server/metrics"
	"lifa/web/httpx"
)

func readyBody(t *testing.T, ts *testServer) (int, httpx.Readiness) {
	t.Helper()
	w := ts.get("/readyz")
	var r httpx.Readiness
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
		t.Fatalf("/readyz body %q: %v", w.Body, err)
	}
	return w.Code, r
}

func TestReadyz(t *testing.T) {
	t.Run("NoIndex", func(t *testing.T) {
		ts := newTestServer(t)
		if code, r := readyBody(t, ts); code != http.StatusOK || r.Search != search.StateOff {
			t.Errorf("without an index: %d %+v, want 200 off", code, r)
		}
	})
	t.Run("IndexPending", func(t *testing.T) {
		ts := newTestServer(t, WithSearchPending())
		if code, r := readyBody(t, ts); code != http.StatusServiceUnavailable || r.Reason != "search" || r.Search != search.StateRebuilding {
			t.Errorf("while the index is opened or rebuilt: %d %+v, want 503 search rebuilding", code, r)
		}
		// /healthz still says alive.
		if w := ts.get("/healthz"); w.Code != http.StatusOK {
			t.Errorf("/healthz = %d while rebuilding", w.Code)
		}
	})
	t.Run("IndexBehind", func(t *testing.T) {
		var ix *search.Index
		ts := newTestServer(t, withTestIndex(filepath.Join(t.TempDir(), "search"), &ix),
			WithReadiness(ReadyConfig{MaxLag: 50 * time.Millisecond, OpinionLag: time.Hour}))
		if code, r := readyBody(t, ts); code != http.StatusOK {
			t.Fatalf("caught up: %d %+v", code, r)
		}
		// A regulation written by another node: in the change log, not in
		// this index (no follower runs here).
		if err := ts.store.CreateRegulation(context.Background(), "test", &drafts.Regulation{Title: "另一节点的法规", Kind: "制定"}); err != nil {
			t.Fatal(err)
		}
		if code, r := readyBody(t, ts); code != http.StatusOK {
			t.Errorf("just behind, within MaxLag: %d %+v", code, r)
		}
		time.Sleep(80 * time.Millisecond)
		if code, r := readyBody(t, ts); code != http.StatusServiceUnavailable || r.Reason != "index_behind" || r.IndexLagSeconds <= 0 {
			t.Errorf("behind past MaxLag: %d %+v, want 503 index_behind", code, r)
		}
		if _, err := ix.CatchUp(context.Background()); err != nil {
			t.Fatal(err)
		}
		if code, r := readyBody(t, ts); code != http.StatusOK || r.IndexApplied == 0 {
			t.Errorf("caught up again: %d %+v", code, r)
		}
	})
}

func TestMetrics_Wired(t *testing.T) {
	m := metrics.New()
	var ix *search.Index
	ts := newTestServer(t, WithMetrics(m), withTestIndex(filepath.Join(t.TempDir(), "search"), &ix))
	for i := 0; i < 3; i++ {
		ts.get("/api/v1/regulations")
	}
	ts.get("/versions/987654")
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	out := w.Body.String()
	for _, want := range []string{
		`lifa_http_requests_total{method="GET",route="/api/v1/regulations",status="200"} 3`,
		`lifa_http_requests_total{method="GET",route="/versions/:id",status="404"} 1`,
		`go_sql_open_connections{db_name="store"}`,
		`lifa_index_lag_changes 0`,
		`lifa_index_rebuilding 0`,
		`lifa_limits_nodes{backend="memory"} 1`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
