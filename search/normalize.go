package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// fold maps one rune to its normalised form: full-width ASCII letters,
// digits and punctuation (U+FF01–U+FF5E) become their half-width forms,
// the ideographic space becomes a space, and letters are lower-cased.
// It maps rune to rune, so rune offsets in a normalised text are offsets
// in the original text too (highlighting relies on this).
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000 || r == 0x00A0:
		return ' '
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	if r >= 0x3001 && r <= 0x9FFF {
		return r // CJK punctuation, kana, Han: no case (skips ToLower's table search)
	}
	return unicode.ToLower(r)
}

// isSpace reports whether r separates words (after folding).
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
	}
	return unicode.IsSpace(r)
}

// Normalize returns s as the index sees it: full-width digits and Latin
// letters folded to half-width, letters lower-cased, runs of white space
// collapsed to one space and trimmed. Normalize("第１０条　ＰＭ２.５") is
// "第10条 pm2.5". A text contains a query exactly when Normalize(text)
// contains Normalize(query).
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		r = fold(r)
		if isSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
