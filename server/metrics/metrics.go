// Package metrics is Lifa's Prometheus instrumentation, with the standard
// client library: requests and their latency per route (gin's route
// pattern, never the raw URL, so ids do not explode the series), public
// opinions accepted and refused, the search index's distance behind the
// store's change log, index rebuilds, the database pool, the shared rate
// limits, and the Go runtime and process.
//
// Every metric lives in the Registry of one Metrics value (no global
// state): create it with New, put Middleware first in the gin chain, add
// the gauges of the parts you have (WatchDB, WatchIndex, WatchLimits), and
// serve Handler on a private address (lifa serve --metrics-addr) or behind
// authentication — it is not for the public port.
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the collectors of one server.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	opinions *prometheus.CounterVec
	rebuilds prometheus.Counter
	// opinionRoutes maps "METHOD route" of the public opinion submissions
	// to the status that means "accepted".
	opinionRoutes map[string]int
}

// OpinionRoutes are the routes where opinions are submitted one at a time,
// with the status of an accepted submission (the API and the form both
// answer 201 Created).
var OpinionRoutes = map[string]int{
	"POST /api/v1/versions/:id/opinions": http.StatusCreated,
	"POST /consultations/:id/opinion":    http.StatusCreated,
}

// New returns the metrics of one server, with the Go runtime and process
// collectors registered.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lifa_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "lifa_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method and route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"method", "route"}),
		opinions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lifa_opinions_total",
			Help: "Public opinion submissions by result: accepted, or refused for rate_limited, invalid, closed or error.",
		}, []string{"result"}),
		rebuilds: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "lifa_index_rebuilds_total",
			Help: "Full rebuilds of the search index by this process.",
		}),
		opinionRoutes: OpinionRoutes,
	}
	for _, r := range []string{"accepted", "rate_limited", "invalid", "closed", "error"} {
		m.opinions.WithLabelValues(r) // present at 0 from the start
	}
	m.reg.MustRegister(m.requests, m.latency, m.opinions, m.rebuilds,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry returns the registry, to add collectors of other parts.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Middleware counts and times every request under its route pattern
// (c.FullPath(); "unmatched" for a 404 outside every route) and counts
// public opinion submissions by result.
func (m *Metrics) Middleware(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	method := c.Request.Method
	status := c.Writer.Status()
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(method, route).Observe(time.Since(start).Seconds())
	if ok, watched := m.opinionRoutes[method+" "+route]; watched {
		m.opinions.WithLabelValues(opinionResult(status, ok)).Inc()
	}
}

// opinionResult names what became of a submission from its status.
func opinionResult(status, accepted int) string {
	switch {
	case status == accepted:
		return "accepted"
	case status == http.StatusTooManyRequests:
		return "rate_limited"
	case status == http.StatusConflict || status == http.StatusForbidden:
		return "closed"
	case status >= 500:
		return "error"
	}
	return "invalid"
}

// IndexRebuilt counts one full rebuild of the search index.
func (m *Metrics) IndexRebuilt() { m.rebuilds.Inc() }

// WatchDB exports the database pool's statistics (open, in use, idle
// connections, waits and wait time) as go_sql_* with db_name=name.
func (m *Metrics) WatchDB(name string, db *sql.DB) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
}

// Index is what WatchIndex reads of the search index and the store.
type Index struct {
	// Applied is the last change-log sequence the index has applied.
	Applied func() int64
	// Stored is the newest sequence in the store's change log.
	Stored func(context.Context) (int64, error)
	// Rebuilding reports whether a full rebuild is running (nil: never).
	Rebuilding func() bool
}

// WatchIndex exports the index's position in the change log and its lag
// (lifa_index_lag_changes: stored − applied), read at each scrape.
func (m *Metrics) WatchIndex(ix Index) {
	m.reg.MustRegister(&indexCollector{ix: ix,
		applied: prometheus.NewDesc("lifa_index_applied_seq", "Last change-log sequence applied by this node's search index.", nil, nil),
		stored:  prometheus.NewDesc("lifa_store_change_seq", "Newest change-log sequence in the store.", nil, nil),
		lag:     prometheus.NewDesc("lifa_index_lag_changes", "Changes in the store not yet applied by this node's search index.", nil, nil),
		rebuild: prometheus.NewDesc("lifa_index_rebuilding", "1 while the search index is being rebuilt.", nil, nil),
	})
}

type indexCollector struct {
	ix                            Index
	applied, stored, lag, rebuild *prometheus.Desc
}

func (c *indexCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.applied
	ch <- c.stored
	ch <- c.lag
	ch <- c.rebuild
}

func (c *indexCollector) Collect(ch chan<- prometheus.Metric) {
	applied := c.ix.Applied()
	ch <- prometheus.MustNewConstMetric(c.applied, prometheus.GaugeValue, float64(applied))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if stored, err := c.ix.Stored(ctx); err == nil {
		ch <- prometheus.MustNewConstMetric(c.stored, prometheus.GaugeValue, float64(stored))
		lag := stored - applied
		if lag < 0 {
			lag = 0
		}
		ch <- prometheus.MustNewConstMetric(c.lag, prometheus.GaugeValue, float64(lag))
	}
	r := 0.0
	if c.ix.Rebuilding != nil && c.ix.Rebuilding() {
		r = 1
	}
	ch <- prometheus.MustNewConstMetric(c.rebuild, prometheus.GaugeValue, r)
}

// Limits is what WatchLimits reads of the shared rate limits.
type Limits struct {
	Backend  string
	Nodes    func() int
	Degraded func() int64
}

// WatchLimits exports the shared limits' live-node estimate and the
// decisions taken without the shared state.
func (m *Metrics) WatchLimits(l Limits) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "lifa_limits_nodes",
			Help: "Live Lifa nodes seen through the shared rate-limit state.", ConstLabels: prometheus.Labels{"backend": l.Backend}},
			func() float64 { return float64(l.Nodes()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "lifa_limits_degraded_total",
			Help: "Rate-limit decisions taken without the shared state (per-node fallback or refusal).", ConstLabels: prometheus.Labels{"backend": l.Backend}},
			func() float64 { return float64(l.Degraded()) }),
	)
}
