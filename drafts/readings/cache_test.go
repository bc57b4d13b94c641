package readings

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"lifa/drafts/diff"
)

// TestCompareCache_bounded checks eviction of the least recently used
// entry, and that failures are not kept.
func TestCompareCache_bounded(t *testing.T) {
	cc := newCompareCache(2)
	computed := 0
	get := func(from int64) bool {
		_, hit, err := cc.get(compareKey{from: from, to: 9}, func() (*diff.Comparison, error) {
			computed++
			return &diff.Comparison{}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return hit
	}
	get(1)
	get(2)
	if !get(1) { // 1 is now the most recent, 2 the least
		t.Errorf("entry 1 not cached")
	}
	get(3) // evicts 2
	if get(2) {
		t.Errorf("entry 2 still cached after eviction")
	}
	if computed != 4 || cc.lru.Len() != 2 {
		t.Errorf("computed %d times, %d entries; want 4 and 2", computed, cc.lru.Len())
	}
	fail := errors.New("boom")
	for range 2 {
		if _, hit, err := cc.get(compareKey{from: 7}, func() (*diff.Comparison, error) { return nil, fail }); hit || err != fail {
			t.Errorf("failing comparison: hit %v err %v", hit, err)
		}
	}
}

// TestCompareCache_concurrent checks that requests for one comparison
// arriving together compute it once and share the result.
func TestCompareCache_concurrent(t *testing.T) {
	cc := newCompareCache(4)
	var computed atomic.Int32
	release := make(chan struct{})
	want := &diff.Comparison{}
	var wg sync.WaitGroup
	got := make([]*diff.Comparison, 8)
	for i := range got {
		wg.Go(func() {
			got[i], _, _ = cc.get(compareKey{from: 1, to: 2}, func() (*diff.Comparison, error) {
				computed.Add(1)
				<-release
				return want, nil
			})
		})
	}
	close(release)
	wg.Wait()
	if computed.Load() != 1 {
		t.Errorf("computed %d times, want 1", computed.Load())
	}
	for i, c := range got {
		if c != want {
			t.Errorf("request %d got %p, want the shared %p", i, c, want)
		}
	}
}
