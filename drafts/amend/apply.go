package amend

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/cnum"
	"lifa/drafts/diff"
	"lifa/drafts/parse"
)

// Report says what Apply could not do. Nothing in it is fatal: the caller
// shows it and decides whether to keep the amended text.
type Report struct {
	// Problems are the operations that could not be applied and were
	// skipped (the text they would have changed is left as it was).
	Problems []Problem `json:"problems"`
	// Notes are checks that failed on operations that were applied: a
	// number the decision states (改为第Y条, 作为第Y条) that did not come
	// out so.
	Notes []Problem `json:"notes"`
	// Applied is the number of operations applied.
	Applied int `json:"applied"`
}

// OK reports whether every operation was applied and every check held.
func (r *Report) OK() bool { return len(r.Problems) == 0 && len(r.Notes) == 0 }

// Problem is one operation that failed, by item (and sub-item) number.
type Problem struct {
	Item   int    `json:"item"`
	Sub    int    `json:"sub,omitempty"`
	Reason string `json:"reason"`
}

// String names the item and says why: 第七项：第八条没有第十二项.
func (p Problem) String() string {
	return (&ParseError{Item: p.Item, Sub: p.Sub, Reason: p.Reason}).Error()
}

// Apply applies dec to doc (the text the decision amends) and returns the
// amended text as a new document, numbered afresh: articles, paragraphs,
// items, chapters and sections, with the cross-references in the text kept
// from doc rewritten to the new article numbers (text quoted in the
// decision is taken as written). doc is not changed.
//
// Operations that cannot be applied — their target does not exist, their
// quoted words are not there, or occur more than once where the decision
// does not say which — are skipped and listed in the Report with their item
// numbers; the error is only for a missing document or decision.
func Apply(doc *drafts.Document, dec *Decision) (*drafts.Document, *Report, error) {
	if doc == nil || dec == nil {
		return nil, nil, drafts.Errorf(drafts.EINVALID, "缺少要修改的文本或修改决定")
	}
	a := newApplier(doc)
	for _, it := range dec.Items {
		for k := range it.Ops {
			op := &it.Ops[k]
			a.item, a.sub = it.Num, op.Sub
			if err := a.apply(op); err != "" {
				a.rep.Problems = append(a.rep.Problems, Problem{Item: it.Num, Sub: op.Sub, Reason: err})
				continue
			}
			a.rep.Applied++
		}
	}
	out := a.assemble()
	out.Preamble = append(slices.Clone(doc.Preamble), amendedBy(dec)...)
	return out, a.rep, nil
}

// amendedBy returns the 题注 line an amendment adds: 根据2023年3月13日…
// 《关于修改〈…〉的决定》修正, or nothing when the decision says not when.
func amendedBy(dec *Decision) []string {
	when := strings.TrimSuffix(strings.TrimSpace(dec.Adopted), "通过")
	if when == "" {
		return nil
	}
	title := dec.Title
	if i := strings.Index(title, "关于修改"); i > 0 {
		title = title[i:]
	}
	title = strings.NewReplacer("《", "〈", "》", "〉").Replace(title)
	return []string{"根据" + when + "《" + title + "》修正"}
}

// mItem is an item (项) or sub-item (目) being amended.
type mItem struct {
	label string
	text  string
	subs  []*mItem
	nOld  int // subs[:nOld] are the old sub-items
	fresh bool
	del   bool
	// pos is the number an added item is to have; after the item it
	// follows.
	pos   int
	after *mItem
}

// mPara is a paragraph (款) being amended.
type mPara struct {
	text  string
	items []*mItem
	nOld  int // items[:nOld] are the old items, addressed by number
	fresh bool
	del   bool
	pos   int
	after *mPara
	// from is the old article index and paragraph number it was, for
	// renumbering references to it; from.art is -1 for a new paragraph.
	from    paraRef
	relabel bool // items were added or deleted: number them afresh
}

type paraRef struct{ art, para int }

// mArt is the content of an article being amended.
type mArt struct {
	paras []*mPara
	nOld  int  // paras[:nOld] are the old paragraphs, addressed by number
	whole bool // replaced as a whole: its old paragraphs cannot be cited
}

// slot is one article of the amended text.
type slot struct {
	art *mArt
	// origins are the old articles whose number becomes this article's.
	origins []int
	// target is the number an article placed by number (增加一条，作为第Y
	// 条) is to have; targetSub its 之N.
	target, targetSub int
	// afterOld places an added article after the old article with this
	// index (在第X条后增加一条); -1 when not.
	afterOld int
	heads    []*head
	div      *DivisionRef // the division an added article goes into
	dead     bool
	num, sub int // final number
	item     int // the item that added it
}

// head is a chapter or section heading placed before an article.
type head struct {
	level drafts.DivisionLevel
	num   int // old number (0 for an unnumbered heading such as 附则)
	title string
	label string // old label, kept for unnumbered headings
	old   *drafts.Division
	del   bool
}

type move struct {
	art, after int  // old indexes
	to         Unit // its new number, when the decision gives it
}

type check struct {
	item, sub int
	art       int // old index, or -1 with s
	s         *slot
	want      Unit // the number it should get
}

type applier struct {
	doc   *drafts.Document
	arts  []*mArt
	byNum map[[2]int]int // old (Num, Sub) → index
	// slots are the articles placed by position, in old order; targeted
	// those placed by number.
	slots    []*slot
	targeted []*slot
	slotOf   []*slot // old index → the slot its content is in
	moves    []move
	checks   []check
	heads    map[*drafts.Division]*head
	rep      *Report
	item     int
	sub      int
	// heirs are the articles placed by number that take the headings of
	// the old articles they replace (old index → slot).
	heirs map[int]*slot
	// relocated records the article old paragraphs moved to.
	relocated map[paraRef]*slot
	// punct is set by a Punctuation operation.
	punct bool
}

func newApplier(doc *drafts.Document) *applier {
	a := &applier{doc: doc, byNum: map[[2]int]int{}, rep: &Report{Problems: []Problem{}, Notes: []Problem{}},
		heads: map[*drafts.Division]*head{}, relocated: map[paraRef]*slot{}, heirs: map[int]*slot{}}
	for i, art := range doc.Articles {
		m := oldArt(doc, i)
		a.arts = append(a.arts, m)
		if _, dup := a.byNum[[2]int{art.Num, art.Sub}]; !dup {
			a.byNum[[2]int{art.Num, art.Sub}] = i
		}
		s := &slot{art: m, origins: []int{i}, afterOld: -1}
		a.slots = append(a.slots, s)
		a.slotOf = append(a.slotOf, s)
	}
	// Headings go before the first article they hold (an empty one
	// before the next article).
	var walk func(ds []*drafts.Division)
	pending := []*head{}
	walk = func(ds []*drafts.Division) {
		for _, d := range ds {
			h := &head{level: d.Level, num: d.Num, title: d.Title, label: d.Label, old: d}
			a.heads[d] = h
			if d.FirstArticle >= 0 && d.FirstArticle < len(a.slots) {
				s := a.slots[d.FirstArticle]
				s.heads = append(s.heads, pending...)
				pending = pending[:0]
				s.heads = append(s.heads, h)
			} else {
				pending = append(pending, h)
			}
			walk(d.Children)
		}
	}
	walk(doc.Chapters)
	return a
}

