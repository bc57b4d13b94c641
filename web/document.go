package web

import (
	"fmt"
	"sort"

	"lifa/drafts"
)

// Heading is a 编, 章 or 节 heading laid out for a page: its HTML id, depth
// (0 for the outermost level) and the articles it holds.
type Heading struct {
	ID    string
	Depth int
	Level drafts.DivisionLevel
	Label string // 第一章
	Title string // 总则
	Range string // 第一条至第十条
}

// Part is one piece of a version's body in reading order: either a heading
// or an article.
type Part struct {
	Heading *Heading
	Article *drafts.Article
}

// Layout is a parsed document arranged for the version page: the table of
// contents and the body in reading order.
type Layout struct {
	TOC  []*Heading
	Body []Part
}

// LayoutDocument arranges doc for display. Headings get ids built from
// their path, e.g. "zhang-3" or "bian-2-zhang-1-jie-2", because chapter
// numbers restart in every 编. A heading that holds no article is placed
// by its source line.
func LayoutDocument(doc *drafts.Document) Layout {
	var l Layout
	if doc == nil {
		return l
	}
	type placed struct {
		at int // index of the article the heading precedes
		h  *Heading
	}
	var hs []placed
	var walk func(divs []*drafts.Division, prefix string, depth int)
	walk = func(divs []*drafts.Division, prefix string, depth int) {
		for _, d := range divs {
			id := fmt.Sprintf("%s%s-%d", prefix, levelSlug(d.Level), d.Num)
			h := &Heading{ID: id, Depth: depth, Level: d.Level, Label: d.Label, Title: d.Title,
				Range: ArticleRange(doc, d)}
			at := d.FirstArticle
			if at < 0 || at > len(doc.Articles) {
				at = len(doc.Articles)
				for i, a := range doc.Articles {
					if a.Line > d.Line {
						at = i
						break
					}
				}
			}
			hs = append(hs, placed{at, h})
			l.TOC = append(l.TOC, h)
			walk(d.Children, id+"-", depth+1)
		}
	}
	walk(doc.Chapters, "", 0)
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].at < hs[j].at })
	k := 0
	for i, a := range doc.Articles {
		for k < len(hs) && hs[k].at <= i {
			l.Body = append(l.Body, Part{Heading: hs[k].h})
			k++
		}
		l.Body = append(l.Body, Part{Article: a})
	}
	for ; k < len(hs); k++ {
		l.Body = append(l.Body, Part{Heading: hs[k].h})
	}
	return l
}

func levelSlug(l drafts.DivisionLevel) string {
	switch l {
	case drafts.LevelPart:
		return "bian"
	case drafts.LevelChapter:
		return "zhang"
	case drafts.LevelSection:
		return "jie"
	}
	return "div"
}
