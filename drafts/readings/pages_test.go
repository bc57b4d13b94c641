package readings_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/amend"
	"lifa/drafts/readings"
	"lifa/drafts/store/storetest"
)

func TestVersionName(t *testing.T) {
	v := &drafts.Version{Seq: 2, Stage: "second-reading", StageName: "二审稿", Date: "2024-01-02"}
	if got := readings.VersionName(v); got != "第 2 版 二审稿 2024-01-02" {
		t.Errorf("VersionName = %q", got)
	}
	v.Date = ""
	if got := readings.VersionName(v); got != "第 2 版 二审稿" {
		t.Errorf("VersionName without date = %q", got)
	}
}

func TestComparison_Page(t *testing.T) {
	rd := readings.New(storetest.Open(t))
	ctx := context.Background()
	r, vs := project(t, rd)
	c, err := rd.Compare(ctx, r.ID, vs[0].ID, vs[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	opts := c.Options()
	if len(opts) != 3 || !opts[0].From || opts[0].To || !opts[2].To || opts[1].From || opts[1].Name != "第 2 版 二审稿" {
		t.Errorf("options %+v", opts)
	}
	if c.FromName() != "第 1 版 一审稿" || c.ToName() != "第 3 版 三审稿" {
		t.Errorf("names %q, %q", c.FromName(), c.ToName())
	}
	pair := fmt.Sprintf("from=%d&to=%d", vs[0].ID, vs[2].ID)
	if c.DocxURL(false) != fmt.Sprintf("/regulations/%d/compare/docx?%s", r.ID, pair) || c.DocxURL(true) != c.DocxURL(false)+"&all=1" ||
		c.JSONURL() != fmt.Sprintf("/api/v1/regulations/%d/compare?%s", r.ID, pair) {
		t.Errorf("downloads %q %q %q", c.DocxURL(false), c.DocxURL(true), c.JSONURL())
	}
	body, err := c.Body(false)
	if err != nil || !strings.Contains(string(body), "/history?article=") {
		t.Errorf("body links no history: %v", err)
	}
	data, name, fallback, err := c.Docx(false)
	if err != nil || len(data) == 0 || name != "湿地条例-对照表-一审稿-三审稿.docx" || fallback != fmt.Sprintf("compare-%d-%d.docx", vs[0].ID, vs[2].ID) {
		t.Errorf("Docx = %d bytes, %q, %q, %v", len(data), name, fallback, err)
	}
}

func TestHistoryURL(t *testing.T) {
	if got := readings.HistoryURL(1, 2, 10, 0); got != "/regulations/1/history?article=10&version=2" {
		t.Errorf("HistoryURL = %q", got)
	}
	if got := readings.HistoryURL(1, 2, 10, 1); got != "/regulations/1/history?article=10&sub=1&version=2" {
		t.Errorf("HistoryURL(第十条之一) = %q", got)
	}
}

func TestHistory_Page(t *testing.T) {
	rd := readings.New(storetest.Open(t))
	r, vs := project(t, rd)
	h, err := rd.History(context.Background(), r.ID, vs[1].ID, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	if h.StartLabels() != "第三条" || !h.Steps[1].Start || h.Steps[0].Start {
		t.Errorf("start %q, steps %+v", h.StartLabels(), h.Steps)
	}
	last := h.Steps[2]
	if last.Labels() != "第三条、第四条" || last.Name() != "第 3 版 三审稿" || last.Link != fmt.Sprintf("/versions/%d#art-3", vs[2].ID) ||
		!strings.Contains(string(last.DiffHTML()), "<") {
		t.Errorf("last step: labels %q name %q link %q diff %q", last.Labels(), last.Name(), last.Link, last.DiffHTML())
	}
}

func TestAmendment_Page(t *testing.T) {
	rd := readings.New(storetest.Open(t))
	r, vs := project(t, rd)
	a, err := rd.Amendment(context.Background(), r.ID, vs[1].ID, vs[2].ID, amend.Meta{Body: " 常委会 ", Law: ""})
	if err != nil {
		t.Fatal(err)
	}
	q, err := url.ParseQuery(string(a.Query()))
	if err != nil || q.Get("body") != "常委会" || q.Has("law") || q.Get("from") != fmt.Sprint(vs[1].ID) || a.Meta.Body != " 常委会 " {
		t.Errorf("query %q (%v), meta %+v", a.Query(), err, a.Meta)
	}
	items := a.Items()
	if len(items) != len(a.Decision.Items) || items[0].Num != "一、" || len(items[0].Paras) == 0 {
		t.Errorf("items %+v", items)
	}
	if name, fallback := a.Filename(); name != "湿地条例-修改决定-2-3.docx" || fallback != fmt.Sprintf("amendment-%d-%d.docx", vs[1].ID, vs[2].ID) {
		t.Errorf("Filename = %q, %q", name, fallback)
	}
}

func TestService_ApplyPage(t *testing.T) {
	rd := readings.New(storetest.Open(t))
	ctx := context.Background()
	r, vs := project(t, rd)
	p, err := rd.ApplyPage(ctx, vs[0].ID, readings.DecisionUpload{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Regulation.ID != r.ID || p.In.Stage != vs[0].Stage || p.Base != "第 1 版 一审稿" || p.Version.Document != nil ||
		len(p.Stages) == 0 || p.Title() != "依修改决定生成修正文本" {
		t.Errorf("form %+v", p)
	}
	text := "（2025年3月1日通过）\n" + decisionFor(t, rd, r.ID, vs[0], vs[1])
	res, err := rd.PreviewDecision(ctx, vs[0].ID, readings.DecisionUpload{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	fail := drafts.Errorf(drafts.EINVALID, "日期不对。")
	p, err = rd.ApplyPage(ctx, vs[0].ID, readings.DecisionUpload{Text: text, Stage: "三审稿", Data: []byte("x")}, res, fail)
	if err != nil || p.In.Stage != "三审稿" || p.In.Data != nil || p.In.Date != res.AdoptedDate() || p.Error != "日期不对。" ||
		p.Title() != "修改决定适用情况" {
		t.Errorf("report %+v, %v", p, err)
	}
	if _, err := rd.ApplyPage(ctx, 9999, readings.DecisionUpload{}, nil, nil); code(err) != drafts.ENOTFOUND {
		t.Errorf("unknown version: %v", err)
	}
}
