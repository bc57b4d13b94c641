package readings_test

import (
	"context"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// Three readings of a short regulation: the second inserts an article
// before the old 第二条 and changes it, the third splits it in two.
var texts = []string{
	"# 湿地条例\n第一条　为了保护湿地，制定本条例。\n第二条　湿地保护应当遵循保护优先、科学修复、合理利用的原则，任何单位和个人不得破坏湿地。\n第三条　本条例自公布之日起施行。\n",
	"# 湿地条例\n第一条　为了保护湿地，制定本条例。\n第二条　本条例适用于本市行政区域内的湿地保护。\n第三条　湿地保护应当遵循保护优先、科学修复、合理利用、持续发展的原则，任何单位和个人不得破坏湿地。\n第四条　本条例自公布之日起施行。\n",
	"# 湿地条例\n第一条　为了保护湿地，制定本条例。\n第二条　本条例适用于本市行政区域内的湿地保护。\n第三条　湿地保护应当遵循保护优先、科学修复、合理利用、持续发展的原则。\n第四条　任何单位和个人不得破坏湿地。\n第五条　本条例自公布之日起施行。\n",
}

func code(err error) string { return drafts.ErrorCode(err) }

// project creates a regulation with the three readings on st.
func project(t *testing.T, rd *readings.Service) (*drafts.Regulation, []*drafts.Version) {
	t.Helper()
	ctx := context.Background()
	r, err := rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: "  湿地条例  ", Kind: "制定"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "湿地条例" || r.Status != "起草中" {
		t.Errorf("created %+v", r)
	}
	var vs []*drafts.Version
	for i, text := range texts {
		stage := []string{"一审稿", "second-reading", "三审稿"}[i]
		v, err := rd.ImportUpload(ctx, "staff", r.ID, readings.Upload{Stage: stage, Filename: "湿地.md", Data: []byte(text),
			Explanation: "修改说明\r\n第二行"})
		if err != nil {
			t.Fatalf("reading %d: %v", i+1, err)
		}
		if v.Seq != i+1 || v.Document == nil || v.Explanation != "修改说明\n第二行" {
			t.Errorf("reading %d: %+v", i+1, v)
		}
		vs = append(vs, v)
	}
	return r, vs
}

func TestService_ImportUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		rd := readings.New(st)
		r, vs := project(t, rd)
		if vs[1].Stage != "second-reading" || vs[1].StageName != "二审稿" || vs[1].Articles != 4 {
			t.Errorf("second reading: %+v", vs[1])
		}
		p, err := rd.Project(context.Background(), r.ID)
		if err != nil || len(p.Versions) != 3 || len(p.Stages) == 0 {
			t.Fatalf("Project = %+v, %v", p, err)
		}
		regs, stages, err := rd.Projects(context.Background())
		if err != nil || len(regs) != 1 || regs[0].Latest == nil || regs[0].Latest.ID != vs[2].ID || len(stages) != len(p.Stages) {
			t.Errorf("Projects = %+v, %d stages, %v", regs, len(stages), err)
		}
		status := "审议中"
		if r2, err := rd.UpdateRegulation(context.Background(), "staff", r.ID, drafts.RegulationUpdate{Status: &status}); err != nil || r2.Status != status {
			t.Errorf("UpdateRegulation = %+v, %v", r2, err)
		}
		if a, err := rd.Article(context.Background(), vs[2].ID, 4, 0); err != nil || a.Label != "第四条" {
			t.Errorf("Article = %+v, %v", a, err)
		}
		if _, err := rd.Article(context.Background(), vs[2].ID, 4, 1); code(err) != drafts.ENOTFOUND {
			t.Errorf("Article(第四条之一) = %v", err)
		}
		if name, data, err := rd.File(context.Background(), vs[0].ID); err != nil || name != "湿地.md" || string(data) != texts[0] {
			t.Errorf("File = %q, %d bytes, %v", name, len(data), err)
		}
		if _, err := rd.ImportUpload(context.Background(), "staff", 9999, readings.Upload{Stage: "一审稿", Filename: "a.md",
			Data: []byte(texts[0])}); code(err) != drafts.ENOTFOUND {
			t.Errorf("unknown regulation: %v", err)
		}
	})
}

