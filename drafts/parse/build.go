package parse

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/cnum"
)

// warnf adds a warning at line.
func (b *builder) warnf(line int, format string, args ...any) {
	b.doc.Warnings = append(b.doc.Warnings, drafts.Warning{Line: line, Message: fmt.Sprintf(format, args...)})
}

// levelRank orders division levels, outermost first.
func levelRank(l drafts.DivisionLevel) int {
	switch l {
	case drafts.LevelPart:
		return 0
	case drafts.LevelSubpart:
		return 1
	case drafts.LevelChapter:
		return 2
	}
	return 3
}

// builder builds a Document from classified lines.
type builder struct {
	lines  []line
	hard   bool
	points bool // 一、 lines are articles (texts without 条)
	doc    *drafts.Document

	header   bool // still before the body: title and 题注
	toc      bool // inside a table of contents
	stack    []*drafts.Division
	lastNum  map[drafts.DivisionLevel]int
	art      *drafts.Article
	target   int  // where continuation text goes: 0 paragraph, 1 item, 2 sub-item
	closed   bool // the last text appended ended a sentence
	block    *drafts.Block
	maxChap  int
	sawTitle bool
	unplaced []*line // body text outside any article
	// titleSeen is how much of the title a repetition split over
	// lines has matched so far.
	titleSeen int
	headEnd   int // last line of the last heading
	// depthLevel maps the depth of Markdown headings to the level of
	// the labelled divisions they were used for.
	depthLevel map[int]drafts.DivisionLevel
	pathFor    *drafts.Division // innermost division of pathCache
	pathCache  []string
	blockLines []string      // lines of the open block
	preface    *drafts.Block // the 序言 block being read, before any article
	contDst    *string       // text that continuation lines are being added to
	contParts  []string
	contLen    int                     // bytes in contParts
	breaks     map[unitKey][]lineBreak // where joined lines start
}

// nextIsItem reports whether the next non-blank line after i is item num.
func (b *builder) nextIsItem(i, num int) bool {
	for j := i + 1; j < len(b.lines); j++ {
		switch l := &b.lines[j]; l.kind {
		case kBlank, kPage:
			continue
		case kItem:
			return l.num == num
		default:
			return false
		}
	}
	return false
}

func (b *builder) build(points bool) *drafts.Document {
	b.points = points
	b.doc = &drafts.Document{
		Chapters:   []*drafts.Division{},
		Articles:   []*drafts.Article{},
		References: []drafts.Reference{},
		Warnings:   []drafts.Warning{},
	}
	b.header = true
	b.lastNum = map[drafts.DivisionLevel]int{}
	for i := range b.lines {
		b.line(i)
	}
	b.finishArticle()
	b.finishBlock()
	b.checkDivisions()
	findReferences(b.doc, b.breaks)
	checkReferences(b.doc)
	sortWarnings(b.doc.Warnings)
	return b.doc
}

// line handles lines[i].
func (b *builder) line(i int) {
	l := &b.lines[i]
	if b.block != nil {
		if l.kind == kBlock && len(b.doc.Articles) > 0 {
			b.finishBlock()
			b.startBlock(l)
			return
		}
		if l.text != "" {
			b.blockLines = append(b.blockLines, l.text)
			b.block.EndLine = l.no
		}
		return
	}
	switch l.kind {
	case kBlank, kPage:
		return
	case kInfoEnd:
		b.header = false
		return
	case kTOC:
		if len(b.doc.Articles) == 0 {
			b.toc, b.header = true, false
			return
		}
	case kHeading:
		b.heading(l, l.level, l.num, l.label, l.rest)
		return
	case kArticle:
		if l.tight && !b.expected(l.num, l.sub) {
			break // 第九条对于… is an article only where 第九条 is due
		}
		if !b.points {
			b.startArticle(l, l.num, l.sub, l.label, l.rest)
			return
		}
	case kPoint:
		if b.points && !b.header || b.points && b.sawTitle {
			b.startArticle(l, l.num, 0, l.label, l.rest)
			return
		}
	case kBlock:
		if len(b.doc.Articles) > 0 {
			b.finishArticle()
			b.startBlock(l)
			return
		}
	case kDotNum:
		if b.chapterArtefact(i) {
			b.heading(l, drafts.LevelChapter, l.num, "第"+cnum.Format(l.num)+"章", compact(l.rest))
			return
		}
		if b.art != nil {
			// 1. is a 目 under the last item, except when it goes on
			// numbering the items (a docx artefact for （三）).
			if p := b.para(); len(p.Items) > 0 && !(l.num > 1 && l.num == len(p.Items)+1 && len(p.Items[len(p.Items)-1].SubItems) == 0) {
				b.subItem(l)
			} else {
				b.item(l)
			}
			return
		}
	case kItem:
		if b.art != nil {
			b.item(l)
			return
		}
	case kSubItem:
		if b.art != nil {
			if p := b.para(); len(p.Items) > 0 {
				b.subItem(l)
			} else {
				b.item(l)
			}
			return
		}
	}
	if l.kind == kMDHeading && !b.header && l.text != "" && (b.art != nil || len(b.doc.Chapters) > 0) ||
		l.kind == kText && b.art != nil && len(l.text) <= 24 && compact(l.text) == "附则" {
		// A heading without a label (## 附则): an unnumbered division.
		b.heading(l, b.levelForDepth(l.depth), 0, "", compact(l.text))
		return
	}
	b.text(i, l)
}

