package parse

import (
	"strings"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/cnum"
)

// kind classifies one source line.
type kind uint8

const (
	kBlank     kind = iota
	kText           // ordinary text: a paragraph or its continuation
	kHeading        // 第一章 总则 (编/章/节)
	kArticle        // 第一条 …
	kItem           // （一）…
	kSubItem        // （1）… or 1、…
	kDotNum         // 1. … : a 目, or a docx artefact for an item or a chapter
	kTOC            // 目录
	kBlock          // 附件 …
	kPoint          // 一、… (used as articles only in texts without 条)
	kInfoEnd        // <!-- INFO END -->
	kMDHeading      // a Markdown heading that is not a division
	kPage           // a page number left by PDF extraction: — 22 —
)

// line is one source line, cleaned and classified.
type line struct {
	no    int    // 1-based source line
	text  string // without surrounding blanks, zero-width characters, Markdown markers
	kind  kind
	md    bool // was a Markdown # heading
	depth int  // number of # of a Markdown heading
	level drafts.DivisionLevel
	num   int
	sub   int
	label string // 第一章, 第十条之一, （一）, 1.
	rest  string // text after the label
	tight bool   // an article label directly followed by text, no blank between
}

// isBlankRune reports the characters trimmed around a line.
func isBlankRune(r rune) bool {
	switch r {
	case ' ', '\t', '\u3000', '\u00a0', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\v', '\f',
		'\u202f', '\u205f', '\u1680':
		return true
	}
	return r >= '\u2000' && r <= '\u200a'
}

// isZeroWidth reports the invisible characters removed inside lines.
func isZeroWidth(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return false
}

// cleanLine removes zero-width characters anywhere and blanks at both ends.
func cleanLine(s string) string {
	if s == "" {
		return s
	}
	// Fast paths: a blank starts with one of these bytes (space, tab,
	// U+00A0, U+1680, U+2000–U+206F, U+3000, U+FEFF …).
	if n := len(s); s[n-1] <= ' ' || s[n-1] >= 0x80 && (n >= 2 && s[n-2] == 0xc2 ||
		n >= 3 && (s[n-3] == 0xe1 || s[n-3] == 0xe2 || s[n-3] == 0xe3 || s[n-3] == 0xef)) {
		s = strings.TrimRightFunc(s, isBlankRune)
	}
	if s != "" {
		if c := s[0]; c <= ' ' || c == 0xc2 || c == 0xe1 || c == 0xe2 || c == 0xe3 || c == 0xef {
			s = strings.TrimLeftFunc(s, isBlankRune)
		}
	}
	if hasZeroWidth(s) {
		s = strings.Map(func(r rune) rune {
			if isZeroWidth(r) {
				return -1
			}
			return r
		}, s)
	}
	return s
}

// hasZeroWidth reports whether s holds U+200B–U+200D, U+2060 or U+FEFF,
// looking at bytes only (this runs on every line).
func hasZeroWidth(s string) bool {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], 0xe2)
		if j < 0 {
			break
		}
		i += j
		if i+2 < len(s) && (s[i+1] == 0x80 && s[i+2] >= 0x8b && s[i+2] <= 0x8d || s[i+1] == 0x81 && s[i+2] == 0xa0) {
			return true
		}
		i++
	}
	return strings.Contains(s, "\ufeff")
}

// compact removes every blank from s: 目　　录 → 目录, 总　　则 → 总则.
func compact(s string) string {
	if !strings.ContainsFunc(s, isBlankRune) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBlankRune(r) {
			return -1
		}
		return r
	}, s)
}

// isNumRune reports whether r can be part of a number in a label.
func isNumRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= '０' && r <= '９' || cnum.IsNumeralRune(r)
}

// scanNumber reads a number at the start of s: Chinese numerals or
// ASCII/full-width digits. It returns the value, the bytes used, and ok.
func scanNumber(s string) (int, int, bool) {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isNumRune(r) {
			break
		}
		i += size
		if i > 30 {
			return 0, 0, false
		}
	}
	if i == 0 {
		return 0, 0, false
	}
	n, err := cnum.Parse(s[:i])
	if err != nil || n > 1_000_000 {
		return 0, 0, false
	}
	return n, i, true
}

// notAfterTightLabel are the characters that, right after 第X条, always
// mean a citation; other text right after the label (第九条对于…) is taken
// as an article when its number is due.
const notAfterTightLabel = "的规中所至第、和或及，。；：款项之"

