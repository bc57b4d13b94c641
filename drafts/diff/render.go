package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"lifa/drafts/docx"
)

// labels joins the labels of refs with 、.
func labels(rs []Ref) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = r.Label
	}
	return strings.Join(s, "、")
}

// Detail is the Note of a change when it says more than the kind's label
// (第三条改为第四条，并作修改), "" when it would repeat it (修改, 新增): for
// renderings that show both side by side.
func (c *Change) Detail() string {
	if n := c.Note(); n != c.Kind.Label() {
		return n
	}
	return ""
}

// Note is the 说明 of a change, as a drafter would write it in the third
// column of a 修改前后对照表: 新增, 删除, 第三条改为两条（第三条、第四条）….
func (c *Change) Note() string {
	o, n := labels(c.Old), labels(c.New)
	renum := len(c.Old) == 1 && len(c.New) == 1 && c.Old[0].Label != c.New[0].Label
	switch c.Kind {
	case Unchanged:
		return "未修改"
	case Renumbered:
		s := ""
		if renum {
			s = o + "改为" + n
		}
		if c.RefsRenumbered {
			if s != "" {
				s += "，"
			}
			s += "引用的条文序号相应调整"
		}
		if s == "" {
			s = "未修改"
		}
		return s
	case Modified:
		if renum {
			return o + "改为" + n + "，并作修改"
		}
		return "修改"
	case Added:
		return "新增"
	case Deleted:
		return "删除"
	case Moved:
		s := o + "移至" + n
		if c.Similarity < 1 {
			s += "，并作修改"
		}
		return s
	case Split:
		return fmt.Sprintf("%s拆分为%s", o, n)
	case Merged:
		if len(c.New) > 1 {
			// Several old articles became several new ones (the
			// text of some went into more than one).
			return fmt.Sprintf("%s调整为%s", o, n)
		}
		return fmt.Sprintf("%s合并为%s", o, n)
	}
	return ""
}

// oldSide and newSide return the diff ops seen from one side: equal and
// deleted text for the old side, equal and inserted for the new.
func (c *Change) sideOps(old bool) []Op {
	var out []Op
	for _, op := range c.Diff {
		if op.Op == OpEqual || (old && op.Op == OpDelete) || (!old && op.Op == OpInsert) {
			out = append(out, op)
		}
	}
	return out
}

// Summary is the counts of a comparison as one line: 未修改 2 · 修改 35 ….
func (c *Comparison) Summary() string {
	var parts []string
	for _, k := range Kinds {
		parts = append(parts, fmt.Sprintf("%s %d", k.Label(), c.Stats.Count(k)))
	}
	return strings.Join(parts, " · ")
}

// DivisionNotes describes the chapter and section headings that were
// added, deleted, renamed or renumbered, one line each.
func (c *Comparison) DivisionNotes() []string {
	var out []string
	for _, d := range c.Divisions {
		switch d.Kind {
		case "added":
			out = append(out, fmt.Sprintf("新增 %s %s", d.New.Label, d.New.Title))
		case "deleted":
			out = append(out, fmt.Sprintf("删除 %s %s", d.Old.Label, d.Old.Title))
		case "renamed":
			out = append(out, fmt.Sprintf("%s %s 改为 %s %s", d.Old.Label, d.Old.Title, d.New.Label, d.New.Title))
		case "renumbered":
			out = append(out, fmt.Sprintf("%s %s 改为 %s", d.Old.Label, d.Old.Title, d.New.Label))
		}
	}
	return out
}

// TextOptions tune WriteText.
type TextOptions struct {
	// All lists unchanged and merely renumbered articles too (one line
	// each); by default they are counted but not listed.
	All bool
}

// WriteText writes the comparison for a terminal: a summary, then each
// change with its diff inline, deletions as [-…-] and insertions as {+…+}.
func (c *Comparison) WriteText(w io.Writer, opt TextOptions) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "对照表：%s（%d 条）→ %s（%d 条）\n", c.Old.Title, c.Old.Articles, c.New.Title, c.New.Articles)
	fmt.Fprintln(bw, c.Summary())
	if c.Coarse {
		fmt.Fprintln(bw, "注意：部分文字差异超出时间限制，按整句显示。")
	}
	if dn := c.DivisionNotes(); len(dn) > 0 {
		fmt.Fprintln(bw, "章节变化：")
		for _, s := range dn {
			fmt.Fprintln(bw, "  "+s)
		}
	}
	for i := range c.Changes {
		ch := &c.Changes[i]
		if !ch.Changed() && !opt.All {
			continue
		}
		head := labels(ch.New)
		if len(ch.New) == 0 {
			head = labels(ch.Old)
		} else if len(ch.Old) > 0 && labels(ch.Old) != head {
			head = labels(ch.Old) + " → " + head
		}
		if d := ch.Detail(); d != "" {
			head += "　" + d
		}
		fmt.Fprintf(bw, "\n【%s】%s\n", ch.Kind.Label(), head)
		if !ch.Changed() {
			continue
		}
		var sb strings.Builder
		for _, op := range ch.Diff {
			switch op.Op {
			case OpEqual:
				sb.WriteString(op.Text)
			case OpInsert:
				sb.WriteString("{+" + op.Text + "+}")
			case OpDelete:
				sb.WriteString("[-" + op.Text + "-]")
			}
		}
		for _, line := range strings.Split(sb.String(), "\n") {
			fmt.Fprintln(bw, "  "+line)
		}
	}
	return bw.Flush()
}

