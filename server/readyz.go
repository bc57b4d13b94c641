package server

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// ReadyConfig says when GET /readyz tells a balancer to send this node
// traffic (see readyz).
type ReadyConfig struct {
	// MaxLag is how far (in time) the search index may be behind the
	// store's change log. Default 30 s.
	MaxLag time.Duration
	// OpinionLag is how long the index may defer opinions during a flood
	// (search.Options.OpinionLag); an unapplied opinion is allowed that
	// much more. Default 10 minutes.
	OpinionLag time.Duration
}

// WithReadiness configures /readyz.
func WithReadiness(cfg ReadyConfig) Option {
	return func(s *Server) error { s.ready = cfg; return nil }
}

// readiness is the body of /readyz.
type readiness struct {
	Status string `json:"status"`           // "ready" or "unready"
	Reason string `json:"reason,omitempty"` // why not: store, search, index_behind
	Search string `json:"search"`           // ready, rebuilding, failed, off
	// IndexApplied is the last change the index has applied;
	// IndexLagSeconds the age of the oldest change it has not.
	IndexApplied    int64   `json:"index_applied"`
	IndexLagSeconds float64 `json:"index_lag_seconds"`
}

// readyz answers 200 when this node should get traffic: its store answers,
// its search index is open (not being rebuilt) and has applied the
// change log up to ReadyConfig.MaxLag ago (plus the opinion lag when what
// it has not applied is an opinion: during a flood every node defers them
// by design). Otherwise 503, with the reason. /healthz stays the liveness
// check: a node rebuilding its index is alive, not ready.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	r := readiness{Status: "ready", Search: s.search.status()}
	unready := func(reason string) {
		r.Status, r.Reason = "unready", reason
		c.JSON(http.StatusServiceUnavailable, r)
	}
	if err := s.store.DB().PingContext(ctx); err != nil {
		s.log.ErrorContext(ctx, "readyz: store unreachable", "error", err.Error())
		unready("store")
		return
	}
	if r.Search == searchOff {
		c.JSON(http.StatusOK, r)
		return
	}
	ix := s.search.index()
	if ix == nil {
		unready("search")
		return
	}
	r.IndexApplied = ix.LastSeq()
	next, err := s.store.ChangesSince(ctx, r.IndexApplied, 1)
	if err != nil {
		s.log.ErrorContext(ctx, "readyz: change log", "error", err.Error())
		unready("store")
		return
	}
	if len(next) > 0 {
		age := time.Since(next[0].At)
		r.IndexLagSeconds = age.Seconds()
		allowed := s.ready.MaxLag
		if allowed <= 0 {
			allowed = 30 * time.Second
		}
		if next[0].Entity == "opinion" {
			if s.ready.OpinionLag > 0 {
				allowed += s.ready.OpinionLag
			} else {
				allowed += 10 * time.Minute
			}
		}
		if age > allowed {
			unready("index_behind")
			return
		}
	}
	c.JSON(http.StatusOK, r)
}
