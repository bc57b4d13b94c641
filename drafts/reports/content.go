package reports

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/diff"
)

// Content is the text of a report on a reading: what one revision saves
// and what the editor, the API and the .docx export show. Paragraphs of a
// text field are separated by "\n".
type Content struct {
	Kind  drafts.ReportKind `json:"kind"`
	Title string            `json:"title"`
	// Occasion is the line under the title: （××××年××月××日在广州市人大常委会第××次会议上）.
	Occasion string `json:"occasion"`
	// Salutation opens the report: 主任、各位副主任、秘书长、各位委员：
	Salutation string `json:"salutation"`
	// Opening is drafted from the data: when the earlier reading was
	// reviewed, the consultations and the opinions they gathered.
	Opening  string    `json:"opening"`
	Sections []Section `json:"sections"`
	// Closing is the end: 此外，对草案作了一些文字修改。… 请审议。
	Closing   string `json:"closing"`
	Signature string `json:"signature"`
	Date      string `json:"date"`
	// Annex adds the 对照表 of the two readings as an annex to the .docx.
	Annex bool `json:"annex"`
}

// Section is one numbered part of a report: usually one main change of
// the comparison and the opinions that led to it; Grouped gathers the
// changes no opinion led to. Staff may add sections of their own
// (without Changes).
type Section struct {
	// ID names the section across revisions: "c" and the index of its
	// change in the comparison, "others" for the grouped changes, "s…"
	// for a section staff added.
	ID      string `json:"id"`
	Heading string `json:"heading"`
	Text    string `json:"text"`
	// Conclusion is the committee's conclusion: 法制委员会经研究，建议…….
	Conclusion string `json:"conclusion"`
	// Opinions are the ids of the opinions (on the earlier reading) the
	// section reports.
	Opinions []int64     `json:"opinions"`
	Changes  []ChangeRef `json:"changes,omitempty"`
	Grouped  bool        `json:"grouped,omitempty"`
}

// ChangeRef names a change of the comparison a section reports.
type ChangeRef struct {
	// Index is the change's index in diff.Comparison.Changes.
	Index int       `json:"index"`
	Kind  diff.Kind `json:"kind"`
	// Old and New are the labels of its articles in the earlier and the
	// later reading (第六条).
	Old []string `json:"old,omitempty"`
	New []string `json:"new,omitempty"`
}

// Edit is what staff change in a report: its text fields, and its
// sections in their new order, each with its text and the ids of the
// opinions it names. The changes of the comparison a section reports are
// not edited: they stay with the section's ID.
type Edit struct {
	Title      string        `json:"title"`
	Occasion   string        `json:"occasion"`
	Salutation string        `json:"salutation"`
	Opening    string        `json:"opening"`
	Sections   []SectionEdit `json:"sections"`
	Closing    string        `json:"closing"`
	Signature  string        `json:"signature"`
	Date       string        `json:"date"`
	Annex      bool          `json:"annex"`
}

// SectionEdit is one section of an Edit.
type SectionEdit struct {
	// ID names a section of the revision edited; another id, or none,
	// adds a section of staff's own (given an id s1, s2 … when none).
	ID         string  `json:"id"`
	Heading    string  `json:"heading"`
	Text       string  `json:"text"`
	Conclusion string  `json:"conclusion"`
	Opinions   []int64 `json:"opinions"`
}

// EditOf returns the edit that leaves content as it is (what the editor
// starts from).
func EditOf(c *Content) Edit {
	e := Edit{Title: c.Title, Occasion: c.Occasion, Salutation: c.Salutation, Opening: c.Opening, Closing: c.Closing,
		Signature: c.Signature, Date: c.Date, Annex: c.Annex, Sections: make([]SectionEdit, len(c.Sections))}
	for i, s := range c.Sections {
		e.Sections[i] = SectionEdit{ID: s.ID, Heading: s.Heading, Text: s.Text, Conclusion: s.Conclusion, Opinions: s.Opinions}
	}
	return e
}

