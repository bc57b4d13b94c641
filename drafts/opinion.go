package drafts

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"lifa/drafts/cnum"
)

// Disposition is what the legislative staff did with an opinion (处理结果).
type Disposition string

// The dispositions. DispositionNone means not yet answered (待处理).
const (
	DispositionNone      Disposition = ""
	DispositionAdopted   Disposition = "采纳"
	DispositionPartly    Disposition = "部分采纳"
	DispositionRejected  Disposition = "未采纳"
	DispositionAbsorbed  Disposition = "已吸收"
	DispositionReference Disposition = "作为参考"
)

// Dispositions lists the dispositions staff can choose, in display order.
var Dispositions = []Disposition{
	DispositionAdopted, DispositionPartly, DispositionRejected, DispositionAbsorbed, DispositionReference,
}

// ParseDisposition returns the disposition named s, or EINVALID.
func ParseDisposition(s string) (Disposition, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", Errorf(EINVALID, "请选择处理结果：采纳、部分采纳、未采纳、已吸收或作为参考。")
	}
	for _, d := range Dispositions {
		if string(d) == s {
			return d, nil
		}
	}
	return "", Errorf(EINVALID, "处理结果“%s”无效，应为采纳、部分采纳、未采纳、已吸收或作为参考。", s)
}

// Label returns the disposition for display, 待处理 when not yet answered.
func (d Disposition) Label() string {
	if d == DispositionNone {
		return "待处理"
	}
	return string(d)
}

// Source says who an opinion came from.
type Source string

// The sources of opinions.
const (
	SourcePublic       Source = "public"        // 社会公众
	SourceContactPoint Source = "contact_point" // 基层立法联系点
	SourceMember       Source = "member"        // 常委会组成人员、代表
	SourceStaff        Source = "staff"         // 工作人员代为录入
)

// Sources lists the sources in display order.
var Sources = []Source{SourcePublic, SourceContactPoint, SourceMember, SourceStaff}

// Label returns the source's Chinese name.
func (s Source) Label() string {
	switch s {
	case SourcePublic:
		return "社会公众"
	case SourceContactPoint:
		return "基层立法联系点"
	case SourceMember:
		return "委员、代表"
	case SourceStaff:
		return "工作人员录入"
	}
	return string(s)
}

// Moderation states of an opinion. Nothing is ever deleted: a hidden
// opinion keeps its text and the reason it was hidden.
const (
	StatusPending   = "pending"   // 待审核 (public opinions start here)
	StatusPublished = "published" // 已公开
	StatusHidden    = "hidden"    // 已屏蔽
)

// StatusLabel returns the Chinese name of a moderation status.
func StatusLabel(s string) string {
	switch s {
	case StatusPending:
		return "待审核"
	case StatusPublished:
		return "已公开"
	case StatusHidden:
		return "已屏蔽"
	}
	return s
}

// Limits on opinion input, in characters (runes).
const (
	MaxOpinionText    = 5000
	MaxOpinionName    = 50
	MaxOpinionContact = 100
	MaxOpinionQuote   = 500
	MaxAnswerText     = 5000
)

// Opinion is one opinion (意见) on a version, anchored to an article
// (Article > 0; optionally a paragraph and item, optionally a quoted span)
// or to the draft as a whole (Article == 0).
type Opinion struct {
	ID             int64  `json:"id"`
	Receipt        string `json:"receipt"`
	VersionID      int64  `json:"version_id"`
	ConsultationID int64  `json:"consultation_id"`
	Article        int    `json:"article"`
	ArticleSub     int    `json:"article_sub,omitempty"`
	Paragraph      int    `json:"paragraph,omitempty"`
	Item           int    `json:"item,omitempty"`
	// Quote is the selected span of the article's text; QuoteStart and
	// QuoteEnd are its rune offsets in Article.Text.
	Quote      string `json:"quote,omitempty"`
	QuoteStart int    `json:"quote_start,omitempty"`
	QuoteEnd   int    `json:"quote_end,omitempty"`
	Text       string `json:"text"`
	Name       string `json:"name,omitempty"`
	// Contact is never shown publicly.
	Contact        string `json:"contact,omitempty"`
	Source         Source `json:"source"`
	ContactPointID int64  `json:"contact_point_id,omitempty"`
	MeetingID      int64  `json:"meeting_id,omitempty"`
	AccountID      int64  `json:"account_id,omitempty"`
	// Status is the moderation state; HiddenReason says why it was hidden.
	Status       string `json:"status"`
	HiddenReason string `json:"hidden_reason,omitempty"`
	// NormHash is the SHA-256 of the normalised text (identical opinions
	// share it); GroupID is the id of the representative of its group of
	// near-identical opinions (0 until grouped).
	NormHash    string      `json:"-"`
	GroupID     int64       `json:"group_id,omitempty"`
	Disposition Disposition `json:"disposition"`
	Answer      string      `json:"answer,omitempty"`
	AnsweredBy  string      `json:"answered_by,omitempty"`
	AnsweredAt  *time.Time  `json:"answered_at,omitempty"`
	ClientIP    string      `json:"-"`
	CreatedAt   time.Time   `json:"created_at"`
}

