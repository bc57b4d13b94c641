package reports

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/store"
)

// PublicFeedback is the public feedback on a closed consultation (公开反馈,
// 公布意见采纳情况): how many opinions came from whom, what became of them,
// and the main points adopted with where the text changed. It holds no
// personal data: no names, contacts, receipts, nor the opinions' own
// words, only counts and staff's answers.
type PublicFeedback struct {
	Consultation *drafts.Consultation `json:"consultation"`
	Regulation   *drafts.Regulation   `json:"regulation"`
	// From is the reading consulted on, To the reading the changes are
	// shown in (nil when there is none yet); both without Documents.
	From *drafts.Version `json:"from"`
	To   *drafts.Version `json:"to,omitempty"`
	// Published is nil until staff publish the feedback; Preview is set
	// when staff look at it before. Until one is set only the fields
	// above, Title and Notice are filled.
	Published *drafts.FeedbackPublication `json:"published,omitempty"`
	Preview   bool                        `json:"preview,omitempty"`
	// Closed says the consultation's period is over (it may be published).
	Closed bool   `json:"closed"`
	Title  string `json:"title"`
	// Notice says why there is nothing to show yet.
	Notice string `json:"notice,omitempty"`
	// Summary is the paragraph that opens the page.
	Summary string `json:"summary,omitempty"`
	Counts  Counts `json:"counts"`
	Tally   tally  `json:"tally"`
	// Points are the changes adopted opinions led to, in the order of the
	// later text.
	Points []Point `json:"points"`
}

// Shown reports whether the feedback has content to show: published, or
// previewed by staff.
func (f *PublicFeedback) Shown() bool { return f.Published != nil || f.Preview }

// Point is one change adopted opinions led to.
type Point struct {
	// Articles name the change's articles in the later reading (none for
	// a deletion); Old in the reading consulted on.
	Articles []string `json:"articles"`
	Old      []string `json:"old"`
	Change   string   `json:"change"`
	Opinions int      `json:"opinions"`
	// Reasons are the different reasons staff gave, at most maxReasons.
	Reasons []string `json:"reasons"`
}

// Limits on the reasons a point quotes.
const (
	maxReasons     = 3
	maxReasonRunes = 150
)

// PublicFeedback returns the public feedback on consultation id for
// visitor a (nil: the public). Staff (drafts.PermViewOpinions) see it at
// any time, as a preview before it is published; others see it once it
// is, and before only a notice (Shown is false). ENOTFOUND for a
// consultation a may not see.
func (s *Service) PublicFeedback(ctx context.Context, id int64, a *drafts.Account) (*PublicFeedback, error) {
	pubs, err := s.store.FeedbackPublications(ctx, store.FeedbackFilter{ConsultationID: id})
	if err != nil {
		return nil, err
	}
	var pub *drafts.FeedbackPublication
	to := int64(0)
	for _, p := range pubs {
		if p.ContactPointID == 0 {
			pub, to = p, p.ToVersionID
		}
	}
	k, err := s.consultation(ctx, id, to)
	if err != nil {
		return nil, err
	}
	if !k.Consultation.VisibleTo(a) {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "征求意见 %d 不存在。", id)
	}
	f := &PublicFeedback{Consultation: k.Consultation.ForViewer(a), Regulation: k.Regulation, From: k.From, To: k.To,
		Published: pub, Preview: pub == nil && a.Can(drafts.PermViewOpinions), Closed: k.closed(s) == nil,
		Title: "《" + k.names.Doc + "》征求意见采纳情况", Points: []Point{}}
	if !f.Shown() {
		f.To = nil
		f.Notice = "意见采纳情况正在整理，公布后将在此显示。"
		if !f.Closed {
			f.Notice = "征求意见正在进行，" + drafts.FormatDateTime(k.Consultation.ClosesAt) + "截止；截止后将在此公布意见采纳情况。"
		}
		return f, nil
	}
	f.Counts = countOpinions(k.record)
	byChange := map[int]*Point{}
	var order []int
	for _, o := range k.record.Opinions {
		if o.Status == drafts.StatusHidden {
			continue
		}
		f.Tally.add(o.Disposition)
		l := k.landing(o)
		if l == nil {
			continue
		}
		i := k.placer.place(o)
		p := byChange[i]
		if p == nil {
			p = &Point{Articles: l.Articles, Old: l.Old, Change: changePhrase(&k.placer.cmp.Changes[i], k.names), Reasons: []string{}}
			byChange[i] = p
			order = append(order, i)
		}
		p.Opinions++
		p.addReason(o.Answer)
	}
	sort.Ints(order)
	for _, i := range order {
		f.Points = append(f.Points, *byChange[i])
	}
	f.Summary = publicSummary(k, f)
	return f, nil
}

// addReason keeps a reason not given before, shortened.
func (p *Point) addReason(r string) {
	r = strings.TrimSpace(r)
	if r == "" || len(p.Reasons) >= maxReasons {
		return
	}
	if utf8.RuneCountInString(r) > maxReasonRunes {
		r = string([]rune(r)[:maxReasonRunes]) + "……"
	}
	for _, have := range p.Reasons {
		if have == r {
			return
		}
	}
	p.Reasons = append(p.Reasons, r)
}

// publicSummary is the paragraph that opens the public feedback.
func publicSummary(k *consulted, f *PublicFeedback) string {
	c := k.Consultation
	var b strings.Builder
	fmt.Fprintf(&b, "《%s》于%s%s，", k.names.Doc, period(c.OpensAt, c.ClosesAt), consultationWay(c))
	if f.Counts.Opinions == 0 {
		b.WriteString("未收到意见。")
		return b.String()
	}
	b.WriteString(strings.TrimSuffix(countsSentence(f.Counts), "。"))
	b.WriteString("。")
	switch {
	case k.To == nil:
		b.WriteString("草案修改稿尚未形成，修改情况将在形成后公布。")
	case len(f.Points) > 0:
		fmt.Fprintf(&b, "根据采纳的意见，%s（%s）作了以下%d处修改。感谢社会各界的关心和支持！", k.names.New, k.To.StageName, len(f.Points))
	default:
		b.WriteString("感谢社会各界的关心和支持！")
	}
	return b.String()
}

// PublishPublic publishes the public feedback on consultation id, showing
// the changes in reading to (0: the next reading). Publishing twice
// changes nothing. ECLOSED before the consultation closes; EINVALID when
// to is not a later reading; ENOTFOUND.
func (s *Service) PublishPublic(ctx context.Context, actor string, id, to int64) (*drafts.FeedbackPublication, error) {
	k, err := s.consultation(ctx, id, to)
	if err != nil {
		return nil, err
	}
	if err := k.closed(s); err != nil {
		return nil, err
	}
	p := &drafts.FeedbackPublication{ConsultationID: id}
	if k.To != nil {
		p.ToVersionID = k.To.ID
	}
	if _, err := s.store.PublishFeedback(ctx, actor, p); err != nil {
		return nil, err
	}
	return p, nil
}
