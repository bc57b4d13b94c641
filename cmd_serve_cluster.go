package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"lifa/server"
	"lifa/server/limits"
	"lifa/server/metrics"
)

// clusterConfig is what `lifa serve` needs to run as one node of several:
// where the per-client limits live, where metrics are served, and when
// /readyz says ready.
type clusterConfig struct {
	limits      string        // redis://…, postgres://…, memory; "": PostgreSQL with --db postgres://…, else memory
	metricsAddr string        // "": no metrics
	readyLag    time.Duration // how far the index may lag for /readyz
}

// clusterOptions returns the server options for cfg: the shared limits,
// the metrics (nil when not asked for), the readiness rule, and on
// PostgreSQL the change watch that keeps cached regulations in step with
// other nodes. db is the
// store's DSN, opinionLag the index's opinion lag.
func clusterOptions(ctx context.Context, cfg clusterConfig, db, addr string, opinionLag time.Duration, log *slog.Logger) ([]server.Option, *metrics.Metrics, error) {
	opts := []server.Option{server.WithReadiness(server.ReadyConfig{MaxLag: cfg.readyLag, OpinionLag: opinionLag})}
	shared := strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
	if shared {
		// Other nodes may change what this one caches.
		opts = append(opts, server.WithChangeWatch(500*time.Millisecond))
	}
	url := cfg.limits
	if url == "" && shared {
		url = db
	}
	var set *limits.Set
	if url != "" {
		b, err := limits.Open(ctx, url)
		if err != nil {
			return nil, nil, err
		}
		host, _ := os.Hostname()
		set = limits.NewSet(b, limits.SetConfig{Node: host + addr, Logger: log})
		opts = append(opts, server.WithLimits(set))
		log.Info("per-client limits", "backend", b.Name())
	}
	var m *metrics.Metrics
	if cfg.metricsAddr != "" {
		m = metrics.New()
		opts = append(opts, server.WithMetrics(m))
	}
	return opts, m, nil
}

// serveMetrics serves m on addr (a private address: the metrics are not
// for the public) until the returned stop is called.
func serveMetrics(addr string, m *metrics.Metrics, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server", "err", err)
		}
	}()
	log.Info("metrics", "addr", "http://"+ln.Addr().String()+"/metrics")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	}, nil
}
