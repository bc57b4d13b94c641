package server

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/diff"
	"lifa/drafts/readings"
	"lifa/search"
)

// registerSimilarRoutes adds similar provisions (类似规定, 立法参考, issue
// 15): for an article of a version, the most similar provisions of other
// regulations and its superior-law basis (上位法依据), as JSON, as a page,
// as the panel under the article that the version and consultation pages
// load when it is opened (web/static/similar.js), and side by side with a
// chosen provision.
func (s *Server) registerSimilarRoutes(api, pages *gin.RouterGroup) {
	api.GET("/versions/:id/articles/:article/similar", s.handle(s.apiSimilar))
	api.GET("/versions/:id/articles/:article/basis", s.handle(s.apiSuperiorBasis))

	pages.GET("/versions/:id/articles/:article/similar", s.handle(s.similarPage))
	pages.GET("/versions/:id/articles/:article/similar/panel", s.handle(s.similarPanel))
	pages.GET("/versions/:id/articles/:article/beside/:other/:otherArticle", s.handle(s.besidePage))
}

// findSimilar reads the article in the path (12, 10-1, 第十条之一) and the
// filters in the query (limit, level, region, stage, same) and asks the
// index for the similar provisions, or with basis for the superior-law
// basis; limit, when set, is the number of hits unless the query says. EUNAVAILABLE while the index is not ready.
func (s *Server) findSimilar(c *gin.Context, basis bool, limit int) (search.SimilarRequest, *search.SimilarResult, error) {
	req, err := search.SimilarRequestFromValues(c.Request.URL.Query())
	if err != nil {
		return req, nil, err
	}
	if limit > 0 && c.Query("limit") == "" {
		req.Limit = limit
	}
	if req.VersionID, err = pathID(c, "id"); err != nil {
		return req, nil, err
	}
	if req.ArticleNum, req.ArticleSub, err = search.ParseArticleKey(c.Param("article")); err != nil {
		return req, nil, err
	}
	ix, err := s.searchIndex(c)
	if err != nil {
		return req, nil, err
	}
	find := ix.Similar
	if basis {
		find = ix.SuperiorBasis
	}
	res, err := find(c.Request.Context(), req)
	return req, res, err
}

// apiSimilar is GET /api/v1/versions/{id}/articles/{article}/similar.
func (s *Server) apiSimilar(c *gin.Context) error {
	return s.apiFindSimilar(c, false)
}

// apiSuperiorBasis is GET /api/v1/versions/{id}/articles/{article}/basis.
func (s *Server) apiSuperiorBasis(c *gin.Context) error {
	return s.apiFindSimilar(c, true)
}

func (s *Server) apiFindSimilar(c *gin.Context, basis bool) error {
	_, res, err := s.findSimilar(c, basis, 0)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, res)
	return nil
}

// similarView is the data of versions/similar.html and of the panel
// versions/similar_panel.html.
type similarView struct {
	Request search.SimilarRequest
	Result  *search.SimilarResult // nil when refused
	Basis   bool                  // the superior-law basis, not similar provisions
	Hits    []similarHit
	Levels  []levelOption
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
}

// panelLimit is how many provisions the panel under an article lists;
// its page lists the index's default (search.DefaultSimilarLimit).
const panelLimit = 5

// similarHit is one provision as the pages show it.
type similarHit struct {
	search.SimilarHit
	Percent string        // the similarity: 82%
	Text    template.HTML // the provision, what the article does not have marked as the 对照表 marks it
	Link    string        // the provision on its version page
	Beside  string        // the article and the provision side by side
	Why     string        // why the superior-law basis lists it
}

type levelOption struct {
	Level   drafts.Level
	Checked bool
}

// reasonNames are SimilarHit.Reason for people.
var reasonNames = map[string]string{"cited": "条文引用", "basis": "第一条所列上位法", "similar": "相似"}

