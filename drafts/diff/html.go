package diff

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"lifa/drafts"
)

//go:embed html
var htmlFS embed.FS

// htmlTemplates returns the templates, parsed on first use rather than at
// start-up (the command line mostly writes text or JSON); a broken template
// panics then, and in the tests.
var htmlTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("diff").ParseFS(htmlFS, "html/*.html"))
})

// HTMLOptions tune the HTML rendering.
type HTMLOptions struct {
	// Inline renders one column with insertions and deletions in place
	// instead of 修改前 | 修改后 side by side.
	Inline bool
	// Title heads the page; default 《新标题》修改前后对照表.
	Title string
	// Unfolded shows unchanged articles instead of folding them.
	Unfolded bool
	// HistoryURL, when set, gives each article a link to its history
	// (条文沿革); old is true for articles of the old version.
	HistoryURL func(old bool, num, sub int) string
}

// hSpan is a run of text with its diff op.
type hSpan struct{ Op, Text string }

// hArt is one article on one side: label, anchor and paragraphs of spans.
type hArt struct {
	Label, ID, History string
	Paras              [][]hSpan
}

// hRow is one change as the template sees it.
type hRow struct {
	ID, Kind, KindLabel, Note string
	Changed, Coarse           bool
	Similarity                string
	Old, New                  []hArt
	Inline                    [][]hSpan // paragraphs of the whole diff
	Heading                   string    // the division the row starts, if any
}

// hBlock is a run of rows: either one changed row or folded unchanged rows.
type hBlock struct {
	Fold    bool
	Summary string
	Heading string
	Rows    []hRow
}

type hView struct {
	C         *Comparison
	Title     string
	Inline    bool
	Blocks    []hBlock
	Counts    []hCount
	Divisions []string
}

type hCount struct {
	Kind, Label string
	N           int
}

// anchor returns the element id of an article: the version page's
// (drafts.ArticleAnchor: art-12, art-10-1 for 第十条之一), with an "old-"
// prefix for old-side articles.
func anchor(r Ref, old bool) string {
	id := drafts.ArticleAnchor(r.Num, r.Sub)
	if old {
		id = "old-" + id
	}
	return id
}

// paras cuts spans at "\n" into paragraphs.
func paras(ops []Op) [][]hSpan {
	out := [][]hSpan{nil}
	for _, op := range ops {
		for i, line := range strings.Split(op.Text, "\n") {
			if i > 0 {
				out = append(out, nil)
			}
			if line != "" {
				out[len(out)-1] = append(out[len(out)-1], hSpan{op.Op, line})
			}
		}
	}
	return out
}

func arts(ch *Change, old bool, opt HTMLOptions) []hArt {
	refs, segs := ch.Side(old)
	out := make([]hArt, len(refs))
	for i, r := range refs {
		out[i] = hArt{Label: r.Label, ID: anchor(r, old), Paras: paras(segs[i])}
		if opt.HistoryURL != nil {
			out[i].History = opt.HistoryURL(old, r.Num, r.Sub)
		}
	}
	return out
}

// InlineHTML renders diff ops as one HTML fragment: paragraphs, with
// insertions in <ins> and deletions in <del>.
func InlineHTML(ops []Op) template.HTML {
	var b bytes.Buffer
	if err := htmlTemplates().ExecuteTemplate(&b, "inline-ops", paras(ops)); err != nil {
		return ""
	}
	return template.HTML(b.String())
}

func (c *Comparison) view(opt HTMLOptions) hView {
	v := hView{C: c, Title: opt.Title, Inline: opt.Inline, Divisions: c.DivisionNotes()}
	if v.Title == "" {
		v.Title = "修改前后对照表"
		if c.New.Title != "" {
			v.Title = "《" + c.New.Title + "》修改前后对照表"
		}
	}
	for _, k := range Kinds {
		v.Counts = append(v.Counts, hCount{string(k), k.Label(), c.Stats.Count(k)})
	}
	lastPath := ""
	for i := range c.Changes {
		ch := &c.Changes[i]
		row := hRow{
			Kind: string(ch.Kind), KindLabel: ch.Kind.Label(), Note: ch.Detail(),
			Changed: ch.Changed(), Coarse: ch.Coarse,
			Old: arts(ch, true, opt), New: arts(ch, false, opt), Inline: paras(ch.Diff),
		}
		if len(ch.New) > 0 {
			row.ID = anchor(ch.New[0], false)
			if p := strings.Join(ch.New[0].Path, " "); p != lastPath {
				row.Heading, lastPath = p, p
			}
		} else {
			row.ID = anchor(ch.Old[0], true)
		}
		if len(ch.Old) > 0 && len(ch.New) > 0 {
			row.Similarity = fmt.Sprintf("%.0f%%", ch.Similarity*100)
		}
		n := len(v.Blocks)
		fold := !row.Changed && !opt.Unfolded
		if fold && n > 0 && v.Blocks[n-1].Fold && row.Heading == "" {
			v.Blocks[n-1].Rows = append(v.Blocks[n-1].Rows, row)
			continue
		}
		b := hBlock{Fold: fold, Heading: row.Heading, Rows: []hRow{row}}
		v.Blocks = append(v.Blocks, b)
	}
	for i := range v.Blocks {
		b := &v.Blocks[i]
		if !b.Fold {
			continue
		}
		first, last := b.Rows[0], b.Rows[len(b.Rows)-1]
		label := func(r hRow) string {
			if len(r.New) > 0 {
				return r.New[0].Label
			}
			return r.Old[0].Label
		}
		if len(b.Rows) == 1 {
			note := first.Note
			if note == "" {
				note = first.KindLabel
			}
			b.Summary = fmt.Sprintf("%s（%s）", label(first), note)
		} else {
			b.Summary = fmt.Sprintf("%s至%s，共 %d 条未修改或仅序号变化", label(first), label(last), len(b.Rows))
		}
	}
	return v
}

// Body renders the comparison body — the summary of counts, the legend and
// the table (side by side or inline) — as an HTML fragment that a site
// layout can embed. It needs the CSS of Style and the script of Script.
func (c *Comparison) Body(opt HTMLOptions) (template.HTML, error) {
	var b bytes.Buffer
	if err := htmlTemplates().ExecuteTemplate(&b, "body.html", c.view(opt)); err != nil {
		return "", fmt.Errorf("render comparison: %w", err)
	}
	return template.HTML(b.String()), nil
}

// Style returns the CSS the body needs (screen and print).
func Style() template.CSS {
	b, _ := htmlFS.ReadFile("html/style.css")
	return template.CSS(b)
}

// Script returns the JavaScript of the body: j/k move to the next or
// previous change.
func Script() template.JS {
	b, _ := htmlFS.ReadFile("html/script.js")
	return template.JS(b)
}

// WriteHTML writes a self-contained HTML page of the comparison, with its
// CSS and script inline.
func (c *Comparison) WriteHTML(w io.Writer, opt HTMLOptions) error {
	body, err := c.Body(opt)
	if err != nil {
		return err
	}
	v := c.view(opt)
	var b bytes.Buffer
	err = htmlTemplates().ExecuteTemplate(&b, "page.html", struct {
		Title  string
		Body   template.HTML
		Style  template.CSS
		Script template.JS
	}{v.Title, body, Style(), Script()})
	if err != nil {
		return fmt.Errorf("render comparison page: %w", err)
	}
	_, err = w.Write(b.Bytes())
	return err
}
