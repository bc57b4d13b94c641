package readings_test

import (
	"context"
	"testing"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/drafts/store/storetest"
)

func TestService_CreateRegulation_level(t *testing.T) {
	ctx := context.Background()
	rd := readings.New(storetest.Open(t))
	r, err := rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: "广州市湿地保护规定", Kind: "制定",
		Level: " 地方性法规 ", Region: " 广州市 "})
	if err != nil || r.Level != drafts.LevelLocal || r.Region != "广州市" {
		t.Fatalf("CreateRegulation = %+v, %v", r, err)
	}
	p, err := rd.Project(ctx, r.ID)
	if err != nil || p.Regulation.Level != drafts.LevelLocal || p.Regulation.Region != "广州市" {
		t.Errorf("stored: %+v, %v", p.Regulation, err)
	}
	if _, err := rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: "另一规定", Kind: "制定", Level: "部门规章"}); code(err) != drafts.EINVALID {
		t.Errorf("level 部门规章: %v", err)
	}
}
