package consultations_test

import (
	"net/url"
	"slices"
	"testing"

	"lifa/drafts"
	"lifa/drafts/consultations"
)

func TestReadBlankMeetingForm(t *testing.T) {
	for query, rows := range map[string]int{"": consultations.MeetingFormRows, "rows=12": 12, "rows=2": consultations.MeetingFormRows} {
		q, _ := url.ParseQuery(query)
		if f, err := consultations.ReadBlankMeetingForm(q); err != nil || len(f.Rows) != rows {
			t.Errorf("%s: %d rows, %v", query, len(f.Rows), err)
		}
	}
	q, _ := url.ParseQuery("rows=201")
	if _, err := consultations.ReadBlankMeetingForm(q); drafts.ErrorMessage(err) != "参数 rows 应为 1 到 200 之间的整数。" {
		t.Errorf("rows=201: %v", err)
	}
}

func TestParseDashboardQuery(t *testing.T) {
	q, _ := url.ParseQuery("consultation=4")
	if dq, err := consultations.ParseDashboardQuery(q, consultations.MeetingForm{}); err != nil || dq.Consultation != 4 {
		t.Errorf("ParseDashboardQuery = %+v, %v", dq, err)
	}
	if dq, err := consultations.ParseDashboardQuery(q, consultations.MeetingForm{ConsultationID: 7}); err != nil || dq.Consultation != 7 {
		t.Errorf("a refused form's consultation: %+v, %v", dq, err)
	}
	q, _ = url.ParseQuery("consultation=0")
	if _, err := consultations.ParseDashboardQuery(q, consultations.MeetingForm{}); drafts.ErrorCode(err) != drafts.EINVALID {
		t.Errorf("consultation=0: %v", err)
	}
}

func TestReceiptOf(t *testing.T) {
	m := &drafts.Meeting{Date: "2026-03-01", Place: "街道会议室"}
	r := consultations.ReceiptOf(m, []*drafts.Opinion{{Receipt: "AAAA"}, {Receipt: "BBBB"}})
	if r.Opinions != 2 || !slices.Equal(r.Receipts, []string{"AAAA", "BBBB"}) || r.String() != "已提交座谈会意见 2 条（2026-03-01，街道会议室）。" {
		t.Errorf("ReceiptOf = %+v, %q", r, r)
	}
}