// oldArt returns old article i as content to amend.
func oldArt(doc *drafts.Document, i int) *mArt {
	m := &mArt{}
	for k, p := range doc.Articles[i].Paragraphs {
		mp := &mPara{text: p.Text, from: paraRef{i, k + 1}}
		for _, it := range p.Items {
			mp.items = append(mp.items, oldItem(it))
		}
		mp.nOld = len(mp.items)
		m.paras = append(m.paras, mp)
	}
	m.nOld = len(m.paras)
	return m
}

// simulate applies the operations ops, which change old article i only
// (its text, paragraphs and items), to that article alone and returns the
// article's text as Apply builds it, references renumbered by r; ok is
// false when an operation could not be applied. The writer checks each
// item it writes with it.
func simulate(doc *drafts.Document, byNum map[[2]int]int, i int, ops []Op, r *renumberer, now [2]int) (string, bool) {
	a := &applier{doc: doc, byNum: byNum, arts: make([]*mArt, len(doc.Articles)), rep: &Report{}, heirs: map[int]*slot{}}
	a.arts[i] = oldArt(doc, i)
	for k := range ops {
		op := &ops[k]
		switch op.Form {
		case Renumber:
			continue
		case Replace, ReplaceWords, InsertWords, DeleteWords:
		case Add, Delete:
			if len(op.Targets) == 0 || op.Targets[0].Level() == "条" && op.Form == Delete {
				return "", false
			}
		default:
			return "", false
		}
		for _, u := range op.Targets {
			if j, ok := byNum[[2]int{u.Article, u.ArticleSub}]; !ok || j != i {
				return "", false
			}
		}
		if err := a.apply(op); err != "" {
			return "", false
		}
	}
	ps := buildParas(placeParas(a.arts[i].paras), func(t string, isFresh bool, self int) string {
		if !isFresh {
			t = r.text(t, self, now)
		}
		return plain(t)
	})
	return articleText(ps), true
}

func oldItem(it drafts.Item) *mItem {
	m := &mItem{label: it.Label, text: it.Text}
	for _, s := range it.SubItems {
		m.subs = append(m.subs, oldItem(s))
	}
	m.nOld = len(m.subs)
	return m
}

// article returns the old article u names, or a reason.
func (a *applier) article(u Unit) (int, string) {
	i, ok := a.byNum[[2]int{u.Article, u.ArticleSub}]
	if !ok {
		return -1, "原文没有" + articleLabel(u.Article, u.ArticleSub)
	}
	return i, ""
}

// para returns paragraph u.Paragraph of old article i.
func (a *applier) para(i int, u Unit) (*mPara, string) {
	m := a.arts[i]
	if m.whole {
		return nil, u.article().String() + "已整体修改，不能再引用其中的款项"
	}
	if u.Paragraph == 0 {
		// 第二项 without its paragraph: the paragraph with items.
		var found *mPara
		for _, p := range m.paras[:m.nOld] {
			if p.nOld > 0 && !p.del {
				if found != nil {
					return nil, u.String() + "未指明是哪一款的项"
				}
				found = p
			}
		}
		if found == nil {
			if u.Item == 0 && m.nOld == 1 {
				return m.paras[0], ""
			}
			return nil, u.article().String() + "没有项"
		}
		return found, ""
	}
	if u.Paragraph > m.nOld || m.paras[u.Paragraph-1].del {
		return nil, u.article().String() + "没有第" + cnum.Format(u.Paragraph) + "款"
	}
	return m.paras[u.Paragraph-1], ""
}

// itemOf returns item u.Item (and sub-item u.SubItem) of old article i.
func (a *applier) itemOf(i int, u Unit) (*mPara, *mItem, string) {
	p, err := a.para(i, u)
	if err != "" {
		return nil, nil, err
	}
	if p.fresh {
		return nil, nil, "第" + cnum.Format(u.Paragraph) + "款已整体修改，不能再引用其中的项"
	}
	if u.Item > p.nOld || p.items[u.Item-1].del {
		return nil, nil, u.String() + "不存在"
	}
	it := p.items[u.Item-1]
	if u.SubItem > 0 {
		if it.fresh || u.SubItem > it.nOld || it.subs[u.SubItem-1].del {
			return nil, nil, u.String() + "不存在"
		}
		return p, it.subs[u.SubItem-1], ""
	}
	return p, it, ""
}

// apply applies one operation; it returns why it could not, or "".
func (a *applier) apply(op *Op) string {
	switch op.Form {
	case Replace:
		return a.replace(op)
	case ReplaceWords, InsertWords, DeleteWords:
		return a.words(op)
	case Add:
		return a.add(op)
	case Delete:
		return a.delete(op)
	case Split:
		return a.split(op)
	case Merge:
		return a.merge(op)
	case Move:
		return a.move(op)
	case Renumber:
		if len(op.Targets) != 1 || len(op.New) != 1 {
			return "改为第几条不明确"
		}
		i, err := a.article(op.Targets[0])
		if err != "" {
			return err
		}
		a.checks = append(a.checks, check{item: a.item, sub: a.sub, art: i, want: op.New[0]})
		return ""
	case Relocate:
		return a.relocate(op)
	case AddDivision, RenameDivision, DeleteDivision, MoveDivision:
		return a.division(op)
	case Punctuation:
		a.punct = true
		return ""
	}
	return "未知的修改方式：" + string(op.Form)
}

// freshParas turns a quoted article text into paragraphs.
func freshParas(text string) []*mPara {
	var out []*mPara
	for _, p := range parse.Body(text) {
		mp := &mPara{text: p.Text, fresh: true, from: paraRef{-1, 0}}
		for _, it := range p.Items {
			mi := oldItem(it)
			mi.fresh = true
			mp.items = append(mp.items, mi)
		}
		mp.nOld = len(mp.items)
		out = append(out, mp)
	}
	return out
}

// endPunct returns the sentence punctuation s ends with, or "".
func endPunct(s string) string {
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '。', '；', '：', '，', '！', '？', '、', ';', ':', '.':
		return string(r)
	}
	return ""
}

// keepPunct adds to a quoted unit text the punctuation the old unit ended
// with when the quotation leaves it out, as decisions quote items and
// paragraphs: 第二项修改为：“（二）……的产生、组织和职权”.
func keepPunct(text, old string) string {
	if endPunct(text) == "" && !strings.HasSuffix(text, "”") {
		return text + endPunct(old)
	}
	return text
}

// lastText returns the text a paragraph ends with (its last item's, if any).
func (p *mPara) lastText() string {
	for k := len(p.items) - 1; k >= 0; k-- {
		if !p.items[k].del {
			return p.items[k].lastText()
		}
	}
	return p.text
}

func (it *mItem) lastText() string {
	for k := len(it.subs) - 1; k >= 0; k-- {
		if !it.subs[k].del {
			return it.subs[k].lastText()
		}
	}
	return it.text
}

