package server

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
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

// searchData is the data of search/results.html.
type searchData struct {
	Request search.Request
	Result  *search.Result
	// Error is the reason a query was refused (shown with status 400).
	Error string
	// HitGroups are the page's hits grouped by regulation, in hit order.
	HitGroups []hitGroup
	// Facets are the facet values with names and filter links.
	Stages, Committees, Years []facetLink
	// Filters are the active filters, each with a link that removes it.
	Filters []facetLink
	// Prev, Next and Pages link the pages of results.
	Prev, Next string
	Pages      []pageLink
	// ScopeAll links the same search over every version (or back to the latest).
	ScopeLink string
	SortLink  string
	Stage     map[string]string // stage code → name
}

type hitGroup struct {
	RegulationID    int64
	RegulationTitle string
	Count           int // of all hits, from the group facet
	Hits            []searchHit
}

type searchHit struct {
	search.Hit
	Link    string        // the version page at the article, words highlighted
	Snippet template.HTML // escaped text with <mark>, from search.Snippet
}

type facetLink struct {
	Label  string
	Count  int
	Link   string
	Active bool
}

type pageLink struct {
	Num     int
	Link    string
	Current bool
}

// searchPage serves /search: the results page with highlighted snippets,
// facets, filters and pagination. A bad query is shown with status 400.
func (s *Server) searchPage(c *gin.Context) error {
	q := c.Request.URL.Query()
	d := &searchData{Stage: map[string]string{}}
	if stages, err := s.store.Stages(c.Request.Context()); err == nil {
		for _, st := range stages {
			d.Stage[st.Code] = st.Name
		}
	}
	status := http.StatusOK
	p := s.page(c, "检索", d)
	p.Nav = "search"
	if q.Get("q") == "" {
		return s.renderPage(c, status, "search/results.html", p)
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
	d.Result = res
	p.Title = q.Get("q") + " · 检索"
	fillSearchData(d, q)
	return s.renderPage(c, status, "search/results.html", p)
}

// with returns the search URL for q with key set to val ("" removes it)
// and the page reset.
func with(q url.Values, kv ...string) string {
	n := url.Values{}
	for k, v := range q {
		n[k] = append([]string(nil), v...)
	}
	n.Del("page")
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			n.Del(kv[i])
		} else {
			n.Set(kv[i], kv[i+1])
		}
	}
	return "/search?" + n.Encode()
}

func fillSearchData(d *searchData, q url.Values) {
	res, r := d.Result, d.Request
	counts := map[int64]int{}
	for _, g := range res.Groups {
		counts[g.RegulationID] = g.Count
	}
	hl := url.Values{}
	for _, w := range res.Query.Words() {
		hl.Add("hl", w)
	}
	if a := res.Query.Article; a != nil && a.Title != "" && len(res.Query.Groups) == 1 {
		hl = url.Values{"hl": {a.Word[len(a.Title):]}}
	}
	idx := map[int64]int{}
	for _, h := range res.Hits {
		i, ok := idx[h.RegulationID]
		if !ok {
			i = len(d.HitGroups)
			idx[h.RegulationID] = i
			d.HitGroups = append(d.HitGroups, hitGroup{RegulationID: h.RegulationID, RegulationTitle: h.RegulationTitle, Count: counts[h.RegulationID]})
		}
		link := "/versions/" + strconv.FormatInt(h.VersionID, 10) + "?" + hl.Encode()
		if h.Article.Anchor != "" {
			link += "#" + h.Article.Anchor
		}
		if h.Kind == "opinion" {
			link = opinionInboxLink(h)
		}
		d.HitGroups[i].Hits = append(d.HitGroups[i].Hits, searchHit{Hit: h, Link: link, Snippet: template.HTML(h.SnippetHTML)})
	}
	for _, f := range res.Facets["stage"] {
		name := d.Stage[f.Value]
		if name == "" {
			name = f.Value
		}
		d.Stages = append(d.Stages, facetLink{Label: name, Count: f.Count, Link: with(q, "stage", f.Value), Active: r.Stage == f.Value})
	}
	for _, f := range res.Facets["committee"] {
		d.Committees = append(d.Committees, facetLink{Label: f.Value, Count: f.Count, Link: with(q, "committee", f.Value), Active: r.Committee == f.Value})
	}
	for _, f := range res.Facets["year"] {
		d.Years = append(d.Years, facetLink{Label: f.Value + " 年", Count: f.Count, Link: with(q, "from", f.Value, "to", f.Value), Active: r.From == f.Value && r.To == f.Value})
	}
	if r.Regulation > 0 {
		title := ""
		for _, g := range res.Groups {
			if g.RegulationID == r.Regulation {
				title = g.RegulationTitle
			}
		}
		if title == "" {
			title = "法规 #" + strconv.FormatInt(r.Regulation, 10)
		}
		d.Filters = append(d.Filters, facetLink{Label: "法规：" + title, Link: with(q, "regulation", "")})
	}
	if r.Stage != "" {
		name := d.Stage[r.Stage]
		if name == "" {
			name = r.Stage
		}
		d.Filters = append(d.Filters, facetLink{Label: "阶段：" + name, Link: with(q, "stage", "")})
	}
	if r.Committee != "" {
		d.Filters = append(d.Filters, facetLink{Label: "机构：" + r.Committee, Link: with(q, "committee", "")})
	}
	if r.From != "" || r.To != "" {
		d.Filters = append(d.Filters, facetLink{Label: "日期：" + r.From + " 至 " + r.To, Link: with(q, "from", "", "to", "")})
	}
	if r.Scope == search.ScopeAll {
		d.ScopeLink = with(q, "scope", "")
	} else {
		d.ScopeLink = with(q, "scope", string(search.ScopeAll))
	}
	if r.Sort == search.SortDate {
		d.SortLink = with(q, "sort", "")
	} else {
		d.SortLink = with(q, "sort", search.SortDate)
	}
	page := func(n int) string {
		u := with(q)
		if n > 1 {
			u += "&page=" + strconv.Itoa(n)
		}
		return u
	}
	if res.Page > 1 {
		d.Prev = page(res.Page - 1)
	}
	if res.Page < res.Pages {
		d.Next = page(res.Page + 1)
	}
	lo, hi := max(1, res.Page-4), min(res.Pages, res.Page+4)
	for n := lo; n <= hi && res.Pages > 1; n++ {
		d.Pages = append(d.Pages, pageLink{Num: n, Link: page(n), Current: n == res.Page})
	}
}

// opinionInboxLink is the staff inbox entry of an opinion hit: the
// inbox of its version filtered to its article, with the opinion itself
// shown first and scrolled to.
func opinionInboxLink(h search.Hit) string {
	q := url.Values{"version": {strconv.FormatInt(h.VersionID, 10)}, "opinion": {strconv.FormatInt(h.OpinionID, 10)}}
	if h.Article.Num > 0 {
		q.Set("article", strconv.Itoa(h.Article.Num))
	} else {
		q.Set("article", "-1")
	}
	return "/staff/opinions?" + q.Encode() + "#op-" + strconv.FormatInt(h.OpinionID, 10)
}

// The store serves opinions to the search index's follower, and every
// stored opinion to a rebuild.
var (
	_ search.OpinionSource = (*store.Store)(nil)
	_ search.OpinionLister = (*store.Store)(nil)
)
