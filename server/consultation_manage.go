package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/web/httpx"
)

// registerConsultationManageRoutes registers the staff's changes to a
// consultation once opened: edit its title and instructions, extend it,
// close it early (consultations.Service.Update, CloseEarly). Each is
// audit-logged and listed on the consultation's page.
func (s *Server) registerConsultationManageRoutes(api, pages *gin.RouterGroup) {
	manage := s.requirePerm(drafts.PermManageConsultations)
	api.PATCH("/consultations/:id", manage, s.handle(s.apiUpdateConsultation))
	api.POST("/consultations/:id/close", manage, s.handle(s.apiCloseConsultation))
	pages.GET("/staff/consultations/:id/edit", manage, s.handle(s.editConsultationPage))
	pages.POST("/staff/consultations/:id/edit", manage, s.handle(s.updateConsultationForm))
	pages.POST("/staff/consultations/:id/close", manage, s.handle(s.closeConsultationForm))
}

// editConsultationData is the data of opinions/consultation_edit.html.
type editConsultationData struct {
	C      *consultations.Overview
	In     consultations.Change
	Closes string // the datetime-local value, China time
	Error  string
}

func (s *Server) editConsultationPage(c *gin.Context) error {
	id, a, err := s.idAndAccount(c)
	if err != nil {
		return err
	}
	cons, err := s.consultations.Visible(c.Request.Context(), id, a)
	if err != nil {
		return err
	}
	return s.renderEditConsultation(c, http.StatusOK, cons, consultations.ChangeOf(cons), "")
}

func (s *Server) renderEditConsultation(c *gin.Context, status int, cons *drafts.Consultation, in consultations.Change, msg string) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	o, err := s.consultations.Overview(c.Request.Context(), cons, a)
	if err != nil {
		return err
	}
	return s.render(c, status, "opinions/consultation_edit.html", "修改征求意见",
		editConsultationData{C: o, In: in, Closes: consultations.LocalTime(in.ClosesAt), Error: msg})
}

func (s *Server) updateConsultationForm(c *gin.Context) error {
	id, a, err := s.idAndAccount(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	in, err := consultations.ReadChange(formValues(c))
	var cons *drafts.Consultation
	if err == nil {
		cons, err = s.consultations.Update(ctx, s.actorName(c), id, in)
	}
	if err != nil {
		if code := drafts.ErrorCode(err); code == drafts.EINTERNAL || code == drafts.ENOTFOUND {
			return err
		}
		was, verr := s.consultations.Visible(ctx, id, a)
		if verr != nil {
			return verr
		}
		return s.renderEditConsultation(c, httpx.Status(err), was, in, drafts.ErrorMessage(err))
	}
	return s.seeOther(c, fmt.Sprintf("/consultations/%d#changes", id),
		fmt.Sprintf("已保存。征求意见%s截止。", drafts.FormatDateTime(cons.ClosesAt)))
}

func (s *Server) closeConsultationForm(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.consultations.CloseEarly(c.Request.Context(), s.actorName(c), id, c.PostForm("reason")); err != nil {
		return s.seeOtherError(c, fmt.Sprintf("/staff/consultations/%d/edit#close", id), err)
	}
	return s.seeOther(c, fmt.Sprintf("/consultations/%d#changes", id), "已提前结束征求意见。")
}

// apiUpdateConsultation is PATCH /api/v1/consultations/{id} with any of
// title, instructions, closes_at and reason: the fields left out keep
// their values.
func (s *Server) apiUpdateConsultation(c *gin.Context) error {
	id, a, err := s.idAndAccount(c)
	if err != nil {
		return err
	}
	was, err := s.consultations.Visible(c.Request.Context(), id, a)
	if err != nil {
		return err
	}
	in := consultations.ChangeOf(was)
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	cons, err := s.consultations.Update(c.Request.Context(), s.actorName(c), id, in)
	return replyJSON(c, http.StatusOK, cons, err)
}

// apiCloseConsultation is POST /api/v1/consultations/{id}/close {"reason"}.
func (s *Server) apiCloseConsultation(c *gin.Context) error {
	id, reason, err := s.reasonRequest(c)
	if err != nil {
		return err
	}
	cons, err := s.consultations.CloseEarly(c.Request.Context(), s.actorName(c), id, reason)
	return replyJSON(c, http.StatusOK, cons, err)
}
