package search

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"lifa/drafts"
	"lifa/drafts/diff"
	"lifa/drafts/parse"
)

// Limits of a similar-provisions request.
const (
	DefaultSimilarLimit = 10
	MaxSimilarLimit     = 50
	maxSimilarText      = 5000 // characters of pasted text
)

// Tuning of the two stages (see Similar); chosen with
// BenchmarkSimilarAmendments and BenchmarkSimilar.
const (
	similarTerms      = 32  // the query's rarest bigrams that find candidates
	similarLookups    = 96  // bigrams whose frequency is looked up, at most
	similarCandidates = 100 // candidates re-ranked by character similarity
	// the character diffs of one result share diffBudget, each taking at
	// most hitDiffBudget; a diff past its budget shows whole sentences
	// (drafts/diff.Texts). Diffs of long, unlike articles were half the
	// time of BenchmarkSimilar.
	diffBudget    = 20 * time.Millisecond
	hitDiffBudget = 5 * time.Millisecond
	// candidates also taken from regulations on the same subject, whose
	// title's subject is at least sameSubject similar
	similarSubjectCandidates = 20
	sameSubject              = 0.5
	// the weight of the subject's similarity in a hit's Score
	subjectWeight = 0.5
)

// SimilarRequest asks for the provisions most like one article of a
// version (VersionID and ArticleNum, ArticleSub for 第十条之一) or like a
// pasted Text.
type SimilarRequest struct {
	VersionID  int64  `json:"version_id,omitempty"`
	ArticleNum int    `json:"article_num,omitempty"`
	ArticleSub int    `json:"article_sub,omitempty"`
	Text       string `json:"text,omitempty"`
	// Limit is the number of hits (default 10, at most 50).
	Limit int `json:"limit,omitempty"`
	// Levels keeps only regulations of these levels (法律, 行政法规,
	// 地方性法规, 规章); all when empty.
	Levels []drafts.Level `json:"levels,omitempty"`
	// Region keeps only regulations of this region (广州市).
	Region string `json:"region,omitempty"`
	// Stage keeps only versions at this stage (Stage.Code).
	Stage string `json:"stage,omitempty"`
	// Same adds the other readings (versions) of the article's own
	// regulation, which are left out by default.
	Same bool `json:"same,omitempty"`
}

// SimilarRequestFromValues reads limit, level (repeated or comma
// separated), region, stage and same (1 or true) from URL query
// parameters; the caller sets the article. Malformed values return an
// EINVALID *drafts.Error.
func SimilarRequestFromValues(v url.Values) (SimilarRequest, error) {
	r := SimilarRequest{Region: strings.TrimSpace(v.Get("region")), Stage: strings.TrimSpace(v.Get("stage"))}
	if s := strings.TrimSpace(v.Get("limit")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return r, invalid("参数 limit 应为非负整数。")
		}
		r.Limit = n
	}
	for _, l := range v["level"] {
		for _, x := range strings.Split(l, ",") {
			if x = strings.TrimSpace(x); x != "" {
				r.Levels = append(r.Levels, drafts.Level(x))
			}
		}
	}
	switch strings.TrimSpace(v.Get("same")) {
	case "", "0", "false":
	case "1", "true":
		r.Same = true
	default:
		return r, invalid("参数 same 只能是 1 或 0。")
	}
	return r, r.checkFilters()
}

// normalize checks r and fills defaults.
func (r *SimilarRequest) normalize() error {
	r.Text = strings.TrimSpace(r.Text)
	switch {
	case r.Text == "" && r.VersionID == 0:
		return invalid("须指定条文，或粘贴一段文字。")
	case r.Text != "" && r.VersionID != 0:
		return invalid("条文和粘贴的文字只能选一个。")
	case r.Text == "" && (r.VersionID < 0 || r.ArticleNum <= 0 || r.ArticleSub < 0):
		return invalid("须指定版本和条文编号。")
	case !utf8.ValidString(r.Text):
		return invalid("文字不是有效的 UTF-8 编码。")
	case utf8.RuneCountInString(r.Text) > maxSimilarText:
		return invalid("粘贴的文字最多 %d 字。", maxSimilarText)
	}
	return r.checkFilters()
}

