package diff

// This file is go-diff's DiffMain (github.com/sergi/go-diff v1.4.0,
// diffmatchpatch/diff.go, MIT licence, Copyright (c) 2012-2016 The go-diff
// Authors) for checklines=false, ported to keep texts as rune slices all the
// way down: go-diff converts between strings and runes at every level of
// its recursion (DiffCleanupMerge alone took a third of its time on a
// comparison). The algorithm, its order of operations and its tie-breaks
// are go-diff's, so that the result is the same diff:
// TestDiffRunesMatchesGoDiff and FuzzDiffRunes compare the two.

import (
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// rdiff is a diffmatchpatch.Diff with its text as runes.
type rdiff struct {
	op   diffmatchpatch.Operation
	text []rune
}

const (
	rEqual  = diffmatchpatch.DiffEqual
	rInsert = diffmatchpatch.DiffInsert
	rDelete = diffmatchpatch.DiffDelete
)

// diffMain is diffmatchpatch.New() with DiffTimeout timeout, DiffMain(a, b,
// false).
func diffMain(a, b string, timeout time.Duration) []diffmatchpatch.Diff {
	return diffMainRunes([]rune(a), []rune(b), timeout)
}

// diffMainRunes is diffmatchpatch.New() with DiffTimeout timeout,
// DiffMainRunes(a, b, false).
func diffMainRunes(a, b []rune, timeout time.Duration) []diffmatchpatch.Diff {
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	m := myers{halfMatch: timeout > 0, deadline: deadline}
	rd := m.main(a, b)
	out := make([]diffmatchpatch.Diff, len(rd))
	for i, d := range rd {
		out[i] = diffmatchpatch.Diff{Type: d.op, Text: string(d.text)}
	}
	return out
}

// myers holds what go-diff's DiffMatchPatch carries through the recursion.
type myers struct {
	halfMatch bool // go-diff tries half-matches only with a timeout
	deadline  time.Time
	scratch   []int // bisect's V arrays
}

// concat returns a new slice holding a then b (never aliasing either).
func concat(a, b []rune) []rune {
	r := make([]rune, 0, len(a)+len(b))
	r = append(r, a...)
	return append(r, b...)
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

// runesIndex is strings.Index for rune slices.
func runesIndex(r1, r2 []rune) int {
	last := len(r1) - len(r2)
	for i := 0; i <= last; i++ {
		if runesEqual(r1[i:i+len(r2)], r2) {
			return i
		}
	}
	return -1
}

func runesIndexOf(target, pattern []rune, i int) int {
	if i > len(target)-1 {
		return -1
	}
	if i <= 0 {
		return runesIndex(target, pattern)
	}
	ind := runesIndex(target[i:], pattern)
	if ind == -1 {
		return -1
	}
	return ind + i
}

func commonPrefixLength(a, b []rune) int {
	n := 0
	for ; n < len(a) && n < len(b); n++ {
		if a[n] != b[n] {
			return n
		}
	}
	return n
}

func commonSuffixLength(a, b []rune) int {
	i1, i2 := len(a), len(b)
	for n := 0; ; n++ {
		i1--
		i2--
		if i1 < 0 || i2 < 0 || a[i1] != b[i2] {
			return n
		}
	}
}

func hasPrefix(s, p []rune) bool { return len(s) >= len(p) && runesEqual(s[:len(p)], p) }
func hasSuffix(s, p []rune) bool { return len(s) >= len(p) && runesEqual(s[len(s)-len(p):], p) }

// splice is go-diff's: remove amount elements at index, insert elements.
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

// main is go-diff's diffMainRunes.
func (m *myers) main(text1, text2 []rune) []rdiff {
	if runesEqual(text1, text2) {
		var diffs []rdiff
		if len(text1) > 0 {
			diffs = append(diffs, rdiff{rEqual, text1})
		}
		return diffs
	}
	n := commonPrefixLength(text1, text2)
	commonprefix := text1[:n]
	text1, text2 = text1[n:], text2[n:]
	n = commonSuffixLength(text1, text2)
	commonsuffix := text1[len(text1)-n:]
	text1, text2 = text1[:len(text1)-n], text2[:len(text2)-n]

	diffs := m.compute(text1, text2)
	if len(commonprefix) != 0 {
		diffs = append([]rdiff{{rEqual, commonprefix}}, diffs...)
	}
	if len(commonsuffix) != 0 {
		diffs = append(diffs, rdiff{rEqual, commonsuffix})
	}
	return cleanupMerge(diffs)
}

// compute is go-diff's diffCompute (texts without common prefix or suffix).
func (m *myers) compute(text1, text2 []rune) []rdiff {
	if len(text1) == 0 {
		return []rdiff{{rInsert, text2}}
	} else if len(text2) == 0 {
		return []rdiff{{rDelete, text1}}
	}
	longtext, shorttext := text2, text1
	if len(text1) > len(text2) {
		longtext, shorttext = text1, text2
	}
	if i := runesIndex(longtext, shorttext); i != -1 {
		op := rInsert
		if len(text1) > len(text2) {
			op = rDelete
		}
		return []rdiff{
			{op, longtext[:i]},
			{rEqual, shorttext},
			{op, longtext[i+len(shorttext):]},
		}
	} else if len(shorttext) == 1 {
		return []rdiff{{rDelete, text1}, {rInsert, text2}}
	} else if hm := m.halfMatchOf(text1, text2); hm != nil {
		diffs := m.main(hm[0], hm[2])
		diffsB := m.main(hm[1], hm[3])
		diffs = append(diffs, rdiff{rEqual, hm[4]})
		return append(diffs, diffsB...)
	}
	return m.bisect(text1, text2)
}

// halfMatchOf is go-diff's diffHalfMatch.
func (m *myers) halfMatchOf(text1, text2 []rune) [][]rune {
	if !m.halfMatch {
		return nil
	}
	longtext, shorttext := text2, text1
	if len(text1) > len(text2) {
		longtext, shorttext = text1, text2
	}
	if len(longtext) < 4 || len(shorttext)*2 < len(longtext) {
		return nil
	}
	hm1 := halfMatchI(longtext, shorttext, int(float64(len(longtext)+3)/4))
	hm2 := halfMatchI(longtext, shorttext, int(float64(len(longtext)+1)/2))
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
	if len(text1) > len(text2) {
		return hm
	}
	return [][]rune{hm[2], hm[3], hm[0], hm[1], hm[4]}
}

// halfMatchI is go-diff's diffHalfMatchI.
func halfMatchI(l, s []rune, i int) [][]rune {
	var bestCommonA, bestCommonB []rune
	var bestCommonLen int
	var bestLongtextA, bestLongtextB, bestShorttextA, bestShorttextB []rune
	seed := l[i : i+len(l)/4]
	for j := runesIndexOf(s, seed, 0); j != -1; j = runesIndexOf(s, seed, j+1) {
		prefixLength := commonPrefixLength(l[i:], s[j:])
		suffixLength := commonSuffixLength(l[:i], s[:j])
		if bestCommonLen < suffixLength+prefixLength {
			bestCommonA = s[j-suffixLength : j]
			bestCommonB = s[j : j+prefixLength]
			bestCommonLen = len(bestCommonA) + len(bestCommonB)
			bestLongtextA = l[:i-suffixLength]
			bestLongtextB = l[i+prefixLength:]
			bestShorttextA = s[:j-suffixLength]
			bestShorttextB = s[j+prefixLength:]
		}
	}
	if bestCommonLen*2 < len(l) {
		return nil
	}
	return [][]rune{bestLongtextA, bestLongtextB, bestShorttextA, bestShorttextB, concat(bestCommonA, bestCommonB)}
}

// bisect is go-diff's diffBisect: Myers's middle snake.
func (m *myers) bisect(runes1, runes2 []rune) []rdiff {
	runes1Len, runes2Len := len(runes1), len(runes2)
	maxD := (runes1Len + runes2Len + 1) / 2
	vOffset := maxD
	vLength := 2 * maxD
	// The V arrays are dead once the middle snake is found (the
	// recursion starts in return position), so every level reuses one
	// scratch array.
	if cap(m.scratch) < 2*vLength {
		m.scratch = make([]int, 2*vLength)
	}
	v := m.scratch[:2*vLength]
	v1, v2 := v[:vLength], v[vLength:]
	for i := range v {
		v[i] = -1
	}
	v1[vOffset+1] = 0
	v2[vOffset+1] = 0
	delta := runes1Len - runes2Len
	front := delta%2 != 0
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for d := 0; d < maxD; d++ {
		if !m.deadline.IsZero() && d%16 == 0 && time.Now().After(m.deadline) {
			break
		}
		for k1 := -d + k1start; k1 <= d-k1end; k1 += 2 {
			k1Offset := vOffset + k1
			var x1 int
			if k1 == -d || (k1 != d && v1[k1Offset-1] < v1[k1Offset+1]) {
				x1 = v1[k1Offset+1]
			} else {
				x1 = v1[k1Offset-1] + 1
			}
			y1 := x1 - k1
			for x1 < runes1Len && y1 < runes2Len && runes1[x1] == runes2[y1] {
				x1++
				y1++
			}
			v1[k1Offset] = x1
			if x1 > runes1Len {
				k1end += 2
			} else if y1 > runes2Len {
				k1start += 2
			} else if front {
				k2Offset := vOffset + delta - k1
				if k2Offset >= 0 && k2Offset < vLength && v2[k2Offset] != -1 {
					if x2 := runes1Len - v2[k2Offset]; x1 >= x2 {
						return m.bisectSplit(runes1, runes2, x1, y1)
					}
				}
			}
		}
		for k2 := -d + k2start; k2 <= d-k2end; k2 += 2 {
			k2Offset := vOffset + k2
			var x2 int
			if k2 == -d || (k2 != d && v2[k2Offset-1] < v2[k2Offset+1]) {
				x2 = v2[k2Offset+1]
			} else {
				x2 = v2[k2Offset-1] + 1
			}
			y2 := x2 - k2
			for x2 < runes1Len && y2 < runes2Len && runes1[runes1Len-x2-1] == runes2[runes2Len-y2-1] {
				x2++
				y2++
			}
			v2[k2Offset] = x2
			if x2 > runes1Len {
				k2end += 2
			} else if y2 > runes2Len {
				k2start += 2
			} else if !front {
				k1Offset := vOffset + delta - k2
				if k1Offset >= 0 && k1Offset < vLength && v1[k1Offset] != -1 {
					x1 := v1[k1Offset]
					y1 := vOffset + x1 - k1Offset
					if x2 = runes1Len - x2; x1 >= x2 {
						return m.bisectSplit(runes1, runes2, x1, y1)
					}
				}
			}
		}
	}
	return []rdiff{{rDelete, runes1}, {rInsert, runes2}}
}

func (m *myers) bisectSplit(runes1, runes2 []rune, x, y int) []rdiff {
	diffs := m.main(runes1[:x], runes2[:y])
	diffsb := m.main(runes1[x:], runes2[y:])
	return append(diffs, diffsb...)
}

// cleanupMerge is go-diff's DiffCleanupMerge: merge like edits, factor
// out common prefixes and suffixes, shift single edits over equalities.
// Texts are never modified in place (they may share arrays with the
// input); every joined text is a new slice.
func cleanupMerge(diffs []rdiff) []rdiff {
	diffs = append(diffs, rdiff{rEqual, nil})
	pointer := 0
	countDelete, countInsert := 0, 0
	var textDelete, textInsert []rune
	for pointer < len(diffs) {
		switch diffs[pointer].op {
		case rInsert:
			countInsert++
			textInsert = append(textInsert, diffs[pointer].text...)
			pointer++
		case rDelete:
			countDelete++
			textDelete = append(textDelete, diffs[pointer].text...)
			pointer++
		case rEqual:
			if countDelete+countInsert > 1 {
				if countDelete != 0 && countInsert != 0 {
					if n := commonPrefixLength(textInsert, textDelete); n != 0 {
						x := pointer - countDelete - countInsert
						if x > 0 && diffs[x-1].op == rEqual {
							diffs[x-1].text = concat(diffs[x-1].text, textInsert[:n])
						} else {
							diffs = append([]rdiff{{rEqual, concat(nil, textInsert[:n])}}, diffs...)
							pointer++
						}
						textInsert = textInsert[n:]
						textDelete = textDelete[n:]
					}
					if n := commonSuffixLength(textInsert, textDelete); n != 0 {
						insertIndex := len(textInsert) - n
						deleteIndex := len(textDelete) - n
						diffs[pointer].text = concat(textInsert[insertIndex:], diffs[pointer].text)
						textInsert = textInsert[:insertIndex]
						textDelete = textDelete[:deleteIndex]
					}
				}
				if countDelete == 0 {
					diffs = splice(diffs, pointer-countInsert, countDelete+countInsert,
						rdiff{rInsert, textInsert})
				} else if countInsert == 0 {
					diffs = splice(diffs, pointer-countDelete, countDelete+countInsert,
						rdiff{rDelete, textDelete})
				} else {
					diffs = splice(diffs, pointer-countDelete-countInsert, countDelete+countInsert,
						rdiff{rDelete, textDelete}, rdiff{rInsert, textInsert})
				}
				pointer = pointer - countDelete - countInsert + 1
				if countDelete != 0 {
					pointer++
				}
				if countInsert != 0 {
					pointer++
				}
			} else if pointer != 0 && diffs[pointer-1].op == rEqual {
				diffs[pointer-1].text = concat(diffs[pointer-1].text, diffs[pointer].text)
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
	// Single edits surrounded by equalities that can shift sideways to
	// remove an equality: A<ins>BA</ins>C → <ins>AB</ins>AC.
	changes := false
	for pointer = 1; pointer < len(diffs)-1; pointer++ {
		if diffs[pointer-1].op == rEqual && diffs[pointer+1].op == rEqual {
			prev, cur, next := diffs[pointer-1].text, diffs[pointer].text, diffs[pointer+1].text
			if hasSuffix(cur, prev) {
				diffs[pointer].text = concat(prev, cur[:len(cur)-len(prev)])
				diffs[pointer+1].text = concat(prev, next)
				diffs = splice(diffs, pointer-1, 1)
				changes = true
			} else if hasPrefix(cur, next) {
				diffs[pointer-1].text = concat(prev, next)
				diffs[pointer].text = concat(cur[len(next):], next)
				diffs = splice(diffs, pointer+1, 1)
				changes = true
			}
		}
	}
	if changes {
		diffs = cleanupMerge(diffs)
	}
	return diffs
}
