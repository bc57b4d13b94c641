package web

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"lifa/drafts"
)

func TestParse(t *testing.T) {
	ts, err := Parse()
	if err != nil {
		t.Fatal(err)
	}
	names := strings.Join(ts.Names(), " ")
	for _, want := range []string{"layout/header.html", "home/index.html", "versions/show.html", "versions/body.html", "errors/error.html"} {
		if !strings.Contains(names, want) {
			t.Errorf("template %s missing from %s", want, names)
		}
	}
	if u := ts.StaticURL("lifa.css"); !strings.HasPrefix(u, "/static/lifa.css?v=") || len(u) != len("/static/lifa.css?v=")+8 {
		t.Errorf("StaticURL = %q", u)
	}
	if u := ts.StaticURL("none.css"); u != "/static/none.css" {
		t.Errorf("StaticURL(unknown) = %q", u)
	}
}

func TestRender_ErrorPage(t *testing.T) {
	ts, err := Parse()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	p := Page{Title: "页面不存在", RequestID: "abc123", Data: struct{ Message string }{"<b>没有</b>"}}
	if err := ts.Render(&b, "errors/error.html", p); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "&lt;b&gt;没有&lt;/b&gt;") || !strings.Contains(out, "abc123") || !strings.Contains(out, "<title>页面不存在 · 立法 Lifa</title>") {
		t.Errorf("error page:\n%s", out)
	}
	if err := ts.Render(&b, "no/such.html", p); err == nil {
		t.Error("rendering an unknown template succeeded")
	}
}

func TestProgress(t *testing.T) {
	stages := drafts.DefaultStages[:4]
	got := Progress(stages, "first-reading")
	want := []Step{{"起草稿", "done"}, {"征求意见稿", "done"}, {"一审稿", "current"}, {"二审稿", "todo"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Progress = %v", got)
	}
	for _, s := range Progress(stages, "") {
		if s.State != "todo" {
			t.Errorf("no stage: %v", s)
		}
	}
}

func TestLayoutDocument(t *testing.T) {
	arts := []*drafts.Article{
		{Num: 1, Label: "第一条", Line: 3}, {Num: 2, Label: "第二条", Line: 5},
		{Num: 2, Sub: 1, Label: "第二条之一", Line: 6}, {Num: 3, Label: "第三条", Line: 9},
	}
	doc := &drafts.Document{Articles: arts, Chapters: []*drafts.Division{
		{Level: drafts.LevelChapter, Num: 1, Label: "第一章", Title: "总则", Line: 2, FirstArticle: 0, LastArticle: 0},
		{Level: drafts.LevelChapter, Num: 2, Label: "第二章", Title: "管理", Line: 4, FirstArticle: 1, LastArticle: 3, Children: []*drafts.Division{
			{Level: drafts.LevelSection, Num: 1, Label: "第一节", Title: "一般规定", Line: 4, FirstArticle: 1, LastArticle: 2},
			{Level: drafts.LevelSection, Num: 2, Label: "第二节", Title: "空节", Line: 8, FirstArticle: -1, LastArticle: -1},
		}},
		{Level: drafts.LevelChapter, Num: 3, Label: "第三章", Title: "附则", Line: 20, FirstArticle: -1, LastArticle: -1},
	}}
	l := LayoutDocument(doc)
	var ids []string
	for _, h := range l.TOC {
		ids = append(ids, h.ID)
	}
	if want := []string{"zhang-1", "zhang-2", "zhang-2-jie-1", "zhang-2-jie-2", "zhang-3"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("TOC ids = %v, want %v", ids, want)
	}
	if l.TOC[1].Range != "第二条至第三条" || l.TOC[0].Range != "第一条" || l.TOC[2].Depth != 1 {
		t.Errorf("TOC = %+v %+v %+v", l.TOC[0], l.TOC[1], l.TOC[2])
	}
	var order []string
	for _, p := range l.Body {
		if p.Heading != nil {
			order = append(order, p.Heading.ID)
		} else {
			order = append(order, p.Article.Label)
		}
	}
	want := []string{"zhang-1", "第一条", "zhang-2", "zhang-2-jie-1", "第二条", "第二条之一", "zhang-2-jie-2", "第三条", "zhang-3"}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("body order = %v\nwant %v", order, want)
	}
	if got := LayoutDocument(nil); len(got.Body) != 0 {
		t.Error("nil document has a body")
	}
}

func TestParse_RefusesCollisions(t *testing.T) {
	static := fstest.MapFS{"a.css": {Data: []byte("a{}")}}
	for name, files := range map[string]fstest.MapFS{
		"missing own name": {"templates/a/x.html": {Data: []byte(`{{define "a/y.html"}}{{end}}`)}},
		"foreign prefix":   {"templates/a/x.html": {Data: []byte(`{{define "a/x.html"}}{{end}}{{define "b/p"}}{{end}}`)}},
		"duplicate": {
			"templates/a/x.html": {Data: []byte(`{{define "a/x.html"}}{{end}}{{define "a/part"}}1{{end}}`)},
			"templates/a/y.html": {Data: []byte(`{{define "a/y.html"}}{{end}}{{define "a/part"}}2{{end}}`)},
		},
		"syntax":           {"templates/a/x.html": {Data: []byte(`{{define "a/x.html"}}{{if}}{{end}}`)}},
		"unknown function": {"templates/a/x.html": {Data: []byte(`{{define "a/x.html"}}{{nosuch 1}}{{end}}`)}},
	} {
		if _, err := parseFS(files, static); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
	ok := fstest.MapFS{"templates/a/x.html": {Data: []byte(`{{define "a/x.html"}}{{template "a/part" .}}{{end}}{{define "a/part"}}{{static "a.css"}}{{end}}`)}}
	ts, err := parseFS(ok, static)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ts.Execute("a/x.html", nil)
	if err != nil || !strings.HasPrefix(string(b), "/static/a.css?v=") {
		t.Errorf("Execute = %q, %v", b, err)
	}
}
