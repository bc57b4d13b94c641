package consultations

import (
	"context"

	"lifa/drafts"
	"lifa/drafts/parse"
)

// MeetingOpinion is one opinion gathered at a contact point's meeting.
type MeetingOpinion struct {
	Article    int    `json:"article"`
	ArticleSub int    `json:"article_sub"`
	Text       string `json:"text"`
	Name       string `json:"name"`
}

// Meeting is a liaison's submission: a meeting (座谈会) of the contact point
// and the opinions gathered at it.
type Meeting struct {
	ConsultationID int64            `json:"consultation_id"`
	Date           string           `json:"date"`
	Place          string           `json:"place"`
	Participants   int              `json:"participants"`
	Note           string           `json:"note"`
	Opinions       []MeetingOpinion `json:"opinions"`
}

// ReadBatch reads the opinions of a meeting from a CSV or Excel file (see
// parse.BatchFile). Rows that cannot be read come back as problems
// with their row number; the rest can be submitted.
func ReadBatch(filename string, data []byte) ([]MeetingOpinion, []parse.BatchProblem, error) {
	b, err := parse.BatchFile(filename, data)
	if err != nil {
		return nil, nil, err
	}
	ops := make([]MeetingOpinion, len(b.Rows))
	for i, r := range b.Rows {
		ops[i] = MeetingOpinion{Article: r.Article, ArticleSub: r.ArticleSub, Text: r.Text, Name: r.Name}
	}
	return ops, b.Problems, nil
}

// SubmitMeeting stores a liaison's meeting with its opinions in one
// transaction, published at once, after checking that the consultation
// takes opinions from the liaison's contact point now (Accepts) and that
// every opinion's article exists. An error about one opinion names its row
// ("第 3 条意见：…"). EFORBIDDEN for an account that is not a liaison.
func (s *Service) SubmitMeeting(ctx context.Context, a *drafts.Account, in Meeting) (*drafts.Meeting, []*drafts.Opinion, error) {
	if a == nil || a.Role != drafts.RoleLiaison {
		return nil, nil, drafts.Errorf(drafts.EFORBIDDEN, "只有基层立法联系点的联络员可以提交座谈会意见。")
	}
	cons, err := s.store.Consultation(ctx, in.ConsultationID)
	if err != nil {
		return nil, nil, err
	}
	if err := cons.Accepts(s.Now(), drafts.SourceContactPoint, a.ContactPointID); err != nil {
		return nil, nil, err
	}
	if len(in.Opinions) == 0 {
		return nil, nil, drafts.Errorf(drafts.EINVALID, "请至少填写一条意见。")
	}
	if len(in.Opinions) > parse.MaxBatchRows {
		return nil, nil, drafts.Errorf(drafts.ETOOLARGE, "一次最多提交 %d 条意见。", parse.MaxBatchRows)
	}
	v, err := s.store.Version(ctx, cons.VersionID)
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
		err := op.Normalize()
		if err == nil {
			err = op.CheckAnchor(v.Document)
		}
		if err != nil {
			return nil, nil, drafts.Errorf(drafts.ErrorCode(err), "第 %d 条意见：%s", i+1, drafts.ErrorMessage(err))
		}
		ops = append(ops, op)
	}
	if err := s.store.CreateOpinions(ctx, a.Name, m, ops); err != nil {
		return nil, nil, err
	}
	return m, ops, nil
}
