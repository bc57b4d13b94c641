package server

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/search"
	"lifa/server/metrics"
	"lifa/web"
	"lifa/web/httpx"
)

// ReadyConfig says when GET /readyz tells a balancer to send this node
// traffic (httpx.Readyz).
type ReadyConfig = httpx.ReadyConfig

// WithReadiness configures /readyz.
func WithReadiness(cfg ReadyConfig) Option {
	return func(s *Server) error { s.ready = cfg; return nil }
}

// WithMetrics instruments the server with m: every request is counted and
// timed under its route (the middleware runs first), and m reads the
// database pool, the search index's position in the change log and the
// shared limits when scraped. Serve m.Handler() on a private address.
func WithMetrics(m *metrics.Metrics) Option {
	return func(s *Server) error { s.metrics = m; return nil }
}

// registerSystemRoutes registers /healthz, /readyz, the static files and the
// OpenAPI document.
func (s *Server) registerSystemRoutes(e *gin.Engine) {
	e.GET("/healthz", s.healthz)
	e.HEAD("/healthz", s.healthz)
	readyz := httpx.Readyz(s.ready, httpx.ReadyProbe{Ping: s.store.DB().PingContext, Search: s.search.Status,
		Applied: s.indexApplied, Next: s.nextChange, Log: s.log})
	e.GET("/readyz", readyz)
	e.HEAD("/readyz", readyz)
	files := http.StripPrefix("/static/", http.FileServerFS(web.Static()))
	static := func(c *gin.Context) {
		if c.Query("v") != "" {
			c.Header("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			c.Header("Cache-Control", "public, max-age=3600")
		}
		files.ServeHTTP(c.Writer, c.Request)
	}
	e.GET("/static/*file", static)
	e.HEAD("/static/*file", static)
	e.GET("/api/openapi.json", func(c *gin.Context) {
		c.Data(http.StatusOK, "application/json; charset=utf-8", s.api.JSON)
	})
}

// healthz answers 200 when the server can reach its store, 503 otherwise,
// and says the state of the search index.
func (s *Server) healthz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.DB().PingContext(ctx); err != nil {
		s.log.ErrorContext(ctx, "healthz: store unreachable", "error", err.Error())
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable"})
		return
	}
	// The server serves while the index is rebuilt: "search" says whether
	// searches work yet (ready, rebuilding, failed or off).
	c.JSON(http.StatusOK, gin.H{"status": "ok", "version": s.cfg.AppVersion, "search": s.search.Status()})
}

// indexApplied is the last change the search index has applied, false
// while none is open.
func (s *Server) indexApplied() (int64, bool) {
	if ix := s.search.Index(); ix != nil {
		return ix.LastSeq(), true
	}
	return 0, false
}

// nextChange is the first change of the store's log after seq, nil if none.
func (s *Server) nextChange(ctx context.Context, seq int64) (*drafts.Change, error) {
	cs, err := s.store.ChangesSince(ctx, seq, 1)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	return &cs[0], nil
}

// instrument installs the metrics middleware and gauges (no-op without
// WithMetrics); middleware calls it before any other middleware.
func (s *Server) instrument() {
	m := s.metrics
	if m == nil {
		return
	}
	s.engine.Use(m.Middleware)
	m.WatchDB("store", s.store.DB())
	m.WatchIndex(metrics.Index{
		Applied:    func() int64 { n, _ := s.indexApplied(); return n },
		Stored:     s.store.LastChangeSeq,
		Rebuilding: func() bool { return s.search.Status() == search.StateRebuilding },
	})
	if s.limits != nil {
		m.WatchLimits(metrics.Limits{Backend: s.limits.Backend(), Nodes: s.limits.Nodes, Degraded: s.limits.Degraded})
	}
}
