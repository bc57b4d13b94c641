package readings

import (
	"container/list"
	"sync"

	"lifa/drafts"
	"lifa/drafts/diff"
)

// compareKey names one comparison: two versions of the store.
type compareKey struct {
	from, to int64
}

// compareEntry is one comparison, being computed until done is closed.
type compareEntry struct {
	key  compareKey
	done chan struct{}
	cmp  *diff.Comparison
	err  error
}

// compareCache is a small LRU of comparisons. Versions never change, so an
// entry never goes stale; the least recently used goes when it is full.
// Requests for a comparison being computed wait for it instead of
// computing it again; failures are not kept.
type compareCache struct {
	mu  sync.Mutex
	max int
	m   map[compareKey]*list.Element // of *compareEntry
	lru *list.List                   // most recently used first
}

func newCompareCache(max int) *compareCache {
	return &compareCache{max: max, m: map[compareKey]*list.Element{}, lru: list.New()}
}

// get returns the comparison for key, computing it with compute when it is
// not cached, and whether it was.
func (cc *compareCache) get(key compareKey, compute func() (*diff.Comparison, error)) (*diff.Comparison, bool, error) {
	cc.mu.Lock()
	if el, ok := cc.m[key]; ok {
		cc.lru.MoveToFront(el)
		e := el.Value.(*compareEntry)
		cc.mu.Unlock()
		<-e.done
		if e.err == nil {
			return e.cmp, true, nil
		}
		// The computation waited for failed (e.g. its request was
		// cancelled): try again, without caching.
		cmp, err := compute()
		return cmp, false, err
	}
	e := &compareEntry{key: key, done: make(chan struct{})}
	cc.m[key] = cc.lru.PushFront(e)
	for cc.lru.Len() > cc.max {
		old := cc.lru.Back()
		cc.lru.Remove(old)
		delete(cc.m, old.Value.(*compareEntry).key)
	}
	cc.mu.Unlock()

	// Should compute panic, the waiters see this error and the entry goes.
	e.err = drafts.Errorf(drafts.EINTERNAL, "比较未能完成。")
	defer func() {
		if e.err != nil {
			cc.mu.Lock()
			if el, ok := cc.m[key]; ok && el.Value.(*compareEntry) == e {
				cc.lru.Remove(el)
				delete(cc.m, key)
			}
			cc.mu.Unlock()
		}
		close(e.done)
	}()
	e.cmp, e.err = compute()
	return e.cmp, false, e.err
}
