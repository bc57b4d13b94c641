package limits

import (
	"context"
	"sync"
	"time"
)

// Memory keeps the limits in this process: right for a single node (on
// SQLite) and the fallback of a Set whose shared state is unreachable.
type Memory struct {
	now func() time.Time

	mu    sync.Mutex
	tat   map[string]int64 // key → theoretical arrival time, µs since the epoch
	swept int64
	live  map[string]time.Time
}

// NewMemory returns an empty in-process backend.
func NewMemory() *Memory { return NewMemoryClock(time.Now) }

// NewMemoryClock is NewMemory on the clock now (a test's fake time).
func NewMemoryClock(now func() time.Time) *Memory {
	return &Memory{now: now, tat: map[string]int64{}, live: map[string]time.Time{}}
}

// Name is "memory".
func (m *Memory) Name() string { return "memory" }

// Take is the GCRA step (see the package comment) on the process clock.
func (m *Memory) Take(_ context.Context, key string, interval, burst int64) (time.Duration, error) {
	now := m.now().UnixMicro()
	m.mu.Lock()
	defer m.mu.Unlock()
	if now-m.swept > 60e6 {
		// A key whose TAT has passed is the same as no key.
		for k, t := range m.tat {
			if t < now {
				delete(m.tat, k)
			}
		}
		m.swept = now
	}
	wait, tat := gcra(m.tat[key], now, interval, burst)
	if wait > 0 {
		return wait, nil
	}
	m.tat[key] = tat
	return 0, nil
}

// gcra is one GCRA step: from the stored TAT (0: none) at time now it
// returns how long to wait (> 0: refused) or the new TAT.
func gcra(tat, now, interval, burst int64) (time.Duration, int64) {
	if tat < now {
		tat = now
	}
	next := tat + interval
	if allowAt := next - burst; allowAt > now {
		return time.Duration(allowAt-now) * time.Microsecond, 0
	}
	return 0, next
}

// Live counts the nodes seen within ttl (in one process: this one).
func (m *Memory) Live(_ context.Context, node string, ttl time.Duration) (int, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.live[node] = now
	n := 0
	for k, t := range m.live {
		if now.Sub(t) > ttl {
			delete(m.live, k)
			continue
		}
		n++
	}
	return n, nil
}

// Close does nothing.
func (m *Memory) Close() error { return nil }
