package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/web"
)

func (s *Server) registerRegulationRoutes(api, pages *gin.RouterGroup) {
	edit := s.requirePerm(drafts.PermEditRegulations)
	api.GET("/regulations", s.handle(s.apiListRegulations))
	api.POST("/regulations", edit, s.handle(s.apiCreateRegulation))
	api.GET("/regulations/:id", s.handle(s.apiRegulation))
	api.PATCH("/regulations/:id", edit, s.handle(s.apiUpdateRegulation))

	pages.GET("/regulations/:id", s.handle(s.regulationPage))
	pages.GET("/regulations/new", edit, s.handle(s.newRegulationPage))
	pages.POST("/regulations/new", edit, s.handle(s.createRegulationForm))
}

func (s *Server) apiListRegulations(c *gin.Context) error {
	regs, _, err := s.readings.Projects(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"regulations": nonNil(regs)})
	return nil
}

func (s *Server) apiCreateRegulation(c *gin.Context) error {
	var in readings.NewRegulation
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	r, err := s.readings.CreateRegulation(c.Request.Context(), s.actorName(c), in)
	if err != nil {
		return err
	}
	c.Header("Location", fmt.Sprintf("/api/v1/regulations/%d", r.ID))
	c.JSON(http.StatusCreated, r)
	return nil
}

func (s *Server) apiRegulation(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.readings.Project(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, p.Regulation)
	return nil
}

func (s *Server) apiUpdateRegulation(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var u drafts.RegulationUpdate
	if err := s.decodeJSON(c, &u); err != nil {
		return err
	}
	r, err := s.readings.UpdateRegulation(c.Request.Context(), s.actorName(c), id, u)
	if err != nil {
		return err
	}
	s.pages.dropRegulation(id)
	c.JSON(http.StatusOK, r)
	return nil
}

// regulationData is the data of regulations/show.html.
type regulationData struct {
	Regulation *drafts.Regulation
	Versions   []*drafts.Version // newest first
	Steps      []web.Step
	// PrevID maps a version's id to the id of the version before it, for
	// the link to their comparison (对照表).
	PrevID map[int64]int64
}

// regulationPage shows a regulation and its versions as a timeline.
func (s *Server) regulationPage(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.readings.Project(c.Request.Context(), id)
	if err != nil {
		return err
	}
	vs := p.Versions
	d := regulationData{Regulation: p.Regulation, Versions: make([]*drafts.Version, len(vs)), PrevID: map[int64]int64{}}
	cur := ""
	for i, v := range vs {
		d.Versions[len(vs)-1-i] = v
		if i > 0 {
			d.PrevID[v.ID] = vs[i-1].ID
		}
		cur = v.Stage
	}
	d.Steps = web.Progress(p.Stages, cur)
	return s.render(c, http.StatusOK, "regulations/show.html", p.Regulation.Title, d)
}

// regulationForm is the data of regulations/new.html.
type regulationForm struct {
	readings.NewRegulation
	Kinds []drafts.Kind
	Error string
}

var kinds = []drafts.Kind{drafts.KindEnact, drafts.KindRevise, drafts.KindAmend, drafts.KindRepeal}

func (s *Server) newRegulationPage(c *gin.Context) error {
	return s.render(c, http.StatusOK, "regulations/new.html", "新建法规项目",
		regulationForm{NewRegulation: readings.NewRegulation{Kind: string(drafts.KindEnact)}, Kinds: kinds})
}

func (s *Server) createRegulationForm(c *gin.Context) error {
	in := readings.NewRegulation{Title: c.PostForm("title"), Kind: c.PostForm("kind"),
		Committee: c.PostForm("committee"), Status: c.PostForm("status"), Level: c.PostForm("level"), Region: c.PostForm("region")}
	r, err := s.readings.CreateRegulation(c.Request.Context(), s.actorName(c), in)
	if drafts.ErrorCode(err) == drafts.EINVALID {
		return s.render(c, http.StatusBadRequest, "regulations/new.html", "新建法规项目",
			regulationForm{NewRegulation: in, Kinds: kinds, Error: drafts.ErrorMessage(err)})
	} else if err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/regulations/%d", r.ID))
	return nil
}
