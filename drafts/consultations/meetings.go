package consultations

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"lifa/drafts"
	"lifa/drafts/parse"
)

// MeetingOpinion is one opinion gathered at a contact point's meeting.
type MeetingOpinion struct {
	Article    int    `json:"article"`
	ArticleSub int    `json:"article_sub"`
	Text       string `json:"text"`
	Name       string `json:"name"`
	// Line is the opinion's line in an uploaded file (0: not from a
	// file), for the messages about it.
	Line int `json:"-"`
}

// MeetingRow is one row of opinions typed into the meeting form, as
// typed: the article as people write it (第十二条, 12, 整体 or empty).
type MeetingRow struct {
	Row     int // the form's row number, from 1
	Article string
	Text    string
	Name    string
}

// Blank reports whether nothing was typed in the row.
func (r MeetingRow) Blank() bool {
	return strings.TrimSpace(r.Article) == "" && strings.TrimSpace(r.Text) == "" && strings.TrimSpace(r.Name) == ""
}

// Meeting is a liaison's submission: a meeting (座谈会) of the contact point
// and the opinions gathered at it, given as Opinions (the API), typed
// Rows of the form, and the opinions of a file (ReadBatch) with the lines
// of it that could not be read.
type Meeting struct {
	ConsultationID int64                `json:"consultation_id"`
	Date           string               `json:"date"`
	Place          string               `json:"place"`
	Participants   int                  `json:"participants"`
	Note           string               `json:"note"`
	Opinions       []MeetingOpinion     `json:"opinions"`
	Rows           []MeetingRow         `json:"-"`
	FileProblems   []parse.BatchProblem `json:"-"`
}