// classify sets l.kind and the label fields from l.text.
func classify(l *line) {
	s := l.text
	if s == "" {
		l.kind = kBlank
		return
	}
	l.kind = kText
	switch {
	case strings.HasPrefix(s, "第"):
		classifyLabel(l)
	case strings.HasPrefix(s, "（") || strings.HasPrefix(s, "("):
		classifyParen(l)
	case s[0] >= '0' && s[0] <= '9' && isPageNumber(s):
		l.kind = kPage
	case s[0] >= '0' && s[0] <= '9' || strings.HasPrefix(s, "０") || strings.HasPrefix(s, "１") ||
		strings.HasPrefix(s, "２") || strings.HasPrefix(s, "３") || strings.HasPrefix(s, "４") ||
		strings.HasPrefix(s, "５") || strings.HasPrefix(s, "６") || strings.HasPrefix(s, "７") ||
		strings.HasPrefix(s, "８") || strings.HasPrefix(s, "９"):
		classifyDigits(l)
	case strings.HasPrefix(s, "附"):
		if (strings.HasPrefix(s, "附件") || strings.HasPrefix(s, "附表") || strings.HasPrefix(s, "附录") ||
			strings.HasPrefix(s, "附：") || strings.HasPrefix(s, "附:")) && utf8.RuneCountInString(s) <= 40 &&
			!strings.ContainsAny(s, "。；") {
			l.kind = kBlock
		}
	case strings.HasPrefix(s, "目"):
		if c := compact(s); c == "目录" || c == "目次" {
			l.kind = kTOC
		}
	case strings.HasPrefix(s, "<!--"):
		if strings.Contains(s, "INFO END") {
			l.kind = kInfoEnd
		}
	case s[0] == '-' || strings.HasPrefix(s, "—") || strings.HasPrefix(s, "－") || strings.HasPrefix(s, "–"):
		if isPageNumber(s) {
			l.kind = kPage
		}
	default:
		if cnum.IsNumeralRune(firstRune(s)) {
			if n, k, ok := scanNumber(s); ok && k < len(s) && strings.HasPrefix(s[k:], "、") {
				l.kind, l.num, l.label, l.rest = kPoint, n, s[:k+len("、")], cleanLine(s[k+len("、"):])
			}
		}
	}
}

// classifyLabel handles lines starting with 第: headings and articles.
func classifyLabel(l *line) {
	s := l.text
	// PDF extraction may space a label out: 第 一 条, 第一百二十八 条.
	start := len("第")
	spaced := false
	if t := strings.TrimLeft(s[start:], " \u3000"); len(t) != len(s[start:]) {
		start, spaced = len(s)-len(t), true
	}
	n, k, ok := scanNumberSpaced(s[start:])
	if !ok {
		return
	}
	p := start + k
	if t := strings.TrimLeft(s[p:], " \u3000"); len(t) != len(s[p:]) {
		p, spaced = len(s)-len(t), true
	}
	r, size := utf8.DecodeRuneInString(s[p:])
	switch r {
	case '条':
		p += size
		sub := 0
		if strings.HasPrefix(s[p:], "之") {
			if m, k2, ok := scanNumber(s[p+len("之"):]); ok {
				sub = m
				p += len("之") + k2
			}
		}
		rest := s[p:]
		if strings.HasPrefix(rest, "：") || strings.HasPrefix(rest, ":") {
			rest = strings.TrimLeft(rest, "：:") // 第一条：为了…
		} else if rest != "" {
			r2, _ := utf8.DecodeRuneInString(rest)
			if !isBlankRune(r2) {
				if strings.ContainsRune(notAfterTightLabel, r2) {
					return
				}
				l.tight = true
			}
		}
		l.kind, l.num, l.sub, l.label, l.rest = kArticle, n, sub, s[:p], cleanLine(rest)
		if spaced {
			l.label = compact(l.label)
		}
	case '编', '章', '节', '分':
		p += size
		if r == '分' {
			if !strings.HasPrefix(s[p:], "编") {
				return
			}
			p += len("编")
		}
		rest := s[p:]
		title := tocTitle(compact(rest))
		if utf8.RuneCountInString(title) > 50 || strings.ContainsAny(title, "。；") {
			return
		}
		if rest != "" {
			r2, _ := utf8.DecodeRuneInString(rest)
			if !isBlankRune(r2) && strings.ContainsRune("的规中所至、和或及，。；：", r2) {
				return
			}
		}
		l.kind, l.num, l.label, l.rest = kHeading, n, s[:p], title
		if spaced {
			l.label = compact(l.label)
		}
		switch r {
		case '编':
			l.level = drafts.LevelPart
		case '分':
			l.level = drafts.LevelSubpart
		case '章':
			l.level = drafts.LevelChapter
		default:
			l.level = drafts.LevelSection
		}
	}
}

