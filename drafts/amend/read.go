package amend

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/cnum"
)

// ParseError is one refusal of ParseDecision: the item (and sub-item) it
// is in — 0 for the title and preamble — and why, in Chinese.
type ParseError struct {
	Item   int    `json:"item"`
	Sub    int    `json:"sub,omitempty"`
	Reason string `json:"reason"`
}

// Error names the item: 第七项：无法识别……
func (e *ParseError) Error() string {
	where := "决定的标题和序言"
	if e.Item > 0 {
		where = "第" + cnum.Format(e.Item) + "项"
		if e.Sub > 0 {
			where += "第（" + cnum.Format(e.Sub) + "）目"
		}
	}
	return where + "：" + e.Reason
}

// ParseErrors are all the refusals of one ParseDecision, in item order.
type ParseErrors []*ParseError

// Error lists the refusals, one per line.
func (es ParseErrors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// ParseDecision reads an amendment decision as issued — title, 题注,
// preamble, items 一、二、… and closing — pasted as text or Markdown, with
// Chinese (“”) or ASCII (") quotation marks, a quotation of several
// paragraphs opening each paragraph and closing only the last as the
// drafting rules have it.
//
// Every item is parsed into operations (Op). The error, if any, is an
// EINVALID *drafts.Error wrapping ParseErrors: one *ParseError per item
// (or sub-item) that could not be read, with its number and the reason.
// The Decision is returned even then, with the items that could be read,
// so that a caller can show both.
func ParseDecision(text string) (*Decision, error) {
	if !utf8.ValidString(text) {
		return nil, invalidDecision(ParseErrors{{Reason: "文本不是有效的 UTF-8"}})
	}
	lines := decisionLines(text)
	dec := &Decision{}
	var errs ParseErrors
	// The header: title (perhaps repeated over two lines), 题注, preamble.
	i := 0
	for ; i < len(lines); i++ {
		l := lines[i]
		if _, ok := itemNumber(l, 1); ok && !strings.Contains(l, "作如下修改") {
			break
		}
		switch {
		case strings.Contains(l, "作如下修改") || strings.Contains(l, "作出如下修改") || strings.HasSuffix(l, "修改如下："):
			dec.Preamble = l
			if dec.Law == "" {
				dec.Law = lawName(l)
			}
			i++
			goto items
		case strings.HasPrefix(l, "（") || strings.HasPrefix(l, "("):
			// 题注, perhaps over several lines.
			s := l
			for !strings.HasSuffix(s, "）") && !strings.HasSuffix(s, ")") && i+1 < len(lines) {
				i++
				s += lines[i]
			}
			dec.Adopted = strings.TrimRight(strings.TrimLeft(s, "（("), "）)")
		case dec.Title == "":
			dec.Title = compact(l)
			dec.Law = lawName(l)
		case strings.HasPrefix(dec.Title, compact(l)) || strings.Contains(dec.Title, compact(l)):
			// the title repeated over lines
		default:
			if dec.Preamble == "" {
				dec.Preamble = l
			} else {
				dec.Preamble += l
			}
		}
	}
items:
	if dec.Title == "" && dec.Preamble == "" && i >= len(lines) {
		return nil, invalidDecision(ParseErrors{{Reason: "文本为空"}})
	}
	// Items: a line starting with the next number and 、, outside quotes.
	type raw struct {
		num   int
		lines []string
	}
	var items []raw
	depth := 0
	for ; i < len(lines); i++ {
		l := lines[i]
		if depth == 0 {
			if rest, ok := itemNumber(l, len(items)+1); ok {
				items = append(items, raw{num: len(items) + 1, lines: []string{rest}})
				depth = quoteDepth(rest, 0)
				continue
			}
			if len(items) > 0 && closingLine(l) {
				break
			}
		}
		if len(items) == 0 {
			dec.Preamble += l
			continue
		}
		it := &items[len(items)-1]
		it.lines = append(it.lines, l)
		depth = quoteDepth(l, depth)
	}
	for ; i < len(lines); i++ {
		dec.Closing = append(dec.Closing, lines[i])
	}
	if len(items) == 0 {
		errs = append(errs, &ParseError{Reason: "没有找到编号为“一、二、……”的修改事项"})
	}
	if dec.Law == "" {
		dec.Law = lawName(dec.Preamble)
	}
	for _, r := range items {
		it := Item{Num: r.num, Text: strings.Join(r.lines, "\n")}
		ops, perr := parseItem(r.num, it.Text)
		it.Ops = ops
		errs = append(errs, perr...)
		dec.Items = append(dec.Items, it)
	}
	if len(errs) > 0 {
		return dec, invalidDecision(errs)
	}
	return dec, nil
}

func invalidDecision(errs ParseErrors) error {
	msg := "无法读取修改决定：" + errs[0].Error()
	if len(errs) > 1 {
		msg += fmt.Sprintf("（共 %d 处）", len(errs))
	}
	return &drafts.Error{Code: drafts.EINVALID, Message: msg, Err: errs}
}

// AsParseErrors returns the ParseErrors in err, or nil.
func AsParseErrors(err error) ParseErrors {
	var pe ParseErrors
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}

// decisionLines cuts text into trimmed, non-empty lines without front
// matter and Markdown markers (#, >, trailing \).
func decisionLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var out []string
	front := false
	for n, l := range strings.Split(text, "\n") {
		l = strings.TrimFunc(l, isBlank)
		if n == 0 && l == "---" {
			front = true
			continue
		}
		if front {
			if l == "---" {
				front = false
			}
			continue
		}
		for strings.HasPrefix(l, "#") || strings.HasPrefix(l, ">") {
			l = strings.TrimFunc(strings.TrimLeft(l, "#>"), isBlank)
		}
		l = strings.TrimFunc(strings.TrimSuffix(l, "\\"), isBlank)
		if l == "" || strings.HasPrefix(l, "<!--") {
			continue
		}
		out = append(out, l)
	}
	return out
}

func isBlank(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u3000'
}

