package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Copies of regulations taken from PDFs and web pages often write some
// punctuation half-width (规定: before a list, (一) for an item) where the
// official text has it full-width. The parser writes it full-width when it
// stands beside Chinese text, so that such a copy reads, compares and takes
// an amendment like the official text. Half-width punctuation among Latin
// letters and digits (1,000; 8:30; f(x); a Markdown link) is kept.

// halfWidth maps the half-width punctuation that FullWidthPunct writes
// full-width to its full-width form.
var halfWidth = [128]rune{':': '：', ';': '；', ',': '，', '?': '？', '!': '！', '(': '（', ')': '）'}

// FullWidthPunct returns s (one line or paragraph) with the half-width
// : ; , ? ! written full-width where the character before or after is
// Chinese (a Han character, CJK or full-width punctuation, Chinese quotes)
// and a colon ending s; and ( ) written full-width in pairs, where the
// other bracket is full-width, or the pair encloses Chinese text, or
// touches it without following a Latin letter or digit (so (一), (1)申请
// and 第(3)项, not f(x)). A bracket without its pair goes as : ; , ? !.
// Every mark keeps its place: offsets in runes do not change.
func FullWidthPunct(s string) string {
	if !strings.ContainsAny(s, ":;,?!()") {
		return s
	}
	rs := []rune(s)
	// The neighbours that make a mark Chinese: not the marks written
	// full-width here, so that a second pass changes nothing.
	wide := func(k int) bool {
		if k < 0 || k >= len(rs) {
			return false
		}
		switch rs[k] {
		case '：', '；', '，', '？', '！', '（', '）':
			return false
		}
		return wideRune(rs[k])
	}
	alnum := func(k int) bool {
		return k >= 0 && k < len(rs) && rs[k] < utf8.RuneSelf && (unicode.IsLetter(rs[k]) || unicode.IsDigit(rs[k]))
	}
	// Pairs of brackets, either width: pair[k] is the index of the
	// bracket that closes the one at k, and the other way round.
	pair := map[int]int{}
	var stack []int
	for k, r := range rs {
		switch r {
		case '(', '（':
			stack = append(stack, k)
		case ')', '）':
			if n := len(stack); n > 0 {
				pair[stack[n-1]], pair[k] = k, stack[n-1]
				stack = stack[:n-1]
			}
		}
	}
	// chinesePair reports whether the pair of brackets lo, hi is written
	// full-width: one of them is, or it encloses Chinese text, or it
	// touches Chinese text and follows no Latin letter or digit (f(x)).
	chinesePair := func(lo, hi int) bool {
		if rs[lo] == '（' || rs[hi] == '）' {
			return true
		}
		if lo > 0 && rs[lo-1] == ']' {
			return false // a Markdown link: [text](url)
		}
		for x := lo + 1; x < hi; x++ {
			if wide(x) {
				return true
			}
		}
		return !alnum(lo-1) && (wide(lo-1) || wide(hi+1))
	}
	changed := false
	for k, r := range rs {
		if r >= utf8.RuneSelf || halfWidth[r] == 0 {
			continue
		}
		var to bool
		switch r {
		case '(', ')':
			if o, ok := pair[k]; ok {
				to = chinesePair(min(k, o), max(k, o))
			} else {
				to = wide(k-1) || wide(k+1)
			}
		case ':':
			to = wide(k-1) || wide(k+1) || k == len(rs)-1 && k > 0
		default:
			to = wide(k-1) || wide(k+1)
		}
		if to {
			rs[k] = halfWidth[r]
			changed = true
		}
	}
	if !changed {
		return s
	}
	return string(rs)
}

// wideRune reports whether r is Chinese text: a Han character, CJK or
// full-width punctuation, or the quotes, dash and ellipsis Chinese text
// uses.
func wideRune(r rune) bool {
	switch {
	case r < 0x2000:
		return false
	case r >= 0x3000 && r <= 0x303f, r >= 0xff00 && r <= 0xffef:
		return true
	case r >= 0x2018 && r <= 0x201d, r == '—', r == '…':
		return true
	}
	return unicode.Is(unicode.Han, r)
}
