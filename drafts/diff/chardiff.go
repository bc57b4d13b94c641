package diff

import (
	"time"
	"unicode/utf8"
)

// deadline is the time budget shared by all character diffs of one
// comparison.
type deadline struct{ end time.Time }

// remaining is the time left at now, at most max.
func (d *deadline) remaining(now time.Time, max time.Duration) time.Duration {
	return min(d.end.Sub(now), max)
}

// Texts diffs two texts by character, sentence by sentence, within budget.
// It returns the diff and whether part of it fell back to whole sentences.
// Invalid UTF-8 is an EINVALID error from Compare; Texts shows each invalid
// byte as U+FFFD.
func Texts(a, b string, budget time.Duration) ([]Op, bool) {
	if budget <= 0 {
		budget = 500 * time.Millisecond
	}
	if !utf8.ValidString(a) {
		a = string([]rune(a)) // each invalid byte becomes U+FFFD
	}
	if !utf8.ValidString(b) {
		b = string([]rune(b))
	}
	ops, coarse, _ := new(textDiffer).diff(a, b, &deadline{end: time.Now().Add(budget)})
	return ops, coarse
}

// appendRunes appends the characters of s to dst, like []rune(s) (an
// invalid byte becomes U+FFFD), decoding the three-byte characters of
// Chinese text inline: a call per character, as range and []rune make,
// was much of the time of a profile and of a diff.
func appendRunes(dst []rune, s string) []rune {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			dst = append(dst, rune(c))
			i++
		// E1–EF but ED lead three bytes that cannot be overlong or a
		// surrogate (E0 and ED can): only the continuation bytes to
		// check.
		case c-0xE1 <= 0x0E && c != 0xED && i+2 < len(s) && (s[i+1]^0x80)|(s[i+2]^0x80) < 0x40:
			dst = append(dst, rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F))
			i += 3
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			dst = append(dst, r)
			i += n
		}
	}
	return dst
}

// sentenceText is one side of a diff cut into sentences: after each 。；;
// and newline, keeping the delimiters.
type sentenceText struct {
	s     string
	runes []rune
	bytes []int // sentence k is s[bytes[k]:bytes[k+1]]
	at    []int // and runes[at[k]:at[k+1]]
}

// cut splits s (valid UTF-8) into sentences, decoding its characters into
// runes (reused) as appendRunes does, in the same pass.
func (t *sentenceText) cut(s string, runes []rune) {
	t.s = s
	t.bytes, t.at = append(t.bytes[:0], 0), append(t.at[:0], 0)
	rs := runes[:0]
	for i := 0; i < len(s); {
		c := s[i]
		end := false
		switch {
		case c < utf8.RuneSelf:
			rs = append(rs, rune(c))
			i++
			end = c == '\n' || c == ';'
		case c-0xE1 <= 0x0E && c != 0xED && i+2 < len(s) && (s[i+1]^0x80)|(s[i+2]^0x80) < 0x40:
			r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			rs = append(rs, r)
			i += 3
			end = r == '。' || r == '；'
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			rs = append(rs, r)
			i += n
		}
		if end {
			t.bytes, t.at = append(t.bytes, i), append(t.at, len(rs))
		}
	}
	if t.bytes[len(t.bytes)-1] < len(s) {
		t.bytes, t.at = append(t.bytes, len(s)), append(t.at, len(rs))
	}
	t.runes = rs
}

// n is the number of sentences.
func (t *sentenceText) n() int { return len(t.at) - 1 }

// sentence returns sentence k as a string.
func (t *sentenceText) sentence(k int) string { return t.s[t.bytes[k]:t.bytes[k+1]] }

// perRunTimeout bounds one go-diff call; a call that uses it all, or that
// would start after the comparison's budget is spent, is replaced by whole
// sentences and the diff is marked coarse.
const perRunTimeout = 200 * time.Millisecond

// bigRun is the size in bytes of a changed run above which the run is
// first checked for being worth a character diff at all.
const bigRun = 12000

