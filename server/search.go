package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/search"
	"lifa/web/httpx"
)

// The search index is served from a search.Holder, so the server can
// listen while the index is opened or rebuilt. Until it is ready, searches
// answer 503 with 检索索引正在重建…, every other page and the API are
// served, and /healthz says "search": "rebuilding".

// WithSearch hands the server the full-text index, ready to serve: it
// serves GET /api/v1/search and /search, and indexes every new version
// before the upload's response is sent (the index's follower would
// otherwise pick it up from the change log within a second).
func WithSearch(ix *search.Index) Option {
	return func(s *Server) error {
		s.search.Set(ix)
		return nil
	}
}

// WithSearchPending says that an index is being opened: searches answer
// 503 until SetSearch hands it over (or SearchFailed says it will not
// come).
func WithSearchPending() Option {
	return func(s *Server) error {
		s.search.Pending()
		return nil
	}
}

// SetSearch makes ix the index searches use, from now on. Safe to call
// while the server serves.
func (s *Server) SetSearch(ix *search.Index) { s.search.Set(ix) }

// SearchFailed records that the index could not be opened: searches
// answer 503 and /healthz says "failed".
func (s *Server) SearchFailed() { s.search.Failed() }

func (s *Server) registerSearchRoutes(api, pages *gin.RouterGroup) {
	api.GET("/search", s.handle(s.apiSearch))
	pages.GET("/search", s.handle(s.searchPage))
}

// searchIndex returns the index, or EUNAVAILABLE (503, with Retry-After
// while it is being rebuilt) saying in Chinese why there is none.
func (s *Server) searchIndex(c *gin.Context) (*search.Index, error) {
	ix, err := s.search.Ready()
	if err != nil && s.search.Status() == search.StateRebuilding {
		c.Header("Retry-After", "10")
	}
	return ix, err
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
		return s.renderPage(c, httpx.Status(err), "search/results.html", p)
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
