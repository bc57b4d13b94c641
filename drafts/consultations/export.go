package consultations

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"lifa/drafts"
	"lifa/drafts/docx"
)

// Export is the summary as a file to download.
type Export struct {
	// Name is the file's name (FileName); Fallback an ASCII name for
	// clients that cannot read it (opinions-12.csv).
	Name, Fallback string
	ContentType    string
	Data           []byte
}

// Export returns the summary as format "csv" or "docx"; EINVALID for any
// other.
func (sm *Summary) Export(format string) (*Export, error) {
	e := &Export{Name: sm.FileName(format), Fallback: fmt.Sprintf("opinions-%d.%s", sm.Version.ID, format)}
	switch format {
	case "csv":
		e.ContentType = "text/csv; charset=utf-8"
		data, err := sm.CSV()
		if err != nil {
			return nil, err
		}
		e.Data = data
	case "docx":
		e.ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		e.Data = sm.Docx()
	default:
		return nil, drafts.Errorf(drafts.EINVALID, "导出格式应为 csv 或 docx。")
	}
	return e, nil
}

// CheckSummaryFormat refuses a format the 意见汇总 is not given in
// (json, csv or docx: EINVALID), before anything is read.
func CheckSummaryFormat(format string) error {
	switch format {
	case "json", "csv", "docx":
		return nil
	}
	return drafts.Errorf(drafts.EINVALID, "format 应为 json、csv 或 docx。")
}

// CSV writes the summary as a spreadsheet: its title, consultations and
// date in the first rows, then one row per article with its
// counts by source and by disposition and its representative opinions
// (drafts.WriteSpreadsheetCSV: a byte-order mark for Excel, no cell taken
// for a formula).
func (sm *Summary) CSV() ([]byte, error) {
	head := []string{"条文", "意见数"}
	for _, src := range drafts.Sources {
		head = append(head, src.Label())
	}
	head = append(head, "待处理")
	for _, d := range drafts.Dispositions {
		head = append(head, string(d))
	}
	head = append(head, "代表性意见")
	// The title lines first, as on the printed summary; a blank row
	// separates them from the table. Every row has the table's width, so
	// that strict readers take the file.
	line := func(text string) []string {
		row := make([]string, len(head))
		row[0] = text
		return row
	}
	recs := [][]string{line(sm.Title())}
	for _, p := range sm.Periods() {
		recs = append(recs, line(p))
	}
	recs = append(recs, line(sm.AsOf()), line(""), head)
	for _, r := range sm.Rows {
		rec := []string{r.Label, strconv.Itoa(r.Total)}
		for _, src := range drafts.Sources {
			rec = append(rec, strconv.Itoa(r.BySource[string(src)]))
		}
		rec = append(rec, strconv.Itoa(r.ByDisposition[""]))
		for _, d := range drafts.Dispositions {
			rec = append(rec, strconv.Itoa(r.ByDisposition[string(d)]))
		}
		texts := make([]string, len(r.Representatives))
		for i, o := range r.Representatives {
			texts[i] = o.Text
		}
		recs = append(recs, append(rec, strings.Join(texts, "\n——\n")))
	}
	var b bytes.Buffer
	if err := drafts.WriteSpreadsheetCSV(&b, recs); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Docx writes the summary as a landscape Word table for the committee
// meeting, headed by its title, consultations and date: per article its
// count and each representative opinion with its answer.
func (sm *Summary) Docx() []byte {
	d := docx.New()
	d.Landscape = true
	d.Title = sm.Title()
	d.Heading(1, sm.Title())
	for _, p := range sm.Periods() {
		d.Paragraph(docx.Paragraph{Align: docx.Center, Runs: []docx.Run{{Text: p, Size: 22}}})
	}
	d.Paragraph(docx.Paragraph{Align: docx.Center, Runs: []docx.Run{{Text: sm.AsOf(), Size: 22}}})
	t := docx.Table{Widths: []int{2, 1, 4, 2, 4}, Header: []string{"条文", "意见数", "意见（每组一条代表性意见）", "处理结果", "理由"}}
	for _, r := range sm.Rows {
		for i, o := range r.Representatives {
			label, count := "", ""
			if i == 0 {
				label, count = r.Label, strconv.Itoa(r.Total)
			}
			t.Rows = append(t.Rows, []docx.Cell{docx.TextCell(docx.Plain(label)), docx.TextCell(docx.Plain(count)),
				docx.TextCell(docx.Plain(o.Text)), docx.TextCell(docx.Plain(o.Disposition.Label())),
				docx.TextCell(docx.Plain(o.Answer))})
		}
	}
	d.Table(t)
	return d.Bytes()
}
