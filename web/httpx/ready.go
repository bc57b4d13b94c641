package httpx

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// ReadyConfig says when GET /readyz tells a balancer to send this node
// traffic (see Readyz).
type ReadyConfig struct {
	// MaxLag is how far (in time) the search index may be behind the
	// store's change log. Default 30 s.
	MaxLag time.Duration
	// OpinionLag is how long the index may defer opinions during a flood
	// (search.Options.OpinionLag); an unapplied opinion is allowed that
	// much more. Default 10 minutes.
	OpinionLag time.Duration
}

// ReadyProbe is what Readyz asks of the node.
type ReadyProbe struct {
	Ping   func(context.Context) error // the store answers
	Search func() string               // the index: ready, rebuilding, failed or off
	// Applied is the last change the index has applied; open false while
	// it has no index open.
	Applied func() (seq int64, open bool)
	// Next is the first change after seq, nil when there is none.
	Next func(ctx context.Context, seq int64) (*drafts.Change, error)
	Log  *slog.Logger
}

// Readiness is the body of /readyz.
type Readiness struct {
	Status string `json:"status"`           // "ready" or "unready"
	Reason string `json:"reason,omitempty"` // why not: store, search, index_behind
	Search string `json:"search"`           // ready, rebuilding, failed, off
	// IndexApplied is the last change the index has applied;
	// IndexLagSeconds the age of the oldest change it has not.
	IndexApplied    int64   `json:"index_applied"`
	IndexLagSeconds float64 `json:"index_lag_seconds"`
}

// Readyz answers 200 when this node should get traffic: its store answers,
// its search index is off or open (not being rebuilt) and has applied the
// change log up to MaxLag ago (plus the opinion lag when what it has not
// applied is an opinion: during a flood every node defers them by design).
// Otherwise 503, with the reason. /healthz stays the liveness check: a
// node rebuilding its index is alive, not ready.
func Readyz(cfg ReadyConfig, p ReadyProbe) gin.HandlerFunc {
	if cfg.MaxLag <= 0 {
		cfg.MaxLag = 30 * time.Second
	}
	if cfg.OpinionLag <= 0 {
		cfg.OpinionLag = 10 * time.Minute
	}
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		r := Readiness{Status: "ready", Search: p.Search()}
		if r.Reason = p.check(ctx, cfg, &r); r.Reason != "" {
			r.Status = "unready"
			c.JSON(http.StatusServiceUnavailable, r)
			return
		}
		c.JSON(http.StatusOK, r)
	}
}

// check fills in r's index position and returns why the node is not
// ready, "" when it is.
func (p ReadyProbe) check(ctx context.Context, cfg ReadyConfig, r *Readiness) string {
	if err := p.Ping(ctx); err != nil {
		p.Log.ErrorContext(ctx, "readyz: store unreachable", "error", err.Error())
		return "store"
	}
	if r.Search == "off" {
		return ""
	}
	var open bool
	if r.IndexApplied, open = p.Applied(); !open {
		return "search"
	}
	next, err := p.Next(ctx, r.IndexApplied)
	if err != nil {
		p.Log.ErrorContext(ctx, "readyz: change log", "error", err.Error())
		return "store"
	}
	if next == nil {
		return ""
	}
	age := time.Since(next.At)
	r.IndexLagSeconds = age.Seconds()
	allowed := cfg.MaxLag
	if next.Entity == "opinion" {
		allowed += cfg.OpinionLag
	}
	if age > allowed {
		return "index_behind"
	}
	return ""
}