// TestParse_refusals holds the upload rules every way in shares (the
// upload form, the API, lifa import, the demo): a text without any article
// is refused ("0 条" was accepted by lifa import and refused by the form).
func TestParse_refusals(t *testing.T) {
	for _, tc := range []struct {
		name string
		u    readings.Upload
		msg  string
	}{
		{"no articles", readings.Upload{Filename: "a.txt", Data: []byte("# 广州市湿地保护条例\n\n（征求意见稿）\n\n正文另附。\n")}, "没有找到任何条文"},
		{"not a regulation", readings.Upload{Filename: "说明.txt", Data: []byte("这是一份说明，没有条文。\n")}, "说明.txt"},
		{"empty", readings.Upload{Filename: "a.txt"}, "空的"},
		{"format", readings.Upload{Filename: "a.pdf", Data: []byte(texts[0])}, ".pdf"},
		{"no extension", readings.Upload{Filename: "a", Data: []byte(texts[0])}, "不支持的文件类型"},
		{"control character", readings.Upload{Filename: "a.txt", Data: []byte("# 条例\n第一条　甲\x01乙。\n")}, "第一条"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readings.Parse(tc.u)
			if code(err) != drafts.EINVALID || !strings.Contains(drafts.ErrorMessage(err), tc.msg) {
				t.Errorf("Parse = %v, want EINVALID with %q", err, tc.msg)
			}
		})
	}
	long := "# 条例\n第一条　" + strings.Repeat("长", drafts.MaxArticleChars+1) + "。\n"
	if _, err := readings.Parse(readings.Upload{Filename: "a.txt", Data: []byte(long)}); code(err) != drafts.ETOOLARGE {
		t.Errorf("overlong article: %v", err)
	}
	doc, err := readings.Parse(readings.Upload{Filename: "A.MD", Data: []byte(texts[0])})
	if err != nil || len(doc.Articles) != 3 {
		t.Errorf("Parse(.MD) = %v, %v", doc, err)
	}
}

func TestService_Preview(t *testing.T) {
	rd := readings.New(storetest.Open(t))
	ctx := context.Background()
	dup := "# 条例\n第一条　甲。\n第一条　乙。\n第三条　丙。\n"
	p, err := rd.Preview(ctx, readings.Upload{Stage: " first-reading ", Filename: "a.txt", Data: []byte(dup)})
	if err != nil {
		t.Fatal(err)
	}
	if p.Stage.Name != "一审稿" || len(p.Document.Articles) != 3 || len(p.Warnings()) == 0 {
		t.Errorf("preview: stage %+v, %d articles, warnings %v", p.Stage, len(p.Document.Articles), p.Warnings())
	}
	for _, stage := range []string{"", "四审稿"} {
		_, err := rd.Preview(ctx, readings.Upload{Stage: stage, Filename: "a.txt", Data: []byte(texts[0])})
		if code(err) != drafts.EINVALID {
			t.Errorf("stage %q: %v", stage, err)
		}
	}
	_, err = rd.Stage(ctx, "四审稿")
	if msg := drafts.ErrorMessage(err); !strings.Contains(msg, "一审稿/first-reading") {
		t.Errorf("unknown stage message %q lists no stages", msg)
	}
}

func TestService_Compare(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		rd := readings.New(st)
		ctx := context.Background()
		r, vs := project(t, rd)
		c, err := rd.Compare(ctx, r.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if c.From.ID != vs[1].ID || c.To.ID != vs[2].ID || c.Cached || len(c.Versions) != 3 || c.Cmp.Stats.Split != 1 {
			t.Errorf("default comparison: from %d to %d cached %v stats %+v", c.From.ID, c.To.ID, c.Cached, c.Cmp.Stats)
		}
		again, err := rd.Compare(ctx, r.ID, vs[1].ID, 0)
		if err != nil || !again.Cached || again.Cmp != c.Cmp {
			t.Errorf("second comparison not the cached one: %v", err)
		}
		if c, err := rd.Compare(ctx, r.ID, 0, vs[0].ID); err != nil || c.From.ID != vs[0].ID {
			t.Errorf("to the first reading: %v", err)
		}
		other, err := rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: "另一条例", Kind: "制定"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rd.Compare(ctx, other.ID, 0, 0); code(err) != drafts.EINVALID {
			t.Errorf("no readings: %v", err)
		}
		if _, err := rd.Compare(ctx, r.ID, vs[0].ID, 9999); code(err) != drafts.ENOTFOUND {
			t.Errorf("foreign version: %v", err)
		}
		// Another service on another store never shares this one's cache.
		if _, hit, _ := readings.New(storetest.Open(t)).CompareVersions(ctx, vs[0].ID, vs[1].ID); hit {
			t.Error("another store's service hit this one's cache")
		}
	})
}

func TestService_History(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		rd := readings.New(st)
		ctx := context.Background()
		r, vs := project(t, rd)
		h, err := rd.History(ctx, r.ID, vs[1].ID, 3, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range h.Steps {
			labels := ""
			for _, a := range s.Articles {
				labels += a.Label
			}
			got = append(got, labels)
		}
		if strings.Join(got, "|") != "第二条|第三条|第三条第四条" || h.Start.ID != vs[1].ID || h.Steps[2].Version.ID != vs[2].ID {
			t.Errorf("history %q from %d", got, h.Start.ID)
		}
		if _, err := rd.History(ctx, r.ID, vs[1].ID, 40, 0); code(err) != drafts.ENOTFOUND {
			t.Errorf("missing article: %v", err)
		}
		if _, err := rd.History(ctx, r.ID, 9999, 1, 0); code(err) != drafts.ENOTFOUND {
			t.Errorf("missing version: %v", err)
		}
	})
}
