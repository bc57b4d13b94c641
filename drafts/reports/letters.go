package reports

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"lifa/drafts"
	"lifa/drafts/store"
)

// Letter is the feedback to one contact point on one consultation
// (意见采纳情况反馈): each of its meetings and opinions, once, with the
// answer, the reason and where the change landed in the later reading.
type Letter struct {
	ContactPoint *drafts.ContactPoint `json:"contact_point"`
	Consultation *drafts.Consultation `json:"consultation"`
	Regulation   *drafts.Regulation   `json:"regulation"`
	// From is the reading consulted on, To the reading the changes are
	// shown in (nil when there is none yet); both without Documents.
	From *drafts.Version `json:"from"`
	To   *drafts.Version `json:"to,omitempty"`
	// Meetings are the contact point's meetings for the consultation,
	// each with the opinions gathered at it; Items its other opinions.
	Meetings []LetterMeeting `json:"meetings"`
	Items    []LetterItem    `json:"opinions"`
	Tally    tally           `json:"tally"`
	// Published is nil until staff publish the letter.
	Published *drafts.FeedbackPublication `json:"published,omitempty"`
	Title     string                      `json:"title"`
	// Opening and Closing are the letter's words around the list.
	Opening   string `json:"opening"`
	Closing   string `json:"closing"`
	Signature string `json:"signature"`
	Date      string `json:"date"`
}

// LetterMeeting is a meeting with the opinions gathered at it.
type LetterMeeting struct {
	*drafts.Meeting
	Items []LetterItem `json:"opinions"`
}

// LetterItem is one opinion of a letter: no personal data.
type LetterItem struct {
	ID          int64              `json:"id"`
	Article     string             `json:"article"`
	Text        string             `json:"text"`
	Disposition drafts.Disposition `json:"disposition"`
	// Reason is the answer's reason, or why the opinion was not taken up
	// (hidden).
	Reason  string   `json:"reason"`
	Hidden  bool     `json:"hidden,omitempty"`
	Landing *Landing `json:"landing,omitempty"`
}

// Answer is what became of the opinion in a word: its answer, or 未予处理
// when it was hidden.
func (it LetterItem) Answer() string {
	if it.Hidden {
		return "未予处理"
	}
	return it.Disposition.Label()
}

// Why is the reason as the letter shows it beside the Answer: without the
// answer said again at its start (部分采纳，调查周期… → 调查周期…).
func (it LetterItem) Why() string {
	a := it.Answer()
	rest, ok := strings.CutPrefix(it.Reason, a)
	if !ok || a == "" {
		return it.Reason
	}
	if trimmed := strings.TrimLeft(rest, "，。,.；;：: "); rest == "" || trimmed != rest {
		return trimmed
	}
	return it.Reason // 采纳后增加一款: the answer is part of a sentence
}

// Letter returns the letter to contact point cpID on consultation id, as
// staff see it before and after publishing. ENOTFOUND for an unknown
// consultation or contact point.
func (s *Service) Letter(ctx context.Context, id, cpID int64) (*Letter, error) {
	pubs, err := s.store.FeedbackPublications(ctx, store.FeedbackFilter{ConsultationID: id, ContactPointID: cpID})
	if err != nil {
		return nil, err
	}
	var pub *drafts.FeedbackPublication
	to := int64(0)
	if len(pubs) > 0 {
		pub, to = pubs[0], pubs[0].ToVersionID
	}
	k, err := s.consultation(ctx, id, to)
	if err != nil {
		return nil, err
	}
	cp, err := s.store.ContactPoint(ctx, cpID)
	if err != nil {
		return nil, err
	}
	return letterOf(k, cp, pub, s.now()), nil
}

// LetterAs returns the letter on consultation id to contact point cpID as
// account a may read it: staff (drafts.PermViewOpinions) any letter, before
// and after it is published; a liaison the letter to their own contact
// point (cpID 0 or theirs) once it is published. EFORBIDDEN for anyone
// else; ENOTFOUND for an unknown consultation or contact point, or a
// letter a liaison may not read yet.
func (s *Service) LetterAs(ctx context.Context, a *drafts.Account, id, cpID int64) (*Letter, error) {
	if a.Can(drafts.PermViewOpinions) {
		return s.Letter(ctx, id, cpID)
	}
	if !a.Can(drafts.PermSubmitForPoint) || a.ContactPointID == 0 || cpID != 0 && cpID != a.ContactPointID {
		return nil, drafts.Errorf(drafts.EFORBIDDEN, "只有工作人员和本联系点的联络员可以查看该反馈。")
	}
	l, err := s.Letter(ctx, id, a.ContactPointID)
	if err != nil {
		return nil, err
	}
	if l.Published == nil {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "该征求意见的采纳情况尚未反馈。")
	}
	return l, nil
}

