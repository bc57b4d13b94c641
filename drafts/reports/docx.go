package reports

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/cnum"
	"lifa/drafts/diff"
	"lifa/drafts/docx"
)

// Docx returns the report as a Word document in the layout of official
// documents (公文, GB/T 9704: A4, 三号 仿宋 body on 22 lines of 28
// characters, page numbers): the title in 二号 小标宋, the occasion under
// it in 楷体, each section headed 一、二、… in 黑体 with its text, the
// closing, the signature and date; with Annex set and cmp given, the
// changed articles of the 对照表 (annexTitle) on landscape pages after it.
func (c *Content) Docx(cmp *diff.Comparison, annexTitle string) *docx.Document {
	d := docx.New()
	d.Official = true
	d.Title = c.Title
	title(d, c.Title)
	if c.Occasion != "" {
		d.Paragraph(docx.Paragraph{Align: docx.Center, Runs: []docx.Run{{Text: c.Occasion, Font: docx.FontKai}}})
	}
	d.Paragraph(docx.Paragraph{})
	if c.Salutation != "" {
		d.Paragraph(docx.Paragraph{Runs: []docx.Run{docx.Plain(c.Salutation)}})
	}
	lines(d, c.Opening, "")
	for i, s := range c.Sections {
		d.Paragraph(docx.Paragraph{Indent: true, KeepNext: true, Runs: []docx.Run{{Text: cnum.Format(i+1) + "、" + s.Heading, Font: docx.FontHei}}})
		lines(d, s.Text, s.Conclusion)
	}
	lines(d, c.Closing, "")
	annex := c.Annex && cmp != nil
	if annex {
		d.Paragraph(docx.Paragraph{})
		d.Text("附件：" + annexTitle)
	}
	signOff(d, c.Signature, c.Date)
	if annex {
		d.NewSection(true)
		d.Paragraph(docx.Paragraph{Runs: []docx.Run{{Text: "附件", Font: docx.FontHei}}})
		title(d, annexTitle)
		cmp.AppendDocx(d, diff.DocxOptions{Changed: true})
	}
	return d
}

// titleLine is how many characters of a title fit on one line (二号 on
// the 156 mm of an official page's text).
const titleLine = 21

// title adds a document's title, broken as official documents break a
// long one: before 修改情况的汇报, 审议结果的报告 or 的反馈 rather than
// wherever the line is full.
func title(d *docx.Document, s string) {
	if utf8.RuneCountInString(s) > titleLine {
		for _, tail := range []string{drafts.ReportChanges.Label(), drafts.ReportResult.Label(), "征求意见采纳情况的反馈", "修改前后对照表"} {
			if strings.HasSuffix(s, tail) && utf8.RuneCountInString(s)-utf8.RuneCountInString(tail) <= titleLine {
				s = strings.TrimSuffix(s, tail) + "\n" + tail
				break
			}
		}
	}
	d.Paragraph(docx.Paragraph{Style: "Title", Align: docx.Center, Runs: []docx.Run{docx.Plain(s)}})
}

// lineChars is how many characters of 三号 fit on a line of an official
// page.
const lineChars = 28

// signOff adds the signature and the date as GB/T 9704 places them under
// a document without a seal: a blank line, the signature 右空二字, the date
// on the next line starting two characters right of the signature's
// first (and the signature moved left when the date is the longer).
func signOff(d *docx.Document, signature, date string) {
	if signature == "" && date == "" {
		return
	}
	d.Paragraph(docx.Paragraph{})
	sw, dw := chars(signature), chars(date)
	right := 2
	if signature == "" {
		sw = dw + 2
	} else if dw > sw-2 {
		right += dw - (sw - 2)
	}
	if signature != "" {
		d.Paragraph(docx.Paragraph{Align: docx.Right, Right: right, Runs: []docx.Run{docx.Plain(signature)}})
	}
	if date != "" {
		d.Paragraph(docx.Paragraph{Left: max(lineChars-right-sw+2, 0), Runs: []docx.Run{docx.Plain(date)}})
	}
}

