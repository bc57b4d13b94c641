package reports

import (
	"html/template"
	"strconv"
	"time"

	"lifa/drafts"
	"lifa/drafts/diff"
)

// LetterPart is a part of a letter as its page shows it: a meeting (nil
// Meeting: the other opinions), its date as people write it, and its
// opinions.
type LetterPart struct {
	Meeting *drafts.Meeting
	Date    string
	Items   []LetterPartItem
}

// LetterPartItem is an opinion of a letter with its change as HTML
// (diff.InlineHTML escapes the text).
type LetterPartItem struct {
	LetterItem
	Diff template.HTML
}

// Parts returns the letter's meetings, then its other opinions, as its
// page shows them.
func (l *Letter) Parts() []LetterPart {
	items := func(list []LetterItem) []LetterPartItem {
		out := make([]LetterPartItem, len(list))
		for i, it := range list {
			out[i] = LetterPartItem{LetterItem: it}
			if it.Landing != nil {
				out[i].Diff = diff.InlineHTML(it.Landing.Diff)
			}
		}
		return out
	}
	var parts []LetterPart
	for _, m := range l.Meetings {
		date := m.Date
		if t, err := time.Parse("2006-01-02", m.Date); err == nil {
			date = drafts.FormatDate(t)
		}
		parts = append(parts, LetterPart{Meeting: m.Meeting, Date: date, Items: items(m.Items)})
	}
	if len(l.Items) > 0 {
		parts = append(parts, LetterPart{Items: items(l.Items)})
	}
	return parts
}

// ParseContactPoints reads the contact points a form publishes letters
// to (none: all); EINVALID for a value that is not a positive id.
func ParseContactPoints(values []string) ([]int64, error) {
	var cps []int64
	for _, v := range values {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return nil, drafts.Errorf(drafts.EINVALID, "联系点编号无效。")
		}
		cps = append(cps, n)
	}
	return cps, nil
}