// letterOf builds the letter to cp from a consultation's record.
func letterOf(k *consulted, cp *drafts.ContactPoint, pub *drafts.FeedbackPublication, now time.Time) *Letter {
	l := &Letter{ContactPoint: cp, Consultation: k.Consultation, Regulation: k.Regulation, From: k.From, To: k.To,
		Published: pub, Meetings: []LetterMeeting{}, Items: []LetterItem{}}
	at := map[int64]int{}
	for _, m := range k.record.Meetings {
		if m.ContactPointID == cp.ID {
			at[m.ID] = len(l.Meetings)
			l.Meetings = append(l.Meetings, LetterMeeting{Meeting: m, Items: []LetterItem{}})
		}
	}
	for _, o := range k.record.Opinions {
		if o.ContactPointID != cp.ID || o.Source != drafts.SourceContactPoint {
			continue
		}
		it := LetterItem{ID: o.ID, Article: o.ArticleLabel(), Text: o.Text, Disposition: o.Disposition, Reason: o.Answer}
		if o.Status == drafts.StatusHidden {
			it.Hidden, it.Reason = true, "未予处理："+o.HiddenReason
		} else {
			l.Tally.add(o.Disposition)
			it.Landing = k.landing(o)
		}
		if i, ok := at[o.MeetingID]; ok && o.MeetingID != 0 {
			l.Meetings[i].Items = append(l.Meetings[i].Items, it)
		} else {
			l.Items = append(l.Items, it)
		}
	}
	l.Title = "关于《" + k.names.Doc + "》征求意见采纳情况的反馈"
	l.Opening = letterOpening(k, l)
	l.Closing = "感谢你单位对立法工作的支持！"
	l.Signature = "法制工作委员会"
	if r := regionOf(k.Regulation); r != "" && !k.Regulation.Level.National() {
		l.Signature = r + "人大常委会法制工作委员会"
	}
	l.Date = drafts.FormatDate(now)
	if pub != nil {
		l.Date = drafts.FormatDate(pub.PublishedAt)
	}
	return l
}

// letterOpening thanks the contact point and sums up its opinions.
func letterOpening(k *consulted, l *Letter) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s：\n感谢你单位对《%s》（%s）提出意见和建议。", l.ContactPoint.Name, k.names.Doc, k.From.StageName)
	for _, m := range l.Meetings {
		fmt.Fprintf(&b, "你单位于%s在%s召开座谈会，%d人参加，", dateOr(m.Date), m.Place, m.Participants)
	}
	fmt.Fprintf(&b, "共提出意见%d条", l.Tally.Opinions)
	b.WriteString("。")
	if o := l.Tally.Outcome("经认真研究，"); o != "" {
		b.WriteString(o + "。")
	}
	if k.To != nil {
		fmt.Fprintf(&b, "采纳的意见已体现在%s（%s）中。", k.names.New, k.To.StageName)
	}
	b.WriteString("现将意见采纳情况反馈如下：")
	return b.String()
}

// LetterSummary is a contact point's letter on a consultation in a list.
type LetterSummary struct {
	ContactPoint *drafts.ContactPoint        `json:"contact_point"`
	Meetings     int                         `json:"meetings"`
	Tally        tally                       `json:"tally"`
	Published    *drafts.FeedbackPublication `json:"published,omitempty"`
}

// Letters lists the letters of consultation id: one for each contact
// point that sent opinions or held a meeting, by name. ENOTFOUND.
func (s *Service) Letters(ctx context.Context, id int64) ([]LetterSummary, error) {
	x, err := s.LetterIndex(ctx, id)
	if err != nil {
		return nil, err
	}
	return x.Letters, nil
}

// LetterIndex is the letters of a consultation with what the list's page
// names: the consultation, its regulation and the reading consulted on.
type LetterIndex struct {
	Consultation *drafts.Consultation `json:"consultation"`
	Regulation   *drafts.Regulation   `json:"regulation"`
	From         *drafts.Version      `json:"from"`
	// Unpublished counts the letters not published yet.
	Unpublished int             `json:"unpublished"`
	Letters     []LetterSummary `json:"letters"`
}

