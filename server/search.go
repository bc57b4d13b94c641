package server

import (
	"net/http"
	"sync/atomic"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/search"
)

// The search index is served behind an atomic pointer, so the server can
// listen while the index is opened or rebuilt (`lifa serve` opens it in the
// background: a damaged index takes a while to rebuild). Until it is
// ready, searches answer 503 with 检索索引正在重建…, every other page and
// the API are served, and /healthz says "search": "rebuilding".

// Search states reported by /healthz.
const (
	searchOff        = "off"        // no index configured
	searchRebuilding = "rebuilding" // being opened, caught up or rebuilt
	searchReady      = "ready"
	searchFailed     = "failed" // could not be opened; see the log
)

// searchHolder is the index and its state.
type searchHolder struct {
	ix    atomic.Pointer[search.Index]
	state atomic.Value // string, one of the search states
}

// index returns the index when it is ready, else nil.
func (h *searchHolder) index() *search.Index { return h.ix.Load() }

func (h *searchHolder) status() string {
	if v, ok := h.state.Load().(string); ok {
		return v
	}
	return searchOff
}

// WithSearch hands the server the full-text index, ready to serve: it
// serves GET /api/v1/search and /search, and indexes every new version
// before the upload's response is sent (the index's follower would
// otherwise pick it up from the change log within a second).
func WithSearch(ix *search.Index) Option {
	return func(s *Server) error {
		s.enableSearch()
		s.SetSearch(ix)
		return nil
	}
}

// WithSearchPending says that an index is being opened: searches answer
// 503 until SetSearch hands it over (or SearchFailed says it will not
// come).
func WithSearchPending() Option {
	return func(s *Server) error {
		s.enableSearch()
		s.search.state.Store(searchRebuilding)
		return nil
	}
}

// SetSearch makes ix the index searches use, from now on. Safe to call
// while the server serves.
func (s *Server) SetSearch(ix *search.Index) {
	s.search.ix.Store(ix)
	s.search.state.Store(searchReady)
}

// SearchFailed records that the index could not be opened: searches
// answer 503 and /healthz says "failed".
func (s *Server) SearchFailed() {
	if s.search.index() == nil {
		s.search.state.Store(searchFailed)
	}
}

// enableSearch marks search as configured: rebuilding until SetSearch.
func (s *Server) enableSearch() {
	if s.search.status() == searchOff {
		s.search.state.Store(searchRebuilding)
	}
}

func (s *Server) registerSearchRoutes(api, pages *gin.RouterGroup) {
	api.GET("/search", s.handle(s.apiSearch))
	pages.GET("/search", s.handle(s.searchPage))
}

// searchIndex returns the index, or EUNAVAILABLE (503, with Retry-After
// while it is being rebuilt) saying in Chinese why there is none.
func (s *Server) searchIndex(c *gin.Context) (*search.Index, error) {
	if ix := s.search.index(); ix != nil {
		return ix, nil
	}
	switch s.search.status() {
	case searchRebuilding:
		c.Header("Retry-After", "10")
		return nil, drafts.Errorf(drafts.EUNAVAILABLE, "检索索引正在重建，请稍后再试；其他页面不受影响。")
	case searchFailed:
		return nil, drafts.Errorf(drafts.EUNAVAILABLE, "检索服务暂不可用，请联系管理员。")
	}
	return nil, drafts.Errorf(drafts.EUNAVAILABLE, "检索服务未启用。")
}

// runSearch reads the request's parameters and searches; staff and
// admins (drafts.PermViewOpinions) also see opinions. EUNAVAILABLE while
// the index is not ready.
func (s *Server) runSearch(c *gin.Context) (search.Request, *search.Result, error) {
	r, err := search.RequestFromValues(c.Request.URL.Query())
	if err != nil {
		return r, nil, err
	}
	ix, err := s.searchIndex(c)
	if err != nil {
		return r, nil, err
	}
	// Opinions are found by staff and admins only.
	if a, _ := s.account(c); a.Can(drafts.PermViewOpinions) {
		r.Visibility = search.Staff
	}
	res, err := ix.Search(c.Request.Context(), r)
	return r, res, err
}

// apiSearch serves GET /api/v1/search.
func (s *Server) apiSearch(c *gin.Context) error {
	_, res, err := s.runSearch(c)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, res)
	return nil
}

// searchPage serves /search: the results page with highlighted snippets,
// facets, filters and pagination (search.ResultsPage). A bad query is
// shown with status 400.
func (s *Server) searchPage(c *gin.Context) error {
	q := c.Request.URL.Query()
	stages, _ := s.readings.Stages(c.Request.Context()) // without them the facet shows the codes
	d := search.NewResultsPage(stages)
	p := s.page(c, "检索", d)
	p.Nav = "search"
	if q.Get("q") == "" {
		return s.renderPage(c, http.StatusOK, "search/results.html", p)
	}
	r, res, err := s.runSearch(c)
	d.Request = r
	if err != nil {
		code := drafts.ErrorCode(err)
		if code != drafts.EINVALID && code != drafts.EUNAVAILABLE {
			return err
		}
		d.Error = drafts.ErrorMessage(err)
		return s.renderPage(c, ErrorStatus(err), "search/results.html", p)
	}
	d.SetResult(res, q)
	p.Title = q.Get("q") + " · 检索"
	return s.renderPage(c, http.StatusOK, "search/results.html", p)
}

// The store serves opinions to the search index's follower, and every
// stored opinion to a rebuild.
var (
	_ search.OpinionSource = (*store.Store)(nil)
	_ search.OpinionLister = (*store.Store)(nil)
)
