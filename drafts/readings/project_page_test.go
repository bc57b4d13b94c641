package readings_test

import (
	"context"
	"testing"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/drafts/store/storetest"
)

func TestProject_Timeline(t *testing.T) {
	rd := readings.New(storetest.Open(t))
	ctx := context.Background()
	r, vs := project(t, rd)
	p, err := rd.Project(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	newest := p.Newest()
	if len(newest) != 3 || newest[0].ID != vs[2].ID || newest[2].ID != vs[0].ID {
		t.Errorf("Newest = %v", newest)
	}
	prev := p.PrevID()
	if len(prev) != 2 || prev[vs[1].ID] != vs[0].ID || prev[vs[2].ID] != vs[1].ID {
		t.Errorf("PrevID = %v", prev)
	}
	if p.Current() != vs[2].Stage {
		t.Errorf("Current = %q", p.Current())
	}
	empty, err := rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: "空条例", Kind: "制定"})
	if err != nil {
		t.Fatal(err)
	}
	if p, err := rd.Project(ctx, empty.ID); err != nil || p.Current() != "" || len(p.Newest()) != 0 || len(p.PrevID()) != 0 {
		t.Errorf("project without readings: %+v, %v", p, err)
	}
}

func TestProject_WithdrawnFor(t *testing.T) {
	p := &readings.Project{Withdrawn: []*drafts.Version{{ID: 3}}}
	for _, tc := range []struct {
		a    *drafts.Account
		want int
	}{{nil, 0}, {&drafts.Account{Role: drafts.RoleMember}, 0}, {&drafts.Account{Role: drafts.RoleStaff}, 1}} {
		if got := p.WithdrawnFor(tc.a); len(got) != tc.want {
			t.Errorf("WithdrawnFor(%+v) = %v", tc.a, got)
		}
	}
}

func TestNextPosition(t *testing.T) {
	if got := readings.NextPosition(nil); got != 10 {
		t.Errorf("NextPosition(none) = %d", got)
	}
	if got := readings.NextPosition([]drafts.Stage{{Position: 10}, {Position: 35}}); got != 45 {
		t.Errorf("NextPosition = %d", got)
	}
}

func TestService_UploadForm(t *testing.T) {
	rd := readings.New(storetest.Open(t))
	ctx := context.Background()
	r, vs := project(t, rd)
	f, err := rd.UploadForm(ctx, r.ID, nil, nil)
	if err != nil || f.Stage != vs[2].Stage || f.Regulation.ID != r.ID || len(f.Stages) == 0 || f.Error != "" {
		t.Fatalf("empty form %+v, %v", f, err)
	}
	pasted := readings.Upload{Stage: "一审稿", Filename: readings.PastedName, Data: []byte("第一条")}
	f, err = rd.UploadForm(ctx, r.ID, &pasted, drafts.Errorf(drafts.EINVALID, "没有条文。"))
	if err != nil || f.Text != "第一条" || f.Data != nil || f.Stage != "一审稿" || f.Error != "没有条文。" {
		t.Errorf("refused paste %+v, %v", f, err)
	}
	file := readings.Upload{Filename: "a.docx", Data: []byte("PK")}
	if f, _ := rd.UploadForm(ctx, r.ID, &file, drafts.Errorf(drafts.EINVALID, "x")); f.Text != "" || f.Filename != "a.docx" {
		t.Errorf("refused file %+v", f)
	}
	if _, err := rd.UploadForm(ctx, 9999, nil, nil); code(err) != drafts.ENOTFOUND {
		t.Errorf("unknown regulation: %v", err)
	}
}

func TestPreview_FirstLast(t *testing.T) {
	p, err := readings.New(storetest.Open(t)).Preview(context.Background(), readings.Upload{Stage: "一审稿", Filename: "a.md", Data: []byte(texts[1])})
	if err != nil {
		t.Fatal(err)
	}
	if first, last := p.FirstLast(); first != "第一条" || last != "第四条" {
		t.Errorf("FirstLast = %q, %q", first, last)
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"a.DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"a.md":   "text/markdown; charset=utf-8", "a.markdown": "text/markdown; charset=utf-8",
		"正文.txt": "text/plain; charset=utf-8", "a": "text/plain; charset=utf-8",
	} {
		if got := readings.ContentType(name); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestPasted(t *testing.T) {
	u := readings.PastedUpload{Stage: "一审稿", Text: "第一条　甲。"}.Upload()
	if u.Filename != readings.PastedName || string(u.Data) != "第一条　甲。" || u.Stage != "一审稿" {
		t.Errorf("pasted upload %+v", u)
	}
	if u := (readings.PastedUpload{Filename: "a.md"}).Upload(); u.Filename != "a.md" {
		t.Errorf("named upload %+v", u)
	}
	d := readings.PastedDecision{Text: "一、", Stage: "三审稿", Label: "修正文本", Date: "2026-01-02"}.DecisionUpload()
	if d.Text != "一、" || d.Stage != "三审稿" || d.Label != "修正文本" || d.Date != "2026-01-02" || d.Data != nil {
		t.Errorf("pasted decision %+v", d)
	}
}
