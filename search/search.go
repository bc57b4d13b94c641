package search

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"lifa/drafts"
)

// Scope says which versions a search covers.
type Scope string

// The scopes.
const (
	ScopeLatest Scope = "latest" // the newest version of each regulation (default)
	ScopeAll    Scope = "all"    // every version
)

// Visibility says what the searcher may see: the public sees regulation
// texts; staff also see opinions (the opinions issue indexes them).
type Visibility int

// The visibilities.
const (
	Public Visibility = iota
	Staff
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
)

// Page size limits.
const (
	DefaultSize = 20
	MaxSize     = 100
	maxFrom     = 10000
)

// Request is one search, as the API, the page and `lifa search` ask it.
type Request struct {
	Q          string     `json:"q"`
	Regulation int64      `json:"regulation,omitempty"`
	Stage      string     `json:"stage,omitempty"`
	Committee  string     `json:"committee,omitempty"`
	From       string     `json:"from,omitempty"` // YYYY, YYYY-MM or YYYY-MM-DD, inclusive
	To         string     `json:"to,omitempty"`
	Scope      Scope      `json:"scope,omitempty"`
	Page       int        `json:"page,omitempty"` // 1-based
	Size       int        `json:"size,omitempty"`
	Sort       string     `json:"sort,omitempty"`
	Visibility Visibility `json:"-"`
}

// RequestFromValues reads a Request from URL query parameters q,
// regulation, stage, committee, from, to, scope, page, size and sort.
// Malformed values return an EINVALID *drafts.Error.
func RequestFromValues(v url.Values) (Request, error) {
	r := Request{
		Q: v.Get("q"), Stage: v.Get("stage"), Committee: v.Get("committee"),
		From: v.Get("from"), To: v.Get("to"), Scope: Scope(v.Get("scope")), Sort: v.Get("sort"),
	}
	var err error
	num := func(name string) int64 {
		s := strings.TrimSpace(v.Get(name))
		if s == "" || err != nil {
			return 0
		}
		n, e := strconv.ParseInt(s, 10, 64)
		if e != nil || n < 0 {
			err = invalid("参数 %s 应为非负整数。", name)
			return 0
		}
		return n
	}
	r.Regulation = num("regulation")
	r.Page = int(num("page"))
	r.Size = int(num("size"))
	if err != nil {
		return r, err
	}
	return r, r.normalize()
}

var dateRE = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// normalize checks r and fills defaults.
func (r *Request) normalize() error {
	switch r.Scope {
	case "":
		r.Scope = ScopeLatest
	case ScopeLatest, ScopeAll:
	default:
		return invalid("scope 只能是 latest（最新版本）或 all（全部版本）。")
	}
	switch r.Sort {
	case "":
		r.Sort = SortRelevance
	case SortRelevance, SortDate:
	default:
		return invalid("sort 只能是 relevance（相关度）或 date（日期）。")
	}
	if r.Page < 0 || r.Size < 0 {
		return invalid("页码和每页条数应为正整数。")
	}
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Size == 0 {
		r.Size = DefaultSize
	}
	if r.Size > MaxSize {
		return invalid("每页最多 %d 条。", MaxSize)
	}
	// Compared by division so that a huge page cannot overflow
	// (page-1)*size into a small or negative offset.
	if r.Page-1 > maxFrom/r.Size {
		return invalid("页码过大：最多查看前 %d 条结果，请缩小检索范围。", maxFrom)
	}
	for _, d := range []*string{&r.From, &r.To} {
		*d = strings.TrimSpace(*d)
		if *d != "" && !dateRE.MatchString(*d) {
			return invalid("日期“%s”格式不对，应为 YYYY、YYYY-MM 或 YYYY-MM-DD。", *d)
		}
	}
	if r.From != "" && r.To != "" && dateFloor(r.From) > dateCeil(r.To) {
		return invalid("起始日期晚于截止日期。")
	}
	if utf8.RuneCountInString(r.Stage) > 64 || utf8.RuneCountInString(r.Committee) > 128 {
		return invalid("筛选条件过长。")
	}
	return nil
}

