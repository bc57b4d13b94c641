package web

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"lifa/drafts"
	"lifa/drafts/diff"
)

// Funcs returns the template functions every template may use. staticURL
// maps a static file name to its URL (see Templates.StaticURL). A helper
// for a page belongs here, next to the others.
func Funcs(staticURL func(string) string) template.FuncMap {
	return template.FuncMap{
		"static":       staticURL,
		"anchor":       (*drafts.Article).Anchor,
		"artAnchor":    drafts.ArticleAnchor,
		"date":         drafts.FormatDate,
		"datetime":     drafts.FormatDateTime,
		"isoDate":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"add":          func(a, b int) int { return a + b },
		"progress":     Progress,
		"articleRange": ArticleRange,
		"join":         strings.Join,
		"similarTool":  SimilarTool,
		"levels":       func() []drafts.Level { return drafts.Levels },
		"diffSide":     DiffSide,
		"percent":      func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	}
}

// DiffSide renders a character diff as one side sees it, without the
// spans of the other side (other is diff.OpDelete or diff.OpInsert), what
// only this side has marked as the 对照表 marks it.
func DiffSide(ops []diff.Op, other string) template.HTML {
	out := make([]diff.Op, 0, len(ops))
	for _, op := range ops {
		if op.Op != other {
			out = append(out, op)
		}
	}
	return diff.InlineHTML(out)
}

// ArticleTool is a tool under an article: where it leads and the article's
// label (for the tool's accessible name).
type ArticleTool struct {
	Href, Label string
}

// SimilarTool is the 类似规定 panel of article a of version versionID
// (versions/similar_panel.html): /versions/12/articles/10-1/similar.
func SimilarTool(versionID int64, a *drafts.Article) ArticleTool {
	key := strconv.Itoa(a.Num)
	if a.Sub > 0 {
		key += "-" + strconv.Itoa(a.Sub)
	}
	return ArticleTool{Href: "/versions/" + strconv.FormatInt(versionID, 10) + "/articles/" + key + "/similar", Label: a.Label}
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