// classifyParen handles （一） items and （1） sub-items.
func classifyParen(l *line) {
	s := l.text
	open := len("（")
	if s[0] == '(' {
		open = 1
	}
	n, k, ok := scanNumber(s[open:])
	if !ok {
		return
	}
	p := open + k
	var close int
	switch {
	case strings.HasPrefix(s[p:], "）"):
		close = len("）")
	case strings.HasPrefix(s[p:], ")"):
		close = 1
	default:
		return
	}
	r, _ := utf8.DecodeRuneInString(s[open:])
	l.num, l.label, l.rest = n, s[:p+close], cleanLine(s[p+close:])
	if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
		l.kind = kSubItem
	} else {
		l.kind = kItem
	}
}

// classifyDigits handles 1. and 1、 lines.
func classifyDigits(l *line) {
	s := l.text
	i := 0
	n := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		var d int
		switch {
		case r >= '0' && r <= '9':
			d = int(r - '0')
		case r >= '０' && r <= '９':
			d = int(r - '０')
		default:
			goto done
		}
		n = n*10 + d
		i += size
		if i > 12 {
			return
		}
	}
done:
	rest := s[i:]
	var sep int
	switch {
	case strings.HasPrefix(rest, "．"), strings.HasPrefix(rest, "、"):
		sep = len("．")
	case strings.HasPrefix(rest, "."):
		sep = 1
		// 1.5 is a number, not a label.
		if len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9' {
			return
		}
	default:
		return
	}
	l.kind, l.num, l.label, l.rest = kDotNum, n, s[:i+sep], cleanLine(rest[sep:])
}

// isPageNumber reports whether s is only a page number, as PDF extraction
// leaves between pages: "— 22 —", "- 3 -", "22".
func isPageNumber(s string) bool {
	t := strings.Trim(s, "—－-– \u3000")
	if t == "" || len(t) > 4 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}

// scanNumberSpaced is scanNumber allowing single spaces between the
// characters of the number (第 一 百 条 in PDF extractions).
func scanNumberSpaced(s string) (int, int, bool) {
	n, k, ok := scanNumber(s)
	if !ok {
		return n, k, ok
	}
	if r := firstRune(s[k:]); r != ' ' && r != '\u3000' {
		return n, k, ok // the usual case: nothing spaced
	}
	if after := strings.TrimLeft(s[k:], " \u3000"); after == "" || !isNumRune(firstRune(after)) {
		return n, k, ok // 第一 条: the blank is before the 条, not inside the number
	}
	var digits strings.Builder
	i := 0
	for i < len(s) && i < 80 {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isNumRune(r) {
			digits.WriteRune(r)
		} else if r != ' ' && r != '\u3000' || i+size < len(s) && !isNumRune(firstRune(s[i+size:])) {
			break
		}
		i += size
	}
	// Do not swallow the blank after the number.
	for i > 0 && (s[i-1] == ' ') {
		i--
	}
	if strings.HasSuffix(s[:i], "\u3000") {
		i -= len("\u3000")
	}
	if digits.Len() == 0 {
		return 0, 0, false
	}
	n, err := cnum.Parse(digits.String())
	if err != nil || n > 1_000_000 {
		return 0, 0, false
	}
	return n, i, true
}

// tocTitle removes what a table of contents adds after a heading's title:
// leaders and a page number (总则……1), an article range (总则（第一条—第十条）).
func tocTitle(t string) string {
	t2 := strings.TrimRight(t, "0123456789.．…·-—_ ")
	if t2 != t && t2 != "" && (strings.HasSuffix(t2, "…") || len(t)-len(t2) > 0 && strings.ContainsAny(t[len(t2):], "….．·")) {
		t = strings.TrimRight(t2, "…．.·")
	}
	if i := strings.LastIndex(t, "（第"); i > 0 && strings.HasSuffix(t, "条）") {
		t = t[:i]
	}
	return t
}