func dateFloor(d string) string {
	switch len(d) {
	case 4:
		return d + "-01-01"
	case 7:
		return d + "-01"
	}
	return d
}

func dateCeil(d string) string {
	switch len(d) {
	case 4:
		return d + "-12-31"
	case 7:
		return d + "-31"
	}
	return d
}

// Result is a page of hits with facets and per-regulation groups.
type Result struct {
	Query  *Query  `json:"query"`
	Total  uint64  `json:"total"`
	TookMS float64 `json:"took_ms"`
	Page   int     `json:"page"`
	Size   int     `json:"size"`
	Pages  int     `json:"pages"`
	Sort   string  `json:"sort"`
	Scope  Scope   `json:"scope"`
	Hits   []Hit   `json:"hits"`
	Groups []Group `json:"groups"`
	// Facets maps "stage", "committee" and "year" to value counts.
	Facets map[string][]FacetCount `json:"facets"`
	// Regulations are regulations whose title contains every word (first
	// page only).
	Regulations []RegulationHit `json:"regulations,omitempty"`
}

// Hit is one matching article (or, for staff, opinion).
type Hit struct {
	Kind            string  `json:"kind"` // "article" or "opinion"
	RegulationID    int64   `json:"regulation_id"`
	RegulationTitle string  `json:"regulation_title"`
	VersionID       int64   `json:"version_id"`
	VersionLabel    string  `json:"version_label,omitempty"`
	Stage           string  `json:"stage"`
	StageName       string  `json:"stage_name,omitempty"`
	Date            string  `json:"date,omitempty"`
	Latest          bool    `json:"latest"`
	Article         Article `json:"article"`
	Path            string  `json:"path,omitempty"`
	SnippetHTML     string  `json:"snippet_html"`
	Score           float64 `json:"score"`
	// Direct is set when the hit is the article the query names (第十条).
	Direct bool `json:"direct,omitempty"`
	// OpinionID and Ref (who, what became of it) are set for opinion hits.
	OpinionID int64  `json:"opinion_id,omitempty"`
	Ref       string `json:"ref,omitempty"`
}

// Article identifies an article in a hit.
type Article struct {
	Num   int    `json:"num"`
	Sub   int    `json:"sub,omitempty"`
	Label string `json:"label"`
	// Anchor is the fragment of the article on the version page (art-10,
	// art-10-1).
	Anchor string `json:"anchor"`
}

// Group counts the hits of one regulation.
type Group struct {
	RegulationID    int64  `json:"regulation_id"`
	RegulationTitle string `json:"regulation_title"`
	Count           int    `json:"count"`
}

// FacetCount is one facet value and how many hits have it.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// RegulationHit is a regulation whose title matches.
type RegulationHit struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Committee string `json:"committee,omitempty"`
}

