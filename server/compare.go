package server

import (
	"bytes"
	"container/list"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/diff"
)

// registerCompareRoutes adds the comparison table (对照表) of any two
// versions of a regulation — JSON, HTML (side by side or inline) and .docx —
// and the history of one article through every version (条文沿革).
func (s *Server) registerCompareRoutes(api, pages *gin.RouterGroup) {
	api.GET("/regulations/:id/compare", s.handle(s.apiCompare))
	api.GET("/regulations/:id/history", s.handle(s.apiArticleHistory))

	pages.GET("/regulations/:id/compare", s.handle(s.comparePage))
	pages.GET("/regulations/:id/compare/docx", s.handle(s.compareDocx))
	pages.GET("/regulations/:id/history", s.handle(s.historyPage))
	// The comparison's CSS and script live with its renderer (drafts/diff).
	pages.GET("/compare/assets/diff.css", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=3600")
		c.Data(http.StatusOK, "text/css; charset=utf-8", []byte(string(diff.Style())+comparePageCSS))
	})
	pages.GET("/compare/assets/diff.js", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=3600")
		c.Data(http.StatusOK, "text/javascript; charset=utf-8", []byte(diff.Script()))
	})
}

// comparePageCSS styles what the site pages add around the comparison body:
// a wider main column, the version picker and the history list.
const comparePageCSS = `
main:has(.lifa-compare) { max-width: 90rem; }
.compare-picker { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; margin: .8rem 0; }
.compare-picker .field { display: flex; flex-direction: column; flex: 1 1 16rem; }
.compare-picker .field label { font-weight: 600; }
.compare-picker fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .2rem 1rem; align-items: center; }
.compare-picker legend { float: left; margin-right: .6rem; font-weight: 600; }
.compare-picker fieldset label { display: inline-flex; align-items: center; gap: .3rem; min-height: 44px; }
.compare-picker input[type=radio] { width: auto; min-height: 0; margin: 0; }
.history { list-style: none; padding: 0; }
.history-step { border-left: 3px solid #bbb; padding: .2rem 0 .6rem 1rem; margin-bottom: .4rem; }
.history-step.history-start { border-left-color: #1a5fb4; background: #f3f7fc; }
.history-step h2 { font-size: 1.05rem; margin: .3rem 0; }
@media print { .compare-picker { display: none; } }
`

// comparison is two versions of one regulation and their comparison.
type comparison struct {
	Regulation *drafts.Regulation
	Versions   []*drafts.Version
	From, To   *drafts.Version
	Cmp        *diff.Comparison
}

// queryVersion reads the version id in query parameter name; 0 when absent.
func queryVersion(c *gin.Context, name string) (int64, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, drafts.Errorf(drafts.EINVALID, "参数 %s 应为版本编号。", name)
	}
	return id, nil
}

