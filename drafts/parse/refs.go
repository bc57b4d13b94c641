package parse

import (
	"strings"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/cnum"
)

// selfNames are the ways a text names itself before an article number.
var selfNames = []string{"本条例", "本法", "本规定", "本办法", "本细则", "本规则", "本决定", "本准则", "本实施办法", "本条件", "本标准"}

// connectors may stand between two references that share an instrument:
// 《…》第三条、第五条和第七条.
const connectors = "、和或者及以与的"

// findReferences scans the text of every article for cross-references.
func findReferences(doc *drafts.Document, breaks map[unitKey][]lineBreak) {
	for ai, a := range doc.Articles {
		for pi := range a.Paragraphs {
			p := &a.Paragraphs[pi]
			if p.Text != "" {
				scanRefs(doc, ai, pi+1, p.Line, p.Text, breaks[unitKey{ai, pi, -1, -1, -1}])
			}
			for ii, it := range p.Items {
				scanRefs(doc, ai, pi+1, it.Line, it.Text, breaks[unitKey{ai, pi, ii, -1, -1}])
				for si, sub := range it.SubItems {
					scanRefs(doc, ai, pi+1, sub.Line, sub.Text, breaks[unitKey{ai, pi, ii, si, -1}])
					for ssi, ss := range sub.SubItems {
						scanRefs(doc, ai, pi+1, ss.Line, ss.Text, breaks[unitKey{ai, pi, ii, si, ssi}])
					}
				}
			}
		}
	}
}

// unitKey names a paragraph, item or sub-item by its indexes (-1 for
// the levels below it).
type unitKey struct{ article, para, item, sub, subsub int }

// lineBreak says that the text of a unit from byte off on came from line.
type lineBreak struct{ off, line int }

// refScanner holds the state of one scan.
type refScanner struct {
	doc   *drafts.Document
	from  int
	para  int // 1-based paragraph of the text scanned
	line  int
	s     string
	instr string // instrument of the last reference
	end   int    // byte offset where the last reference ended, -1 if none
	last  drafts.Reference
	// breaks are the source lines of a text joined from broken lines.
	breaks []lineBreak
}

// scanRefs finds the references in s, a paragraph or item of article ai.
func scanRefs(doc *drafts.Document, ai, para, line int, s string, breaks []lineBreak) {
	sc := refScanner{doc: doc, from: ai, para: para, line: line, s: s, end: -1, breaks: breaks}
	// Find the triggers by their last byte with strings.IndexByte, which
	// is fast because these bytes are rare in Chinese text (about one
	// character in thirty ends in 0xAC): 第 E7 AC AC, 本 E6 9C AC,
	// 前 E5 89 8D, 《 E3 80 8A, « C2 AB. Handle them in text order.
	var next [len(triggerBytes)]int
	for k, c := range triggerBytes {
		next[k] = indexByteFrom(s, c, 0)
	}
	for {
		k := -1
		for j, n := range next {
			if n >= 0 && (k < 0 || n < next[k]) {
				k = j
			}
		}
		if k < 0 {
			return
		}
		p := next[k] // the trigger's last byte, if it is one
		resume := p + 1
		switch {
		case k == 0 && p >= 2 && s[p-2:p+1] == "第":
			i := p - 2
			instr, start := "", i
			if sc.end >= 0 && onlyConnectors(s[sc.end:i]) {
				instr = sc.instr
			} else if name := lawNameBefore(s[:i]); name != "" {
				instr, start = name, i-len(name) // 专利法第二条
			}
			resume = max(resume, sc.numbered(start, i, instr))
		case k == 0 && p >= 2 && s[p-2:p+1] == "本":
			resume = max(resume, sc.self(p-2))
		case k == 1 && p >= 2 && s[p-2:p+1] == "前":
			resume = max(resume, sc.previous(p-2))
		case k == 2 && p >= 2 && s[p-2:p+1] == "《":
			resume = max(resume, sc.instrument(p-2, '《'))
		case k == 3 && p >= 1 && s[p-1:p+1] == "«":
			resume = max(resume, sc.instrument(p-1, '«'))
		}
		for j := range next {
			if next[j] >= 0 && next[j] < resume {
				next[j] = indexByteFrom(s, triggerBytes[j], resume)
			}
		}
	}
}

