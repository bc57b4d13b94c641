package consultations

import (
	"fmt"
	"net/url"

	"lifa/drafts"
)

// ReadBlankMeetingForm is the empty meeting form with ?rows= rows (the
// link to more rows; MeetingFormRows when absent). EINVALID naming rows
// outside 1 to MaxMeetingFormRows.
func ReadBlankMeetingForm(q url.Values) (MeetingForm, error) {
	rows, err := drafts.IntParam("rows", q.Get("rows"), 1, MaxMeetingFormRows)
	if err != nil {
		return MeetingForm{}, err
	}
	return BlankMeetingForm(int(rows)), nil
}

// ParseDashboardQuery reads the dashboard's ?consultation= (the
// consultation a notice links to) for meeting form f: a refused form
// proposes the consultation it was sent for. The page is the caller's.
// EINVALID naming consultation for a value that is not a positive integer.
func ParseDashboardQuery(q url.Values, f MeetingForm) (DashboardQuery, error) {
	want, err := drafts.IntParam("consultation", q.Get("consultation"), 1, 1<<53)
	if err != nil {
		return DashboardQuery{}, err
	}
	if f.ConsultationID != 0 {
		want = f.ConsultationID
	}
	return DashboardQuery{Consultation: want}, nil
}

// MeetingReceipt is what a submitted meeting answers (POST
// /api/v1/meetings): the meeting, how many opinions it carried and their
// receipts.
type MeetingReceipt struct {
	Meeting  *drafts.Meeting `json:"meeting"`
	Opinions int             `json:"opinions"`
	Receipts []string        `json:"receipts"`
}

// ReceiptOf is the receipt of meeting m submitted with opinions ops
// (SubmitMeeting).
func ReceiptOf(m *drafts.Meeting, ops []*drafts.Opinion) MeetingReceipt {
	r := MeetingReceipt{Meeting: m, Opinions: len(ops), Receipts: make([]string, len(ops))}
	for i, o := range ops {
		r.Receipts[i] = o.Receipt
	}
	return r
}

// String says what was submitted, for the dashboard.
func (r MeetingReceipt) String() string {
	return fmt.Sprintf("已提交座谈会意见 %d 条（%s，%s）。", r.Opinions, r.Meeting.Date, r.Meeting.Place)
}
