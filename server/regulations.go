package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/web"
)

func (s *Server) registerRegulationRoutes(api, pages *gin.RouterGroup) {
	api.GET("/regulations", s.handle(s.apiListRegulations))
	api.POST("/regulations", s.requireWriter(), s.handle(s.apiCreateRegulation))
	api.GET("/regulations/:id", s.handle(s.apiRegulation))
	api.PATCH("/regulations/:id", s.requireWriter(), s.handle(s.apiUpdateRegulation))

	pages.GET("/regulations/:id", s.handle(s.regulationPage))
	pages.GET("/regulations/new", s.requireWriter(), s.handle(s.newRegulationPage))
	pages.POST("/regulations/new", s.requireWriter(), s.handle(s.createRegulationForm))
}

// newRegulation is the JSON body that creates a regulation.
type newRegulation struct {
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Committee string `json:"committee"`
	Status    string `json:"status"`
}

func (n newRegulation) regulation() *drafts.Regulation {
	return &drafts.Regulation{Title: strings.TrimSpace(n.Title), Kind: drafts.Kind(strings.TrimSpace(n.Kind)),
		Committee: strings.TrimSpace(n.Committee), Status: strings.TrimSpace(n.Status)}
}

func (s *Server) apiListRegulations(c *gin.Context) error {
	regs, err := s.store.ListRegulations(c.Request.Context())
	if err != nil {
		return err
	}
	if regs == nil {
		regs = []*drafts.Regulation{}
	}
	c.JSON(http.StatusOK, gin.H{"regulations": regs})
	return nil
}

func (s *Server) apiCreateRegulation(c *gin.Context) error {
	var in newRegulation
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	r := in.regulation()
	if err := s.store.CreateRegulation(c.Request.Context(), s.actorName(c), r); err != nil {
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
	r, err := s.store.Regulation(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, r)
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
	r, err := s.store.UpdateRegulation(c.Request.Context(), s.actorName(c), id, u)
	if err != nil {
		return err
	}
	s.regs.drop(id)
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
	ctx := c.Request.Context()
	r, err := s.store.Regulation(ctx, id)
	if err != nil {
		return err
	}
	vs, err := s.store.Versions(ctx, id)
	if err != nil {
		return err
	}
	stages, err := s.store.Stages(ctx)
	if err != nil {
		return err
	}
	cur := ""
	if len(vs) > 0 {
		cur = vs[len(vs)-1].Stage
	}
	rev := make([]*drafts.Version, len(vs))
	prev := map[int64]int64{}
	for i, v := range vs {
		rev[len(vs)-1-i] = v
		if i > 0 {
			prev[v.ID] = vs[i-1].ID
		}
	}
	return s.render(c, http.StatusOK, "regulations/show.html", r.Title,
		regulationData{Regulation: r, Versions: rev, Steps: web.Progress(stages, cur), PrevID: prev})
}

// regulationForm is the data of regulations/new.html.
type regulationForm struct {
	newRegulation
	Kinds []drafts.Kind
	Error string
}

func (s *Server) newRegulationPage(c *gin.Context) error {
	return s.render(c, http.StatusOK, "regulations/new.html", "新建法规项目",
		regulationForm{newRegulation: newRegulation{Kind: string(drafts.KindEnact)}, Kinds: kinds})
}

var kinds = []drafts.Kind{drafts.KindEnact, drafts.KindRevise, drafts.KindAmend, drafts.KindRepeal}

func (s *Server) createRegulationForm(c *gin.Context) error {
	in := newRegulation{Title: c.PostForm("title"), Kind: c.PostForm("kind"),
		Committee: c.PostForm("committee"), Status: c.PostForm("status")}
	r := in.regulation()
	if err := s.store.CreateRegulation(c.Request.Context(), s.actorName(c), r); err != nil {
		if drafts.ErrorCode(err) != drafts.EINVALID {
			return err
		}
		return s.render(c, http.StatusBadRequest, "regulations/new.html", "新建法规项目",
			regulationForm{newRegulation: in, Kinds: kinds, Error: drafts.ErrorMessage(err)})
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/regulations/%d", r.ID))
	return nil
}
