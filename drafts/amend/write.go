package amend

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/diff"
)

// Meta says who makes a decision and when. Every field is optional.
type Meta struct {
	// Law is the amended law's name; default the new text's title.
	Law string `json:"law,omitempty"`
	// Body is the body that makes the decision: 广州市人民代表大会常务委员会.
	Body string `json:"body,omitempty"`
	// Meeting is the meeting that adopts it: 第十六届广州市人民代表大会常务委员会第三十次会议.
	Meeting string `json:"meeting,omitempty"`
	// Date is the adoption date: 2025年12月17日 or 2025-12-17.
	Date string `json:"date,omitempty"`
	// Effective is when it takes effect: 2026年2月1日 or 2026-02-01;
	// default 公布之日.
	Effective string `json:"effective,omitempty"`
}

// Write drafts the amendment decision that turns old into new, in the
// drafting style of official decisions: items numbered 一、二、… in the
// order of the old text, citing its numbering; for each changed article the
// smallest faithful form — wording changes made in several articles
// gathered in one item at the end (对部分条文中的有关表述作以下修改), the
// paragraph or item rewritten where only it changed, the whole article
// where most of it did; renumbered cross-references left to 对条文顺序作相
// 应调整. cmp is the comparison of old and new (nil to compare here).
//
// Every item is checked by applying it: Apply(old, ParseDecision(
// dec.Text())) gives new article by article, except where Report says
// otherwise. The error is EINVALID for a missing text.
func Write(old, new *drafts.Document, cmp *diff.Comparison, meta Meta) (*Decision, error) {
	if old == nil || new == nil {
		return nil, drafts.Errorf(drafts.EINVALID, "缺少要比较的文本")
	}
	if cmp == nil {
		var err error
		if cmp, err = diff.Compare(old, new, nil); err != nil {
			return nil, err
		}
	}
	w := newWriter(old, new, cmp)
	w.draft()
	return w.check(w.decision(meta), meta), nil
}

// draft is one item being written: its operations and where it goes.
type draft struct {
	key float64
	ops []Op
	// pair is the (old, new) article index of a 1:1 change, for the
	// fallback to rewriting the whole article; -1 when not.
	pairOld, pairNew int
	news             []int // new article indexes the item produces
	dead             bool
}

type writer struct {
	old, new *drafts.Document
	cmp      *diff.Comparison
	byNum    map[[2]int]int
	nums     map[[2]int][2]int
	r        *renumberer
	drafts   []*draft
	terms    []*term
	// renumbered is set when any article's number changes.
	renumbered bool
	// newDiv maps a new division to the old one it continues.
	newDiv map[*drafts.Division]*drafts.Division
	// newFirst maps a new article index to the divisions it opens.
	newFirst map[int][]*drafts.Division
	// inDivision marks new articles written by an AddDivision item.
	inDivision map[int]bool
	// movedOld marks old articles written as moved.
	movedOld map[int]bool
}

func newWriter(old, new *drafts.Document, cmp *diff.Comparison) *writer {
	w := &writer{old: old, new: new, cmp: cmp, byNum: map[[2]int]int{}, nums: map[[2]int][2]int{},
		newDiv: map[*drafts.Division]*drafts.Division{}, newFirst: map[int][]*drafts.Division{}, inDivision: map[int]bool{}, movedOld: map[int]bool{}}
	for i, a := range old.Articles {
		if _, dup := w.byNum[[2]int{a.Num, a.Sub}]; !dup {
			w.byNum[[2]int{a.Num, a.Sub}] = i
		}
	}
	for _, ch := range cmp.Changes {
		if len(ch.New) == 0 {
			continue
		}
		n := new.Articles[ch.New[0].Index]
		for _, o := range ch.Old {
			oa := old.Articles[o.Index]
			w.nums[[2]int{oa.Num, oa.Sub}] = [2]int{n.Num, n.Sub}
			if oa.Num != n.Num || oa.Sub != n.Sub {
				w.renumbered = true
			}
		}
	}
	if len(old.Articles) != len(new.Articles) {
		w.renumbered = true
	}
	// Paragraphs keep their numbers as far as the writer can tell; Apply
	// knows better, and the final check uses it.
	w.r = &renumberer{arts: w.nums, paras: map[paraRef][3]int{}, byNum: w.byNum}
	for i, a := range old.Articles {
		if to, ok := w.nums[[2]int{a.Num, a.Sub}]; ok {
			for k := range a.Paragraphs {
				w.r.paras[paraRef{i, k + 1}] = [3]int{to[0], to[1], k + 1}
			}
		}
	}
	// Half-width punctuation that the new text writes full-width
	// throughout is one item, not a change in each article.
	if w.punctuation() {
		w.r.punct = true
	}
	// Divisions: which old heading each new one continues.
	for _, d := range cmp.Divisions {
		if d.New == nil || d.Old == nil {
			continue
		}
		nd, od := findDiv(new.Chapters, d.New), findDiv(old.Chapters, d.Old)
		if nd != nil && od != nil {
			w.newDiv[nd] = od
		}
	}
	var walk func(ds []*drafts.Division)
	walk = func(ds []*drafts.Division) {
		for _, d := range ds {
			if f := firstArticle(d); f >= 0 {
				w.newFirst[f] = append(w.newFirst[f], d)
			}
			walk(d.Children)
		}
	}
	walk(new.Chapters)
	return w
}

// punctuation reports whether the old text has half-width punctuation
// beside Chinese characters and the new text has none.
func (w *writer) punctuation() bool {
	for _, a := range w.new.Articles {
		if fullWidth(a.Text) != a.Text {
			return false
		}
	}
	for _, a := range w.old.Articles {
		if fullWidth(a.Text) != a.Text {
			return true
		}
	}
	return false
}

// findDiv finds the division r describes in a tree.
func findDiv(ds []*drafts.Division, r *diff.DivisionRef) *drafts.Division {
	for _, d := range ds {
		if d.Level == r.Level && d.Label == r.Label && d.Title == r.Title && d.Num == r.Num {
			return d
		}
		if x := findDiv(d.Children, r); x != nil {
			return x
		}
	}
	return nil
}

// normWS removes the blanks from s, keeping line breaks: texts equal up
// to blanks are the same text.
func normWS(s string) string {
	if !strings.ContainsFunc(s, isBlankNotNL) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBlankNotNL(r) {
			return -1
		}
		return r
	}, s)
}

func isBlankNotNL(r rune) bool { return r != '\n' && isBlank(r) }

