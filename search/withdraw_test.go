package search

import (
	"context"
	"testing"

	"lifa/drafts"
	"lifa/drafts/store/storetest"
)

// TestIndex_WithdrawnVersion: a version withdrawn as uploaded by mistake
// leaves the index through the change log (its text is no longer found,
// in either scope) and the reading before it is the latest again. (A
// rebuild reads the readings only, store.Versions, so leaves it out too.)
func TestIndex_WithdrawnVersion(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	reg := &drafts.Regulation{Title: "广州市停车场条例", Kind: drafts.KindEnact}
	if err := st.CreateRegulation(ctx, "staff", reg); err != nil {
		t.Fatal(err)
	}
	add := func(stage string, d *drafts.Document) *drafts.Version {
		v, err := st.CreateVersion(ctx, "staff", drafts.NewVersion{RegulationID: reg.ID, Stage: stage, Filename: "a.txt",
			Data: []byte("x"), Document: d})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v1 := add("draft", doc("停车泊位应当规范设置。"))
	ix, _ := openTest(t, st)
	v2 := add("first-reading", doc("停车泊位应当合理设置。", "误传的条文不应被检索到。"))
	if _, err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if n := total(t, ix, Request{Q: "误传的条文"}); n != 1 {
		t.Fatalf("before withdrawal: %d", n)
	}
	if _, err := st.WithdrawVersion(ctx, "staff", v2.ID, "误传"); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	for _, scope := range []Scope{"", ScopeAll} {
		if n := total(t, ix, Request{Q: "误传的条文", Scope: scope}); n != 0 {
			t.Errorf("withdrawn text found %d times (scope %q)", n, scope)
		}
	}
	res, err := ix.Search(ctx, Request{Q: "停车泊位"})
	if err != nil || res.Total != 1 || res.Hits[0].VersionID != v1.ID || !res.Hits[0].Latest {
		t.Errorf("latest after withdrawal: %+v %v", res, err)
	}
}
