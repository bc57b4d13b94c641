package readings_test

import (
	"context"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/amend"
	"lifa/drafts/readings"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

func TestService_Amendment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		rd := readings.New(st)
		r, vs := project(t, rd)
		// By default the last two readings, as the 对照表.
		a, err := rd.Amendment(ctx, r.ID, 0, 0, amend.Meta{Body: " 广州市人民代表大会常务委员会 ", Date: "2025-12-17",
			Meeting: "第十六届广州市人民代表大会常务委员会第三十次会议"})
		if err != nil {
			t.Fatal(err)
		}
		if a.From.ID != vs[1].ID || a.To.ID != vs[2].ID {
			t.Errorf("compared %d → %d, want %d → %d", a.From.ID, a.To.ID, vs[1].ID, vs[2].ID)
		}
		text := a.Decision.Text()
		for _, want := range []string{"广州市人民代表大会常务委员会关于修改《湿地条例》的决定", "（2025年12月17日第十六届",
			"一、将第三条改为两条，作为第三条、第四条", "重新公布"} {
			if !strings.Contains(text, want) {
				t.Errorf("decision lacks %q:\n%s", want, text)
			}
		}
		// Any two readings, old numbering cited.
		a, err = rd.Amendment(ctx, r.ID, vs[0].ID, vs[2].ID, amend.Meta{})
		if err != nil || len(a.Decision.Items) < 2 {
			t.Fatalf("first → third: %v, %+v", err, a)
		}
		if _, err := rd.Amendment(ctx, r.ID, vs[2].ID+100, 0, amend.Meta{}); code(err) != drafts.ENOTFOUND {
			t.Errorf("unknown version: %v", err)
		}
	})
}

// decisionFor writes the decision from reading from to reading to.
func decisionFor(t *testing.T, rd *readings.Service, regID int64, from, to *drafts.Version) string {
	t.Helper()
	a, err := rd.Amendment(context.Background(), regID, from.ID, to.ID, amend.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return a.Decision.Text()
}

func TestService_ApplyDecision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		rd := readings.New(st)
		r, vs := project(t, rd)
		text := decisionFor(t, rd, r.ID, vs[0], vs[2])

		// The preview stores nothing and says every item applies.
		p, err := rd.PreviewDecision(ctx, vs[0].ID, readings.DecisionUpload{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if !p.Applies() || p.Failed() != 0 || len(p.Items) != len(p.Decision.Items) || len(p.Warnings) != 0 {
			t.Errorf("preview: applies %v, failed %d, items %+v, warnings %v", p.Applies(), p.Failed(), p.Items, p.Warnings)
		}
		if proj, _ := rd.Project(ctx, r.ID); len(proj.Versions) != 3 {
			t.Fatalf("the preview created a version: %d versions", len(proj.Versions))
		}
		// Applying needs a stage.
		if _, v, err := rd.ApplyDecision(ctx, "staff", vs[0].ID, readings.DecisionUpload{Text: text}); code(err) != drafts.EINVALID || v != nil {
			t.Errorf("without a stage: %v, %v", v, err)
		}
		// As an uploaded file, with CRLF line ends.
		up := readings.DecisionUpload{Filename: "决定.txt", Data: []byte(strings.ReplaceAll(text, "\n", "\r\n")),
			Stage: "promulgated", Label: "2025年修正", Date: "2025-12-17"}
		a, v, err := rd.ApplyDecision(ctx, "staff", vs[0].ID, up)
		if err != nil || v == nil {
			t.Fatalf("ApplyDecision = %v, %v", v, err)
		}
		if v.Seq != 4 || v.Stage != "promulgated" || v.Label != "2025年修正" || v.Date != "2025-12-17" ||
			v.Filename != readings.AmendedFilename || v.Explanation != strings.TrimSpace(a.Decision.Text()) {
			t.Errorf("new version %+v", v)
		}
		want, got := vs[2].Document.Articles, v.Document.Articles
		if len(got) != len(want) {
			t.Fatalf("amended text has %d articles, the third reading %d", len(got), len(want))
		}
		for i := range want {
			if got[i].Label != want[i].Label || got[i].Text != want[i].Text {
				t.Errorf("article %d: %s %q, want %s %q", i, got[i].Label, got[i].Text, want[i].Label, want[i].Text)
			}
		}
	})
}

