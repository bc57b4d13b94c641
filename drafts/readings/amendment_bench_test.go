package readings_test

import (
	"context"
	"os"
	"testing"

	"lifa/drafts/amend"
	"lifa/drafts/readings"
	"lifa/drafts/store/storetest"
)

// BenchmarkService_Amendment writes the decision from 公司法 2018 to 2023
// (the comparison cached, as the 对照表 page leaves it) and applies it to
// 2018 without storing anything, as the decision page and the report of
// 依修改决定生成修正文本 do.
func BenchmarkService_Amendment(b *testing.B) {
	ctx := context.Background()
	rd := readings.New(storetest.Open(b))
	r, err := rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: "中华人民共和国公司法", Kind: "修订"})
	if err != nil {
		b.Fatal(err)
	}
	var ids []int64
	for _, f := range []string{"gongsifa-2018-10-26.md", "gongsifa-2023-12-29.md"} {
		data, err := os.ReadFile("../demo/texts/" + f)
		if err != nil {
			b.Skip(err)
		}
		v, err := rd.ImportUpload(ctx, "staff", r.ID, readings.Upload{Stage: "promulgated", Filename: f, Data: data})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, v.ID)
	}
	a, err := rd.Amendment(ctx, r.ID, ids[0], ids[1], amend.Meta{})
	if err != nil {
		b.Fatal(err)
	}
	text := a.Decision.Text()
	b.Run("write", func(b *testing.B) {
		for b.Loop() {
			if _, err := rd.Amendment(ctx, r.ID, ids[0], ids[1], amend.Meta{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("preview", func(b *testing.B) {
		for b.Loop() {
			p, err := rd.PreviewDecision(ctx, ids[0], readings.DecisionUpload{Text: text})
			if err != nil || !p.Applies() {
				b.Fatalf("%v, %+v", err, p.Items)
			}
		}
	})
}