// similarData finds the similar provisions (or, with ?basis=1, the
// superior-law basis) of the article in the path for its page or, with
// panel, for the panel. A refusal (a bad filter, the index not ready, an
// unknown article) is returned with its status, to be shown in the page.
func (s *Server) similarData(c *gin.Context, panel bool) (*similarView, int, error) {
	basis := c.Query("basis") == "1"
	limit := 0
	if panel {
		limit = panelLimit
	}
	req, res, err := s.findSimilar(c, basis, limit)
	id, key := c.Param("id"), url.PathEscape(c.Param("article"))
	page := "/versions/" + id + "/articles/" + key + "/similar"
	d := &similarView{Request: req, Result: res, Basis: basis, Page: page,
		Article: fmt.Sprintf("/versions/%s#%s", id, drafts.ArticleAnchor(req.ArticleNum, req.ArticleSub))}
	if panel {
		d.More = page
		if q := c.Request.URL.RawQuery; q != "" {
			d.More += "?" + q
		}
	}
	if basis {
		d.Other = page
	} else {
		d.Other = page + "?basis=1"
	}
	for _, l := range drafts.Levels {
		o := levelOption{Level: l}
		for _, r := range req.Levels {
			o.Checked = o.Checked || r == l
		}
		d.Levels = append(d.Levels, o)
	}
	if err != nil {
		switch drafts.ErrorCode(err) {
		case drafts.EINVALID, drafts.ENOTFOUND, drafts.EUNAVAILABLE:
			d.Error = drafts.ErrorMessage(err)
			return d, ErrorStatus(err), nil
		}
		return nil, 0, err
	}
	for _, h := range res.Hits {
		d.Hits = append(d.Hits, similarHit{SimilarHit: h, Percent: fmt.Sprintf("%.0f%%", h.Similarity*100),
			Text: diff.InlineHTML(side(h.Diff, diff.OpDelete)), Link: fmt.Sprintf("/versions/%d#%s", h.VersionID, h.Article.Anchor),
			Beside: fmt.Sprintf("/versions/%s/articles/%s/beside/%d/%s", id, key, h.VersionID, articleKey(h.Article.Num, h.Article.Sub)),
			Why:    reasonNames[h.Reason]})
	}
	return d, http.StatusOK, nil
}

// articleKey is an article in a path: 10, or 10-1 for 第十条之一.
func articleKey(num, sub int) string {
	if sub > 0 {
		return strconv.Itoa(num) + "-" + strconv.Itoa(sub)
	}
	return strconv.Itoa(num)
}

// similarPage is GET /versions/{id}/articles/{article}/similar: the
// article and the provisions most like it (the panel's page, for
// browsers without JavaScript and for links).
func (s *Server) similarPage(c *gin.Context) error {
	d, status, err := s.similarData(c, false)
	if err != nil {
		return err
	}
	title := "类似规定"
	if d.Basis {
		title = "上位法依据"
	}
	if d.Result != nil && d.Result.Query.Article != nil {
		title = d.Result.Query.RegulationTitle + d.Result.Query.Article.Label + " " + title
	}
	return s.render(c, status, "versions/similar.html", title, d)
}

// similarPanel is GET /versions/{id}/articles/{article}/similar/panel: the
// panel's content alone, which similar.js puts under the article when it
// is opened. Refusals come with their status and say why in Chinese.
func (s *Server) similarPanel(c *gin.Context) error {
	d, status, err := s.similarData(c, true)
	if err != nil {
		return err
	}
	b, err := s.tmpl.Execute("versions/similar_panel.html", d)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", b)
	return nil
}

// besideView is the data of versions/similar_beside.html.
type besideView struct {
	*readings.ArticlePair
	// LeftText and RightText are the two texts, what only one has
	// marked.
	LeftText, RightText template.HTML
	Percent             string
	Back                string // the article's similar provisions
}

// besidePage is GET /versions/{id}/articles/{article}/beside/{other}/{otherArticle}:
// an article and a provision side by side, the differences marked as in
// the 对照表.
func (s *Server) besidePage(c *gin.Context) error {
	var refs [2]readings.ArticleRef
	for i, p := range [][2]string{{"id", "article"}, {"other", "otherArticle"}} {
		v, err := pathID(c, p[0])
		if err != nil {
			return err
		}
		num, sub, err := search.ParseArticleKey(c.Param(p[1]))
		if err != nil {
			return err
		}
		refs[i] = readings.ArticleRef{Version: v, Num: num, Sub: sub}
	}
	pair, err := s.readings.Beside(c.Request.Context(), refs[0], refs[1])
	if err != nil {
		return err
	}
	d := besideView{ArticlePair: pair, Percent: fmt.Sprintf("%.0f%%", pair.Similarity*100),
		LeftText: diff.InlineHTML(side(pair.Diff, diff.OpInsert)), RightText: diff.InlineHTML(side(pair.Diff, diff.OpDelete)),
		Back: fmt.Sprintf("/versions/%d/articles/%s/similar", refs[0].Version, articleKey(refs[0].Num, refs[0].Sub))}
	title := pair.Left.Article.Label + "与《" + pair.Right.Regulation.Title + "》" + pair.Right.Article.Label + "对照"
	return s.render(c, http.StatusOK, "versions/similar_beside.html", title, d)
}

// side is the diff as one side sees it: without the spans of the other
// side (op).
func side(ops []diff.Op, other string) []diff.Op {
	out := make([]diff.Op, 0, len(ops))
	for _, op := range ops {
		if op.Op != other {
			out = append(out, op)
		}
	}
	return out
}
