package search

import (
	"html"
	"sort"
	"strings"
)

// Snippet limits, in characters.
const (
	snippetMax      = 180 // total characters of a snippet, roughly
	sentenceWindow  = 70  // characters kept on each side of a mark in a long sentence
	maxSnippetParts = 3
)

// span is a half-open range of rune offsets.
type span struct{ start, end int }

// findMarks returns the merged spans of text (rune offsets) where any of
// words (normalised) occurs, every occurrence. Matching is on the
// normalised text, so ＰＭ２.５ is found by pm2.5; runs of white space in
// the text match one space in a word.
func findMarks(text []rune, words []string) []span {
	// norm is the folded text with white-space runs collapsed; at maps
	// each norm index back to a rune offset in text.
	norm := make([]rune, 0, len(text))
	at := make([]int, 0, len(text))
	space := false
	for i, r := range text {
		r = fold(r)
		if isSpace(r) {
			if !space && len(norm) > 0 {
				norm = append(norm, ' ')
				at = append(at, i)
			}
			space = true
			continue
		}
		space = false
		norm = append(norm, r)
		at = append(at, i)
	}
	var spans []span
	for _, w := range words {
		wr := []rune(w)
		if len(wr) == 0 || len(wr) > len(norm) {
			continue
		}
		for i := 0; i+len(wr) <= len(norm); i++ {
			if norm[i] != wr[0] || !runesEqual(norm[i:i+len(wr)], wr) {
				continue
			}
			spans = append(spans, span{at[i], at[i+len(wr)-1] + 1})
		}
	}
	return mergeSpans(spans)
}

func runesEqual(a, b []rune) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func mergeSpans(spans []span) []span {
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.start <= last.end {
			if s.end > last.end {
				last.end = s.end
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// isStop reports whether r ends a sentence for snippets.
func isStop(r rune) bool {
	return r == '。' || r == '；' || r == '！' || r == '？' || r == '\n' || r == ';' || r == '!' || r == '?'
}

// sentences splits text into sentences (each ends after its stop mark).
func sentences(text []rune) []span {
	var out []span
	start := 0
	for i, r := range text {
		if isStop(r) {
			out = append(out, span{start, i + 1})
			start = i + 1
		}
	}
	if start < len(text) {
		out = append(out, span{start, len(text)})
	}
	return out
}

// Snippet returns an HTML snippet of text with every occurrence of words
// marked (<mark>…</mark>), cut at sentence boundaries (。；！？ and line
// ends): the sentences holding marks, joined by "…", up to about
// snippetMax characters. Without any mark it is the text's beginning.
// The text is HTML-escaped.
func Snippet(text string, words []string) string {
	rs := []rune(text)
	marks := findMarks(rs, words)
	sents := sentences(rs)
	var parts []span
	total := 0
	mi := 0
	for si := 0; si < len(sents); si++ {
		s := sents[si]
		if len(parts) > 0 && s.end <= parts[len(parts)-1].end {
			continue // already inside the previous part
		}
		for mi < len(marks) && marks[mi].end <= s.start {
			mi++
		}
		if mi >= len(marks) {
			break
		}
		if marks[mi].start >= s.end {
			continue
		}
		part := s
		if len(parts) > 0 && part.start < parts[len(parts)-1].end {
			part.start = parts[len(parts)-1].end
		}
		// a mark running past the sentence end (a phrase across a line
		// break) takes the next sentence with it
		for _, m := range marks[mi:] {
			if m.start >= part.end {
				break
			}
			for m.end > part.end && si+1 < len(sents) {
				si++
				part.end = sents[si].end
			}
		}
		if part.end-part.start > 2*sentenceWindow+20 {
			// long sentence: keep a window around its first mark
			m := marks[mi]
			part = span{max(part.start, m.start-sentenceWindow), min(part.end, m.end+sentenceWindow)}
		}
		parts = append(parts, part)
		total += part.end - part.start
		if total >= snippetMax || len(parts) == maxSnippetParts {
			break
		}
	}
	if len(parts) == 0 {
		end := 0
		for _, s := range sents {
			if end > 0 && s.end > snippetMax {
				break
			}
			end = s.end
		}
		if end > snippetMax || end == 0 {
			end = min(len(rs), snippetMax)
		}
		parts = []span{{0, end}}
	}
	var b strings.Builder
	prev := 0
	for _, p := range parts {
		if p.start > prev {
			if gap := string(rs[prev:p.start]); strings.TrimSpace(gap) == "" && prev > 0 {
				b.WriteString(html.EscapeString(gap)) // only a line break between the sentences
			} else {
				b.WriteString("…")
			}
		}
		prev = p.end
		writeMarked(&b, rs, p, marks)
	}
	if last := parts[len(parts)-1]; last.end < len(rs) {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

// writeMarked writes rs[p] escaped, with the parts inside marks wrapped
// in <mark>.
func writeMarked(b *strings.Builder, rs []rune, p span, marks []span) {
	pos := p.start
	for _, m := range marks {
		if m.end <= pos || m.start >= p.end {
			continue
		}
		s, e := max(m.start, pos), min(m.end, p.end)
		b.WriteString(html.EscapeString(string(rs[pos:s])))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(string(rs[s:e])))
		b.WriteString("</mark>")
		pos = e
	}
	b.WriteString(html.EscapeString(string(rs[pos:p.end])))
}

// MarkHTML returns the whole of text HTML-escaped with every occurrence of
// words marked; the version page uses it for ?hl=word links.
func MarkHTML(text string, words []string) string {
	rs := []rune(text)
	var b strings.Builder
	writeMarked(&b, rs, span{0, len(rs)}, findMarks(rs, words))
	return b.String()
}
