package diff

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// deadline is the time budget shared by all character diffs of one
// comparison.
type deadline struct{ end time.Time }

// remaining is the time left, at most max.
func (d *deadline) remaining(max time.Duration) time.Duration {
	r := time.Until(d.end)
	if r > max {
		r = max
	}
	return r
}

// Texts diffs two texts by character, sentence by sentence, within budget.
// It returns the diff and whether part of it fell back to whole sentences.
// Invalid UTF-8 is an EINVALID error from Compare; Texts expects valid input.
func Texts(a, b string, budget time.Duration) ([]Op, bool) {
	if budget <= 0 {
		budget = 500 * time.Millisecond
	}
	ops, coarse, _ := diffTexts(a, b, &deadline{end: time.Now().Add(budget)})
	return ops, coarse
}

// sentences splits s after each 。；; and newline, keeping the delimiters.
func sentences(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if r == '。' || r == '；' || r == '\n' || r == ';' {
			end := i + utf8.RuneLen(r)
			out = append(out, s[start:end])
			start = end
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// tokenRune maps a sentence id to a rune that is valid in a string.
func tokenRune(k int) rune {
	r := rune(k + 0x100)
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

// perRunTimeout bounds one go-diff call; a call that uses it all, or that
// would start after the comparison's budget is spent, is replaced by whole
// sentences and the diff is marked coarse.
const perRunTimeout = 200 * time.Millisecond

// bigRun is the size in bytes of a changed run above which the run is
// first checked for being worth a character diff at all.
const bigRun = 12000

// quickDice is the Dice coefficient of the character bigram sets of a and b.
func quickDice(a, b string) float64 {
	set := func(s string) map[[2]rune]struct{} {
		m := map[[2]rune]struct{}{}
		var prev rune
		for i, r := range s {
			if i > 0 {
				m[[2]rune{prev, r}] = struct{}{}
			}
			prev = r
		}
		return m
	}
	sa, sb := set(a), set(b)
	if len(sa)+len(sb) == 0 {
		return 1
	}
	n := 0
	for k := range sa {
		if _, ok := sb[k]; ok {
			n++
		}
	}
	return 2 * float64(n) / float64(len(sa)+len(sb))
}

// diffTexts returns the diff after semantic clean-up, whether it is
// coarse, and the similarity 2·equal/(len a + len b) in characters counted
// before the clean-up (which folds small equal runs into the edits and so
// would understate how much of a rewritten article survived).
func diffTexts(a, b string, dl *deadline) ([]Op, bool, float64) {
	if a == b {
		if a == "" {
			return []Op{}, false, 1
		}
		return []Op{{Op: OpEqual, Text: a}}, false, 1
	}
	sa, sb := sentences(a), sentences(b)
	ids := map[string]int{}
	var table []string
	tok := func(ss []string) []rune {
		rs := make([]rune, len(ss))
		for i, s := range ss {
			k, ok := ids[s]
			if !ok {
				k = len(table)
				ids[s] = k
				table = append(table, s)
			}
			rs[i] = tokenRune(k)
		}
		return rs
	}
	ta, tb := tok(sa), tok(sb)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = dl.remaining(perRunTimeout)
	coarse := false
	var sd []diffmatchpatch.Diff
	if dmp.DiffTimeout <= 0 {
		sd = []diffmatchpatch.Diff{{Type: diffmatchpatch.DiffDelete, Text: string(ta)}, {Type: diffmatchpatch.DiffInsert, Text: string(tb)}}
		coarse = true
	} else {
		sd = diffMainRunes(ta, tb, dmp.DiffTimeout)
	}
	untok := func(s string) string {
		var sbld strings.Builder
		for _, r := range s {
			k := int(r)
			if k >= 0xD800+0x800 {
				k -= 0x800
			}
			sbld.WriteString(table[k-0x100])
		}
		return sbld.String()
	}
	var out []diffmatchpatch.Diff
	var del, ins strings.Builder
	flush := func() {
		if del.Len() == 0 && ins.Len() == 0 {
			return
		}
		d, n := del.String(), ins.String()
		del.Reset()
		ins.Reset()
		if d == "" || n == "" {
			if d != "" {
				out = append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffDelete, Text: d})
			} else {
				out = append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffInsert, Text: n})
			}
			return
		}
		t := dl.remaining(perRunTimeout)
		if t > 0 && len(d)+len(n) > bigRun && quickDice(d, n) < 0.3 {
			// Thousands of characters with little in common: a
			// character diff would only spend the budget.
			t = 0
		}
		if t <= 0 {
			coarse = true
			out = append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffDelete, Text: d},
				diffmatchpatch.Diff{Type: diffmatchpatch.DiffInsert, Text: n})
			return
		}
		dmp.DiffTimeout = t
		st := time.Now()
		cd := diffMain(d, n, t)
		if time.Since(st) >= t {
			// The result after a timeout is valid but useless: show the
			// sentences whole.
			coarse = true
			out = append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffDelete, Text: d},
				diffmatchpatch.Diff{Type: diffmatchpatch.DiffInsert, Text: n})
			return
		}
		out = append(out, cd...)
	}
	for _, d := range sd {
		text := untok(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			flush()
			out = append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffEqual, Text: text})
		case diffmatchpatch.DiffDelete:
			del.WriteString(text)
		case diffmatchpatch.DiffInsert:
			ins.WriteString(text)
		}
	}
	flush()
	eq := 0
	for _, d := range out {
		if d.Type == diffmatchpatch.DiffEqual {
			eq += utf8.RuneCountInString(d.Text)
		}
	}
	sim := 1.0
	if n := utf8.RuneCountInString(a) + utf8.RuneCountInString(b); n > 0 {
		sim = float64(int(float64(2*eq)/float64(n)*1000+0.5)) / 1000
	}
	out = dmp.DiffCleanupSemantic(out)
	ops := make([]Op, 0, len(out))
	for _, d := range out {
		if d.Text == "" {
			continue
		}
		var o string
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			o = OpEqual
		case diffmatchpatch.DiffInsert:
			o = OpInsert
		default:
			o = OpDelete
		}
		if n := len(ops); n > 0 && ops[n-1].Op == o {
			ops[n-1].Text += d.Text
			continue
		}
		ops = append(ops, Op{Op: o, Text: d.Text})
	}
	return ops, coarse, sim
}

// diffMain is go-diff's DiffMain for two strings with the given timeout and
// without line mode (an article is usually one line).
func diffMain(a, b string, timeout time.Duration) []diffmatchpatch.Diff {
	return diffMainRunes([]rune(a), []rune(b), timeout)
}

// diffMainRunes is go-diff's DiffMainRunes with the given timeout, sparing
// the string-to-rune conversion for callers that hold runes already.
func diffMainRunes(a, b []rune, timeout time.Duration) []diffmatchpatch.Diff {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = timeout
	return dmp.DiffMainRunes(a, b, false)
}