// apply returns the content of kind the edit makes of old.
func (e Edit) apply(kind drafts.ReportKind, old *Content) *Content {
	was := map[string]*Section{}
	for i := range old.Sections {
		was[old.Sections[i].ID] = &old.Sections[i]
	}
	c := &Content{Kind: kind, Title: e.Title, Occasion: e.Occasion, Salutation: e.Salutation, Opening: e.Opening,
		Closing: e.Closing, Signature: e.Signature, Date: e.Date, Annex: e.Annex, Sections: make([]Section, len(e.Sections))}
	taken := map[string]bool{}
	for _, se := range e.Sections {
		taken[strings.TrimSpace(se.ID)] = true
	}
	next := 1
	for i, se := range e.Sections {
		s := Section{ID: strings.TrimSpace(se.ID), Heading: se.Heading, Text: se.Text, Conclusion: se.Conclusion, Opinions: se.Opinions}
		if w := was[s.ID]; w != nil {
			s.Changes, s.Grouped = w.Changes, w.Grouped
		}
		for ; s.ID == ""; next++ {
			if id := "s" + strconv.Itoa(next); !taken[id] && was[id] == nil {
				s.ID, taken[id] = id, true
			}
		}
		c.Sections[i] = s
	}
	return c
}

// Limits on what a saved report may hold.
const (
	maxSections  = 1000
	maxFieldText = 20000 // characters of one text field
	maxOpinions  = 10000 // opinion ids of one section
)

// Normalize trims the content's fields, normalises newlines and checks the
// limits: EINVALID for a missing title, an unknown kind, a section without
// id or with an id used twice, a text Lifa does not accept; ETOOLARGE past
// the limits.
func (c *Content) Normalize() error {
	if _, err := drafts.ParseReportKind(string(c.Kind)); err != nil {
		return err
	}
	fields := []struct {
		name string
		p    *string
	}{{"标题", &c.Title}, {"题注", &c.Occasion}, {"称谓", &c.Salutation}, {"开头", &c.Opening}, {"结尾", &c.Closing},
		{"落款", &c.Signature}, {"日期", &c.Date}}
	for _, f := range fields {
		if err := cleanField(f.name, f.p); err != nil {
			return err
		}
	}
	if c.Title == "" || utf8.RuneCountInString(c.Title) > 200 {
		return drafts.Errorf(drafts.EINVALID, "报告标题不能为空，最多 200 字。")
	}
	if len(c.Sections) > maxSections {
		return drafts.Errorf(drafts.ETOOLARGE, "报告最多 %d 个部分。", maxSections)
	}
	seen := map[string]bool{}
	for i := range c.Sections {
		s := &c.Sections[i]
		s.ID = strings.TrimSpace(s.ID)
		if s.ID == "" || len(s.ID) > 40 || seen[s.ID] {
			return drafts.Errorf(drafts.EINVALID, "第 %d 部分的编号为空、过长或重复。", i+1)
		}
		seen[s.ID] = true
		for _, f := range []*string{&s.Heading, &s.Text, &s.Conclusion} {
			if err := cleanField(fmt.Sprintf("第 %d 部分", i+1), f); err != nil {
				return err
			}
		}
		if len(s.Opinions) > maxOpinions {
			return drafts.Errorf(drafts.ETOOLARGE, "第 %d 部分关联的意见过多。", i+1)
		}
		for _, id := range s.Opinions {
			if id <= 0 {
				return drafts.Errorf(drafts.EINVALID, "第 %d 部分关联的意见编号无效。", i+1)
			}
		}
		if s.Opinions == nil {
			s.Opinions = []int64{}
		}
	}
	return nil
}

// cleanField normalises one text field and checks it.
func cleanField(name string, p *string) error {
	s, err := drafts.CleanText(name, *p)
	if err != nil {
		return err
	}
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxFieldText {
		return drafts.Errorf(drafts.ETOOLARGE, "%s最多 %d 字。", name, maxFieldText)
	}
	*p = s
	return nil
}

// encode returns the content as a revision stores it.
func (c *Content) encode() []byte {
	b, _ := json.Marshal(c) // a Content always encodes
	return b
}

// decodeContent reads a stored revision.
func decodeContent(b []byte) (*Content, error) {
	var c Content
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("decode report revision: %w", err)
	}
	return &c, nil
}

// Placement says where a section reports an opinion: the section's
// index and id.
type Placement struct {
	Section int
	ID      string
}

// Placements returns, for each opinion id named by a section, the
// sections naming it, in order.
func (c *Content) Placements() map[int64][]Placement {
	out := map[int64][]Placement{}
	for i, s := range c.Sections {
		for _, id := range s.Opinions {
			out[id] = append(out[id], Placement{Section: i, ID: s.ID})
		}
	}
	return out
}