// levelForDepth returns the division level used so far for Markdown
// headings of depth #s, or 章.
func (b *builder) levelForDepth(depth int) drafts.DivisionLevel {
	if lv, ok := b.depthLevel[depth]; ok && depth > 0 {
		return lv
	}
	return drafts.LevelChapter
}

// text handles a line of ordinary text.
func (b *builder) text(i int, l *line) {
	if b.header {
		b.headerLine(l)
		return
	}
	if b.art == nil {
		if b.toc {
			return
		}
		if len(b.doc.Articles) == 0 && b.doc.Title != "" && len(b.doc.Chapters) == 0 {
			// The title repeated after the 题注, perhaps over two lines.
			if c := compact(l.text); strings.HasPrefix(b.doc.Title[b.titleSeen:], c) {
				b.titleSeen += len(c)
				if b.titleSeen == len(b.doc.Title) {
					b.titleSeen = 0
				}
				return
			}
		}
		if len(b.doc.Articles) == 0 && len(b.doc.Chapters) > 1 && compact(l.text) == b.doc.Chapters[0].Title {
			// The first heading of the table of contents repeated
			// without its label (总 则): the body starts here.
			d := b.doc.Chapters[0]
			b.heading(l, d.Level, d.Num, d.Label, d.Title)
			return
		}
		if d := b.lastDivision(); d != nil && d.FirstArticle < 0 && len(d.Children) == 0 && b.headEnd >= l.no-2 &&
			utf8.RuneCountInString(l.text) <= 40 && !strings.ContainsAny(l.text, "。；：") {
			d.Title += compact(l.text) // a heading broken over two lines
			b.headEnd = l.no
			return
		}
		if len(b.doc.Articles) == 0 && len(b.doc.Chapters) == 0 && !b.sawTitle {
			b.headerLine(l)
			return
		}
		if len(b.doc.Articles) == 0 && len(b.doc.Chapters) == 0 {
			switch {
			case b.preface != nil:
				b.preface.Text += "\n" + l.text
				b.preface.EndLine = l.no
				return
			case compact(l.text) == "序言" || b.points:
				// 序言 of a basic law, or the lead-in of a decision
				// before its 一、二、: kept as a block.
				b.doc.Blocks = append(b.doc.Blocks, drafts.Block{Title: "序言", Line: l.no, EndLine: l.no})
				b.preface = &b.doc.Blocks[len(b.doc.Blocks)-1]
				if compact(l.text) != "序言" {
					b.preface.Text = l.text
				}
				return
			case len(b.doc.Preamble) > 0 && (strings.HasSuffix(l.text, "）") || strings.HasSuffix(l.text, ")")) &&
				utf8.RuneCountInString(l.text) <= 60:
				// The end of a 题注 broken onto a line of its own.
				b.doc.Preamble = append(b.doc.Preamble, l.text)
				return
			}
		}
		b.warnf(l.no, "无法归入任何条文的文字：%s", clip(l.text, 30))
		b.unplaced = append(b.unplaced, l)
		return
	}
	p := b.para()
	if !b.hard && b.target == 1 && b.nextIsItem(i, p.Items[len(p.Items)-1].Num+1) {
		// A second sentence of an item on its own line, before the next
		// item: （一）…开幕、闭幕；\n…开幕、闭幕；\n（二）…
		it := &p.Items[len(p.Items)-1]
		b.flush()
		it.Text += l.text
		it.EndLine, p.EndLine, b.art.EndLine = l.no, l.no, l.no
		return
	}
	if b.hard && !b.closed {
		// Continuation of a broken line.
		switch b.target {
		case 2, 3:
			it := &p.Items[len(p.Items)-1]
			si := &it.SubItems[len(it.SubItems)-1]
			if b.target == 3 {
				ssi := &si.SubItems[len(si.SubItems)-1]
				b.appendCont(&ssi.Text, l.text, l.no)
				ssi.EndLine = l.no
			}
			if b.target == 2 {
				b.appendCont(&si.Text, l.text, l.no)
			}
			si.EndLine, it.EndLine = l.no, l.no
		case 1:
			it := &p.Items[len(p.Items)-1]
			b.appendCont(&it.Text, l.text, l.no)
			it.EndLine = l.no
		default:
			b.appendCont(&p.Text, l.text, l.no)
		}
		p.EndLine, b.art.EndLine = l.no, l.no
		b.closed = endsSentence(l.text)
		return
	}
	b.flush()
	if p.Text == "" && len(p.Items) == 0 {
		p.Text, p.Line, p.EndLine = l.text, l.no, l.no
	} else {
		b.art.Paragraphs = append(b.art.Paragraphs, drafts.Paragraph{Text: l.text, Line: l.no, EndLine: l.no})
	}
	b.art.EndLine = l.no
	b.target = 0
	b.closed = endsSentence(l.text)
}

