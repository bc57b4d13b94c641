package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/web"
	"lifa/web/httpx"
)

// registerInboxRoutes registers the staff's work on opinions: the inbox
// with its filters, answering and moderating, and their API.
func (s *Server) registerInboxRoutes(api, pages *gin.RouterGroup) {
	view := s.requirePerm(drafts.PermViewOpinions)
	api.GET("/versions/:id/opinions", view, s.handle(s.apiListOpinions))
	api.POST("/versions/:id/opinions/regroup", view, s.handle(s.apiRegroup))
	api.POST("/opinions/answer", s.requirePerm(drafts.PermAnswer), s.handle(s.apiAnswerOpinions))
	api.POST("/opinions/moderate", s.requirePerm(drafts.PermModerate), s.handle(s.apiModerateOpinions))
	api.GET("/opinions/writer", view, s.handle(s.apiWriterStats))
	pages.GET("/staff/opinions", view, s.handle(s.inboxPage))
	pages.POST("/staff/opinions", view, s.handle(s.inboxAction))
}

// maxListOffset bounds the offset of an API list (listWindow) as of the
// opinion filter.
const maxListOffset = consultations.MaxOffset

// opinionFilter reads the opinion filters of the query string
// (consultations.ParseOpinionFilter).
func opinionFilter(c *gin.Context, versionID int64) (drafts.OpinionFilter, error) {
	return consultations.ParseOpinionFilter(c.Request.URL.Query(), versionID)
}

// apiListOpinions is GET /api/v1/versions/{id}/opinions.
func (s *Server) apiListOpinions(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	f, err := opinionFilter(c, id)
	if err != nil {
		return err
	}
	in, err := s.consultations.Opinions(c.Request.Context(), f)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"opinions": httpx.NonNil(in.Opinions), "total": in.Total})
	return nil
}

// apiAnswerOpinions is POST /api/v1/opinions/answer.
func (s *Server) apiAnswerOpinions(c *gin.Context) error {
	var in consultations.AnswerInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	n, err := s.consultations.Answer(c.Request.Context(), s.actorName(c), in)
	return replyJSON(c, http.StatusOK, gin.H{"answered": n}, err)
}

// apiModerateOpinions is POST /api/v1/opinions/moderate:
// {"ids": […], "status": "published"|"hidden", "reason": …}.
func (s *Server) apiModerateOpinions(c *gin.Context) error {
	var in consultations.Moderation
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	n, err := s.consultations.Moderate(c.Request.Context(), s.actorName(c), in.IDs, in.Status, in.Reason)
	return replyJSON(c, http.StatusOK, gin.H{"moderated": n}, err)
}

// apiRegroup is POST /api/v1/versions/{id}/opinions/regroup: recomputes
// the groups of identical and near-identical opinions.
func (s *Server) apiRegroup(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	groups, err := s.consultations.Regroup(c.Request.Context(), id)
	return replyJSON(c, http.StatusOK, gin.H{"groups": groups}, err)
}

// apiWriterStats is GET /api/v1/opinions/writer: how the group-commit
// writer batches.
func (s *Server) apiWriterStats(c *gin.Context) error {
	c.JSON(http.StatusOK, s.consultations.WriterStats())
	return nil
}

// inboxData is the data of opinions/inbox.html.
type inboxData struct {
	*consultations.Inbox
	Dispositions []drafts.Disposition
	Sources      []drafts.Source
	CSRF         string
	Pager        web.Pager
	// Error is why the form was refused; Answer what was typed in it.
	Error  string
	Answer consultations.AnswerInput
	// Here is this page's address, where the form returns.
	Here string
}

// inboxPage is GET /staff/opinions?version=N&…&page=P: the staff inbox
// with its filters in one row, a page of opinions with their origin
// (contact point, meeting), answered many, a group or every matching one
// at a time.
func (s *Server) inboxPage(c *gin.Context) error {
	return s.renderInbox(c, http.StatusOK, "", consultations.AnswerInput{})
}

func (s *Server) renderInbox(c *gin.Context, status int, errMsg string, typed consultations.AnswerInput) error {
	q, err := consultations.ParseInboxQuery(c.Request.URL.Query())
	if err != nil {
		return err
	}
	if q.Page, err = httpx.PageNumber(c); err != nil {
		return err
	}
	in, err := s.consultations.Inbox(c.Request.Context(), q)
	if err != nil {
		return err
	}
	return s.render(c, status, "opinions/inbox.html", "意见处理", inboxData{Inbox: in, Dispositions: drafts.Dispositions,
		Sources: drafts.Sources, CSRF: s.csrfToken(c), Pager: httpx.Pager(c, in.Total, q.Page, in.Filter.Limit, "意见列表分页"),
		Error: errMsg, Answer: typed, Here: c.Request.URL.RequestURI()})
}

// inboxAction is POST /staff/opinions: answer the checked opinions, a
// group, or every opinion matching the inbox's filter (scope=matching),
// or publish or hide the checked ones; then back to the inbox with its
// filters and page (post, redirect, get) saying what was done. A refusal
// shows the inbox again with the reason and the answer typed.
func (s *Server) inboxAction(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	next := drafts.SafeRedirect(c.PostForm("next"))
	if u, perr := c.Request.URL.Parse(next); perr == nil {
		c.Request.URL.RawQuery = u.RawQuery // the inbox the form came from, to show again on a refusal
	}
	act, err := consultations.ReadInboxAction(formValues(c), c.Request.URL.Query())
	if err != nil {
		return err
	}
	if err := act.Allowed(a); err != nil {
		return err
	}
	done, err := s.consultations.DoInboxAction(c.Request.Context(), a.Name, act)
	if err != nil {
		if drafts.ErrorCode(err) == drafts.EINTERNAL {
			return err
		}
		return s.renderInbox(c, httpx.Status(err), drafts.ErrorMessage(err), act.Answer)
	}
	return s.seeOther(c, next, done)
}
