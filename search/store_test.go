package search_test

import (
	"context"
	"path/filepath"
	"testing"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
	"lifa/search"
)

// TestStoreSource runs the index on the real store (SQLite, and PostgreSQL
// when LIFA_TEST_POSTGRES is set): rebuild, follow, latest flags.
func TestStoreSource(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		reg := &drafts.Regulation{Title: "广州市停车场条例", Kind: drafts.KindRevise, Committee: "城建环资委"}
		if err := st.CreateRegulation(ctx, "测试", reg); err != nil {
			t.Fatal(err)
		}
		add := func(stage, text string) int64 {
			v, err := st.CreateVersion(ctx, "测试", drafts.NewVersion{RegulationID: reg.ID, Stage: stage, Filename: "a.txt",
				Data: []byte(text), Document: &drafts.Document{Title: reg.Title, Articles: []*drafts.Article{{Num: 1, Label: "第一条", Text: text}}}})
			if err != nil {
				t.Fatal(err)
			}
			return v.ID
		}
		add("draft", "停车泊位应当规范设置。")
		ix, err := search.Open(ctx, filepath.Join(t.TempDir(), "search"), st, search.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		v2 := add("first-reading", "停车泊位应当合理设置。")
		if _, err := ix.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		last, _ := st.LastChangeSeq(ctx)
		if ix.LastSeq() != last {
			t.Fatalf("LastSeq %d, store %d", ix.LastSeq(), last)
		}
		res, err := ix.Search(ctx, search.Request{Q: "停车泊位"})
		if err != nil || res.Total != 1 || res.Hits[0].VersionID != v2 || res.Hits[0].StageName != "一审稿" {
			t.Fatalf("latest: %+v %v", res, err)
		}
		res, _ = ix.Search(ctx, search.Request{Q: "停车泊位", Scope: search.ScopeAll})
		if res.Total != 2 {
			t.Fatalf("all: %d", res.Total)
		}
	})
}
