package server

import (
	"lifa/server/metrics"
)

// WithMetrics instruments the server with m: every request is counted and
// timed under its route (the middleware runs first), and m reads the
// database pool, the search index's position in the change log and the
// shared limits when scraped. Serve m.Handler() on a private address.
func WithMetrics(m *metrics.Metrics) Option {
	return func(s *Server) error { s.metrics = m; return nil }
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
		Applied: func() int64 {
			if ix := s.search.index(); ix != nil {
				return ix.LastSeq()
			}
			return 0
		},
		Stored:     s.store.LastChangeSeq,
		Rebuilding: func() bool { return s.search.status() == searchRebuilding },
	})
	if s.limits != nil {
		m.WatchLimits(metrics.Limits{Backend: s.limits.Backend(), Nodes: s.limits.Nodes, Degraded: s.limits.Degraded})
	}
}
