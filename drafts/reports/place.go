package reports

import (
	"regexp"
	"strings"

	"lifa/drafts"
	"lifa/drafts/cnum"
	"lifa/drafts/diff"
)

// A placer finds the change of a comparison an opinion on the earlier
// reading led to: the article the opinion's answer names in the later
// reading, else where the opinion's own article went (diff.Carrier).
type placer struct {
	cmp     *diff.Comparison
	carrier *diff.Carrier
	// newAt maps an article of the later reading to the index of the
	// change that holds it, for changes that changed something.
	newAt map[[2]int]int
	// goneAt maps a deleted article of the earlier reading to its change.
	goneAt map[[2]int]int
}

func newPlacer(cmp *diff.Comparison) *placer {
	p := &placer{cmp: cmp, carrier: cmp.Carrier(), newAt: map[[2]int]int{}, goneAt: map[[2]int]int{}}
	for i := range cmp.Changes {
		ch := &cmp.Changes[i]
		if !ch.Changed() {
			continue
		}
		for _, r := range ch.New {
			p.newAt[[2]int{r.Num, r.Sub}] = i
		}
		if len(ch.New) == 0 {
			for _, r := range ch.Old {
				p.goneAt[[2]int{r.Num, r.Sub}] = i
			}
		}
	}
	return p
}

// adopted reports whether an opinion's answer says the text was changed
// for it: 采纳 or 部分采纳. Such an opinion belongs in a section of the
// report; one the drafting cannot place is listed for staff to place.
func adopted(d drafts.Disposition) bool {
	return d == drafts.DispositionAdopted || d == drafts.DispositionPartly
}

// placeable reports whether an opinion may be placed in a section when a
// change is found for it: the adopted ones, and 已吸收.
func placeable(d drafts.Disposition) bool {
	return adopted(d) || d == drafts.DispositionAbsorbed
}

// place returns the index of the change opinion o led to, or -1: the
// first article of the later reading its answer names (other than its
// own article's number) that a change changed, else the change its own
// article took part in when that changed the text. Opinions that were not
// answered as adopted (placeable) are not placed.
func (p *placer) place(o *drafts.Opinion) int {
	if o.Status == drafts.StatusHidden || !placeable(o.Disposition) {
		return -1
	}
	for _, ref := range answerRefs(o.Answer) {
		if ref.num == o.Article && ref.sub == o.ArticleSub && !ref.later {
			continue
		}
		if i, ok := p.newAt[[2]int{ref.num, ref.sub}]; ok {
			return i
		}
	}
	if o.Article == 0 {
		return -1
	}
	d := p.carrier.Carry(o.Article, o.ArticleSub)
	if !d.Changed {
		return -1
	}
	if len(d.New) > 0 {
		if i, ok := p.newAt[[2]int{d.New[0].Num, d.New[0].Sub}]; ok {
			return i
		}
	}
	if i, ok := p.goneAt[[2]int{o.Article, o.ArticleSub}]; ok {
		return i
	}
	return -1
}

// articleRef is an article named in an answer.
type articleRef struct {
	num, sub int
	// later is set when the answer says it is an article of the later
	// reading (修改稿第七条, 二审稿第七条, 现第七条).
	later bool
}

var refRE = regexp.MustCompile(`第([〇零一二三四五六七八九十百千两0-9０-９]+)条(?:之([一二三四五六七八九十0-9]+))?`)

// laterMarks are the words before an article number that say it is one of
// the later reading.
var laterMarks = []string{"修改稿", "表决稿", "审稿", "审议稿", "现", "新", "改为", "作为"}

// answerRefs returns the articles an answer names, in order.
func answerRefs(answer string) []articleRef {
	if !strings.Contains(answer, "条") {
		return nil
	}
	var out []articleRef
	for _, m := range refRE.FindAllStringSubmatchIndex(answer, -1) {
		num, err := cnum.Parse(answer[m[2]:m[3]])
		if err != nil || num <= 0 {
			continue
		}
		r := articleRef{num: num}
		if m[4] >= 0 {
			if r.sub, err = cnum.Parse(answer[m[4]:m[5]]); err != nil {
				continue
			}
		}
		before := answer[:m[0]]
		for _, w := range laterMarks {
			r.later = r.later || strings.HasSuffix(before, w)
		}
		out = append(out, r)
	}
	return out
}
