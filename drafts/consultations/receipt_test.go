package consultations_test

import (
	"context"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestService_ReceiptSays checks what a receipt tells its holder: the
// regulation, reading, consultation and article; whether the opinion is
// public and what became of it as two separate sentences in plain words;
// and where the article went in the next reading.
func TestService_ReceiptSays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		submit := func(a *drafts.Account, c *drafts.Consultation, article int) *drafts.Opinion {
			op, err := f.submit(t, a, consultations.Submission{ConsultationID: c.ID,
				Opinion: consultations.OpinionInput{Article: article, Text: "建议修改。", Contact: "13800000000"}})
			if err != nil {
				t.Fatal(err)
			}
			return op
		}
		pub := submit(nil, f.public, 2)
		if _, err := st.AnswerOpinions(ctx, "staff", []int64{pub.ID}, drafts.Answer{Disposition: drafts.DispositionAdopted, Reason: "已修改第二条。"}); err != nil {
			t.Fatal(err)
		}
		r, err := f.svc.Receipt(ctx, pub.Receipt, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Answered while still waiting for moderation: both said apart.
		if r.RegulationTitle != "湿地条例" || r.StageName != "征求意见稿" || r.ConsultationTitle != "湿地条例（征求意见稿）征求意见" ||
			!r.ConsultationVisible || r.ArticleAnchor != "art-2" {
			t.Errorf("receipt names %+v", r)
		}
		if !strings.HasPrefix(r.Moderation, "尚未公开") || r.Outcome != "您的意见被采纳。" || strings.Contains(r.Outcome, "审核") {
			t.Errorf("moderation %q, outcome %q", r.Moderation, r.Outcome)
		}
		// 第二条 of the first reading is 第三条 of the next, changed.
		if r.Landed == nil || r.Landed.VersionID != f.versions[1].ID || !r.Landed.Changed || len(r.Landed.Articles) != 1 ||
			r.Landed.Articles[0].Anchor != "art-3" || r.Landed.Sentence != "在一审稿中，第二条改为第三条，文字有修改。" {
			t.Errorf("landed %+v", r.Landed)
		}
		if strings.Contains(r.Text, "13800000000") {
			t.Error("the receipt shows the contact")
		}
		// A liaison's opinion to the contact points' consultation: public
		// at once, unanswered, the consultation not shown to the public.
		pts := submit(f.liaison, f.points, 1)
		r, err = f.svc.Receipt(ctx, pts.Receipt, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.ConsultationVisible || !strings.HasPrefix(r.Moderation, "已公开") || !strings.Contains(r.Outcome, "正在研究") ||
			r.Landed == nil || r.Landed.Sentence != "在一审稿中，第一条未修改。" {
			t.Errorf("liaison's receipt %+v, landed %+v", r, r.Landed)
		}
		if r, _ := f.svc.Receipt(ctx, pts.Receipt, f.liaison); !r.ConsultationVisible {
			t.Error("the liaison may not open the consultation of its receipt")
		}
		whole := submit(nil, f.public, 0)
		if r, _ := f.svc.Receipt(ctx, whole.Receipt, nil); r.Landed != nil || r.ArticleAnchor != "" {
			t.Errorf("an opinion on the whole draft landed: %+v", r.Landed)
		}
		last := submit(nil, f.public, 3)
		if r, _ := f.svc.Receipt(ctx, last.Receipt, nil); r.Landed == nil || r.Landed.Sentence != "在一审稿中，第三条改为第四条，文字未修改。" {
			t.Errorf("renumbered: %+v", r.Landed)
		}
	})
}

// TestService_ReceiptPage checks the look-up page: thanks only for a new
// opinion found, a bad or unknown number said on the page, nothing looked
// up for a blank one.
func TestService_ReceiptPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		op, err := f.submit(t, nil, consultations.Submission{ConsultationID: f.public.ID,
			Opinion: consultations.OpinionInput{Article: 2, Text: "建议修改。"}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.svc.ReceiptPage(ctx, " "+op.Receipt+" ", true, nil)
		if err != nil || p.Receipt == nil || !p.New || p.Error != "" || p.Title() != "意见已收到" || p.Query != " "+op.Receipt+" " {
			t.Errorf("a new opinion's page: %+v, %v", p, err)
		}
		for _, typed := range []string{"YJ-0000-0000", "不是回执号"} {
			if p, err := f.svc.ReceiptPage(ctx, typed, true, nil); err != nil || p.Receipt != nil || p.New || p.Error == "" ||
				p.Title() != "查询意见处理情况" {
				t.Errorf("%q: %+v, %v", typed, p, err)
			}
		}
		if p, err := f.svc.ReceiptPage(ctx, "  ", false, nil); err != nil || p.Receipt != nil || p.Error != "" {
			t.Errorf("a blank look-up: %+v, %v", p, err)
		}
	})
}
