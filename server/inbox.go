package server

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
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

// maxListOffset bounds the offset of a listing; maxArticleNum the article
// numbers a filter may name (as drafts.Opinion.Normalize).
const (
	maxListOffset = 10_000_000
	maxArticleNum = 100000
)

// opinionFilter reads the inbox filters from the query string.
func opinionFilter(c *gin.Context, versionID int64) (drafts.OpinionFilter, error) {
	f := drafts.OpinionFilter{VersionID: versionID, Source: drafts.Source(c.Query("source")), Status: c.Query("status"),
		Disposition: c.Query("disposition"), Query: c.Query("q")}
	ints := []struct {
		name     string
		dst      *int
		min, max int64
	}{
		{"article", &f.Article, -1, maxArticleNum},
		{"limit", &f.Limit, 0, 5000},
		{"offset", &f.Offset, 0, maxListOffset},
	}
	for _, p := range ints {
		n, err := queryInt(c, p.name, p.min, p.max)
		if err != nil {
			return f, err
		}
		*p.dst = int(n)
	}
	for name, dst := range map[string]*int64{"group": &f.GroupID, "contact_point": &f.ContactPointID, "consultation": &f.ConsultationID} {
		n, err := queryInt(c, name, 0, math.MaxInt64)
		if err != nil {
			return f, err
		}
		*dst = n
	}
	if f.Disposition != "" && f.Disposition != "none" {
		if _, err := drafts.ParseDisposition(f.Disposition); err != nil {
			return f, err
		}
	}
	return f, nil
}

// apiListOpinions is GET /api/v1/versions/{id}/opinions.
func (s *Server) apiListOpinions(c *gin.Context) error {
	id, err := pathID(c, "id")
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
	c.JSON(http.StatusOK, gin.H{"opinions": nonNil(in.Opinions), "total": in.Total})
	return nil
}

// apiAnswerOpinions is POST /api/v1/opinions/answer.
func (s *Server) apiAnswerOpinions(c *gin.Context) error {
	var in consultations.AnswerInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	n, err := s.consultations.Answer(c.Request.Context(), s.actorName(c), in)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"answered": n})
	return nil
}

// apiModerateOpinions is POST /api/v1/opinions/moderate:
// {"ids": […], "status": "published"|"hidden", "reason": …}.
func (s *Server) apiModerateOpinions(c *gin.Context) error {
	var in struct {
		IDs    []int64 `json:"ids"`
		Status string  `json:"status"`
		Reason string  `json:"reason"`
	}
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	n, err := s.consultations.Moderate(c.Request.Context(), s.actorName(c), in.IDs, in.Status, in.Reason)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"moderated": n})
	return nil
}

// apiRegroup is POST /api/v1/versions/{id}/opinions/regroup: recomputes
// the groups of identical and near-identical opinions.
func (s *Server) apiRegroup(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	groups, err := s.consultations.Regroup(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"groups": groups})
	return nil
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
	Done, Error  string
	Next         string
}

// inboxPage is GET /staff/opinions?version=N&…: the staff inbox with
// filters; opinions can be answered many or a group at a time.
func (s *Server) inboxPage(c *gin.Context) error {
	return s.renderInbox(c, http.StatusOK, "", "")
}

func (s *Server) renderInbox(c *gin.Context, status int, done, errMsg string) error {
	vid, err := queryInt(c, "version", 0, math.MaxInt64)
	if err != nil {
		return err
	}
	f, err := opinionFilter(c, vid)
	if err != nil {
		return err
	}
	op, err := queryInt(c, "opinion", 0, math.MaxInt64)
	if err != nil {
		return err
	}
	in, err := s.consultations.Inbox(c.Request.Context(), consultations.InboxQuery{VersionID: vid, Filter: f, OpinionID: op})
	if err != nil {
		return err
	}
	return s.render(c, status, "opinions/inbox.html", "意见处理", inboxData{Inbox: in, Dispositions: drafts.Dispositions,
		Sources: drafts.Sources, CSRF: s.csrfToken(c), Done: done, Error: errMsg, Next: c.Request.URL.RequestURI()})
}

// inboxAction is POST /staff/opinions: answer the checked opinions (or a
// group), or publish or hide them, then show the inbox again with the
// filters the form came from.
func (s *Server) inboxAction(c *gin.Context) error {
	var ids []int64
	for _, v := range c.PostFormArray("ids") {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	group, _ := strconv.ParseInt(c.PostForm("group"), 10, 64)
	a, err := s.account(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	var n int
	var verb string
	action := c.PostForm("action")
	if g, ok := strings.CutPrefix(action, "answer-group:"); ok {
		group, _ = strconv.ParseInt(g, 10, 64)
		action = "answer"
	}
	switch action {
	case "answer":
		if !a.Can(drafts.PermAnswer) {
			return drafts.Errorf(drafts.EFORBIDDEN, "您没有答复意见的权限。")
		}
		n, err = s.consultations.Answer(ctx, a.Name, consultations.AnswerInput{IDs: ids, Group: group,
			Disposition: drafts.Disposition(c.PostForm("disposition")), Reason: c.PostForm("reason")})
		verb = "答复"
	case "publish", "hide":
		if !a.Can(drafts.PermModerate) {
			return drafts.Errorf(drafts.EFORBIDDEN, "您没有审核意见的权限。")
		}
		st, verb0 := drafts.StatusPublished, "公开"
		if action == "hide" {
			st, verb0 = drafts.StatusHidden, "屏蔽"
		}
		n, err = s.consultations.Moderate(ctx, a.Name, ids, st, c.PostForm("reason"))
		verb = verb0
	default:
		return drafts.Errorf(drafts.EINVALID, "未知操作。")
	}
	if u, perr := c.Request.URL.Parse(drafts.SafeRedirect(c.PostForm("next"))); perr == nil {
		c.Request.URL.RawQuery = u.RawQuery
	}
	if err != nil {
		if drafts.ErrorCode(err) == drafts.EINTERNAL {
			return err
		}
		return s.renderInbox(c, ErrorStatus(err), "", drafts.ErrorMessage(err))
	}
	return s.renderInbox(c, http.StatusOK, fmt.Sprintf("已%s %d 条意见。", verb, n), "")
}
