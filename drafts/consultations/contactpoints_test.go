package consultations_test

import (
	"context"
	"testing"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestService_ContactPoint checks a contact point's public page: the
// consultations it took part in with its own figures (hidden opinions and
// other contact points' not counted), and links only to the consultations
// the viewer may see.
func TestService_ContactPoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		if p, err := f.svc.ContactPoint(ctx, f.contactPoint.ID, nil); err != nil || len(p.Rows) != 0 || p.Totals.Opinions != 0 {
			t.Fatalf("before any opinion: %+v, %v", p, err)
		}
		// A meeting of three opinions to the consultation for this
		// contact point, one opinion of the liaison to the public one,
		// and an opinion of the other contact point.
		_, ops, err := f.svc.SubmitMeeting(ctx, f.liaison, consultations.Meeting{ConsultationID: f.points.ID, Date: "2026-12-05",
			Place: "街道议事厅", Participants: 15, Opinions: []consultations.MeetingOpinion{
				{Article: 1, Text: "建议写明湿地的定义。"}, {Article: 2, Text: "建议增加修复资金。"}, {Text: "总体赞成。"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.submit(t, f.liaison, consultations.Submission{ConsultationID: f.public.ID,
			Opinion: consultations.OpinionInput{Article: 3, Text: "建议明确施行日期。"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.submit(t, f.stranger, consultations.Submission{ConsultationID: f.public.ID,
			Opinion: consultations.OpinionInput{Article: 3, Text: "另一个联系点的意见。"}}); err != nil {
			t.Fatal(err)
		}
		answer := func(id int64, d drafts.Disposition) {
			if _, err := st.AnswerOpinions(ctx, "staff", []int64{id}, drafts.Answer{Disposition: d, Reason: "理由。"}); err != nil {
				t.Fatal(err)
			}
		}
		answer(ops[0].ID, drafts.DispositionAdopted)
		answer(ops[1].ID, drafts.DispositionPartly)
		if _, err := st.ModerateOpinions(ctx, "staff", []int64{ops[2].ID}, drafts.StatusHidden, "与草案无关"); err != nil {
			t.Fatal(err)
		}

		p, err := f.svc.ContactPoint(ctx, f.contactPoint.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := consultations.ContactPointTotals{Consultations: 2, ContactPointCounts: store.ContactPointCounts{
			Opinions: 3, Answered: 2, Adopted: 1, Partly: 1, Meetings: 1, Participants: 15}}
		if p.ContactPoint.Name != "白云区联系点" || p.Totals != want {
			t.Errorf("totals %+v, want %+v", p.Totals, want)
		}
		if len(p.Rows) != 2 {
			t.Fatalf("%d rows, want 2", len(p.Rows))
		}
		// Newest closing first: the public consultation closes in 30
		// days, the contact points' in 10.
		pub, pts := p.Rows[0], p.Rows[1]
		if pub.RegulationTitle != "湿地条例" || pub.StageName != "征求意见稿" || pub.Opinions != 1 || pub.Meetings != 0 {
			t.Errorf("public row %+v", pub)
		}
		if pub.Consultation == nil || pub.Consultation.ID != f.public.ID {
			t.Errorf("the public sees no link to the public consultation: %+v", pub.Consultation)
		}
		if pts.Consultation != nil {
			t.Errorf("the public sees the contact points' consultation: %+v", pts.Consultation)
		}
		if pts.Opinions != 2 || pts.Adopted != 1 || pts.Partly != 1 || pts.Participants != 15 || pts.Period == "" {
			t.Errorf("contact points' row %+v", pts)
		}
		// Its liaison and staff see the consultation; the other contact
		// point's liaison does not.
		for _, c := range []struct {
			who  *drafts.Account
			sees bool
		}{{f.liaison, true}, {f.staff, true}, {f.stranger, false}, {f.member, false}} {
			p, err := f.svc.ContactPoint(ctx, f.contactPoint.ID, c.who)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Rows[1].Consultation != nil; got != c.sees {
				t.Errorf("%s sees the contact points' consultation: %v, want %v", c.who.Name, got, c.sees)
			}
		}
		list, err := f.svc.ContactPoints(ctx)
		if err != nil || len(list) != 2 || list[0].Name != "海珠区联系点" || list[0].Totals.Opinions != 1 ||
			list[1].Totals.Opinions != 3 {
			t.Errorf("contact points %+v, %v", list, err)
		}
		if _, err := f.svc.ContactPoint(ctx, 999, nil); code(err) != drafts.ENOTFOUND {
			t.Errorf("unknown contact point: %v", err)
		}
	})
}
