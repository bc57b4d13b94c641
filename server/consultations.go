package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/store"
	"lifa/web/httpx"
)

// registerConsultationRoutes registers the consultations (征求意见): the
// page of each with its draft, the opinion form, opening one (staff), and
// their API.
func (s *Server) registerConsultationRoutes(api, pages *gin.RouterGroup) {
	manage := s.requirePerm(drafts.PermManageConsultations)
	api.GET("/consultations", s.handle(s.apiConsultations))
	api.GET("/consultations/:id", s.handle(s.apiConsultation))
	api.POST("/consultations", manage, s.handle(s.apiCreateConsultation))
	api.GET("/consultations/:id/responses", s.requirePerm(drafts.PermViewOpinions), s.handle(s.apiConsultationResponses))

	pages.GET("/consultations/:id", s.handle(s.consultationPage))
	pages.GET("/consultations/:id/opinion", s.handle(s.opinionFormPage))
	pages.GET("/staff/consultations/new", manage, s.handle(s.newConsultationPage))
	pages.POST("/staff/consultations/new", manage, s.handle(s.createConsultationForm))
	s.registerConsultationManageRoutes(api, pages)
}

// visible answers a consultation the visitor may not see: an anonymous
// page view is sent to sign in first, anyone else gets err (404).
func (s *Server) visible(c *gin.Context, err error) error {
	if errors.Is(err, consultations.ErrHidden) && c.Request.Method == http.MethodGet {
		if a, _ := s.account(c); a == nil {
			s.denyAnonymous(c)
			return nil
		}
	}
	return err
}

// consultationData is the data of opinions/consultation.html and
// opinions/form.html.
type consultationData struct {
	C *consultations.Overview
	// Responses lists, for staff, how each contact point asked has answered.
	Responses []store.ContactPointResponse
	Answered  []*drafts.Opinion
	Article   *drafts.Article // the form's article; nil: the draft as a whole
	Articles  []*drafts.Article
	Label     string
	Error     string
	In        consultations.OpinionInput
	CSRF      string
	Account   *drafts.Account
	// Changes are the changes made to the consultation since it was
	// opened (edited, extended, closed early), newest first.
	Changes []consultations.ChangeEntry
}

// consultationPage is GET /consultations/{id}: the call for opinions with
// every article and a link to comment on it.
func (s *Server) consultationPage(c *gin.Context) error {
	id, a, err := s.idAndAccount(c)
	if err != nil {
		return err
	}
	p, err := s.consultations.Page(c.Request.Context(), id, a)
	if err != nil {
		return s.visible(c, err)
	}
	return s.render(c, http.StatusOK, "opinions/consultation.html", p.Title, consultationData{C: p.Overview, Responses: p.Responses,
		Answered: p.Answered, Articles: p.Version.Document.Articles, CSRF: s.csrfToken(c), Account: a, Changes: p.Changes})
}

// opinionFormPage is GET /consultations/{id}/opinion?article=N[&sub=M].
func (s *Server) opinionFormPage(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	in, err := consultations.ParseFormArticle(c.Request.URL.Query())
	if err != nil {
		return err
	}
	return s.renderOpinionForm(c, id, http.StatusOK, "", in)
}

// renderOpinionForm renders the opinion form of consultation id for the
// article of in, with msg (a refusal) and what was typed.
func (s *Server) renderOpinionForm(c *gin.Context, id int64, status int, msg string, in consultations.OpinionInput) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	f, err := s.consultations.Form(c.Request.Context(), id, a, in.Article, in.ArticleSub)
	if err != nil {
		return s.visible(c, err)
	}
	d := consultationData{C: f.Overview, Article: f.Article, Articles: f.Version.Document.Articles, Label: f.Label,
		Error: msg, In: in, CSRF: s.csrfToken(c), Account: a}
	return s.render(c, status, "opinions/form.html", "对"+f.Label+"提出意见", d)
}

// apiConsultations is GET /api/v1/consultations[?open=true][&version_id=N]:
// the consultations the caller may see.
func (s *Server) apiConsultations(c *gin.Context) error {
	q, err := consultations.ParseListQuery(c.Request.URL.Query())
	if err != nil {
		return err
	}
	a, err := s.account(c)
	if err != nil {
		return err
	}
	list, err := s.consultations.List(c.Request.Context(), q, a)
	return replyJSON(c, http.StatusOK, gin.H{"consultations": list}, err)
}

// apiConsultation is GET /api/v1/consultations/{id}.
func (s *Server) apiConsultation(c *gin.Context) error {
	id, a, err := s.idAndAccount(c)
	if err != nil {
		return err
	}
	cons, err := s.consultations.Visible(c.Request.Context(), id, a)
	return replyJSON(c, http.StatusOK, cons, err)
}

// apiCreateConsultation is POST /api/v1/consultations.
func (s *Server) apiCreateConsultation(c *gin.Context) error {
	var in consultations.NewConsultation
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	cons, err := s.consultations.Open(c.Request.Context(), s.actorName(c), in)
	return replyJSON(c, http.StatusCreated, cons, err)
}

// apiConsultationResponses is GET /api/v1/consultations/{id}/responses:
// which contact points have answered, with counts.
func (s *Server) apiConsultationResponses(c *gin.Context) error {
	id, a, err := s.idAndAccount(c)
	if err != nil {
		return err
	}
	p, err := s.consultations.Page(c.Request.Context(), id, a)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"responses": httpx.NonNil(p.Responses)})
	return nil
}

// newConsultationData is the data of opinions/consultation_new.html.
type newConsultationData struct {
	*consultations.NewForm
	CSRF  string
	Error string
}

// newConsultationPage is GET /staff/consultations/new?version=N: the form
// to open a consultation on a version, which the version page links to.
func (s *Server) newConsultationPage(c *gin.Context) error {
	vid, _ := strconv.ParseInt(c.Query("version"), 10, 64)
	return s.renderNewConsultation(c, http.StatusOK, s.consultations.Proposal(vid), "")
}

func (s *Server) renderNewConsultation(c *gin.Context, status int, in consultations.NewConsultation, errMsg string) error {
	f, err := s.consultations.NewForm(c.Request.Context(), in)
	if err != nil {
		return err
	}
	return s.render(c, status, "opinions/consultation_new.html", "发起征求意见",
		newConsultationData{NewForm: f, CSRF: s.csrfToken(c), Error: errMsg})
}

// createConsultationForm is POST /staff/consultations/new.
func (s *Server) createConsultationForm(c *gin.Context) error {
	in, err := consultations.ReadNewConsultation(formValues(c))
	var cons *drafts.Consultation
	if err == nil {
		cons, err = s.consultations.Open(c.Request.Context(), s.actorName(c), in)
	}
	if err != nil {
		if drafts.ErrorCode(err) == drafts.EINTERNAL {
			return err
		}
		return s.renderNewConsultation(c, httpx.Status(err), in, drafts.ErrorMessage(err))
	}
	return s.seeOther(c, fmt.Sprintf("/consultations/%d", cons.ID), "已发起征求意见。")
}
