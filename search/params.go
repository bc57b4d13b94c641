package search

import (
	"html/template"
	"net/url"
	"strconv"

	"lifa/drafts"
)

// The pages of search (/search) and of similar provisions
// (/versions/{id}/articles/{article}/similar and its panel): what they
// show of a Result, with the links that change a filter, turn a page or
// lead to a hit. The handlers read the request, search and render these.

// ResultsPage is what the results page shows (search/results.html).
type ResultsPage struct {
	Request Request
	Result  *Result
	// Error is the reason a query was refused (shown with status 400).
	Error string
	// HitGroups are the page's hits grouped by regulation, in hit order.
	HitGroups []HitGroup
	// Facets are the facet values with names and filter links.
	Stages, Committees, Years []FacetLink
	// Filters are the active filters, each with a link that removes it.
	Filters []FacetLink
	// Prev, Next and Pages link the pages of results.
	Prev, Next string
	Pages      []PageLink
	// ScopeLink links the same search over every version (or back to the
	// latest), SortLink by date (or back to relevance).
	ScopeLink string
	SortLink  string
	Stage     map[string]string // stage code → name
}

// HitGroup is the hits of one regulation on a page.
type HitGroup struct {
	RegulationID    int64
	RegulationTitle string
	Count           int // of all hits, from the group facet
	Hits            []PageHit
}

// PageHit is a hit with its link and snippet.
type PageHit struct {
	Hit
	Link    string        // the version page at the article, words highlighted
	Snippet template.HTML // escaped text with <mark>, from Snippet
}

// FacetLink is a facet value or an active filter, with the link that
// selects or removes it.
type FacetLink struct {
	Label  string
	Count  int
	Link   string
	Active bool
}

// PageLink is a page of results.
type PageLink struct {
	Num     int
	Link    string
	Current bool
}

// NewResultsPage is the results page of no search yet; stages are the
// stages of the legislative process, for the names of the stage facet.
func NewResultsPage(stages []drafts.Stage) *ResultsPage {
	p := &ResultsPage{Stage: map[string]string{}}
	for _, st := range stages {
		p.Stage[st.Code] = st.Name
	}
	return p
}

// SetResult shows res, the result of p.Request asked with the query
// parameters q: the hits grouped by regulation, the facets, the active
// filters and the pages, each linking to /search with q changed.
func (p *ResultsPage) SetResult(res *Result, q url.Values) {
	p.Result = res
	p.groupHits(res)
	p.facets(res, q)
	p.filters(res, q)
	r := p.Request
	if r.Scope == ScopeAll {
		p.ScopeLink = searchURL(q, "scope", "")
	} else {
		p.ScopeLink = searchURL(q, "scope", string(ScopeAll))
	}
	if r.Sort == SortDate {
		p.SortLink = searchURL(q, "sort", "")
	} else {
		p.SortLink = searchURL(q, "sort", SortDate)
	}
	page := func(n int) string {
		u := searchURL(q)
		if n > 1 {
			u += "&page=" + strconv.Itoa(n)
		}
		return u
	}
	if res.Page > 1 {
		p.Prev = page(res.Page - 1)
	}
	if res.Page < res.Pages {
		p.Next = page(res.Page + 1)
	}
	lo, hi := max(1, res.Page-4), min(res.Pages, res.Page+4)
	for n := lo; n <= hi && res.Pages > 1; n++ {
		p.Pages = append(p.Pages, PageLink{Num: n, Link: page(n), Current: n == res.Page})
	}
}

// groupHits groups the hits by regulation, each linking to its article
// with the words highlighted (an opinion to the staff inbox).
func (p *ResultsPage) groupHits(res *Result) {
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
			i = len(p.HitGroups)
			idx[h.RegulationID] = i
			p.HitGroups = append(p.HitGroups, HitGroup{RegulationID: h.RegulationID, RegulationTitle: h.RegulationTitle, Count: counts[h.RegulationID]})
		}
		link := "/versions/" + strconv.FormatInt(h.VersionID, 10) + "?" + hl.Encode()
		if h.Article.Anchor != "" {
			link += "#" + h.Article.Anchor
		}
		if h.Kind == "opinion" {
			link = opinionInboxLink(h)
		}
		p.HitGroups[i].Hits = append(p.HitGroups[i].Hits, PageHit{Hit: h, Link: link, Snippet: template.HTML(h.SnippetHTML)})
	}
}

// facets names the facet values, each linking to the search filtered by it.
func (p *ResultsPage) facets(res *Result, q url.Values) {
	r := p.Request
	for _, f := range res.Facets["stage"] {
		p.Stages = append(p.Stages, FacetLink{Label: p.stageName(f.Value), Count: f.Count, Link: searchURL(q, "stage", f.Value), Active: r.Stage == f.Value})
	}
	for _, f := range res.Facets["committee"] {
		p.Committees = append(p.Committees, FacetLink{Label: f.Value, Count: f.Count, Link: searchURL(q, "committee", f.Value), Active: r.Committee == f.Value})
	}
	for _, f := range res.Facets["year"] {
		p.Years = append(p.Years, FacetLink{Label: f.Value + " 年", Count: f.Count, Link: searchURL(q, "from", f.Value, "to", f.Value), Active: r.From == f.Value && r.To == f.Value})
	}
}

