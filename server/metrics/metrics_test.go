package metrics

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	_ "modernc.org/sqlite"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestMetrics_Middleware(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	m := New()
	e := gin.New()
	e.Use(m.Middleware)
	e.GET("/versions/:id", func(c *gin.Context) { c.String(200, "ok") })
	e.POST("/api/v1/versions/:id/opinions", func(c *gin.Context) {
		switch c.Query("r") {
		case "limit":
			c.Status(http.StatusTooManyRequests)
		case "bad":
			c.Status(http.StatusBadRequest)
		default:
			c.Status(http.StatusCreated)
		}
	})
	for _, u := range []string{"/versions/1", "/versions/2", "/versions/3", "/nowhere/42"} {
		e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, u, nil))
	}
	for _, q := range []string{"", "", "?r=limit", "?r=bad"} {
		e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/api/v1/versions/7/opinions"+q, nil))
	}
	out := scrape(t, m)
	for _, want := range []string{
		`lifa_http_requests_total{method="GET",route="/versions/:id",status="200"} 3`,
		`lifa_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`lifa_http_request_duration_seconds_count{method="GET",route="/versions/:id"} 3`,
		`lifa_opinions_total{result="accepted"} 2`,
		`lifa_opinions_total{result="rate_limited"} 1`,
		`lifa_opinions_total{result="invalid"} 1`,
		`lifa_opinions_total{result="closed"} 0`,
		`go_goroutines`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("scrape lacks %s", want)
		}
	}
	if strings.Contains(out, `route="/versions/1"`) {
		t.Error("raw URL used as a label")
	}
}

func TestMetrics_Watch(t *testing.T) {
	m := New()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m.WatchDB("store", db)
	rebuilding := true
	m.WatchIndex(Index{
		Applied:    func() int64 { return 40 },
		Stored:     func(context.Context) (int64, error) { return 55, nil },
		Rebuilding: func() bool { return rebuilding },
	})
	m.WatchLimits(Limits{Backend: "redis", Nodes: func() int { return 3 }, Degraded: func() int64 { return 7 }})
	m.IndexRebuilt()
	out := scrape(t, m)
	for _, want := range []string{
		"lifa_index_applied_seq 40", "lifa_store_change_seq 55", "lifa_index_lag_changes 15",
		"lifa_index_rebuilding 1", "lifa_index_rebuilds_total 1",
		`go_sql_max_open_connections{db_name="store"}`,
		`lifa_limits_nodes{backend="redis"} 3`, `lifa_limits_degraded_total{backend="redis"} 7`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("scrape lacks %s", want)
		}
	}
}
