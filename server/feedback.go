package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/reports"
	"lifa/web/httpx"
)

// registerFeedbackRoutes registers the feedback on a consultation's
// opinions: the public feedback (公开反馈) once the consultation has closed,
// the letters to contact points (意见采纳情况反馈) for staff to publish and
// for liaisons to read and download, and their API.
func (s *Server) registerFeedbackRoutes(api, pages *gin.RouterGroup) {
	h := s.newReportRoutes()
	view := s.requirePerm(drafts.PermViewOpinions)
	write := s.requirePerm(drafts.PermAnswer)
	own := s.requirePerm(drafts.PermOwnAccount)
	point := s.requirePerm(drafts.PermSubmitForPoint)
	api.GET("/consultations/:id/feedback", s.handle(h.apiPublicFeedback))
	api.POST("/consultations/:id/feedback", write, s.handle(h.apiPublishPublic))
	api.GET("/consultations/:id/letters", view, s.handle(h.apiLetters))
	api.POST("/consultations/:id/letters", write, s.handle(h.apiPublishLetters))
	api.GET("/consultations/:id/letters/:cp", own, s.handle(h.apiLetter))
	api.GET("/me/letters", point, s.handle(h.apiMyLetters))
	pages.GET("/consultations/:id/feedback", s.handle(h.publicFeedbackPage))
	pages.POST("/consultations/:id/feedback", write, s.handle(h.publishPublicForm))
	pages.GET("/staff/consultations/:id/letters", view, s.handle(h.lettersPage))
	pages.POST("/staff/consultations/:id/letters", write, s.handle(h.publishLettersForm))
	pages.GET("/consultations/:id/letters/:cp", own, s.handle(h.letterPage))
	pages.GET("/consultations/:id/letters/:cp/docx", own, s.handle(h.letterDocx))
	pages.GET("/dashboard/feedback", point, s.handle(h.myLettersPage))
}

// publicFeedbackData is the data of reports/feedback.html.
type publicFeedbackData struct {
	*reports.PublicFeedback
	Staff bool
	CSRF  string
}

// publicFeedbackOf returns the public feedback of consultation {id} as
// the visitor may see it (reports.Service.PublicFeedback), and the visitor.
func (h *reportRoutes) publicFeedbackOf(c *gin.Context) (*reports.PublicFeedback, *drafts.Account, error) {
	id, a, err := h.idAndAccount(c)
	if err != nil {
		return nil, nil, err
	}
	f, err := h.reports.PublicFeedback(c.Request.Context(), id, a)
	return f, a, err
}

// publicFeedbackPage is GET /consultations/{id}/feedback: what became of
// the opinions, once published (staff see a preview and publish it).
func (h *reportRoutes) publicFeedbackPage(c *gin.Context) error {
	f, a, err := h.publicFeedbackOf(c)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "reports/feedback.html", f.Title,
		publicFeedbackData{PublicFeedback: f, Staff: a.Can(drafts.PermAnswer), CSRF: h.csrfToken(c)})
}

// publishPublicForm is POST /consultations/{id}/feedback: publishes it.
func (h *reportRoutes) publishPublicForm(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	target := "/consultations/" + strconv.FormatInt(id, 10) + "/feedback"
	if _, err := h.reports.PublishPublic(c.Request.Context(), h.actorName(c), id, 0); err != nil {
		return h.seeOtherError(c, target, err)
	}
	return h.seeOther(c, target, "已公布意见采纳情况。")
}

// apiPublicFeedback is GET /api/v1/consultations/{id}/feedback: the public
// feedback; 404 until it is published (staff get the preview).
func (h *reportRoutes) apiPublicFeedback(c *gin.Context) error {
	f, _, err := h.publicFeedbackOf(c)
	if err != nil {
		return err
	}
	return replyJSON(c, http.StatusOK, f, f.Found())
}

// apiPublishPublic is POST /api/v1/consultations/{id}/feedback.
func (h *reportRoutes) apiPublishPublic(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	var in reports.PublishBody
	if err := h.decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := h.reports.PublishPublic(c.Request.Context(), h.actorName(c), id, in.To)
	return replyJSON(c, http.StatusOK, p, err)
}

// lettersData is the data of reports/letters.html.
type lettersData struct {
	*reports.LetterIndex
	CSRF string
}

// lettersPage is GET /staff/consultations/{id}/letters: a letter for each
// contact point that took part, and publishing them.
func (h *reportRoutes) lettersPage(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	x, err := h.reports.LetterIndex(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "reports/letters.html", "向联系点反馈意见采纳情况",
		lettersData{LetterIndex: x, CSRF: h.csrfToken(c)})
}

