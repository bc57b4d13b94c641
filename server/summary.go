package server

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/web/httpx"
)

// registerSummaryRoutes registers the 意见汇总 of a version (page, JSON,
// CSV, Word) and following its opinions into a later reading.
func (s *Server) registerSummaryRoutes(api, pages *gin.RouterGroup) {
	export := s.requirePerm(drafts.PermExport)
	view := s.requirePerm(drafts.PermViewOpinions)
	api.GET("/versions/:id/opinions/summary", export, s.handle(s.apiOpinionSummary))
	api.GET("/versions/:id/opinions/follow", view, s.handle(s.apiFollowOpinions))
	pages.GET("/staff/versions/:id/summary", export, s.handle(s.summaryPage))
	pages.GET("/staff/versions/:id/follow", view, s.handle(s.followPage))
}

// summaryData is the data of opinions/summary.html.
type summaryData struct {
	*consultations.Summary
	Sources      []drafts.Source
	Dispositions []drafts.Disposition
	// HeatMap is drawn by web.HeatMapSVG, which escapes every text it
	// writes and draws only numbers and fixed colours.
	HeatMap template.HTML
}

// summaryPage is GET /staff/versions/{id}/summary: the 意见汇总 with the
// heat map, per-article counts and one representative per group.
func (s *Server) summaryPage(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	sm, err := s.consultations.Summary(c.Request.Context(), id)
	if err != nil {
		return err
	}
	counts, err := s.consultations.ArticleCounts(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "opinions/summary.html", "意见汇总",
		summaryData{Summary: sm, Sources: drafts.Sources, Dispositions: drafts.Dispositions, HeatMap: heatMapSVG(counts, id)})
}

// apiOpinionSummary is GET /api/v1/versions/{id}/opinions/summary as JSON,
// CSV (?format=csv) or a Word table (?format=docx).
func (s *Server) apiOpinionSummary(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	format := c.DefaultQuery("format", "json")
	if err := consultations.CheckSummaryFormat(format); err != nil {
		return err
	}
	sm, err := s.consultations.Summary(c.Request.Context(), id)
	if err != nil {
		return err
	}
	if format == "json" {
		c.JSON(http.StatusOK, gin.H{"articles": sm.Rows})
		return nil
	}
	e, err := sm.Export(format)
	if err != nil {
		return err
	}
	httpx.Attachment(c, e.Name, e.Fallback)
	c.Data(http.StatusOK, e.ContentType, e.Data)
	return nil
}

// followData is the data of opinions/follow.html.
type followData struct {
	*consultations.Follow
	Unchanged bool
}

// followQuery reads {id} and the query (consultations.ParseFollowQuery).
func followQuery(c *gin.Context) (consultations.FollowQuery, error) {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return consultations.FollowQuery{}, err
	}
	return consultations.ParseFollowQuery(c.Request.URL.Query(), id)
}

// followPage is GET /staff/versions/{id}/follow?to=N[&unchanged=true]:
// where each opinion's article went in a later reading, and whether its
// text changed.
func (s *Server) followPage(c *gin.Context) error {
	q, err := followQuery(c)
	if err != nil {
		return err
	}
	f, err := s.consultations.Follow(c.Request.Context(), q)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "opinions/follow.html", "意见在后一稿中的去向", followData{Follow: f, Unchanged: q.UnchangedOnly})
}

// apiFollowOpinions is GET /api/v1/versions/{id}/opinions/follow?to=N:
// each opinion on version id with where its article went in version N;
// ?unchanged=true lists only opinions whose article was not changed.
func (s *Server) apiFollowOpinions(c *gin.Context) error {
	q, err := followQuery(c)
	if err != nil {
		return err
	}
	if err := q.NamesTo(); err != nil {
		return err
	}
	f, err := s.consultations.Follow(c.Request.Context(), q)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"from": q.From, "to": f.To, "opinions": f.Opinions})
	return nil
}