// compact removes blanks: titles split or spaced out.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if isBlank(r) {
			return -1
		}
		return r
	}, s)
}

// lawName returns the name inside the first 《》 of s.
func lawName(s string) string {
	i := strings.Index(s, "《")
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], "》")
	if j < 0 {
		return ""
	}
	return s[i+len("《") : i+j]
}

// itemNumber reports whether l starts with the item number want and 、,
// and returns the rest.
func itemNumber(l string, want int) (string, bool) {
	k := strings.Index(l, "、")
	if k <= 0 || k > 3*5 {
		return "", false
	}
	n, err := cnum.Parse(l[:k])
	if err != nil || n != want {
		return "", false
	}
	return strings.TrimFunc(l[k+len("、"):], isBlank), true
}

// closingLine reports whether a line after the items is closing text
// (施行日期, 重新公布, a standalone provision) rather than a continuation of
// the last item: it does not start like an operation or a quotation.
func closingLine(l string) bool {
	if strings.HasPrefix(l, "本决定") || strings.Contains(l, "重新公布") {
		return true
	}
	for _, p := range []string{"将", "在", "删去", "增加", "第", "对", "此外", "并", "同时", "“", "\"", "（", "("} {
		if strings.HasPrefix(l, p) {
			return false
		}
	}
	return true
}

// quoteDepth returns the quotation depth after line l, starting at depth
// d: a quotation mark at the start of a line inside a quotation opens its
// next paragraph, elsewhere inside it nests (“) or closes (” or ").
func quoteDepth(l string, d int) int {
	for i, r := range l {
		switch r {
		case '“':
			if d == 0 || i > 0 {
				d++
			}
		case '”':
			if d > 0 {
				d--
			}
		case '"':
			switch {
			case d == 0:
				d = 1
			case i > 0:
				d--
			}
		}
	}
	return d
}

// quoteMark is the first private-use character that stands for a
// quotation in an item's skeleton; quotation k is quoteMark+k.
const (
	quoteMark = '\uE000'
	maxQuotes = 0x1000
	// Sentinels marking text inserted by a decision inside old text, so
	// that cross-references renumbering leaves it alone.
	freshOpen  = '\uF000'
	freshClose = '\uF001'
)

// skeleton replaces each quotation in s by a quote mark and returns the
// skeleton and the quotations' texts (paragraphs joined by "\n", inner
// quotation marks ‘’ turned into “”). ok is false when a quotation does
// not close.
func skeleton(s string) (sk []rune, quotes []string, ok bool) {
	rs := []rune(s)
	var cur []rune
	depth := 0
	lineStart := true
	innerOpen := false // an ASCII ' opened an inner quotation
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		atStart := lineStart
		lineStart = r == '\n'
		if depth == 0 {
			if r == '“' || r == '"' {
				depth, cur = 1, cur[:0]
				continue
			}
			sk = append(sk, r)
			continue
		}
		switch r {
		case '“':
			if atStart {
				continue // the next paragraph of the quotation
			}
			depth++
			cur = append(cur, '“')
		case '"':
			if atStart {
				continue
			}
			depth--
		case '”':
			depth--
			if depth > 0 {
				cur = append(cur, '”')
			}
		case '‘':
			cur = append(cur, '“')
		case '’':
			cur = append(cur, '”')
		case '\'':
			// ASCII inner quotation marks alternate.
			if innerOpen {
				cur = append(cur, '”')
			} else {
				cur = append(cur, '“')
			}
			innerOpen = !innerOpen
		default:
			cur = append(cur, r)
		}
		if depth == 0 {
			innerOpen = false
			if len(quotes) >= maxQuotes {
				return nil, nil, false
			}
			sk = append(sk, quoteMark+rune(len(quotes)))
			quotes = append(quotes, cleanQuote(string(cur)))
		}
	}
	return sk, quotes, depth == 0
}

// cleanQuote trims the blanks around each line of a quotation and drops
// empty lines.
func cleanQuote(s string) string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimFunc(l, isBlank); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// parseItem parses the text of item num into operations.
func parseItem(num int, text string) ([]Op, ParseErrors) {
	sk, quotes, ok := skeleton(text)
	if !ok {
		return nil, ParseErrors{{Item: num, Reason: "引号不成对"}}
	}
	p := &itemParser{s: sk, quotes: quotes, item: num}
	p.run()
	return p.ops, p.errs
}

// itemParser reads the clauses of one item's skeleton.
type itemParser struct {
	s      []rune
	pos    int
	quotes []string
	item   int
	sub    int
	ops    []Op
	errs   ParseErrors
	// ctx is the article the clauses so far are about (old numbering);
	// ctxNew an article cited by its new number (本条).
	ctx    *Unit
	ctxNew *Unit
	// split is the split the continuation clauses 第一款作为第Y条 add to.
	split *Op
}

// failed records a refusal for the clause starting at start and skips to
// the end of the clause.
func (p *itemParser) failed(start int, reason string) {
	p.pos = start
	end := start
	for end < len(p.s) && !strings.ContainsRune("；。\n", p.s[end]) {
		end++
	}
	clause := p.render(p.s[start:end])
	if clause == "" && start < len(p.s) {
		clause = p.render(p.s[start:min(start+20, len(p.s))])
	}
	p.errs = append(p.errs, &ParseError{Item: p.item, Sub: p.sub, Reason: reason + "：" + clip(clause, 40)})
	p.pos = end
}