// regulationVersions loads the regulation in the path and its versions.
func (s *Server) regulationVersions(c *gin.Context) (*drafts.Regulation, []*drafts.Version, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return nil, nil, err
	}
	ctx := c.Request.Context()
	reg, err := s.store.Regulation(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	vs, err := s.store.Versions(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return reg, vs, nil
}

// findVersion returns the version with id among vs.
func findVersion(vs []*drafts.Version, id int64) (*drafts.Version, error) {
	for _, v := range vs {
		if v.ID == id {
			return v, nil
		}
	}
	return nil, drafts.Errorf(drafts.ENOTFOUND, "该法规项目没有编号为 %d 的版本。", id)
}

// loadComparison reads ?from=V&to=W (version ids; by default the last two
// versions) and compares them.
func (s *Server) loadComparison(c *gin.Context) (*comparison, error) {
	reg, vs, err := s.regulationVersions(c)
	if err != nil {
		return nil, err
	}
	if len(vs) < 2 {
		return nil, drafts.Errorf(drafts.EINVALID, "该法规项目只有 %d 个版本，至少需要两个版本才能比较。", len(vs))
	}
	fromID, err := queryVersion(c, "from")
	if err != nil {
		return nil, err
	}
	toID, err := queryVersion(c, "to")
	if err != nil {
		return nil, err
	}
	if toID == 0 {
		toID = vs[len(vs)-1].ID
	}
	to, err := findVersion(vs, toID)
	if err != nil {
		return nil, err
	}
	if fromID == 0 {
		// the version before to, or the first one
		fromID = vs[0].ID
		for i, v := range vs {
			if v.ID == toID && i > 0 {
				fromID = vs[i-1].ID
			}
		}
	}
	from, err := findVersion(vs, fromID)
	if err != nil {
		return nil, err
	}
	cmp, hit, err := s.cachedComparison(c.Request.Context(), from.ID, to.ID)
	if err != nil {
		return nil, err
	}
	if hit {
		c.Header("X-Lifa-Compare-Cache", "hit")
	} else {
		c.Header("X-Lifa-Compare-Cache", "miss")
	}
	return &comparison{Regulation: reg, Versions: vs, From: from, To: to, Cmp: cmp}, nil
}

// compareVersions compares two stored versions, or returns the comparison
// computed before (see compareCache). The result is shared: read it, never
// change it.
func (s *Server) compareVersions(c *gin.Context, from, to int64) (*diff.Comparison, error) {
	cmp, _, err := s.cachedComparison(c.Request.Context(), from, to)
	return cmp, err
}

// cachedComparison is compareVersions that also says whether the
// comparison came from the cache.
func (s *Server) cachedComparison(ctx context.Context, from, to int64) (*diff.Comparison, bool, error) {
	return s.comparisons.get(compareKey{from: from, to: to}, func() (*diff.Comparison, error) {
		od, err := s.versionDocument(ctx, from)
		if err != nil {
			return nil, err
		}
		nd, err := s.versionDocument(ctx, to)
		if err != nil {
			return nil, err
		}
		return diff.Compare(od, nd, nil)
	})
}

// compareCacheSize is how many comparisons compareCache keeps.
const compareCacheSize = 32

// compareKey names one comparison: two versions of the server's store.
type compareKey struct {
	from, to int64
}

// compareEntry is one comparison, being computed until done is closed.
type compareEntry struct {
	key  compareKey
	done chan struct{}
	cmp  *diff.Comparison
	err  error
}

// compareCache is a small LRU of comparisons. Versions never change, so an
// entry never goes stale; the least recently used goes when it is full.
// Requests for a comparison being computed wait for it instead of
// computing it again; failures are not kept.
type compareCache struct {
	mu  sync.Mutex
	max int
	m   map[compareKey]*list.Element // of *compareEntry
	lru *list.List                   // most recently used first
}

func newCompareCache(max int) *compareCache {
	return &compareCache{max: max, m: map[compareKey]*list.Element{}, lru: list.New()}
}

// get returns the comparison for key, computing it with compute when it is
// not cached, and whether it was.
func (cc *compareCache) get(key compareKey, compute func() (*diff.Comparison, error)) (*diff.Comparison, bool, error) {
	cc.mu.Lock()
	if el, ok := cc.m[key]; ok {
		cc.lru.MoveToFront(el)
		e := el.Value.(*compareEntry)
		cc.mu.Unlock()
		<-e.done
		if e.err == nil {
			return e.cmp, true, nil
		}
		// The computation we waited for failed (e.g. its request was
		// cancelled): try for ourselves, without caching.
		cmp, err := compute()
		return cmp, false, err
	}
	e := &compareEntry{key: key, done: make(chan struct{})}
	cc.m[key] = cc.lru.PushFront(e)
	for cc.lru.Len() > cc.max {
		old := cc.lru.Back()
		cc.lru.Remove(old)
		delete(cc.m, old.Value.(*compareEntry).key)
	}
	cc.mu.Unlock()

	// Should compute panic, the waiters see this error and the entry goes.
	e.err = drafts.Errorf(drafts.EINTERNAL, "比较未能完成。")
	defer func() {
		if e.err != nil {
			cc.mu.Lock()
			if el, ok := cc.m[key]; ok && el.Value.(*compareEntry) == e {
				cc.lru.Remove(el)
				delete(cc.m, key)
			}
			cc.mu.Unlock()
		}
		close(e.done)
	}()
	e.cmp, e.err = compute()
	return e.cmp, false, e.err
}

// versionName is how a version is named in the picker and headings.
func versionName(v *drafts.Version) string {
	n := fmt.Sprintf("第 %d 版 %s", v.Seq, v.StageName)
	if v.Label != "" {
		n += "（" + v.Label + "）"
	}
	if v.Date != "" {
		n += " " + v.Date
	}
	return n
}

// apiCompare is GET /api/v1/regulations/{id}/compare?from=V&to=W: the
// comparison as JSON (diff.Comparison) with the two versions.
func (s *Server) apiCompare(c *gin.Context) error {
	cp, err := s.loadComparison(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{
		"regulation_id": cp.Regulation.ID,
		"from":          cp.From.ID,
		"to":            cp.To.ID,
		"old":           cp.Cmp.Old,
		"new":           cp.Cmp.New,
		"stats":         cp.Cmp.Stats,
		"changes":       cp.Cmp.Changes,
		"divisions":     cp.Cmp.Divisions,
		"coarse":        cp.Cmp.Coarse,
		"elapsed_ms":    cp.Cmp.ElapsedMS,
	})
	return nil
}

// compareView is the data of compare/show.html.
type compareView struct {
	*comparison
	Inline   bool
	Body     template.HTML
	Query    string // from=…&to=…
	FromName string
	ToName   string
	Options  []versionOption
}

type versionOption struct {
	ID   int64
	Name string
	From bool
	To   bool
}

// comparePage is GET /regulations/{id}/compare?from=V&to=W&view=inline.
func (s *Server) comparePage(c *gin.Context) error {
	cp, err := s.loadComparison(c)
	if err != nil {
		return err
	}
	inline := c.Query("view") == "inline"
	regID := cp.Regulation.ID
	toID := cp.To.ID
	fromID := cp.From.ID
	body, err := cp.Cmp.Body(diff.HTMLOptions{
		Inline: inline,
		HistoryURL: func(old bool, num, sub int) string {
			v := toID
			if old {
				v = fromID
			}
			return historyURL(regID, v, num, sub)
		},
	})
	if err != nil {
		return err
	}
	v := compareView{
		comparison: cp, Inline: inline, Body: body,
		Query:    url.Values{"from": {strconv.FormatInt(cp.From.ID, 10)}, "to": {strconv.FormatInt(cp.To.ID, 10)}}.Encode(),
		FromName: versionName(cp.From), ToName: versionName(cp.To),
	}
	for _, ver := range cp.Versions {
		v.Options = append(v.Options, versionOption{ID: ver.ID, Name: versionName(ver), From: ver.ID == cp.From.ID, To: ver.ID == cp.To.ID})
	}
	return s.render(c, http.StatusOK, "compare/show.html", cp.Regulation.Title+" 修改前后对照表", v)
}

// compareDocx is GET /regulations/{id}/compare/docx?from=V&to=W: the
// comparison as a Word table for printing.
func (s *Server) compareDocx(c *gin.Context) error {
	cp, err := s.loadComparison(c)
	if err != nil {
		return err
	}
	title := "《" + cp.Regulation.Title + "》修改前后对照表"
	doc := cp.Cmp.Docx(diff.DocxOptions{Title: title, Changed: c.Query("all") == ""})
	doc.Author = "Lifa"
	var b bytes.Buffer
	if _, err := doc.WriteTo(&b); err != nil {
		return err
	}
	name := fmt.Sprintf("%s-对照表-%d-%d.docx", cp.Regulation.Title, cp.From.Seq, cp.To.Seq)
	c.Header("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b.Bytes())
	return nil
}

// historyURL links to the history of article (num, sub) of version v.
func historyURL(regID, v int64, num, sub int) string {
	q := url.Values{"version": {strconv.FormatInt(v, 10)}, "article": {strconv.Itoa(num)}}
	if sub > 0 {
		q.Set("sub", strconv.Itoa(sub))
	}
	return fmt.Sprintf("/regulations/%d/history?%s", regID, q.Encode())
}

// historyStep is one version in the history of an article.
type historyStep struct {
	Version *drafts.Version `json:"version"`
	// Articles are the article's labels in this version (several after a
	// split); empty when the article does not exist in it.
	Articles []diff.Ref `json:"articles"`
	// Kind and Note say what changed from the previous version ("" for
	// the first version shown); Diff is the character diff.
	Kind string    `json:"kind,omitempty"`
	Note string    `json:"note,omitempty"`
	Diff []diff.Op `json:"diff,omitempty"`
	// Link is the article on its version page.
	Link string `json:"link,omitempty"`
}

// articleHistory follows article (num, sub) of version vid through every
// version of the regulation, chaining the alignments of consecutive
// versions backwards and forwards.
func (s *Server) articleHistory(c *gin.Context, vs []*drafts.Version, vid int64, num, sub int) ([]historyStep, error) {
	at := -1
	for i, v := range vs {
		if v.ID == vid {
			at = i
		}
	}
	if at < 0 {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "该法规项目没有编号为 %d 的版本。", vid)
	}
	doc, err := s.versionDocument(c.Request.Context(), vid)
	if err != nil {
		return nil, err
	}
	var start *diff.Ref
	for i, a := range doc.Articles {
		if a.Num == num && a.Sub == sub {
			start = &diff.Ref{Num: a.Num, Sub: a.Sub, Label: a.Label, Index: i, Text: a.Text, Path: a.Path}
		}
	}
	if start == nil {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "该版本中没有第 %d 条。", num)
	}
	steps := make([]historyStep, len(vs))
	for i, v := range vs {
		steps[i].Version = v
		steps[i].Articles = []diff.Ref{}
	}
	steps[at].Articles = []diff.Ref{*start}
	// Backwards: which old articles became the ones we follow.
	for i := at; i > 0; i-- {
		cmp, err := s.compareVersions(c, vs[i-1].ID, vs[i].ID)
		if err != nil {
			return nil, err
		}
		prev, kind, note, ops := trace(cmp, steps[i].Articles, false)
		steps[i-1].Articles = prev
		steps[i].Kind, steps[i].Note, steps[i].Diff = kind, note, ops
		if len(prev) == 0 {
			break
		}
	}
	// Forwards: what the articles we follow became.
	for i := at; i+1 < len(vs); i++ {
		if len(steps[i].Articles) == 0 {
			break
		}
		cmp, err := s.compareVersions(c, vs[i].ID, vs[i+1].ID)
		if err != nil {
			return nil, err
		}
		next, kind, note, ops := trace(cmp, steps[i].Articles, true)
		steps[i+1].Articles = next
		steps[i+1].Kind, steps[i+1].Note, steps[i+1].Diff = kind, note, ops
	}
	for i := range steps {
		if len(steps[i].Articles) > 0 {
			a := steps[i].Articles[0]
			steps[i].Link = fmt.Sprintf("/versions/%d#%s", steps[i].Version.ID, articleAnchor(a.Num, a.Sub))
		}
	}
	return steps, nil
}

