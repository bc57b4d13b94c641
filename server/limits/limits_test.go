package limits

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// backends returns every backend this machine can test: memory always,
// PostgreSQL with LIFA_TEST_POSTGRES, Redis with LIFA_TEST_REDIS.
func backends(t testing.TB) map[string]func() Backend {
	out := map[string]func() Backend{"memory": func() Backend { return NewMemory() }}
	if url := os.Getenv("LIFA_TEST_POSTGRES"); url != "" {
		out["postgres"] = func() Backend {
			b, err := OpenPostgres(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	} else {
		t.Log("LIFA_TEST_POSTGRES unset: PostgreSQL backend not tested")
	}
	if url := os.Getenv("LIFA_TEST_REDIS"); url != "" {
		out["redis"] = func() Backend {
			b, err := OpenRedis(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	} else {
		t.Log("LIFA_TEST_REDIS unset: Redis backend not tested")
	}
	return out
}

// uniq makes a client name no earlier run has used (the shared backends
// keep state between runs).
func uniq(t testing.TB) string {
	return fmt.Sprintf("%s-%d-%d", t.Name(), os.Getpid(), time.Now().UnixNano())
}

func TestLimiter_Backends(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			b := open()
			// Two nodes on one shared state: the limit holds for both together.
			a := NewSet(b, SetConfig{Node: "a"})
			defer a.Close()
			c := NewSet(nopClose{b}, SetConfig{Node: "b"})
			defer c.Close()
			rule := Rule{Name: "test", Rate: PerMinute(1), Burst: 5}
			la, lb := a.Limiter(rule), c.Limiter(rule)
			client := uniq(t)
			allowed := 0
			var lastRetry time.Duration
			for i := 0; i < 12; i++ {
				l := la
				if i%2 == 1 {
					l = lb
				}
				ok, retry, degraded := l.Allow(context.Background(), client)
				if degraded {
					t.Fatalf("event %d degraded on a working backend", i)
				}
				if ok {
					allowed++
				} else {
					lastRetry = retry
				}
			}
			if allowed != 5 {
				t.Errorf("two nodes allowed %d of 12 events, want the burst 5", allowed)
			}
			// The next token arrives one interval (60 s) after the first.
			if lastRetry < 50*time.Second || lastRetry > 61*time.Second {
				t.Errorf("retry after %v, want about 60 s", lastRetry)
			}
			// Another client is not affected.
			if ok, _, _ := la.Allow(context.Background(), client+"-other"); !ok {
				t.Error("another client was refused")
			}
			// Another rule on the same client is not affected.
			if ok, _, _ := a.Limiter(Rule{Name: "test2", Rate: 1, Burst: 1}).Allow(context.Background(), client); !ok {
				t.Error("another rule was refused")
			}
			// Both nodes count themselves.
			a.beat()
			c.beat()
			if n := a.Nodes(); n < 2 {
				t.Errorf("nodes = %d, want at least 2", n)
			}
		})
	}
}

func TestLimiter_Refill(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := NewSet(open(), SetConfig{Node: "n"})
			defer s.Close()
			l := s.Limiter(Rule{Name: "refill", Rate: 20, Burst: 1}) // one per 50 ms
			client := uniq(t)
			if ok, _, _ := l.Allow(context.Background(), client); !ok {
				t.Fatal("first event refused")
			}
			ok, retry, _ := l.Allow(context.Background(), client)
			if ok || retry <= 0 || retry > 50*time.Millisecond {
				t.Fatalf("second event: ok=%v retry=%v, want refused for ≤ 50 ms", ok, retry)
			}
			time.Sleep(retry + 5*time.Millisecond)
			if ok, _, _ := l.Allow(context.Background(), client); !ok {
				t.Error("refused after waiting the retry time")
			}
		})
	}
}

// failing is a backend that is down.
type failing struct{ live int }

var errDown = errors.New("down")

func (f failing) Take(context.Context, string, int64, int64) (time.Duration, error) {
	return 0, errDown
}
func (f failing) Live(context.Context, string, time.Duration) (int, error) {
	if f.live > 0 {
		return f.live, nil
	}
	return 0, errDown
}
func (failing) Name() string { return "failing" }
func (failing) Close() error { return nil }

// nopClose shares a backend between two Sets without closing it twice.
type nopClose struct{ Backend }

func (nopClose) Close() error { return nil }

func TestLimiter_Degrade(t *testing.T) {
	// Three nodes were last seen; the backend's Take is down.
	s := NewSet(failing{live: 3}, SetConfig{Node: "n"})
	defer s.Close()
	if s.Nodes() != 3 {
		t.Fatalf("nodes = %d, want 3", s.Nodes())
	}
	local := s.Limiter(Rule{Name: "opinion", Rate: PerMinute(6), Burst: 9, OnError: Local})
	allowed := 0
	for i := 0; i < 10; i++ {
		ok, _, degraded := local.Allow(context.Background(), "1.2.3.4")
		if !degraded {
			t.Fatal("not reported as degraded")
		}
		if ok {
			allowed++
		}
	}
	if allowed != 3 {
		t.Errorf("local fallback allowed %d, want 9/3 = 3 on this node", allowed)
	}
	refuse := s.Limiter(Rule{Name: "signin", Rate: 1, Burst: 100, OnError: Refuse})
	if ok, retry, _ := refuse.Allow(context.Background(), "alice"); ok || retry <= 0 {
		t.Errorf("sign-in with the state down: ok=%v retry=%v, want refused", ok, retry)
	}
	if s.Degraded() != 11 {
		t.Errorf("degraded = %d, want 11", s.Degraded())
	}
}