// sameText reports whether two article texts are equal up to blanks.
func sameText(a, b string) bool { return a == b || normWS(a) == normWS(b) }

func (w *writer) add(d *draft) *draft {
	w.drafts = append(w.drafts, d)
	return d
}

// draft writes the items, change by change in the comparison's (new) order.
func (w *writer) draft() {
	// Added articles go after the old article before them.
	lastOld := -1.0
	seq := 0
	var cands []*diff.Change
	for k := range w.cmp.Changes {
		ch := &w.cmp.Changes[k]
		seq++
		step := float64(seq) * 1e-6
		switch {
		case len(ch.Old) == 0: // added
			for _, n := range ch.New {
				w.added(n.Index, lastOld+0.5+step)
			}
		case len(ch.New) == 0: // deleted
			i := ch.Old[0].Index
			w.add(&draft{key: float64(i), ops: []Op{{Form: Delete, Targets: []Unit{w.oldUnit(i)}}}, pairOld: -1, pairNew: -1})
			lastOld = math.Max(lastOld, float64(i))
		case len(ch.Old) == 1 && len(ch.New) == 1 && ch.Kind != diff.Moved && !ch.Moved:
			cands = append(cands, ch)
			lastOld = math.Max(lastOld, float64(ch.Old[0].Index))
		case len(ch.Old) == 1 && len(ch.New) == 1:
			w.moved(ch)
		case len(ch.Old) == 1:
			i := ch.Old[0].Index
			op := Op{Form: Split, Targets: []Unit{w.oldUnit(i)}}
			var news []int
			for _, n := range ch.New {
				op.New = append(op.New, w.newUnit(n.Index))
				op.Texts = append(op.Texts, w.new.Articles[n.Index].Text)
				news = append(news, n.Index)
			}
			if parts := w.splitParts(i, news); parts != nil {
				op.Texts, op.New, op.Parts = nil, nil, parts
				w.add(&draft{key: float64(i), ops: []Op{op}, pairOld: -1, pairNew: -1, news: news})
			} else if ds := w.splitAdding(i, news); ds != nil {
				w.add(ds[0])
				w.add(ds[1])
			} else {
				w.add(&draft{key: float64(i), ops: []Op{op}, pairOld: -1, pairNew: -1, news: news})
			}
			lastOld = math.Max(lastOld, float64(i))
		default:
			op := Op{Form: Merge}
			first := math.Inf(1)
			for _, o := range ch.Old {
				op.Targets = append(op.Targets, w.oldUnit(o.Index))
				first = math.Min(first, float64(o.Index))
				lastOld = math.Max(lastOld, float64(o.Index))
			}
			var news []int
			for _, n := range ch.New {
				op.New = append(op.New, w.newUnit(n.Index))
				op.Texts = append(op.Texts, w.new.Articles[n.Index].Text)
				news = append(news, n.Index)
			}
			w.add(&draft{key: first, ops: []Op{op}, pairOld: -1, pairNew: -1, news: news})
		}
	}
	// The 1:1 pairs last: the splits above say where paragraphs went.
	var pairs []*pairEdit
	for _, c := range cands {
		if pe := w.newPair(c.Old[0].Index, c.New[0].Index, c); pe != nil {
			pairs = append(pairs, pe)
		}
	}
	w.pairs(pairs)
	w.divisions()
	w.groupDeletes()
	if w.r.punct {
		w.add(&draft{key: math.MaxFloat64, ops: []Op{{Form: Punctuation}}, pairOld: -1, pairNew: -1})
	}
}

// splitParts says which old paragraphs of article i make up the new
// articles news, quoting only those that changed: when every new
// paragraph continues an old one in order and some are unchanged; nil
// otherwise.
func (w *writer) splitParts(i int, news []int) []Part {
	// Paragraph k of the old article becomes the k-th paragraph of the
	// new ones: references to it follow.
	var to []Unit
	for _, j := range news {
		for k := range w.new.Articles[j].Paragraphs {
			u := w.newUnit(j)
			u.Paragraph = k + 1
			to = append(to, u)
		}
	}
	if len(to) != len(w.old.Articles[i].Paragraphs) {
		return nil
	}
	for k, u := range to {
		w.r.paras[paraRef{i, k + 1}] = [3]int{u.Article, u.ArticleSub, u.Paragraph}
	}
	// The old paragraphs as Apply keeps them, each renumbered as part of
	// the article it goes to (本条 is that article).
	m := oldArt(w.old, i)
	var bps []drafts.Paragraph
	for k, p := range m.paras {
		now := [2]int{to[k].Article, to[k].ArticleSub}
		bps = append(bps, buildParas([]*mPara{p}, func(t string, isFresh bool, self int) string {
			if !isFresh {
				t = w.r.text(t, self, now)
			}
			return plain(t)
		})...)
	}
	var bt, nt []string
	var nps []drafts.Paragraph
	for _, p := range bps {
		bt = append(bt, normWS(paraText(p)))
	}
	for _, j := range news {
		for _, p := range w.new.Articles[j].Paragraphs {
			nt = append(nt, normWS(paraText(p)))
			nps = append(nps, p)
		}
	}
	if len(bt) != len(nt) {
		return nil
	}
	same := 0
	var parts []Part
	for k := range bt {
		pt := Part{From: Unit{Article: w.old.Articles[i].Num, ArticleSub: w.old.Articles[i].Sub, Paragraph: k + 1}, To: to[k]}
		if bt[k] == nt[k] {
			same++
		} else {
			pt.Text = dropPunct(paraText(nps[k]), paraText(bps[k]))
		}
		parts = append(parts, pt)
	}
	if same == 0 {
		return nil
	}
	return parts
}