func articleAnchor(num, sub int) string {
	if sub > 0 {
		return fmt.Sprintf("art-%d-%d", num, sub)
	}
	return fmt.Sprintf("art-%d", num)
}

// trace finds the changes of cmp that hold refs (on the old side when
// forward, else on the new side) and returns the articles on the other
// side, with the kind, note and diff of the change (joined when several).
func trace(cmp *diff.Comparison, refs []diff.Ref, forward bool) ([]diff.Ref, string, string, []diff.Op) {
	want := map[int]bool{}
	for _, r := range refs {
		want[r.Index] = true
	}
	var other []diff.Ref
	var kind, note string
	var ops []diff.Op
	seen := map[int]bool{}
	for i := range cmp.Changes {
		ch := &cmp.Changes[i]
		mine, theirs := ch.New, ch.Old
		if forward {
			mine, theirs = ch.Old, ch.New
		}
		hit := false
		for _, r := range mine {
			hit = hit || want[r.Index]
		}
		if !hit {
			continue
		}
		for _, r := range theirs {
			if !seen[r.Index] {
				seen[r.Index] = true
				other = append(other, r)
			}
		}
		if kind == "" || (kind == string(diff.Unchanged) && ch.Changed()) {
			kind = string(ch.Kind)
		}
		if n := ch.Note(); !strings.Contains(note, n) {
			if note != "" {
				note += "；"
			}
			note += n
		}
		if ch.Changed() {
			if len(ops) > 0 {
				ops = append(ops, diff.Op{Op: diff.OpEqual, Text: "\n"})
			}
			ops = append(ops, ch.Diff...)
		}
	}
	if !forward && len(other) == 0 && kind == "" {
		kind, note = string(diff.Added), "新增"
	}
	if forward && len(other) == 0 && kind == "" {
		kind, note = string(diff.Deleted), "删除"
	}
	return other, kind, note, ops
}

