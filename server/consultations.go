package server

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/store"
)

// newConsultationRequest is the JSON body of POST /api/v1/consultations.
type newConsultationRequest struct {
	VersionID       int64           `json:"version_id"`
	Title           string          `json:"title"`
	Audience        drafts.Audience `json:"audience"`
	ContactPointIDs []int64         `json:"contact_point_ids"`
	OpensAt         time.Time       `json:"opens_at"`
	ClosesAt        time.Time       `json:"closes_at"`
	Instructions    string          `json:"instructions"`
}

// apiCreateConsultation is POST /api/v1/consultations (staff).
func (s *Server) apiCreateConsultation(c *gin.Context) error {
	var in newConsultationRequest
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	cons := &drafts.Consultation{VersionID: in.VersionID, Title: in.Title, Audience: in.Audience,
		ContactPointIDs: in.ContactPointIDs, OpensAt: in.OpensAt, ClosesAt: in.ClosesAt, Instructions: in.Instructions}
	if err := s.store.CreateConsultation(c.Request.Context(), s.actorName(c), cons); err != nil {
		return err
	}
	s.dropConsultationCache(cons.VersionID)
	c.JSON(http.StatusCreated, cons)
	return nil
}

// apiConsultation is GET /api/v1/consultations/{id}.
func (s *Server) apiConsultation(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	cons, a, err := s.visibleConsultation(c, id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, cons.ForViewer(a))
	return nil
}

// apiConsultationResponses is GET /api/v1/consultations/{id}/responses
// (staff): which contact points have answered, with counts.
func (s *Server) apiConsultationResponses(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	rs, err := s.store.ConsultationResponses(c.Request.Context(), id)
	if err != nil {
		return err
	}
	if rs == nil {
		rs = []store.ContactPointResponse{}
	}
	c.JSON(http.StatusOK, gin.H{"responses": rs})
	return nil
}

// meetingOpinion is one opinion of a meeting submission.
type meetingOpinion struct {
	Article    int    `json:"article"`
	ArticleSub int    `json:"article_sub"`
	Text       string `json:"text"`
	Name       string `json:"name"`
}

// newMeetingRequest is a contact point's submission: a meeting (座谈会)
// and the opinions gathered at it.
type newMeetingRequest struct {
	ConsultationID int64            `json:"consultation_id"`
	Date           string           `json:"date"`
	Place          string           `json:"place"`
	Participants   int              `json:"participants"`
	Note           string           `json:"note"`
	Opinions       []meetingOpinion `json:"opinions"`
}

// submitMeeting stores a liaison's meeting with its opinions, after
// checking that the consultation is open to the liaison's contact point
// and every opinion's article exists. Errors name the row at fault.
func (s *Server) submitMeeting(ctx context.Context, a *drafts.Account, in newMeetingRequest) (*drafts.Meeting, []*drafts.Opinion, error) {
	cons, err := s.store.Consultation(ctx, in.ConsultationID)
	if err != nil {
		return nil, nil, err
	}
	if !cons.Admits(drafts.SourceContactPoint, a.ContactPointID) {
		return nil, nil, drafts.Errorf(drafts.EFORBIDDEN, "该征求意见未向您所在的联系点发出。")
	}
	if err := cons.CheckOpen(s.opinionArea().now()); err != nil {
		return nil, nil, err
	}
	if len(in.Opinions) == 0 {
		return nil, nil, drafts.Errorf(drafts.EINVALID, "请至少填写一条意见。")
	}
	if len(in.Opinions) > drafts.MaxBatchRows {
		return nil, nil, drafts.Errorf(drafts.ETOOLARGE, "一次最多提交 %d 条意见。", drafts.MaxBatchRows)
	}
	doc, err := s.versionDocument(ctx, cons.VersionID)
	if err != nil {
		return nil, nil, err
	}
	m := &drafts.Meeting{ContactPointID: a.ContactPointID, ConsultationID: cons.ID, Date: in.Date, Place: in.Place,
		Participants: in.Participants, Note: in.Note}
	ops := make([]*drafts.Opinion, 0, len(in.Opinions))
	for i, mo := range in.Opinions {
		op := &drafts.Opinion{VersionID: cons.VersionID, ConsultationID: cons.ID, Article: mo.Article,
			ArticleSub: mo.ArticleSub, Text: mo.Text, Name: mo.Name, Source: drafts.SourceContactPoint,
			ContactPointID: a.ContactPointID, AccountID: a.ID, Status: drafts.StatusPublished}
		if err := op.Normalize(); err != nil {
			return nil, nil, drafts.Errorf(drafts.ErrorCode(err), "第 %d 条意见：%s", i+1, drafts.ErrorMessage(err))
		}
		if err := op.CheckAnchor(doc); err != nil {
			return nil, nil, drafts.Errorf(drafts.ErrorCode(err), "第 %d 条意见：%s", i+1, drafts.ErrorMessage(err))
		}
		ops = append(ops, op)
	}
	if err := s.store.CreateOpinions(ctx, a.Name, m, ops); err != nil {
		return nil, nil, err
	}
	return m, ops, nil
}