func (a *applier) replace(op *Op) string {
	if len(op.Targets) != 1 || len(op.Texts) != 1 {
		return "修改的对象或引文不明确"
	}
	u := op.Targets[0]
	i, err := a.article(u)
	if err != "" {
		return err
	}
	text := op.Texts[0]
	switch u.Level() {
	case "条":
		m := a.arts[i]
		ps := freshParas(text)
		if len(ps) == 0 {
			return "引文为空"
		}
		m.paras, m.nOld, m.whole = ps, 0, true
	case "款":
		p, err := a.para(i, u)
		if err != "" {
			return err
		}
		ps := freshParas(keepPunct(text, p.lastText()))
		if len(ps) == 0 {
			return "引文为空"
		}
		p.text, p.items, p.nOld, p.fresh, p.relabel = ps[0].text, ps[0].items, len(ps[0].items), true, false
		// A quotation of several paragraphs replaces one by several.
		prev := p
		for _, q := range ps[1:] {
			q.after = prev
			a.arts[i].paras = append(a.arts[i].paras, q)
			prev = q
		}
	default:
		_, it, err := a.itemOf(i, u)
		if err != "" {
			return err
		}
		lines := strings.Split(keepPunct(text, it.lastText()), "\n")
		it.text, it.fresh = stripItemLabel(lines[0]), true
		it.subs, it.nOld = nil, 0
		for _, l := range lines[1:] {
			label, rest := splitLabel(l)
			it.subs = append(it.subs, &mItem{label: label, text: rest, fresh: true})
		}
	}
	return ""
}

// stripItemLabel drops the label of a quoted item or sub-item: （二）, 2.
func stripItemLabel(s string) string {
	_, rest := splitLabel(s)
	return rest
}

// splitLabel splits an item or sub-item line into its label and text.
func splitLabel(s string) (string, string) {
	ps := parse.Body(s)
	if len(ps) == 1 && ps[0].Text == "" && len(ps[0].Items) == 1 {
		it := ps[0].Items[0]
		return it.Label, it.Text
	}
	if len(ps) == 1 && len(ps[0].Items) == 1 && len(ps[0].Items[0].SubItems) == 0 && ps[0].Text == "" {
		return ps[0].Items[0].Label, ps[0].Items[0].Text
	}
	// A sub-item (1.) reads as a paragraph's dot-numbered item only under
	// an item; try it under one.
	ps = parse.Body("（一）x\n" + s)
	if len(ps) == 1 && len(ps[0].Items) == 1 && len(ps[0].Items[0].SubItems) == 1 {
		si := ps[0].Items[0].SubItems[0]
		return si.Label, si.Text
	}
	return "", s
}

// unitTexts returns pointers to the texts of unit u of old article i: the
// whole article's paragraphs and items, a paragraph with its items, or an
// item with its sub-items.
func (a *applier) unitTexts(i int, u Unit) ([]*string, string) {
	var out []*string
	var addItem func(it *mItem)
	addItem = func(it *mItem) {
		if it.del {
			return
		}
		out = append(out, &it.text)
		for _, s := range it.subs {
			addItem(s)
		}
	}
	addPara := func(p *mPara) {
		if p.del {
			return
		}
		out = append(out, &p.text)
		for _, it := range p.items {
			addItem(it)
		}
	}
	switch u.Level() {
	case "条":
		for _, p := range a.arts[i].paras {
			addPara(p)
		}
	case "款":
		p, err := a.para(i, u)
		if err != "" {
			return nil, err
		}
		addPara(p)
	default:
		_, it, err := a.itemOf(i, u)
		if err != "" {
			return nil, err
		}
		addItem(it)
	}
	return out, ""
}

// fresh marks text inserted by the decision so that renumbering leaves it.
func fresh(s string) string { return string(freshOpen) + s + string(freshClose) }

func (a *applier) words(op *Op) string {
	if len(op.Targets) == 0 || len(op.Words) == 0 {
		return "修改的对象或引文不明确"
	}
	// All targets are checked before any is changed.
	type edit struct {
		ptr   *string
		start int
		end   int
		text  string
	}
	var edits []edit
	for _, u := range op.Targets {
		i, err := a.article(u)
		if err != "" {
			return err
		}
		texts, err := a.unitTexts(i, u)
		if err != "" {
			return err
		}
		for _, w := range op.Words {
			if w.From == "" {
				return "引文为空"
			}
			n := 0
			for _, t := range texts {
				n += strings.Count(plain(*t), w.From)
			}
			switch {
			case n == 0:
				return u.String() + "中没有“" + w.From + "”"
			case n > 1 && op.Form == InsertWords:
				return fmt.Sprintf("%s中“%s”出现%d次，未指明在哪一处增加", u.String(), w.From, n)
			}
			for _, t := range texts {
				s := *t
				for off := 0; ; {
					k := indexPlain(s, w.From, off)
					if k < 0 {
						break
					}
					end := k + plainLen(s[k:], len(w.From))
					off = end
					switch op.Form {
					case ReplaceWords:
						edits = append(edits, edit{t, k, end, fresh(w.To)})
					case DeleteWords:
						edits = append(edits, edit{t, k, end, ""})
					case InsertWords:
						if w.Before {
							ins := w.To
							if strings.HasSuffix(plain(s[:k]), "、") && endPunct(ins) == "" {
								ins += "、" // an enumeration: ……、B、A
							}
							edits = append(edits, edit{t, k, k, fresh(ins)})
						} else {
							ins := w.To
							if strings.HasPrefix(plain(s[end:]), "、") && !strings.HasPrefix(ins, "、") && endPunct(ins) == "" {
								ins = "、" + ins // an enumeration: A、B、……
							}
							edits = append(edits, edit{t, end, end, fresh(ins)})
						}
					}
				}
			}
		}
	}
	// Make the edits of each text from its end, so that offsets hold.
	sort.SliceStable(edits, func(x, y int) bool {
		if edits[x].ptr != edits[y].ptr {
			return false
		}
		return edits[x].start > edits[y].start
	})
	byText := map[*string][]edit{}
	var order []*string
	for _, e := range edits {
		if _, ok := byText[e.ptr]; !ok {
			order = append(order, e.ptr)
		}
		byText[e.ptr] = append(byText[e.ptr], e)
	}
	for _, ptr := range order {
		es := byText[ptr]
		sort.Slice(es, func(x, y int) bool { return es[x].start > es[y].start })
		s := *ptr
		last := len(s) + 1
		for _, e := range es {
			if e.end > last {
				return "同一处文字被多次修改"
			}
			s = s[:e.start] + e.text + s[e.end:]
			last = e.start
		}
		*ptr = s
	}
	return ""
}

// plain returns s without the markers of inserted text.
func plain(s string) string {
	if !strings.ContainsRune(s, freshOpen) && !strings.ContainsRune(s, freshClose) {
		return s
	}
	return unmark.Replace(s)
}

// unmark removes the markers of inserted text.
var unmark = strings.NewReplacer(string(freshOpen), "", string(freshClose), "")

// indexPlain finds sub in s from byte off on, ignoring markers, and
// returns its byte offset in s.
func indexPlain(s, sub string, off int) int {
	if !strings.ContainsRune(s, freshOpen) {
		if k := strings.Index(s[off:], sub); k >= 0 {
			return off + k
		}
		return -1
	}
	for k := off; k < len(s); {
		if plainHasPrefix(s[k:], sub) {
			return k
		}
		_, size := utf8.DecodeRuneInString(s[k:])
		k += size
	}
	return -1
}

