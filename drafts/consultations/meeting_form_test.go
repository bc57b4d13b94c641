package consultations_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/consultations"
)

// TestReadMeetingForm checks that the meeting form is read as typed: the
// meeting's fields, the rows up to the last one used (at least the
// form's first rows), a blank row kept in its place.
func TestReadMeetingForm(t *testing.T) {
	form := url.Values{"consultation_id": {"7"}, "date": {"2026-12-01"}, "place": {"会议室"}, "participants": {" 12 "},
		"note": {"备注"}, "article_2": {"第三条"}, "text_2": {"建议。"}, "text_8": {"第八行。"}, "name_8": {"李四"}}
	in, f := consultations.ReadMeetingForm(form)
	if in.ConsultationID != 7 || in.Participants != 12 || in.Place != "会议室" || in.Note != "备注" || f.Participants != " 12 " {
		t.Errorf("meeting %+v, form %+v", in, f)
	}
	if len(f.Rows) != 8 || len(in.Rows) != 8 || !f.Rows[0].Blank() || f.Rows[1].Article != "第三条" || f.Rows[7].Name != "李四" || f.Rows[7].Row != 8 {
		t.Errorf("rows %+v", f.Rows)
	}
	if _, f := consultations.ReadMeetingForm(url.Values{"text_1": {"x"}}); len(f.Rows) != consultations.MeetingFormRows {
		t.Errorf("%d rows, want the form's first %d", len(f.Rows), consultations.MeetingFormRows)
	}
}

func TestMeetingForm_Offer(t *testing.T) {
	f := consultations.BlankMeetingForm(2)
	if len(f.Rows) != consultations.MeetingFormRows || f.Rows[4].Row != 5 {
		t.Fatalf("blank form rows %+v", f.Rows)
	}
	f.Offer(9)
	if f.MoreRows != "/dashboard?consultation=9&rows=10#meeting-h" || f.MaxRows != consultations.MaxMeetingFormRows {
		t.Errorf("more rows %q, max %d", f.MoreRows, f.MaxRows)
	}
	f = consultations.BlankMeetingForm(consultations.MaxMeetingFormRows)
	if f.Offer(9); !strings.HasSuffix(f.MoreRows, "rows=200#meeting-h") {
		t.Errorf("more rows than the most: %q", f.MoreRows)
	}
	if got := f.Fields(); len(got) != 3 || got[0].Name != "date" || got[0].Problem != "" {
		t.Errorf("fields %+v", got)
	}
}

func TestReadBatchFile(t *testing.T) {
	ops, probs, err := consultations.ReadBatchFile("座谈会.csv", strings.NewReader("条文,意见,姓名\n第二条,建议。,李四\n"))
	if err != nil || len(ops) != 1 || len(probs) != 0 || ops[0].Article != 2 {
		t.Errorf("ReadBatchFile = %+v, %v, %v", ops, probs, err)
	}
	big := bytes.Repeat([]byte("a"), consultations.MaxBatchFile+1)
	if _, _, err := consultations.ReadBatchFile("座谈会.csv", bytes.NewReader(big)); drafts.ErrorCode(err) != drafts.ETOOLARGE {
		t.Errorf("a file over the limit: %v", err)
	}
}

func TestMeetingTemplate(t *testing.T) {
	for _, xlsx := range []bool{false, true} {
		name, ctype, data, err := consultations.MeetingTemplate(xlsx)
		if err != nil || !strings.HasPrefix(name, "座谈会意见模板.") || ctype == "" || len(data) == 0 {
			t.Errorf("template (xlsx %v): %q %q %d bytes, %v", xlsx, name, ctype, len(data), err)
		}
		// Its columns are the upload's: empty, it is read as a file without opinions.
		if _, _, err := consultations.ReadBatch(name, data); !strings.Contains(drafts.ErrorMessage(err), "没有意见") {
			t.Errorf("the template (xlsx %v) read back: %v", xlsx, err)
		}
	}
}