// splitAdding writes the split of article i into two new articles as the
// official drafters do when the second one is mostly new (立法法 2023,
// 第九十九条): the first keeps the old article's first paragraphs, the
// second is added and takes its last paragraph, with paragraphs of its
// own —
//
//	将第九十九条第一款、第二款改为第一百一十条，修改为：“…”
//	增加一条，作为第一百一十一条，将第九十九条第三款修改后作为本条第一款：“…”
//	增加一款，作为第一百一十一条第二款：“…”
//
// two items instead of 将第九十九条改为两条 quoting the same text. nil when
// the split is not of that shape.
func (w *writer) splitAdding(i int, news []int) []*draft {
	if len(news) != 2 {
		return nil
	}
	o, a, b := w.old.Articles[i], w.new.Articles[news[0]], w.new.Articles[news[1]]
	nA := len(a.Paragraphs)
	if nA == 0 || len(o.Paragraphs) != nA+1 || len(b.Paragraphs) < 2 {
		return nil
	}
	ou, ua, ub := w.oldUnit(i), w.newUnit(news[0]), w.newUnit(news[1])
	var first []Unit
	for k := range nA {
		u := ou
		u.Paragraph = k + 1
		first = append(first, u)
		w.r.paras[paraRef{i, k + 1}] = [3]int{ua.Article, ua.ArticleSub, k + 1}
	}
	last := ou
	last.Paragraph = nA + 1
	w.r.paras[paraRef{i, nA + 1}] = [3]int{ub.Article, ub.ArticleSub, 1}
	to := ub
	to.Paragraph = 1
	ops := []Op{{Form: Add, New: []Unit{ub}},
		{Form: Relocate, Targets: []Unit{last}, New: []Unit{to}, Texts: []string{paraText(b.Paragraphs[0])}}}
	for k := 1; k < len(b.Paragraphs); k++ {
		u := ub
		u.Paragraph = k + 1
		ops = append(ops, Op{Form: Add, New: []Unit{u}, Texts: []string{paraText(b.Paragraphs[k])}})
	}
	return []*draft{
		{key: float64(i), ops: []Op{{Form: Relocate, Targets: first, New: []Unit{ua}, Texts: []string{a.Text}}},
			pairOld: -1, pairNew: -1, news: news[:1]},
		{key: float64(i) + 1e-4, ops: ops, pairOld: -1, pairNew: -1, news: news[1:]},
	}
}

// oldUnit and newUnit cite an article of either text.
func (w *writer) oldUnit(i int) Unit {
	a := w.old.Articles[i]
	return Unit{Article: a.Num, ArticleSub: a.Sub}
}

func (w *writer) newUnit(j int) Unit {
	a := w.new.Articles[j]
	return Unit{Article: a.Num, ArticleSub: a.Sub}
}

// added writes 增加一条，作为第Y条 for new article j, or leaves it to the
// item adding its chapter.
func (w *writer) added(j int, key float64) {
	if w.inDivision[j] {
		return
	}
	op := Op{Form: Add, New: []Unit{w.newUnit(j)}, Texts: []string{w.new.Articles[j].Text}, Division: w.opens(j)}
	w.add(&draft{key: key, ops: []Op{op}, pairOld: -1, pairNew: -1, news: []int{j}})
}

// opens returns the old division new article j opens, if any: an article
// added or moved there goes into it (else it would end the one before).
func (w *writer) opens(j int) *DivisionRef {
	for _, d := range w.newFirst[j] {
		if od := w.newDiv[d]; od != nil {
			r := &DivisionRef{Level: od.Level, Num: od.Num}
			if od.Level == drafts.LevelSection {
				r.Chapter = w.chapterOf(w.old.Chapters, od)
			}
			return r
		}
	}
	return nil
}

// chapterOf returns the number of the chapter holding section s.
func (w *writer) chapterOf(ds []*drafts.Division, s *drafts.Division) int {
	for _, d := range ds {
		for _, c := range d.Children {
			if c == s {
				return d.Num
			}
		}
		if n := w.chapterOf(d.Children, s); n > 0 {
			return n
		}
	}
	return 0
}

// moved writes 将第X条移至第W条之后 for an article that moved.
func (w *writer) moved(ch *diff.Change) {
	i, j := ch.Old[0].Index, ch.New[0].Index
	w.movedOld[i] = true
	// The nearest article before it in the new text that stayed in place.
	after := -1
	for k := range w.cmp.Changes {
		c := &w.cmp.Changes[k]
		if len(c.New) == 0 || c.New[0].Index >= j || len(c.Old) == 0 || c.Kind == diff.Moved || c.Moved {
			continue
		}
		if idx := c.Old[len(c.Old)-1].Index; c.New[0].Index < j {
			after = idx
		}
	}
	na := w.new.Articles[j]
	if after < 0 {
		// Moved to the front: delete it and add it again.
		w.add(&draft{key: float64(i), ops: []Op{{Form: Delete, Targets: []Unit{w.oldUnit(i)}}}, pairOld: -1, pairNew: -1})
		w.add(&draft{key: -1 + float64(j)*1e-6, ops: []Op{{Form: Add, New: []Unit{w.newUnit(j)}, Texts: []string{na.Text}}}, pairOld: -1, pairNew: -1, news: []int{j}})
		return
	}
	au := w.oldUnit(after)
	op := Op{Form: Move, Targets: []Unit{w.oldUnit(i)}, After: &au, New: []Unit{w.newUnit(j)}}
	if d := w.opens(j); d != nil {
		op.After, op.Division = nil, d // 移至第N章: it opens that chapter
	}
	if got, ok := simulate(w.old, w.byNum, i, nil, w.r, [2]int{na.Num, na.Sub}); !ok || !sameText(got, na.Text) {
		op.Texts = []string{na.Text}
	}
	w.add(&draft{key: float64(i), ops: []Op{op}, pairOld: -1, pairNew: -1, news: []int{j}})
}

// groupDeletes joins the deletions of consecutive articles into one item
// (删去第十条、第十一条).
func (w *writer) groupDeletes() {
	sort.SliceStable(w.drafts, func(a, b int) bool { return w.drafts[a].key < w.drafts[b].key })
	var out []*draft
	for _, d := range w.drafts {
		if n := len(out); n > 0 && isArticleDelete(d) && isArticleDelete(out[n-1]) {
			prev := out[n-1]
			last := prev.ops[0].Targets[len(prev.ops[0].Targets)-1]
			if i, ok := w.byNum[[2]int{last.Article, last.ArticleSub}]; ok && float64(i+1) == d.key {
				prev.ops[0].Targets = append(prev.ops[0].Targets, d.ops[0].Targets...)
				continue
			}
		}
		out = append(out, d)
	}
	w.drafts = out
}

func isArticleDelete(d *draft) bool {
	return len(d.ops) == 1 && d.ops[0].Form == Delete && d.ops[0].Targets[0].Level() == "条"
}