// plainHasPrefix reports whether s starts with sub when markers inside are
// ignored (a match does not start on a marker).
func plainHasPrefix(s, sub string) bool {
	if s == "" || s[0] == sub[0] && strings.HasPrefix(s, sub) {
		return s != ""
	}
	r, _ := utf8.DecodeRuneInString(s)
	if r == freshOpen || r == freshClose {
		return false
	}
	return strings.HasPrefix(plain(s[:min(len(s), len(sub)*2+12)]), sub)
}

// plainLen returns how many bytes of s hold the first n bytes of its plain
// text.
func plainLen(s string, n int) int {
	k := 0
	for k < len(s) && n > 0 {
		r, size := utf8.DecodeRuneInString(s[k:])
		if r != freshOpen && r != freshClose {
			n -= size
		}
		k += size
	}
	return k
}

// newArticle returns the slot of the article added with number u in this
// decision, or nil.
func (a *applier) newArticle(u Unit) *slot {
	for _, s := range a.targeted {
		if s.target == u.Article && s.targetSub == u.ArticleSub {
			return s
		}
	}
	return nil
}

func (a *applier) add(op *Op) string {
	if len(op.New) == 0 {
		return "增加的位置不明确"
	}
	switch op.New[0].Level() {
	case "条":
		if len(op.Texts) != 0 && len(op.Texts) != len(op.New) {
			return "引文的数目与增加的条数不符"
		}
		after := -1
		if op.After != nil {
			i, err := a.article(*op.After)
			if err != "" {
				return err
			}
			after = i
		}
		for k, u := range op.New {
			if s := a.newArticle(u); s != nil {
				return "第" + cnum.Format(u.Article) + "条已经增加过"
			}
			m := &mArt{}
			if len(op.Texts) > 0 {
				m.paras = freshParas(op.Texts[k])
				m.whole = true
			}
			s := &slot{art: m, target: u.Article, targetSub: u.ArticleSub, afterOld: after, div: op.Division, item: a.item}
			if after >= 0 {
				// placed after the old article; the number is a check
				a.checks = append(a.checks, check{item: a.item, sub: a.sub, art: -1, s: s, want: u})
				after = -2 - len(a.targeted) // the next ones follow this one
			}
			a.targeted = append(a.targeted, s)
		}
		return ""
	case "款":
		m, err := a.addTarget(op)
		if err != "" {
			return err
		}
		if len(op.Texts) != len(op.New) {
			return "引文的数目与增加的款数不符"
		}
		var after *mPara
		if op.After != nil {
			i, err := a.article(*op.After)
			if err != "" {
				return err
			}
			p, err := a.para(i, *op.After)
			if err != "" {
				return err
			}
			after = p
		}
		for k, u := range op.New {
			ps := freshParas(op.Texts[k])
			if len(ps) != 1 {
				return "增加的款的引文不是一款"
			}
			p := ps[0]
			if after != nil {
				p.after = after
				after = p
			} else {
				p.pos = u.Paragraph
			}
			m.paras = append(m.paras, p)
		}
		return ""
	default: // 项
		var p *mPara
		if len(op.Targets) == 1 {
			i, err := a.article(op.Targets[0])
			if err != "" {
				return err
			}
			if p, err = a.para(i, op.Targets[0]); err != "" {
				return err
			}
		} else {
			s := a.newArticle(op.New[0].article())
			if s == nil || len(s.art.paras) == 0 {
				return "没有找到增加项的条文"
			}
			p = s.art.paras[len(s.art.paras)-1]
		}
		if len(op.Texts) != len(op.New) {
			return "引文的数目与增加的项数不符"
		}
		var after *mItem
		if op.After != nil && op.After.Item > 0 {
			if op.After.Item > p.nOld {
				return op.After.String() + "不存在"
			}
			after = p.items[op.After.Item-1]
		}
		for k, u := range op.New {
			lines := strings.Split(op.Texts[k], "\n")
			label, text := splitLabel(lines[0])
			it := &mItem{label: label, text: text, fresh: true}
			for _, l := range lines[1:] {
				sl, st := splitLabel(l)
				it.subs = append(it.subs, &mItem{label: sl, text: st, fresh: true})
			}
			if after != nil {
				it.after = after
				after = it
			} else {
				it.pos = u.Item
			}
			p.items = append(p.items, it)
		}
		p.relabel = true
		return ""
	}
}

// addTarget returns the article paragraphs are added to: an old one
// (Targets) or one added by this decision (New cites it by number).
func (a *applier) addTarget(op *Op) (*mArt, string) {
	if len(op.Targets) == 1 {
		i, err := a.article(op.Targets[0])
		if err != "" {
			return nil, err
		}
		return a.arts[i], ""
	}
	if s := a.newArticle(op.New[0].article()); s != nil {
		return s.art, ""
	}
	return nil, "没有增加过" + op.New[0].article().String()
}

func (a *applier) delete(op *Op) string {
	if len(op.Targets) == 0 {
		return "删去的对象不明确"
	}
	// Check all first.
	for _, u := range op.Targets {
		i, err := a.article(u)
		if err != "" {
			return err
		}
		switch u.Level() {
		case "条":
			if a.slotOf[i] == nil || a.slotOf[i].dead {
				return u.String() + "已经删去或并入其他条文"
			}
		case "款":
			if _, err := a.para(i, u); err != "" {
				return err
			}
		default:
			if _, _, err := a.itemOf(i, u); err != "" {
				return err
			}
		}
	}
	for _, u := range op.Targets {
		i, _ := a.article(u)
		switch u.Level() {
		case "条":
			a.slotOf[i].dead = true
		case "款":
			p, _ := a.para(i, u)
			p.del = true
		default:
			p, it, _ := a.itemOf(i, u)
			it.del = true
			p.relabel = true
		}
	}
	return ""
}

// replaceByNumber replaces the slot of old article i by the articles ns,
// placed by the numbers news the decision gives them (作为第Y条、第Z条);
// the first takes i's number and headings.
func (a *applier) replaceByNumber(i int, ns []*slot, news []Unit) string {
	old := a.slotOf[i]
	if slices.Index(a.slots, old) < 0 || old.dead {
		return articleLabel(a.doc.Articles[i].Num, a.doc.Articles[i].Sub) + "已经删去、拆分或并入其他条文"
	}
	old.dead = true
	for k, s := range ns {
		s.target, s.targetSub, s.item = news[k].Article, news[k].ArticleSub, a.item
		a.targeted = append(a.targeted, s)
	}
	ns[0].origins = append(slices.Clone(old.origins), ns[0].origins...)
	for _, o := range old.origins {
		a.slotOf[o] = ns[0]
		a.heirs[o] = ns[0]
	}
	return ""
}

// replaceSlot puts ns where the slot of old article i was.
func (a *applier) replaceSlot(i int, ns []*slot) string {
	old := a.slotOf[i]
	k := slices.Index(a.slots, old)
	if k < 0 || old.dead {
		return articleLabel(a.doc.Articles[i].Num, a.doc.Articles[i].Sub) + "已经删去、拆分或并入其他条文"
	}
	ns[0].heads = append(old.heads, ns[0].heads...)
	ns[0].origins = append(slices.Clone(old.origins), ns[0].origins...)
	a.slots = slices.Replace(a.slots, k, k+1, ns...)
	for _, o := range old.origins {
		a.slotOf[o] = ns[0]
	}
	return ""
}

