package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"lifa/drafts"
)

// Funcs returns the template functions every template may use. staticURL
// maps a static file name to its URL (see Templates.StaticURL).
//
// To add helpers for your own pages, pass an extra template.FuncMap to Parse
// (the server does so in server/templates.go) rather than editing this map.
func Funcs(staticURL func(string) string) template.FuncMap {
	return template.FuncMap{
		"static":       staticURL,
		"anchor":       Anchor,
		"date":         FormatDate,
		"datetime":     FormatDateTime,
		"isoDate":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"add":          func(a, b int) int { return a + b },
		"progress":     Progress,
		"articleRange": ArticleRange,
		"join":         strings.Join,
	}
}

// Anchor returns the HTML id of an article on the version page: "art-12" for
// 第十二条, "art-10-1" for 第十条之一. Links from other pages (search hits,
// comparisons, opinions) must use it too.
func Anchor(a *drafts.Article) string {
	if a == nil {
		return ""
	}
	return ArticleAnchor(a.Num, a.Sub)
}

// ArticleAnchor is Anchor for an article number and 之N sub-number.
func ArticleAnchor(num, sub int) string {
	if sub > 0 {
		return fmt.Sprintf("art-%d-%d", num, sub)
	}
	return fmt.Sprintf("art-%d", num)
}

// ArticleRange describes the articles a division holds: "第一条至第十条".
func ArticleRange(doc *drafts.Document, d *drafts.Division) string {
	if doc == nil || d == nil || d.FirstArticle < 0 || d.LastArticle >= len(doc.Articles) {
		return ""
	}
	first, last := doc.Articles[d.FirstArticle], doc.Articles[d.LastArticle]
	if d.FirstArticle == d.LastArticle {
		return first.Label
	}
	return first.Label + "至" + last.Label
}

// FormatDate formats a time as 2024年3月1日 in China Standard Time; the zero
// time gives "".
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(chinaTime)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// FormatDateTime formats a time as 2024年3月1日 14:05 in China Standard Time.
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return FormatDate(t) + " " + t.In(chinaTime).Format("15:04")
}

var chinaTime = time.FixedZone("CST", 8*3600)

// Step is one stage on a regulation's progress bar.
type Step struct {
	Name string
	// State is "done", "current" or "todo".
	State string
}

// Progress lays out the stages as steps of a progress bar, marking the
// stage with code current and those before it. An unknown current stage
// leaves every step "todo".
func Progress(stages []drafts.Stage, current string) []Step {
	steps := make([]Step, len(stages))
	at := -1
	for i, s := range stages {
		if s.Code == current {
			at = i
		}
	}
	for i, s := range stages {
		state := "todo"
		switch {
		case at < 0:
		case i < at:
			state = "done"
		case i == at:
			state = "current"
		}
		steps[i] = Step{Name: s.Name, State: state}
	}
	return steps
}
