package httpx

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// CachedPage is a rendered page kept to be served again, plain and
// gzipped (at the best compression, paid once), with an ETag.
type CachedPage struct {
	Key  string // what the page depends on, as its owner says
	html []byte
	gz   []byte
	etag string
}

// NewCachedPage keeps html, rendered for key.
func NewCachedPage(key string, html []byte) *CachedPage {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(html)
	_ = zw.Close()
	sum := sha256.Sum256(html)
	return &CachedPage{Key: key, html: html, gz: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

// Write writes the page, gzipped when the client accepts it, with an ETag
// so that reloads are answered with 304.
func (pg *CachedPage) Write(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", pg.etag)
	if inm := c.GetHeader("If-None-Match"); inm != "" && inm == pg.etag {
		c.Status(http.StatusNotModified)
		return
	}
	if strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		c.Data(http.StatusOK, "text/html; charset=utf-8", pg.gz)
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", pg.html)
}

// IsSharedPage reports whether the request may be answered with a page
// shared by every visitor: no query, no credentials (no Authorization, no
// Cookie), and a path that is prefix followed by an id (digits only).
func IsSharedPage(c *gin.Context, prefix string) bool {
	if c.Request.URL.RawQuery != "" || c.GetHeader("Authorization") != "" || c.GetHeader("Cookie") != "" {
		return false
	}
	rest, ok := strings.CutPrefix(c.Request.URL.Path, prefix)
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// BudgetCache keeps values within a budget of bytes, not a count, since
// one rendered page may be megabytes where another is kilobytes: the
// oldest go first when a new value does not fit, and a value costing more
// than a quarter of the budget is not kept. Safe for concurrent use.
type BudgetCache[K comparable, V any] struct {
	mu     sync.Mutex
	budget int64
	items  map[K]budgeted[V]
	order  []K   // oldest first
	bytes  int64 // the cost of items
}

type budgeted[V any] struct {
	v    V
	cost int64
}

// NewBudgetCache returns an empty cache of budget bytes.
func NewBudgetCache[K comparable, V any](budget int64) *BudgetCache[K, V] {
	return &BudgetCache[K, V]{budget: budget, items: map[K]budgeted[V]{}}
}

// Get returns the value kept for k.
func (bc *BudgetCache[K, V]) Get(k K) (V, bool) {
	bc.mu.Lock()
	defer bc.mu.Unlock()
	e, ok := bc.items[k]
	return e.v, ok
}

// Put keeps v for k at cost bytes, unless k is kept already or v costs
// more than a quarter of the budget.
func (bc *BudgetCache[K, V]) Put(k K, v V, cost int64) {
	bc.mu.Lock()
	defer bc.mu.Unlock()
	if _, ok := bc.items[k]; ok || cost > bc.budget/4 {
		return
	}
	for len(bc.order) > 0 && bc.bytes+cost > bc.budget {
		bc.bytes -= bc.items[bc.order[0]].cost
		delete(bc.items, bc.order[0])
		bc.order = bc.order[1:]
	}
	bc.items[k] = budgeted[V]{v, cost}
	bc.bytes += cost
	bc.order = append(bc.order, k)
}
