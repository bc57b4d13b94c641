package server

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/web"
)

// homeHook adds data for the home page under a key of homeData.Extra; the
// opinions area uses it for the open consultations (rendered by
// web/templates/home/consultations.html).
type homeHook func(ctx context.Context, extra map[string]any) error

// WithHomeHook registers a function that adds data to the home page.
func WithHomeHook(h func(ctx context.Context, extra map[string]any) error) Option {
	return func(s *Server) error { s.homeHooks = append(s.homeHooks, h); return nil }
}

// regulationSummary is one regulation on the home page.
type regulationSummary struct {
	Regulation *drafts.Regulation
	Steps      []web.Step
}

// homeData is the data of home/index.html.
type homeData struct {
	Regulations []regulationSummary
	Stages      []drafts.Stage
	// Extra holds what home hooks add, by key.
	Extra map[string]any
}

func (s *Server) registerHomeRoutes(api, pages *gin.RouterGroup) {
	pages.GET("/", s.handle(s.homePage))
	api.GET("/stages", s.handle(s.apiStages))
}

// homePage lists the regulation projects with their progress.
func (s *Server) homePage(c *gin.Context) error {
	ctx := c.Request.Context()
	regs, err := s.store.ListRegulations(ctx)
	if err != nil {
		return err
	}
	stages, err := s.store.Stages(ctx)
	if err != nil {
		return err
	}
	d := homeData{Stages: stages, Extra: map[string]any{}}
	for _, r := range regs {
		cur := ""
		if r.Latest != nil {
			cur = r.Latest.Stage
		}
		d.Regulations = append(d.Regulations, regulationSummary{r, web.Progress(stages, cur)})
	}
	for _, h := range s.homeHooks {
		if err := h(ctx, d.Extra); err != nil {
			return err
		}
	}
	p := s.page(c, "", d)
	p.Nav = "home"
	return s.renderPage(c, http.StatusOK, "home/index.html", p)
}

// apiStages lists the stages of the legislative process.
func (s *Server) apiStages(c *gin.Context) error {
	stages, err := s.store.Stages(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"stages": stages})
	return nil
}
