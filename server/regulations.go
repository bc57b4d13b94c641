package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/readings"
	"lifa/web"
	"lifa/web/httpx"
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
	pages.GET("/regulations/:id/edit", edit, s.handle(s.editRegulationPage))
	pages.POST("/regulations/:id/edit", edit, s.handle(s.updateRegulationForm))
	s.registerStageRoutes(api, pages)
}

func (s *Server) apiListRegulations(c *gin.Context) error {
	regs, _, err := s.readings.Projects(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"regulations": httpx.NonNil(regs)})
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
	id, err := httpx.PathID(c, "id")
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
	id, err := httpx.PathID(c, "id")
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
	c.JSON(http.StatusOK, r)
	return nil
}

// regulationData is the data of regulations/show.html: the project with
// its readings newest first (Newest, PrevID for the 对照表 links).
type regulationData struct {
	*readings.Project
	Steps []web.Step
	// Withdrawn are the versions withdrawn (撤回), shown apart to staff
	// who may edit the project; nil for anyone else.
	Withdrawn []*drafts.Version
	// Open are the consultations open now on any of its readings that
	// the visitor may see.
	Open []*consultations.Overview
}

// regulationPage shows a regulation and its versions as a timeline.
func (s *Server) regulationPage(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	p, err := s.readings.Project(ctx, id)
	if err != nil {
		return err
	}
	a, err := s.account(c)
	if err != nil {
		return err
	}
	open, err := s.consultations.OfRegulation(ctx, id, a)
	if err != nil {
		return err
	}
	d := regulationData{Project: p, Steps: web.Progress(p.Stages, p.Current()), Withdrawn: p.WithdrawnFor(a)}
	for _, cons := range open {
		o, err := s.consultations.Overview(ctx, cons, a)
		if err != nil {
			return err
		}
		d.Open = append(d.Open, o)
	}
	return s.render(c, http.StatusOK, "regulations/show.html", p.Regulation.Title, d)
}

// regulationFields reads the fields of the project forms.
func regulationFields(c *gin.Context) readings.NewRegulation {
	return readings.NewRegulation{Title: c.PostForm("title"), Kind: c.PostForm("kind"), Committee: c.PostForm("committee"),
		Status: c.PostForm("status"), Level: c.PostForm("level"), Region: c.PostForm("region"),
		AllowDuplicate: c.PostForm("allow_duplicate") != ""}
}

func (s *Server) newRegulationPage(c *gin.Context) error {
	f, err := s.readings.NewRegulationForm(c.Request.Context(), nil, nil)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "regulations/new.html", "新建法规项目", f)
}

// createRegulationForm creates a project; a refused one shows the form
// again with the reason (and the projects of the same title).
func (s *Server) createRegulationForm(c *gin.Context) error {
	in := regulationFields(c)
	ctx := c.Request.Context()
	r, err := s.readings.CreateRegulation(ctx, s.actorName(c), in)
	if err == nil {
		return s.seeOther(c, fmt.Sprintf("/regulations/%d", r.ID), "已新建法规项目。")
	}
	if code := drafts.ErrorCode(err); code != drafts.EINVALID && code != drafts.ECONFLICT {
		return err
	}
	f, ferr := s.readings.NewRegulationForm(ctx, &in, err)
	if ferr != nil {
		return ferr
	}
	return s.render(c, httpx.Status(err), "regulations/new.html", "新建法规项目", f)
}

// editRegulationPage is the form to change a project's metadata and
// status.
func (s *Server) editRegulationPage(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	f, err := s.readings.EditRegulationForm(c.Request.Context(), id, nil, nil)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "regulations/edit.html", "修改项目信息", f)
}

// updateRegulationForm saves the edit form; a refused change shows the
// form again with the reason.
func (s *Server) updateRegulationForm(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	in := regulationFields(c)
	ctx := c.Request.Context()
	if _, err := s.readings.UpdateRegulation(ctx, s.actorName(c), id, in.Update()); err != nil {
		if drafts.ErrorCode(err) != drafts.EINVALID {
			return err
		}
		f, ferr := s.readings.EditRegulationForm(ctx, id, &in, err)
		if ferr != nil {
			return ferr
		}
		return s.render(c, http.StatusBadRequest, "regulations/edit.html", "修改项目信息", f)
	}
	return s.seeOther(c, fmt.Sprintf("/regulations/%d", id), "已保存项目信息。")
}