// headerLine handles a line before the body: the title, a repeated title,
// or the 题注.
func (b *builder) headerLine(l *line) {
	if !b.sawTitle {
		if l.md || utf8.RuneCountInString(l.text) <= 60 && !strings.HasPrefix(l.text, "（") &&
			!strings.HasPrefix(l.text, "(") && !endsSentence(l.text) {
			b.doc.Title = compactTitle(l.text)
			b.sawTitle = true
			return
		}
	}
	if b.sawTitle && b.doc.Title != "" {
		// The title repeated, perhaps over two lines.
		if c := compactTitle(l.text); strings.HasPrefix(b.doc.Title[b.titleSeen:], c) {
			b.titleSeen += len(c)
			if b.titleSeen == len(b.doc.Title) {
				b.titleSeen = 0
			}
			return
		}
	}
	b.doc.Preamble = append(b.doc.Preamble, l.text)
}

// compactTitle removes blanks inside a title (PDF titles are often spaced
// out: 中华人民共和国 动物防疫法).
func compactTitle(s string) string {
	return compact(s)
}

func clip(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}

// para returns the article's last paragraph, adding an empty one if none.
func (b *builder) para() *drafts.Paragraph {
	a := b.art
	if len(a.Paragraphs) == 0 {
		a.Paragraphs = append(a.Paragraphs, drafts.Paragraph{Line: a.Line, EndLine: a.Line})
	}
	return &a.Paragraphs[len(a.Paragraphs)-1]
}

func (b *builder) item(l *line) {
	b.flush()
	b.foldIntoItem(l.num)
	p := b.para()
	want := 1
	if n := len(p.Items); n > 0 {
		want = p.Items[n-1].Num + 1
	}
	if l.num != want {
		if len(p.Items) == 0 {
			b.warnf(l.no, "项的序号应从（一）开始，这里是%s", l.label)
		} else {
			b.warnf(l.no, "项的序号不连续：%s之后是%s", p.Items[len(p.Items)-1].Label, l.label)
		}
	}
	p.Items = append(p.Items, drafts.Item{Num: l.num, Label: l.label, Text: l.rest, Line: l.no, EndLine: l.no})
	p.EndLine, b.art.EndLine = l.no, l.no
	b.target = 1
	b.closed = endsSentence(l.rest)
}