// quickDice is the Dice coefficient of the character bigram sets of a and b.
func quickDice(a, b []rune) float64 {
	set := func(s []rune) map[[2]rune]struct{} {
		m := map[[2]rune]struct{}{}
		for i := 1; i < len(s); i++ {
			m[[2]rune{s[i-1], s[i]}] = struct{}{}
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

// textDiffer diffs texts by sentence, then by character (diff); its
// buffers are reused by the next diff, so one belongs to one goroutine.
type textDiffer struct {
	sa, sb sentenceText
	sents  []string        // the distinct sentences of a few, by id
	ids    map[string]rune // the ids of many
	ta, tb []rune
	sd     []rdiff
	out    []rdiff
	rd     runeDiffer
}

// diff returns the diff of a and b after semantic clean-up, whether it is
// coarse, and the similarity 2·equal/(len a + len b) in characters counted
// before the clean-up (which folds small equal runs into the edits and so
// would understate how much of a rewritten article survived). a and b must
// be valid UTF-8 (see Texts). The texts of the returned ops are substrings
// of a and b.
func (td *textDiffer) diff(a, b string, dl *deadline) ([]Op, bool, float64) {
	if a == b {
		if a == "" {
			return []Op{}, false, 1
		}
		return []Op{{Op: OpEqual, Text: a}}, false, 1
	}
	// Sentences become tokens (one rune each, the same rune for the
	// same sentence), diffed first.
	sa, sb := &td.sa, &td.sb
	sa.cut(a, sa.runes)
	sb.cut(b, sb.runes)
	// Most articles have a few sentences: looking them up one by one is
	// cheaper than hashing them.
	few := sa.n()+sb.n() <= 24
	td.sents = td.sents[:0]
	if !few {
		td.ids = make(map[string]rune, sa.n()+sb.n())
	}
	tok := func(t *sentenceText, rs []rune) []rune {
		rs = rs[:0]
		for k := range t.n() {
			rs = append(rs, td.sentenceID(t.sentence(k), few))
		}
		return rs
	}
	td.ta, td.tb = tok(sa, td.ta), tok(sb, td.tb)
	ta, tb := td.ta, td.tb
	coarse := false
	// One differ for the sentences, then for the characters of every
	// changed run.
	rd := &td.rd
	rd.A, rd.B = ta, tb
	var sd []rdiff
	if now := time.Now(); dl.remaining(now, perRunTimeout) <= 0 {
		sd = []rdiff{{opDelete, 0, 0, len(ta)}, {opInsert, len(ta), 0, len(tb)}}
		coarse = true
	} else {
		rd.deadline = now.Add(dl.remaining(now, perRunTimeout))
		sd = rd.main(td.sd[:0], 0, len(ta), 0, len(tb))
		td.sd = sd
	}
	rd.A, rd.B = sa.runes, sb.runes
	out := td.out[:0]
	// A changed run deletes sentences [d0, ia) and inserts [i0, ib).
	var ia, ib, d0, i0 int
	flush := func() {
		if d0 == ia && i0 == ib {
			return
		}
		a0, a1, b0, b1 := sa.at[d0], sa.at[ia], sb.at[i0], sb.at[ib]
		size := sa.bytes[ia] - sa.bytes[d0] + sb.bytes[ib] - sb.bytes[i0]
		d0, i0 = ia, ib
		whole := []rdiff{{opDelete, a0, b0, a1 - a0}, {opInsert, a1, b0, b1 - b0}}
		if a0 == a1 || b0 == b1 {
			if a0 != a1 {
				out = append(out, whole[0])
			} else {
				out = append(out, whole[1])
			}
			return
		}
		now := time.Now()
		t := dl.remaining(now, perRunTimeout)
		if t > 0 && size > bigRun && quickDice(sa.runes[a0:a1], sb.runes[b0:b1]) < 0.3 {
			// Thousands of characters with little in common: a
			// character diff would only spend the budget.
			t = 0
		}
		if t <= 0 {
			coarse = true
			out = append(out, whole...)
			return
		}
		rd.deadline, rd.timedOut = now.Add(t), false
		n := len(out)
		out = rd.main(out, a0, a1, b0, b1)
		if rd.timedOut {
			// The result after a timeout is valid but useless: show the
			// sentences whole.
			coarse = true
			out = append(out[:n], whole...)
		}
	}
	for _, d := range sd {
		switch d.op {
		case opEqual:
			flush()
			out = append(out, rdiff{opEqual, sa.at[ia], sb.at[ib], sa.at[ia+d.n] - sa.at[ia]})
			ia += d.n
			ib += d.n
			d0, i0 = ia, ib
		case opDelete:
			ia += d.n
		case opInsert:
			ib += d.n
		}
	}
	flush()
	eq := 0
	for _, d := range out {
		if d.op == opEqual {
			eq += d.n
		}
	}
	sim := 1.0
	if n := len(sa.runes) + len(sb.runes); n > 0 {
		sim = float64(int(float64(2*eq)/float64(n)*1000+0.5)) / 1000
	}
	if len(out) > 0 {
		out = rd.cleanupSemantic(out)
	}
	td.out = out
	return rd.ops(out, a, b), coarse, sim
}

// sentenceID returns the id of sentence s, numbering it if it is new
// (in td.sents when few, else in td.ids).
func (td *textDiffer) sentenceID(s string, few bool) rune {
	if few {
		for k, x := range td.sents {
			if x == s {
				return rune(k)
			}
		}
		td.sents = append(td.sents, s)
		return rune(len(td.sents) - 1)
	}
	id, ok := td.ids[s]
	if !ok {
		id = rune(len(td.ids))
		td.ids[s] = id
	}
	return id
}

// ops turns a diff of rd.A and rd.B, the characters of a and b, into ops,
// merging neighbours of the same kind; each op's text is the substring of
// a (equal, delete) or b (insert) it stands for.
func (rd *runeDiffer) ops(ds []rdiff, a, b string) []Op {
	ops := make([]Op, 0, len(ds))
	pa, pb := 0, 0 // bytes of a and b covered so far
	start := 0     // where the last op's text starts (in a or b)
	for _, d := range ds {
		if d.n == 0 {
			continue
		}
		n := utf8Len(rd.text(d))
		var o string
		switch d.op {
		case opEqual:
			o = OpEqual
		case opInsert:
			o = OpInsert
		default:
			o = OpDelete
		}
		if k := len(ops); k > 0 && ops[k-1].Op == o {
			// Neighbours of the same kind are neighbours in the text.
			if o == OpInsert {
				ops[k-1].Text = b[start : pb+n]
			} else {
				ops[k-1].Text = a[start : pa+n]
			}
		} else {
			if o == OpInsert {
				start = pb
				ops = append(ops, Op{Op: o, Text: b[pb : pb+n]})
			} else {
				start = pa
				ops = append(ops, Op{Op: o, Text: a[pa : pa+n]})
			}
		}
		switch o {
		case OpEqual:
			pa += n
			pb += n
		case OpInsert:
			pb += n
		default:
			pa += n
		}
	}
	return ops
}
