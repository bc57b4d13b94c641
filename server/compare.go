package server

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/diff"
	"lifa/drafts/readings"
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
.history-text { white-space: pre-line; margin: .3rem 0; }
.history-diff summary { cursor: pointer; min-height: 44px; line-height: 44px; }
@media print { .compare-picker { display: none; } }
`

// versionName is how a version is named in the picker and headings.
func versionName(v *drafts.Version) string {
	n := fmt.Sprintf("第 %d 版 %s", v.Seq, v.Name())
	if v.Date != "" {
		n += " " + v.Date
	}
	return n
}

// loadComparison reads ?from=V&to=W (version ids; by default the last two
// versions) and compares them (readings.Service.Compare), saying in
// X-Lifa-Compare-Cache whether the comparison was cached.
func (s *Server) loadComparison(c *gin.Context) (*readings.Comparison, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return nil, err
	}
	from, err := queryInt(c, "from", 1, math.MaxInt64)
	if err != nil {
		return nil, err
	}
	to, err := queryInt(c, "to", 1, math.MaxInt64)
	if err != nil {
		return nil, err
	}
	cp, err := s.readings.Compare(c.Request.Context(), id, from, to)
	if err != nil {
		return nil, err
	}
	if cp.Cached {
		c.Header("X-Lifa-Compare-Cache", "hit")
	} else {
		c.Header("X-Lifa-Compare-Cache", "miss")
	}
	return cp, nil
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
	*readings.Comparison
	Inline   bool
	Body     template.HTML
	FromName string
	ToName   string
	Options  []versionOption
	// DocxURL, DocxAllURL and JSONURL download the comparison shown: the
	// Word table of the changed articles, of every article, and the JSON.
	// Whole URLs built here: a query written into an href after "?" is
	// escaped by html/template (from%3d1%26to%3d3) and lost.
	DocxURL, DocxAllURL, JSONURL string
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
	regID, fromID, toID := cp.Regulation.ID, cp.From.ID, cp.To.ID
	body, err := cp.Cmp.Body(diff.HTMLOptions{
		Inline: inline,
		HistoryURL: func(old bool, num, sub int) string {
			if old {
				return historyURL(regID, fromID, num, sub)
			}
			return historyURL(regID, toID, num, sub)
		},
	})
	if err != nil {
		return err
	}
	q := url.Values{"from": {strconv.FormatInt(fromID, 10)}, "to": {strconv.FormatInt(toID, 10)}}.Encode()
	v := compareView{
		Comparison: cp, Inline: inline, Body: body,
		FromName: versionName(cp.From), ToName: versionName(cp.To),
		DocxURL:    fmt.Sprintf("/regulations/%d/compare/docx?%s", regID, q),
		DocxAllURL: fmt.Sprintf("/regulations/%d/compare/docx?%s&all=1", regID, q),
		JSONURL:    fmt.Sprintf("/api/v1/regulations/%d/compare?%s", regID, q),
	}
	for _, ver := range cp.Versions {
		v.Options = append(v.Options, versionOption{ID: ver.ID, Name: versionName(ver), From: ver.ID == fromID, To: ver.ID == toID})
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
	doc := cp.Cmp.Docx(diff.DocxOptions{Title: title, Changed: c.Query("all") == "",
		Subtitle: "修改前：" + versionName(cp.From) + "　　修改后：" + versionName(cp.To)})
	doc.Author = "Lifa"
	var b bytes.Buffer
	if _, err := doc.WriteTo(&b); err != nil {
		return err
	}
	attachment(c, fmt.Sprintf("%s-对照表-%s-%s.docx", cp.Regulation.Title, cp.From.Name(), cp.To.Name()),
		fmt.Sprintf("compare-%d-%d.docx", cp.From.ID, cp.To.ID))
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

// loadHistory reads ?version=V&article=N&sub=S and follows the article
// through every version (readings.Service.History).
func (s *Server) loadHistory(c *gin.Context) (*readings.History, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return nil, err
	}
	vid, err := queryInt(c, "version", 1, math.MaxInt64)
	if err != nil {
		return nil, err
	}
	if vid == 0 {
		return nil, drafts.Errorf(drafts.EINVALID, "请用 version 参数指定版本。")
	}
	num, err := queryInt(c, "article", 1, 100000)
	if err != nil || num == 0 {
		return nil, drafts.Errorf(drafts.EINVALID, "请用 article 参数指定条文序号（如 article=12）。")
	}
	sub, err := queryInt(c, "sub", 0, 1000)
	if err != nil {
		return nil, err
	}
	return s.readings.History(c.Request.Context(), id, vid, int(num), int(sub))
}

// historyStepJSON is one step of the API's history: the step and the
// article's link on its version page.
type historyStepJSON struct {
	readings.HistoryStep
	Link string `json:"link,omitempty"`
}

// apiArticleHistory is GET /api/v1/regulations/{id}/history?version=V&article=N:
// the history of one article through every version (条文沿革).
func (s *Server) apiArticleHistory(c *gin.Context) error {
	h, err := s.loadHistory(c)
	if err != nil {
		return err
	}
	steps := make([]historyStepJSON, len(h.Steps))
	for i, st := range h.Steps {
		steps[i] = historyStepJSON{HistoryStep: st, Link: stepLink(st)}
	}
	c.JSON(http.StatusOK, gin.H{"regulation_id": h.Regulation.ID, "steps": steps})
	return nil
}

// stepLink is the article of a history step on its version page.
func stepLink(st readings.HistoryStep) string {
	if len(st.Articles) == 0 {
		return ""
	}
	a := st.Articles[0]
	return fmt.Sprintf("/versions/%d#%s", st.Version.ID, drafts.ArticleAnchor(a.Num, a.Sub))
}

// historyView is the data of compare/history.html.
type historyView struct {
	Regulation *drafts.Regulation
	Start      string
	Steps      []historyStepView
}

type historyStepView struct {
	readings.HistoryStep
	Link   string
	Name   string
	Labels string
	Diff   template.HTML
	Start  bool
}

// historyPage is GET /regulations/{id}/history?version=V&article=N.
func (s *Server) historyPage(c *gin.Context) error {
	h, err := s.loadHistory(c)
	if err != nil {
		return err
	}
	v := historyView{Regulation: h.Regulation}
	for _, st := range h.Steps {
		sv := historyStepView{HistoryStep: st, Link: stepLink(st), Name: versionName(st.Version), Start: st.Version.ID == h.Start.ID}
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
	return s.render(c, http.StatusOK, "compare/history.html", h.Regulation.Title+" "+v.Start+" 条文沿革", v)
}