// triggerBytes are the last bytes of the characters that start a
// reference: 第 and 本 (0xAC), 前 (0x8D), 《 (0x8A), « (0xAB).
var triggerBytes = [...]byte{0xac, 0x8d, 0x8a, 0xab}

// indexByteFrom returns the index of c in s at or after from, or -1.
func indexByteFrom(s string, c byte, from int) int {
	if from >= len(s) {
		return -1
	}
	i := strings.IndexByte(s[from:], c)
	if i < 0 {
		return -1
	}
	return from + i
}

// onlyConnectors reports whether s holds only words joining references.
func onlyConnectors(s string) bool {
	for s != "" {
		r, size := utf8.DecodeRuneInString(s)
		if !strings.ContainsRune(connectors, r) {
			return false
		}
		s = s[size:]
	}
	return true
}

// instrument reads 《…》 at i and what follows it.
func (sc *refScanner) instrument(i int, open rune) int {
	closeMark := "》"
	if open == '«' {
		closeMark = "»"
	}
	start := i + utf8.RuneLen(open)
	j := strings.Index(sc.s[start:], closeMark)
	if j < 0 || j > 300 {
		return i + utf8.RuneLen(open)
	}
	end := start + j + len(closeMark)
	name := "《" + sc.s[start:start+j] + "》"
	if strings.HasPrefix(sc.s[end:], "第") {
		if n := sc.numbered(i, end, name); n > end {
			return n
		}
	}
	sc.add(drafts.Reference{Text: sc.s[i:end], Instrument: name}, i)
	sc.instr, sc.end = name, end
	return end
}

// self reads 本条例第…, 本法第…, 本条第X款 at i.
func (sc *refScanner) self(i int) int {
	rest := sc.s[i:]
	for _, name := range selfNames {
		if strings.HasPrefix(rest, name) {
			after := i + len(name)
			if strings.HasPrefix(sc.s[after:], "第") {
				if n := sc.numbered(i, after, ""); n > after {
					return n
				}
			}
			return after
		}
	}
	if strings.HasPrefix(rest, "本条第") {
		after := i + len("本条")
		n, k, ok := scanNumber(sc.s[after+len("第"):])
		if ok && strings.HasPrefix(sc.s[after+len("第")+k:], "款") {
			end := after + len("第") + k + len("款")
			ref := drafts.Reference{Relative: "本条", Paragraph: n}
			a := sc.doc.Articles[sc.from]
			ref.Article, ref.ArticleSub = a.Num, a.Sub
			end = sc.item(end, &ref)
			ref.Text = sc.s[i:end]
			sc.add(ref, i)
			sc.instr, sc.end = "", end
			return end
		}
	}
	return i + len("本")
}

// previous reads 前款, 前两款, 前条 at i.
func (sc *refScanner) previous(i int) int {
	rest := sc.s[i+len("前"):]
	switch {
	case strings.HasPrefix(rest, "款"):
		end := i + len("前款")
		sc.add(drafts.Reference{Text: "前款", Relative: "前款", Paragraph: sc.para - 1}, i)
		sc.instr, sc.end = "", end
		return end
	case strings.HasPrefix(rest, "条"):
		end := i + len("前条")
		ref := drafts.Reference{Text: "前条", Relative: "前条"}
		if sc.from > 0 {
			p := sc.doc.Articles[sc.from-1]
			ref.Article, ref.ArticleSub = p.Num, p.Sub
		}
		sc.add(ref, i)
		sc.instr, sc.end = "", end
		return end
	}
	n, k, ok := scanNumber(rest)
	if ok && n >= 2 && n <= 20 && strings.HasPrefix(rest[k:], "款") {
		end := i + len("前") + k + len("款")
		text := sc.s[i:end]
		sc.add(drafts.Reference{Text: text, Relative: text, Paragraph: sc.para - 1}, i)
		sc.instr, sc.end = "", end
		return end
	}
	return i + len("前")
}