func TestService_ApplyDecision_refusals(t *testing.T) {
	ctx := context.Background()
	rd := readings.New(storetest.Open(t))
	r, vs := project(t, rd)
	count := func() int {
		p, err := rd.Project(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Versions)
	}
	good := decisionFor(t, rd, r.ID, vs[0], vs[1])

	// An item whose target is not there, and one that cannot be read:
	// reported with their numbers; nothing is created.
	bad := "关于修改《湿地条例》的决定\n决定对《湿地条例》作如下修改：\n" +
		"一、将第二条中的“任何单位”修改为“一切单位”。\n" +
		"二、将第九条修改为：“本条例自2026年1月1日起施行。”\n" +
		"三、把第一条弄得好一些。\n" +
		"本决定自公布之日起施行。\n"
	a, v, err := rd.ApplyDecision(ctx, "staff", vs[0].ID, readings.DecisionUpload{Text: bad, Stage: "promulgated"})
	if err != nil || v != nil {
		t.Fatalf("ApplyDecision = %v, %v; want a report and no version", v, err)
	}
	if a.Applies() || a.Failed() != 2 || len(a.Items) != 3 {
		t.Fatalf("applies %v, failed %d, items %+v", a.Applies(), a.Failed(), a.Items)
	}
	if e := a.NotCreated(); e.Code != drafts.ECONFLICT || !strings.Contains(e.Message, "有 2 项不能适用") {
		t.Errorf("NotCreated = %+v", e)
	}
	if !a.Items[0].Applies() {
		t.Errorf("item 1 should apply: %+v", a.Items[0])
	}
	if it := a.Items[1]; it.Num != 2 || it.Applies() || !strings.Contains(strings.Join(it.Problems, ""), "第九条") {
		t.Errorf("item 2: %+v", it)
	}
	if it := a.Items[2]; it.Num != 3 || it.Applies() || !strings.Contains(strings.Join(it.Problems, ""), "无法读取") {
		t.Errorf("item 3: %+v", it)
	}
	if n := count(); n != 3 {
		t.Errorf("%d versions after a refused decision, want 3", n)
	}

	// Another law's decision is applied (its words may be there) but
	// warned about.
	other := strings.ReplaceAll(good, "湿地条例", "停车场条例")
	if a, err := rd.PreviewDecision(ctx, vs[0].ID, readings.DecisionUpload{Text: other}); err != nil || len(a.Warnings) != 1 ||
		!strings.Contains(a.Warnings[0], "《停车场条例》") {
		t.Errorf("another law: %+v, %v", a, err)
	}

	for name, in := range map[string]readings.DecisionUpload{
		"empty":         {Text: " \n "},
		"no items":      {Text: "关于修改《湿地条例》的决定\n本决定自公布之日起施行。"},
		"unknown stage": {Text: good, Stage: "第九稿"},
		"file type":     {Filename: "决定.pdf", Data: []byte("%PDF")},
	} {
		if _, v, err := rd.ApplyDecision(ctx, "staff", vs[0].ID, in); code(err) != drafts.EINVALID || v != nil {
			t.Errorf("%s: %v, %v; want EINVALID", name, v, err)
		}
	}
	if _, err := rd.PreviewDecision(ctx, vs[2].ID+100, readings.DecisionUpload{Text: good}); code(err) != drafts.ENOTFOUND {
		t.Errorf("unknown version: %v", err)
	}
	if n := count(); n != 3 {
		t.Errorf("%d versions after refusals, want 3", n)
	}
}

func TestAppliedDecision_AdoptedDate(t *testing.T) {
	ctx := context.Background()
	rd := readings.New(storetest.Open(t))
	r, vs := project(t, rd)
	for meta, want := range map[amend.Meta]string{
		{Date: "2025-12-17", Meeting: "第三十次会议"}: "2025-12-17",
		{Date: "2026年2月1日", Meeting: "第三十一次会议"}: "2026-02-01",
		{}: "",
	} {
		a, err := rd.Amendment(ctx, r.ID, vs[0].ID, vs[1].ID, meta)
		if err != nil {
			t.Fatal(err)
		}
		p, err := rd.PreviewDecision(ctx, vs[0].ID, readings.DecisionUpload{Text: a.Decision.Text()})
		if err != nil {
			t.Fatal(err)
		}
		if got := p.AdoptedDate(); got != want {
			t.Errorf("%+v: AdoptedDate = %q (题注 %q), want %q", meta, got, p.Decision.Adopted, want)
		}
	}
}
