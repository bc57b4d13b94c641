package amend

import (
	"strings"

	"lifa/drafts"
)

// DocumentText writes doc as Markdown in the layout of the corpus (and of
// what Parse reads best): # title, the 题注 lines, ## 第一章 总则 headings,
// 第一条　… with each paragraph on a line of its own and items on the lines
// after their paragraph, then the attachments. It sets the Line and
// EndLine of every heading, article, paragraph and item to where they are
// in the text, so that the document and the text agree.
func DocumentText(doc *drafts.Document) string {
	var b strings.Builder
	line := 0
	put := func(s string) int {
		b.WriteString(s)
		b.WriteByte('\n')
		line++
		return line
	}
	blank := func() { put("") }
	put("# " + doc.Title)
	blank()
	for _, p := range doc.Preamble {
		put(p)
		blank()
	}
	put("<!-- INFO END -->")
	blank()
	// Headings before the first article they hold.
	before := map[int][]*drafts.Division{}
	depth := map[*drafts.Division]int{}
	var empty []*drafts.Division
	var walk func(ds []*drafts.Division, d int)
	walk = func(ds []*drafts.Division, d int) {
		for _, x := range ds {
			depth[x] = d
			if f := firstArticle(x); f >= 0 {
				before[f] = append(before[f], x)
			} else {
				empty = append(empty, x)
			}
			walk(x.Children, d+1)
		}
	}
	walk(doc.Chapters, 0)
	heading := func(d *drafts.Division) {
		t := strings.TrimSpace(d.Label + " " + d.Title)
		d.Line = put(strings.Repeat("#", 2+depth[d]) + " " + t)
		blank()
	}
	for i, a := range doc.Articles {
		for _, d := range before[i] {
			heading(d)
		}
		a.Line = line + 1
		first := true
		for k := range a.Paragraphs {
			p := &a.Paragraphs[k]
			lead := p.Text
			if first {
				lead = a.Label + "　" + lead
				first = false
			}
			if p.Text != "" || k == 0 {
				p.Line = put(lead)
			} else {
				p.Line = line + 1
			}
			for j := range p.Items {
				it := &p.Items[j]
				it.Line = put(it.Label + it.Text)
				writeSubItems(it, put)
				it.EndLine = line
			}
			p.EndLine = line
			blank()
		}
		if len(a.Paragraphs) == 0 {
			put(a.Label)
			blank()
		}
		a.EndLine = line - 1
	}
	for _, d := range empty {
		heading(d)
	}
	for k := range doc.Blocks {
		bl := &doc.Blocks[k]
		bl.Line = put(bl.Title)
		for l := range strings.SplitSeq(bl.Text, "\n") {
			if l != "" {
				put(l)
			}
		}
		bl.EndLine = line
		blank()
	}
	return b.String()
}

func writeSubItems(it *drafts.Item, put func(string) int) {
	for k := range it.SubItems {
		si := &it.SubItems[k]
		si.Line = put(si.Label + si.Text)
		writeSubItems(si, put)
		si.EndLine = si.Line
		if n := len(si.SubItems); n > 0 {
			si.EndLine = si.SubItems[n-1].EndLine
		}
	}
}

// firstArticle returns the first article d or its children hold, or -1.
func firstArticle(d *drafts.Division) int {
	if d.FirstArticle >= 0 {
		return d.FirstArticle
	}
	for _, c := range d.Children {
		if f := firstArticle(c); f >= 0 {
			return f
		}
	}
	return -1
}
