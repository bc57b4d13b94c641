package diff

import (
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// This file is go-diff's DiffMainRunes (github.com/sergi/go-diff v1.4,
// MIT licence: diffMainRunes, diffCompute, diffHalfMatch, diffBisect,
// DiffCleanupMerge) carried over step by step onto rune slices. go-diff
// turns every piece of text into a string and back at each level of its
// recursion; on Chinese text that conversion, not the algorithm, was most
// of a comparison's time. The result is the same diff: TestRuneDiff and
// FuzzRuneDiff compare the two on the corpus and on random text.
//
// Pieces of text are sub-slices of the inputs, capped (s[i:j:j]) so that
// appending to one never writes into the text after it.

const (
	opDelete = diffmatchpatch.DiffDelete
	opInsert = diffmatchpatch.DiffInsert
	opEqual  = diffmatchpatch.DiffEqual
)

// rdiff is a diffmatchpatch.Diff holding runes.
type rdiff struct {
	op   diffmatchpatch.Operation
	text []rune
}

// sub returns s[i:j] with no capacity beyond j.
func sub(s []rune, i, j int) []rune { return s[i:j:j] }

// cat returns a new slice holding a then b.
func cat(a, b []rune) []rune {
	out := make([]rune, len(a)+len(b))
	copy(out, a)
	copy(out[len(a):], b)
	return out
}

// runeDiffer diffs rune slices; its scratch arrays are reused by the
// bisections of one diff (each finishes with them before recursing).
type runeDiffer struct {
	deadline time.Time
	v        []int
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

func (d *runeDiffer) main(t1, t2 []rune) []rdiff {
	if runesEqual(t1, t2) {
		if len(t1) > 0 {
			return []rdiff{{opEqual, sub(t1, 0, len(t1))}}
		}
		return nil
	}
	n := commonPrefix(t1, t2)
	prefix := sub(t1, 0, n)
	t1, t2 = sub(t1, n, len(t1)), sub(t2, n, len(t2))
	n = commonSuffix(t1, t2)
	suffix := sub(t1, len(t1)-n, len(t1))
	t1, t2 = sub(t1, 0, len(t1)-n), sub(t2, 0, len(t2)-n)
	diffs := d.compute(t1, t2)
	if len(prefix) != 0 {
		diffs = append([]rdiff{{opEqual, prefix}}, diffs...)
	}
	if len(suffix) != 0 {
		diffs = append(diffs, rdiff{opEqual, suffix})
	}
	return cleanupMerge(diffs)
}

func (d *runeDiffer) compute(t1, t2 []rune) []rdiff {
	if len(t1) == 0 {
		return []rdiff{{opInsert, t2}}
	} else if len(t2) == 0 {
		return []rdiff{{opDelete, t1}}
	}
	long, short := t2, t1
	if len(t1) > len(t2) {
		long, short = t1, t2
	}
	if i := runesIndex(long, short); i != -1 {
		op := opInsert
		if len(t1) > len(t2) {
			op = opDelete
		}
		return []rdiff{{op, sub(long, 0, i)}, {opEqual, short}, {op, sub(long, i+len(short), len(long))}}
	} else if len(short) == 1 {
		return []rdiff{{opDelete, t1}, {opInsert, t2}}
	} else if hm := halfMatch(t1, t2); hm != nil {
		a := d.main(hm[0], hm[2])
		b := d.main(hm[1], hm[3])
		diffs := append(a, rdiff{opEqual, hm[4]})
		return append(diffs, b...)
	}
	return d.bisect(t1, t2)
}

// halfMatch is go-diff's diffHalfMatch (with a timeout set).
func halfMatch(t1, t2 []rune) [][]rune {
	long, short := t2, t1
	if len(t1) > len(t2) {
		long, short = t1, t2
	}
	if len(long) < 4 || len(short)*2 < len(long) {
		return nil
	}
	hm1 := halfMatchI(long, short, int(float64(len(long)+3)/4))
	hm2 := halfMatchI(long, short, int(float64(len(long)+1)/2))
	var hm [][]rune
	switch {
	case hm1 == nil && hm2 == nil:
		return nil
	case hm2 == nil:
		hm = hm1
	case hm1 == nil:
		hm = hm2
	case len(hm1[4]) > len(hm2[4]):
		hm = hm1
	default:
		hm = hm2
	}
	if len(t1) > len(t2) {
		return hm
	}
	return [][]rune{hm[2], hm[3], hm[0], hm[1], hm[4]}
}

func halfMatchI(l, s []rune, i int) [][]rune {
	var bestA, bestB, longA, longB, shortA, shortB []rune
	bestLen := 0
	seed := l[i : i+len(l)/4]
	for j := runesIndexFrom(s, seed, 0); j != -1; j = runesIndexFrom(s, seed, j+1) {
		p := commonPrefix(l[i:], s[j:])
		q := commonSuffix(l[:i], s[:j])
		if bestLen < q+p {
			bestA = sub(s, j-q, j)
			bestB = sub(s, j, j+p)
			bestLen = len(bestA) + len(bestB)
			longA = sub(l, 0, i-q)
			longB = sub(l, i+p, len(l))
			shortA = sub(s, 0, j-q)
			shortB = sub(s, j+p, len(s))
		}
	}
	if bestLen*2 < len(l) {
		return nil
	}
	return [][]rune{longA, longB, shortA, shortB, cat(bestA, bestB)}
}

func (d *runeDiffer) bisect(r1, r2 []rune) []rdiff {
	n1, n2 := len(r1), len(r2)
	maxD := (n1 + n2 + 1) / 2
	vOffset := maxD
	vLength := 2 * maxD
	if cap(d.v) < 2*vLength {
		d.v = make([]int, 2*vLength)
	}
	v1, v2 := d.v[:vLength], d.v[vLength:2*vLength]
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	v1[vOffset+1] = 0
	v2[vOffset+1] = 0
	delta := n1 - n2
	front := delta%2 != 0
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for dd := 0; dd < maxD; dd++ {
		if dd%16 == 0 && time.Now().After(d.deadline) {
			break
		}
		for k1 := -dd + k1start; k1 <= dd-k1end; k1 += 2 {
			k1Offset := vOffset + k1
			var x1 int
			if k1 == -dd || (k1 != dd && v1[k1Offset-1] < v1[k1Offset+1]) {
				x1 = v1[k1Offset+1]
			} else {
				x1 = v1[k1Offset-1] + 1
			}
			y1 := x1 - k1
			for x1 < n1 && y1 < n2 && r1[x1] == r2[y1] {
				x1++
				y1++
			}
			v1[k1Offset] = x1
			if x1 > n1 {
				k1end += 2
			} else if y1 > n2 {
				k1start += 2
			} else if front {
				k2Offset := vOffset + delta - k1
				if k2Offset >= 0 && k2Offset < vLength && v2[k2Offset] != -1 {
					if x2 := n1 - v2[k2Offset]; x1 >= x2 {
						return d.split(r1, r2, x1, y1)
					}
				}
			}
		}
		for k2 := -dd + k2start; k2 <= dd-k2end; k2 += 2 {
			k2Offset := vOffset + k2
			var x2 int
			if k2 == -dd || (k2 != dd && v2[k2Offset-1] < v2[k2Offset+1]) {
				x2 = v2[k2Offset+1]
			} else {
				x2 = v2[k2Offset-1] + 1
			}
			y2 := x2 - k2
			for x2 < n1 && y2 < n2 && r1[n1-x2-1] == r2[n2-y2-1] {
				x2++
				y2++
			}
			v2[k2Offset] = x2
			if x2 > n1 {
				k2end += 2
			} else if y2 > n2 {
				k2start += 2
			} else if !front {
				k1Offset := vOffset + delta - k2
				if k1Offset >= 0 && k1Offset < vLength && v1[k1Offset] != -1 {
					x1 := v1[k1Offset]
					y1 := vOffset + x1 - k1Offset
					if x1 >= n1-x2 {
						return d.split(r1, r2, x1, y1)
					}
				}
			}
		}
	}
	return []rdiff{{opDelete, r1}, {opInsert, r2}}
}

func (d *runeDiffer) split(r1, r2 []rune, x, y int) []rdiff {
	a := d.main(sub(r1, 0, x), sub(r2, 0, y))
	b := d.main(sub(r1, x, len(r1)), sub(r2, y, len(r2)))
	return append(a, b...)
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
		end := len(s) - amount + len(elements)
		tail := s[end:]
		for i := range tail {
			tail[i] = rdiff{}
		}
		return s[:end]
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

// cleanupMerge is go-diff's DiffCleanupMerge.
func cleanupMerge(diffs []rdiff) []rdiff {
	diffs = append(diffs, rdiff{opEqual, nil})
	pointer, countDelete, countInsert := 0, 0, 0
	var textDelete, textInsert []rune
	for pointer < len(diffs) {
		switch diffs[pointer].op {
		case opInsert:
			countInsert++
			textInsert = append(textInsert, diffs[pointer].text...)
			pointer++
		case opDelete:
			countDelete++
			textDelete = append(textDelete, diffs[pointer].text...)
			pointer++
		case opEqual:
			if countDelete+countInsert > 1 {
				if countDelete != 0 && countInsert != 0 {
					if n := commonPrefix(textInsert, textDelete); n != 0 {
						x := pointer - countDelete - countInsert
						if x > 0 && diffs[x-1].op == opEqual {
							diffs[x-1].text = cat(diffs[x-1].text, textInsert[:n])
						} else {
							diffs = append([]rdiff{{opEqual, cat(nil, textInsert[:n])}}, diffs...)
							pointer++
						}
						textInsert = textInsert[n:]
						textDelete = textDelete[n:]
					}
					if n := commonSuffix(textInsert, textDelete); n != 0 {
						ii, di := len(textInsert)-n, len(textDelete)-n
						diffs[pointer].text = cat(textInsert[ii:], diffs[pointer].text)
						textInsert = textInsert[:ii]
						textDelete = textDelete[:di]
					}
				}
				switch {
				case countDelete == 0:
					diffs = splice(diffs, pointer-countInsert, countDelete+countInsert, rdiff{opInsert, cat(nil, textInsert)})
				case countInsert == 0:
					diffs = splice(diffs, pointer-countDelete, countDelete+countInsert, rdiff{opDelete, cat(nil, textDelete)})
				default:
					diffs = splice(diffs, pointer-countDelete-countInsert, countDelete+countInsert,
						rdiff{opDelete, cat(nil, textDelete)}, rdiff{opInsert, cat(nil, textInsert)})
				}
				pointer = pointer - countDelete - countInsert + 1
				if countDelete != 0 {
					pointer++
				}
				if countInsert != 0 {
					pointer++
				}
			} else if pointer != 0 && diffs[pointer-1].op == opEqual {
				diffs[pointer-1].text = cat(diffs[pointer-1].text, diffs[pointer].text)
				diffs = append(diffs[:pointer], diffs[pointer+1:]...)
			} else {
				pointer++
			}
			countInsert, countDelete = 0, 0
			textDelete, textInsert = nil, nil
		}
	}
	if len(diffs[len(diffs)-1].text) == 0 {
		diffs = diffs[:len(diffs)-1]
	}
	changes := false
	pointer = 1
	for pointer < len(diffs)-1 {
		if diffs[pointer-1].op == opEqual && diffs[pointer+1].op == opEqual {
			prev, cur, next := diffs[pointer-1].text, diffs[pointer].text, diffs[pointer+1].text
			if hasSuffix(cur, prev) {
				diffs[pointer].text = cat(prev, cur[:len(cur)-len(prev)])
				diffs[pointer+1].text = cat(prev, next)
				diffs = splice(diffs, pointer-1, 1)
				changes = true
			} else if hasPrefix(cur, next) {
				diffs[pointer-1].text = cat(prev, next)
				diffs[pointer].text = cat(cur[len(next):], next)
				diffs = splice(diffs, pointer+1, 1)
				changes = true
			}
		}
		pointer++
	}
	if changes {
		diffs = cleanupMerge(diffs)
	}
	return diffs
}

// cleanupSemantic is go-diff's DiffCleanupSemantic. go-diff measures the
// overlap of a deletion and an insertion in bytes and compares it with half
// their length in characters; so does this.
func cleanupSemantic(diffs []rdiff) []rdiff {
	changes := false
	equalities := make([]int, 0, len(diffs))
	var lastEquality []rune
	pointer := 0
	var ins1, del1, ins2, del2 int
	for pointer < len(diffs) {
		if diffs[pointer].op == opEqual {
			equalities = append(equalities, pointer)
			ins1, del1, ins2, del2 = ins2, del2, 0, 0
			lastEquality = diffs[pointer].text
		} else {
			if diffs[pointer].op == opInsert {
				ins2 += len(diffs[pointer].text)
			} else {
				del2 += len(diffs[pointer].text)
			}
			if n := len(lastEquality); n > 0 && n <= max(ins1, del1) && n <= max(ins2, del2) {
				at := equalities[len(equalities)-1]
				diffs = splice(diffs, at, 0, rdiff{opDelete, lastEquality})
				diffs[at+1].op = opInsert
				equalities = equalities[:len(equalities)-1]
				if len(equalities) > 0 {
					equalities = equalities[:len(equalities)-1]
				}
				pointer = -1
				if len(equalities) > 0 {
					pointer = equalities[len(equalities)-1]
				}
				ins1, del1, ins2, del2 = 0, 0, 0, 0
				lastEquality = nil
				changes = true
			}
		}
		pointer++
	}
	if changes {
		diffs = cleanupMerge(diffs)
	}
	diffs = cleanupSemanticLossless(diffs)
	pointer = 1
	for pointer < len(diffs) {
		if diffs[pointer-1].op == opDelete && diffs[pointer].op == opInsert {
			deletion, insertion := diffs[pointer-1].text, diffs[pointer].text
			o1 := commonOverlap(deletion, insertion)
			o2 := commonOverlap(insertion, deletion)
			b1, b2 := utf8Len(insertion[:o1]), utf8Len(deletion[:o2])
			if b1 >= b2 {
				if float64(b1) >= float64(len(deletion))/2 || float64(b1) >= float64(len(insertion))/2 {
					diffs = splice(diffs, pointer, 0, rdiff{opEqual, sub(insertion, 0, o1)})
					diffs[pointer-1].text = sub(deletion, 0, len(deletion)-o1)
					diffs[pointer+1].text = sub(insertion, o1, len(insertion))
					pointer++
				}
			} else if float64(b2) >= float64(len(deletion))/2 || float64(b2) >= float64(len(insertion))/2 {
				diffs = splice(diffs, pointer, 0, rdiff{opEqual, sub(deletion, 0, o2)})
				diffs[pointer-1] = rdiff{opInsert, sub(insertion, 0, len(insertion)-o2)}
				diffs[pointer+1] = rdiff{opDelete, sub(deletion, o2, len(deletion))}
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

// cleanupSemanticLossless is go-diff's DiffCleanupSemanticLossless.
func cleanupSemanticLossless(diffs []rdiff) []rdiff {
	pointer := 1
	for pointer < len(diffs)-1 {
		if diffs[pointer-1].op == opEqual && diffs[pointer+1].op == opEqual {
			eq1, edit, eq2 := diffs[pointer-1].text, diffs[pointer].text, diffs[pointer+1].text
			if n := commonSuffix(eq1, edit); n > 0 {
				common := edit[len(edit)-n:]
				eq1 = sub(eq1, 0, len(eq1)-n)
				edit = cat(common, edit[:len(edit)-n])
				eq2 = cat(common, eq2)
			}
			best1, bestEdit, best2 := eq1, edit, eq2
			bestScore := semanticScore(eq1, edit) + semanticScore(edit, eq2)
			for len(edit) != 0 && len(eq2) != 0 && edit[0] == eq2[0] {
				eq1 = cat(eq1, edit[:1])
				edit = cat(edit[1:], eq2[:1])
				eq2 = sub(eq2, 1, len(eq2))
				if s := semanticScore(eq1, edit) + semanticScore(edit, eq2); s >= bestScore {
					bestScore, best1, bestEdit, best2 = s, eq1, edit, eq2
				}
			}
			if !runesEqual(diffs[pointer-1].text, best1) {
				if len(best1) != 0 {
					diffs[pointer-1].text = best1
				} else {
					diffs = splice(diffs, pointer-1, 1)
					pointer--
				}
				diffs[pointer].text = bestEdit
				if len(best2) != 0 {
					diffs[pointer+1].text = best2
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