// checkFilters checks the limit and filters of r and fills the default
// limit.
func (r *SimilarRequest) checkFilters() error {
	switch {
	case r.Limit < 0 || r.Limit > MaxSimilarLimit:
		return invalid("最多列出 %d 条类似规定。", MaxSimilarLimit)
	case utf8.RuneCountInString(r.Region) > 64 || utf8.RuneCountInString(r.Stage) > 64:
		return invalid("筛选条件过长。")
	}
	if r.Limit == 0 {
		r.Limit = DefaultSimilarLimit
	}
	for _, l := range r.Levels {
		if l == "" || !drafts.ValidLevel(l) {
			return invalid("效力级别“%s”不对，应为法律、行政法规、地方性法规或规章。", l)
		}
	}
	return nil
}

// SimilarResult is the query article and the provisions most like it,
// most similar first.
type SimilarResult struct {
	Query  SimilarQuery `json:"query"`
	TookMS float64      `json:"took_ms"`
	// Candidates is how many articles the index proposed and were
	// compared character by character.
	Candidates int          `json:"candidates"`
	Hits       []SimilarHit `json:"hits"`
	// Unresolved are the laws SuperiorBasis found cited that are not in
	// the index.
	Unresolved []string `json:"unresolved,omitempty"`
}

// SimilarQuery is the article (or text) a similar-provisions search was
// asked about.
type SimilarQuery struct {
	RegulationID    int64    `json:"regulation_id,omitempty"`
	RegulationTitle string   `json:"regulation_title,omitempty"`
	VersionID       int64    `json:"version_id,omitempty"`
	Article         *Article `json:"article,omitempty"`
	Text            string   `json:"text"`
}

// SimilarHit is one similar provision.
type SimilarHit struct {
	RegulationID    int64        `json:"regulation_id"`
	RegulationTitle string       `json:"regulation_title"`
	Level           drafts.Level `json:"level,omitempty"`
	Region          string       `json:"region,omitempty"`
	VersionID       int64        `json:"version_id"`
	VersionLabel    string       `json:"version_label,omitempty"`
	Stage           string       `json:"stage"`
	StageName       string       `json:"stage_name,omitempty"`
	Date            string       `json:"date,omitempty"`
	Latest          bool         `json:"latest"`
	Article         Article      `json:"article"`
	Path            string       `json:"path,omitempty"`
	// Similarity is 2·(characters in common, in order)/(characters of
	// both), on the normalised texts without white space: 1 for the same
	// wording.
	Similarity float64 `json:"similarity"`
	// Subject is the same measure on the subjects of the two regulations'
	// titles (停车场条例 of 广州市停车场条例: without 中华人民共和国, the
	// region or a note in brackets); 0 for pasted text.
	Subject float64 `json:"subject"`
	// Score ranks the hits: Similarity + 0.5 × Subject, so that of two
	// wordings equally close the one in a regulation on the same subject
	// comes first (BenchmarkSimilarAmendments).
	Score float64 `json:"score"`
	Text  string  `json:"text"`
	// Diff turns the query's text into this provision's, as the 对照表
	// shows a change (drafts/diff.Texts): "delete" is only in the query,
	// "insert" only here.
	Diff []diff.Op `json:"diff"`
	// Reason says why SuperiorBasis lists the provision: "cited" (the
	// article cites it), "basis" (a law its regulation's 第一条 names),
	// "similar"; empty from Similar.
	Reason string `json:"reason,omitempty"`
	score  float64
}

// Similar returns the provisions most like the request's article or text,
// in two stages: candidates from the index — the articles that share the
// most of the query's rarest bigrams (up to similarTerms, bleve's tf-idf
// over a disjunction of terms, so common bigrams such as 应当 cost
// nothing) — then the best similarCandidates of them re-ranked by the
// character similarity (SimilarHit.Similarity), with the 对照表's
// character diff for each hit. By default it searches the latest version
// of every other regulation; see SimilarRequest for the filters. A bad
// request is EINVALID, a missing version or article ENOTFOUND.
func (ix *Index) Similar(ctx context.Context, r SimilarRequest) (*SimilarResult, error) {
	start := time.Now()
	if err := r.normalize(); err != nil {
		return nil, err
	}
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
	sq, err := ix.similarQuery(ctx, views, r)
	if err != nil {
		return nil, err
	}
	keep := ix.similarFilter(r, sq)
	hits, n, err := ix.similar(ctx, views, sq.Text, sq.RegulationTitle, sq.own(), r.Same, keep, r.Limit)
	if err != nil {
		return nil, err
	}
	return &SimilarResult{Query: *sq, Candidates: n, Hits: hits, TookMS: float64(time.Since(start).Microseconds()) / 1000}, nil
}

