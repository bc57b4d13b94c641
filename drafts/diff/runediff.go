package diff

import (
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// This file is go-diff's DiffMainRunes and DiffCleanupSemantic
// (github.com/sergi/go-diff v1.4, MIT licence: diffMainRunes, diffCompute,
// diffHalfMatch, diffBisect, DiffCleanupMerge, DiffCleanupSemantic,
// DiffCleanupSemanticLossless) carried over step by step onto positions
// in two rune slices. go-diff builds a new string for every piece of text
// it splits, joins or shifts, at every level of its recursion; on Chinese
// text that, not the algorithm, was most of a comparison's time. Here a
// piece of a diff is where it starts in each text and its length — every
// piece of a valid diff is a run of the old text (equal, delete) or of the
// new one (insert) — so that nothing is copied and the diffs hold no
// pointers. The result is the same diff: TestRuneDiff and FuzzRuneDiff
// compare the two on the corpus and on random text.

const (
	opDelete = diffmatchpatch.DiffDelete
	opInsert = diffmatchpatch.DiffInsert
	opEqual  = diffmatchpatch.DiffEqual
)

// rdiff is one piece of a diff of runeDiffer's texts A and B: it starts at
// A[a] and B[b] and covers n characters of A (equal, delete) or of B
// (insert). In a valid diff each piece starts where the one before it
// ends: an equality advances both a and b, a deletion a, an insertion b.
type rdiff struct {
	op   diffmatchpatch.Operation
	a, b int
	n    int
}

// end returns the positions in A and B just after d.
func (d rdiff) end() (int, int) {
	switch d.op {
	case opEqual:
		return d.a + d.n, d.b + d.n
	case opDelete:
		return d.a + d.n, d.b
	}
	return d.a, d.b + d.n
}

// after returns a piece of kind op and length n starting where d ends.
func (d rdiff) after(op diffmatchpatch.Operation, n int) rdiff {
	a, b := d.end()
	return rdiff{op, a, b, n}
}

// runeDiffer diffs runs of A (the old text) against runs of B (the new);
// its scratch arrays are reused by the bisections of one diff (each
// finishes with them before recursing).
type runeDiffer struct {
	A, B     []rune
	deadline time.Time
	// timedOut is set when a bisection gave up at the deadline: the
	// diff is then valid but not minimal.
	timedOut bool
	v        []int
	eqs      []int // cleanupSemantic's stack of equalities
}

// text returns the characters of d.
func (rd *runeDiffer) text(d rdiff) []rune {
	if d.op == opInsert {
		return rd.B[d.b : d.b+d.n]
	}
	return rd.A[d.a : d.a+d.n]
}

// on returns the characters of d in A for a deletion and in B for an
// insertion or (when inB) an equality: the text in which an edit and the
// equalities around it are one run.
func (rd *runeDiffer) on(d rdiff, inB bool) []rune {
	if inB {
		if d.op == opDelete {
			return rd.A[d.a : d.a+d.n]
		}
		return rd.B[d.b : d.b+d.n]
	}
	if d.op == opInsert {
		return rd.B[d.b : d.b+d.n]
	}
	return rd.A[d.a : d.a+d.n]
}

func runesEqual(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i, c := range a {
		if c != b[i] {
			return false
		}
	}
	return true
}

// runesIndex returns the first index of b in a, or -1.
func runesIndex(a, b []rune) int {
	if len(b) == 0 {
		return 0
	}
	last := len(a) - len(b)
	first := b[0]
	for i := 0; i <= last; i++ {
		if a[i] == first && runesEqual(a[i:i+len(b)], b) {
			return i
		}
	}
	return -1
}

// runesIndexFrom returns the first index of b in a at or after i, or -1.
func runesIndexFrom(a, b []rune, i int) int {
	if i > len(a)-1 {
		return -1
	}
	if i <= 0 {
		return runesIndex(a, b)
	}
	k := runesIndex(a[i:], b)
	if k == -1 {
		return -1
	}
	return k + i
}

func commonPrefix(a, b []rune) int {
	n := 0
	for ; n < len(a) && n < len(b); n++ {
		if a[n] != b[n] {
			return n
		}
	}
	return n
}

func commonSuffix(a, b []rune) int {
	i, j := len(a), len(b)
	for n := 0; ; n++ {
		i--
		j--
		if i < 0 || j < 0 || a[i] != b[j] {
			return n
		}
	}
}

// main appends the diff of A[a0:a1] and B[b0:b1] to out (go-diff's
// diffMainRunes, clean-up of the merge included).
func (rd *runeDiffer) main(out []rdiff, a0, a1, b0, b1 int) []rdiff {
	t1, t2 := rd.A[a0:a1], rd.B[b0:b1]
	if runesEqual(t1, t2) {
		if len(t1) > 0 {
			out = append(out, rdiff{opEqual, a0, b0, len(t1)})
		}
		return out
	}
	start := len(out)
	if n := commonPrefix(t1, t2); n != 0 {
		out = append(out, rdiff{opEqual, a0, b0, n})
		a0, b0 = a0+n, b0+n
	}
	n := commonSuffix(rd.A[a0:a1], rd.B[b0:b1])
	out = rd.compute(out, a0, a1-n, b0, b1-n)
	if n != 0 {
		out = append(out, rdiff{opEqual, a1 - n, b1 - n, n})
	}
	return rd.cleanupMerge(out, start)
}

func (rd *runeDiffer) compute(out []rdiff, a0, a1, b0, b1 int) []rdiff {
	n1, n2 := a1-a0, b1-b0
	if n1 == 0 {
		return append(out, rdiff{opInsert, a0, b0, n2})
	} else if n2 == 0 {
		return append(out, rdiff{opDelete, a0, b0, n1})
	}
	t1, t2 := rd.A[a0:a1], rd.B[b0:b1]
	if n1 > n2 {
		if i := runesIndex(t1, t2); i != -1 {
			return append(out, rdiff{opDelete, a0, b0, i}, rdiff{opEqual, a0 + i, b0, n2},
				rdiff{opDelete, a0 + i + n2, b1, n1 - i - n2})
		}
	} else if i := runesIndex(t2, t1); i != -1 {
		return append(out, rdiff{opInsert, a0, b0, i}, rdiff{opEqual, a0, b0 + i, n1},
			rdiff{opInsert, a1, b0 + i + n1, n2 - i - n1})
	}
	if min(n1, n2) == 1 {
		return append(out, rdiff{opDelete, a0, b0, n1}, rdiff{opInsert, a1, b0, n2})
	}
	if hm, ok := halfMatch(t1, t2); ok {
		out = rd.main(out, a0, a0+hm.i1, b0, b0+hm.i2)
		out = append(out, rdiff{opEqual, a0 + hm.i1, b0 + hm.i2, hm.n})
		return rd.main(out, a0+hm.i1+hm.n, a1, b0+hm.i2+hm.n, b1)
	}
	return rd.bisect(out, a0, a1, b0, b1)
}

// common is a run of characters two texts share: at t1[i1:] and t2[i2:],
// n long.
type common struct{ i1, i2, n int }

// halfMatch is go-diff's diffHalfMatch (with a timeout set): a common run
// at least half as long as the longer text, if there is one.
func halfMatch(t1, t2 []rune) (common, bool) {
	long, short := t2, t1
	if len(t1) > len(t2) {
		long, short = t1, t2
	}
	if len(long) < 4 || len(short)*2 < len(long) {
		return common{}, false
	}
	hm1, ok1 := halfMatchI(long, short, int(float64(len(long)+3)/4))
	hm2, ok2 := halfMatchI(long, short, int(float64(len(long)+1)/2))
	var hm common // i1 in long, i2 in short
	switch {
	case !ok1 && !ok2:
		return common{}, false
	case !ok2:
		hm = hm1
	case !ok1:
		hm = hm2
	case hm1.n > hm2.n:
		hm = hm1
	default:
		hm = hm2
	}
	if len(t1) > len(t2) {
		return hm, true
	}
	return common{hm.i2, hm.i1, hm.n}, true
}

// halfMatchI is go-diff's diffHalfMatchI: the longest run of l around
// the quarter of l starting at i that is also in s, if it is at least
// half as long as l.
func halfMatchI(l, s []rune, i int) (common, bool) {
	var best common
	seed := l[i : i+len(l)/4]
	for j := runesIndexFrom(s, seed, 0); j != -1; j = runesIndexFrom(s, seed, j+1) {
		p := commonPrefix(l[i:], s[j:])
		q := commonSuffix(l[:i], s[:j])
		if best.n < q+p {
			best = common{i - q, j - q, q + p}
		}
	}
	if best.n*2 < len(l) {
		return common{}, false
	}
	return best, true
}

func (rd *runeDiffer) bisect(out []rdiff, a0, a1, b0, b1 int) []rdiff {
	r1, r2 := rd.A[a0:a1], rd.B[b0:b1]
	maxD := (len(r1) + len(r2) + 1) / 2
	// One more than go-diff's each: the last, always -1, lets the loops
	// of middleSnake take an offset's neighbours as one slice at the top
	// end too.
	if cap(rd.v) < 4*maxD+2 {
		rd.v = make([]int, 4*maxD+2)
	}
	x, y, found := middleSnake(r1, r2, rd.v[:4*maxD+2], rd.deadline)
	switch found {
	case snakeFound:
		out = rd.main(out, a0, a0+x, b0, b0+y)
		return rd.main(out, a0+x, a1, b0+y, b1)
	case snakeTimedOut:
		rd.timedOut = true
	}
	return append(out, rdiff{opDelete, a0, b0, len(r1)}, rdiff{opInsert, a1, b0, len(r2)})
}

// The outcomes of middleSnake.
const (
	snakeFound    = iota // a place to split
	snakeNone            // the texts have nothing in common
	snakeTimedOut        // the deadline passed first
)

// middleSnake is the search of go-diff's diffBisect: where to split r1
// and r2, found by walking from both ends at once, and whether it was
// found (the clock is read every 16 steps, not before the first: most
// searches end sooner). v is scratch, 2·(len(r1)+len(r2)+1)/2·2+2 long.
func middleSnake(r1, r2 []rune, v []int, deadline time.Time) (int, int, int) {
	n1, n2 := len(r1), len(r2)
	maxD := (n1 + n2 + 1) / 2
	vOffset := maxD
	vLength := 2 * maxD
	v1, v2 := v[:vLength+1], v[vLength+1:2*vLength+2]
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	v1[vOffset+1] = 0
	v2[vOffset+1] = 0
	delta := n1 - n2
	front := delta%2 != 0
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for dd := 0; dd < maxD; dd++ {
		if dd%16 == 15 && time.Now().After(deadline) {
			return 0, 0, snakeTimedOut
		}
		// (The unsigned comparisons are the bounds checks, so that the
		// compiler leaves out its own.)
		for k1 := -dd + k1start; k1 <= dd-k1end; k1 += 2 {
			k1Offset := vOffset + k1
			w := v1[k1Offset-1 : k1Offset+2] // its neighbours and itself
			// go-diff takes w[2] if k1 == -dd || k1 != dd && w[0] < w[2],
			// else w[0]+1. At k1 == -dd, w[0] is an offset no step has
			// reached (-1) and w[2] one the last step has (≥ 0); at
			// k1 == dd the other way round; so w[0] < w[2] alone decides
			// the same, and that is the greater of w[2] and w[0]+1
			// (without a branch to mispredict).
			x1 := max(w[0]+1, w[2])
			y1 := x1 - k1
			for uint(x1) < uint(len(r1)) && uint(y1) < uint(len(r2)) && r1[x1] == r2[y1] {
				x1++
				y1++
			}
			w[1] = x1
			if x1 > n1 {
				k1end += 2
			} else if y1 > n2 {
				k1start += 2
			} else if front {
				k2Offset := vOffset + delta - k1
				if uint(k2Offset) < uint(len(v2)) && v2[k2Offset] != -1 {
					if x2 := n1 - v2[k2Offset]; x1 >= x2 {
						return x1, y1, snakeFound
					}
				}
			}
		}
		for k2 := -dd + k2start; k2 <= dd-k2end; k2 += 2 {
			k2Offset := vOffset + k2
			w := v2[k2Offset-1 : k2Offset+2]
			x2 := max(w[0]+1, w[2]) // as for k1
			// i and j walk back from the ends of r1 and r2.
			i, j := n1-x2-1, n2-(x2-k2)-1
			for uint(i) < uint(len(r1)) && uint(j) < uint(len(r2)) && r1[i] == r2[j] {
				i--
				j--
			}
			x2 = n1 - 1 - i
			y2 := n2 - 1 - j
			w[1] = x2
			if x2 > n1 {
				k2end += 2
			} else if y2 > n2 {
				k2start += 2
			} else if !front {
				k1Offset := vOffset + delta - k2
				if uint(k1Offset) < uint(len(v1)) && v1[k1Offset] != -1 {
					x1 := v1[k1Offset]
					y1 := vOffset + x1 - k1Offset
					if x1 >= n1-x2 {
						return x1, y1, snakeFound
					}
				}
			}
		}
	}
	return 0, 0, snakeNone
}

// splice is go-diff's splice for rdiff.
func splice(s []rdiff, index, amount int, elements ...rdiff) []rdiff {
	if len(elements) == amount {
		copy(s[index:], elements)
		return s
	}
	if len(elements) < amount {
		copy(s[index:], elements)
		copy(s[index+len(elements):], s[index+amount:])
		return s[:len(s)-amount+len(elements)]
	}
	need := len(s) - amount + len(elements)
	for len(s) < need {
		s = append(s, rdiff{})
	}
	copy(s[index+len(elements):], s[index+amount:])
	copy(s[index:], elements)
	return s
}

func hasPrefix(s, p []rune) bool { return len(s) >= len(p) && runesEqual(s[:len(p)], p) }
func hasSuffix(s, p []rune) bool { return len(s) >= len(p) && runesEqual(s[len(s)-len(p):], p) }

// cleanupMerge is go-diff's DiffCleanupMerge of the diff out[start:],
// which must not be empty.
func (rd *runeDiffer) cleanupMerge(out []rdiff, start int) []rdiff {
	// The dummy equality at the end, where the diff ends.
	out = append(out, out[len(out)-1].after(opEqual, 0))
	pointer, countDelete, countInsert := start, 0, 0
	// The deletions and the insertions since the last equality are one
	// run of each text: A[ra:ra+nd] and B[rb:rb+ni].
	ra, rb, nd, ni := 0, 0, 0, 0
	for pointer < len(out) {
		switch d := out[pointer]; d.op {
		case opInsert, opDelete:
			if countDelete+countInsert == 0 {
				ra, rb = d.a, d.b
			}
			if d.op == opInsert {
				countInsert++
				ni += d.n
			} else {
				countDelete++
				nd += d.n
			}
			pointer++
		case opEqual:
			if countDelete+countInsert > 1 {
				if countDelete != 0 && countInsert != 0 {
					if n := commonPrefix(rd.B[rb:rb+ni], rd.A[ra:ra+nd]); n != 0 {
						x := pointer - countDelete - countInsert
						if x > start && out[x-1].op == opEqual {
							out[x-1].n += n
						} else {
							out = splice(out, start, 0, rdiff{opEqual, ra, rb, n})
							pointer++
						}
						ra, rb, nd, ni = ra+n, rb+n, nd-n, ni-n
					}
					if n := commonSuffix(rd.B[rb:rb+ni], rd.A[ra:ra+nd]); n != 0 {
						out[pointer].a -= n
						out[pointer].b -= n
						out[pointer].n += n
						nd, ni = nd-n, ni-n
					}
				}
				del, ins := rdiff{opDelete, ra, rb, nd}, rdiff{opInsert, ra + nd, rb, ni}
				switch {
				case countDelete == 0:
					out = splice(out, pointer-countInsert, countDelete+countInsert, ins)
				case countInsert == 0:
					out = splice(out, pointer-countDelete, countDelete+countInsert, del)
				default:
					out = splice(out, pointer-countDelete-countInsert, countDelete+countInsert, del, ins)
				}
				pointer = pointer - countDelete - countInsert + 1
				if countDelete != 0 {
					pointer++
				}
				if countInsert != 0 {
					pointer++
				}
			} else if pointer != start && out[pointer-1].op == opEqual {
				out[pointer-1].n += d.n
				out = append(out[:pointer], out[pointer+1:]...)
			} else {
				pointer++
			}
			countInsert, countDelete, nd, ni = 0, 0, 0, 0
		}
	}
	if out[len(out)-1].n == 0 {
		out = out[:len(out)-1]
	}
	changes := false
	pointer = start + 1
	for pointer < len(out)-1 {
		if out[pointer-1].op == opEqual && out[pointer+1].op == opEqual {
			prev, cur, next := out[pointer-1], out[pointer], out[pointer+1]
			inB := cur.op == opInsert
			if hasSuffix(rd.on(cur, inB), rd.on(prev, inB)) {
				// A<ins>BA</ins>C → <ins>AB</ins>AC
				cur.a, cur.b = prev.a, prev.b
				out[pointer] = cur
				out[pointer+1] = cur.after(opEqual, prev.n+next.n)
				out = splice(out, pointer-1, 1)
				changes = true
			} else if hasPrefix(rd.on(cur, inB), rd.on(next, inB)) {
				// A<ins>CB</ins>C → AC<ins>BC</ins>
				out[pointer-1].n += next.n
				out[pointer] = out[pointer-1].after(cur.op, cur.n)
				out = splice(out, pointer+1, 1)
				changes = true
			}
		}
		pointer++
	}
	if changes {
		out = rd.cleanupMerge(out, start)
	}
	return out
}

// cleanupSemantic is go-diff's DiffCleanupSemantic. go-diff measures the
// overlap of a deletion and an insertion in bytes and compares it with half
// their length in characters; so does this.
func (rd *runeDiffer) cleanupSemantic(diffs []rdiff) []rdiff {
	changes := false
	equalities := rd.eqs[:0]
	lastEquality := 0 // its length
	pointer := 0
	var ins1, del1, ins2, del2 int
	for pointer < len(diffs) {
		if diffs[pointer].op == opEqual {
			equalities = append(equalities, pointer)
			ins1, del1, ins2, del2 = ins2, del2, 0, 0
			lastEquality = diffs[pointer].n
		} else {
			if diffs[pointer].op == opInsert {
				ins2 += diffs[pointer].n
			} else {
				del2 += diffs[pointer].n
			}
			if n := lastEquality; n > 0 && n <= max(ins1, del1) && n <= max(ins2, del2) {
				at := equalities[len(equalities)-1]
				eq := diffs[at]
				diffs = splice(diffs, at, 0, rdiff{opDelete, eq.a, eq.b, eq.n})
				diffs[at+1] = rdiff{opInsert, eq.a + eq.n, eq.b, eq.n}
				equalities = equalities[:len(equalities)-1]
				if len(equalities) > 0 {
					equalities = equalities[:len(equalities)-1]
				}
				pointer = -1
				if len(equalities) > 0 {
					pointer = equalities[len(equalities)-1]
				}
				ins1, del1, ins2, del2 = 0, 0, 0, 0
				lastEquality = 0
				changes = true
			}
		}
		pointer++
	}
	rd.eqs = equalities[:0]
	if changes && len(diffs) > 0 {
		diffs = rd.cleanupMerge(diffs, 0)
	}
	diffs = rd.cleanupSemanticLossless(diffs)
	pointer = 1
	for pointer < len(diffs) {
		if diffs[pointer-1].op == opDelete && diffs[pointer].op == opInsert {
			del, ins := diffs[pointer-1], diffs[pointer]
			deletion, insertion := rd.text(del), rd.text(ins)
			o1 := commonOverlap(deletion, insertion)
			o2 := commonOverlap(insertion, deletion)
			b1, b2 := utf8Len(insertion[:o1]), utf8Len(deletion[:o2])
			if b1 >= b2 {
				if float64(b1) >= float64(len(deletion))/2 || float64(b1) >= float64(len(insertion))/2 {
					// The end of the deletion is the start of the
					// insertion.
					d := rdiff{opDelete, del.a, del.b, del.n - o1}
					e := d.after(opEqual, o1)
					diffs = splice(diffs, pointer, 0, e)
					diffs[pointer-1] = d
					diffs[pointer+1] = e.after(opInsert, ins.n-o1)
					pointer++
				}
			} else if float64(b2) >= float64(len(deletion))/2 || float64(b2) >= float64(len(insertion))/2 {
				// The end of the insertion is the start of the deletion.
				i := rdiff{opInsert, del.a, del.b, ins.n - o2}
				e := i.after(opEqual, o2)
				diffs = splice(diffs, pointer, 0, e)
				diffs[pointer-1] = i
				diffs[pointer+1] = e.after(opDelete, del.n-o2)
				pointer++
			}
			pointer++
		}
		pointer++
	}
	return diffs
}

// utf8Len is the length of rs in UTF-8 bytes.
func utf8Len(rs []rune) int {
	n := 0
	for _, r := range rs {
		switch {
		case r < 0x80:
			n++
		case r < 0x800:
			n += 2
		case r < 0x10000:
			n += 3
		default:
			n += 4
		}
	}
	return n
}

// commonOverlap is go-diff's DiffCommonOverlap in characters: the length
// of the longest suffix of a that is a prefix of b.
func commonOverlap(a, b []rune) int {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if la > lb {
		a = a[la-lb:]
	} else if la < lb {
		b = b[:la]
	}
	n := min(la, lb)
	if runesEqual(a, b) {
		return n
	}
	best, length := 0, 1
	for {
		found := runesIndex(b, a[n-length:])
		if found == -1 {
			break
		}
		length += found
		if found == 0 || runesEqual(a[n-length:], b[:length]) {
			best = length
			length++
		}
	}
	return best
}

// cleanupSemanticLossless is go-diff's DiffCleanupSemanticLossless. An
// edit between two equalities is one run of its text with them (B for an
// insertion, A for a deletion): it slides along that run.
func (rd *runeDiffer) cleanupSemanticLossless(diffs []rdiff) []rdiff {
	pointer := 1
	for pointer < len(diffs)-1 {
		if diffs[pointer-1].op == opEqual && diffs[pointer+1].op == opEqual {
			eq1, edit, eq2 := diffs[pointer-1], diffs[pointer], diffs[pointer+1]
			inB := edit.op == opInsert
			s := eq1.a // the run is x[s:e], the edit x[s+k:s+k+edit.n]
			if inB {
				s = eq1.b
			}
			x := rd.B
			if !inB {
				x = rd.A
			}
			e := s + eq1.n + edit.n + eq2.n
			k := eq1.n
			// First, shift the edit as far left as possible.
			k -= commonSuffix(x[s:s+k], x[s+k:s+k+edit.n])
			// Second, step character by character right, looking for
			// the best fit.
			score := func(k int) int {
				return semanticScore(x[s:s+k], x[s+k:s+k+edit.n]) + semanticScore(x[s+k:s+k+edit.n], x[s+k+edit.n:e])
			}
			best, bestScore := k, score(k)
			for edit.n != 0 && s+k+edit.n < e && x[s+k] == x[s+k+edit.n] {
				k++
				if sc := score(k); sc >= bestScore {
					best, bestScore = k, sc
				}
			}
			if best != eq1.n {
				// An improvement: save it back to the diff.
				if best != 0 {
					diffs[pointer-1].n = best
				} else {
					diffs = splice(diffs, pointer-1, 1)
					pointer--
				}
				edit.a, edit.b = eq1.a, eq1.b
				if best != 0 {
					edit = diffs[pointer-1].after(edit.op, edit.n)
				}
				diffs[pointer] = edit
				if rest := e - (s + best + edit.n); rest != 0 {
					diffs[pointer+1] = edit.after(opEqual, rest)
				} else {
					diffs = append(diffs[:pointer+1], diffs[pointer+2:]...)
					pointer--
				}
			}
		}
		pointer++
	}
	return diffs
}

// semanticScore is go-diff's diffCleanupSemanticScore: how good a boundary
// between one and two is (6 best) — blank lines, line breaks, the end of a
// sentence, whitespace, punctuation. Every Chinese character counts as
// punctuation here, as in go-diff.
func semanticScore(one, two []rune) int {
	if len(one) == 0 || len(two) == 0 {
		return 6
	}
	r1, r2 := one[len(one)-1], two[0]
	alnum := func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' }
	space := func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' }
	nonAlnum1, nonAlnum2 := !alnum(r1), !alnum(r2)
	ws1, ws2 := nonAlnum1 && space(r1), nonAlnum2 && space(r2)
	lb1, lb2 := ws1 && (r1 == '\r' || r1 == '\n'), ws2 && (r2 == '\r' || r2 == '\n')
	blank1 := lb1 && blankEnd(one)
	blank2 := lb2 && blankStart(two)
	switch {
	case blank1 || blank2:
		return 5
	case lb1 || lb2:
		return 4
	case nonAlnum1 && !ws1 && ws2:
		return 3
	case ws1 || ws2:
		return 2
	case nonAlnum1 || nonAlnum2:
		return 1
	}
	return 0
}

// blankEnd reports whether s ends with a blank line (\n\r?\n$).
func blankEnd(s []rune) bool {
	n := len(s)
	return n >= 2 && s[n-1] == '\n' && (s[n-2] == '\n' || n >= 3 && s[n-2] == '\r' && s[n-3] == '\n')
}

// blankStart reports whether s starts with a blank line (^\r?\n\r?\n).
func blankStart(s []rune) bool {
	k := 0
	if k < len(s) && s[k] == '\r' {
		k++
	}
	if k >= len(s) || s[k] != '\n' {
		return false
	}
	k++
	if k < len(s) && s[k] == '\r' {
		k++
	}
	return k < len(s) && s[k] == '\n'
}
