// Package limits keeps per-client rate limits (public opinions, sign-in,
// receipt look-ups) whose state is shared by every Lifa node, so that a
// client's allowance does not multiply by the number of nodes behind the
// balancer.
//
// Every limit is a GCRA (generic cell rate algorithm, the "virtual
// scheduling" form of a token bucket): per key the state is one number,
// the theoretical arrival time (TAT) of the next event. An event at time
// now is allowed when max(TAT, now) + interval − burst·interval ≤ now, and
// then TAT becomes max(TAT, now) + interval. One number per key means one
// round trip and one atomic statement in every backend:
//
//   - Redis: a Lua script (GET, compare, SET with expiry), on Redis' clock;
//   - PostgreSQL: one INSERT … ON CONFLICT DO UPDATE … WHERE on an UNLOGGED
//     table, on PostgreSQL's clock (clock_timestamp());
//   - Memory: the same arithmetic in a map, for a single node and as the
//     fallback when the shared state cannot be reached.
//
// The clock is the shared state's own, so nodes whose clocks disagree still
// agree on every limit.
//
// # Degrading when the state is unreachable
//
// A Limiter never returns an error to its caller. When the backend fails,
// Rule.OnError decides:
//
//   - Local: fall back to a per-node limit of Rate/N with a burst of
//     Burst/N (at least 1), where N is the number of live nodes last seen
//     through the backend (each node reports itself every few seconds; see
//     Set.Heartbeat). Summed over N nodes a client still gets about what the
//     shared limit gives it. Used for public opinions and receipt look-ups:
//     at a deadline the comment period must stay open.
//   - Refuse: refuse (RetryAfter set). Used for sign-in: a password guess
//     is never let through unlimited because Redis is down. Sessions that
//     exist keep working; only new sign-ins wait.
package limits

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Degrade says what a Limiter does when its backend fails.
type Degrade int

const (
	// Local falls back to a per-node limit (Rate and Burst divided by the
	// number of live nodes last seen).
	Local Degrade = iota
	// Refuse refuses every request until the backend answers again.
	Refuse
)

// Rule is one rate limit: Rate events per second sustained, Burst at once.
type Rule struct {
	// Name prefixes the keys of this limit in the shared state ("opinion",
	// "signin", "receipt"); it must be unique within a Set.
	Name    string
	Rate    float64 // events per second; must be > 0
	Burst   int     // events allowed at once; < 1 means 1
	OnError Degrade
}

// PerMinute is a Rule's Rate for n events a minute.
func PerMinute(n float64) float64 { return n / 60 }

// interval is the time one event costs (1/Rate) and burst the tolerance
// (Burst intervals), both in microseconds as the backends store them.
func (r Rule) params(scale int) (interval, burst int64) {
	b := r.Burst
	if b < 1 {
		b = 1
	}
	if scale > 1 {
		b /= scale
		if b < 1 {
			b = 1
		}
	}
	iv := 1e6 / r.Rate
	if scale > 1 {
		iv *= float64(scale)
	}
	if iv < 1 {
		iv = 1
	}
	if iv > math.MaxInt64/4 {
		iv = math.MaxInt64 / 4
	}
	return int64(iv), int64(iv) * int64(b)
}

// Backend holds the limits' state. Take records one event for key if the
// limit (interval and burst in microseconds, see Rule) allows it and
// returns 0, or returns how long until it would be allowed (and records
// nothing). Live records that node is alive for ttl and returns how many
// nodes are alive.
type Backend interface {
	Take(ctx context.Context, key string, interval, burst int64) (wait time.Duration, err error)
	Live(ctx context.Context, node string, ttl time.Duration) (int, error)
	Name() string
	Close() error
}

// Open opens the backend a URL names: "redis://host:port/db",
// "postgres://…" (or "postgresql://…"), or "memory" (this process only).
// A Redis server that does not answer yet is not an error (see OpenRedis);
// PostgreSQL must answer (its tables are created here).
func Open(ctx context.Context, url string) (Backend, error) {
	switch {
	case url == "" || url == "memory":
		return NewMemory(), nil
	case strings.HasPrefix(url, "redis://") || strings.HasPrefix(url, "rediss://"):
		r, err := OpenRedis(ctx, url)
		if r == nil {
			return nil, err
		}
		return r, nil
	case strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://"):
		return OpenPostgres(ctx, url)
	}
	return nil, fmt.Errorf("limits: unknown backend %q (want redis://…, postgres://… or memory)", url)
}

