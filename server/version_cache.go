package server

import (
	"html/template"
	"sync"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/web/httpx"
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

// versionPages caches what the version page renders, by version id.
type versionPages = httpx.BudgetCache[int64, *versionView]

func newVersionPages() *versionPages {
	return httpx.NewBudgetCache[int64, *versionView](bodyCacheBytes)
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
	full   *httpx.CachedPage
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
func (vv *versionView) page(key string) *httpx.CachedPage {
	vv.mu.Lock()
	defer vv.mu.Unlock()
	if vv.full != nil && vv.full.Key == key {
		return vv.full
	}
	return nil
}

func (vv *versionView) setPage(pg *httpx.CachedPage) {
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

// isPrecompressed reports whether the request is for a page whose handler
// compresses the response itself: the version page for anonymous visitors,
// served from its cache.
func isPrecompressed(c *gin.Context) bool { return httpx.IsSharedPage(c, "/versions/") }