// apiCreateMeeting is POST /api/v1/meetings (liaison): JSON, or a
// multipart form with the meeting's fields and a CSV/Excel file of
// opinions (field "file").
func (s *Server) apiCreateMeeting(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	in, problems, err := s.readMeetingRequest(c)
	if err != nil {
		return err
	}
	m, ops, err := s.submitMeeting(c.Request.Context(), a, in)
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

// maxBatchFile bounds a meeting's CSV or Excel file of opinions.
const maxBatchFile = 10 << 20

// readMeetingRequest reads a meeting submission from JSON or from a
// multipart form with a batch file. Rows of the file that cannot be read
// are returned as problems (the rest is submitted).
func (s *Server) readMeetingRequest(c *gin.Context) (newMeetingRequest, []drafts.BatchProblem, error) {
	var in newMeetingRequest
	if !strings.HasPrefix(c.ContentType(), "multipart/") && c.ContentType() != "application/x-www-form-urlencoded" {
		return in, nil, s.decodeJSON(c, &in)
	}
	in.ConsultationID, _ = strconv.ParseInt(c.PostForm("consultation_id"), 10, 64)
	in.Date, in.Place, in.Note = c.PostForm("date"), c.PostForm("place"), c.PostForm("note")
	in.Participants, _ = strconv.Atoi(c.PostForm("participants"))
	var problems []drafts.BatchProblem
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
		b, err := drafts.ParseBatchFile(fh.Filename, data)
		collectSoon()
		if err != nil {
			return in, nil, err
		}
		for _, r := range b.Rows {
			in.Opinions = append(in.Opinions, meetingOpinion{Article: r.Article, ArticleSub: r.ArticleSub, Text: r.Text, Name: r.Name})
		}
		problems = b.Problems
	} else if isTooLarge(err) {
		return in, nil, err
	}
	// Opinions typed into the form: article_N / text_N pairs.
	for i := 1; i <= 200; i++ {
		text := strings.TrimSpace(c.PostForm("text_" + strconv.Itoa(i)))
		if text == "" {
			continue
		}
		num, sub, ok := drafts.ParseArticleRef(c.PostForm("article_" + strconv.Itoa(i)))
		if !ok {
			return in, nil, drafts.Errorf(drafts.EINVALID, "第 %d 行的条文无法识别。", i)
		}
		in.Opinions = append(in.Opinions, meetingOpinion{Article: num, ArticleSub: sub, Text: text, Name: c.PostForm("name_" + strconv.Itoa(i))})
	}
	return in, problems, nil
}

// apiMyOpinions is GET /api/v1/me/opinions: the signed-in account's
// opinions with their answers (a liaison sees all of its contact point's).
func (s *Server) apiMyOpinions(c *gin.Context) error {
	ops, err := s.myOpinions(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"opinions": ops})
	return nil
}

func (s *Server) myOpinions(c *gin.Context) ([]*drafts.Opinion, error) {
	a, err := s.account(c)
	if err != nil {
		return nil, err
	}
	f := drafts.OpinionFilter{Limit: 5000}
	if a.Role == drafts.RoleLiaison {
		f.ContactPointID = a.ContactPointID
	} else {
		// Members and staff: their own opinions.
		list, _, err := s.store.Opinions(c.Request.Context(), drafts.OpinionFilter{Limit: 5000, Source: drafts.SourceMember})
		if err != nil {
			return nil, err
		}
		out := []*drafts.Opinion{}
		for _, o := range list {
			if o.AccountID == a.ID {
				out = append(out, o)
			}
		}
		return out, nil
	}
	list, _, err := s.store.Opinions(c.Request.Context(), f)
	if list == nil {
		list = []*drafts.Opinion{}
	}
	return list, err
}

// apiMyConsultations is GET /api/v1/me/consultations: a liaison's pending
// consultations (open now, asked of its contact point) with deadlines.
func (s *Server) apiMyConsultations(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	f := store.ConsultationFilter{OpenAt: s.opinionArea().now()}
	if a.Role == drafts.RoleLiaison {
		f.ContactPointID = a.ContactPointID
	}
	list, err := s.store.Consultations(c.Request.Context(), f)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"consultations": drafts.VisibleConsultations(list, a)})
	return nil
}

// DemoConsultation opens a 60-day public consultation on the demo's
// 广州市湿地保护规定 征求意见稿 (the version at stage "consultation") unless
// it already has one. main calls it after loading the demo.
func DemoConsultation(ctx context.Context, st *store.Store, now time.Time) error {
	regs, err := st.ListRegulations(ctx)
	if err != nil {
		return err
	}
	for _, r := range regs {
		if !strings.Contains(r.Title, "湿地保护") {
			continue
		}
		vs, err := st.Versions(ctx, r.ID)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v.Stage != "consultation" {
				continue
			}
			cs, err := st.Consultations(ctx, store.ConsultationFilter{VersionID: v.ID})
			if err != nil || len(cs) > 0 {
				return err
			}
			return st.CreateConsultation(ctx, "演示数据", &drafts.Consultation{VersionID: v.ID, Audience: drafts.AudiencePublic,
				Title: "《广州市湿地保护规定（修订）》征求意见稿公开征求意见", OpensAt: now.UTC().Truncate(time.Minute),
				ClosesAt: now.UTC().Truncate(time.Minute).Add(60 * 24 * time.Hour),
				Instructions: "欢迎社会各界对征求意见稿提出意见和建议。可针对某一条文（可选中原文引用），也可对草案整体提出意见。" +
					"提交后请保存回执号，凭回执号可查询处理情况。联系方式仅供工作人员联系核实，不会公开。"})
		}
	}
	return nil
}
