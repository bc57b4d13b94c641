package diff

import (
	"time"
	"unicode/utf8"
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
	// Sentences become tokens (one rune each), diffed first.
	sa, sb := sentences(a), sentences(b)
	ids := map[string]int{}
	var table [][]rune
	tok := func(ss []string) []rune {
		rs := make([]rune, len(ss))
		for i, s := range ss {
			k, ok := ids[s]
			if !ok {
				k = len(table)
				ids[s] = k
				table = append(table, []rune(s))
			}
			rs[i] = tokenRune(k)
		}
		return rs
	}
	ta, tb := tok(sa), tok(sb)
	coarse := false
	var sd []rdiff
	rd := &runeDiffer{} // one for the sentences and every changed run
	if t := dl.remaining(perRunTimeout); t <= 0 {
		sd = []rdiff{{opDelete, ta}, {opInsert, tb}}
		coarse = true
	} else {
		rd.deadline = time.Now().Add(t)
		sd = rd.main(ta, tb)
	}
	untok := func(dst, toks []rune) []rune {
		for _, r := range toks {
			k := int(r)
			if k >= 0xD800+0x800 {
				k -= 0x800
			}
			dst = append(dst, table[k-0x100]...)
		}
		return dst
	}
	var out []rdiff
	var del, ins []rune
	flush := func() {
		if len(del) == 0 && len(ins) == 0 {
			return
		}
		d, n := del, ins
		del, ins = nil, nil
		if len(d) == 0 || len(n) == 0 {
			if len(d) != 0 {
				out = append(out, rdiff{opDelete, d})
			} else {
				out = append(out, rdiff{opInsert, n})
			}
			return
		}
		t := dl.remaining(perRunTimeout)
		if t > 0 && utf8Len(d)+utf8Len(n) > bigRun && quickDice(string(d), string(n)) < 0.3 {
			// Thousands of characters with little in common: a
			// character diff would only spend the budget.
			t = 0
		}
		if t <= 0 {
			coarse = true
			out = append(out, rdiff{opDelete, d}, rdiff{opInsert, n})
			return
		}
		st := time.Now()
		rd.deadline = st.Add(t)
		cd := rd.main(d, n)
		if time.Since(st) >= t {
			// The result after a timeout is valid but useless: show the
			// sentences whole.
			coarse = true
			out = append(out, rdiff{opDelete, d}, rdiff{opInsert, n})
			return
		}
		out = append(out, cd...)
	}
	for _, d := range sd {
		switch d.op {
		case opEqual:
			flush()
			out = append(out, rdiff{opEqual, untok(nil, d.text)})
		case opDelete:
			del = untok(del, d.text)
		case opInsert:
			ins = untok(ins, d.text)
		}
	}
	flush()
	eq := 0
	for _, d := range out {
		if d.op == opEqual {
			eq += len(d.text)
		}
	}
	sim := 1.0
	if n := utf8.RuneCountInString(a) + utf8.RuneCountInString(b); n > 0 {
		sim = float64(int(float64(2*eq)/float64(n)*1000+0.5)) / 1000
	}
	out = cleanupSemantic(out)
	ops := make([]Op, 0, len(out))
	for _, d := range out {
		if len(d.text) == 0 {
			continue
		}
		var o string
		switch d.op {
		case opEqual:
			o = OpEqual
		case opInsert:
			o = OpInsert
		default:
			o = OpDelete
		}
		if n := len(ops); n > 0 && ops[n-1].Op == o {
			ops[n-1].Text += string(d.text)
			continue
		}
		ops = append(ops, Op{Op: o, Text: string(d.text)})
	}
	return ops, coarse, sim
}