// divisions writes the items for chapters and sections added, renamed or
// deleted.
func (w *writer) divisions() {
	// Where each old article went and which new articles came from where.
	origin := map[int]int{} // new index → old index
	deleted := map[int]bool{}
	for _, ch := range w.cmp.Changes {
		if len(ch.New) == 0 {
			for _, o := range ch.Old {
				deleted[o.Index] = true
			}
			continue
		}
		for _, n := range ch.New {
			if len(ch.Old) > 0 {
				origin[n.Index] = ch.Old[0].Index
			}
		}
	}
	keyOf := func(j int) float64 {
		for _, d := range w.drafts {
			for _, n := range d.news {
				if n == j {
					return d.key - 0.25
				}
			}
		}
		if i, ok := origin[j]; ok {
			return float64(i) - 0.25
		}
		return float64(j) * 1e-6
	}
	for _, dc := range w.cmp.Divisions {
		switch dc.Kind {
		case "renamed":
			d := DivisionRef{Level: dc.Old.Level, Num: dc.Old.Num, Title: dc.New.Title}
			od := findDiv(w.old.Chapters, dc.Old)
			if od == nil || od.Num == 0 {
				continue
			}
			if d.Level == drafts.LevelSection {
				d.Chapter = w.chapterOf(w.old.Chapters, od)
			}
			key := float64(max(od.FirstArticle, 0)) - 0.25
			w.add(&draft{key: key, ops: []Op{{Form: RenameDivision, Division: &d}}, pairOld: -1, pairNew: -1})
		case "deleted":
			od := findDiv(w.old.Chapters, dc.Old)
			if od == nil || od.Num == 0 {
				continue
			}
			d := DivisionRef{Level: od.Level, Num: od.Num, HeadingOnly: true}
			if d.Level == drafts.LevelSection {
				d.Chapter = w.chapterOf(w.old.Chapters, od)
			}
			w.add(&draft{key: float64(max(od.FirstArticle, 0)) - 0.3, ops: []Op{{Form: DeleteDivision, Division: &d}}, pairOld: -1, pairNew: -1})
		case "added":
			nd := findDiv(w.new.Chapters, dc.New)
			if nd == nil || nd.Num == 0 {
				continue
			}
			f := firstArticle(nd)
			if f < 0 {
				continue
			}
			d := DivisionRef{Level: nd.Level, Num: nd.Num, Title: nd.Title}
			op := Op{Form: AddDivision, Division: &d}
			if i, ok := origin[f]; ok {
				u := w.oldUnit(i)
				op.Targets = []Unit{u}
			} else {
				// It opens with new articles: they are quoted in it.
				for j := f; j < len(w.new.Articles) && j <= nd.LastArticle; j++ {
					if _, old := origin[j]; old {
						break
					}
					op.New = append(op.New, w.newUnit(j))
					op.Texts = append(op.Texts, w.new.Articles[j].Text)
					w.inDivision[j] = true
				}
				// Their own items go.
				for _, dr := range w.drafts {
					if len(dr.ops) == 1 && dr.ops[0].Form == Add && len(dr.news) == 1 && w.inDivision[dr.news[0]] {
						dr.dead = true
					}
				}
			}
			w.add(&draft{key: keyOf(f), ops: []Op{op}, pairOld: -1, pairNew: -1, news: nil})
		}
	}
	// A chapter kept from the old text that now starts at another old
	// article: its heading moves.
	var nds []*drafts.Division
	var walk func(ds []*drafts.Division)
	walk = func(ds []*drafts.Division) {
		for _, d := range ds {
			nds = append(nds, d)
			walk(d.Children)
		}
	}
	walk(w.new.Chapters)
	for _, nd := range nds {
		od := w.newDiv[nd]
		if od == nil {
			continue
		}
		f := firstArticle(nd)
		i, ok := origin[f]
		if !ok || od.Num == 0 || od.FirstArticle == i || w.movedOld[i] {
			continue
		}
		d := DivisionRef{Level: od.Level, Num: od.Num}
		if d.Level == drafts.LevelSection {
			d.Chapter = w.chapterOf(w.old.Chapters, od)
		}
		w.add(&draft{key: float64(i) - 0.2, ops: []Op{{Form: MoveDivision, Division: &d, Targets: []Unit{w.oldUnit(i)}}}, pairOld: -1, pairNew: -1})
	}
	out := w.drafts[:0]
	for _, d := range w.drafts {
		if !d.dead {
			out = append(out, d)
		}
	}
	w.drafts = out
}

// pairEdit is a changed 1:1 pair and the edits between the renumbered old
// text and the new text.
type pairEdit struct {
	i, j  int
	now   [2]int
	base  string // old text renumbered, as Apply would keep it
	spans []span
}

// span is one change between base and the new text: runes [a, b) of
// base become ins.
type span struct {
	a, b int
	del  string
	ins  string
}

// newPair returns the changes of the 1:1 change ch (old i, new j) that
// renumbering does not make, or nil when it makes them all.
func (w *writer) newPair(i, j int, ch *diff.Change) *pairEdit {
	na := w.new.Articles[j]
	now := [2]int{na.Num, na.Sub}
	base, ok := simulate(w.old, w.byNum, i, nil, w.r, now)
	if ok && sameText(base, na.Text) {
		return nil
	}
	pe := &pairEdit{i: i, j: j, now: now, base: base}
	if base == w.old.Articles[i].Text && !ch.Coarse {
		pe.spans = spansOf(ch.Diff) // the comparison diffed these texts already
	} else {
		ops, _ := diff.Texts(base, na.Text, 200*time.Millisecond)
		pe.spans = spansOf(ops)
	}
	return pe
}

