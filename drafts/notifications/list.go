package notifications

import (
	"context"
	"fmt"
	"strings"
	"time"

	"lifa/drafts"
	"lifa/drafts/store"
)

// Message is a notice as its reader sees it, on the notices page and in
// the e-mail.
type Message struct {
	ID        int64             `json:"id"`
	Kind      drafts.NoticeKind `json:"kind"`
	Title     string            `json:"title"`
	Text      string            `json:"text"`
	CreatedAt time.Time         `json:"created_at"`
	Unread    bool              `json:"unread"`
	// Link is the consultation's page; Action, when set, is what the
	// reader is asked to do (a liaison: the meeting form preselected
	// with the consultation), with its label.
	Link        string `json:"link"`
	Action      string `json:"action,omitempty"`
	ActionLabel string `json:"action_label,omitempty"`
	// ConsultationID is the consultation the notice is about.
	ConsultationID int64 `json:"consultation_id"`
}

// render words notice v. The text is made when it is read, so it shows
// the consultation as it is now (a new closing date among others).
func (s *Service) render(v *store.NoticeView) *Message {
	c := v.Consultation
	what := c.Title
	if what == "" {
		what = "《" + strings.Trim(v.RegulationTitle, "《》") + "》（" + v.StageName + "）征求意见"
	}
	draft := "征求意见稿：《" + strings.Trim(v.RegulationTitle, "《》") + "》" + v.StageName + "。"
	period := fmt.Sprintf("征求意见期：%s 至 %s。", drafts.FormatDateTime(c.OpensAt), drafts.FormatDateTime(c.ClosesAt))
	m := &Message{ID: v.ID, Kind: v.Kind, CreatedAt: v.CreatedAt, Unread: v.ReadAt == nil, ConsultationID: c.ID,
		Link: fmt.Sprintf("/consultations/%d", c.ID)}
	whom, ask := "委员、代表", "请在截止前提出意见。"
	if c.Audience == drafts.AudienceContactPoints {
		whom = v.ContactPointName
		ask = "请在截止前组织座谈会等收集意见，并在工作台提交。"
		m.Action, m.ActionLabel = fmt.Sprintf("/dashboard?consultation=%d#meeting-h", c.ID), "提交座谈会意见"
	} else {
		m.Action, m.ActionLabel = m.Link, "提出意见"
	}
	switch v.Kind {
	case drafts.NoticeReminder:
		m.Title = "即将截止：" + what
		m.Text = fmt.Sprintf("本次征求意见将于%s截止。%s如已反馈，可不再提交；如还有意见，请尽快提出。", drafts.FormatDateTime(c.ClosesAt), draft)
	default:
		m.Title = "征求意见：" + what
		m.Text = fmt.Sprintf("征求意见对象：%s。%s%s%s", whom, draft, period, ask)
	}
	return m
}

// Subject is the e-mail's subject.
func (m *Message) Subject() string { return "【立法】" + m.Title }

// MailBody is the e-mail's text to the person named name; site is the
// site's address for the links ("" gives paths).
func (m *Message) MailBody(name, site string) string {
	site = strings.TrimRight(site, "/")
	var b strings.Builder
	fmt.Fprintf(&b, "%s，您好：\n\n%s\n\n", name, m.Text)
	fmt.Fprintf(&b, "查看征求意见：%s%s\n", site, m.Link)
	if m.Action != m.Link {
		fmt.Fprintf(&b, "%s：%s%s\n", m.ActionLabel, site, m.Action)
	}
	if site == "" {
		b.WriteString("（请登录立法 Lifa 后打开上面的地址。）\n")
	}
	b.WriteString("\n—— 立法 Lifa\n此邮件由系统自动发送，请勿回复。登录后在“通知”页面可以修改或取消通知邮箱。\n")
	return b.String()
}

// Page is a page of an account's notices.
type Page struct {
	Messages []*Message `json:"notices"`
	Total    int        `json:"total"`
	Unread   int        `json:"unread"`
	// Email is where the notices are e-mailed ("" for nowhere); Mail
	// says whether this server sends e-mail at all.
	Email string `json:"email"`
	Mail  bool   `json:"mail"`
}

// PageSize is how many notices a page lists.
const PageSize = 50

// List returns page (from 1) of account a's notices, newest first.
func (s *Service) List(ctx context.Context, a *drafts.Account, page int) (*Page, error) {
	l, err := s.store.Notices(ctx, a.ID, PageSize, (max(page, 1)-1)*PageSize)
	if err != nil {
		return nil, err
	}
	p := &Page{Total: l.Total, Unread: l.Unread, Mail: s.cfg.Mailer != nil, Messages: make([]*Message, 0, len(l.Notices))}
	for _, v := range l.Notices {
		p.Messages = append(p.Messages, s.render(v))
	}
	if p.Email, err = s.store.NoticeEmail(ctx, a.ID); err != nil {
		return nil, err
	}
	return p, nil
}

// Unread returns how many unread notices account a has (0 for nil or the
// admin token, which is no account).
func (s *Service) Unread(ctx context.Context, a *drafts.Account) (int, error) {
	if a == nil || a.ID == 0 {
		return 0, nil
	}
	return s.store.UnreadNotices(ctx, a.ID)
}

// MarkRead marks account a's notices up to id upTo (0: all) as read and
// returns how many it marked.
func (s *Service) MarkRead(ctx context.Context, a *drafts.Account, upTo int64) (int, error) {
	return s.store.MarkNoticesRead(ctx, a.ID, upTo)
}

// SetEmail sets the address account a's notices are e-mailed to ("":
// none). EINVALID for an address that is not one, or for the admin
// token, which is no account.
func (s *Service) SetEmail(ctx context.Context, a *drafts.Account, email string) (string, error) {
	if a == nil || a.ID == 0 {
		return "", drafts.Errorf(drafts.EINVALID, "管理令牌不是用户账号，不能设置通知邮箱。")
	}
	email, err := CheckEmail(email)
	if err != nil {
		return "", err
	}
	return email, s.store.SetNoticeEmail(ctx, a.Name, a.ID, email)
}