func (b *builder) subItem(l *line) {
	b.flush()
	p := b.para()
	it := &p.Items[len(p.Items)-1]
	list := &it.SubItems
	b.target = 2
	// A 目 styled differently from the first 目 of the item (（1） under
	// 1.) is one level deeper.
	if n := len(it.SubItems); n > 0 && parenLabel(l.label) != parenLabel(it.SubItems[0].Label) {
		list = &it.SubItems[n-1].SubItems
		b.target = 3
	}
	want := 1
	if n := len(*list); n > 0 {
		want = (*list)[n-1].Num + 1
	}
	if l.num != want {
		if len(*list) == 0 {
			b.warnf(l.no, "目的序号应从 1 开始，这里是%s", l.label)
		} else {
			b.warnf(l.no, "目的序号不连续：%s之后是%s", (*list)[len(*list)-1].Label, l.label)
		}
	}
	*list = append(*list, drafts.Item{Num: l.num, Label: l.label, Text: l.rest, Line: l.no, EndLine: l.no})
	if b.target == 3 {
		it.SubItems[len(it.SubItems)-1].EndLine = l.no
	}
	it.EndLine, p.EndLine, b.art.EndLine = l.no, l.no, l.no
	b.closed = endsSentence(l.rest)
}

// parenLabel reports whether an item label is in parentheses: （1）.
func parenLabel(label string) bool {
	return strings.HasPrefix(label, "（") || strings.HasPrefix(label, "(")
}

// chapterArtefact reports whether the dot-numbered line i is a chapter
// heading that lost its label in a docx conversion (2.  发展与保障): short,
// no sentence punctuation, numbered as the next chapter, and followed by
// an article or a section.
func (b *builder) chapterArtefact(i int) bool {
	l := &b.lines[i]
	if b.maxChap == 0 || l.num != b.maxChap+1 || l.rest == "" || utf8.RuneCountInString(l.rest) > 20 ||
		strings.ContainsAny(l.rest, "。，；：,;:、") {
		return false
	}
	for j := i + 1; j < len(b.lines); j++ {
		switch b.lines[j].kind {
		case kBlank:
			continue
		case kArticle, kHeading:
			return true
		}
		return false
	}
	return false
}

// heading opens a 编, 章 or 节.
func (b *builder) heading(l *line, level drafts.DivisionLevel, num int, label, title string) {
	b.header = false
	b.preface = nil
	if len(b.doc.Articles) == 0 && b.art == nil && b.repeatsTOC(level, num, title) {
		// Everything so far was a table of contents.
		b.doc.Chapters = b.doc.Chapters[:0]
		b.stack = b.stack[:0]
		b.lastNum = map[drafts.DivisionLevel]int{}
		b.maxChap = 0
	}
	b.toc = false
	b.finishArticle()
	d := &drafts.Division{Level: level, Num: num, Label: label, Title: title, Line: l.no, FirstArticle: -1, LastArticle: -1}
	rank := levelRank(level)
	for len(b.stack) > 0 && levelRank(b.stack[len(b.stack)-1].Level) >= rank {
		b.stack = b.stack[:len(b.stack)-1]
	}
	var siblings *[]*drafts.Division
	if len(b.stack) == 0 {
		siblings = &b.doc.Chapters
	} else {
		siblings = &b.stack[len(b.stack)-1].Children
	}
	if l.md && num > 0 {
		if b.depthLevel == nil {
			b.depthLevel = map[int]drafts.DivisionLevel{}
		}
		b.depthLevel[l.depth] = level
	}
	if num == 0 {
		*siblings = append(*siblings, d)
		b.stack = append(b.stack, d)
		b.headEnd = l.no
		return
	}
	// Numbering check: the next sibling, or 1 for a first child, or the
	// next in the whole text (chapters numbered through all 编).
	want := 1
	for k := len(*siblings) - 1; k >= 0; k-- {
		if sib := (*siblings)[k]; sib.Level == level && sib.Num > 0 {
			want = sib.Num + 1
			break
		}
	}
	if num != want && num != b.lastNum[level]+1 {
		if want == 1 {
			b.warnf(l.no, "%s的序号应从第一%s开始，这里是%s", level, level, label)
		} else if num == want-1 {
			b.warnf(l.no, "%s的序号重复：%s", level, label)
		} else {
			b.warnf(l.no, "%s的序号不连续：第%s%s之后是%s", level, cnum.Format(want-1), level, label)
		}
	}
	b.lastNum[level] = num
	if level == drafts.LevelChapter && num > b.maxChap {
		b.maxChap = num
	}
	*siblings = append(*siblings, d)
	b.stack = append(b.stack, d)
	b.headEnd = l.no
}