// ArticleLabel returns 第十二条, 第十条之一, or 整体意见 for the whole draft.
func (o *Opinion) ArticleLabel() string {
	return ArticleRefLabel(o.Article, o.ArticleSub)
}

// ArticleRefLabel returns the label of article (num, sub), 整体意见 for 0.
func ArticleRefLabel(num, sub int) string {
	if num <= 0 {
		return "整体意见"
	}
	s := "第" + cnum.Format(num) + "条"
	if sub > 0 {
		s += "之" + cnum.Format(sub)
	}
	return s
}

// Normalize trims the opinion's fields and checks them against the limits.
// It returns EINVALID or ETOOLARGE with a message for the author.
func (o *Opinion) Normalize() error {
	o.Text = strings.TrimSpace(strings.ToValidUTF8(o.Text, ""))
	o.Name = strings.TrimSpace(strings.ToValidUTF8(o.Name, ""))
	o.Contact = strings.TrimSpace(strings.ToValidUTF8(o.Contact, ""))
	o.Quote = strings.TrimSpace(strings.ToValidUTF8(o.Quote, ""))
	switch n := utf8.RuneCountInString(o.Text); {
	case n == 0:
		return Errorf(EINVALID, "意见内容不能为空。")
	case n > MaxOpinionText:
		return Errorf(ETOOLARGE, "意见内容最多 %d 字，现有 %d 字。", MaxOpinionText, n)
	}
	if n := utf8.RuneCountInString(o.Name); n > MaxOpinionName {
		return Errorf(EINVALID, "姓名最多 %d 字。", MaxOpinionName)
	}
	if n := utf8.RuneCountInString(o.Contact); n > MaxOpinionContact {
		return Errorf(EINVALID, "联系方式最多 %d 字。", MaxOpinionContact)
	}
	if n := utf8.RuneCountInString(o.Quote); n > MaxOpinionQuote {
		return Errorf(EINVALID, "引用的原文最多 %d 字。", MaxOpinionQuote)
	}
	if o.Article < 0 || o.ArticleSub < 0 || o.Paragraph < 0 || o.Item < 0 || o.Article > 100000 {
		return Errorf(EINVALID, "条文编号无效。")
	}
	if o.Article == 0 && (o.Paragraph > 0 || o.Item > 0 || o.Quote != "") {
		return Errorf(EINVALID, "整体意见不能指定款、项或引用原文。")
	}
	if o.QuoteStart < 0 || o.QuoteEnd < o.QuoteStart {
		return Errorf(EINVALID, "引用位置无效。")
	}
	if o.Quote == "" {
		o.QuoteStart, o.QuoteEnd = 0, 0
	}
	return nil
}

// CheckAnchor checks the opinion's anchor against the version's document:
// the article, paragraph and item must exist and a quote must be the text at
// its offsets (if the offsets disagree but the quote occurs once, the
// offsets are corrected). doc may be nil, then only the numbers are checked.
func (o *Opinion) CheckAnchor(doc *Document) error {
	if o.Article == 0 || doc == nil {
		return nil
	}
	var art *Article
	for _, a := range doc.Articles {
		if a.Num == o.Article && a.Sub == o.ArticleSub {
			art = a
			break
		}
	}
	if art == nil {
		return Errorf(EINVALID, "该版本没有%s。", o.ArticleLabel())
	}
	if o.Paragraph > len(art.Paragraphs) {
		return Errorf(EINVALID, "%s没有第%s款。", o.ArticleLabel(), cnum.Format(o.Paragraph))
	}
	if o.Item > 0 {
		if o.Paragraph == 0 || o.Item > len(art.Paragraphs[o.Paragraph-1].Items) {
			return Errorf(EINVALID, "%s没有所指的项。", o.ArticleLabel())
		}
	}
	if o.Quote != "" {
		runes := []rune(art.Text)
		if o.QuoteEnd <= len(runes) && string(runes[o.QuoteStart:o.QuoteEnd]) == o.Quote {
			return nil
		}
		i := strings.Index(art.Text, o.Quote)
		if i < 0 {
			return Errorf(EINVALID, "引用的文字不在%s中。", o.ArticleLabel())
		}
		o.QuoteStart = utf8.RuneCountInString(art.Text[:i])
		o.QuoteEnd = o.QuoteStart + utf8.RuneCountInString(o.Quote)
	}
	return nil
}

