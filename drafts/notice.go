package drafts

import "time"

// NoticeKind says what a notice (通知) tells its reader.
type NoticeKind string

// The kinds of notice.
const (
	// NoticeAddressed: a consultation was addressed to the reader's
	// contact point, or to members (向您征求意见).
	NoticeAddressed NoticeKind = "addressed"
	// NoticeReminder: a consultation that asks the reader closes within
	// ReminderBefore (征求意见即将截止).
	NoticeReminder NoticeKind = "reminder"
)

// ReminderBefore is how long before a consultation closes its addressees
// are reminded of it.
const ReminderBefore = 3 * 24 * time.Hour

// Notice is one notice to one account about one consultation. Key tells
// notices of the same kind apart: a reminder's is the closing time it
// reminds of, so a consultation extended after its reminder is reminded of
// again. MailState says what became of its e-mail: MailNone (none to
// send), MailPending, MailSent or MailFailed.
type Notice struct {
	ID             int64      `json:"id"`
	AccountID      int64      `json:"account_id"`
	Kind           NoticeKind `json:"kind"`
	ConsultationID int64      `json:"consultation_id"`
	Key            string     `json:"-"`
	CreatedAt      time.Time  `json:"created_at"`
	ReadAt         *time.Time `json:"read_at,omitempty"`
	MailTo         string     `json:"-"`
	MailState      string     `json:"mail_state,omitempty"`
}

// The e-mail states of a notice.
const (
	MailNone    = ""
	MailPending = "pending"
	MailSent    = "sent"
	MailFailed  = "failed"
)
