package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/web"
	"lifa/web/httpx"
)

// registerDashboardRoutes registers the dashboard of liaisons and members:
// the consultations that ask them, their opinions with the answers, and a
// contact point's meetings (座谈会) with their batches of opinions and the
// template of such a batch.
func (s *Server) registerDashboardRoutes(api, pages *gin.RouterGroup) {
	own := s.requirePerm(drafts.PermOwnAccount)
	point := s.requirePerm(drafts.PermSubmitForPoint)
	api.POST("/meetings", point, s.handle(s.apiCreateMeeting))
	api.GET("/me/opinions", own, s.handle(s.apiMyOpinions))
	api.GET("/me/consultations", own, s.handle(s.apiMyConsultations))
	pages.GET("/dashboard", own, s.handle(s.dashboardPage))
	pages.POST("/dashboard/meetings", point, s.handle(s.submitMeetingForm))
	pages.GET("/dashboard/meeting-template.csv", own, s.handle(s.meetingTemplate))
	pages.GET("/dashboard/meeting-template.xlsx", own, s.handle(s.meetingTemplate))
}

// dashboardData is the data of account/dashboard.html.
type dashboardData struct {
	*consultations.Dashboard
	Account      *drafts.Account
	CSRF         string
	Form         consultations.MeetingForm
	Error        string
	Pager        web.Pager
	Staff, Admin bool
}

// dashboardPage is GET /dashboard[?consultation=N][&rows=N][&page=N]:
// pending consultations with deadlines, the meeting form (preselecting
// the consultation a notice links to), and the answers to this account's
// opinions.
func (s *Server) dashboardPage(c *gin.Context) error {
	f, err := consultations.ReadBlankMeetingForm(c.Request.URL.Query())
	if err != nil {
		return err
	}
	return s.renderDashboard(c, http.StatusOK, f, "")
}

func (s *Server) renderDashboard(c *gin.Context, status int, f consultations.MeetingForm, errMsg string) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	q, err := consultations.ParseDashboardQuery(c.Request.URL.Query(), f)
	if err != nil {
		return err
	}
	if q.Page, err = httpx.PageNumber(c); err != nil {
		return err
	}
	d, err := s.consultations.Dashboard(c.Request.Context(), a, q)
	if err != nil {
		return err
	}
	f.Offer(d.Selected)
	return s.render(c, status, "account/dashboard.html", "我的工作台", dashboardData{Dashboard: d, Account: a,
		CSRF: s.csrfToken(c), Form: f, Error: errMsg, Pager: httpx.Pager(c, d.OpinionTotal, q.Page, consultations.DashboardPageSize, "意见分页"),
		Staff: a.Can(drafts.PermViewOpinions), Admin: a.Can(drafts.PermManageAccounts)})
}

// submitMeetingForm is POST /dashboard/meetings: a liaison submits a
// meeting with opinions typed in rows and/or a CSV or Excel file. Stored,
// it redirects to the dashboard (post, redirect, get); refused, the form
// comes back with everything typed and each problem at its field or row.
func (s *Server) submitMeetingForm(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	in, f, err := s.readMeeting(c)
	if err == nil {
		var m *drafts.Meeting
		var ops []*drafts.Opinion
		if m, ops, err = s.consultations.SubmitMeeting(c.Request.Context(), a, in); err == nil {
			return s.seeOther(c, "/dashboard#meetings", consultations.ReceiptOf(m, ops).String())
		}
	}
	if drafts.ErrorCode(err) == drafts.EINTERNAL {
		return err
	}
	f.Problems = consultations.ProblemsOf(err)
	return s.renderDashboard(c, httpx.Status(err), f, drafts.ErrorMessage(err))
}

// apiCreateMeeting is POST /api/v1/meetings (liaison): JSON, or a
// multipart form with the meeting's fields and a CSV or Excel file of
// opinions (field "file"). A meeting with any problem is refused whole.
func (s *Server) apiCreateMeeting(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	in, _, err := s.readMeeting(c)
	if err != nil {
		return err
	}
	m, ops, err := s.consultations.SubmitMeeting(c.Request.Context(), a, in)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, consultations.ReceiptOf(m, ops))
	return nil
}

// readMeeting reads a meeting submission from JSON or from a form with an
// optional batch file, and the form as typed to show it again.
func (s *Server) readMeeting(c *gin.Context) (consultations.Meeting, consultations.MeetingForm, error) {
	if !strings.HasPrefix(c.ContentType(), "multipart/") && c.ContentType() != "application/x-www-form-urlencoded" {
		var in consultations.Meeting
		return in, consultations.MeetingForm{}, s.decodeJSON(c, &in)
	}
	in, f := consultations.ReadMeetingForm(formValues(c))
	fh, err := c.FormFile("file")
	switch {
	case err == nil && fh.Size > 0:
		f.File = fh.Filename
		file, err := fh.Open()
		if err != nil {
			return in, f, err
		}
		defer file.Close()
		in.Opinions, in.FileProblems, err = consultations.ReadBatchFile(fh.Filename, file)
		collectSoon()
		if err != nil {
			return in, f, err
		}
	case httpx.IsTooLarge(err):
		return in, f, err
	}
	return in, f, nil
}

// meetingTemplate is GET /dashboard/meeting-template.csv and .xlsx: the
// file to fill in with a meeting's opinions (consultations.MeetingTemplate).
func (s *Server) meetingTemplate(c *gin.Context) error {
	name, ctype, data, err := consultations.MeetingTemplate(strings.HasSuffix(c.Request.URL.Path, ".xlsx"))
	if err != nil {
		return err
	}
	c.Header("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	c.Data(http.StatusOK, ctype, data)
	return nil
}

// apiMyOpinions is GET /api/v1/me/opinions: the account's opinions with
// their answers (a liaison sees all of its contact point's).
func (s *Server) apiMyOpinions(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	ops, err := s.consultations.MyOpinions(c.Request.Context(), a)
	return replyJSON(c, http.StatusOK, gin.H{"opinions": ops}, err)
}

// apiMyConsultations is GET /api/v1/me/consultations: the consultations
// open now that ask the account, with their deadlines.
func (s *Server) apiMyConsultations(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	list, err := s.consultations.Pending(c.Request.Context(), a)
	return replyJSON(c, http.StatusOK, gin.H{"consultations": drafts.VisibleConsultations(list, a)}, err)
}
