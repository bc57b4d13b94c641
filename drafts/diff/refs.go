package diff

import (
	"regexp"
	"strings"

	"lifa/drafts"
	"lifa/drafts/cnum"
)

// articleRef matches a reference to an article of the same text: 第十条,
// 第十条之一, 第105条.
var articleRef = regexp.MustCompile(`第([零〇一二两三四五六七八九十百千0-9０-９]+)条(?:之([一二三四五六七八九十]+))?`)

// RefEdit is one cross-reference that renumbering rewrites: bytes
// [Start, End) of the text, citing old article (Num, Sub), become Text.
type RefEdit struct {
	Start, End int
	Num, Sub   int
	Text       string
}

// RefEdits returns the edits that rewrite the references in s to articles
// of the old text into the numbers those articles have in the new text: m
// maps an old article's (Num, Sub) to the new one's. References to another
// instrument (《…》第十条) and to articles m does not know are left alone.
func RefEdits(s string, m map[[2]int][2]int) []RefEdit {
	var out []RefEdit
	refEdits(s, m, func(e RefEdit) { out = append(out, e) })
	return out
}

// RenumberRefs returns s with its RefEdits made.
func RenumberRefs(s string, m map[[2]int][2]int) string {
	var b strings.Builder
	last := 0
	refEdits(s, m, func(e RefEdit) {
		if last == 0 {
			b.Grow(len(s) + 8)
		}
		b.WriteString(s[last:e.Start])
		b.WriteString(e.Text)
		last = e.End
	})
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// refEdits calls yield with each edit of RefEdits, in text order.
func refEdits(s string, m map[[2]int][2]int, yield func(RefEdit)) {
	// Only a text with 条 can cite an article. Its last two bytes are
	// in s whenever it is, and are much rarer in Chinese text than its
	// first (E6 leads every character from U+6000 to U+6FFF), so they
	// are quicker to look for.
	if len(m) == 0 || !strings.Contains(s, "条"[1:]) {
		return
	}
	for _, l := range articleRef.FindAllStringSubmatchIndex(s, -1) {
		if otherInstrument(s[:l[0]]) {
			continue
		}
		n, err := cnum.Parse(s[l[2]:l[3]])
		if err != nil {
			continue
		}
		sub := 0
		if l[4] >= 0 {
			if sub, err = cnum.Parse(s[l[4]:l[5]]); err != nil {
				continue
			}
		}
		to, ok := m[[2]int{n, sub}]
		if !ok {
			continue
		}
		yield(RefEdit{Start: l[0], End: l[1], Num: n, Sub: sub, Text: ArticleLabel(to[0], to[1])})
	}
}

// prevRef matches a reference at the end of a text, for stepping back
// through a list of them: 宪法第八十九条、.
var prevRef = regexp.MustCompile(`(?:第[零〇一二两三四五六七八九十百千0-9０-９]+[条款项目](?:之[一二三四五六七八九十]+)?|第[（(][零一二三四五六七八九十百]+[)）]项)$`)

// selfNames are the ways a text names itself before an article number.
var selfNames = []string{"本法", "本条例", "本规定", "本办法", "本细则", "本规则", "本决定", "本准则", "本标准"}

// otherInstruments end the names of other instruments cited without 《》.
var otherInstruments = []string{"宪法", "法", "条例", "规定", "办法", "细则", "规则", "决定"}

// otherInstrument reports whether a reference that follows before (the
// text up to it) cites another instrument: 《……》第十条, 宪法第八十九条,
// 民法典第一千条, also through a list (宪法第八十九条、第九十条). 本法第十条
// and a bare 第十条 cite this text.
func otherInstrument(before string) bool {
	t := before
	for n := 0; n < 16; n++ {
		u := strings.TrimRight(t, "、和或及与至以")
		if n == 0 && u == t {
			break // not in a list
		}
		loc := prevRef.FindStringIndex(u)
		if loc == nil {
			break
		}
		t = u[:loc[0]]
	}
	if strings.HasSuffix(t, "》") {
		return true
	}
	for _, n := range selfNames {
		if strings.HasSuffix(t, n) {
			return false
		}
	}
	for _, n := range otherInstruments {
		if strings.HasSuffix(t, n) {
			return true
		}
	}
	return false
}

// ArticleLabel writes an article number as a label: 第十条, 第十条之一.
func ArticleLabel(n, sub int) string {
	l := "第" + cnum.Format(n) + "条"
	if sub > 0 {
		l += "之" + cnum.Format(sub)
	}
	return l
}

// flatDivision is one heading of a division tree with its place.
type flatDivision struct {
	d     *drafts.Division
	title string // normalised title
}

func flatten(ds []*drafts.Division, out []flatDivision) []flatDivision {
	for _, d := range ds {
		out = append(out, flatDivision{d: d, title: normalize(d.Title)})
		out = flatten(d.Children, out)
	}
	return out
}

func divRef(d *drafts.Division) *DivisionRef {
	return &DivisionRef{Level: d.Level, Num: d.Num, Label: d.Label, Title: d.Title}
}

// compareDivisions pairs the 编/章/节 headings of both texts: same level and
// title first (in order), then by the articles they hold (renamed); the
// rest were added or deleted. The result is in new-text order with deleted
// headings after the heading that preceded them.
func compareDivisions(old, new *drafts.Document, al *alignment) []DivisionChange {
	fo, fn := flatten(old.Chapters, nil), flatten(new.Chapters, nil)
	oTo := make([]int, len(fo))
	nTo := make([]int, len(fn))
	for i := range oTo {
		oTo[i] = -1
	}
	for j := range nTo {
		nTo[j] = -1
	}
	// Same level and title, in order (a longest common subsequence).
	key := func(fd flatDivision) string { return string(fd.d.Level) + "\x00" + fd.title }
	ko, kn := make([]string, len(fo)), make([]string, len(fn))
	for i, fd := range fo {
		ko[i] = key(fd)
	}
	for j, fd := range fn {
		kn[j] = key(fd)
	}
	for _, p := range LinePairs(ko, kn) {
		oTo[p[0]], nTo[p[1]] = p[1], p[0]
	}
	// Renamed: an unpaired old heading whose articles mostly went into an
	// unpaired new heading of the same level.
	for i, od := range fo {
		if oTo[i] >= 0 || od.d.FirstArticle < 0 {
			continue
		}
		votes := map[int]int{}
		total := 0
		for a := od.d.FirstArticle; a <= od.d.LastArticle && a < len(al.oldG); a++ {
			g := al.groups[al.oldG[a]]
			for _, nj := range g.new {
				total++
				for j, nd := range fn {
					if nTo[j] < 0 && nd.d.Level == od.d.Level && nd.d.FirstArticle >= 0 &&
						nj >= nd.d.FirstArticle && nj <= nd.d.LastArticle {
						votes[j]++
					}
				}
			}
		}
		best, bv := -1, 0
		for j, v := range votes {
			if v > bv || (v == bv && j < best) {
				best, bv = j, v
			}
		}
		if best >= 0 && 2*bv > total {
			oTo[i], nTo[best] = best, i
		}
	}
	var out []DivisionChange
	emitDeleted := func(from, to int) {
		for k := from; k < to; k++ {
			if oTo[k] < 0 {
				out = append(out, DivisionChange{Kind: "deleted", Old: divRef(fo[k].d)})
			}
		}
	}
	oi := 0
	for j, nd := range fn {
		i := nTo[j]
		if i < 0 {
			out = append(out, DivisionChange{Kind: "added", New: divRef(nd.d)})
			continue
		}
		if i >= oi {
			emitDeleted(oi, i)
			oi = i + 1
		}
		od := fo[i].d
		kind := "unchanged"
		switch {
		case fo[i].title != nd.title:
			kind = "renamed"
		case od.Label != nd.d.Label:
			kind = "renumbered"
		}
		out = append(out, DivisionChange{Kind: kind, Old: divRef(od), New: divRef(nd.d)})
	}
	emitDeleted(oi, len(fo))
	return out
}
