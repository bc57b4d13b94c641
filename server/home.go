package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/web"
)

func (s *Server) registerHomeRoutes(api, pages *gin.RouterGroup) {
	pages.GET("/", s.handle(s.homePage))
	api.GET("/stages", s.handle(s.apiStages))
}

// regulationSummary is one regulation on the home page.
type regulationSummary struct {
	Regulation *drafts.Regulation
	Steps      []web.Step
}

// homeData is the data of home/index.html and home/consultations.html.
type homeData struct {
	Regulations []regulationSummary
	// Consultations are the public consultations open now.
	Consultations []*consultations.Overview
}

// homePage lists the public consultations open now and the regulation
// projects with their progress.
func (s *Server) homePage(c *gin.Context) error {
	ctx := c.Request.Context()
	regs, stages, err := s.readings.Projects(ctx)
	if err != nil {
		return err
	}
	d := homeData{}
	if d.Consultations, err = s.consultations.OpenToPublic(ctx); err != nil {
		return err
	}
	for _, r := range regs {
		cur := ""
		if r.Latest != nil {
			cur = r.Latest.Stage
		}
		d.Regulations = append(d.Regulations, regulationSummary{r, web.Progress(stages, cur)})
	}
	p := s.page(c, "", d)
	p.Nav = "home"
	return s.renderPage(c, http.StatusOK, "home/index.html", p)
}

// apiStages lists the stages of the legislative process.
func (s *Server) apiStages(c *gin.Context) error {
	stages, err := s.readings.Stages(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"stages": stages})
	return nil
}
