package server

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/parse"
)

// registerDashboardRoutes registers the dashboard of liaisons and members:
// the consultations that ask them, their opinions with the answers, and a
// contact point's meetings (座谈会) with their batches of opinions.
func (s *Server) registerDashboardRoutes(api, pages *gin.RouterGroup) {
	own := s.requirePerm(drafts.PermOwnAccount)
	point := s.requirePerm(drafts.PermSubmitForPoint)
	api.POST("/meetings", point, s.handle(s.apiCreateMeeting))
	api.GET("/me/opinions", own, s.handle(s.apiMyOpinions))
	api.GET("/me/consultations", own, s.handle(s.apiMyConsultations))
	pages.GET("/dashboard", own, s.handle(s.dashboardPage))
	pages.POST("/dashboard/meetings", point, s.handle(s.submitMeetingForm))
}

// dashboardData is the data of account/dashboard.html.
type dashboardData struct {
	*consultations.Dashboard
	Account      *drafts.Account
	CSRF         string
	Error        string
	Done         string
	Problems     []parse.BatchProblem
	Rows         []int
	Staff, Admin bool
}

// dashboardPage is GET /dashboard: pending consultations with deadlines,
// the meeting form, and the answers to this account's opinions.
func (s *Server) dashboardPage(c *gin.Context) error {
	return s.renderDashboard(c, http.StatusOK, "", "", nil)
}

func (s *Server) renderDashboard(c *gin.Context, status int, errMsg, done string, problems []parse.BatchProblem) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	d, err := s.consultations.Dashboard(c.Request.Context(), a)
	if err != nil {
		return err
	}
	return s.render(c, status, "account/dashboard.html", "我的工作台", dashboardData{Dashboard: d, Account: a,
		CSRF: s.csrfToken(c), Error: errMsg, Done: done, Problems: problems, Rows: []int{1, 2, 3, 4, 5},
		Staff: a.Can(drafts.PermViewOpinions), Admin: a.Can(drafts.PermManageAccounts)})
}

// submitMeetingForm is POST /dashboard/meetings: a liaison submits a
// meeting with opinions typed in rows and/or a CSV or Excel file.
func (s *Server) submitMeetingForm(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	in, problems, err := s.readMeeting(c)
	if err == nil {
		var ops []*drafts.Opinion
		if _, ops, err = s.consultations.SubmitMeeting(c.Request.Context(), a, in); err == nil {
			return s.renderDashboard(c, http.StatusCreated, "", fmt.Sprintf("已提交座谈会意见 %d 条。", len(ops)), problems)
		}
	}
	if drafts.ErrorCode(err) == drafts.EINTERNAL {
		return err
	}
	return s.renderDashboard(c, ErrorStatus(err), drafts.ErrorMessage(err), "", problems)
}

// apiCreateMeeting is POST /api/v1/meetings (liaison): JSON, or a
// multipart form with the meeting's fields and a CSV or Excel file of
// opinions (field "file").
func (s *Server) apiCreateMeeting(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	in, problems, err := s.readMeeting(c)
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
	c.JSON(http.StatusCreated, gin.H{"meeting": m, "opinions": len(ops), "receipts": receipts, "problems": problems})
	return nil
}

// maxFormRows is how many opinion rows the meeting form may carry;
// maxBatchFile bounds a meeting's CSV or Excel file of opinions.
const (
	maxFormRows  = 200
	maxBatchFile = 10 << 20
)

// readMeeting reads a meeting submission from JSON or from a form with an
// optional batch file. Rows of the file that cannot be read come back as
// problems (the rest is submitted).
func (s *Server) readMeeting(c *gin.Context) (consultations.Meeting, []parse.BatchProblem, error) {
	var in consultations.Meeting
	if !strings.HasPrefix(c.ContentType(), "multipart/") && c.ContentType() != "application/x-www-form-urlencoded" {
		return in, nil, s.decodeJSON(c, &in)
	}
	in.ConsultationID, _ = strconv.ParseInt(c.PostForm("consultation_id"), 10, 64)
	in.Date, in.Place, in.Note = c.PostForm("date"), c.PostForm("place"), c.PostForm("note")
	in.Participants, _ = strconv.Atoi(c.PostForm("participants"))
	var problems []parse.BatchProblem
	if fh, err := c.FormFile("file"); err == nil {
		f, err := fh.Open()
		if err != nil {
			return in, nil, err
		}
		data, err := io.ReadAll(io.LimitReader(f, maxBatchFile+1))
		f.Close()
		if err != nil {
			return in, nil, err
		}
		if len(data) > maxBatchFile {
			// Cut short, a CSV would have been read in part without a word.
			return in, nil, drafts.Errorf(drafts.ETOOLARGE, "意见文件最大 %d MB。", maxBatchFile>>20)
		}
		in.Opinions, problems, err = consultations.ReadBatch(fh.Filename, data)
		collectSoon()
		if err != nil {
			return in, nil, err
		}
	} else if isTooLarge(err) {
		return in, nil, err
	}
	// Opinions typed into the form: article_N / text_N / name_N rows.
	for i := 1; i <= maxFormRows; i++ {
		n := strconv.Itoa(i)
		text := strings.TrimSpace(c.PostForm("text_" + n))
		if text == "" {
			continue
		}
		num, sub, ok := drafts.ParseArticleRef(c.PostForm("article_" + n))
		if !ok {
			return in, nil, drafts.Errorf(drafts.EINVALID, "第 %d 行的条文无法识别。", i)
		}
		in.Opinions = append(in.Opinions, consultations.MeetingOpinion{Article: num, ArticleSub: sub, Text: text, Name: c.PostForm("name_" + n)})
	}
	return in, problems, nil
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
