package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"net/http"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/readings"
)

// The version page is the page most read, and versions never change: its
// text is rendered to HTML once per version (and once more with the
// opinion links of an open consultation), and the whole page served to
// anonymous visitors is kept, plain and gzipped, as long as what it depends
// on besides the version (the regulation's title, the consultation banner,
// the readings before and after it, its withdrawal) is unchanged.
// versionPages is the one owner of these renderings; the parsed documents
// are the store's (its LRU of decoded documents), the regulation with its
// versions is readings.Service's (Snapshot).

// bodyCacheBytes is the budget of the rendered versions kept: a budget of
// bytes, not a count, since one rendered 5,000-article text is megabytes
// and 64 such kept gigabytes resident after a few large uploads. A text too
// large for a quarter of the budget is rendered per request instead.
const bodyCacheBytes = 96 << 20

// regulationTTL is how long the version page trusts a regulation's title
// and versions (readings.SnapshotTTL).
const regulationTTL = readings.SnapshotTTL

// versionPages caches what the version page renders.
type versionPages struct {
	mu    sync.Mutex
	views map[int64]*versionView
	order []int64 // oldest first; the oldest go when full
	bytes int64   // the cost of views
	// forget drops a regulation's snapshot in the readings workflows
	// (readings.Service.ForgetRegulation, set with the version routes).
	forget func(id int64)
}

func newVersionPages() versionPages {
	return versionPages{views: map[int64]*versionView{}}
}

// versionView is what the version page needs of an immutable version: its
// metadata, its text rendered to HTML, the same with the opinion links of
// one consultation, and the last whole page served to anonymous visitors.
type versionView struct {
	version  *drafts.Version // without Document
	docTitle string
	body     template.HTML
	warnings []drafts.Warning // the parser's, shown to signed-in staff

	mu     sync.Mutex
	linked template.HTML // body with the links to consultation linkID's form
	linkID int64
	full   *cachedPage
}

// cost is what an entry may come to hold: the body, the same with the
// opinion links, and the whole page around it, plain and gzipped.
func (vv *versionView) cost() int64 { return 3*int64(len(vv.body)) + 64<<10 }

// title is the page title: the document's title and the version's stage.
func (vv *versionView) title(r *drafts.Regulation) string {
	t := vv.docTitle
	if t == "" {
		t = r.Title
	}
	return t + "（" + vv.version.StageName + "）"
}

// page returns the cached anonymous page if it was rendered for key.
func (vv *versionView) page(key string) *cachedPage {
	vv.mu.Lock()
	defer vv.mu.Unlock()
	if vv.full != nil && vv.full.key == key {
		return vv.full
	}
	return nil
}

func (vv *versionView) setPage(pg *cachedPage) {
	vv.mu.Lock()
	vv.full = pg
	vv.mu.Unlock()
}

// linkedBody returns the body with the links to consultation consID's
// form, rendering it with render the first time.
func (vv *versionView) linkedBody(consID int64, render func() (template.HTML, error)) (template.HTML, error) {
	vv.mu.Lock()
	if vv.linkID == consID && vv.linked != "" {
		b := vv.linked
		vv.mu.Unlock()
		return b, nil
	}
	vv.mu.Unlock()
	b, err := render()
	if err != nil {
		return "", err
	}
	vv.mu.Lock()
	vv.linked, vv.linkID = b, consID
	vv.mu.Unlock()
	return b, nil
}

func (vp *versionPages) get(id int64) *versionView {
	vp.mu.Lock()
	defer vp.mu.Unlock()
	return vp.views[id]
}

func (vp *versionPages) put(id int64, vv *versionView) {
	vp.mu.Lock()
	defer vp.mu.Unlock()
	if _, ok := vp.views[id]; ok || vv.cost() > bodyCacheBytes/4 {
		return
	}
	for len(vp.order) > 0 && vp.bytes+vv.cost() > bodyCacheBytes {
		vp.bytes -= vp.views[vp.order[0]].cost()
		delete(vp.views, vp.order[0])
		vp.order = vp.order[1:]
	}
	vp.views[id] = vv
	vp.bytes += vv.cost()
	vp.order = append(vp.order, id)
}

// dropRegulation forgets a regulation changed elsewhere, as the change
// log says (changes.go): the next version page reads it again.
func (vp *versionPages) dropRegulation(id int64) {
	if vp.forget != nil {
		vp.forget(id)
	}
}

// cachedPage is a rendered page, plain and gzipped.
type cachedPage struct {
	key  string // what the page depends on besides the version
	html []byte
	gz   []byte
	etag string
}

func newCachedPage(key string, html []byte) *cachedPage {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(html)
	_ = zw.Close()
	sum := sha256.Sum256(html)
	return &cachedPage{key: key, html: html, gz: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

// writePage writes a rendered page, gzipped when the client accepts it,
// with an ETag so that reloads can be answered with 304.
func writePage(c *gin.Context, pg *cachedPage) {
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

// isPrecompressed reports whether the request is for a page whose handler
// compresses the response itself: the version page for anonymous visitors,
// served from its cache.
func isPrecompressed(c *gin.Context) bool {
	if c.Request.URL.RawQuery != "" || c.GetHeader("Authorization") != "" || c.GetHeader("Cookie") != "" {
		return false
	}
	p := c.Request.URL.Path
	if !strings.HasPrefix(p, "/versions/") {
		return false
	}
	rest := p[len("/versions/"):]
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return rest != ""
}