// historyQuery reads ?version=V&article=N&sub=S.
func historyQuery(c *gin.Context) (int64, int, int, error) {
	vid, err := queryVersion(c, "version")
	if err != nil {
		return 0, 0, 0, err
	}
	if vid == 0 {
		return 0, 0, 0, drafts.Errorf(drafts.EINVALID, "请用 version 参数指定版本。")
	}
	num, err := strconv.Atoi(c.Query("article"))
	if err != nil || num <= 0 {
		return 0, 0, 0, drafts.Errorf(drafts.EINVALID, "请用 article 参数指定条文序号（如 article=12）。")
	}
	sub := 0
	if q := c.Query("sub"); q != "" {
		if sub, err = strconv.Atoi(q); err != nil || sub < 0 {
			return 0, 0, 0, drafts.Errorf(drafts.EINVALID, "参数 sub 应为数字。")
		}
	}
	return vid, num, sub, nil
}

// apiArticleHistory is GET /api/v1/regulations/{id}/history?version=V&article=N:
// the history of one article through every version (条文沿革).
func (s *Server) apiArticleHistory(c *gin.Context) error {
	reg, vs, err := s.regulationVersions(c)
	if err != nil {
		return err
	}
	vid, num, sub, err := historyQuery(c)
	if err != nil {
		return err
	}
	steps, err := s.articleHistory(c, vs, vid, num, sub)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"regulation_id": reg.ID, "steps": steps})
	return nil
}