// Search runs r. A bad query or filter returns an EINVALID *drafts.Error
// whose message says why, in Chinese.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	start := time.Now()
	if err := r.normalize(); err != nil {
		return nil, err
	}
	q, err := ParseQuery(r.Q)
	if err != nil {
		return nil, err
	}
	var titleRegs []int64
	if q.Article != nil && q.Article.Title != "" {
		if titleRegs, err = ix.regsByTitle(ctx, q.Article.Title); err != nil {
			return nil, err
		}
	}
	tq := textQueryOf(q, r, titleRegs)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return nil, errClosed
	}
	views, err := ix.openViews()
	if err != nil {
		return nil, err
	}
	defer closeViews(views)
	from := (r.Page - 1) * r.Size
	c, err := collect(ctx, ix, views, collectSpec{
		tq: tq, keep: ix.requestFilter(r), k: from + r.Size,
		byDate: r.Sort == SortDate, date: func(v int64) string { return ix.meta[v].date },
	})
	if err != nil {
		return nil, err
	}
	out := &Result{
		Query: q, Total: uint64(c.total), Page: r.Page, Size: r.Size, Sort: r.Sort, Scope: r.Scope,
		Hits: []Hit{}, Groups: []Group{}, Facets: map[string][]FacetCount{},
	}
	out.Pages = (c.total + r.Size - 1) / r.Size
	words := q.Words()
	if a := q.Article; a != nil && a.Title != "" && len(q.Groups) == 1 {
		words = append(words, strings.TrimPrefix(a.Word, a.Title))
	}
	for i := from; i < len(c.top); i++ {
		h := c.top[i]
		f, err := views[h.shard].stored(h.num, hitFields)
		if err != nil {
			return nil, fmt.Errorf("search: stored fields: %w", err)
		}
		out.Hits = append(out.Hits, ix.hitFrom(f, h, words, q.Article))
	}
	ix.foldFacets(c.perVersion, out)
	if r.Page == 1 && r.Regulation == 0 {
		out.Regulations, err = ix.regulationsByTitle(ctx, q)
		if err != nil {
			return nil, err
		}
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// hitFields are the stored fields a hit shows: an article's text and
// info; an opinion's text, reference, date, title and article.
var hitFields = map[string]bool{fBody: true, fArtInfo: true, fRef: true, fDate: true, fRegTitle: true, fNum: true, fSub: true, fLabel: true}

// requestFilter returns the filter of r's regulation, stage, committee
// and dates, and of the stale versions a latest search excludes (see
// IndexVersion), on a hit's version (and, for the dates, the document's
// own date where it has one: opinions), nil when there is nothing to
// filter. The caller holds ix.mu while it is used.
func (ix *Index) requestFilter(r Request) func(ver int64, own string) bool {
	var stale map[int64]bool
	if r.Scope != ScopeAll && len(ix.stale) > 0 {
		stale = ix.stale
	}
	lo, hi := "", ""
	if r.From != "" {
		lo = dateFloor(r.From)
	}
	if r.To != "" {
		hi = dateCeil(r.To)
	}
	if r.Regulation == 0 && r.Stage == "" && r.Committee == "" && lo == "" && hi == "" && stale == nil {
		return nil
	}
	return func(ver int64, own string) bool {
		if stale[ver] {
			return false
		}
		m, ok := ix.meta[ver]
		switch {
		case !ok:
			return stale != nil && r.Regulation == 0 && r.Stage == "" && r.Committee == "" && lo == "" && hi == ""
		case r.Regulation > 0 && m.reg != r.Regulation,
			r.Stage != "" && m.stage != r.Stage,
			r.Committee != "" && m.committee != r.Committee:
			return false
		}
		if lo != "" || hi != "" {
			d := own
			if d == "" {
				d = m.date
			}
			if d == "" || lo != "" && d < lo || hi != "" && d > hi {
				return false
			}
		}
		return true
	}
}

// phrase returns a query matching regulations whose title (titleText)
// contains w.
func phrase(p fieldPair, w string) query.Query {
	uni, terms := wordQuery(w)
	if uni {
		return term(p.uni, terms[0])
	}
	if len(terms) == 1 {
		return term(p.grams, terms[0])
	}
	return newPhraseQuery(terms, p.grams)
}

// textKinds returns the text fields r searches.
func textKinds(r Request) []string {
	fs := []string{fText}
	if r.Scope == ScopeAll {
		fs = append(fs, fTextOld)
	}
	if r.Visibility == Staff {
		fs = append(fs, fTextOp)
	}
	return fs
}

func term(field, v string) query.Query {
	tq := bleve.NewTermQuery(v)
	tq.SetField(field)
	return tq
}

// maxTitleRegs bounds the regulations a title in an article reference may
// name.
const maxTitleRegs = 200

// regsByTitle returns the ids of the regulations whose title contains
// title.
func (ix *Index) regsByTitle(ctx context.Context, title string) ([]int64, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(term(fType, kindRegulation), phrase(titleText, title)), maxTitleRegs, 0, false)
	req.Fields = []string{fReg}
	req.Score = "none"
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return nil, errClosed
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: titles: %w", err)
	}
	ids := make([]int64, 0, len(res.Hits))
	for _, h := range res.Hits {
		id, _ := strconv.ParseInt(str(h.Fields[fReg]), 10, 64)
		ids = append(ids, id)
	}
	return ids, nil
}