// similarQuery returns the query of r: its article, read from the index,
// or its text. The caller holds ix.mu.
func (ix *Index) similarQuery(ctx context.Context, views []*view, r SimilarRequest) (*SimilarQuery, error) {
	if r.Text != "" {
		return &SimilarQuery{Text: stripLabel(r.Text)}, nil
	}
	m, ok := ix.meta[r.VersionID]
	if !ok {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "版本 %d 不存在或尚未编入检索索引。", r.VersionID)
	}
	h, f, err := ix.article(ctx, views, r.VersionID, r.ArticleNum, r.ArticleSub)
	if err != nil {
		return nil, err
	}
	if h == nil {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "版本 %d 没有%s。", r.VersionID, articleLabel(r.ArticleNum, r.ArticleSub))
	}
	num, sub, label, _ := parseArtInfo(f[fArtInfo])
	return &SimilarQuery{
		RegulationID: m.reg, RegulationTitle: m.title, VersionID: r.VersionID,
		Article: &Article{Num: num, Sub: sub, Label: label, Anchor: drafts.ArticleAnchor(num, sub)}, Text: f[fBody],
	}, nil
}

// own is the number of the query's own documents in the index: 1 for an
// article, 0 for pasted text.
func (sq *SimilarQuery) own() uint64 {
	if sq.VersionID != 0 {
		return 1
	}
	return 0
}

// article finds article num-sub of version ver and returns it with its
// stored fields, nil when the version has no such article. The caller
// holds ix.mu.
func (ix *Index) article(ctx context.Context, views []*view, ver int64, num, sub int) (*hitRef, map[string]string, error) {
	key := artKey(num, sub)
	q := bleve.NewConjunctionQuery(term(fFacet, strconv.FormatInt(ver, 10)),
		bleve.NewDisjunctionQuery(term(fArt, key), term(fArtOld, key)))
	c, err := collect(ctx, ix, views, collectSpec{q: q, k: 1})
	if err != nil || len(c.top) == 0 {
		return nil, nil, err
	}
	h := c.top[0]
	f, err := views[h.shard].stored(h.num, hitFields)
	if err != nil {
		return nil, nil, fmt.Errorf("search: stored fields: %w", err)
	}
	return &h, f, nil
}

func articleLabel(num, sub int) string {
	l := "第" + strconv.Itoa(num) + "条"
	if sub > 0 {
		l += "之" + strconv.Itoa(sub)
	}
	return l
}

// labelRE is an article label at the start of pasted text: 第十条　, 第10条 .
var labelRE = regexp.MustCompile(`^第[零〇一二两三四五六七八九十百千0-9０-９]+条(之[一二三四五六七八九十0-9]+)?[\s\x{3000}]+`)

// stripLabel removes a leading article label from pasted text.
func stripLabel(s string) string {
	if loc := labelRE.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		return s[loc[1]:]
	}
	return s
}

// similarFilter returns the filter of r on a candidate's version: the
// latest version of other regulations (and, with Same, any other version
// of the query's own), of the levels, region and stage asked. The caller
// holds ix.mu while it is used.
func (ix *Index) similarFilter(r SimilarRequest, sq *SimilarQuery) func(ver int64, own string) bool {
	return func(ver int64, _ string) bool {
		m, ok := ix.meta[ver]
		if !ok || ix.stale[ver] {
			return false
		}
		if sq.RegulationID != 0 && m.reg == sq.RegulationID {
			if !r.Same || ver == sq.VersionID {
				return false
			}
		} else if !m.latest {
			return false
		}
		if len(r.Levels) > 0 && !slices.Contains(r.Levels, m.level) ||
			r.Region != "" && m.region != r.Region || r.Stage != "" && m.stage != r.Stage {
			return false
		}
		return true
	}
}