func TestLimiter_NodesUnknown(t *testing.T) {
	// Down from the start: the configured estimate stands.
	s := NewSet(failing{}, SetConfig{Node: "n", Nodes: 2})
	defer s.Close()
	l := s.Limiter(Rule{Name: "receipt", Rate: 1, Burst: 4})
	n := 0
	for i := 0; i < 5; i++ {
		if ok, _, _ := l.Allow(context.Background(), "x"); ok {
			n++
		}
	}
	if n != 2 {
		t.Errorf("allowed %d, want 4/2 = 2", n)
	}
}

func TestOpen_Unreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// A Redis that does not answer: the node starts, and its limits degrade.
	b, err := Open(ctx, "redis://127.0.0.1:1/0")
	if err != nil {
		t.Fatalf("redis on a closed port: %v, want a backend that degrades", err)
	}
	s := NewSet(b, SetConfig{Node: "n", Nodes: 2})
	defer s.Close()
	if ok, _, degraded := s.Limiter(Rule{Name: "x", Rate: 1, Burst: 2}).Allow(ctx, "c"); !ok || !degraded {
		t.Errorf("first check with Redis down: ok=%v degraded=%v, want the local share (1 of 2)", ok, degraded)
	}
	if ok, _, _ := s.Limiter(Rule{Name: "x", Rate: 1, Burst: 2}).Allow(ctx, "c"); ok {
		t.Error("second check with Redis down allowed: the local share is 2/2 nodes = 1")
	}
	if _, err := Open(ctx, "redis://%zz"); err == nil {
		t.Error("malformed redis URL opened")
	}
	if _, err := Open(ctx, "ftp://x"); err == nil {
		t.Error("unknown scheme opened")
	}
	if b, err := Open(ctx, "memory"); err != nil || b.Name() != "memory" {
		t.Errorf("memory: %v %v", b, err)
	}
}

// BenchmarkTake measures one limit check against each backend with many
// clients checking at once (-cpu sets GOMAXPROCS; LIFA_BENCH_CONC the
// goroutines, default 64), and reports p50/p99 latency besides ns/op
// (= 1/throughput). Run with LIFA_TEST_POSTGRES and LIFA_TEST_REDIS set:
//
//	go test -run '^$' -bench Take -benchtime 20000x ./server/limits/
func BenchmarkTake(b *testing.B) {
	conc := 64
	if v := os.Getenv("LIFA_BENCH_CONC"); v != "" {
		fmt.Sscan(v, &conc)
	}
	for name, open := range backends(b) {
		b.Run(name, func(b *testing.B) {
			be := open()
			defer be.Close()
			iv, burst := Rule{Rate: 1e6, Burst: 1000}.params(1) // never refuses: measure the allowed path
			prefix := uniq(b)
			var next atomic.Int64
			lat := make([]time.Duration, b.N)
			var errs atomic.Int64
			var wg sync.WaitGroup
			cpu0 := serverCPU(name)
			b.ResetTimer()
			for g := 0; g < conc; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := next.Add(1) - 1
						if i >= int64(b.N) {
							return
						}
						key := fmt.Sprintf("%s:%d", prefix, i%10000) // 10,000 clients
						t0 := time.Now()
						if _, err := be.Take(context.Background(), key, iv, burst); err != nil {
							errs.Add(1)
						}
						lat[i] = time.Since(t0)
					}
				}()
			}
			wg.Wait()
			b.StopTimer()
			if name != "memory" { // read before Close ends PostgreSQL's backends
				b.ReportMetric(float64((serverCPU(name)-cpu0).Microseconds())/float64(b.N), "server-cpu-µs/op")
			}
			if errs.Load() > 0 {
				b.Fatalf("%d errors", errs.Load())
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
		})
	}
}

// serverCPU is the CPU time used so far by the processes of the backend's
// server on this machine (PostgreSQL's "postgres" processes or
// "redis-server"), from /proc; 0 where there is no /proc.
func serverCPU(backend string) time.Duration {
	comm := map[string]string{"postgres": "postgres", "redis": "redis-server"}[backend]
	var t time.Duration
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		b, err := os.ReadFile(p)
		s := string(b)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if err != nil || open < 0 || end < open || s[open+1:end] != comm {
			continue
		}
		f := strings.Fields(s[end+2:])
		var ut, st int64
		fmt.Sscan(f[11], &ut)
		fmt.Sscan(f[12], &st)
		t += time.Duration(ut+st) * 10 * time.Millisecond
	}
	return t
}
