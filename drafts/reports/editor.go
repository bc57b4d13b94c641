package reports

import (
	"context"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"lifa/drafts"
)

// ParsePair reads the readings and the kind of a report to draft as a
// form or a query gives them; empty values are 0 and "" (the latest two
// readings, the kind by stage). EINVALID for an id that is not positive
// or an unknown kind.
func ParsePair(from, to, kind string) (int64, int64, drafts.ReportKind, error) {
	var ids [2]int64
	for i, v := range []string{from, to} {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, "", drafts.Errorf(drafts.EINVALID, "请选择要比较的两个版本。")
		}
		ids[i] = n
	}
	if kind = strings.TrimSpace(kind); kind != "" {
		k, err := drafts.ParseReportKind(kind)
		return ids[0], ids[1], k, err
	}
	return ids[0], ids[1], "", nil
}

// OpenOf returns report id of regulation regulationID at revision rev
// (Open); ENOTFOUND for a report of another regulation, as for none.
func (s *Service) OpenOf(ctx context.Context, regulationID, id int64, rev int) (*Report, error) {
	r, err := s.Open(ctx, id, rev)
	if err != nil {
		return nil, err
	}
	if r.RegulationID != regulationID {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "法规项目 %d 没有编号为 %d 的报告。", regulationID, id)
	}
	return r, nil
}

// Editor is the report editor's page: an edit of a report with what the
// editor shows beside each section.
type Editor struct {
	*Report
	Edit     Edit
	Sections []EditorSection
	// ReadOnly is set for an earlier revision than the latest.
	ReadOnly bool
}

// EditorSection is a section as the editor shows it.
type EditorSection struct {
	SectionEdit
	Changes []ChangeRef
	Grouped bool
	Linked  []OpinionRef
	// Missing are ids of opinions the report does not know (typed in a
	// refused form).
	Missing []int64
	Opinion string // the ids as typed: "12, 15"
	// Anchor is the row of the section's change on the comparison page
	// (art-8, old-art-17 for a deleted article); "" for none.
	Anchor string
}

// EditorOf returns the editor on edit e of report r; typed are the
// opinion ids of a refused form as typed, by section id. Each section is
// joined to what the report knows of it: its changes by id, its opinions
// by id.
func EditorOf(r *Report, e Edit, typed map[string]string) *Editor {
	secs := map[string]Section{}
	for _, s := range r.Content.Sections {
		secs[s.ID] = s
	}
	ops := map[int64]OpinionRef{}
	for _, o := range r.Opinions {
		ops[o.ID] = o
	}
	ed := &Editor{Report: r, Edit: e, Sections: make([]EditorSection, len(e.Sections)), ReadOnly: r.Revision.Seq != r.Revisions}
	for i, se := range e.Sections {
		es := EditorSection{SectionEdit: se, Changes: secs[se.ID].Changes, Grouped: secs[se.ID].Grouped}
		if len(es.Changes) > 0 && !es.Grouped && r.Comparison != nil && es.Changes[0].Index < len(r.Comparison.Changes) {
			ch := &r.Comparison.Changes[es.Changes[0].Index]
			switch {
			case len(ch.New) > 0:
				es.Anchor = drafts.ArticleAnchor(ch.New[0].Num, ch.New[0].Sub)
			case len(ch.Old) > 0:
				es.Anchor = "old-" + drafts.ArticleAnchor(ch.Old[0].Num, ch.Old[0].Sub)
			}
		}
		ids := make([]string, len(se.Opinions))
		for k, id := range se.Opinions {
			ids[k] = strconv.FormatInt(id, 10)
			if o, ok := ops[id]; ok {
				es.Linked = append(es.Linked, o)
			} else {
				es.Missing = append(es.Missing, id)
			}
		}
		es.Opinion = strings.Join(ids, ", ")
		if t, ok := typed[se.ID]; ok {
			es.Opinion = t
		}
		ed.Sections[i] = es
	}
	return ed
}

// ReadEdit reads the editor's form: the text fields, and for each section
// (field sec, in page order) its order, heading, text, conclusion,
// opinion ids and whether it is deleted; a new section from the new_…
// fields when any is filled. It returns the opinion ids as typed, by
// section id, and the first problem with them (EINVALID); the edit holds
// every section even then, so that a refused form shows what was typed.
func ReadEdit(form url.Values) (Edit, map[string]string, error) {
	e := Edit{Title: form.Get("title"), Occasion: form.Get("occasion"), Salutation: form.Get("salutation"),
		Opening: form.Get("opening"), Closing: form.Get("closing"), Signature: form.Get("signature"),
		Date: form.Get("date"), Annex: form.Get("annex") != ""}
	type placed struct {
		order float64
		sec   SectionEdit
	}
	var list []placed
	typed := map[string]string{}
	var bad error
	for i, id := range append(form["sec"], "new") {
		f := func(name string) string { return form.Get(name + "_" + id) }
		se := SectionEdit{ID: id, Heading: f("heading"), Text: f("text"), Conclusion: f("conclusion")}
		if id == "new" {
			if strings.TrimSpace(se.Heading+se.Text+se.Conclusion+f("opinions")) == "" {
				continue
			}
			se.ID = ""
		}
		if f("delete") != "" {
			continue
		}
		ops, err := opinionIDs(f("opinions"), i+1)
		if err != nil && bad == nil {
			bad = err
		}
		se.Opinions, typed[se.ID] = ops, f("opinions")
		order, err := strconv.ParseFloat(strings.TrimSpace(f("order")), 64)
		if err != nil {
			order = float64(i + 1)
		}
		list = append(list, placed{order, se})
	}
	sort.SliceStable(list, func(a, b int) bool { return list[a].order < list[b].order })
	for _, p := range list {
		e.Sections = append(e.Sections, p.sec)
	}
	return e, typed, bad
}

// opinionIDs reads the opinion ids of the form's section n, separated by
// commas or spaces.
func opinionIDs(s string, section int) ([]int64, error) {
	out := []int64{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' || r == '　' }) {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil || n <= 0 {
			return nil, drafts.Errorf(drafts.EINVALID, "第 %d 部分的意见编号“%s”不是有效的编号。", section, f)
		}
		out = append(out, n)
	}
	return out, nil
}
