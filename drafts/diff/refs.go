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

// renumberRefs rewrites the references in s to articles of the old text
// into the numbers those articles have in the new text. References to
// another instrument (《…》第十条) are left alone.
func renumberRefs(s string, m map[[2]int][2]int) string {
	locs := articleRef.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		if strings.HasSuffix(s[:l[0]], "》") {
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
		b.WriteString(s[last:l[0]])
		b.WriteString(articleLabel(to[0], to[1]))
		last = l[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// articleLabel writes an article number as a label: 第十条, 第十条之一.
func articleLabel(n, sub int) string {
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
	// LCS on (level, title).
	n, m := len(fo), len(fn)
	f := make([][]int, n+1)
	for i := range f {
		f[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if fo[i].d.Level == fn[j].d.Level && fo[i].title == fn[j].title {
				f[i][j] = f[i+1][j+1] + 1
			} else {
				f[i][j] = max(f[i+1][j], f[i][j+1])
			}
		}
	}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case fo[i].d.Level == fn[j].d.Level && fo[i].title == fn[j].title:
			oTo[i], nTo[j] = j, i
			i++
			j++
		case f[i+1][j] >= f[i][j+1]:
			i++
		default:
			j++
		}
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