func (a *applier) split(op *Op) string {
	if len(op.Targets) != 1 {
		return "拆分的条文不明确"
	}
	i, err := a.article(op.Targets[0])
	if err != "" {
		return err
	}
	if len(op.Texts) > 0 {
		var ns []*slot
		for k, t := range op.Texts {
			ps := freshParas(t)
			if len(ps) == 0 {
				return "引文为空"
			}
			s := &slot{art: &mArt{paras: ps, whole: true}, afterOld: -1}
			if k < len(op.New) {
				a.checks = append(a.checks, check{item: a.item, sub: a.sub, art: -1, s: s, want: op.New[k]})
			}
			ns = append(ns, s)
		}
		if len(op.New) == len(ns) {
			return a.replaceByNumber(i, ns, op.New)
		}
		return a.replaceSlot(i, ns)
	}
	if len(op.Parts) == 0 {
		return "拆分后的条文不明确"
	}
	// By paragraphs: each new article takes the old paragraphs its parts name.
	m := a.arts[i]
	bySlot := map[Unit]*slot{}
	var ns []*slot
	used := map[*mPara]bool{}
	for _, pt := range op.Parts {
		p, err := a.para(i, pt.From)
		if err != "" {
			return err
		}
		to := pt.To.article()
		s := bySlot[to]
		if s == nil {
			s = &slot{art: &mArt{}, afterOld: -1}
			bySlot[to] = s
			ns = append(ns, s)
			a.checks = append(a.checks, check{item: a.item, sub: a.sub, art: -1, s: s, want: to})
		}
		q := p
		if pt.Text != "" {
			ps := freshParas(keepPunct(pt.Text, p.lastText()))
			if len(ps) != 1 {
				return "拆分后的款的引文不是一款"
			}
			q = ps[0]
			q.from = p.from
		}
		q.pos = pt.To.Paragraph
		s.art.paras = append(s.art.paras, q)
		used[p] = true
	}
	// Paragraphs no part names stay with the first new article.
	for _, p := range m.paras {
		if !used[p] && !p.del {
			ns[0].art.paras = append(ns[0].art.paras, p)
		}
	}
	for _, s := range ns {
		sort.SliceStable(s.art.paras, func(x, y int) bool {
			return s.art.paras[x].pos > 0 && s.art.paras[y].pos > 0 && s.art.paras[x].pos < s.art.paras[y].pos
		})
		for _, p := range s.art.paras {
			p.pos = 0
		}
		s.art.nOld = 0
	}
	return a.replaceSlot(i, ns)
}

func (a *applier) merge(op *Op) string {
	if len(op.Targets) < 2 || len(op.Texts) == 0 {
		return "合并的条文或合并后的条文不明确"
	}
	var idx []int
	for _, u := range op.Targets {
		i, err := a.article(u)
		if err != "" {
			return err
		}
		if s := a.slotOf[i]; s.dead || slices.Index(a.slots, s) < 0 {
			return u.String() + "已经删去或并入其他条文"
		}
		idx = append(idx, i)
	}
	var ns []*slot
	for k, t := range op.Texts {
		ps := freshParas(t)
		if len(ps) == 0 {
			return "引文为空"
		}
		s := &slot{art: &mArt{paras: ps, whole: true}, afterOld: -1}
		if k < len(op.New) {
			a.checks = append(a.checks, check{item: a.item, sub: a.sub, art: -1, s: s, want: op.New[k]})
		}
		ns = append(ns, s)
	}
	first := a.slotOf[idx[0]]
	byNumber := len(op.New) == len(ns)
	for _, i := range idx[1:] {
		s := a.slotOf[i]
		if s == first {
			continue
		}
		s.dead = true
		ns[0].origins = append(ns[0].origins, s.origins...)
		for _, o := range s.origins {
			a.slotOf[o] = ns[0]
			if byNumber {
				a.heirs[o] = ns[0]
			}
		}
	}
	if byNumber {
		return a.replaceByNumber(idx[0], ns, op.New)
	}
	return a.replaceSlot(idx[0], ns)
}

func (a *applier) move(op *Op) string {
	if len(op.Targets) != 1 || op.After == nil && (op.Division == nil || len(op.New) != 1) {
		return "移动的条文或位置不明确"
	}
	i, err := a.article(op.Targets[0])
	if err != "" {
		return err
	}
	w := -1
	if op.After != nil {
		if w, err = a.article(*op.After); err != "" {
			return err
		}
		if i == w {
			return "条文不能移至其自身之后"
		}
	}
	if len(op.Texts) == 1 {
		ps := freshParas(op.Texts[0])
		if len(ps) == 0 {
			return "引文为空"
		}
		m := a.arts[i]
		m.paras, m.nOld, m.whole = ps, 0, true
	}
	mv := move{art: i, after: w}
	a.slotOf[i].div = op.Division
	if len(op.New) == 1 {
		// Placed by its new number (the anchor says the same when the
		// decision is consistent); checked like the others.
		mv.to = op.New[0]
		a.checks = append(a.checks, check{item: a.item, sub: a.sub, art: i, want: op.New[0]})
	}
	a.moves = append(a.moves, mv)
	return ""
}

func (a *applier) relocate(op *Op) string {
	if len(op.Targets) == 0 || len(op.New) != 1 {
		return "移出的款或目标条文不明确"
	}
	var ps []*mPara
	var from []int
	for _, u := range op.Targets {
		i, err := a.article(u)
		if err != "" {
			return err
		}
		if u.Level() != "款" {
			return u.String() + "不是款"
		}
		p, err := a.para(i, u)
		if err != "" {
			return err
		}
		ps = append(ps, p)
		from = append(from, i)
	}
	to := op.New[0]
	s := a.newArticle(to.article())
	if s == nil {
		s = &slot{art: &mArt{}, target: to.Article, targetSub: to.ArticleSub, afterOld: -1, item: a.item}
		a.targeted = append(a.targeted, s)
	}
	var moved []*mPara
	if len(op.Texts) == 1 {
		text := op.Texts[0]
		if len(ps) == 1 {
			text = keepPunct(text, ps[0].lastText())
		}
		moved = freshParas(text)
		if len(moved) == 0 {
			return "引文为空"
		}
		if len(ps) == 1 && len(moved) == 1 {
			moved[0].from = ps[0].from
		}
	} else {
		for _, p := range ps {
			q := *p
			moved = append(moved, &q)
		}
	}
	for k, q := range moved {
		if to.Paragraph > 0 {
			q.pos = to.Paragraph + k
		}
		s.art.paras = append(s.art.paras, q)
	}
	for _, p := range ps {
		p.del = true
	}
	// The old article's number goes with its first paragraph.
	for k, i := range from {
		if op.Targets[k].Paragraph == 1 && !slices.Contains(s.origins, i) {
			s.origins = append(s.origins, i)
		}
		a.relocated[paraRef{i, op.Targets[k].Paragraph}] = s
	}
	return ""
}