// RowProblem is what is wrong with one opinion of a meeting: Row is the
// form's row (or, for the API, the opinion's place in the list), Line the
// line of an uploaded file.
type RowProblem struct {
	Row     int    `json:"row,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// Label says where the problem is: 第 4 行, or 文件第 3 行.
func (p RowProblem) Label() string {
	if p.Line > 0 {
		return fmt.Sprintf("文件第 %d 行", p.Line)
	}
	return fmt.Sprintf("第 %d 行", p.Row)
}

// MeetingProblems is what is wrong with a meeting that was refused: its
// fields (drafts.MeetingFields → message) and its rows. Nothing of a
// refused meeting is stored, so it can be sent again whole once put right.
type MeetingProblems struct {
	Fields map[string]string `json:"fields,omitempty"`
	Rows   []RowProblem      `json:"rows,omitempty"`
}

func (p *MeetingProblems) Error() string { return "meeting refused" }

// ProblemsOf returns the problems of a meeting SubmitMeeting refused, nil
// for any other error.
func ProblemsOf(err error) *MeetingProblems {
	var p *MeetingProblems
	if errors.As(err, &p) {
		return p
	}
	return nil
}

// Row returns the problem of the form's row n, "" when it has none.
func (p *MeetingProblems) Row(n int) string {
	if p == nil {
		return ""
	}
	for _, r := range p.Rows {
		if r.Row == n && r.Line == 0 {
			return r.Message
		}
	}
	return ""
}

// Field returns the problem of the meeting's field name, "" when it has none.
func (p *MeetingProblems) Field(name string) string {
	if p == nil {
		return ""
	}
	return p.Fields[name]
}

// ReadBatch reads the opinions of a meeting from a CSV or Excel file (see
// parse.BatchFile). Lines that cannot be read come back as problems with
// their line number: SubmitMeeting refuses a meeting that has any.
func ReadBatch(filename string, data []byte) ([]MeetingOpinion, []parse.BatchProblem, error) {
	b, err := parse.BatchFile(filename, data)
	if err != nil {
		return nil, nil, err
	}
	ops := make([]MeetingOpinion, len(b.Rows))
	for i, r := range b.Rows {
		ops[i] = MeetingOpinion{Article: r.Article, ArticleSub: r.ArticleSub, Text: r.Text, Name: r.Name, Line: r.Line}
	}
	return ops, b.Problems, nil
}

// TakesMeetings reports whether consultation c takes meetings (座谈会意见):
// only one addressed to contact points does. A public consultation takes
// a liaison's opinions like anyone's, on its page. The dashboard offers
// the meeting form for these only, and SubmitMeeting refuses the others.
func TakesMeetings(c *drafts.Consultation) bool {
	return c.Audience == drafts.AudienceContactPoints
}

// SubmitMeeting stores a liaison's meeting with its opinions in one
// transaction, published at once, after checking that the consultation
// takes opinions from the liaison's contact point now (Accepts) and takes
// meetings (TakesMeetings, else EINVALID), the meeting's fields, and every
// opinion: its text, and that its article exists. A meeting with any
// problem is refused whole, EINVALID (or ETOOLARGE) wrapping its
// MeetingProblems (ProblemsOf), the message naming each ("第 4 行：…");
// EFORBIDDEN for an account that is not a liaison.
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
	if !TakesMeetings(cons) {
		return nil, nil, drafts.Errorf(drafts.EINVALID,
			"该征求意见不收座谈会意见：座谈会意见只提交给向基层立法联系点发出的征求意见；公开征求意见请在其页面上提出意见。")
	}
	v, err := s.store.Version(ctx, cons.VersionID)
	if err != nil {
		return nil, nil, err
	}
	m := &drafts.Meeting{ContactPointID: a.ContactPointID, ConsultationID: cons.ID, Date: in.Date, Place: in.Place,
		Participants: in.Participants, Note: in.Note}
	probs := &MeetingProblems{Fields: m.Problems()}
	for _, fp := range in.FileProblems {
		probs.Rows = append(probs.Rows, RowProblem{Line: fp.Line, Message: fp.Message})
	}
	type placed struct {
		MeetingOpinion
		row int
	}
	var list []placed
	for i, mo := range in.Opinions {
		list = append(list, placed{mo, i + 1})
	}
	for _, r := range in.Rows {
		if r.Blank() {
			continue
		}
		num, sub, ok := drafts.ParseArticleRef(r.Article)
		switch {
		case strings.TrimSpace(r.Text) == "":
			probs.Rows = append(probs.Rows, RowProblem{Row: r.Row, Message: "请填写意见内容，或把这一行清空。"})
		case !ok:
			probs.Rows = append(probs.Rows, RowProblem{Row: r.Row,
				Message: fmt.Sprintf("无法识别条文“%s”，应写作“第十二条”“12”，或留空表示整体意见。", strings.TrimSpace(r.Article))})
		default:
			list = append(list, placed{MeetingOpinion{Article: num, ArticleSub: sub, Text: r.Text, Name: r.Name}, r.Row})
		}
	}
	ops := make([]*drafts.Opinion, 0, len(list))
	for _, p := range list {
		op := &drafts.Opinion{VersionID: cons.VersionID, ConsultationID: cons.ID, Article: p.Article,
			ArticleSub: p.ArticleSub, Text: p.Text, Name: p.Name, Source: drafts.SourceContactPoint,
			ContactPointID: a.ContactPointID, AccountID: a.ID, Status: drafts.StatusPublished}
		err := op.Normalize()
		if err == nil {
			err = op.CheckAnchor(v.Document)
		}
		if err != nil {
			rp := RowProblem{Row: p.row, Message: drafts.ErrorMessage(err)}
			if p.Line > 0 {
				rp = RowProblem{Line: p.Line, Message: rp.Message}
			}
			probs.Rows = append(probs.Rows, rp)
			continue
		}
		ops = append(ops, op)
	}
	if len(probs.Fields) > 0 || len(probs.Rows) > 0 {
		// The form's rows in order, then the file's lines.
		sort.SliceStable(probs.Rows, func(i, j int) bool {
			a, b := probs.Rows[i], probs.Rows[j]
			if (a.Line > 0) != (b.Line > 0) {
				return b.Line > 0
			}
			return a.Row+a.Line < b.Row+b.Line
		})
		return nil, nil, refusal(probs)
	}
	switch {
	case len(ops) == 0:
		return nil, nil, drafts.Errorf(drafts.EINVALID, "请至少填写一条意见。")
	case len(ops) > parse.MaxBatchRows:
		return nil, nil, drafts.Errorf(drafts.ETOOLARGE, "一次最多提交 %d 条意见。", parse.MaxBatchRows)
	}
	if err := s.store.CreateOpinions(ctx, a.Name, m, ops); err != nil {
		return nil, nil, err
	}
	return m, ops, nil
}

// refusal is the EINVALID error of a refused meeting: a message listing
// every problem (the fields first, then the rows in order), wrapping them.
func refusal(p *MeetingProblems) error {
	var parts []string
	for _, f := range drafts.MeetingFields {
		if msg, ok := p.Fields[f]; ok {
			parts = append(parts, msg)
		}
	}
	for _, r := range p.Rows {
		parts = append(parts, r.Label()+"："+r.Message)
	}
	msg := "座谈会意见未提交，请修改后再提交：" + strings.Join(parts, "；")
	if len(parts) == 1 {
		msg = "座谈会意见未提交：" + parts[0]
	}
	return &drafts.Error{Code: drafts.EINVALID, Message: msg, Err: p}
}
