package server

import (
	"html/template"
	"sync"
	"time"

	"lifa/drafts"
)

// versionView is what the version page needs of an immutable version:
// its metadata, its text rendered to HTML, and the last whole page served
// to anonymous visitors.
type versionView struct {
	version  *drafts.Version // without Document
	docTitle string
	body     template.HTML
	warnings []drafts.Warning // the parser's, shown to signed-in staff

	mu   sync.Mutex
	full *cachedPage
}

// title is the page title: the document's title and the version's stage.
func (vb *versionView) title(r *drafts.Regulation) string {
	t := vb.docTitle
	if t == "" {
		t = r.Title
	}
	return t + "（" + vb.version.StageName + "）"
}

// page returns the cached anonymous page if it was rendered for key.
func (vb *versionView) page(key string) *cachedPage {
	vb.mu.Lock()
	defer vb.mu.Unlock()
	if vb.full != nil && vb.full.key == key {
		return vb.full
	}
	return nil
}

func (vb *versionView) setPage(pg *cachedPage) {
	vb.mu.Lock()
	vb.full = pg
	vb.mu.Unlock()
}

// bodyCache keeps the rendered text of versions (and the page served to
// anonymous visitors around it) within a budget of bytes, not a count:
// one rendered 5,000-article text is megabytes, and a cache of 64 such
// kept gigabytes resident after a few large uploads. A text too large for
// a quarter of the budget is rendered per request instead. Versions never
// change, so entries never go stale; when full, the oldest entries go.
type bodyCache struct {
	mu       sync.Mutex
	maxBytes int64
	bytes    int64
	m        map[int64]*versionView
	order    []int64
}

// bodyCacheBytes is the budget of the server's bodyCache.
const bodyCacheBytes = 96 << 20

func newBodyCache(maxBytes int64) *bodyCache {
	return &bodyCache{maxBytes: maxBytes, m: map[int64]*versionView{}}
}

// cost is what an entry may come to hold: the body, and the whole page
// around it, plain and gzipped.
func (vb *versionView) cost() int64 { return 2*int64(len(vb.body)) + 64<<10 }

func (bc *bodyCache) get(id int64) *versionView {
	bc.mu.Lock()
	defer bc.mu.Unlock()
	return bc.m[id]
}

func (bc *bodyCache) put(id int64, vb *versionView) {
	bc.mu.Lock()
	defer bc.mu.Unlock()
	if _, ok := bc.m[id]; ok || vb.cost() > bc.maxBytes/4 {
		return
	}
	for len(bc.order) > 0 && bc.bytes+vb.cost() > bc.maxBytes {
		old := bc.m[bc.order[0]]
		bc.bytes -= old.cost()
		delete(bc.m, bc.order[0])
		bc.order = bc.order[1:]
	}
	bc.m[id] = vb
	bc.bytes += vb.cost()
	bc.order = append(bc.order, id)
}

// regulationTTL is how long the version page trusts a cached regulation
// (its title in the breadcrumb and heading). Changes made through this
// server drop the entry at once; changes made elsewhere (another server on
// the same PostgreSQL) show within the TTL.
const regulationTTL = 5 * time.Second

// regulationCache keeps recently read regulations for the version page.
type regulationCache struct {
	mu sync.Mutex
	m  map[int64]cachedRegulation
}

type cachedRegulation struct {
	r  *drafts.Regulation
	at time.Time
}

func (rc *regulationCache) get(id int64, now time.Time) *drafts.Regulation {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if e, ok := rc.m[id]; ok && now.Sub(e.at) < regulationTTL {
		return e.r
	}
	return nil
}

func (rc *regulationCache) put(r *drafts.Regulation, now time.Time) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.m == nil || len(rc.m) > 4096 {
		rc.m = map[int64]cachedRegulation{}
	}
	rc.m[r.ID] = cachedRegulation{r, now}
}

func (rc *regulationCache) drop(id int64) {
	rc.mu.Lock()
	delete(rc.m, id)
	rc.mu.Unlock()
}