// similar returns the limit articles of the versions keep accepts that are
// most similar to text, and how many candidates were compared. title is
// the query's regulation ("" for pasted text); own is 1 when text is an
// indexed article (whose bigrams that nothing else has find nothing) and
// 0 otherwise; withOld searches older versions too. The caller holds
// ix.mu.
func (ix *Index) similar(ctx context.Context, views []*view, text, title string, own uint64, withOld bool, keep func(int64, string) bool, limit int) ([]SimilarHit, int, error) {
	fields := []string{fText}
	if withOld {
		fields = append(fields, fTextOld)
	}
	terms, err := rareGrams(ctx, views, text, fields, similarTerms, own)
	if err != nil {
		return nil, 0, err
	}
	if len(terms) == 0 {
		return []SimilarHit{}, 0, nil
	}
	qs := make([]query.Query, 0, len(terms)*len(fields))
	for _, t := range terms {
		for _, f := range fields {
			qs = append(qs, term(f, t))
		}
	}
	spec := collectSpec{q: bleve.NewDisjunctionQuery(qs...), keep: keep, k: similarCandidates}
	var tm *lcsMatcher
	subjects := map[int64]float64{} // regulation → similarity of its title's subject
	if title != "" {
		tm = newLCSMatcher([]rune(subject(title)))
		for _, m := range ix.meta {
			if _, ok := subjects[m.reg]; !ok {
				subjects[m.reg] = tm.similarity(m.subject)
			}
		}
		spec.also = func(ver int64) bool { return subjects[ix.meta[ver].reg] >= sameSubject }
		spec.alsoK = similarSubjectCandidates
	}
	c, err := collect(ctx, ix, views, spec)
	if err != nil {
		return nil, 0, err
	}
	pattern := similarRunes(text)
	lm := newLCSMatcher(pattern)
	hits := make([]SimilarHit, 0, len(c.top))
	for _, h := range c.top {
		f, err := views[h.shard].stored(h.num, hitFields)
		if err != nil {
			return nil, 0, fmt.Errorf("search: stored fields: %w", err)
		}
		hits = append(hits, ix.similarHit(h, f, lm))
	}
	for i := range hits {
		hits[i].Subject = round3(subjects[hits[i].RegulationID])
		hits[i].Score = round3(hits[i].Similarity + subjectWeight*hits[i].Subject)
	}
	slices.SortStableFunc(hits, func(a, b SimilarHit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(b.score, a.score)
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	diffs(text, hits)
	return hits, len(c.top), nil
}

// diffs sets the character diff of each hit from text, within diffBudget
// for all of them.
func diffs(text string, hits []SimilarHit) {
	end := time.Now().Add(diffBudget)
	for i := range hits {
		budget := min(hitDiffBudget, time.Until(end))
		if budget <= 0 {
			budget = time.Millisecond // coarse, but a diff all the same
		}
		hits[i].Diff, _ = diff.Texts(text, hits[i].Text, budget)
	}
}

// similarRunes is text as the similarity compares it: normalised (see
// Normalize), without white space.
func similarRunes(text string) []rune {
	rs := make([]rune, 0, len(text)/3+1)
	for _, r := range text {
		if r = fold(r); !isSpace(r) {
			rs = append(rs, r)
		}
	}
	return rs
}

// rareGrams returns up to max distinct grams of text, rarest first, that
// occur in any of fields (document frequencies summed over the shards) in
// more than own documents; only grams the index has (indexedGram) are
// looked up.
// Of a long text only similarLookups grams, evenly spaced, are looked up.
func rareGrams(ctx context.Context, views []*view, text string, fields []string, max int, own uint64) ([]string, error) {
	seen := map[string]bool{}
	var grams []string
	eachGram(text, func(_, _, _ int, a, b rune) {
		if !indexedGram(a, b) {
			return
		}
		g := string([]rune{a, b})
		if !seen[g] {
			seen[g] = true
			grams = append(grams, g)
		}
	})
	if len(grams) > similarLookups {
		// evenly spaced over the text: each lookup reads a postings list
		picked := make([]string, similarLookups)
		for i := range picked {
			picked[i] = grams[i*len(grams)/similarLookups]
		}
		grams = picked
	}
	type df struct {
		term string
		n    uint64
	}
	dfs := make([]df, 0, len(grams))
	for _, g := range grams {
		var n uint64
		for _, v := range views {
			for _, f := range fields {
				tr, err := v.snap.TermFieldReader(ctx, []byte(g), f, false, false, false)
				if err != nil {
					return nil, fmt.Errorf("search: term %q: %w", g, err)
				}
				n += tr.Count()
				tr.Close()
			}
		}
		if n > own {
			dfs = append(dfs, df{g, n})
		}
	}
	slices.SortStableFunc(dfs, func(a, b df) int { return cmp.Compare(a.n, b.n) })
	out := make([]string, 0, min(max, len(dfs)))
	for _, d := range dfs[:min(max, len(dfs))] {
		out = append(out, d.term)
	}
	return out, nil
}

// SuperiorBasis returns the provisions of superior law (上位法依据) an
// article of a local regulation most likely rests on, in this order: the
// articles its text cites by name (《中华人民共和国道路交通安全法》第九十条;
// a law cited without an article gives its articles most like the query),
// Reason "cited"; the articles most like it in the laws its regulation's
// 第一条 names (根据《…》…制定本条例), Reason "basis"; then the most similar
// articles of national law (法律 and 行政法规, or r.Levels), Reason
// "similar". Cited laws that are not in the index are listed in
// Unresolved. r.Region, r.Stage and r.Same are not used. Errors are
// Similar's.
func (ix *Index) SuperiorBasis(ctx context.Context, r SimilarRequest) (*SimilarResult, error) {
	start := time.Now()
	if err := r.normalize(); err != nil {
		return nil, err
	}
	if len(r.Levels) == 0 {
		r.Levels = []drafts.Level{drafts.LevelLaw, drafts.LevelAdministrative}
	}
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
	sq, err := ix.similarQuery(ctx, views, r)
	if err != nil {
		return nil, err
	}
	res := &SimilarResult{Query: *sq, Hits: []SimilarHit{}}
	seen := map[string]bool{}
	add := func(h SimilarHit, reason string) {
		k := strconv.FormatInt(h.VersionID, 10) + ":" + artKey(h.Article.Num, h.Article.Sub)
		if len(res.Hits) < r.Limit && !seen[k] {
			seen[k] = true
			h.Reason = reason
			res.Hits = append(res.Hits, h)
		}
	}
	lm := newLCSMatcher(similarRunes(sq.Text))
	// laws the article cites, then those its regulation's 第一条 names
	cites := []citation{}
	for _, c := range citations(sq.Text) {
		c.reason = "cited"
		cites = append(cites, c)
	}
	if sq.Article != nil && (sq.Article.Num != 1 || sq.Article.Sub != 0) {
		if _, f, err := ix.article(ctx, views, sq.VersionID, 1, 0); err != nil {
			return nil, err
		} else if f != nil {
			for _, c := range citations(f[fBody]) {
				c.reason, c.num, c.sub = "basis", 0, 0
				cites = append(cites, c)
			}
		}
	}
	unresolved := map[string]bool{}
	for _, c := range cites {
		ver := ix.latestTitled(c.name)
		if ver == 0 {
			if !unresolved[c.name] {
				unresolved[c.name] = true
				res.Unresolved = append(res.Unresolved, c.name)
			}
			continue
		}
		if ver == sq.VersionID {
			continue // the regulation citing itself
		}
		if c.num > 0 {
			h, f, err := ix.article(ctx, views, ver, c.num, c.sub)
			if err != nil {
				return nil, err
			}
			if h != nil {
				hit := []SimilarHit{ix.similarHit(*h, f, lm)}
				diffs(sq.Text, hit)
				add(hit[0], c.reason)
				continue
			}
		}
		// the cited law's articles most like the query
		hits, n, err := ix.mostSimilarIn(ctx, views, ver, sq.Text, lm, 2)
		if err != nil {
			return nil, err
		}
		res.Candidates += n
		for _, h := range hits {
			add(h, c.reason)
		}
	}
	if len(res.Hits) < r.Limit {
		keep := ix.similarFilter(SimilarRequest{Levels: r.Levels}, sq)
		hits, n, err := ix.similar(ctx, views, sq.Text, sq.RegulationTitle, sq.own(), false, keep, r.Limit)
		if err != nil {
			return nil, err
		}
		res.Candidates += n
		for _, h := range hits {
			add(h, "similar")
		}
	}
	res.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return res, nil
}

// mostSimilarIn returns the n articles of version ver most similar to
// text (measured by lm), with their diffs, comparing every article of the
// version, and how many there were. The caller holds ix.mu.
func (ix *Index) mostSimilarIn(ctx context.Context, views []*view, ver int64, text string, lm *lcsMatcher, n int) ([]SimilarHit, int, error) {
	q := bleve.NewBooleanQuery()
	q.AddMust(term(fFacet, strconv.FormatInt(ver, 10)))
	q.AddMustNot(term(fType, kindOpinion))
	c, err := collect(ctx, ix, views, collectSpec{q: q, k: maxArticles})
	if err != nil {
		return nil, 0, err
	}
	hits := make([]SimilarHit, 0, len(c.top))
	for _, h := range c.top {
		f, err := views[h.shard].stored(h.num, hitFields)
		if err != nil {
			return nil, 0, fmt.Errorf("search: stored fields: %w", err)
		}
		hit := ix.similarHit(h, f, lm)
		hit.Score = hit.Similarity
		hits = append(hits, hit)
	}
	slices.SortStableFunc(hits, func(a, b SimilarHit) int {
		return cmp.Or(cmp.Compare(b.Similarity, a.Similarity), cmp.Compare(a.Article.Num, b.Article.Num), cmp.Compare(a.Article.Sub, b.Article.Sub))
	})
	hits = hits[:min(n, len(hits))]
	diffs(text, hits)
	return hits, len(c.top), nil
}

// maxArticles bounds the articles of one version mostSimilarIn compares
// (drafts.Document.CheckSize allows 5,000).
const maxArticles = 5000

// citation is a law a text cites: its title, and the article when given.
type citation struct {
	name     string // 中华人民共和国道路交通安全法, without 《》
	num, sub int
	reason   string
}

// citations returns the other laws text cites, in order, as the parser
// finds cross-references (drafts/parse).
func citations(text string) []citation {
	doc, err := parse.ParseString("第一条　" + text)
	if err != nil {
		return nil
	}
	var out []citation
	for _, ref := range doc.References {
		name := strings.TrimSuffix(strings.TrimPrefix(ref.Instrument, "《"), "》")
		if name == "" {
			continue
		}
		out = append(out, citation{name: name, num: ref.Article, sub: ref.ArticleSub})
	}
	return out
}

// latestTitled returns the latest indexed version of the regulation titled
// name — exactly, or with or without 中华人民共和国 in front (laws are
// cited by their short title too) — 0 when there is none. The caller holds
// ix.mu.
func (ix *Index) latestTitled(name string) int64 {
	want := Normalize(strings.TrimPrefix(name, "中华人民共和国"))
	var best int64
	for id, m := range ix.meta {
		if !m.latest || ix.stale[id] {
			continue
		}
		if Normalize(strings.TrimPrefix(m.title, "中华人民共和国")) == want && id > best {
			best = id
		}
	}
	return best
}

// similarHit is the SimilarHit of a collected article h with stored
// fields f, its similarity measured by lm; without its diff. The caller
// holds ix.mu.
func (ix *Index) similarHit(h hitRef, f map[string]string, lm *lcsMatcher) SimilarHit {
	m := ix.meta[h.ver]
	num, sub, label, path := parseArtInfo(f[fArtInfo])
	return SimilarHit{
		RegulationID: m.reg, RegulationTitle: m.title, Level: m.level, Region: m.region,
		VersionID: h.ver, VersionLabel: m.label, Stage: m.stage, StageName: m.stageName, Date: m.date, Latest: m.latest,
		Article: Article{Num: num, Sub: sub, Label: label, Anchor: drafts.ArticleAnchor(num, sub)}, Path: path,
		Similarity: round3(lm.similarity(similarRunes(f[fBody]))), Text: f[fBody], score: h.score,
	}
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

// subject is what a regulation's title says it is about: the title
// normalised, without 中华人民共和国, the region it begins with or a
// parenthesised note at its end (（修订）, （草案）).
func subject(title string) string {
	t := strings.TrimSpace(title)
	if i := strings.LastIndex(t, "（"); i > 0 && strings.HasSuffix(t, "）") {
		t = t[:i]
	}
	t = strings.TrimPrefix(t, "中华人民共和国")
	t = strings.TrimPrefix(t, drafts.RegionOf(t))
	return Normalize(t)
}
