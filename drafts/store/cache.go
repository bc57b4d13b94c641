package store

import (
	"container/list"
	"sync"

	"lifa/drafts"
)

// docCacheSize is how many decoded documents a Store keeps. Decoding the
// JSON of a 266-article law costs several milliseconds, and versions never
// change, so the version page of a popular text need not pay it each time.
const docCacheSize = 16

// docCache is a small LRU of decoded documents by version id. Versions are
// immutable, so entries never go stale.
type docCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front = most recently used; values are *docEntry
	byID  map[int64]*list.Element
}

type docEntry struct {
	id  int64
	doc *drafts.Document
}

func newDocCache(max int) *docCache {
	return &docCache{max: max, order: list.New(), byID: make(map[int64]*list.Element)}
}

func (c *docCache) get(id int64) *drafts.Document {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byID[id]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*docEntry).doc
	}
	return nil
}

func (c *docCache) put(id int64, doc *drafts.Document) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byID[id]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.byID[id] = c.order.PushFront(&docEntry{id, doc})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byID, last.Value.(*docEntry).id)
	}
}
