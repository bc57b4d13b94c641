package server

import (
	"html/template"
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts/diff"
	"lifa/drafts/readings"
	"lifa/web"
	"lifa/web/httpx"
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
	// The comparison's CSS and script live with its renderer (drafts/diff),
	// followed by what the site's pages add around it (the picker, the
	// history list).
	pageCSS, _ := fs.ReadFile(web.Static(), "compare-page.css")
	css := append([]byte(diff.Style()), pageCSS...)
	pages.GET("/compare/assets/diff.css", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=3600")
		c.Data(http.StatusOK, "text/css; charset=utf-8", css)
	})
	pages.GET("/compare/assets/diff.js", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=3600")
		c.Data(http.StatusOK, "text/javascript; charset=utf-8", []byte(diff.Script()))
	})
}

// loadComparison reads ?from=V&to=W (version ids; by default the last two
// versions) and compares them (readings.Service.Compare), saying in
// X-Lifa-Compare-Cache whether the comparison was cached.
func (s *Server) loadComparison(c *gin.Context) (*readings.Comparison, error) {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return nil, err
	}
	from, to, err := readings.FromTo(c.Request.URL.Query())
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
// comparison as JSON (readings.ComparisonJSON) with the two versions.
func (s *Server) apiCompare(c *gin.Context) error {
	cp, err := s.loadComparison(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, cp.JSON())
	return nil
}

// compareView is the data of compare/show.html: the comparison (with its
// picker and downloads) rendered side by side or inline.
type compareView struct {
	*readings.Comparison
	Inline bool
	Body   template.HTML
}

// comparePage is GET /regulations/{id}/compare?from=V&to=W&view=inline.
func (s *Server) comparePage(c *gin.Context) error {
	cp, err := s.loadComparison(c)
	if err != nil {
		return err
	}
	v := compareView{Comparison: cp, Inline: c.Query("view") == "inline"}
	if v.Body, err = cp.Body(v.Inline); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "compare/show.html", cp.Regulation.Title+" 修改前后对照表", v)
}

// compareDocx is GET /regulations/{id}/compare/docx?from=V&to=W[&all=1]:
// the comparison as a Word table for printing.
func (s *Server) compareDocx(c *gin.Context) error {
	cp, err := s.loadComparison(c)
	if err != nil {
		return err
	}
	data, name, fallback, err := cp.Docx(c.Query("all") != "")
	if err != nil {
		return err
	}
	httpx.Attachment(c, name, fallback)
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data)
	return nil
}

// loadHistory reads ?version=V&article=N&sub=S and follows the article
// through every version (readings.Service.History).
func (s *Server) loadHistory(c *gin.Context) (*readings.History, error) {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return nil, err
	}
	q, err := readings.ParseHistoryQuery(c.Request.URL.Query())
	if err != nil {
		return nil, err
	}
	return s.readings.History(c.Request.Context(), id, q.Version, q.Num, q.Sub)
}

// apiArticleHistory is GET /api/v1/regulations/{id}/history?version=V&article=N:
// the history of one article through every version (条文沿革).
func (s *Server) apiArticleHistory(c *gin.Context) error {
	h, err := s.loadHistory(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"regulation_id": h.Regulation.ID, "steps": h.Steps})
	return nil
}

// historyPage is GET /regulations/{id}/history?version=V&article=N.
func (s *Server) historyPage(c *gin.Context) error {
	h, err := s.loadHistory(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "compare/history.html", h.Regulation.Title+" "+h.StartLabels()+" 条文沿革", h)
}