// findHead returns the heading of the old division d names.
func (a *applier) findHead(d DivisionRef) *head {
	var found *head
	var walk func(ds []*drafts.Division, chapter int)
	walk = func(ds []*drafts.Division, chapter int) {
		for _, x := range ds {
			c := chapter
			if x.Level == drafts.LevelChapter {
				c = x.Num
			}
			if found == nil && x.Level == d.Level && x.Num == d.Num && (d.Chapter == 0 || d.Level != drafts.LevelSection || c == d.Chapter) {
				found = a.heads[x]
			}
			walk(x.Children, c)
		}
	}
	walk(a.doc.Chapters, 0)
	return found
}

func (a *applier) division(op *Op) string {
	d := op.Division
	if d == nil {
		return "章节不明确"
	}
	switch op.Form {
	case RenameDivision:
		h := a.findHead(*d)
		if h == nil || h.del {
			return "原文没有" + d.String()
		}
		h.title = d.Title
	case MoveDivision:
		h := a.findHead(*d)
		if h == nil || h.del || len(op.Targets) != 1 {
			return "原文没有" + d.String()
		}
		i, err := a.article(op.Targets[0])
		if err != "" {
			return err
		}
		for _, s := range a.slots {
			if k := slices.Index(s.heads, h); k >= 0 {
				s.heads = slices.Delete(s.heads, k, k+1)
			}
		}
		s := a.slotOf[i]
		k := 0
		for k < len(s.heads) && parse.LevelRank(s.heads[k].level) < parse.LevelRank(h.level) {
			k++
		}
		s.heads = slices.Insert(s.heads, k, h)
	case DeleteDivision:
		h := a.findHead(*d)
		if h == nil || h.del {
			return "原文没有" + d.String()
		}
		h.del = true
		if !d.HeadingOnly && h.old != nil && h.old.FirstArticle >= 0 {
			for i := h.old.FirstArticle; i <= h.old.LastArticle && i < len(a.slotOf); i++ {
				a.slotOf[i].dead = true
			}
		}
	case AddDivision:
		h := &head{level: d.Level, num: d.Num, title: d.Title}
		switch {
		case len(op.Texts) > 0:
			if len(op.New) != len(op.Texts) {
				return "新增章节中的条文序号不明确"
			}
			for k, u := range op.New {
				if a.newArticle(u) != nil {
					return u.String() + "已经增加过"
				}
				s := &slot{art: &mArt{paras: freshParas(op.Texts[k]), whole: true}, target: u.Article, targetSub: u.ArticleSub, afterOld: -1, item: a.item}
				if k == 0 {
					s.heads = []*head{h}
				}
				a.targeted = append(a.targeted, s)
			}
		case len(op.Targets) > 0:
			i, err := a.article(op.Targets[0])
			if err != "" {
				return err
			}
			s := a.slotOf[i]
			// Outer headings already there stay before the new one.
			k := 0
			for k < len(s.heads) && parse.LevelRank(s.heads[k].level) < parse.LevelRank(h.level) {
				k++
			}
			s.heads = slices.Insert(s.heads, k, h)
		default:
			return "新增的" + string(d.Level) + "没有指明位置和条文"
		}
	}
	return ""
}

// live reports whether a slot still has an article to show.
func (s *slot) live() bool {
	if s.dead {
		return false
	}
	for _, p := range s.art.paras {
		if !p.del {
			return true
		}
	}
	return false
}

// assemble orders the slots, numbers them and builds the document.
func (a *applier) assemble() *drafts.Document {
	// 1. Articles in place, in old order; headings of articles that went
	// (deleted, merged away, moved) pass to the next article.
	moved := map[*slot]bool{}
	for _, mv := range a.moves {
		moved[a.slotOf[mv.art]] = true
	}
	var list []*slot
	var carry []*head
	for _, s := range a.slots {
		if heir := a.heirOf(s); heir != nil && s.dead {
			// split or merged into articles placed by number
			heir.heads = append(heir.heads, s.heads...)
			s.heads = nil
			continue
		}
		if !s.live() || moved[s] {
			carry = append(carry, s.heads...)
			s.heads = nil
			if !s.live() {
				continue
			}
			list = append(list, s)
			continue
		}
		if len(carry) > 0 {
			s.heads = mergeHeads(carry, s.heads)
			carry = nil
		}
		list = append(list, s)
	}
	// Take the moved ones out, then put them after their new neighbours.
	var moves []*slot
	for _, mv := range a.moves {
		s := a.slotOf[mv.art]
		if k := slices.Index(list, s); k >= 0 {
			list = slices.Delete(list, k, k+1)
		}
		moves = append(moves, s)
	}
	lastOf := func(old int) int {
		// The position of the last article holding old article old or,
		// if it went, of the last one before it.
		best := -1
		for k, s := range list {
			for _, o := range s.origins {
				if o <= old && (best < 0 || o >= maxOrigin(list[best])) {
					best = k
				}
			}
		}
		return best
	}
	var numbered []*slot
	lastAt := map[int]*slot{} // the last article moved after an anchor
	for k, mv := range a.moves {
		s := moves[k]
		if !s.live() {
			continue
		}
		if mv.to.Article > 0 {
			s.target, s.targetSub = mv.to.Article, mv.to.ArticleSub
			numbered = append(numbered, s)
			continue
		}
		at := lastOf(mv.after)
		if prev := lastAt[mv.after]; prev != nil {
			at = slices.Index(list, prev)
		}
		list = slices.Insert(list, at+1, s)
		lastAt[mv.after] = s
	}
	// 2. Added articles placed after an old one, then by number.
	byNum := numbered
	for _, s := range a.targeted {
		if !s.live() {
			a.rep.Problems = append(a.rep.Problems, Problem{Item: s.item, Reason: fmt.Sprintf("增加的第%s条没有内容", cnum.Format(s.target))})
			continue
		}
		if s.afterOld >= 0 {
			at := lastOf(s.afterOld)
			// after the ones already placed after it
			for at+1 < len(list) && list[at+1].afterOld == s.afterOld {
				at++
			}
			list = slices.Insert(list, at+1, s)
			continue
		}
		if s.afterOld < -1 {
			// follows the previous added article
			prev := a.targeted[-2-s.afterOld]
			at := slices.Index(list, prev)
			list = slices.Insert(list, at+1, s)
			continue
		}
		byNum = append(byNum, s)
	}
	sort.SliceStable(byNum, func(x, y int) bool {
		if byNum[x].target != byNum[y].target {
			return byNum[x].target < byNum[y].target
		}
		return byNum[x].targetSub < byNum[y].targetSub
	})
	for _, s := range byNum {
		if s.targetSub > 0 {
			continue
		}
		at := min(max(s.target-1, 0), len(list))
		list = slices.Insert(list, at, s)
	}
	number(list)
	for _, s := range byNum {
		if s.targetSub == 0 {
			continue
		}
		at := len(list)
		for k, x := range list {
			if x.num == s.target && x.sub < s.targetSub {
				at = k + 1
			}
		}
		list = slices.Insert(list, at, s)
		number(list)
	}
	// An added article that goes into a division the next article
	// opens takes the heading from it.
	for k, s := range list {
		if s.div == nil {
			continue
		}
		// The article after it holding that division's heading gives
		// it up (with the outer headings before it).
		h := a.findHead(*s.div)
		for _, next := range list[k+1:] {
			if n := slices.Index(next.heads, h); n >= 0 {
				s.heads = append(s.heads, next.heads[:n+1]...)
				next.heads = next.heads[n+1:]
				break
			}
		}
	}
	// 3. Checks of the numbers the decision states.
	for _, c := range a.checks {
		s := c.s
		if s == nil {
			s = a.slotOf[c.art]
		}
		if !slices.Contains(list, s) {
			continue
		}
		if s.num != c.want.Article || s.sub != c.want.ArticleSub {
			a.rep.Notes = append(a.rep.Notes, Problem{Item: c.item, Sub: c.sub,
				Reason: fmt.Sprintf("决定写明为%s，按决定修改后是%s", c.want.String(), articleLabel(s.num, s.sub))})
		}
	}
	return a.build(list)
}