// repeatsTOC reports whether a heading repeats the first heading seen
// before any article: then the headings so far were a table of contents.
func (b *builder) repeatsTOC(level drafts.DivisionLevel, num int, title string) bool {
	if len(b.doc.Chapters) == 0 {
		return false
	}
	d := b.doc.Chapters[0]
	return d.Level == level && d.Num == num &&
		(d.Title == title || d.Title == "" || title == "" || strings.HasPrefix(d.Title, title) || strings.HasPrefix(title, d.Title))
}

// startArticle opens an article; rest is the text after its label.
func (b *builder) startArticle(l *line, num, sub int, label, rest string) {
	b.finishArticle()
	b.preface = nil
	b.header, b.toc = false, false
	a := &drafts.Article{Num: num, Sub: sub, Label: label, Line: l.no, EndLine: l.no}
	idx := len(b.doc.Articles)
	if idx > 0 {
		prev := b.doc.Articles[idx-1]
		switch {
		case sub == 0 && num == prev.Num+1:
		case sub > 0 && num == prev.Num && sub == prev.Sub+1:
		case num == prev.Num && sub == prev.Sub:
			b.warnf(l.no, "条文序号重复：%s", label)
		case sub > 0 && num == prev.Num:
			b.warnf(l.no, "条文序号不连续：%s之后是%s", prev.Label, label)
		case num > prev.Num+1 || sub > 0 && num > prev.Num:
			b.warnf(l.no, "条文序号跳跃：%s之后是%s，缺少%s", prev.Label, label, missingRange(prev.Num+1, num-1))
		default:
			b.warnf(l.no, "条文序号倒退：%s之后是%s", prev.Label, label)
		}
	} else if num != 1 && !b.points {
		b.warnf(l.no, "第一个条文是%s，不是第一条", label)
	}
	for _, d := range b.stack {
		if d.FirstArticle < 0 {
			d.FirstArticle = idx
		}
		d.LastArticle = idx
	}
	a.Path = b.path()
	b.doc.Articles = append(b.doc.Articles, a)
	b.art = a
	b.target = 0
	b.closed = true
	if rest != "" {
		lead, first := splitInlineItem(rest)
		a.Paragraphs = append(a.Paragraphs, drafts.Paragraph{Text: lead, Line: l.no, EndLine: l.no})
		b.closed = endsSentence(lead)
		if first != "" {
			it := line{no: l.no, text: first}
			classify(&it)
			b.item(&it)
		}
	}
}

// splitInlineItem splits "…下列文件： （一）登记申请书；" written on one
// line into the lead-in and the first item.
func splitInlineItem(s string) (lead, item string) {
	for _, mark := range []string{"：", ":"} {
		i := strings.Index(s, mark)
		if i < 0 {
			continue
		}
		after := strings.TrimLeftFunc(s[i+len(mark):], isBlankRune)
		if strings.HasPrefix(after, "（一）") || strings.HasPrefix(after, "(一)") {
			return s[:i+len(mark)], after
		}
	}
	return s, ""
}

func missingRange(from, to int) string {
	if from >= to {
		return "第" + cnum.Format(from) + "条"
	}
	return "第" + cnum.Format(from) + "条至第" + cnum.Format(to) + "条"
}

// finishArticle computes the text of the open article.
func (b *builder) finishArticle() {
	b.flush()
	a := b.art
	if a == nil {
		return
	}
	b.art = nil
	var sb strings.Builder
	n := 0
	for _, p := range a.Paragraphs {
		n += len(p.Text) + 1
		for _, it := range p.Items {
			n += len(it.Label) + len(it.Text) + 1
			for _, si := range it.SubItems {
				n += len(si.Label) + len(si.Text) + 1
				for _, ssi := range si.SubItems {
					n += len(ssi.Label) + len(ssi.Text) + 1
				}
			}
		}
	}
	sb.Grow(n)
	for _, p := range a.Paragraphs {
		if p.Text != "" {
			if sb.Len() > 0 {
				sb.WriteByte('\n')
			}
			sb.WriteString(p.Text)
		}
		for _, it := range p.Items {
			if sb.Len() > 0 {
				sb.WriteByte('\n')
			}
			sb.WriteString(it.Label)
			sb.WriteString(it.Text)
			for _, si := range it.SubItems {
				sb.WriteByte('\n')
				sb.WriteString(si.Label)
				sb.WriteString(si.Text)
				for _, ssi := range si.SubItems {
					sb.WriteByte('\n')
					sb.WriteString(ssi.Label)
					sb.WriteString(ssi.Text)
				}
			}
		}
	}
	a.Text = sb.String()
	if a.Text == "" {
		a.Paragraphs = []drafts.Paragraph{}
		b.warnf(a.Line, "%s没有内容", a.Label)
	}
}