// chars is the width of s in characters of the body's size, rounded up:
// ASCII digits and letters are half as wide.
func chars(s string) int {
	half := 0
	for _, r := range s {
		if r < 0x80 {
			half++
		} else {
			half += 2
		}
	}
	return (half + 1) / 2
}

// lines adds text as body paragraphs, one per line, with then appended to
// the last (or alone when text is empty).
func lines(d *docx.Document, text, then string) {
	var ps []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			ps = append(ps, l)
		}
	}
	if then = strings.TrimSpace(then); then != "" {
		if len(ps) == 0 {
			ps = []string{then}
		} else {
			ps[len(ps)-1] += then
		}
	}
	for _, p := range ps {
		d.Text(p)
	}
}

// Docx returns revision seq of report id as a .docx file and its name:
// seq 0 is the final revision, or the latest when none is final.
// ENOTFOUND for an unknown report or revision.
func (s *Service) Docx(ctx context.Context, id int64, seq int) (string, []byte, error) {
	r, err := s.store.Report(ctx, id)
	if err != nil {
		return "", nil, err
	}
	if seq == 0 {
		seq = r.FinalSeq
	}
	rep, err := s.Open(ctx, id, seq)
	if err != nil {
		return "", nil, err
	}
	n := namesOf(rep.Regulation, rep.To)
	d := rep.Content.Docx(rep.Comparison, "《"+n.Doc+"》修改前后对照表")
	final := ""
	if rep.Revision.Seq == rep.FinalSeq {
		final = "（定稿）"
	}
	name := fmt.Sprintf("%s-%s-第%d稿%s.docx", rep.Regulation.Title, rep.Kind.Label(), rep.Revision.Seq, final)
	return name, d.Bytes(), nil
}

// Docx returns the letter as a Word document in the layout of official
// documents: the title, the contact point addressed, the opening, one
// table per meeting (and one for the other opinions) with the article,
// the opinion, the answer and its reason and where the change landed,
// the closing, the signature and the date.
func (l *Letter) Docx() *docx.Document {
	d := docx.New()
	d.Official = true
	d.Title = l.Title
	title(d, l.Title)
	d.Paragraph(docx.Paragraph{})
	head, rest, _ := strings.Cut(l.Opening, "\n")
	d.Paragraph(docx.Paragraph{Runs: []docx.Run{docx.Plain(head)}})
	lines(d, rest, "")
	n := 0
	table := func(title string, items []LetterItem) {
		n++
		d.Paragraph(docx.Paragraph{Indent: true, KeepNext: true, Runs: []docx.Run{{Text: cnum.Format(n) + "、" + title, Font: docx.FontHei}}})
		rows := make([][]docx.Cell, len(items))
		for i, it := range items {
			rows[i] = []docx.Cell{
				{Paragraphs: []docx.Paragraph{{Align: docx.Center, Runs: []docx.Run{docx.Plain(strconv.Itoa(i + 1))}}}},
				docx.TextCell(docx.Plain(it.Article)),
				docx.TextCell(docx.Plain(it.Text)),
				{Paragraphs: []docx.Paragraph{{Runs: []docx.Run{docx.Bold(it.Answer())}}, {Runs: []docx.Run{docx.Plain(it.Why())}}}},
				docx.TextCell(docx.Plain(it.Landing.where())),
			}
		}
		d.Table(docx.Table{Widths: []int{3, 5, 10, 8, 9}, Header: []string{"序号", "条文", "意见", "处理情况", "修改稿中的体现"}, Rows: rows, KeepRows: true})
	}
	for _, m := range l.Meetings {
		table(fmt.Sprintf("%s座谈会（%s，%d人参加）", dateOr(m.Date), m.Place, m.Participants), m.Items)
	}
	if len(l.Items) > 0 {
		table("其他意见", l.Items)
	}
	lines(d, l.Closing, "")
	signOff(d, l.Signature, l.Date)
	return d
}

// Filename names the letter's .docx: 广州市湿地保护规定（修订）-海珠区联系点-意见采纳情况反馈.docx.
func (l *Letter) Filename() string {
	return l.Regulation.Title + "-" + l.ContactPoint.Name + "-意见采纳情况反馈.docx"
}