// heirOf returns the article placed by number that took over s.
func (a *applier) heirOf(s *slot) *slot {
	for _, o := range s.origins {
		if h := a.heirs[o]; h != nil && h != s {
			return h
		}
	}
	return nil
}

func maxOrigin(s *slot) int {
	m := -1
	for _, o := range s.origins {
		m = max(m, o)
	}
	return m
}

// mergeHeads puts the carried headings before an article's own, dropping
// carried ones that the article's own close (an emptied chapter before
// the next chapter).
func mergeHeads(carry, own []*head) []*head {
	if len(own) == 0 {
		return carry
	}
	top := parse.LevelRank(own[0].level)
	var out []*head
	for _, h := range carry {
		if parse.LevelRank(h.level) < top {
			out = append(out, h)
		}
	}
	return append(out, own...)
}

// number gives the slots their final numbers: 之N articles keep the number
// of the one before.
func number(list []*slot) {
	n := 0
	for _, s := range list {
		if s.targetSub > 0 && s.target > 0 {
			s.num, s.sub = n, s.targetSub
			continue
		}
		n++
		s.num, s.sub = n, 0
	}
}

// build turns the ordered slots into the amended document.
func (a *applier) build(list []*slot) *drafts.Document {
	doc := &drafts.Document{
		Title:      a.doc.Title,
		Meta:       a.doc.Meta,
		Chapters:   []*drafts.Division{},
		Articles:   make([]*drafts.Article, 0, len(list)),
		Blocks:     slices.Clone(a.doc.Blocks),
		References: []drafts.Reference{},
		Warnings:   []drafts.Warning{},
		Format:     "markdown",
		Encoding:   "UTF-8",
	}
	// Where each old article's number went.
	numMap := map[[2]int][2]int{}
	for _, s := range list {
		for _, o := range s.origins {
			oa := a.doc.Articles[o]
			if _, ok := numMap[[2]int{oa.Num, oa.Sub}]; !ok {
				numMap[[2]int{oa.Num, oa.Sub}] = [2]int{s.num, s.sub}
			}
		}
	}
	for i, oa := range a.doc.Articles {
		if _, ok := numMap[[2]int{oa.Num, oa.Sub}]; ok {
			continue
		}
		// An article whose first paragraph moved elsewhere.
		if s := a.relocated[paraRef{i, 1}]; s != nil && slices.Contains(list, s) {
			numMap[[2]int{oa.Num, oa.Sub}] = [2]int{s.num, s.sub}
		}
	}
	// Place every article's paragraphs first: references to paragraphs
	// need their new numbers.
	r := &renumberer{arts: numMap, paras: map[paraRef][3]int{}, byNum: a.byNum, punct: a.punct}
	placed := make([][]*mPara, len(list))
	for k, s := range list {
		placed[k] = placeParas(s.art.paras)
		for n, p := range placed[k] {
			if _, dup := r.paras[p.from]; p.from.art >= 0 && !dup {
				r.paras[p.from] = [3]int{s.num, s.sub, n + 1}
			}
		}
	}
	// Divisions: numbered through the text (章 within 编 too), 节 within 章.
	var stack []*drafts.Division
	count := map[drafts.DivisionLevel]int{}
	for k, s := range list {
		for _, h := range s.heads {
			if h.del {
				continue
			}
			rank := parse.LevelRank(h.level)
			for len(stack) > 0 && parse.LevelRank(stack[len(stack)-1].Level) >= rank {
				stack = stack[:len(stack)-1]
			}
			// Numbers below this level start again.
			for l, n := range count {
				if parse.LevelRank(l) > rank && n > 0 && !(h.level == drafts.LevelPart && l == drafts.LevelChapter) {
					count[l] = 0
				}
			}
			d := &drafts.Division{Level: h.level, Title: h.title, FirstArticle: -1, LastArticle: -1}
			if h.num > 0 || h.old == nil {
				count[h.level]++
				d.Num = count[h.level]
				d.Label = "第" + cnum.Format(d.Num) + string(h.level)
			} else {
				d.Label = h.label
			}
			if len(stack) == 0 {
				doc.Chapters = append(doc.Chapters, d)
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, d)
			}
			stack = append(stack, d)
		}
		art := &drafts.Article{Num: s.num, Sub: s.sub, Label: articleLabel(s.num, s.sub)}
		for _, d := range stack {
			if d.FirstArticle < 0 {
				d.FirstArticle = k
			}
			d.LastArticle = k
			switch {
			case d.Label == "":
				art.Path = append(art.Path, d.Title)
			case d.Title == "":
				art.Path = append(art.Path, d.Label)
			default:
				art.Path = append(art.Path, d.Label+" "+d.Title)
			}
		}
		now := [2]int{s.num, s.sub}
		art.Paragraphs = buildParas(placed[k], func(t string, isFresh bool, self int) string {
			if !isFresh {
				t = r.text(t, self, now)
			}
			return plain(t)
		})
		art.Text = articleText(art.Paragraphs)
		doc.Articles = append(doc.Articles, art)
	}
	DocumentText(doc) // sets the line numbers
	parse.References(doc)
	return doc
}

// renumberer rewrites the cross-references in text kept from the old
// document: to articles (第X条), and to paragraphs of articles whose
// paragraphs moved (第X条第Y款, 本条第Y款).
type renumberer struct {
	arts  map[[2]int][2]int  // old (Num, Sub) → new
	paras map[paraRef][3]int // old (article index, paragraph) → new (Num, Sub, paragraph)
	byNum map[[2]int]int     // old (Num, Sub) → index
	punct bool               // write half-width punctuation full-width
}

// selfPara matches 本条第Y款.
var selfPara = regexp.MustCompile(`本条第([一二三四五六七八九十]+)款`)

// text renumbers s, a text of old article self (index) now numbered now;
// the parts of s the decision inserted (between markers) are left alone.
func (r *renumberer) text(s string, self int, now [2]int) string {
	if !strings.ContainsRune(s, freshOpen) {
		return r.part(s, self, now)
	}
	var b strings.Builder
	for s != "" {
		k := strings.IndexRune(s, freshOpen)
		if k < 0 {
			b.WriteString(r.part(s, self, now))
			break
		}
		b.WriteString(r.part(s[:k], self, now))
		e := strings.IndexRune(s[k:], freshClose)
		if e < 0 {
			b.WriteString(s[k:])
			break
		}
		e += k + len(string(freshClose))
		b.WriteString(s[k:e])
		s = s[e:]
	}
	return b.String()
}