// filters lists the active filters, each linking to the search without it.
func (p *ResultsPage) filters(res *Result, q url.Values) {
	r := p.Request
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
		p.Filters = append(p.Filters, FacetLink{Label: "法规：" + title, Link: searchURL(q, "regulation", "")})
	}
	if r.Stage != "" {
		p.Filters = append(p.Filters, FacetLink{Label: "阶段：" + p.stageName(r.Stage), Link: searchURL(q, "stage", "")})
	}
	if r.Committee != "" {
		p.Filters = append(p.Filters, FacetLink{Label: "机构：" + r.Committee, Link: searchURL(q, "committee", "")})
	}
	if r.From != "" || r.To != "" {
		p.Filters = append(p.Filters, FacetLink{Label: "日期：" + r.From + " 至 " + r.To, Link: searchURL(q, "from", "", "to", "")})
	}
}

// stageName is the name of the stage with code, or the code when unknown.
func (p *ResultsPage) stageName(code string) string {
	if name := p.Stage[code]; name != "" {
		return name
	}
	return code
}

// searchURL returns the search URL for q with each key of kv set to the
// value after it ("" removes it) and the page reset.
func searchURL(q url.Values, kv ...string) string {
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

// opinionInboxLink is the staff inbox entry of an opinion hit: the
// inbox of its version filtered to its article, with the opinion itself
// shown first and scrolled to.
func opinionInboxLink(h Hit) string {
	q := url.Values{"version": {strconv.FormatInt(h.VersionID, 10)}, "opinion": {strconv.FormatInt(h.OpinionID, 10)}}
	if h.Article.Num > 0 {
		q.Set("article", strconv.Itoa(h.Article.Num))
	} else {
		q.Set("article", "-1")
	}
	return "/staff/opinions?" + q.Encode() + "#op-" + strconv.FormatInt(h.OpinionID, 10)
}

// PanelLimit is how many provisions the panel under an article lists;
// its page lists DefaultSimilarLimit.
const PanelLimit = 5

// SimilarPageRequest reads the filters of a similar-provisions request
// from query v (limit, level, region, stage, same): in the panel under an
// article, PanelLimit hits unless v says. EINVALID for a bad filter.
func SimilarPageRequest(v url.Values, panel bool) (SimilarRequest, error) {
	req, err := SimilarRequestFromValues(v)
	if err == nil && panel && v.Get("limit") == "" {
		req.Limit = PanelLimit
	}
	return req, err
}

// SimilarPage is what the page of an article's similar provisions
// (versions/similar.html) and its panel (versions/similar_panel.html)
// show.
type SimilarPage struct {
	Request SimilarRequest
	Result  *SimilarResult // nil when refused
	Basis   bool           // the superior-law basis, not similar provisions
	Hits    []SimilarPageHit
	Levels  []LevelOption
	// Error says why there are no results: a bad filter, or the index
	// being rebuilt (检索索引正在重建…).
	Error string
	// Page is the article's page of similar provisions (the form's
	// action), Other the page of the other kind (basis ⇄ similar),
	// Article the article on its version page.
	Page, Other, Article string
	// More is set in the panel: the page with the same filters and more
	// hits.
	More string
	// beside is the start of the links to an article beside a hit.
	beside string
}

// SimilarPageHit is one provision as the pages show it.
type SimilarPageHit struct {
	SimilarHit
	Link   string // the provision on its version page
	Beside string // the article and the provision side by side
	Why    string // why the superior-law basis lists it
}

// LevelOption is a level of the filter, checked when the request has it.
type LevelOption struct {
	Level   drafts.Level
	Checked bool
}

// reasonNames are SimilarHit.Reason for people.
var reasonNames = map[string]string{"cited": "条文引用", "basis": "第一条所列上位法", "similar": "相似"}

// NewSimilarPage is the page (or, with panel, the panel) of req, asked at
// /versions/{version}/articles/{key}/similar?{rawQuery} (key as in the
// path), before its result or refusal is set.
func NewSimilarPage(req SimilarRequest, basis, panel bool, version, key, rawQuery string) *SimilarPage {
	key = url.PathEscape(key)
	page := "/versions/" + version + "/articles/" + key + "/similar"
	p := &SimilarPage{Request: req, Basis: basis, Page: page, Other: page + "?basis=1",
		Article: "/versions/" + version + "#" + drafts.ArticleAnchor(req.ArticleNum, req.ArticleSub),
		beside:  "/versions/" + version + "/articles/" + key + "/beside/"}
	if basis {
		p.Other = page
	}
	if panel {
		p.More = page
		if rawQuery != "" {
			p.More += "?" + rawQuery
		}
	}
	for _, l := range drafts.Levels {
		o := LevelOption{Level: l}
		for _, r := range req.Levels {
			o.Checked = o.Checked || r == l
		}
		p.Levels = append(p.Levels, o)
	}
	return p
}

// Title is the page's title: 类似规定 or 上位法依据, after the article's
// regulation and label once they are known.
func (p *SimilarPage) Title() string {
	title := "类似规定"
	if p.Basis {
		title = "上位法依据"
	}
	if p.Result != nil && p.Result.Query.Article != nil {
		title = p.Result.Query.RegulationTitle + p.Result.Query.Article.Label + " " + title
	}
	return title
}

// SetResult shows res: each hit with its links.
func (p *SimilarPage) SetResult(res *SimilarResult) {
	p.Result = res
	for _, h := range res.Hits {
		key := strconv.Itoa(h.Article.Num)
		if h.Article.Sub > 0 {
			key += "-" + strconv.Itoa(h.Article.Sub)
		}
		p.Hits = append(p.Hits, SimilarPageHit{SimilarHit: h, Why: reasonNames[h.Reason],
			Link:   "/versions/" + strconv.FormatInt(h.VersionID, 10) + "#" + h.Article.Anchor,
			Beside: p.beside + strconv.FormatInt(h.VersionID, 10) + "/" + key})
	}
}