// render puts the quotations back into a piece of skeleton.
func (p *itemParser) render(sk []rune) string {
	var b strings.Builder
	for _, r := range sk {
		if k := int(r - quoteMark); k >= 0 && k < len(p.quotes) {
			b.WriteString("“" + p.quotes[k] + "”")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func clip(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "……"
}

func (p *itemParser) peek(s string) bool {
	_, ok := p.match(s)
	return ok
}

// match reports whether s is next and how many runes it has.
func (p *itemParser) match(s string) (int, bool) {
	k := p.pos
	for _, r := range s {
		if k >= len(p.s) || p.s[k] != r {
			return 0, false
		}
		k++
	}
	return k - p.pos, true
}

// lit consumes s if it is next.
func (p *itemParser) lit(s string) bool {
	if n, ok := p.match(s); ok {
		p.pos += n
		return true
	}
	return false
}

// anyLit consumes the first of ss that is next.
func (p *itemParser) anyLit(ss ...string) bool {
	for _, s := range ss {
		if p.lit(s) {
			return true
		}
	}
	return false
}

// skipBlank skips blanks and line breaks.
func (p *itemParser) skipBlank() {
	for p.pos < len(p.s) && (isBlank(p.s[p.pos]) || p.s[p.pos] == '\n') {
		p.pos++
	}
}

// num reads a numeral.
func (p *itemParser) num() (int, bool) {
	start := p.pos
	for p.pos < len(p.s) && (cnum.IsNumeralRune(p.s[p.pos]) || p.s[p.pos] >= '0' && p.s[p.pos] <= '9') {
		p.pos++
	}
	if p.pos == start {
		return 0, false
	}
	n, err := cnum.Parse(string(p.s[start:p.pos]))
	if err != nil || n <= 0 || n > 100000 {
		p.pos = start
		return 0, false
	}
	return n, true
}

// count reads a count (一、两、三 …) followed by the unit word w (条, 款, 项).
func (p *itemParser) count(w string) (int, bool) {
	start := p.pos
	n := 0
	if p.lit("两") {
		n = 2
	} else if m, ok := p.num(); ok {
		n = m
	}
	if n == 0 || !p.lit(w) {
		p.pos = start
		return 0, false
	}
	return n, true
}

// another consumes a separator (one of seps) when a quotation follows it:
// the next words of a list (“A”修改为“B”，“C”修改为“D”).
func (p *itemParser) another(seps ...string) bool {
	save := p.pos
	if p.anyLit(seps...) {
		after := p.pos
		if _, ok := p.quote(); ok {
			p.pos = after
			return true
		}
	}
	p.pos = save
	return false
}

// quote reads one quotation (after optional blanks).
func (p *itemParser) quote() (string, bool) {
	save := p.pos
	p.skipBlank()
	if p.pos < len(p.s) {
		if k := int(p.s[p.pos] - quoteMark); k >= 0 && k < len(p.quotes) {
			p.pos++
			return p.quotes[k], true
		}
	}
	p.pos = save
	return "", false
}

// quoteGroup reads one or more quotations separated only by blanks and
// line breaks (paragraphs each quoted whole).
func (p *itemParser) quoteGroup() ([]string, bool) {
	var qs []string
	for {
		q, ok := p.quote()
		if !ok {
			break
		}
		qs = append(qs, q)
	}
	return qs, len(qs) > 0
}

// colonQuotes reads ：and a quote group.
func (p *itemParser) colonQuotes() ([]string, bool) {
	save := p.pos
	p.anyLit("：", ":")
	qs, ok := p.quoteGroup()
	if !ok {
		p.pos = save
	}
	return qs, ok
}

// itemNum reads the number of an item: （三） or 三.
func (p *itemParser) itemNum() (int, bool) {
	start := p.pos
	paren := p.anyLit("（", "(")
	n, ok := p.num()
	if ok && paren && !p.anyLit("）", ")") {
		ok = false
	}
	if !ok {
		p.pos = start
	}
	return n, ok
}

// nums reads 三、四、五 (numbers joined by 、), then the unit word.
func (p *itemParser) nums(w string) ([]int, bool) {
	start := p.pos
	var out []int
	for {
		n, ok := p.itemNum()
		if !ok {
			break
		}
		out = append(out, n)
		if !p.peek("、") || !p.followedByNum() {
			break
		}
		p.lit("、")
	}
	if len(out) == 0 || !p.lit(w) {
		p.pos = start
		return nil, false
	}
	return out, true
}

// followedByNum reports whether a numeral (or （numeral) follows the next rune.
func (p *itemParser) followedByNum() bool {
	k := p.pos + 1
	if k < len(p.s) && (p.s[k] == '（' || p.s[k] == '(') {
		k++
	}
	return k < len(p.s) && (cnum.IsNumeralRune(p.s[k]) || p.s[k] >= '0' && p.s[k] <= '9')
}

// below reads the part of a unit below the article into u: 第二款,
// 第（三）项, 第三项, 第二目, in that order, each optional. It returns how
// many levels it read.
func (p *itemParser) below(u *Unit) int {
	n := 0
	for _, lv := range []struct {
		word  string
		dst   *int
		paren bool // （三） as well as 三
	}{{"款", &u.Paragraph, false}, {"项", &u.Item, true}, {"目", &u.SubItem, false}} {
		save := p.pos
		if !p.lit("第") {
			continue
		}
		k, ok := p.num()
		if lv.paren {
			p.pos = save + 1
			k, ok = p.itemNum()
		}
		if ok && p.lit(lv.word) {
			*lv.dst = k
			n++
		} else {
			p.pos = save
		}
	}
	return n
}

// article reads 第十条 or 第十条之一.
func (p *itemParser) article() (Unit, bool) {
	start := p.pos
	if !p.lit("第") {
		return Unit{}, false
	}
	n, ok := p.num()
	if !ok || !p.lit("条") {
		p.pos = start
		return Unit{}, false
	}
	u := Unit{Article: n}
	save := p.pos
	if p.lit("之") {
		s, ok := p.num()
		if !ok {
			p.pos = save // 第二条之后
			return u, true
		}
		u.ArticleSub = s
	}
	return u, true
}

// units reads a list of units: 第十四条第二款、第二十六条第二款,
// 第二十九条第三款和第四款, 第三、四、五款 (of the context article), 第十条至第
// 十二条. rel allows units below the article without one, relative to
// the context.
func (p *itemParser) units(rel bool) ([]Unit, bool) {
	var out []Unit
	var cur *Unit
	start := p.pos
	for {
		before := p.pos
		if a, ok := p.article(); ok {
			a2 := a
			p.below(&a2)
			if p.peek("至第") {
				save := p.pos
				p.lit("至")
				if b, ok := p.article(); ok && b.Article > a.Article && b.Article-a.Article < 1000 {
					for n := a.Article; n <= b.Article; n++ {
						out = append(out, Unit{Article: n})
					}
					last := out[len(out)-1]
					cur = &last
					goto next
				}
				p.pos = save
			}
			out = append(out, a2)
			cur = &Unit{Article: a.Article, ArticleSub: a.ArticleSub}
		} else if base := p.baseFor(cur, rel); base != nil && p.peek("第") {
			p.lit("第")
			// 第三、四、五、六款 or 第（二）、（三）项
			save := p.pos
			if ns, ok := p.nums("款"); ok {
				for _, n := range ns {
					out = append(out, Unit{Article: base.Article, ArticleSub: base.ArticleSub, Paragraph: n})
				}
				// 第三款第（二）项
				if len(ns) == 1 && p.peek("第") {
					last := &out[len(out)-1]
					p.below(last)
				}
			} else if ns, ok := p.nums("项"); ok {
				for _, n := range ns {
					out = append(out, Unit{Article: base.Article, ArticleSub: base.ArticleSub, Paragraph: base.Paragraph, Item: n})
				}
			} else {
				p.pos = save - 1
				break
			}
		} else {
			p.pos = before
			break
		}
	next:
		save := p.pos
		if p.anyLit("、", "和", "及", "以及") && p.peek("第") {
			continue
		}
		p.pos = save
		break
	}
	if len(out) == 0 {
		p.pos = start
		return nil, false
	}
	return out, true
}

// baseFor returns the article relative units in a list refer to: the last
// article of the list, else the context when rel is set.
func (p *itemParser) baseFor(cur *Unit, rel bool) *Unit {
	if cur != nil {
		return cur
	}
	if rel && p.ctx != nil {
		return p.ctx
	}
	return nil
}

// division reads 第三章, 第二章第一节, 第一编 (a division reference).
func (p *itemParser) division() (DivisionRef, bool) {
	start := p.pos
	if !p.lit("第") {
		return DivisionRef{}, false
	}
	n, ok := p.num()
	if !ok {
		p.pos = start
		return DivisionRef{}, false
	}
	var d DivisionRef
	switch {
	case p.lit("章"):
		d = DivisionRef{Level: drafts.LevelChapter, Num: n}
		save := p.pos
		if p.lit("第") {
			if m, ok := p.num(); ok && p.lit("节") {
				d = DivisionRef{Level: drafts.LevelSection, Num: m, Chapter: n}
			} else {
				p.pos = save
			}
		}
	case p.lit("节"):
		d = DivisionRef{Level: drafts.LevelSection, Num: n}
	case p.lit("编"):
		d = DivisionRef{Level: drafts.LevelPart, Num: n}
	default:
		p.pos = start
		return DivisionRef{}, false
	}
	return d, true
}

// divLevel reads the word for a level of division (章, 节, 编).
func (p *itemParser) divLevel() (drafts.DivisionLevel, bool) {
	switch {
	case p.lit("章"):
		return drafts.LevelChapter, true
	case p.lit("节"):
		return drafts.LevelSection, true
	case p.lit("编"):
		return drafts.LevelPart, true
	}
	return "", false
}

// endClause reports whether the clause ended: at a separator (consumed)
// or at the end.
func (p *itemParser) endClause() bool {
	if p.pos >= len(p.s) {
		return true
	}
	if p.anyLit("；", "。", "\n", ";") {
		for p.anyLit("；", "。", "\n", ";") {
		}
		return true
	}
	return false
}

// sep consumes a comma between parts of one clause.
func (p *itemParser) sep() bool { return p.anyLit("，", ",") }

// add appends an operation.
func (p *itemParser) add(op Op) *Op {
	op.Sub = p.sub
	p.ops = append(p.ops, op)
	return &p.ops[len(p.ops)-1]
}

// run parses all clauses.
func (p *itemParser) run() {
	for {
		p.skipBlank()
		for p.anyLit("。", "；", "，") {
			p.skipBlank()
		}
		if p.pos >= len(p.s) {
			return
		}
		start := p.pos
		// A sub-item of a grouped item: （一）…
		if p.peek("（") || p.peek("(") {
			if n, ok := p.itemNum(); ok && !p.peek("项") {
				p.sub, p.ctx, p.ctxNew, p.split = n, nil, nil, nil
				continue
			}
			p.pos = start
		}
		p.anyLit("并", "同时")
		if !p.clause() {
			if len(p.errs) == 0 || p.errs[len(p.errs)-1].Item != p.item || p.pos == start {
				p.failed(start, "无法识别的修改方式")
			}
			continue
		}
		if !p.endClause() {
			if p.sep() {
				continue // another clause about the same unit follows
			}
			p.failed(p.pos, "无法识别的修改方式")
		}
	}
}

// clause parses one clause; false when it is not recognised (an error
// may have been recorded).
func (p *itemParser) clause() bool {
	start := p.pos
	switch {
	case p.noop():
		return true
	case p.lit("将"):
		if p.rename() || p.take(start) {
			return true
		}
	case p.lit("在"):
		if p.within(start) {
			return true
		}
	case p.lit("删去"):
		if p.remove(start) {
			return true
		}
	case p.lit("增加"):
		if p.addition(start) {
			return true
		}
	case p.peek("修改为"):
		if p.ctx != nil {
			p.lit("修改为")
			qs, ok := p.colonQuotes()
			if ok {
				p.add(Op{Form: Replace, Targets: []Unit{*p.ctx}, Texts: []string{joinQuotes(qs)}})
				return true
			}
		}
	case p.peek("第"):
		if p.relative(start) {
			return true
		}
	}
	p.pos = start
	return false
}

// noop reads clauses that change nothing: 此外，对条文顺序作相应调整; 对部分
// 条文中的有关表述作以下修改：
func (p *itemParser) noop() bool {
	start := p.pos
	end := start
	for end < len(p.s) && !strings.ContainsRune("；。\n", p.s[end]) {
		end++
	}
	c := string(p.s[start:end])
	if strings.Contains(c, "半角标点符号") && !strings.ContainsRune(c, quoteMark) {
		p.add(Op{Form: Punctuation})
		p.pos = end
		return true
	}
	if strings.Contains(c, "作相应调整") && !strings.ContainsRune(c, quoteMark) ||
		strings.HasPrefix(c, "对") && (strings.HasSuffix(c, "作以下修改：") || strings.HasSuffix(c, "作如下修改：") ||
			strings.HasSuffix(c, "作以下修改") || strings.HasSuffix(c, "作如下修改")) {
		p.pos = end
		return true
	}
	return false
}

// rename reads 将第N章（的）章名修改为“…”.
func (p *itemParser) rename() bool {
	start := p.pos
	d, ok := p.division()
	if !ok {
		return false
	}
	p.lit("的")
	if _, ok := p.divLevel(); !ok {
		p.pos = start
		return false
	}
	if p.lit("名移至") {
		// 将第N章的章名移至第X条前
		u, ok := p.article()
		if !ok || !p.anyLit("之前", "前") {
			p.pos = start
			return false
		}
		p.add(Op{Form: MoveDivision, Division: &d, Targets: []Unit{u}})
		return true
	}
	if !p.anyLit("名修改为", "名称修改为") {
		p.pos = start
		return false
	}
	q, ok := p.colonQuotes()
	if !ok || len(q) != 1 {
		p.pos = start
		return false
	}
	d.Title = stripDivisionLabel(q[0])
	p.add(Op{Form: RenameDivision, Division: &d})
	return true
}

// stripDivisionLabel drops a leading 第N章 from a quoted heading.
func stripDivisionLabel(s string) string {
	p := &itemParser{s: []rune(s)}
	if _, ok := p.division(); ok {
		return compact(string(p.s[p.pos:]))
	}
	if p.lit("第") {
		if _, ok := p.num(); ok {
			if _, ok := p.divLevel(); ok {
				return compact(string(p.s[p.pos:]))
			}
		}
	}
	return compact(s)
}

// take reads the clauses that start with 将 and units.
func (p *itemParser) take(start int) bool {
	us, ok := p.units(true)
	if !ok {
		return false
	}
	switch {
	case p.lit("中的"):
		var ws []Words
		for {
			from, ok := p.quote()
			if !ok || !p.lit("修改为") {
				return false
			}
			to, ok := p.quote()
			if !ok {
				return false
			}
			ws = append(ws, Words{From: from, To: to})
			if !p.another("，", "、") {
				break
			}
		}
		p.add(Op{Form: ReplaceWords, Targets: us, Words: ws})
		p.setCtx(us)
		return true
	case p.peek("修改为") && !p.peek("修改为两") && !p.peekCountAfter("修改为"):
		p.lit("修改为")
		qs, ok := p.colonQuotes()
		if !ok || len(us) != 1 {
			return false
		}
		text := joinQuotes(qs)
		if us[0].Level() == "条" {
			text = stripArticleLabel(text)
		}
		p.add(Op{Form: Replace, Targets: us, Texts: []string{text}})
		p.setCtx(us)
		return true
	case p.lit("改为第"):
		n, ok := p.num()
		if !ok || !p.lit("条") {
			return false
		}
		to := Unit{Article: n}
		if save := p.pos; p.lit("之") {
			if s, ok := p.num(); ok {
				to.ArticleSub = s
			} else {
				p.pos = save
			}
		}
		if len(us) >= 1 && us[0].Paragraph > 0 {
			// 将第九十九条第一款、第二款改为第一百一十条（，修改为：“…”）
			op := Op{Form: Relocate, Targets: us, New: []Unit{to}}
			save := p.pos
			if p.sep() && p.lit("修改为") {
				qs, ok := p.colonQuotes()
				if !ok {
					return false
				}
				op.Texts = []string{stripArticleLabel(joinQuotes(qs))}
			} else {
				p.pos = save
			}
			p.add(op)
			p.ctxNew = &to
			return true
		}
		if len(us) != 1 {
			return false
		}
		p.add(Op{Form: Renumber, Targets: us, New: []Unit{to}})
		p.setCtx(us)
		p.ctxNew = &to
		return true
	case p.lit("改为"), p.peekCountAfter("修改为") && p.lit("修改为"):
		n, ok := p.count("条")
		if !ok || n < 2 {
			return false
		}
		op := Op{Form: Split, Targets: us}
		if len(us) > 1 {
			op.Form = Merge
		}
		save := p.pos
		if p.sep() && p.lit("作为") {
			news, ok := p.units(false)
			if !ok || len(news) != n {
				return false
			}
			op.New = news
		} else {
			p.pos = save
		}
		save = p.pos
		p.sep()
		if p.lit("修改为") || p.peek("：") {
			qs, ok := p.colonQuotes()
			if !ok {
				return false
			}
			texts, ok := articleTexts(qs, n)
			if !ok {
				p.failed(start, "引文中的条文数与“改为"+count(n)+"条”不符")
				return false
			}
			op.Texts = texts
		} else {
			p.pos = save
		}
		ptr := p.add(op)
		p.setCtx(us[:1])
		if op.Texts == nil {
			p.split = ptr
		}
		return true
	case p.lit("合并"):
		if len(us) < 2 {
			return false
		}
		op := Op{Form: Merge, Targets: us}
		save := p.pos
		p.sep()
		if p.anyLit("作为", "为") {
			if p.lit("一条，作为") || p.lit("一条，") {
				p.lit("作为")
			}
			n, ok := p.article()
			if !ok {
				return false
			}
			op.New = []Unit{n}
		} else {
			p.pos = save
		}
		save = p.pos
		p.sep()
		if p.lit("修改为") || p.peek("：") {
			qs, ok := p.colonQuotes()
			if !ok {
				return false
			}
			op.Texts = []string{stripArticleLabel(joinQuotes(qs))}
		} else {
			p.pos = save
		}
		p.add(op)
		return true
	case p.lit("移至"):
		if len(us) != 1 {
			return false
		}
		op := Op{Form: Move, Targets: us}
		if d, ok := p.division(); ok {
			// 将第X条移至第N章，作为第Y条: it opens that chapter.
			op.Division = &d
		} else {
			after, ok := p.article()
			if !ok || !p.anyLit("之后", "后") {
				return false
			}
			op.After = &after
		}
		save := p.pos
		if p.sep() && p.lit("作为") {
			n, ok := p.article()
			if !ok {
				return false
			}
			op.New = []Unit{n}
		} else {
			p.pos = save
		}
		save = p.pos
		if p.sep() && p.lit("修改为") {
			qs, ok := p.colonQuotes()
			if !ok {
				return false
			}
			op.Texts = []string{stripArticleLabel(joinQuotes(qs))}
		} else {
			p.pos = save
		}
		p.add(op)
		p.setCtx(us)
		return true
	}
	return false
}

// peekCountAfter reports whether w is followed by a count of articles
// (修改为两条).
func (p *itemParser) peekCountAfter(w string) bool {
	if !p.peek(w) {
		return false
	}
	save := p.pos
	p.lit(w)
	_, ok := p.count("条")
	p.pos = save
	return ok
}

// setCtx makes the article of us the context of the following clauses.
func (p *itemParser) setCtx(us []Unit) {
	if len(us) > 0 {
		a := us[0].article()
		p.ctx = &a
	}
}

// within reads the clauses that start with 在.
func (p *itemParser) within(start int) bool {
	if d, ok := p.division(); ok {
		p.lit("中")
		if !p.lit("增加") {
			return false
		}
		return p.addition(start, &d)
	}
	us, ok := p.units(true)
	if !ok || len(us) == 0 {
		return false
	}
	switch {
	case p.lit("中的"):
		var ws []Words
		for {
			from, ok := p.quote()
			if !ok {
				return false
			}
			w := Words{From: from}
			switch {
			case p.lit("后增加"):
			case p.lit("前增加"):
				w.Before = true
			default:
				return false
			}
			to, ok := p.quote()
			if !ok {
				return false
			}
			w.To = to
			ws = append(ws, w)
			if !p.another("，", "、") {
				break
			}
		}
		p.add(Op{Form: InsertWords, Targets: us, Words: ws})
		p.setCtx(us)
		return true
	case p.lit("后增加"):
		if len(us) != 1 {
			return false
		}
		after := us[0]
		p.ctx = &Unit{Article: after.Article, ArticleSub: after.ArticleSub, Paragraph: after.Paragraph}
		return p.addAfter(start, &after)
	case p.lit("中增加"):
		if len(us) != 1 {
			return false
		}
		p.setCtx(us)
		in := us[0]
		return p.addIn(start, &in)
	case p.lit("前增加一章"), p.lit("前增加一节"), p.lit("前增加一编"):
		level := map[rune]drafts.DivisionLevel{'章': drafts.LevelChapter, '节': drafts.LevelSection, '编': drafts.LevelPart}[p.s[p.pos-1]]
		return p.addDivision(level, &us[0])
	}
	return false
}

// addAfter reads what follows 在第X条后增加 (X is after).
func (p *itemParser) addAfter(start int, after *Unit) bool {
	switch after.Level() {
	case "条":
		n, ok := p.count("条")
		if !ok || !p.sep() || !p.lit("作为") {
			return false
		}
		news, ok := p.units(false)
		if !ok || len(news) != n {
			return false
		}
		qs, ok := p.colonQuotes()
		if !ok {
			return false
		}
		texts, ok := articleTexts(qs, n)
		if !ok {
			return false
		}
		p.add(Op{Form: Add, New: news, Texts: texts, After: after})
		return true
	case "款":
		return p.addUnits(start, "款", after)
	default:
		return p.addUnits(start, "项", after)
	}
}

// addIn reads what follows 在第X条（第Y款）中增加.
func (p *itemParser) addIn(start int, in *Unit) bool {
	switch {
	case p.peekCount("款") && in.Level() == "条":
		return p.addUnits(start, "款", nil)
	case p.peekCount("项"):
		p.ctx = in
		return p.addUnits(start, "项", nil)
	}
	return false
}

func (p *itemParser) peekCount(w string) bool {
	save := p.pos
	_, ok := p.count(w)
	p.pos = save
	return ok
}

// positions reads 第二款、第三款, 第二、三款 or 第（三）项: positions in the new
// text of units added to an article or paragraph.
func (p *itemParser) positions(w string) ([]int, bool) {
	start := p.pos
	var out []int
	for p.lit("第") {
		ns, ok := p.nums(w)
		if !ok {
			p.pos = start
			return nil, false
		}
		out = append(out, ns...)
		save := p.pos
		if p.anyLit("、", "和") && p.peek("第") {
			continue
		}
		p.pos = save
		break
	}
	return out, len(out) > 0
}

// addUnits reads 一款，作为第N款：“…” (w 款) or 一项，作为第（N）项：“…” (w 项),
// added to the context article (or, for items, its paragraph), or to an
// article cited by its new number (作为第一百一十一条第二款). after is an
// anchor (在第三款后增加一款).
func (p *itemParser) addUnits(start int, w string, after *Unit) bool {
	n, ok := p.count(w)
	if !ok {
		return false
	}
	op := Op{Form: Add, After: after}
	save := p.pos
	if p.sep() && p.lit("作为") {
		if a, ok := p.article(); ok {
			// 作为第一百一十一条第二款: an article cited by its new number.
			u := a
			if p.below(&u) == 0 || n != 1 {
				return false
			}
			op.New = []Unit{u}
			p.ctx, p.ctxNew = nil, &a
		} else {
			ns, ok := p.positions(w)
			if !ok || len(ns) != n {
				return false
			}
			for _, k := range ns {
				if w == "款" {
					op.New = append(op.New, Unit{Paragraph: k})
				} else {
					op.New = append(op.New, Unit{Item: k})
				}
			}
		}
	} else {
		p.pos = save
		if after == nil {
			return false
		}
		// 在第三款后增加一款 without 作为: the next number.
		for k := 1; k <= n; k++ {
			if w == "款" {
				op.New = append(op.New, Unit{Paragraph: after.Paragraph + k})
			} else {
				op.New = append(op.New, Unit{Item: after.Item + k})
			}
		}
	}
	if op.New[0].Article == 0 {
		switch {
		case p.ctx != nil:
			t := p.ctx.article()
			if w == "项" {
				t.Paragraph = p.ctx.Paragraph
			}
			op.Targets = []Unit{t}
		case p.ctxNew != nil:
			for k := range op.New {
				op.New[k].Article, op.New[k].ArticleSub = p.ctxNew.Article, p.ctxNew.ArticleSub
			}
		default:
			p.failed(start, "没有指明在哪一条中增加")
			return false
		}
	}
	qs, ok := p.colonQuotes()
	if !ok {
		return false
	}
	texts, ok := unitTexts(qs, n, w)
	if !ok {
		p.failed(start, "引文的数目与增加的"+w+"数不符")
		return false
	}
	op.Texts = texts
	p.add(op)
	if len(op.Targets) > 0 {
		a := op.Targets[0].article()
		p.ctx = &a
	}
	return true
}

// addition reads what follows 增加 (in is the division of 在第N章中增加).
func (p *itemParser) addition(start int, in ...*DivisionRef) bool {
	var div *DivisionRef
	if len(in) > 0 {
		div = in[0]
	}
	switch {
	case p.peekCount("条"):
		n, _ := p.count("条")
		if !p.sep() || !p.lit("作为") {
			return false
		}
		news, ok := p.units(false)
		if !ok || len(news) != n {
			return false
		}
		for _, u := range news {
			if u.Level() != "条" {
				return false
			}
		}
		op := Op{Form: Add, New: news, Division: div}
		save := p.pos
		if n == 1 && p.sep() && p.lit("将") {
			// 增加一条，作为第Y条，将第X条第Z款修改后作为本条第一款：“…”
			us, ok := p.units(false)
			if !ok {
				return false
			}
			modified := p.lit("修改后")
			if !p.lit("作为本条") {
				return false
			}
			to := Unit{Article: news[0].Article, ArticleSub: news[0].ArticleSub}
			if p.below(&to) == 0 {
				return false
			}
			p.add(op)
			rel := Op{Form: Relocate, Targets: us, New: []Unit{to}}
			if modified || p.peek("：") {
				qs, ok := p.colonQuotes()
				if !ok {
					return false
				}
				rel.Texts = []string{joinQuotes(qs)}
			}
			p.add(rel)
			p.ctx, p.ctxNew = nil, &news[0]
			return true
		}
		p.pos = save
		qs, ok := p.colonQuotes()
		if !ok {
			return false
		}
		texts, ok := articleTexts(qs, n)
		if !ok {
			p.failed(start, "引文中的条文数与增加的条数不符")
			return false
		}
		op.Texts = texts
		p.add(op)
		p.ctx, p.ctxNew = nil, &news[0]
		return true
	case p.peekCount("款"):
		return p.addUnits(start, "款", nil)
	case p.peekCount("项"):
		return p.addUnits(start, "项", nil)
	case p.lit("一章"):
		return p.addDivision(drafts.LevelChapter, nil)
	case p.lit("一节"):
		return p.addDivision(drafts.LevelSection, nil)
	case p.lit("一编"):
		return p.addDivision(drafts.LevelPart, nil)
	}
	return false
}

// addDivision reads what follows 增加一章: ，作为第N章：“第N章　标题\n第…条…” or
// ，作为第N章，章名为“…”（，包括第X条至第Y条）. before is the old article the
// heading goes before (在第X条前增加一章).
func (p *itemParser) addDivision(level drafts.DivisionLevel, before *Unit) bool {
	if !p.sep() || !p.lit("作为第") {
		return false
	}
	n, ok := p.num()
	if !ok {
		return false
	}
	if l, ok := p.divLevel(); !ok || l != level {
		return false
	}
	d := DivisionRef{Level: level, Num: n}
	if level == drafts.LevelSection && p.ctx == nil {
		// 在第N章中增加一节: the chapter comes from the clause's start.
		d.Chapter = 0
	}
	op := Op{Form: AddDivision, Division: &d}
	if before != nil {
		op.Targets = []Unit{*before}
	}
	save := p.pos
	if p.sep() && p.anyLit("章名为", "节名为", "编名为") {
		q, ok := p.quote()
		if !ok {
			return false
		}
		d.Title = stripDivisionLabel(q)
		save = p.pos
		if p.sep() && p.lit("包括") {
			us, ok := p.units(false)
			if !ok {
				return false
			}
			op.Targets = us
		} else {
			p.pos = save
		}
		p.add(op)
		return true
	}
	p.pos = save
	qs, ok := p.colonQuotes()
	if !ok {
		return false
	}
	// The quotation: the heading on its first line, then new articles.
	text := joinQuotes(qs)
	head, body, _ := strings.Cut(text, "\n")
	d.Title = stripDivisionLabel(head)
	if body != "" {
		texts, labels := splitArticles(body)
		if len(texts) == 0 || len(labels) != len(texts) {
			return false
		}
		op.Texts = texts
		op.New = labels
	}
	p.add(op)
	return true
}

// remove reads the clauses that start with 删去.
func (p *itemParser) remove(start int) bool {
	if d, ok := p.division(); ok {
		p.lit("的")
		if p.anyLit("章名", "节名", "编名") {
			d.HeadingOnly = true
		}
		p.add(Op{Form: DeleteDivision, Division: &d})
		return true
	}
	us, ok := p.units(true)
	if !ok {
		return false
	}
	if p.lit("中的") {
		var ws []Words
		for {
			q, ok := p.quote()
			if !ok {
				return false
			}
			ws = append(ws, Words{From: q})
			if !p.another("、", "，", "和") {
				break
			}
		}
		p.add(Op{Form: DeleteWords, Targets: us, Words: ws})
		p.setCtx(us)
		return true
	}
	p.add(Op{Form: Delete, Targets: us})
	p.setCtx(us)
	return true
}

// relative reads clauses about units of the context article: 第一款修改为：
// “…”, 第二项修改为, 第一款中的“A”修改为“B”, 第二款作为第八十一条第一款,
// 第三、四款分别作为第八十一条第二、三款, 第二款增加一项.
func (p *itemParser) relative(start int) bool {
	if p.ctx == nil {
		return false
	}
	us, ok := p.units(true)
	if !ok {
		return false
	}
	switch {
	case p.lit("修改为"):
		qs, ok := p.colonQuotes()
		if !ok || len(us) != 1 {
			return false
		}
		text := joinQuotes(qs)
		if us[0].Level() == "条" {
			text = stripArticleLabel(text)
		}
		p.add(Op{Form: Replace, Targets: us, Texts: []string{text}})
		return true
	case p.lit("中的"):
		p.pos = start
		if !p.take(start) {
			return false
		}
		return true
	case p.peek("作为") || p.peek("分别作为"):
		if p.split == nil {
			return false
		}
		p.anyLit("分别作为", "作为")
		a, ok := p.article()
		if !ok {
			return false
		}
		var tos []Unit
		if p.lit("第") {
			ns, ok := p.nums("款")
			if !ok {
				return false
			}
			for _, n := range ns {
				tos = append(tos, Unit{Article: a.Article, ArticleSub: a.ArticleSub, Paragraph: n})
			}
		} else {
			tos = []Unit{{Article: a.Article, ArticleSub: a.ArticleSub, Paragraph: 1}}
		}
		if len(tos) != len(us) {
			return false
		}
		var text string
		save := p.pos
		if p.sep() && p.lit("修改为") {
			qs, ok := p.colonQuotes()
			if !ok || len(us) != 1 {
				return false
			}
			text = joinQuotes(qs)
		} else {
			p.pos = save
		}
		for k, u := range us {
			p.split.Parts = append(p.split.Parts, Part{From: u, To: tos[k], Text: text})
		}
		return true
	case p.lit("增加"):
		if len(us) != 1 {
			return false
		}
		save := p.ctx
		p.ctx = &us[0]
		ok := p.addUnits(start, "项", nil)
		p.ctx = save
		return ok
	}
	return false
}

// joinQuotes joins a quote group into one text, paragraphs by "\n".
func joinQuotes(qs []string) string { return strings.Join(qs, "\n") }

// stripArticleLabel drops a leading 第X条 (and the blank or line break
// after it) from an article's quoted text.
func stripArticleLabel(s string) string {
	p := &itemParser{s: []rune(s)}
	if _, ok := p.article(); ok && (p.pos == len(p.s) || isBlank(p.s[p.pos]) || p.s[p.pos] == '\n') {
		return strings.TrimLeftFunc(string(p.s[p.pos:]), func(r rune) bool { return isBlank(r) || r == '\n' })
	}
	return s
}

// splitArticles cuts a quoted text at lines starting with an article
// label (第三条　… or 第三条 alone on a line) and returns the texts and the
// labels' numbers. Text before the first label is not an article: the
// result is empty then.
func splitArticles(s string) ([]string, []Unit) {
	var texts []string
	var labels []Unit
	for l := range strings.SplitSeq(s, "\n") {
		p := &itemParser{s: []rune(l)}
		if a, ok := p.article(); ok && (p.pos == len(p.s) || isBlank(p.s[p.pos])) {
			labels = append(labels, a)
			texts = append(texts, strings.TrimLeftFunc(string(p.s[p.pos:]), isBlank))
			continue
		}
		if len(texts) == 0 {
			return nil, nil
		}
		k := len(texts) - 1
		if texts[k] == "" {
			texts[k] = l
		} else {
			texts[k] += "\n" + l
		}
	}
	return texts, labels
}

// articleTexts divides a quote group into n articles' texts: by the
// article labels when the quotation has them, else one quotation each.
func articleTexts(qs []string, n int) ([]string, bool) {
	if texts, labels := splitArticles(joinQuotes(qs)); len(labels) == n {
		return texts, true
	}
	if len(qs) == n {
		out := make([]string, n)
		for i, q := range qs {
			out[i] = stripArticleLabel(q)
		}
		return out, true
	}
	if n == 1 {
		return []string{stripArticleLabel(joinQuotes(qs))}, true
	}
	return nil, false
}

// unitTexts divides a quote group into n paragraphs' (w 款) or items'
// (w 项) texts: one quotation each, or one line each of a quotation of
// several paragraphs (a paragraph's items go with it).
func unitTexts(qs []string, n int, w string) ([]string, bool) {
	if len(qs) == n {
		return qs, true
	}
	lines := strings.Split(joinQuotes(qs), "\n")
	var out []string
	for _, l := range lines {
		if len(out) > 0 && (w == "款" && startsItem(l) || w == "项" && startsSubItem(l)) {
			out[len(out)-1] += "\n" + l
			continue
		}
		out = append(out, l)
	}
	if len(out) != n {
		return nil, false
	}
	return out, true
}

// startsItem reports whether a line starts with an item label （一）.
func startsItem(l string) bool {
	p := &itemParser{s: []rune(l)}
	if p.anyLit("（", "(") {
		if _, ok := p.num(); ok && p.anyLit("）", ")") {
			return true
		}
	}
	return false
}

// startsSubItem reports whether a line starts with a sub-item label 1. or （1）.
func startsSubItem(l string) bool {
	if l == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(l)
	if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
		return true
	}
	return strings.HasPrefix(l, "（1") || strings.HasPrefix(l, "(1")
}
