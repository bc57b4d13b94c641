package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
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
	pages.GET("/regulations/:id/edit", edit, s.handle(s.editRegulationPage))
	pages.POST("/regulations/:id/edit", edit, s.handle(s.updateRegulationForm))
	s.registerStageRoutes(api, pages)
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
	// Withdrawn are the versions withdrawn (撤回), shown apart to staff.
	Withdrawn []*drafts.Version
	// Open are the consultations open now on any of its readings that
	// the visitor may see.
	Open []*consultations.Overview
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
	a, err := s.account(c)
	if err != nil {
		return err
	}
	open, err := s.consultations.OfRegulation(c.Request.Context(), id, a)
	if err != nil {
		return err
	}
	vs := p.Versions
	d := regulationData{Regulation: p.Regulation, Versions: make([]*drafts.Version, len(vs)), PrevID: map[int64]int64{}}
	if a != nil && a.Role.Can(drafts.PermEditRegulations) {
		d.Withdrawn = p.Withdrawn
	}
	for _, cons := range open {
		o, err := s.consultations.Overview(c.Request.Context(), cons, a)
		if err != nil {
			return err
		}
		d.Open = append(d.Open, o)
	}
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

// regulationForm is the data of regulations/new.html and edit.html.
type regulationForm struct {
	readings.NewRegulation
	Kinds []drafts.Kind
	Error string
	// Same are the projects of the same title, when the form was refused
	// for it (the person may confirm a second one).
	Same []*drafts.Regulation
	// Regulation is the project edited (edit.html).
	Regulation *drafts.Regulation
}

var kinds = []drafts.Kind{drafts.KindEnact, drafts.KindRevise, drafts.KindAmend, drafts.KindRepeal}

func (s *Server) newRegulationPage(c *gin.Context) error {
	return s.render(c, http.StatusOK, "regulations/new.html", "新建法规项目",
		regulationForm{NewRegulation: readings.NewRegulation{Kind: string(drafts.KindEnact)}, Kinds: kinds})
}

func (s *Server) createRegulationForm(c *gin.Context) error {
	in := readings.NewRegulation{Title: c.PostForm("title"), Kind: c.PostForm("kind"),
		Committee: c.PostForm("committee"), Status: c.PostForm("status"), Level: c.PostForm("level"), Region: c.PostForm("region"),
		AllowDuplicate: c.PostForm("allow_duplicate") != ""}
	ctx := c.Request.Context()
	r, err := s.readings.CreateRegulation(ctx, s.actorName(c), in)
	if err == nil {
		return s.seeOther(c, fmt.Sprintf("/regulations/%d", r.ID), "已新建法规项目。")
	}
	code := drafts.ErrorCode(err)
	if code != drafts.EINVALID && code != drafts.ECONFLICT {
		return err
	}
	f := regulationForm{NewRegulation: in, Kinds: kinds, Error: drafts.ErrorMessage(err)}
	if code == drafts.ECONFLICT {
		same, serr := s.readings.SameTitle(ctx, in.Title)
		if serr != nil {
			return serr
		}
		f.Same = same
	}
	return s.render(c, ErrorStatus(err), "regulations/new.html", "新建法规项目", f)
}

// editRegulationPage is the form to change a project's metadata and
// status.
func (s *Server) editRegulationPage(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.readings.Project(c.Request.Context(), id)
	if err != nil {
		return err
	}
	r := p.Regulation
	f := regulationForm{Regulation: r, Kinds: kinds, NewRegulation: readings.NewRegulation{Title: r.Title, Kind: string(r.Kind),
		Committee: r.Committee, Level: string(r.Level), Region: r.Region}}
	if r.StatusSet {
		f.Status = r.Status
	}
	return s.render(c, http.StatusOK, "regulations/edit.html", "修改项目信息", f)
}

// updateRegulationForm saves the edit form; a refused change shows the
// form again with the reason.
func (s *Server) updateRegulationForm(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	field := func(name string) *string { v := c.PostForm(name); return &v }
	u := drafts.RegulationUpdate{Title: field("title"), Kind: field("kind"), Committee: field("committee"),
		Status: field("status"), Level: field("level"), Region: field("region")}
	ctx := c.Request.Context()
	if _, err := s.readings.UpdateRegulation(ctx, s.actorName(c), id, u); err != nil {
		if drafts.ErrorCode(err) != drafts.EINVALID {
			return err
		}
		p, perr := s.readings.Project(ctx, id)
		if perr != nil {
			return perr
		}
		f := regulationForm{Regulation: p.Regulation, Kinds: kinds, Error: drafts.ErrorMessage(err),
			NewRegulation: readings.NewRegulation{Title: *u.Title, Kind: *u.Kind, Committee: *u.Committee,
				Status: *u.Status, Level: *u.Level, Region: *u.Region}}
		return s.render(c, http.StatusBadRequest, "regulations/edit.html", "修改项目信息", f)
	}
	s.pages.dropRegulation(id)
	return s.seeOther(c, fmt.Sprintf("/regulations/%d", id), "已保存项目信息。")
}