// Audience says who may comment in a consultation.
type Audience string

// The audiences of a consultation. A public consultation is open to
// everyone, including contact points and members.
const (
	AudiencePublic        Audience = "public"         // 社会公众（所有人）
	AudienceContactPoints Audience = "contact_points" // 基层立法联系点（全部或所选）
	AudienceMembers       Audience = "members"        // 委员、代表
)

// Label returns the audience's Chinese name.
func (a Audience) Label() string {
	switch a {
	case AudiencePublic:
		return "社会公众"
	case AudienceContactPoints:
		return "基层立法联系点"
	case AudienceMembers:
		return "委员、代表"
	}
	return string(a)
}

// Consultation is a call for opinions (征求意见) on one version: who is
// asked, from when to when, with what instructions.
type Consultation struct {
	ID           int64    `json:"id"`
	VersionID    int64    `json:"version_id"`
	RegulationID int64    `json:"regulation_id,omitempty"`
	Title        string   `json:"title"`
	Audience     Audience `json:"audience"`
	// ContactPointIDs are the chosen contact points; empty means all of
	// them (only meaningful for AudienceContactPoints).
	ContactPointIDs []int64   `json:"contact_point_ids,omitempty"`
	OpensAt         time.Time `json:"opens_at"`
	ClosesAt        time.Time `json:"closes_at"`
	Instructions    string    `json:"instructions,omitempty"`
	CreatedBy       string    `json:"created_by,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
}

// Validate checks a consultation before it is stored.
func (c *Consultation) Validate() error {
	c.Title = strings.TrimSpace(c.Title)
	c.Instructions = strings.TrimSpace(c.Instructions)
	if c.VersionID <= 0 {
		return Errorf(EINVALID, "请选择征求意见的版本。")
	}
	switch c.Audience {
	case AudiencePublic, AudienceContactPoints, AudienceMembers:
	default:
		return Errorf(EINVALID, "征求意见对象无效。")
	}
	if c.OpensAt.IsZero() || c.ClosesAt.IsZero() {
		return Errorf(EINVALID, "请填写开始和截止时间。")
	}
	if !c.ClosesAt.After(c.OpensAt) {
		return Errorf(EINVALID, "截止时间必须晚于开始时间。")
	}
	if utf8.RuneCountInString(c.Instructions) > 10000 {
		return Errorf(ETOOLARGE, "征求意见说明过长。")
	}
	return nil
}

// IsOpen reports whether the consultation accepts opinions at now.
func (c *Consultation) IsOpen(now time.Time) bool {
	return !now.Before(c.OpensAt) && now.Before(c.ClosesAt)
}

// CheckOpen returns nil if the consultation is open at now, else ECLOSED
// with a message that says when it opens or when it closed.
func (c *Consultation) CheckOpen(now time.Time) error {
	if now.Before(c.OpensAt) {
		return Errorf(ECLOSED, "征求意见尚未开始，将于%s开始。", FormatDateTime(c.OpensAt))
	}
	if !now.Before(c.ClosesAt) {
		return Errorf(ECLOSED, "征求意见期已于%s截止，不再接收意见。感谢您的关注。", FormatDateTime(c.ClosesAt))
	}
	return nil
}

// Admits reports whether an opinion from source (and, for a contact point,
// from contact point cpID) may be submitted to this consultation.
// Staff may always enter opinions on someone's behalf.
func (c *Consultation) Admits(source Source, cpID int64) bool {
	switch source {
	case SourceStaff:
		return true
	case SourcePublic:
		return c.Audience == AudiencePublic
	case SourceMember:
		return c.Audience == AudiencePublic || c.Audience == AudienceMembers
	case SourceContactPoint:
		if c.Audience == AudiencePublic {
			return true
		}
		if c.Audience != AudienceContactPoints {
			return false
		}
		if len(c.ContactPointIDs) == 0 {
			return true
		}
		for _, id := range c.ContactPointIDs {
			if id == cpID {
				return true
			}
		}
	}
	return false
}

// ContactPoint is a grassroots legislative contact point (基层立法联系点).
type ContactPoint struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Region    string    `json:"region,omitempty"` // 所在区/街道
	Address   string    `json:"address,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Meeting is a meeting where a contact point gathered opinions (座谈会).
type Meeting struct {
	ID             int64     `json:"id"`
	ContactPointID int64     `json:"contact_point_id"`
	ConsultationID int64     `json:"consultation_id"`
	Date           string    `json:"date"` // YYYY-MM-DD
	Place          string    `json:"place"`
	Participants   int       `json:"participants"`
	Note           string    `json:"note,omitempty"`
	CreatedBy      string    `json:"created_by,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// MeetingFields are the fields of a meeting that Problems checks, in the
// order a form shows them.
var MeetingFields = []string{"date", "place", "participants"}

// Problems trims the meeting's fields and returns what is wrong with
// them, by field (MeetingFields); nil when nothing is.
func (m *Meeting) Problems() map[string]string {
	m.Date = strings.TrimSpace(m.Date)
	m.Place = strings.TrimSpace(m.Place)
	p := map[string]string{}
	if _, err := time.Parse("2006-01-02", m.Date); err != nil {
		p["date"] = "座谈会日期应为 YYYY-MM-DD 格式（例如 2026-11-18）。"
	}
	if m.Place == "" || utf8.RuneCountInString(m.Place) > 200 {
		p["place"] = "请填写座谈会地点（200 字以内）。"
	}
	if m.Participants < 1 || m.Participants > 100000 {
		p["participants"] = "参加人数应为正整数。"
	}
	if len(p) == 0 {
		return nil
	}
	return p
}

// Validate checks a meeting's fields: EINVALID with the first problem.
func (m *Meeting) Validate() error {
	p := m.Problems()
	for _, f := range MeetingFields {
		if msg, ok := p[f]; ok {
			return Errorf(EINVALID, "%s", msg)
		}
	}
	return nil
}

// OpinionFilter selects opinions for the staff inbox and summaries.
// Zero fields do not filter.
type OpinionFilter struct {
	VersionID      int64
	ConsultationID int64
	Article        int // -1: whole-draft opinions only; 0: any
	Source         Source
	Status         string
	Disposition    string // a Disposition, or "none" for unanswered
	ContactPointID int64
	GroupID        int64
	Query          string // substring of the text
	Limit, Offset  int
}

// Answer is staff's answer to one or more opinions.
type Answer struct {
	Disposition Disposition `json:"disposition"`
	Reason      string      `json:"reason"`
}

// Validate checks the answer.
func (a *Answer) Validate() error {
	if _, err := ParseDisposition(string(a.Disposition)); err != nil {
		return err
	}
	a.Reason = strings.TrimSpace(a.Reason)
	if a.Reason == "" {
		return Errorf(EINVALID, "请填写处理理由。")
	}
	if utf8.RuneCountInString(a.Reason) > MaxAnswerText {
		return Errorf(ETOOLARGE, "处理理由最多 %d 字。", MaxAnswerText)
	}
	return nil
}

// OpinionStats are the public statistics of a version's opinions:
// 共收到 People 人次提出的 Opinions 条意见.
type OpinionStats struct {
	Opinions int `json:"opinions"`
	People   int `json:"people"`
}

// String returns the sentence shown on public pages.
func (s OpinionStats) String() string {
	return fmt.Sprintf("共收到 %d 人次提出的 %d 条意见", s.People, s.Opinions)
}

// IndexedOpinion is an opinion as the search index sees it (search.Opinion
// is this type): where it points, a line of status for staff, and its text.
// Opinions are indexed for staff only.
type IndexedOpinion struct {
	ID              int64
	RegulationID    int64
	RegulationTitle string
	VersionID       int64
	ArticleNum      int // 0 for an opinion on the whole text
	ArticleSub      int
	ArticleLabel    string
	Date            string // YYYY-MM-DD
	// Ref is shown with the hit, e.g. the author or contact point and the
	// disposition.
	Ref  string
	Text string
}
