package readings_test

import (
	"context"
	"testing"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/drafts/store/storetest"
)

func TestService_RegulationForms(t *testing.T) {
	rd := readings.New(storetest.Open(t))
	ctx := context.Background()
	f, err := rd.NewRegulationForm(ctx, nil, nil)
	if err != nil || f.Kind != string(drafts.KindEnact) || len(f.Kinds) != 4 || f.Error != "" {
		t.Fatalf("new form %+v, %v", f, err)
	}
	in := readings.NewRegulation{Title: "湿地条例", Kind: "修订", Committee: "农业农村委", Level: "地方性法规", Region: "广州市"}
	r, err := rd.CreateRegulation(ctx, "staff", in)
	if err != nil {
		t.Fatal(err)
	}
	_, fail := rd.CreateRegulation(ctx, "staff", in)
	f, err = rd.NewRegulationForm(ctx, &in, fail)
	if err != nil || code(fail) != drafts.ECONFLICT || len(f.Same) != 1 || f.Same[0].ID != r.ID || f.Error == "" || f.Title != in.Title {
		t.Errorf("refused duplicate: form %+v, %v (%v)", f, err, fail)
	}
	if f, _ := rd.NewRegulationForm(ctx, &in, drafts.Errorf(drafts.EINVALID, "标题过长。")); f.Same != nil || f.Error != "标题过长。" {
		t.Errorf("refused title: %+v", f)
	}

	f, err = rd.EditRegulationForm(ctx, r.ID, nil, nil)
	if err != nil || f.Regulation.ID != r.ID || f.Title != "湿地条例" || f.Kind != "修订" || f.Region != "广州市" || f.Status != "" {
		t.Errorf("edit form of a project without a status set: %+v, %v", f, err)
	}
	in.Status = "已通过"
	if _, err := rd.UpdateRegulation(ctx, "staff", r.ID, in.Update()); err != nil {
		t.Fatal(err)
	}
	if f, _ := rd.EditRegulationForm(ctx, r.ID, nil, nil); f.Status != "已通过" {
		t.Errorf("edit form status %q", f.Status)
	}
	bad := readings.NewRegulation{Title: "", Kind: "修订"}
	f, err = rd.EditRegulationForm(ctx, r.ID, &bad, drafts.Errorf(drafts.EINVALID, "请填写标题。"))
	if err != nil || f.Title != "" || f.Error != "请填写标题。" || f.Regulation.Title != "湿地条例" {
		t.Errorf("refused edit %+v, %v", f, err)
	}
	if _, err := rd.EditRegulationForm(ctx, 9999, nil, nil); code(err) != drafts.ENOTFOUND {
		t.Errorf("unknown project: %v", err)
	}
}
