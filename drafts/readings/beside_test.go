package readings_test

import (
	"context"
	"testing"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/drafts/store/storetest"
)

func TestService_Beside(t *testing.T) {
	ctx := context.Background()
	rd := readings.New(storetest.Open(t))
	r, vs := project(t, rd)
	// 第二条 of the first reading became 第三条 of the second, with 、持续发展 added.
	p, err := rd.Beside(ctx, readings.ArticleRef{Version: vs[0].ID, Num: 2}, readings.ArticleRef{Version: vs[1].ID, Num: 3})
	if err != nil {
		t.Fatal(err)
	}
	if p.Left.Regulation.ID != r.ID || p.Left.Article.Label != "第二条" || p.Right.Article.Label != "第三条" ||
		p.Right.Version.ID != vs[1].ID || p.Right.Version.Document != nil || p.Coarse {
		t.Errorf("pair: %+v", p)
	}
	var ins, del string
	for _, op := range p.Diff {
		switch op.Op {
		case "insert":
			ins += op.Text
		case "delete":
			del += op.Text
		}
	}
	if ins != "、持续发展" || del != "" {
		t.Errorf("diff inserts %q, deletes %q", ins, del)
	}
	// all 40 characters in common, of 40 and 45
	if want := 80.0 / 85; p.Similarity < want-0.001 || p.Similarity > want+0.001 {
		t.Errorf("similarity %.4f, want %.4f", p.Similarity, want)
	}
	if _, err := rd.Beside(ctx, readings.ArticleRef{Version: vs[0].ID, Num: 2}, readings.ArticleRef{Version: vs[1].ID, Num: 9}); code(err) != drafts.ENOTFOUND {
		t.Errorf("unknown article: %v", err)
	}
	if _, err := rd.Beside(ctx, readings.ArticleRef{Version: 999, Num: 1}, readings.ArticleRef{Version: vs[1].ID, Num: 1}); code(err) != drafts.ENOTFOUND {
		t.Errorf("unknown version: %v", err)
	}
}