// DocxOptions tune WriteDocx.
type DocxOptions struct {
	// Title heads the document; default 《新标题》修改前后对照表.
	Title string
	// Subtitle, when set, is a line under the title (the readings
	// compared).
	Subtitle string
	// Changed lists only changed articles (no unchanged rows).
	Changed bool
}

// Docx returns the comparison as a Word document: a landscape A4 table
// 修改前 | 修改后 | 说明, deletions struck through on the left, insertions
// bold and underlined on the right, the header row repeated on each page.
func (c *Comparison) Docx(opt DocxOptions) *docx.Document {
	d := docx.New()
	d.Landscape = true
	title := opt.Title
	if title == "" {
		title = "《" + c.New.Title + "》修改前后对照表"
		if c.New.Title == "" {
			title = "修改前后对照表"
		}
	}
	d.Title = title
	d.Heading(0, title)
	if opt.Subtitle != "" {
		d.Paragraph(docx.Paragraph{Align: docx.Center, Runs: []docx.Run{{Text: opt.Subtitle, Size: 24}}})
	}
	c.AppendDocx(d, opt)
	return d
}

// AppendDocx adds the comparison's summary, legend, chapter notes and
// table to d (Docx without its title and page layout), e.g. as the annex
// of a report.
func (c *Comparison) AppendDocx(d *docx.Document, opt DocxOptions) {
	d.Paragraph(docx.Paragraph{Align: docx.Center, Runs: []docx.Run{{Text: c.Summary(), Size: 21}}})
	legend := []docx.Run{{Text: "说明：", Size: 21}, {Text: "删除的文字", Strike: true, Size: 21}, {Text: "以删除线标示，", Size: 21},
		{Text: "新增的文字", Bold: true, Underline: true, Size: 21}, {Text: "以加粗下划线标示。", Size: 21}}
	d.Paragraph(docx.Paragraph{Align: docx.Center, Runs: legend})
	for _, s := range c.DivisionNotes() {
		d.Paragraph(docx.Paragraph{Runs: []docx.Run{{Text: "章节：" + s, Size: 21}}})
	}
	var rows [][]docx.Cell
	lastPath := ""
	for i := range c.Changes {
		ch := &c.Changes[i]
		if opt.Changed && !ch.Changed() {
			continue
		}
		if len(ch.New) > 0 {
			if p := strings.Join(ch.New[0].Path, " "); p != "" && p != lastPath {
				rows = append(rows, []docx.Cell{{Span: 3, Shade: "F2F2F2", Paragraphs: []docx.Paragraph{{Align: docx.Center, Runs: []docx.Run{docx.Bold(p)}}}}})
				lastPath = p
			}
		}
		rows = append(rows, []docx.Cell{
			sideCell(ch, true), sideCell(ch, false), docx.TextCell(docx.Plain(ch.Note())),
		})
	}
	d.Table(docx.Table{Widths: []int{10, 10, 3}, Header: []string{"修改前", "修改后", "说明"}, Rows: rows})
}

// sideCell is one side of a change as a table cell: each article starts
// with its label in bold, each paragraph (款, 项) is a paragraph; the diff
// spans are styled.
func sideCell(ch *Change, old bool) docx.Cell {
	refs, segs := ch.Side(old)
	if len(refs) == 0 {
		return docx.Cell{}
	}
	var paras []docx.Paragraph
	for k, ops := range segs {
		cur := docx.Paragraph{Runs: []docx.Run{docx.Bold(refs[k].Label + "　")}}
		for _, op := range ops {
			for li, line := range strings.Split(op.Text, "\n") {
				if li > 0 {
					paras = append(paras, cur)
					cur = docx.Paragraph{Indent: true}
				}
				if line == "" {
					continue
				}
				r := docx.Plain(line)
				switch op.Op {
				case OpInsert:
					r = docx.Ins(line)
				case OpDelete:
					r = docx.Del(line)
				}
				cur.Runs = append(cur.Runs, r)
			}
		}
		paras = append(paras, cur)
	}
	return docx.Cell{Paragraphs: paras}
}

// Side returns the articles of one side of the change (old or new) and,
// for each, the diff ops that fall in its text: equal and deleted spans on
// the old side, equal and inserted ones on the new side.
func (c *Change) Side(old bool) ([]Ref, [][]Op) {
	refs := c.New
	if old {
		refs = c.Old
	}
	segs := make([][]Op, len(refs))
	if len(refs) == 0 {
		return refs, segs
	}
	// The side's text is the articles' texts joined by "\n": cut the
	// ops at those joins.
	k, left := 0, len(refs[0].Text)
	for _, op := range c.sideOps(old) {
		t := op.Text
		for t != "" {
			if left == 0 && k+1 < len(refs) {
				// t starts with the joining "\n".
				t = t[1:]
				k++
				left = len(refs[k].Text)
				continue
			}
			n := min(left, len(t))
			if k == len(refs)-1 {
				n = len(t)
			}
			if n > 0 {
				segs[k] = appendOp(segs[k], Op{Op: op.Op, Text: t[:n]})
			}
			t = t[n:]
			left -= n
		}
	}
	return refs, segs
}

func appendOp(ops []Op, op Op) []Op {
	if n := len(ops); n > 0 && ops[n-1].Op == op.Op {
		ops[n-1].Text += op.Text
		return ops
	}
	return append(ops, op)
}

// WriteDocx writes the comparison as a .docx file (see Docx).
func (c *Comparison) WriteDocx(w io.Writer, opt DocxOptions) error {
	_, err := c.Docx(opt).WriteTo(w)
	return err
}
