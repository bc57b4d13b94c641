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

// TestService_Withdraw: a withdrawn reading leaves the project's readings,
// its latest, the default comparison and its neighbours' links.
func TestService_Withdraw(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		rd := readings.New(st)
		r, vs := project(t, rd)
		if _, err := rd.Withdraw(ctx, "staff", vs[2].ID, "误传"); err != nil {
			t.Fatal(err)
		}
		p, err := rd.Project(ctx, r.ID)
		if err != nil || len(p.Versions) != 2 || len(p.Withdrawn) != 1 || p.Regulation.Latest.ID != vs[1].ID {
			t.Fatalf("project after withdrawal: %d readings, %d withdrawn, %v", len(p.Versions), len(p.Withdrawn), err)
		}
		cmp, err := rd.Compare(ctx, r.ID, 0, 0)
		if err != nil || cmp.From.ID != vs[0].ID || cmp.To.ID != vs[1].ID {
			t.Errorf("default comparison: %v", err)
		}
		if _, err := rd.Compare(ctx, r.ID, vs[0].ID, vs[2].ID); code(err) != drafts.ENOTFOUND || !strings.Contains(drafts.ErrorMessage(err), "撤回") {
			t.Errorf("comparing with the withdrawn reading: %v", err)
		}
		all := append(append([]*drafts.Version(nil), p.Versions...), p.Withdrawn...)
		if n := readings.Around(all, vs[1].ID); n.Prev == nil || n.Prev.ID != vs[0].ID || n.Next != nil {
			t.Errorf("around the second: %+v", n)
		}
		if n := readings.Around(all, vs[2].ID); n.Withdrawn == nil || n.Prev != nil || n.Next != nil {
			t.Errorf("around the withdrawn: %+v", n)
		}
		if n := readings.Around(all, vs[0].ID); n.Prev != nil || n.Next == nil || n.Next.ID != vs[1].ID {
			t.Errorf("around the first: %+v", n)
		}
	})
}

// TestService_CreateRegulation_duplicate: a second project of a title is
// refused with the first one named, unless confirmed.
func TestService_CreateRegulation_duplicate(t *testing.T) {
	rd := readings.New(storetest.Open(t))
	ctx := context.Background()
	first, err := rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: "湿地条例", Kind: "制定"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: "湿地　条例", Kind: "制定"})
	if code(err) != drafts.ECONFLICT || !strings.Contains(drafts.ErrorMessage(err), "《湿地条例》") {
		t.Fatalf("duplicate: %v", err)
	}
	same, _ := rd.SameTitle(ctx, "湿地条例")
	if len(same) != 1 || same[0].ID != first.ID {
		t.Errorf("same title: %v", same)
	}
	if _, err := rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: "湿地条例", Kind: "修订", AllowDuplicate: true}); err != nil {
		t.Errorf("confirmed duplicate: %v", err)
	}
}

// TestService_PreviewUpload: an upload is parsed and kept, with its
// warnings, and becomes a version only when confirmed, once.
func TestService_PreviewUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		rd := readings.New(st)
		r, err := rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: "湿地条例", Kind: "制定"})
		if err != nil {
			t.Fatal(err)
		}
		text := "湿地条例\n第一条　甲。\n第一条　乙。\n第三条　丙。\n"
		p, err := rd.PreviewUpload(ctx, "staff", r.ID, readings.Upload{Stage: "一审稿", Filename: "a.txt", Data: []byte(text)})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Warnings()) < 2 {
			t.Errorf("warnings of a duplicate 第一条 and a skipped number: %+v", p.Warnings())
		}
		if vs, _ := st.Versions(ctx, r.ID); len(vs) != 0 {
			t.Fatal("a preview created a version")
		}
		if _, err := rd.ConfirmUpload(ctx, "other", r.ID, p.Token); code(err) != drafts.ENOTFOUND {
			t.Errorf("someone else's confirmation: %v", err)
		}
		v, err := rd.ConfirmUpload(ctx, "staff", r.ID, p.Token)
		if err != nil || v.Articles != len(p.Document.Articles) || v.StageName != "一审稿" {
			t.Fatalf("confirm: %+v %v", v, err)
		}
		if _, err := rd.ConfirmUpload(ctx, "staff", r.ID, p.Token); code(err) != drafts.ENOTFOUND {
			t.Errorf("confirmed twice: %v", err)
		}
		_, err = rd.PreviewUpload(ctx, "staff", r.ID, readings.Upload{Stage: "一审稿", Filename: "a.txt", Data: []byte("没有条文")})
		if code(err) != drafts.EINVALID {
			t.Errorf("a text without articles: %v", err)
		}
	})
}