// Set is the limits of one node: the shared backend, the local fallback
// and the estimate of live nodes. Create it with NewSet; it is safe for
// concurrent use.
type Set struct {
	backend  Backend
	fallback *Memory
	node     string
	log      *slog.Logger
	timeout  time.Duration

	nodes     atomic.Int64 // live nodes last seen, ≥ 1
	degraded  atomic.Int64 // decisions taken without the backend
	lastWarn  atomic.Int64 // unix nanos of the last "backend unreachable" log line
	mu        sync.Mutex
	limiters  map[string]*Limiter
	stopOnce  sync.Once
	stop      chan struct{}
	heartbeat time.Duration
}

// SetConfig configures a Set.
type SetConfig struct {
	// Node names this node in the live-node count (e.g. host:port).
	Node string
	// Timeout bounds one backend call (default 250 ms): past it the
	// decision is taken as if the backend were down.
	Timeout time.Duration
	// Heartbeat is how often the node reports itself alive (default 5 s);
	// a node is counted for three heartbeats.
	Heartbeat time.Duration
	// Nodes is the node count assumed until the first heartbeat answers
	// (default 1).
	Nodes  int
	Logger *slog.Logger
}

// NewSet returns the limits of one node on backend b and starts its
// heartbeat; Close stops it and closes b.
func NewSet(b Backend, cfg SetConfig) *Set {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 250 * time.Millisecond
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = 5 * time.Second
	}
	if cfg.Nodes < 1 {
		cfg.Nodes = 1
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Set{backend: b, fallback: NewMemory(), node: cfg.Node, log: cfg.Logger, timeout: cfg.Timeout,
		limiters: map[string]*Limiter{}, stop: make(chan struct{}), heartbeat: cfg.Heartbeat}
	s.nodes.Store(int64(cfg.Nodes))
	s.beat()
	go s.run()
	return s
}

func (s *Set) run() {
	t := time.NewTicker(s.heartbeat)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.beat()
		}
	}
}

// beat reports this node alive and refreshes the node estimate; on error
// the last estimate stays.
func (s *Set) beat() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*s.timeout)
	defer cancel()
	n, err := s.backend.Live(ctx, s.node, 3*s.heartbeat)
	if err != nil {
		s.warn(err)
		return
	}
	if n < 1 {
		n = 1
	}
	s.nodes.Store(int64(n))
}

// Nodes is the number of live nodes last seen (at least 1).
func (s *Set) Nodes() int { return int(s.nodes.Load()) }

// Degraded is how many decisions were taken without the backend.
func (s *Set) Degraded() int64 { return s.degraded.Load() }

// Backend names the shared state ("redis", "postgres", "memory").
func (s *Set) Backend() string { return s.backend.Name() }

// Close stops the heartbeat and closes the backend.
func (s *Set) Close() error {
	s.stopOnce.Do(func() { close(s.stop) })
	return s.backend.Close()
}

// Limiter returns the limiter for r, creating it on first use. Rules with
// the same Name share state.
func (s *Set) Limiter(r Rule) *Limiter {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.limiters[r.Name]; l != nil && l.rule == r {
		return l
	}
	l := &Limiter{set: s, rule: r}
	s.limiters[r.Name] = l
	return l
}

// warn logs a backend failure at most every ten seconds.
func (s *Set) warn(err error) {
	now := time.Now().UnixNano()
	last := s.lastWarn.Load()
	if now-last > int64(10*time.Second) && s.lastWarn.CompareAndSwap(last, now) {
		s.log.Warn("limits: shared state unreachable; degrading", "backend", s.backend.Name(), "error", err.Error(),
			"nodes", s.Nodes())
	}
}

// Limiter is one Rule on a Set.
type Limiter struct {
	set  *Set
	rule Rule
}

// Rule returns the limiter's rule.
func (l *Limiter) Rule() Rule { return l.rule }

// Allow records one event for client (an address, an account name) and
// reports whether the limit allows it; when it does not, retry is how long
// until it would. It never fails: when the backend does, Rule.OnError
// decides (see the package comment), and degraded reports that it did.
func (l *Limiter) Allow(ctx context.Context, client string) (ok bool, retry time.Duration, degraded bool) {
	key := l.rule.Name + ":" + client
	iv, burst := l.rule.params(1)
	ctx, cancel := context.WithTimeout(ctx, l.set.timeout)
	wait, err := l.set.backend.Take(ctx, key, iv, burst)
	cancel()
	if err == nil {
		return wait <= 0, wait, false
	}
	l.set.degraded.Add(1)
	l.set.warn(err)
	if l.rule.OnError == Refuse {
		return false, 30 * time.Second, true
	}
	iv, burst = l.rule.params(l.set.Nodes())
	wait, _ = l.set.fallback.Take(context.Background(), key, iv, burst)
	return wait <= 0, wait, true
}

// ErrClosed is returned by a backend used after Close.
var ErrClosed = errors.New("limits: backend closed")