type refEdit struct {
	start, end int
	text       string
}

// part renumbers a piece of old text.
func (r *renumberer) part(s string, self int, now [2]int) string {
	if r.punct {
		s = fullWidth(s)
	}
	var edits []refEdit
	for _, e := range diff.RefEdits(s, r.arts) {
		ed := refEdit{e.Start, e.End, e.Text}
		// 第X条第Y款: the paragraph may have moved.
		if n, k := paraAfter(s[e.End:]); n > 0 {
			if i, ok := r.byNum[[2]int{e.Num, e.Sub}]; ok {
				if to, ok := r.paras[paraRef{i, n}]; ok {
					ed.end = e.End + k
					ed.text = articleLabel(to[0], to[1]) + "第" + cnum.Format(to[2]) + "款"
				}
			}
		}
		edits = append(edits, ed)
	}
	if self >= 0 && strings.Contains(s, "本条第") {
		for _, m := range selfPara.FindAllStringSubmatchIndex(s, -1) {
			n, err := cnum.Parse(s[m[2]:m[3]])
			if err != nil {
				continue
			}
			to, ok := r.paras[paraRef{self, n}]
			if !ok {
				continue
			}
			ed := refEdit{m[0], m[1], "本条第" + cnum.Format(to[2]) + "款"}
			if to[0] != now[0] || to[1] != now[1] {
				ed.text = articleLabel(to[0], to[1]) + "第" + cnum.Format(to[2]) + "款"
			}
			edits = append(edits, ed)
		}
		sort.Slice(edits, func(x, y int) bool { return edits[x].start < edits[y].start })
	}
	if len(edits) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.start < last {
			continue
		}
		b.WriteString(s[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// fullWidth writes the half-width punctuation of s full-width where it
// stands beside Chinese text, line by line, as the parser does
// (parse.FullWidthPunct).
func fullWidth(s string) string {
	if !strings.ContainsAny(s, ":;,()?!") {
		return s
	}
	if !strings.Contains(s, "\n") {
		return parse.FullWidthPunct(s)
	}
	lines := strings.Split(s, "\n")
	for k, l := range lines {
		lines[k] = parse.FullWidthPunct(l)
	}
	return strings.Join(lines, "\n")
}

// paraAfter reads 第Y款 at the start of s and returns Y and its length.
func paraAfter(s string) (int, int) {
	if !strings.HasPrefix(s, "第") {
		return 0, 0
	}
	k := strings.Index(s, "款")
	if k < 0 || k > len("第")+3*4 {
		return 0, 0
	}
	n, err := cnum.Parse(s[len("第"):k])
	if err != nil {
		return 0, 0
	}
	return n, k + len("款")
}

// buildParas builds an article's placed paragraphs with their items (added
// ones at their numbers or after their anchors), numbering the items
// afresh where items were added or deleted; renum renumbers the references
// in a text of old article self unless it is fresh.
func buildParas(ps []*mPara, renum func(string, bool, int) string) []drafts.Paragraph {
	out := make([]drafts.Paragraph, 0, len(ps))
	for _, p := range ps {
		dp := drafts.Paragraph{Text: renum(p.text, p.fresh, p.from.art)}
		items := placeItems(p.items)
		for k, it := range items {
			label := it.label
			if p.relabel || label == "" {
				label = itemLabel(k+1, items, it)
			}
			dp.Items = append(dp.Items, buildItem(it, k+1, label, func(t string, f bool) string { return renum(t, f, p.from.art) }, false))
		}
		out = append(out, dp)
	}
	return out
}

// buildItem builds an item and its sub-items (labelled 1. where added
// without a label).
func buildItem(it *mItem, n int, label string, renum func(string, bool) string, parentFresh bool) drafts.Item {
	f := it.fresh || parentFresh
	di := drafts.Item{Num: n, Label: label, Text: renum(it.text, f)}
	for j, si := range placeItems(it.subs) {
		sl := si.label
		if sl == "" {
			sl = strconv.Itoa(j+1) + "."
		}
		di.SubItems = append(di.SubItems, buildItem(si, j+1, sl, renum, f))
	}
	return di
}

// itemLabel labels item n in the style of the paragraph's other items.
func itemLabel(n int, items []*mItem, self *mItem) string {
	for _, it := range items {
		if it != self && strings.HasPrefix(it.label, "(") {
			return "(" + cnum.Format(n) + ")"
		}
	}
	return "（" + cnum.Format(n) + "）"
}

// placeParas returns the live paragraphs in order: old ones in place,
// those added after an anchor right after it, those added by number at it.
func placeParas(all []*mPara) []*mPara {
	return place(all, func(p *mPara) (int, *mPara, bool) { return p.pos, p.after, p.del })
}

// placeItems is placeParas for items.
func placeItems(all []*mItem) []*mItem {
	return place(all, func(it *mItem) (int, *mItem, bool) { return it.pos, it.after, it.del })
}

// place orders units (paragraphs or items) as placeParas says; of says a
// unit's number if added by number, its anchor if added after one, and
// whether it is deleted.
func place[T any](all []*T, of func(*T) (pos int, after *T, del bool)) []*T {
	var out, byPos []*T
	for _, u := range all {
		pos, after, del := of(u)
		switch {
		case pos > 0:
			byPos = append(byPos, u)
		case after != nil:
		case !del:
			out = append(out, u)
		}
	}
	// Anchored ones (chains of them) after their anchors; after a
	// deleted anchor's own anchor, or at the end.
	for changed := true; changed; {
		changed = false
		for _, u := range all {
			pos, anchor, _ := of(u)
			if anchor == nil || pos > 0 || slices.Contains(out, u) {
				continue
			}
			for anchor != nil {
				if _, a, del := of(anchor); del && a != nil {
					anchor = a
					continue
				}
				break
			}
			if k := slices.Index(out, anchor); k >= 0 {
				out = slices.Insert(out, k+1, u)
				changed = true
			} else if _, _, del := of(anchor); del {
				out = append(out, u)
				changed = true
			}
		}
	}
	sort.SliceStable(byPos, func(x, y int) bool {
		px, _, _ := of(byPos[x])
		py, _, _ := of(byPos[y])
		return px < py
	})
	for _, u := range byPos {
		pos, _, del := of(u)
		if del {
			continue
		}
		out = slices.Insert(out, min(pos-1, len(out)), u)
	}
	return out
}

// articleText joins an article's paragraphs and items as
// drafts.Article.Text holds them.
func articleText(ps []drafts.Paragraph) string {
	var b strings.Builder
	line := func(s string) {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s)
	}
	for _, p := range ps {
		if p.Text != "" {
			line(p.Text)
		}
		for _, it := range p.Items {
			line(it.Label + it.Text)
			for _, si := range it.SubItems {
				line(si.Label + si.Text)
				for _, ssi := range si.SubItems {
					line(ssi.Label + ssi.Text)
				}
			}
		}
	}
	return b.String()
}