// numbered reads 第X条[之Y][第Y款][第（Z）项][至第W条] or a bare 第Y款 at
// at (the 第); start is where the reference's text begins (the 《 or
// 本条例 before it). It returns the end offset, or at when nothing matched.
func (sc *refScanner) numbered(start, at int, instr string) int {
	s := sc.s
	p := at + len("第")
	n, k, ok := scanNumber(s[p:])
	if !ok {
		return at
	}
	p += k
	var ref drafts.Reference
	switch {
	case strings.HasPrefix(s[p:], "条"):
		p += len("条")
		ref.Article = n
		if strings.HasPrefix(s[p:], "之") {
			if m, k2, ok := scanNumber(s[p+len("之"):]); ok && m < 100 {
				ref.ArticleSub = m
				p += len("之") + k2
			}
		}
		if strings.HasPrefix(s[p:], "第") {
			if m, k2, ok := scanNumber(s[p+len("第"):]); ok && strings.HasPrefix(s[p+len("第")+k2:], "款") {
				ref.Paragraph = m
				p += len("第") + k2 + len("款")
			}
		}
		p = sc.item(p, &ref)
		if strings.HasPrefix(s[p:], "至第") {
			q := p + len("至第")
			if m, k2, ok := scanNumber(s[q:]); ok && strings.HasPrefix(s[q+k2:], "条") && ref.Paragraph == 0 && ref.Item == 0 {
				ref.ToArticle = m
				p = q + k2 + len("条")
				if strings.HasPrefix(s[p:], "之") {
					if _, k3, ok := scanNumber(s[p+len("之"):]); ok {
						p += len("之") + k3
					}
				}
			}
		}
		ref.Instrument = instr
	case strings.HasPrefix(s[p:], "项") && sc.end >= 0 && onlyConnectors(s[sc.end:at]) && sc.last.Item > 0:
		// 第一款第（一）项、第三项
		p += len("项")
		ref = sc.last
		ref.Item = n
	case strings.HasPrefix(s[p:], "款"):
		p += len("款")
		if sc.end >= 0 && onlyConnectors(s[sc.end:at]) && sc.last.Article > 0 {
			// 第六十三条第一款、第二款: the article of the reference before.
			ref = sc.last
			ref.Paragraph, ref.Item, ref.ToArticle = n, 0, 0
		} else {
			a := sc.doc.Articles[sc.from]
			ref.Relative, ref.Article, ref.ArticleSub, ref.Paragraph = "本条", a.Num, a.Sub, n
		}
		p = sc.item(p, &ref)
	default:
		return at
	}
	ref.Text = s[start:p]
	sc.add(ref, start)
	sc.instr, sc.end = ref.Instrument, p
	return p
}

// item reads 第（Z）项 or 第Z项 at p into ref.Item.
func (sc *refScanner) item(p int, ref *drafts.Reference) int {
	s := sc.s
	if !strings.HasPrefix(s[p:], "第") {
		return p
	}
	q := p + len("第")
	closeMark := ""
	switch {
	case strings.HasPrefix(s[q:], "（"):
		q += len("（")
		closeMark = "）"
	case strings.HasPrefix(s[q:], "("):
		q++
		closeMark = ")"
	}
	m, k, ok := scanNumber(s[q:])
	if !ok {
		return p
	}
	q += k
	if closeMark != "" {
		if !strings.HasPrefix(s[q:], closeMark) {
			return p
		}
		q += len(closeMark)
	}
	if !strings.HasPrefix(s[q:], "项") {
		return p
	}
	ref.Item = m
	return q + len("项")
}

// add records ref, which starts at byte off of the text scanned.
func (sc *refScanner) add(ref drafts.Reference, off int) {
	ref.From, ref.Line = sc.from, sc.line
	for _, br := range sc.breaks {
		if br.off <= off {
			ref.Line = br.line
		}
	}
	sc.last = ref
	sc.doc.References = append(sc.doc.References, ref)
}

