package server

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/readings"
)

// registerStageRoutes registers the administrator's page of the stages of
// the legislative process (审议阶段设置): stages are data, renamed, added,
// moved and removed here (readings.Service).
func (s *Server) registerStageRoutes(_, pages *gin.RouterGroup) {
	admin := s.requirePerm(drafts.PermManageAccounts)
	pages.GET("/admin/stages", admin, s.handle(s.stagesPage))
	pages.POST("/admin/stages", admin, s.handle(s.createStageForm))
	pages.POST("/admin/stages/:code", admin, s.handle(s.updateStageForm))
	pages.POST("/admin/stages/:code/delete", admin, s.handle(s.deleteStageForm))
}

// stagesData is the data of admin/stages.html.
type stagesData struct {
	Stages []drafts.Stage
	// New is what was typed in the form to add a stage.
	New drafts.Stage
	// NextPosition is the position proposed for a new stage.
	NextPosition int
}

func (s *Server) stagesPage(c *gin.Context) error {
	stages, err := s.readings.Stages(c.Request.Context())
	if err != nil {
		return err
	}
	d := stagesData{Stages: stages, NextPosition: readings.NextPosition(stages)}
	return s.render(c, http.StatusOK, "admin/stages.html", "审议阶段设置", d)
}

func (s *Server) createStageForm(c *gin.Context) error {
	st := drafts.Stage{Code: c.PostForm("code"), Name: c.PostForm("name"), Position: readings.ParsePosition(c.PostForm("position"))}
	if err := s.readings.CreateStage(c.Request.Context(), s.actorName(c), st); err != nil {
		return s.seeOtherError(c, "/admin/stages#new-stage", err)
	}
	return s.seeOther(c, "/admin/stages", "已新增审议阶段“"+strings.TrimSpace(st.Name)+"”。")
}

func (s *Server) updateStageForm(c *gin.Context) error {
	name := c.PostForm("name")
	if err := s.readings.UpdateStage(c.Request.Context(), s.actorName(c), c.Param("code"), name, readings.ParsePosition(c.PostForm("position"))); err != nil {
		return s.seeOtherError(c, "/admin/stages", err)
	}
	return s.seeOther(c, "/admin/stages", "已保存审议阶段“"+strings.TrimSpace(name)+"”。")
}

func (s *Server) deleteStageForm(c *gin.Context) error {
	if err := s.readings.DeleteStage(c.Request.Context(), s.actorName(c), c.Param("code")); err != nil {
		return s.seeOtherError(c, "/admin/stages", err)
	}
	return s.seeOther(c, "/admin/stages", "已删除审议阶段。")
}
