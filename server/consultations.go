package server

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/store"
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

// formValues returns the fields of the request's form as c.PostForm reads
// them, for the workflows that read a form (url.Values).
func formValues(c *gin.Context) url.Values {
	c.PostForm("") // parses the form, once, as gin does
	return c.Request.PostForm
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
	d := consultationData{C: p.Overview, Responses: p.Responses, Answered: p.Answered, Articles: p.Version.Document.Articles,
		CSRF: s.csrfToken(c), Account: a}
	if d.Changes, err = s.consultations.Changes(c.Request.Context(), id); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "opinions/consultation.html", p.Title, d)
}

// opinionFormPage is GET /consultations/{id}/opinion?article=N[&sub=M].
func (s *Server) opinionFormPage(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	art, err := queryInt(c, "article", 0, 100000)
	if err != nil {
		return err
	}
	sub, err := queryInt(c, "sub", 0, 1000)
	if err != nil {
		return err
	}
	return s.renderOpinionForm(c, id, http.StatusOK, "", consultations.OpinionInput{Article: int(art), ArticleSub: int(sub)})
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
	vid, err := queryInt(c, "version_id", 1, math.MaxInt64)
	if err != nil {
		return err
	}
	q := consultations.ListQuery{VersionID: vid}
	switch c.Query("open") {
	case "true", "1":
		q.OpenNow = true
	case "", "false", "0":
	default:
		return drafts.Errorf(drafts.EINVALID, "open 应为 true 或 false。")
	}
	a, err := s.account(c)
	if err != nil {
		return err
	}
	list, err := s.consultations.List(c.Request.Context(), q, a)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"consultations": list})
	return nil
}

// apiConsultation is GET /api/v1/consultations/{id}.
func (s *Server) apiConsultation(c *gin.Context) error {
	id, a, err := s.idAndAccount(c)
	if err != nil {
		return err
	}
	cons, err := s.consultations.Visible(c.Request.Context(), id, a)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, cons)
	return nil
}

// apiCreateConsultation is POST /api/v1/consultations.
func (s *Server) apiCreateConsultation(c *gin.Context) error {
	var in consultations.NewConsultation
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	cons, err := s.consultations.Open(c.Request.Context(), s.actorName(c), in)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, cons)
	return nil
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
	c.JSON(http.StatusOK, gin.H{"responses": nonNil(p.Responses)})
	return nil
}

// newConsultationData is the data of opinions/consultation_new.html.
type newConsultationData struct {
	// Version is the reading consulted on, with its Regulation; nil when
	// none was chosen, and then Readings offers the latest of each project.
	Version       *drafts.Version
	Regulation    *drafts.Regulation
	Readings      []*drafts.Regulation
	ContactPoints []*drafts.ContactPoint
	CSRF          string
	Error         string
	Opens, Closes string // datetime-local values, China time
	// In is what was typed (after a refusal) or proposed.
	In consultations.NewConsultation
}

// newConsultationPage is GET /staff/consultations/new?version=N: the form
// to open a consultation on a version, which the version page links to.
func (s *Server) newConsultationPage(c *gin.Context) error {
	vid, _ := strconv.ParseInt(c.Query("version"), 10, 64)
	opens, closes := s.consultations.DefaultPeriod()
	return s.renderNewConsultation(c, http.StatusOK, consultations.NewConsultation{VersionID: vid,
		Audience: drafts.AudiencePublic, OpensAt: opens, ClosesAt: closes}, "")
}

func (s *Server) renderNewConsultation(c *gin.Context, status int, in consultations.NewConsultation, errMsg string) error {
	ctx := c.Request.Context()
	cps, err := s.accounts.ContactPoints(ctx)
	if err != nil {
		return err
	}
	d := newConsultationData{ContactPoints: cps, CSRF: s.csrfToken(c), Error: errMsg, In: in}
	if !in.OpensAt.IsZero() {
		d.Opens = localTime(in.OpensAt)
	}
	if !in.ClosesAt.IsZero() {
		d.Closes = localTime(in.ClosesAt)
	}
	if in.VersionID > 0 {
		v, err := s.readings.Version(ctx, in.VersionID)
		if err != nil && drafts.ErrorCode(err) != drafts.ENOTFOUND {
			return err
		}
		if v != nil && v.Withdrawn == nil {
			p, err := s.readings.Project(ctx, v.RegulationID)
			if err != nil {
				return err
			}
			d.Version, d.Regulation = withoutDocument(v), p.Regulation
			if d.In.Title == "" {
				d.In.Title = "《" + p.Regulation.Title + "》（" + v.Name() + "）征求意见"
			}
		}
	}
	if d.Version == nil {
		if d.Readings, _, err = s.readings.Projects(ctx); err != nil {
			return err
		}
	}
	return s.render(c, status, "opinions/consultation_new.html", "发起征求意见", d)
}

// localTime is t as the value of a datetime-local field, in China time.
func localTime(t time.Time) string { return t.In(drafts.ChinaTime).Format(drafts.LocalInputLayout) }

// createConsultationForm is POST /staff/consultations/new.
func (s *Server) createConsultationForm(c *gin.Context) error {
	vid, _ := strconv.ParseInt(c.PostForm("version_id"), 10, 64)
	in := consultations.NewConsultation{VersionID: vid, Title: c.PostForm("title"),
		Audience: drafts.Audience(c.PostForm("audience")), Instructions: c.PostForm("instructions")}
	for _, v := range c.PostFormArray("contact_point_ids") {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.ContactPointIDs = append(in.ContactPointIDs, id)
		}
	}
	var cons *drafts.Consultation
	opens, err := drafts.ParseLocalTime(c.PostForm("opens_at"))
	if err == nil {
		if in.ClosesAt, err = drafts.ParseLocalTime(c.PostForm("closes_at")); err == nil {
			in.OpensAt = opens
			cons, err = s.consultations.Open(c.Request.Context(), s.actorName(c), in)
		}
	}
	if err != nil {
		if drafts.ErrorCode(err) == drafts.EINTERNAL {
			return err
		}
		in.OpensAt = opens
		return s.renderNewConsultation(c, ErrorStatus(err), in, drafts.ErrorMessage(err))
	}
	return s.seeOther(c, fmt.Sprintf("/consultations/%d", cons.ID), "已发起征求意见。")
}
