package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/search"
	"lifa/web/httpx"
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

// findSimilar reads the article in the path and the filters in the query
// (search.SimilarPageRequest) and asks the index for the similar
// provisions, or with basis for the superior-law basis. EUNAVAILABLE
// while the index is not ready.
func (s *Server) findSimilar(c *gin.Context, basis, panel bool) (search.SimilarRequest, *search.SimilarResult, error) {
	req, err := search.SimilarPageRequest(c.Request.URL.Query(), panel)
	if err != nil {
		return req, nil, err
	}
	if req.VersionID, err = httpx.PathID(c, "id"); err != nil {
		return req, nil, err
	}
	if req.ArticleNum, req.ArticleSub, err = drafts.ParseArticleKey(c.Param("article")); err != nil {
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
	_, res, err := s.findSimilar(c, basis, false)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, res)
	return nil
}

// similarData finds the similar provisions (or, with ?basis=1, the
// superior-law basis) of the article in the path for its page or, with
// panel, for the panel. A refusal (a bad filter, the index not ready, an
// unknown article) is returned with its status, to be shown in the page.
func (s *Server) similarData(c *gin.Context, panel bool) (*search.SimilarPage, int, error) {
	basis := c.Query("basis") == "1"
	req, res, err := s.findSimilar(c, basis, panel)
	d := search.NewSimilarPage(req, basis, panel, c.Param("id"), c.Param("article"), c.Request.URL.RawQuery)
	if err != nil {
		switch drafts.ErrorCode(err) {
		case drafts.EINVALID, drafts.ENOTFOUND, drafts.EUNAVAILABLE:
			d.Error = drafts.ErrorMessage(err)
			return d, httpx.Status(err), nil
		}
		return nil, 0, err
	}
	d.SetResult(res)
	return d, http.StatusOK, nil
}

// similarPage is GET /versions/{id}/articles/{article}/similar: the
// article and the provisions most like it (the panel's page, for
// browsers without JavaScript and for links).
func (s *Server) similarPage(c *gin.Context) error {
	d, status, err := s.similarData(c, false)
	if err != nil {
		return err
	}
	return s.render(c, status, "versions/similar.html", d.Title(), d)
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

// besidePage is GET /versions/{id}/articles/{article}/beside/{other}/{otherArticle}:
// an article and a provision side by side, the differences marked as in
// the 对照表.
func (s *Server) besidePage(c *gin.Context) error {
	var refs [2]readings.ArticleRef
	for i, p := range [][2]string{{"id", "article"}, {"other", "otherArticle"}} {
		v, err := httpx.PathID(c, p[0])
		if err != nil {
			return err
		}
		num, sub, err := drafts.ParseArticleKey(c.Param(p[1]))
		if err != nil {
			return err
		}
		refs[i] = readings.ArticleRef{Version: v, Num: num, Sub: sub}
	}
	pair, err := s.readings.Beside(c.Request.Context(), refs[0], refs[1])
	if err != nil {
		return err
	}
	title := pair.Left.Article.Label + "与《" + pair.Right.Regulation.Title + "》" + pair.Right.Article.Label + "对照"
	return s.render(c, http.StatusOK, "versions/similar_beside.html", title, pair)
}
