package store_test

import (
	"context"
	"fmt"
	"testing"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// doc builds a small parsed document by hand.
func doc(title string, texts ...string) *drafts.Document {
	d := &drafts.Document{Title: title, Format: "text"}
	for i, t := range texts {
		d.Articles = append(d.Articles, &drafts.Article{Num: i + 1, Label: fmt.Sprintf("第%d条", i+1), Text: t, Line: i + 2, EndLine: i + 2})
	}
	return d
}

func TestStore_Smoke(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := &drafts.Regulation{Title: "广州市停车场条例", Kind: drafts.KindRevise, Committee: "城建环资工委"}
		if err := s.CreateRegulation(ctx, "tester", r); err != nil {
			t.Fatal(err)
		}
		v, err := s.CreateVersion(ctx, "tester", drafts.NewVersion{RegulationID: r.ID, Stage: "一审稿",
			Filename: "a.txt", Data: []byte("x"), Document: doc("广州市停车场条例", "为了……，制定本条例。")})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Version(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Document.Articles[0].Text != "为了……，制定本条例。" || got.StageName != "一审稿" || got.Stage != "first-reading" {
			t.Fatalf("got %+v", got)
		}
		rs, err := s.ListRegulations(ctx)
		if err != nil || len(rs) != 1 || rs[0].Latest == nil || rs[0].Latest.ID != v.ID {
			t.Fatalf("list: %v %+v", err, rs)
		}
	})
}