// historyView is the data of compare/history.html.
type historyView struct {
	Regulation *drafts.Regulation
	Start      string
	Steps      []historyStepView
}

type historyStepView struct {
	historyStep
	Name   string
	Labels string
	Diff   template.HTML
	Start  bool
}

// historyPage is GET /regulations/{id}/history?version=V&article=N.
func (s *Server) historyPage(c *gin.Context) error {
	reg, vs, err := s.regulationVersions(c)
	if err != nil {
		return err
	}
	vid, num, sub, err := historyQuery(c)
	if err != nil {
		return err
	}
	steps, err := s.articleHistory(c, vs, vid, num, sub)
	if err != nil {
		return err
	}
	v := historyView{Regulation: reg}
	for _, st := range steps {
		sv := historyStepView{historyStep: st, Name: versionName(st.Version), Start: st.Version.ID == vid}
		for i, a := range st.Articles {
			if i > 0 {
				sv.Labels += "、"
			}
			sv.Labels += a.Label
		}
		if sv.Start {
			v.Start = sv.Labels
		}
		if len(st.Diff) > 0 {
			sv.Diff = diff.InlineHTML(st.Diff)
		}
		v.Steps = append(v.Steps, sv)
	}
	return s.render(c, http.StatusOK, "compare/history.html", reg.Title+" "+v.Start+" 条文沿革", v)
}