// spansOf returns the changes of a character diff, neighbouring
// ones joined when only a few characters of one phrase stand between them
// (法律委员会和 → 宪法和法律委员会、 is one change, not two).
func spansOf(ops []diff.Op) []span {
	var out []span
	pos := 0 // runes of a
	var cur *span
	gap := ""
	for _, op := range ops {
		n := utf8.RuneCountInString(op.Text)
		switch op.Op {
		case diff.OpEqual:
			if cur != nil {
				out = append(out, *cur)
				cur = nil
			}
			gap = op.Text
			pos += n
		case diff.OpDelete, diff.OpInsert:
			if cur == nil {
				k := len(out) - 1
				if k >= 0 && out[k].b == pos-utf8.RuneCountInString(gap) && joinable(gap) {
					// join with the previous change across the gap
					cur = &out[k]
					out = out[:k]
					cur.del += gap
					cur.ins += gap
					cur.b = pos
				} else {
					cur = &span{a: pos, b: pos}
				}
			}
			if op.Op == diff.OpDelete {
				cur.del += op.Text
				cur.b += n
				pos += n
			} else {
				cur.ins += op.Text
			}
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// joinable reports whether an unchanged run between two changes is short
// and inside one phrase.
func joinable(gap string) bool {
	return utf8.RuneCountInString(gap) <= 5 && !strings.ContainsAny(gap, "，。；：\n,;:")
}

// delimiters end a phrase for quoting.
const delimiters = "，。；：、（）()《》“”\n,;:"

func isDelim(r rune) bool { return strings.ContainsRune(delimiters, r) }

// spanKey identifies a change of wording across articles.
func (s span) key() string { return s.del + "\x00" + s.ins }

// small reports whether a change is a change of wording (a few words).
func (s span) small() bool {
	return utf8.RuneCountInString(s.del)+utf8.RuneCountInString(s.ins) <= 24 &&
		!strings.Contains(s.del, "\n") && !strings.Contains(s.ins, "\n")
}

// pairs chooses the form of each changed 1:1 article.
func (w *writer) pairs(pes []*pairEdit) {
	// A change of wording made in more than one article is terminology
	// (counting only articles changed in a few words).
	seen := map[string]map[int]bool{}
	for _, pe := range pes {
		allSmall := len(pe.spans) <= 3
		for _, s := range pe.spans {
			allSmall = allSmall && s.small()
		}
		if !allSmall {
			continue
		}
		for _, s := range pe.spans {
			if seen[s.key()] == nil {
				seen[s.key()] = map[int]bool{}
			}
			seen[s.key()][pe.i] = true
		}
	}
	for _, pe := range pes {
		na := w.new.Articles[pe.j]
		terminology := len(pe.spans) > 0
		for _, s := range pe.spans {
			recurs := len(seen[s.key()]) > 1
			tiny := len(pe.spans) == 1 && utf8.RuneCountInString(s.del)+utf8.RuneCountInString(s.ins) <= 4 &&
				utf8.RuneCountInString(pe.base) >= 40
			if !s.small() || !recurs && !tiny && !punctOnly(s) {
				terminology = false
				break
			}
		}
		if terminology {
			if ts := w.wordEdits(pe); ts != nil {
				w.terms = append(w.terms, ts...)
				continue
			}
		}
		ops := w.unitOps(pe)
		if ops == nil {
			ops = []Op{{Form: Replace, Targets: []Unit{w.oldUnit(pe.i)}, Texts: []string{na.Text}}}
		}
		if oa := w.old.Articles[pe.i]; oa.Num != na.Num || oa.Sub != na.Sub {
			ops = append([]Op{{Form: Renumber, Targets: []Unit{w.oldUnit(pe.i)}, New: []Unit{w.newUnit(pe.j)}}}, ops...)
		}
		w.add(&draft{key: float64(pe.i), ops: ops, pairOld: pe.i, pairNew: pe.j, news: []int{pe.j}})
	}
	w.groupTerms()
}

// punctOnly reports whether a change only writes punctuation in the other
// width (: for ：).
func punctOnly(s span) bool {
	a, b := []rune(s.del), []rune(s.ins)
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	for k := range a {
		if a[k] == b[k] || !unicode.IsPunct(a[k]) || !unicode.IsPunct(b[k]) {
			return false
		}
	}
	return true
}

// term is one change of wording in one unit, to be gathered with the same
// change elsewhere.
type term struct {
	form  Form
	unit  Unit
	words Words
	pair  *pairEdit
	right bool   // a replacement made of an insertion before a phrase
	ins   string // for right: the inserted text
}

// wordEdits expresses a pair's changes as changes of wording, checked by
// applying them; nil when that does not give the new text.
func (w *writer) wordEdits(pe *pairEdit) []*term {
	na := w.new.Articles[pe.j]
	base := []rune(pe.base)
	// The paragraph of each rune of base (the article has one paragraph
	// per run of lines from a paragraph's lead to its last item).
	oa := w.old.Articles[pe.i]
	paraOf := paraIndex(w.old.Articles[pe.i])
	bps := parseBody(pe.base)
	for _, mode := range []int{narrow, unique, wide} {
		var ts []*term
		for _, s := range pe.spans {
			var pieces []string
			if p := paraOf(s.a); len(oa.Paragraphs) > 1 && p > 0 && p <= len(bps) {
				pieces = strings.Split(paraText(bps[p-1]), "\n")
			} else {
				pieces = strings.Split(pe.base, "\n")
			}
			t := w.wordEdit(base, s, mode, pieces)
			if t == nil {
				ts = nil
				break
			}
			t.pair = pe
			t.unit = Unit{Article: oa.Num, ArticleSub: oa.Sub}
			if len(oa.Paragraphs) > 1 {
				if p := paraOf(s.a); p > 0 {
					t.unit.Paragraph = p
				}
			}
			ts = append(ts, t)
		}
		if ts == nil {
			continue
		}
		if got, ok := simulate(w.old, w.byNum, pe.i, termOps(ts), w.r, pe.now); ok && sameText(got, na.Text) {
			return ts
		}
	}
	return nil
}

// paraIndex returns a function giving the 1-based paragraph of a rune
// offset of the article's text (lines: each paragraph's lead, then its
// items and sub-items).
func paraIndex(a *drafts.Article) func(int) int {
	var ends []int // rune offset where each paragraph ends
	off := 0
	for _, p := range a.Paragraphs {
		n := 0
		if p.Text != "" {
			n += utf8.RuneCountInString(p.Text) + 1
		}
		var walk func(its []drafts.Item)
		walk = func(its []drafts.Item) {
			for _, it := range its {
				n += utf8.RuneCountInString(it.Label+it.Text) + 1
				walk(it.SubItems)
			}
		}
		walk(p.Items)
		off += n
		ends = append(ends, off)
	}
	return func(x int) int {
		for k, e := range ends {
			if x < e {
				return k + 1
			}
		}
		return 0
	}
}

// termOps turns changes of wording into operations, one each.
func termOps(ts []*term) []Op {
	type key struct {
		form  Form
		unit  Unit
		words Words
	}
	var ops []Op
	seen := map[key]bool{}
	for _, t := range ts {
		k := key{t.form, t.unit, t.words}
		if seen[k] {
			continue // the same change twice in one unit: once replaces both
		}
		seen[k] = true
		ops = append(ops, Op{Form: t.form, Targets: []Unit{t.unit}, Words: []Words{t.words}})
	}
	return ops
}

// The ways wordEdit quotes: the changed words (with a little context where
// they are too short), as few more characters as make them occur once in
// their unit, or whole phrases from delimiter to delimiter.
const (
	narrow = iota
	unique
	wide
)

// occurrences counts s in the pieces (lines) of a unit.
func occurrences(pieces []string, s string) int {
	n := 0
	for _, p := range pieces {
		n += strings.Count(p, s)
	}
	return n
}

// wordEdit expresses one change as a change of wording, quoting as mode
// says; pieces are the lines of the unit it is made in.
func (w *writer) wordEdit(base []rune, s span, mode int, pieces []string) *term {
	if mode == unique {
		a, b := s.a, s.b
		line := func(k int) bool { return k >= 0 && k < len(base) && base[k] != '\n' }
		for n := 0; n < 40; n++ {
			if b-a >= 2 && occurrences(pieces, string(base[a:b])) == 1 {
				break
			}
			if n%2 == 0 && line(b) {
				b++
			} else if line(a - 1) {
				a--
			} else if line(b) {
				b++
			} else {
				return nil
			}
		}
		pre, post := string(base[a:s.a]), string(base[s.b:b])
		if s.ins == "" && pre == "" && post == "" {
			return &term{form: DeleteWords, words: Words{From: s.del}}
		}
		return &term{form: ReplaceWords, words: Words{From: pre + s.del + post, To: pre + s.ins + post}}
	}
	wide := mode == wide
	left := func(x int) int { // start of the phrase ending at x
		k := x
		for k > 0 && !isDelim(base[k-1]) {
			k--
		}
		return k
	}
	right := func(x int) int { // end of the phrase starting at x
		k := x
		for k < len(base) && !isDelim(base[k]) {
			k++
		}
		return k
	}
	if wide {
		a, b := left(s.a), right(s.b)
		if a == s.a && b == s.b && s.del == "" {
			return nil
		}
		pre, post := string(base[a:s.a]), string(base[s.b:b])
		if s.ins == "" && pre == "" && post == "" {
			return &term{form: DeleteWords, words: Words{From: s.del}}
		}
		return &term{form: ReplaceWords, words: Words{From: pre + s.del + post, To: pre + s.ins + post}}
	}
	switch {
	case s.del == "":
		// An insertion into an enumeration: 在“A”后增加“B”.
		core := strings.Trim(s.ins, "、")
		if core != s.ins && core != "" && !strings.ContainsAny(core, delimiters) {
			at := s.a
			if strings.HasSuffix(s.ins, "、") && at > 0 && base[at-1] == '、' {
				at-- // …A、|B、… : the member before is A
			}
			if strings.HasPrefix(s.ins, "、") || at < s.a {
				from := string(base[left(at):at])
				if from != "" {
					return &term{form: InsertWords, words: Words{From: from, To: core}}
				}
			}
		}
		// Before a phrase: the phrase is replaced (“法律委员会”修改为
		// “宪法和法律委员会”); at a phrase's end, the phrase before it.
		if e := right(s.a); e > s.a {
			e = min(e, s.a+10)
			from := string(base[s.a:e])
			return &term{form: ReplaceWords, words: Words{From: from, To: s.ins + from}, right: true, ins: s.ins}
		}
		if b := left(s.a); b < s.a {
			from := string(base[b:s.a])
			return &term{form: ReplaceWords, words: Words{From: from, To: from + s.ins}}
		}
		return nil
	case s.ins == "":
		if utf8.RuneCountInString(s.del) >= 2 {
			return &term{form: DeleteWords, words: Words{From: s.del}}
		}
		if e := right(s.b); e > s.b {
			post := string(base[s.b:min(e, s.b+4)])
			return &term{form: ReplaceWords, words: Words{From: s.del + post, To: post}}
		}
		if b := left(s.a); b < s.a {
			pre := string(base[max(b, s.a-4):s.a])
			return &term{form: ReplaceWords, words: Words{From: pre + s.del, To: pre}}
		}
		return nil
	default:
		from, to := s.del, s.ins
		if utf8.RuneCountInString(from) < 2 {
			if e := right(s.b); e > s.b {
				post := string(base[s.b:min(e, s.b+3)])
				from, to = from+post, to+post
			} else if b := left(s.a); b < s.a {
				pre := string(base[max(b, s.a-3):s.a])
				from, to = pre+from, pre+to
			}
		}
		return &term{form: ReplaceWords, words: Words{From: from, To: to}}
	}
}

// groupTerms gathers the changes of wording: the same change made in
// several units becomes one operation citing them all, and an insertion
// before a phrase quotes only the phrase all its places share
// (“法律委员会”). One article's changes alone make an ordinary item.
func (w *writer) groupTerms() {
	if len(w.terms) == 0 {
		return
	}
	// Shorten the phrases of the same insertion to what they share.
	byIns := map[string][]*term{}
	for _, t := range w.terms {
		if t.right {
			byIns[t.ins] = append(byIns[t.ins], t)
		}
	}
	for ins, ts := range byIns {
		if len(ts) < 2 {
			continue
		}
		common := []rune(ts[0].words.From)
		for _, t := range ts[1:] {
			common = commonPrefix(common, []rune(t.words.From))
		}
		if len(common) < 2 {
			continue
		}
		// All of a pair's places at once: replacing the phrase replaces
		// it everywhere in the unit.
		byPair := map[*pairEdit][]*term{}
		for _, t := range ts {
			byPair[t.pair] = append(byPair[t.pair], t)
		}
		for pe, pts := range byPair {
			saved := make([]Words, len(pts))
			for k, t := range pts {
				saved[k] = t.words
				t.words = Words{From: string(common), To: ins + string(common)}
			}
			if !w.termsHold(pe) {
				for k, t := range pts {
					t.words = saved[k]
				}
			}
		}
	}
	// Same form and words: one operation with all the places.
	type gkey struct {
		form Form
		w    Words
	}
	groups := map[gkey]*Op{}
	var order []gkey
	arts := map[int]bool{}
	for _, t := range w.terms {
		k := gkey{t.form, t.words}
		op := groups[k]
		if op == nil {
			op = &Op{Form: t.form, Words: []Words{t.words}}
			groups[k] = op
			order = append(order, k)
		}
		if !containsUnit(op.Targets, t.unit) {
			op.Targets = append(op.Targets, t.unit)
		}
		arts[t.pair.i] = true
	}
	var ops []Op
	for _, k := range order {
		op := groups[k]
		sort.SliceStable(op.Targets, func(a, b int) bool { return unitLess(op.Targets[a], op.Targets[b]) })
		ops = append(ops, *op)
	}
	sort.SliceStable(ops, func(a, b int) bool { return unitLess(ops[a].Targets[0], ops[b].Targets[0]) })
	key := math.Inf(1)
	if len(arts) == 1 {
		for i := range arts {
			key = float64(i)
		}
	} else {
		for k := range ops {
			ops[k].Sub = k + 1
		}
		if len(ops) == 1 {
			ops[0].Sub = 0
		}
	}
	w.add(&draft{key: key, ops: ops, pairOld: -1, pairNew: -1})
}

// termsHold reports whether the changes of wording of a pair still give
// its new text.
func (w *writer) termsHold(pe *pairEdit) bool {
	var ts []*term
	for _, t := range w.terms {
		if t.pair == pe {
			ts = append(ts, t)
		}
	}
	got, ok := simulate(w.old, w.byNum, pe.i, termOps(ts), w.r, pe.now)
	return ok && sameText(got, w.new.Articles[pe.j].Text)
}

func commonPrefix(a, b []rune) []rune {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return a[:n]
}

func containsUnit(us []Unit, u Unit) bool {
	for _, x := range us {
		if x == u {
			return true
		}
	}
	return false
}

func unitLess(a, b Unit) bool {
	if a.Article != b.Article {
		return a.Article < b.Article
	}
	if a.ArticleSub != b.ArticleSub {
		return a.ArticleSub < b.ArticleSub
	}
	if a.Paragraph != b.Paragraph {
		return a.Paragraph < b.Paragraph
	}
	return a.Item < b.Item
}

// paraText is a paragraph's lines (lead, items, sub-items) joined.
func paraText(p drafts.Paragraph) string {
	return articleText([]drafts.Paragraph{p})
}

// unitOps rewrites the changed paragraphs (or items) of a pair, when that
// quotes clearly less than the whole article and gives the new text; nil
// for the whole article.
func (w *writer) unitOps(pe *pairEdit) []Op {
	oa, na := w.old.Articles[pe.i], w.new.Articles[pe.j]
	// The old paragraphs as Apply keeps them (references renumbered).
	base := parseBody(pe.base)
	if len(base) != len(oa.Paragraphs) {
		return nil
	}
	nps := na.Paragraphs
	bt := make([]string, len(base))
	for k, p := range base {
		bt[k] = normWS(paraText(p))
	}
	nt := make([]string, len(nps))
	for k, p := range nps {
		nt[k] = normWS(paraText(p))
	}
	match := diff.LinePairs(bt, nt)
	at := Unit{Article: oa.Num, ArticleSub: oa.Sub}
	var ops []Op
	quoted := 0
	var added []int // new paragraphs added, waiting to be grouped
	flush := func() {
		if len(added) == 0 {
			return
		}
		op := Op{Form: Add, Targets: []Unit{at}}
		for _, q := range added {
			op.New = append(op.New, Unit{Paragraph: q + 1})
			op.Texts = append(op.Texts, paraText(nps[q]))
			quoted += utf8.RuneCountInString(op.Texts[len(op.Texts)-1])
		}
		ops = append(ops, op)
		added = nil
	}
	pi, qi := 0, 0
	match = append(match, [2]int{len(bt), len(nt)})
	for _, m := range match {
		// The gap before the match: pair in order, the rest deleted or added.
		gp, gq := m[0]-pi, m[1]-qi
		for k := 0; k < max(gp, gq); k++ {
			switch {
			case k < gp && k < gq:
				flush()
				op := w.paraOps(at, pi+k+1, base[pi+k], nps[qi+k], len(base) == 1 && len(nps) == 1)
				for _, o := range op {
					for _, t := range o.Texts {
						quoted += utf8.RuneCountInString(t)
					}
				}
				ops = append(ops, op...)
			case k < gp:
				flush()
				ops = append(ops, Op{Form: Delete, Targets: []Unit{{Article: at.Article, ArticleSub: at.ArticleSub, Paragraph: pi + k + 1}}})
			default:
				added = append(added, qi+k)
			}
		}
		flush()
		pi, qi = m[0]+1, m[1]+1
	}
	if len(ops) == 0 || float64(quoted) > 0.8*float64(utf8.RuneCountInString(na.Text)) {
		return nil
	}
	if got, ok := simulate(w.old, w.byNum, pe.i, ops, w.r, pe.now); !ok || !sameText(got, na.Text) {
		return nil
	}
	return ops
}

// paraOps rewrites old paragraph k (number, 1-based) as new paragraph q:
// its changed items only, when its lead and number of items stay and some
// items do not change; else the whole paragraph. only says it is the
// article's only paragraph (its items are cited without it).
func (w *writer) paraOps(at Unit, k int, p, q drafts.Paragraph, only bool) []Op {
	u := Unit{Article: at.Article, ArticleSub: at.ArticleSub, Paragraph: k}
	whole := []Op{{Form: Replace, Targets: []Unit{u}, Texts: []string{dropPunct(paraText(q), paraText(p))}}}
	if normWS(p.Text) != normWS(q.Text) || len(p.Items) == 0 || len(q.Items) == 0 {
		return whole
	}
	// Items by their text (labels change when items come and go).
	key := func(it drafts.Item) string {
		s := it.Text
		for _, si := range it.SubItems {
			s += "\n" + si.Label + si.Text
		}
		return normWS(s)
	}
	line := func(it drafts.Item) string { return articleText([]drafts.Paragraph{{Items: []drafts.Item{it}}}) }
	var pk, qk []string
	for _, it := range p.Items {
		pk = append(pk, key(it))
	}
	for _, it := range q.Items {
		qk = append(qk, key(it))
	}
	in := u
	if only {
		in.Paragraph = 0 // 第八条第二项: the article has one paragraph
	}
	var ops []Op
	quoted := 0
	var added []int
	flush := func() {
		if len(added) == 0 {
			return
		}
		op := Op{Form: Add, Targets: []Unit{in}}
		for _, m := range added {
			op.New = append(op.New, Unit{Item: m + 1})
			op.Texts = append(op.Texts, line(q.Items[m]))
			quoted += utf8.RuneCountInString(line(q.Items[m]))
		}
		ops = append(ops, op)
		added = nil
	}
	pi, qi := 0, 0
	for _, m := range append(diff.LinePairs(pk, qk), [2]int{len(pk), len(qk)}) {
		gp, gq := m[0]-pi, m[1]-qi
		for n := 0; n < max(gp, gq); n++ {
			iu := in
			switch {
			case n < gp && n < gq:
				flush()
				iu.Item = pi + n + 1
				text := dropPunct(line(q.Items[qi+n]), line(p.Items[pi+n]))
				ops = append(ops, Op{Form: Replace, Targets: []Unit{iu}, Texts: []string{text}})
				quoted += utf8.RuneCountInString(text)
			case n < gp:
				flush()
				iu.Item = pi + n + 1
				ops = append(ops, Op{Form: Delete, Targets: []Unit{iu}})
			default:
				added = append(added, qi+n)
			}
		}
		flush()
		pi, qi = m[0]+1, m[1]+1
	}
	if len(ops) == 0 || float64(quoted) > 0.8*float64(utf8.RuneCountInString(paraText(q))) {
		return whole
	}
	return ops
}

// dropPunct leaves out the punctuation a quoted item or paragraph ends
// with when the old one ends with the same, as decisions quote them
// (第二项修改为：“（二）……的产生、组织和职权”); Apply puts it back.
func dropPunct(text, old string) string {
	p := endPunct(text)
	if p == "" || p != endPunct(old) {
		return text
	}
	t := strings.TrimSuffix(text, p)
	if endPunct(t) != "" || strings.HasSuffix(t, "”") || t == "" {
		return text
	}
	return t
}

// parseBody splits an article text into paragraphs as Apply does.
func parseBody(text string) []drafts.Paragraph {
	var out []drafts.Paragraph
	for _, p := range freshParas(text) {
		dp := drafts.Paragraph{Text: p.text}
		for _, it := range p.items {
			dp.Items = append(dp.Items, buildItem(it, 0, it.label, func(s string, _ bool) string { return s }, true))
		}
		out = append(out, dp)
	}
	return out
}

// check applies the decision as written and, for every article that does
// not come out as in the new text, rewrites its item as a whole article;
// twice at most. It returns the decision, rewritten or not.
func (w *writer) check(dec *Decision, meta Meta) *Decision {
	for range 2 {
		parsed, err := ParseDecision(dec.Text())
		if err != nil {
			parsed = dec
		}
		got, _, _ := Apply(w.old, parsed)
		if got == nil {
			return dec
		}
		bad := map[int]bool{}
		if len(got.Articles) != len(w.new.Articles) {
			return dec // a structural change the forms could not express
		}
		for j, a := range w.new.Articles {
			if !sameText(got.Articles[j].Text, a.Text) {
				bad[j] = true
			}
		}
		if len(bad) == 0 {
			return dec
		}
		changed := false
		for _, d := range w.drafts {
			if d.pairOld < 0 || !bad[d.pairNew] {
				continue
			}
			na := w.new.Articles[d.pairNew]
			ops := []Op{{Form: Replace, Targets: []Unit{w.oldUnit(d.pairOld)}, Texts: []string{na.Text}}}
			if d.ops[0].Form == Renumber {
				ops = append([]Op{d.ops[0]}, ops...)
			}
			if len(d.ops) != len(ops) || d.ops[len(d.ops)-1].Texts[0] != na.Text {
				d.ops = ops
				changed = true
			}
			delete(bad, d.pairNew)
		}
		// Articles changed by a wording item that did not come out:
		// give them their own item.
		for j := range bad {
			i, ok := w.originOf(j)
			if !ok {
				continue
			}
			if w.dropTerms(i) {
				na := w.new.Articles[j]
				ops := []Op{{Form: Replace, Targets: []Unit{w.oldUnit(i)}, Texts: []string{na.Text}}}
				if oa := w.old.Articles[i]; oa.Num != na.Num || oa.Sub != na.Sub {
					ops = append([]Op{{Form: Renumber, Targets: []Unit{w.oldUnit(i)}, New: []Unit{w.newUnit(j)}}}, ops...)
				}
				w.add(&draft{key: float64(i), ops: ops, pairOld: i, pairNew: j, news: []int{j}})
				changed = true
			}
		}
		if !changed {
			return dec
		}
		sort.SliceStable(w.drafts, func(a, b int) bool { return w.drafts[a].key < w.drafts[b].key })
		dec = w.decision(meta)
	}
	return dec
}

// originOf returns the old article a new one continues 1:1.
func (w *writer) originOf(j int) (int, bool) {
	for _, ch := range w.cmp.Changes {
		if len(ch.Old) == 1 && len(ch.New) == 1 && ch.New[0].Index == j {
			return ch.Old[0].Index, true
		}
	}
	return 0, false
}

// dropTerms removes old article i from the wording item; it reports
// whether it was there.
func (w *writer) dropTerms(i int) bool {
	oa := w.old.Articles[i]
	found := false
	for _, d := range w.drafts {
		if d.pairOld >= 0 {
			continue
		}
		out := d.ops[:0]
		for _, op := range d.ops {
			if op.Form == ReplaceWords || op.Form == InsertWords || op.Form == DeleteWords {
				ts := op.Targets[:0]
				for _, u := range op.Targets {
					if u.Article == oa.Num && u.ArticleSub == oa.Sub {
						found = true
						continue
					}
					ts = append(ts, u)
				}
				op.Targets = ts
				if len(ts) == 0 {
					continue
				}
			}
			out = append(out, op)
		}
		d.ops = out
		if len(d.ops) == 0 {
			d.dead = true
		}
	}
	if found {
		out := w.drafts[:0]
		for _, d := range w.drafts {
			if !d.dead {
				out = append(out, d)
			}
		}
		w.drafts = out
	}
	return found
}

// decision puts the items together with the title, preamble and closing.
func (w *writer) decision(meta Meta) *Decision {
	law := meta.Law
	if law == "" {
		law = w.new.Title
	}
	if law == "" {
		law = w.old.Title
	}
	dec := &Decision{Law: law, Title: meta.Body + "关于修改《" + law + "》的决定"}
	if meta.Date != "" || meta.Meeting != "" {
		dec.Adopted = chineseDate(meta.Date) + meta.Meeting + "通过"
	}
	who := meta.Meeting
	if who == "" {
		who = meta.Body
	}
	dec.Preamble = who + "决定对《" + law + "》作如下修改："
	n := 0
	for _, d := range w.drafts {
		if len(d.ops) == 0 || d.dead {
			continue
		}
		n++
		dec.Items = append(dec.Items, Item{Num: n, Text: renderItem(d.ops), Ops: d.ops})
	}
	eff := "公布之日"
	if meta.Effective != "" {
		eff = chineseDate(meta.Effective)
	}
	dec.Closing = []string{"本决定自" + eff + "起施行。"}
	if w.renumbered {
		dec.Closing = append(dec.Closing, "《"+law+"》根据本决定作相应修改并对条文顺序作相应调整，重新公布。")
	} else {
		dec.Closing = append(dec.Closing, "《"+law+"》根据本决定作相应修改，重新公布。")
	}
	return dec
}

// chineseDate writes 2025-12-17 as 2025年12月17日; other text is kept.
func chineseDate(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}
