package search

import (
	"context"
	"testing"

	"lifa/drafts"
)

// opSource is a memSource that also serves opinions.
type opSource struct {
	*memSource
	ops map[int64]*Opinion
}

func (s *opSource) SearchOpinion(ctx context.Context, id int64) (*Opinion, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.ops[id]
	if !ok {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "意见不存在")
	}
	return o, nil
}

func TestOpinions_StaffOnly(t *testing.T) {
	ctx := context.Background()
	src := &opSource{memSource: newMemSource(), ops: map[int64]*Opinion{}}
	reg := src.addRegulation("广州市停车场条例", "")
	v := src.addVersion(reg, "draft", "2024-01-01", doc("停车泊位应当规范设置。"))
	ix, _ := openTest(t, src)

	// Through the API the opinions area calls …
	if err := ix.IndexOpinion(ctx, &Opinion{ID: 7, RegulationID: reg, RegulationTitle: "广州市停车场条例", VersionID: v,
		ArticleNum: 1, ArticleLabel: "第一条", Text: "建议增加夜间共享停车泊位。", Ref: "某联系点"}); err != nil {
		t.Fatal(err)
	}
	if n := total(t, ix, Request{Q: "共享停车泊位"}); n != 0 {
		t.Fatalf("public sees %d opinions", n)
	}
	res, err := ix.Search(ctx, Request{Q: "共享停车泊位", Visibility: Staff})
	if err != nil || res.Total != 1 || res.Hits[0].Kind != kindOpinion || res.Hits[0].OpinionID != 7 || res.Hits[0].Article.Num != 1 {
		t.Fatalf("staff: %+v %v", res, err)
	}
	if n := total(t, ix, Request{Q: "停车泊位", Visibility: Staff}); n != 2 {
		t.Fatalf("staff sees %d of article+opinion", n)
	}
	if err := ix.DeleteOpinion(ctx, 7); err != nil {
		t.Fatal(err)
	}
	if n := total(t, ix, Request{Q: "共享停车泊位", Visibility: Staff}); n != 0 {
		t.Fatalf("deleted opinion still found: %d", n)
	}

	// … and through the change log.
	src.ops[8] = &Opinion{ID: 8, RegulationID: reg, VersionID: v, Text: "建议删除收费条款。"}
	src.mu.Lock()
	src.log("opinion", "create", 8)
	src.mu.Unlock()
	if _, err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if n := total(t, ix, Request{Q: "收费条款", Visibility: Staff}); n != 1 {
		t.Fatalf("opinion from the change log: %d", n)
	}
	delete(src.ops, 8)
	src.mu.Lock()
	src.log("opinion", "update", 8)
	src.mu.Unlock()
	if _, err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if n := total(t, ix, Request{Q: "收费条款", Visibility: Staff}); n != 0 {
		t.Fatalf("withdrawn opinion still found: %d", n)
	}
}