// publishLettersForm is POST /staff/consultations/{id}/letters (cp, any
// number; none: all): publishes the letters.
func (h *reportRoutes) publishLettersForm(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	target := "/staff/consultations/" + strconv.FormatInt(id, 10) + "/letters"
	cps, err := reports.ParseContactPoints(c.PostFormArray("cp"))
	if err != nil {
		return h.seeOtherError(c, target, err)
	}
	n, err := h.reports.PublishLetters(c.Request.Context(), h.actorName(c), id, 0, cps)
	if err != nil {
		return h.seeOtherError(c, target, err)
	}
	return h.seeOther(c, target, "已向 "+strconv.Itoa(n)+" 个联系点反馈意见采纳情况。")
}

// apiLetters is GET /api/v1/consultations/{id}/letters.
func (h *reportRoutes) apiLetters(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	list, err := h.reports.Letters(c.Request.Context(), id)
	return replyJSON(c, http.StatusOK, gin.H{"letters": list}, err)
}

// apiPublishLetters is POST /api/v1/consultations/{id}/letters.
func (h *reportRoutes) apiPublishLetters(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	var in reports.PublishBody
	if err := h.decodeJSON(c, &in); err != nil {
		return err
	}
	n, err := h.reports.PublishLetters(c.Request.Context(), h.actorName(c), id, in.To, in.ContactPointIDs)
	return replyJSON(c, http.StatusOK, gin.H{"published": n}, err)
}

// letterOf reads /{id}/letters/{cp} and returns the letter as the account
// may read it (reports.Service.LetterAs).
func (h *reportRoutes) letterOf(c *gin.Context) (*reports.Letter, error) {
	id, a, err := h.idAndAccount(c)
	if err != nil {
		return nil, err
	}
	cp, err := httpx.PathID(c, "cp")
	if err != nil {
		return nil, err
	}
	return h.reports.LetterAs(c.Request.Context(), a, id, cp)
}

// letterData is the data of reports/letter.html: the letter with its
// meetings and other opinions as parts (reports.Letter.Parts).
type letterData struct {
	*reports.Letter
	Staff bool
}

// letterPage is GET /consultations/{id}/letters/{cp}: the letter to a
// contact point (staff: before and after publishing; its liaison: once
// published).
func (h *reportRoutes) letterPage(c *gin.Context) error {
	l, err := h.letterOf(c)
	if err != nil {
		return err
	}
	a, _ := h.account(c)
	return h.render(c, http.StatusOK, "reports/letter.html", l.Title,
		letterData{Letter: l, Staff: a.Can(drafts.PermViewOpinions)})
}

// letterDocx is GET /consultations/{id}/letters/{cp}/docx.
func (h *reportRoutes) letterDocx(c *gin.Context) error {
	l, err := h.letterOf(c)
	if err != nil {
		return err
	}
	sendDocx(c, l.Filename(), l.Docx().Bytes())
	return nil
}

// apiLetter is GET /api/v1/consultations/{id}/letters/{cp}[?format=docx].
func (h *reportRoutes) apiLetter(c *gin.Context) error {
	l, err := h.letterOf(c)
	if err != nil {
		return err
	}
	switch c.DefaultQuery("format", "json") {
	case "docx":
		sendDocx(c, l.Filename(), l.Docx().Bytes())
	case "json":
		c.JSON(http.StatusOK, l)
	default:
		return drafts.Errorf(drafts.EINVALID, "format 应为 json 或 docx。")
	}
	return nil
}

// myLettersData is the data of reports/my_letters.html.
type myLettersData struct {
	Letters []reports.PublishedLetter
}

// lettersTo returns the letters published to the contact point of the
// liaison making the request.
func (h *reportRoutes) lettersTo(c *gin.Context) ([]reports.PublishedLetter, error) {
	a, err := h.account(c)
	if err != nil {
		return nil, err
	}
	return h.reports.LettersTo(c.Request.Context(), a)
}

// myLettersPage is GET /dashboard/feedback: the letters published to the
// liaison's contact point.
func (h *reportRoutes) myLettersPage(c *gin.Context) error {
	list, err := h.lettersTo(c)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "reports/my_letters.html", "意见采纳情况反馈", myLettersData{list})
}

// apiMyLetters is GET /api/v1/me/letters: the letters published to the
// liaison's contact point.
func (h *reportRoutes) apiMyLetters(c *gin.Context) error {
	list, err := h.lettersTo(c)
	return replyJSON(c, http.StatusOK, gin.H{"letters": list}, err)
}
