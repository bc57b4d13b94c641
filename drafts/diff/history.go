package diff

import (
	"strings"

	"lifa/drafts"
)

// HistoryStep is one version in the history of an article (条文沿革).
type HistoryStep struct {
	// Articles are the article's refs in this version (several after a
	// split); empty when the article does not exist in it.
	Articles []Ref `json:"articles"`
	// Kind and Note say what changed from the previous version ("" for
	// the first version); Diff is the character diff of that change.
	Kind string `json:"kind,omitempty"`
	Note string `json:"note,omitempty"`
	Diff []Op   `json:"diff,omitempty"`
}

// History follows article (num, sub) of document at through a sequence of
// n versions, chaining the alignments of consecutive versions backwards and
// forwards: compare(i) returns the comparison of version i with version
// i+1. The steps are in version order. ENOTFOUND when the starting
// document has no such article.
func History(doc *drafts.Document, n, at, num, sub int, compare func(i int) (*Comparison, error)) ([]HistoryStep, error) {
	var start *Ref
	for i, a := range doc.Articles {
		if a.Num == num && a.Sub == sub {
			start = &Ref{Num: a.Num, Sub: a.Sub, Label: a.Label, Index: i, Text: a.Text, Path: a.Path}
		}
	}
	if start == nil {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "该版本中没有%s。", drafts.ArticleRefLabel(num, sub))
	}
	steps := make([]HistoryStep, n)
	for i := range steps {
		steps[i].Articles = []Ref{}
	}
	steps[at].Articles = []Ref{*start}
	// Backwards: which old articles became the ones followed.
	for i := at; i > 0; i-- {
		cmp, err := compare(i - 1)
		if err != nil {
			return nil, err
		}
		prev, st := trace(cmp, steps[i].Articles, false)
		steps[i-1].Articles = prev
		steps[i].Kind, steps[i].Note, steps[i].Diff = st.Kind, st.Note, st.Diff
		if len(prev) == 0 {
			break
		}
	}
	// Forwards: what the articles followed became.
	for i := at; i+1 < n && len(steps[i].Articles) > 0; i++ {
		cmp, err := compare(i)
		if err != nil {
			return nil, err
		}
		next, st := trace(cmp, steps[i].Articles, true)
		steps[i+1].Articles = next
		steps[i+1].Kind, steps[i+1].Note, steps[i+1].Diff = st.Kind, st.Note, st.Diff
	}
	return steps, nil
}

// trace finds the changes of cmp that hold refs (on the old side when
// forward, else on the new side) and returns the articles on the other
// side, with the kind, note and diff of those changes (joined when several).
func trace(cmp *Comparison, refs []Ref, forward bool) ([]Ref, HistoryStep) {
	want := map[int]bool{}
	for _, r := range refs {
		want[r.Index] = true
	}
	var other []Ref
	var st HistoryStep
	seen := map[int]bool{}
	for i := range cmp.Changes {
		ch := &cmp.Changes[i]
		mine, theirs := ch.New, ch.Old
		if forward {
			mine, theirs = ch.Old, ch.New
		}
		hit := false
		for _, r := range mine {
			hit = hit || want[r.Index]
		}
		if !hit {
			continue
		}
		for _, r := range theirs {
			if !seen[r.Index] {
				seen[r.Index] = true
				other = append(other, r)
			}
		}
		if st.Kind == "" || (st.Kind == string(Unchanged) && ch.Changed()) {
			st.Kind = string(ch.Kind)
		}
		if n := ch.Note(); !strings.Contains(st.Note, n) {
			if st.Note != "" {
				st.Note += "；"
			}
			st.Note += n
		}
		if ch.Changed() {
			if len(st.Diff) > 0 {
				st.Diff = append(st.Diff, Op{Op: OpEqual, Text: "\n"})
			}
			st.Diff = append(st.Diff, ch.Diff...)
		}
	}
	if len(other) == 0 && st.Kind == "" {
		if forward {
			st.Kind, st.Note = string(Deleted), "删除"
		} else {
			st.Kind, st.Note = string(Added), "新增"
		}
	}
	return other, st
}