// LetterIndex returns the letters of consultation id (see Letters) with
// the consultation, its regulation and reading. ENOTFOUND.
func (s *Service) LetterIndex(ctx context.Context, id int64) (*LetterIndex, error) {
	k, err := s.consultation(ctx, id, 0)
	if err != nil {
		return nil, err
	}
	pubs, err := s.store.FeedbackPublications(ctx, store.FeedbackFilter{ConsultationID: id})
	if err != nil {
		return nil, err
	}
	byCP := map[int64]*LetterSummary{}
	for _, cp := range k.record.ContactPoints {
		byCP[cp.ID] = &LetterSummary{ContactPoint: cp}
	}
	for _, p := range pubs {
		if l := byCP[p.ContactPointID]; l != nil {
			l.Published = p
		}
	}
	seen := map[int64]bool{}
	for _, m := range k.record.Meetings {
		if l := byCP[m.ContactPointID]; l != nil {
			l.Meetings++
			seen[m.ContactPointID] = true
		}
	}
	for _, o := range k.record.Opinions {
		if l := byCP[o.ContactPointID]; l != nil && o.Source == drafts.SourceContactPoint && o.Status != drafts.StatusHidden {
			l.Tally.add(o.Disposition)
			seen[o.ContactPointID] = true
		}
	}
	x := &LetterIndex{Consultation: k.Consultation, Regulation: k.Regulation, From: k.From, Letters: []LetterSummary{}}
	for _, cp := range k.record.ContactPoints {
		if seen[cp.ID] {
			x.Letters = append(x.Letters, *byCP[cp.ID])
			if byCP[cp.ID].Published == nil {
				x.Unpublished++
			}
		}
	}
	sort.SliceStable(x.Letters, func(i, j int) bool { return x.Letters[i].ContactPoint.Name < x.Letters[j].ContactPoint.Name })
	return x, nil
}

// PublishLetters publishes the letters of consultation id to contact
// points cpIDs (none: every contact point Letters lists), showing the
// changes in reading to (0: the next reading), and returns how many were
// published now. ECLOSED before the consultation closes; EINVALID when
// there is no later reading yet or to is not one; ENOTFOUND.
func (s *Service) PublishLetters(ctx context.Context, actor string, id, to int64, cpIDs []int64) (int, error) {
	k, err := s.consultation(ctx, id, to)
	if err != nil {
		return 0, err
	}
	if err := k.closed(s); err != nil {
		return 0, err
	}
	if k.To == nil {
		return 0, drafts.Errorf(drafts.EINVALID, "该法规项目还没有下一稿，暂不能反馈修改情况。")
	}
	if len(cpIDs) == 0 {
		list, err := s.Letters(ctx, id)
		if err != nil {
			return 0, err
		}
		for _, l := range list {
			cpIDs = append(cpIDs, l.ContactPoint.ID)
		}
	}
	n := 0
	for _, cp := range cpIDs {
		created, err := s.store.PublishFeedback(ctx, actor, &drafts.FeedbackPublication{ConsultationID: id,
			ContactPointID: cp, ToVersionID: k.To.ID})
		if err != nil {
			return n, err
		}
		if created {
			n++
		}
	}
	return n, nil
}

// PublishedLetter is a published letter in a contact point's list.
type PublishedLetter struct {
	Consultation *drafts.Consultation        `json:"consultation"`
	Regulation   *drafts.Regulation          `json:"regulation"`
	Published    *drafts.FeedbackPublication `json:"published"`
}

// LettersTo lists the letters published to the contact point of liaison
// a, newest first (the liaison's dashboard). EFORBIDDEN for an account
// that is not a liaison.
func (s *Service) LettersTo(ctx context.Context, a *drafts.Account) ([]PublishedLetter, error) {
	if !a.Can(drafts.PermSubmitForPoint) || a.ContactPointID == 0 {
		return nil, drafts.Errorf(drafts.EFORBIDDEN, "只有基层立法联系点的联络员可以查看本联系点的反馈。")
	}
	pubs, err := s.store.FeedbackPublications(ctx, store.FeedbackFilter{ContactPointID: a.ContactPointID})
	if err != nil {
		return nil, err
	}
	out := []PublishedLetter{}
	for _, p := range pubs {
		if p.ContactPointID != a.ContactPointID {
			continue
		}
		c, err := s.store.Consultation(ctx, p.ConsultationID)
		if err != nil {
			return nil, err
		}
		r, err := s.store.Regulation(ctx, c.RegulationID)
		if err != nil {
			return nil, err
		}
		if c = c.ForViewer(a); c == nil {
			// A letter is addressed to the contact point; the consultation
			// asked it, so its liaison sees it. Should that change, the
			// letter still names the regulation.
			c = &drafts.Consultation{ID: p.ConsultationID, RegulationID: r.ID, Title: r.Title}
		}
		out = append(out, PublishedLetter{Consultation: c, Regulation: r, Published: p})
	}
	return out, nil
}
