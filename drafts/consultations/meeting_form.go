package consultations

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"lifa/drafts"
	"lifa/drafts/parse"
)

// Rows of the meeting form: shown at first, added at a time without
// JavaScript, and the most a form may carry.
const (
	MeetingFormRows    = 5
	moreMeetingRows    = 5
	MaxMeetingFormRows = 200
)

// MaxBatchFile bounds a meeting's CSV or Excel file of opinions.
const MaxBatchFile = 10 << 20

// MeetingForm is the dashboard's meeting form as shown: empty, or as it
// was sent when it was refused, with what is wrong.
type MeetingForm struct {
	ConsultationID                  int64
	Date, Place, Participants, Note string
	Rows                            []MeetingRow
	// MoreRows links to the form with more rows (for browsers without
	// JavaScript, which adds them in place): see Offer.
	MoreRows string
	// File is the name of the file that was sent (it must be chosen
	// again: a browser never fills in a file field).
	File     string
	Problems *MeetingProblems
	MaxRows  int
}

// MeetingField is one of the meeting's own fields in the form.
type MeetingField struct {
	Name, Label, Value, Problem string
}

// Fields returns the meeting's fields with their values and problems.
func (f MeetingForm) Fields() []MeetingField {
	return []MeetingField{
		{"date", "座谈会日期", f.Date, f.Problems.Field("date")},
		{"place", "地点", f.Place, f.Problems.Field("place")},
		{"participants", "参加人数", f.Participants, f.Problems.Field("participants")},
	}
}

// BlankMeetingForm returns the empty form with n rows (at least
// MeetingFormRows; the caller bounds n by MaxMeetingFormRows).
func BlankMeetingForm(n int) MeetingForm {
	rows := make([]MeetingRow, max(n, MeetingFormRows))
	for i := range rows {
		rows[i].Row = i + 1
	}
	return MeetingForm{Rows: rows}
}

// Offer completes form f as the dashboard offers it for consultation
// selected: the bound on rows and the link to more rows.
func (f *MeetingForm) Offer(selected int64) {
	f.MaxRows = MaxMeetingFormRows
	f.MoreRows = fmt.Sprintf("/dashboard?consultation=%d&rows=%d#meeting-h", selected, min(len(f.Rows)+moreMeetingRows, MaxMeetingFormRows))
}

// ReadMeetingForm reads the meeting form's fields (without its file): the
// meeting to submit, and the form as typed to show it again, its rows
// (article_N, text_N, name_N) up to the last one used.
func ReadMeetingForm(form url.Values) (Meeting, MeetingForm) {
	f := MeetingForm{Date: form.Get("date"), Place: form.Get("place"), Participants: form.Get("participants"),
		Note: form.Get("note")}
	f.ConsultationID, _ = strconv.ParseInt(form.Get("consultation_id"), 10, 64)
	in := Meeting{ConsultationID: f.ConsultationID, Date: f.Date, Place: f.Place, Note: f.Note}
	in.Participants, _ = strconv.Atoi(strings.TrimSpace(f.Participants))
	last := 0
	for i := 1; i <= MaxMeetingFormRows; i++ {
		n := strconv.Itoa(i)
		r := MeetingRow{Row: i, Article: form.Get("article_" + n), Text: form.Get("text_" + n), Name: form.Get("name_" + n)}
		f.Rows = append(f.Rows, r)
		if !r.Blank() {
			last = i
		}
	}
	f.Rows = f.Rows[:max(last, MeetingFormRows)]
	in.Rows = f.Rows
	return in, f
}

// ReadBatchFile reads the opinions of a meeting from the CSV or Excel
// file filename (ReadBatch); ETOOLARGE over MaxBatchFile.
func ReadBatchFile(filename string, r io.Reader) ([]MeetingOpinion, []parse.BatchProblem, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBatchFile+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > MaxBatchFile {
		// Cut short, a CSV would have been read in part without a word.
		return nil, nil, drafts.Errorf(drafts.ETOOLARGE, "意见文件最大 %d MB。", MaxBatchFile>>20)
	}
	return ReadBatch(filename, data)
}

// MeetingTemplate returns the file to fill in with a meeting's opinions,
// with the columns the upload reads, as CSV or, with xlsx, as Excel: its
// name, content type and bytes.
func MeetingTemplate(xlsx bool) (name, contentType string, data []byte, err error) {
	if xlsx {
		data, err = parse.BatchTemplateXLSX()
		return "座谈会意见模板.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, err
	}
	return "座谈会意见模板.csv", "text/csv; charset=utf-8", parse.BatchTemplateCSV(), nil
}