func (b *builder) startBlock(l *line) {
	b.flush()
	b.block = &drafts.Block{Title: l.text, Line: l.no, EndLine: l.no}
}

func (b *builder) finishBlock() {
	if b.block != nil {
		b.block.Text = strings.Join(b.blockLines, "\n")
		b.doc.Blocks = append(b.doc.Blocks, *b.block)
		b.block, b.blockLines = nil, b.blockLines[:0]
	}
}

// appendCont adds a continuation line to the text at dst. The pieces are
// joined once, in flush, so that a paragraph broken over many lines costs
// linear time. Whatever may move dst in memory (appending paragraphs or
// items) must call flush first.
func (b *builder) appendCont(dst *string, s string, line int) {
	if b.contDst != dst {
		b.flush()
		b.contDst = dst
		b.contParts = append(b.contParts[:0], *dst)
		b.contLen = len(*dst)
	}
	// Remember where the line starts, to give references their line.
	a := len(b.doc.Articles) - 1
	p := len(b.art.Paragraphs) - 1
	key := unitKey{a, p, -1, -1, -1}
	if b.target >= 1 {
		items := b.art.Paragraphs[p].Items
		key.item = len(items) - 1
		if b.target >= 2 {
			subs := items[key.item].SubItems
			key.sub = len(subs) - 1
			if b.target == 3 {
				key.subsub = len(subs[key.sub].SubItems) - 1
			}
		}
	}
	if b.breaks == nil {
		b.breaks = map[unitKey][]lineBreak{}
	}
	b.breaks[key] = append(b.breaks[key], lineBreak{off: b.contLen, line: line})
	b.contParts = append(b.contParts, s)
	b.contLen += len(s)
}

// flush writes the pending continuation lines into their text.
func (b *builder) flush() {
	if b.contDst != nil {
		*b.contDst = strings.Join(b.contParts, "")
		b.contDst, b.contParts = nil, b.contParts[:0]
	}
}

// checkDivisions warns about divisions that hold no article.
func (b *builder) checkDivisions() {
	var walk func(ds []*drafts.Division)
	walk = func(ds []*drafts.Division) {
		for _, d := range ds {
			if d.FirstArticle < 0 && len(d.Children) == 0 {
				b.warnf(d.Line, "%s没有条文", d.Label)
			}
			walk(d.Children)
		}
	}
	walk(b.doc.Chapters)
}

// regulationNames end the titles of regulations and similar instruments.
var regulationNames = []string{"法", "条例", "规定", "办法", "细则", "规则", "决定", "修正案", "章程", "决议",
	"规程", "准则", "标准", "纲要", "意见", "通知", "公告", "解释", "批复", "草案", "征求意见稿", "送审稿", "守则", "制度", "方案"}

// regulationTitle reports whether title names a regulation or a similar
// instrument: it ends with 法, 条例, 决定 … (中华人民共和国刑法修正案（十）,
// 某某条例（草案）).
func regulationTitle(title string) bool {
	// Drop trailing parentheses: （十）, （草案）, (2018年).
	for strings.HasSuffix(title, "）") || strings.HasSuffix(title, ")") {
		i := max(strings.LastIndex(title, "（"), strings.LastIndex(title, "("))
		if i <= 0 {
			break
		}
		title = title[:i]
	}
	for _, n := range regulationNames {
		if strings.HasSuffix(title, n) {
			return true
		}
	}
	return false
}