// checkReferences warns about references to articles, paragraphs or items
// of this text that do not exist.
func checkReferences(doc *drafts.Document) {
	// Amendment decisions and 修正案 cite the amended law without naming it.
	if strings.Contains(doc.Title, "修正案") || strings.Contains(doc.Title, "修改") || strings.Contains(doc.Title, "决定") {
		return
	}
	type key struct{ num, sub int }
	byNum := make(map[key]*drafts.Article, len(doc.Articles))
	for _, a := range doc.Articles {
		if _, dup := byNum[key{a.Num, a.Sub}]; !dup {
			byNum[key{a.Num, a.Sub}] = a
		}
	}
	warn := func(ref drafts.Reference, msg string) {
		doc.Warnings = append(doc.Warnings, drafts.Warning{Line: ref.Line, Message: msg})
	}
	for _, ref := range doc.References {
		if ref.Instrument != "" {
			continue
		}
		switch ref.Relative {
		case "前款":
			if ref.Paragraph < 1 {
				warn(ref, "“前款”出现在条文的第一款，没有可指的前款")
			}
			continue
		case "前条":
			if ref.Article == 0 {
				warn(ref, "“前条”出现在第一个条文中，没有可指的前条")
			}
			continue
		case "", "本条":
		default: // 前两款 …
			n := 0
			if m, _, ok := scanNumber(strings.TrimSuffix(strings.TrimPrefix(ref.Relative, "前"), "款")); ok {
				n = m
			}
			if ref.Paragraph < n {
				warn(ref, "“"+ref.Relative+"”所指的款不存在（本款是第"+cnum.Format(ref.Paragraph+1)+"款）")
			}
			continue
		}
		if ref.Article == 0 {
			continue
		}
		a := byNum[key{ref.Article, ref.ArticleSub}]
		label := "第" + cnum.Format(ref.Article) + "条"
		if ref.ArticleSub > 0 {
			label += "之" + cnum.Format(ref.ArticleSub)
		}
		if a == nil {
			warn(ref, "引用的"+label+"不存在："+ref.Text)
			continue
		}
		if ref.ToArticle > 0 && byNum[key{ref.ToArticle, 0}] == nil {
			warn(ref, "引用的第"+cnum.Format(ref.ToArticle)+"条不存在："+ref.Text)
		}
		if ref.Paragraph > 0 && ref.Paragraph > len(a.Paragraphs) {
			warn(ref, "引用的"+label+"第"+cnum.Format(ref.Paragraph)+"款不存在（该条只有"+
				cnum.Format(len(a.Paragraphs))+"款）："+ref.Text)
			continue
		}
		if ref.Item > 0 {
			var items int
			if ref.Paragraph > 0 {
				items = len(a.Paragraphs[ref.Paragraph-1].Items)
			} else {
				for _, p := range a.Paragraphs {
					if len(p.Items) > 0 {
						items = len(p.Items)
						break
					}
				}
			}
			if ref.Item > items {
				warn(ref, "引用的项不存在："+ref.Text)
			}
		}
	}
}

// lawSuffixes end the names of laws cited without 《》 (专利法第二条).
var lawSuffixes = []string{"法", "条例", "细则", "办法", "规定", "规则"}

// leadWords are verbs and conjunctions that come before a law's name and
// are not part of it.
var leadWords = []string{"依照", "按照", "根据", "依据", "适用", "违反", "符合", "执行", "实施", "参照", "对照",
	"或者", "以及", "即", "和", "或", "及", "与", "对", "由", "是", "照", "依", "按", "的", "在", "经"}

// lawNameBefore returns the name of a law that s ends with when it is not
// this text itself (本法), e.g. "专利法" in "依照专利法", or "".
func lawNameBefore(s string) string {
	suffix := ""
	for _, suf := range lawSuffixes {
		if strings.HasSuffix(s, suf) {
			suffix = suf
			break
		}
	}
	if suffix == "" || strings.HasSuffix(s, "本"+suffix) || strings.HasSuffix(s, "》") {
		return ""
	}
	// Walk back over Han characters, at most 20.
	i, n := len(s), 0
	for i > 0 && n < 20 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if r < 0x4e00 || r > 0x9fff {
			break
		}
		i -= size
		n++
	}
	name := s[i:]
	for changed := true; changed; {
		changed = false
		for _, w := range leadWords {
			if strings.HasPrefix(name, w) && len(name) > len(w)+len(suffix) {
				name = name[len(w):]
				changed = true
			}
		}
	}
	if utf8.RuneCountInString(name) < 2 || name == suffix || strings.HasPrefix(name, "本") {
		return ""
	}
	switch name {
	case "依法", "方法", "办法", "规定", "细则", "条例", "规则", "立法", "执法", "司法", "守法", "合法", "违法", "非法", "说法", "做法", "有关规定", "相关规定", "国家规定", "的规定":
		return ""
	}
	if strings.HasSuffix(name, "规定") && !strings.Contains(name, "关于") {
		return "" // 按照有关规定第… is rare; 规定 alone is usually not a name
	}
	return name
}
