package server

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/parse"
	"lifa/web"
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
	Form         meetingForm
	Error        string
	Pager        web.Pager
	Staff, Admin bool
}

// meetingForm is the meeting form as shown: empty, or as it was sent
// when it was refused, with what is wrong.
type meetingForm struct {
	ConsultationID                  int64
	Date, Place, Participants, Note string
	Rows                            []consultations.MeetingRow
	// MoreRows links to the form with more rows (for browsers without
	// JavaScript, which adds them in place).
	MoreRows string
	// File is the name of the file that was sent (it must be chosen
	// again: a browser never fills in a file field).
	File     string
	Problems *consultations.MeetingProblems
	MaxRows  int
}

// meetingField is one of the meeting's own fields in the form.
type meetingField struct {
	Name, Label, Value, Problem string
}

// Fields returns the meeting's fields with their values and problems.
func (f meetingForm) Fields() []meetingField {
	return []meetingField{
		{"date", "座谈会日期", f.Date, f.Problems.Field("date")},
		{"place", "地点", f.Place, f.Problems.Field("place")},
		{"participants", "参加人数", f.Participants, f.Problems.Field("participants")},
	}
}

// dashboardPageSize is how many opinions the dashboard lists a page.
const dashboardPageSize = 50

// Rows of the meeting form: shown at first, added at a time without
// JavaScript, and the most a form may carry.
const (
	formRows     = 5
	moreFormRows = 5
	maxFormRows  = 200
)

// dashboardPage is GET /dashboard[?consultation=N][&rows=N][&page=N]:
// pending consultations with deadlines, the meeting form (preselecting
// the consultation a notice links to), and the answers to this account's
// opinions.
func (s *Server) dashboardPage(c *gin.Context) error {
	rows, err := queryInt(c, "rows", 1, maxFormRows)
	if err != nil {
		return err
	}
	f := meetingForm{Rows: blankRows(max(int(rows), formRows))}
	return s.renderDashboard(c, http.StatusOK, f, "")
}

// blankRows returns n empty rows of the meeting form.
func blankRows(n int) []consultations.MeetingRow {
	rows := make([]consultations.MeetingRow, n)
	for i := range rows {
		rows[i].Row = i + 1
	}
	return rows
}

func (s *Server) renderDashboard(c *gin.Context, status int, f meetingForm, errMsg string) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	want, err := queryInt(c, "consultation", 1, 1<<53)
	if err != nil {
		return err
	}
	n, err := pageNumber(c)
	if err != nil {
		return err
	}
	if f.ConsultationID != 0 {
		want = f.ConsultationID
	}
	d, err := s.consultations.Dashboard(c.Request.Context(), a, consultations.DashboardQuery{Consultation: want,
		Page: n, PageSize: dashboardPageSize})
	if err != nil {
		return err
	}
	staff := a.Can(drafts.PermViewOpinions)
	f.MaxRows = maxFormRows
	f.MoreRows = fmt.Sprintf("/dashboard?consultation=%d&rows=%d#meeting-h", d.Selected, min(len(f.Rows)+moreFormRows, maxFormRows))
	return s.render(c, status, "account/dashboard.html", "我的工作台", dashboardData{Dashboard: d, Account: a,
		CSRF: s.csrfToken(c), Form: f, Error: errMsg, Pager: pagerFor(c, d.OpinionTotal, n, dashboardPageSize, "意见分页"),
		Staff: staff, Admin: a.Can(drafts.PermManageAccounts)})
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
			return s.seeOther(c, "/dashboard#meetings", fmt.Sprintf("已提交座谈会意见 %d 条（%s，%s）。", len(ops), m.Date, m.Place))
		}
	}
	if drafts.ErrorCode(err) == drafts.EINTERNAL {
		return err
	}
	f.Problems = consultations.ProblemsOf(err)
	return s.renderDashboard(c, ErrorStatus(err), f, drafts.ErrorMessage(err))
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
	receipts := make([]string, len(ops))
	for i, o := range ops {
		receipts[i] = o.Receipt
	}
	c.JSON(http.StatusCreated, gin.H{"meeting": m, "opinions": len(ops), "receipts": receipts})
	return nil
}

// maxBatchFile bounds a meeting's CSV or Excel file of opinions.
const maxBatchFile = 10 << 20

// readMeeting reads a meeting submission from JSON or from a form with an
// optional batch file, and the form as typed to show it again.
func (s *Server) readMeeting(c *gin.Context) (consultations.Meeting, meetingForm, error) {
	var in consultations.Meeting
	if !strings.HasPrefix(c.ContentType(), "multipart/") && c.ContentType() != "application/x-www-form-urlencoded" {
		return in, meetingForm{}, s.decodeJSON(c, &in)
	}
	f := meetingForm{Date: c.PostForm("date"), Place: c.PostForm("place"), Participants: c.PostForm("participants"),
		Note: c.PostForm("note")}
	f.ConsultationID, _ = strconv.ParseInt(c.PostForm("consultation_id"), 10, 64)
	in.ConsultationID, in.Date, in.Place, in.Note = f.ConsultationID, f.Date, f.Place, f.Note
	in.Participants, _ = strconv.Atoi(strings.TrimSpace(f.Participants))
	// Rows typed into the form: article_N / text_N / name_N, shown again
	// up to the last one used.
	last := 0
	for i := 1; i <= maxFormRows; i++ {
		n := strconv.Itoa(i)
		r := consultations.MeetingRow{Row: i, Article: c.PostForm("article_" + n), Text: c.PostForm("text_" + n), Name: c.PostForm("name_" + n)}
		f.Rows = append(f.Rows, r)
		if !r.Blank() {
			last = i
		}
	}
	f.Rows = f.Rows[:max(last, formRows)]
	in.Rows = f.Rows
	fh, err := c.FormFile("file")
	switch {
	case err == nil && fh.Size > 0:
		f.File = fh.Filename
		file, err := fh.Open()
		if err != nil {
			return in, f, err
		}
		data, err := io.ReadAll(io.LimitReader(file, maxBatchFile+1))
		file.Close()
		if err != nil {
			return in, f, err
		}
		if len(data) > maxBatchFile {
			// Cut short, a CSV would have been read in part without a word.
			return in, f, drafts.Errorf(drafts.ETOOLARGE, "意见文件最大 %d MB。", maxBatchFile>>20)
		}
		in.Opinions, in.FileProblems, err = consultations.ReadBatch(fh.Filename, data)
		collectSoon()
		if err != nil {
			return in, f, err
		}
	case isTooLarge(err):
		return in, f, err
	}
	return in, f, nil
}

// meetingTemplate is GET /dashboard/meeting-template.csv and .xlsx: the
// file to fill in with a meeting's opinions, with the columns the upload
// reads (parse.BatchTemplateCSV, parse.BatchTemplateXLSX).
func (s *Server) meetingTemplate(c *gin.Context) error {
	name, ctype, data := "座谈会意见模板.csv", "text/csv; charset=utf-8", parse.BatchTemplateCSV()
	if strings.HasSuffix(c.Request.URL.Path, ".xlsx") {
		var err error
		if data, err = parse.BatchTemplateXLSX(); err != nil {
			return err
		}
		name, ctype = "座谈会意见模板.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"opinions": ops})
	return nil
}

// apiMyConsultations is GET /api/v1/me/consultations: the consultations
// open now that ask the account, with their deadlines.
func (s *Server) apiMyConsultations(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	list, err := s.consultations.Pending(c.Request.Context(), a)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"consultations": drafts.VisibleConsultations(list, a)})
	return nil
}