// unplacedBlock turns the text found outside any article of a document
// without articles into one block, replacing the warning per line by one.
func (b *builder) unplacedBlock() {
	doc := b.doc
	ws := doc.Warnings[:0]
	for _, w := range doc.Warnings {
		if !strings.HasPrefix(w.Message, "无法归入任何条文的文字") {
			ws = append(ws, w)
		}
	}
	doc.Warnings = ws
	line := 1
	if len(b.unplaced) == 0 && len(doc.Blocks) > 0 && doc.Blocks[0].Title == "序言" {
		// Everything after the title went into the lead-in block.
		doc.Blocks[0].Title = "正文"
		line = doc.Blocks[0].Line
	}
	if len(b.unplaced) > 0 {
		var sb strings.Builder
		for i, l := range b.unplaced {
			if i > 0 {
				sb.WriteByte('\n')
			}
			sb.WriteString(l.text)
		}
		line = b.unplaced[0].no
		doc.Blocks = append([]drafts.Block{{Title: "正文", Text: sb.String(), Line: line, EndLine: b.unplaced[len(b.unplaced)-1].no}}, doc.Blocks...)
	}
	doc.Warnings = append(doc.Warnings, drafts.Warning{Line: line, Message: "未找到任何条文（“第一条”等）"})
	sortWarnings(doc.Warnings)
}

// expected reports whether article (num, sub) can come next: after the
// last one and at most a few numbers on.
func (b *builder) expected(num, sub int) bool {
	n := len(b.doc.Articles)
	if n == 0 {
		return num <= 3
	}
	prev := b.doc.Articles[n-1]
	return num > prev.Num && num <= prev.Num+3 || sub > 0 && num == prev.Num && sub > prev.Sub
}

// lastDivision returns the innermost open division, or nil.
func (b *builder) lastDivision() *drafts.Division {
	if len(b.stack) == 0 {
		return nil
	}
	return b.stack[len(b.stack)-1]
}

// path returns the names of the open divisions, outermost first. Articles
// under the same divisions share one slice.
func (b *builder) path() []string {
	if len(b.stack) == 0 {
		return nil
	}
	if b.pathFor == b.stack[len(b.stack)-1] && len(b.pathCache) == len(b.stack) {
		return b.pathCache
	}
	p := make([]string, len(b.stack))
	for i, d := range b.stack {
		switch {
		case d.Label == "":
			p[i] = d.Title
		case d.Title == "":
			p[i] = d.Label
		default:
			p[i] = d.Label + " " + d.Title
		}
	}
	b.pathFor, b.pathCache = b.stack[len(b.stack)-1], p
	return p
}

// foldIntoItem handles an item that goes on numbering the items of an
// earlier paragraph: （六）…\n本法施行后…\n1．…\n2．…\n（七）…. The
// paragraphs between were part of item （六): their text is appended to
// it and their dot-numbered items become its 目.
func (b *builder) foldIntoItem(num int) {
	a := b.art
	n := len(a.Paragraphs)
	if num < 2 || n < 2 {
		return
	}
	if last := a.Paragraphs[n-1].Items; len(last) > 0 && last[len(last)-1].Num == num-1 {
		return
	}
	k := -1
	for j := n - 2; j >= 0 && j >= n-8; j-- {
		items := a.Paragraphs[j].Items
		if len(items) > 0 && items[len(items)-1].Num == num-1 && parenLabel(items[len(items)-1].Label) {
			k = j
			break
		}
	}
	if k < 0 {
		return
	}
	// Only fold plain paragraphs and dot-numbered items.
	for _, q := range a.Paragraphs[k+1:] {
		for _, it := range q.Items {
			if parenLabel(it.Label) {
				return
			}
		}
	}
	p := &a.Paragraphs[k]
	it := &p.Items[len(p.Items)-1]
	for _, q := range a.Paragraphs[k+1:] {
		if q.Text != "" {
			it.Text += "\n" + q.Text
		}
		it.SubItems = append(it.SubItems, q.Items...)
		it.EndLine, p.EndLine = q.EndLine, q.EndLine
	}
	a.Paragraphs = a.Paragraphs[:k+1]
	// Warnings about the folded dot-numbered items no longer apply.
	ws := b.doc.Warnings[:0]
	for _, w := range b.doc.Warnings {
		if w.Line < it.Line || w.Line > it.EndLine || !strings.HasPrefix(w.Message, "项的序号") {
			ws = append(ws, w)
		}
	}
	b.doc.Warnings = ws
}
