package readings

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"lifa/drafts"
	"lifa/drafts/cnum"
	"lifa/drafts/diff"
)

// What the pages of two readings show — the 对照表, the amendment decision
// beside it, the history of an article — besides the comparison itself:
// how readings are named, which are offered to compare, the downloads and
// the links between the pages.

// VersionName is how a reading is named in the pickers and headings:
// 第 2 版 二审稿 2024-01-02.
func VersionName(v *drafts.Version) string {
	n := fmt.Sprintf("第 %d 版 %s", v.Seq, v.Name())
	if v.Date != "" {
		n += " " + v.Date
	}
	return n
}

// VersionOption is a reading offered in the picker of the two readings
// compared, From or To when it is one of them.
type VersionOption struct {
	ID   int64
	Name string
	From bool
	To   bool
}

// Options are the readings the picker offers: every reading, the two
// compared chosen.
func (c *Comparison) Options() []VersionOption {
	out := make([]VersionOption, len(c.Versions))
	for i, v := range c.Versions {
		out[i] = VersionOption{ID: v.ID, Name: VersionName(v), From: v.ID == c.From.ID, To: v.ID == c.To.ID}
	}
	return out
}

// FromName names the reading compared from.
func (c *Comparison) FromName() string { return VersionName(c.From) }

// ToName names the reading compared to.
func (c *Comparison) ToName() string { return VersionName(c.To) }

// pairQuery is from=…&to=… for the two readings compared.
func (c *Comparison) pairQuery() url.Values {
	return url.Values{"from": {strconv.FormatInt(c.From.ID, 10)}, "to": {strconv.FormatInt(c.To.ID, 10)}}
}

// DocxURL downloads the Word table of the changed articles, with all of
// every article; JSONURL the comparison as JSON. Whole URLs: a query
// written into an href after "?" is escaped by html/template
// (from%3d1%26to%3d3) and lost.
func (c *Comparison) DocxURL(all bool) string {
	u := fmt.Sprintf("/regulations/%d/compare/docx?%s", c.Regulation.ID, c.pairQuery().Encode())
	if all {
		u += "&all=1"
	}
	return u
}

// JSONURL is the comparison from the API.
func (c *Comparison) JSONURL() string {
	return fmt.Sprintf("/api/v1/regulations/%d/compare?%s", c.Regulation.ID, c.pairQuery().Encode())
}

// Body renders the comparison for the 对照表 page, side by side or
// inline, each article linking to its history.
func (c *Comparison) Body(inline bool) (template.HTML, error) {
	return c.Cmp.Body(diff.HTMLOptions{
		Inline: inline,
		HistoryURL: func(old bool, num, sub int) string {
			if old {
				return HistoryURL(c.Regulation.ID, c.From.ID, num, sub)
			}
			return HistoryURL(c.Regulation.ID, c.To.ID, num, sub)
		},
	})
}

// Docx is the comparison as a Word table for printing, of the changed
// articles or all of them, and its file name with an ASCII fallback.
func (c *Comparison) Docx(all bool) (data []byte, name, fallback string, err error) {
	doc := c.Cmp.Docx(diff.DocxOptions{Title: "《" + c.Regulation.Title + "》修改前后对照表", Changed: !all,
		Subtitle: "修改前：" + c.FromName() + "　　修改后：" + c.ToName()})
	doc.Author = "Lifa"
	var b bytes.Buffer
	if _, err := doc.WriteTo(&b); err != nil {
		return nil, "", "", err
	}
	return b.Bytes(), fmt.Sprintf("%s-对照表-%s-%s.docx", c.Regulation.Title, c.From.Name(), c.To.Name()),
		fmt.Sprintf("compare-%d-%d.docx", c.From.ID, c.To.ID), nil
}

// HistoryURL links to the history of article (num, sub) of reading
// versionID (条文沿革).
func HistoryURL(regulationID, versionID int64, num, sub int) string {
	q := url.Values{"version": {strconv.FormatInt(versionID, 10)}, "article": {strconv.Itoa(num)}}
	if sub > 0 {
		q.Set("sub", strconv.Itoa(sub))
	}
	return fmt.Sprintf("/regulations/%d/history?%s", regulationID, q.Encode())
}

// Name names the step's reading.
func (st HistoryStep) Name() string { return VersionName(st.Version) }

// Labels are the article's labels in the step's reading: 第十条、第十一条
// after a split.
func (st HistoryStep) Labels() string {
	labels := make([]string, len(st.Articles))
	for i, a := range st.Articles {
		labels[i] = a.Label
	}
	return strings.Join(labels, "、")
}

// DiffHTML is the change from the previous reading, marked as the 对照表
// marks it.
func (st HistoryStep) DiffHTML() template.HTML { return diff.InlineHTML(st.Diff) }

// stepLink is the article of a history step on its reading's page.
func stepLink(st HistoryStep) string {
	if len(st.Articles) == 0 {
		return ""
	}
	a := st.Articles[0]
	return fmt.Sprintf("/versions/%d#%s", st.Version.ID, drafts.ArticleAnchor(a.Num, a.Sub))
}

// StartLabels are the article's labels in the reading it was chosen in.
func (h *History) StartLabels() string {
	for _, st := range h.Steps {
		if st.Start {
			return st.Labels()
		}
	}
	return ""
}

// DecisionItem is an item of a decision as the page shows it: its number
// (一、) and its paragraphs.
type DecisionItem struct {
	Num   string
	Paras []string
}

// Items are the decision's items as the page shows them.
func (a *Amendment) Items() []DecisionItem {
	out := make([]DecisionItem, len(a.Decision.Items))
	for i, it := range a.Decision.Items {
		out[i] = DecisionItem{Num: cnum.Format(it.Num) + "、", Paras: strings.Split(it.Text, "\n")}
	}
	return out
}

// Query is from=…&to=… with the decision's meta that was given, for its
// downloads; encoded here, a query string and not text to escape.
func (a *Amendment) Query() template.URL {
	q := a.pairQuery()
	m := trimMeta(a.Meta)
	for k, v := range map[string]string{"body": m.Body, "meeting": m.Meeting, "date": m.Date, "effective": m.Effective, "law": m.Law} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return template.URL(q.Encode())
}

// Filename is the decision's .docx file name, with an ASCII fallback.
func (a *Amendment) Filename() (name, fallback string) {
	return fmt.Sprintf("%s-修改决定-%d-%d.docx", a.Regulation.Title, a.From.Seq, a.To.Seq),
		fmt.Sprintf("amendment-%d-%d.docx", a.From.ID, a.To.ID)
}