// regulationsByTitle returns up to 10 regulations whose title contains
// every positive word of q.
func (ix *Index) regulationsByTitle(ctx context.Context, q *Query) ([]RegulationHit, error) {
	conj := []query.Query{term(fType, kindRegulation)}
	for _, g := range q.Groups {
		dis := make([]query.Query, len(g))
		for i, w := range g {
			dis[i] = phrase(titleText, w.Text)
		}
		conj = append(conj, bleve.NewDisjunctionQuery(dis...))
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(conj...), 10, 0, false)
	req.Fields = []string{fReg, fTitle, fCommittee}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: titles: %w", err)
	}
	out := []RegulationHit{}
	for _, h := range res.Hits {
		id, _ := strconv.ParseInt(str(h.Fields[fReg]), 10, 64)
		out = append(out, RegulationHit{ID: id, Title: str(h.Fields[fTitle]), Committee: str(h.Fields[fCommittee])})
	}
	return out, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// hitFrom builds the Hit of h from its stored fields f and its version's
// metadata. The caller holds ix.mu.
func (ix *Index) hitFrom(f map[string]string, h hitRef, words []string, a *ArticleRef) Hit {
	m := ix.meta[h.ver]
	hit := Hit{
		Kind: kindArticle, RegulationID: m.reg, RegulationTitle: m.title, VersionID: h.ver, VersionLabel: m.label,
		Stage: m.stage, StageName: m.stageName, Date: m.date, Latest: m.latest, Score: h.score,
	}
	if id, ok := strings.CutPrefix(f["_id"], "o:"); ok {
		hit.Kind = kindOpinion
		hit.OpinionID, _ = strconv.ParseInt(id, 10, 64)
		hit.Ref, hit.Date = f[fRef], f[fDate]
		if hit.RegulationTitle == "" {
			hit.RegulationTitle = f[fRegTitle]
		}
		hit.Article = Article{Num: atoi(f[fNum]), Sub: atoi(f[fSub]), Label: f[fLabel]}
	} else {
		num, sub, label, path := parseArtInfo(f[fArtInfo])
		hit.Article, hit.Path = Article{Num: num, Sub: sub, Label: label}, path
	}
	hit.Article.Anchor = drafts.ArticleAnchor(hit.Article.Num, hit.Article.Sub)
	if a != nil && hit.Kind == kindArticle && a.Num == hit.Article.Num && a.Sub == hit.Article.Sub &&
		(a.Title == "" || strings.Contains(Normalize(hit.RegulationTitle), a.Title)) {
		hit.Direct = true
	}
	hit.SnippetHTML = Snippet(f[fBody], words)
	return hit
}

// count returns the number of articles (latest versions) containing the
// words of q, without hits, facets or snippets; benchmarks use it to
// separate matching from the rest.
func (ix *Index) count(q string) (uint64, error) {
	pq, err := ParseQuery(q)
	if err != nil {
		return 0, err
	}
	r := Request{Scope: ScopeLatest}
	var regs []int64
	if pq.Article != nil && pq.Article.Title != "" {
		regs, _ = ix.regsByTitle(context.Background(), pq.Article.Title)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	views, err := ix.openViews()
	if err != nil {
		return 0, err
	}
	defer closeViews(views)
	c, err := collect(context.Background(), ix, views, collectSpec{tq: textQueryOf(pq, r, regs), keep: ix.requestFilter(r)})
	if err != nil {
		return 0, err
	}
	return uint64(c.total), nil
}
