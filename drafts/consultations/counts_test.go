package consultations_test

import (
	"context"
	"testing"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestService_CountsOfOneConsultation: a consultation's statistics and its
// per-article counts are its own opinions' (hidden ones left out; a
// meeting counts its participants once), not the version's; the inbox
// names the meeting of each opinion it shows.
func TestService_CountsOfOneConsultation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		for _, art := range []int{2, 2, 3} {
			if _, err := f.submit(t, nil, consultations.Submission{ConsultationID: f.public.ID,
				Opinion: consultations.OpinionInput{Article: art, Text: "公众意见。"}}); err != nil {
				t.Fatal(err)
			}
		}
		m, ops, err := f.svc.SubmitMeeting(ctx, f.liaison, consultations.Meeting{ConsultationID: f.points.ID, Date: "2026-11-18",
			Place: "议事厅", Participants: 15, Opinions: []consultations.MeetingOpinion{{Article: 1, Text: "联系点意见一。"}, {Article: 1, Text: "联系点意见二。"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Moderate(ctx, "staff", []int64{ops[1].ID}, drafts.StatusHidden, "与条文无关"); err != nil {
			t.Fatal(err)
		}
		if s, err := st.ConsultationStats(ctx, f.public.ID); err != nil || s.Opinions != 3 || s.People != 3 {
			t.Errorf("public stats %+v, %v", s, err)
		}
		if s, err := st.ConsultationStats(ctx, f.points.ID); err != nil || s.Opinions != 1 || s.People != 15 {
			t.Errorf("contact points' stats %+v, %v", s, err)
		}
		count := func(c *drafts.Consultation, a *drafts.Account) map[int]int {
			t.Helper()
			_, counts, err := f.svc.ConsultationArticleCounts(ctx, c.ID, a)
			if err != nil {
				t.Fatal(err)
			}
			out := map[int]int{}
			for _, n := range counts {
				if n.Count > 0 {
					out[n.Article.Num] = n.Count
				}
			}
			return out
		}
		if got := count(f.public, nil); len(got) != 2 || got[2] != 2 || got[3] != 1 {
			t.Errorf("public counts %v", got)
		}
		if got := count(f.points, f.staff); len(got) != 1 || got[1] != 1 {
			t.Errorf("contact points' counts %v", got)
		}
		if _, _, err := f.svc.ConsultationArticleCounts(ctx, f.points.ID, nil); drafts.ErrorCode(err) != drafts.ENOTFOUND {
			t.Errorf("the public reads the contact points' counts: %v", err)
		}
		// The version's counts: for staff, who see both consultations; not
		// for the public, who see one.
		if counts, err := f.svc.VersionArticleCounts(ctx, f.versions[0].ID, f.staff); err != nil || len(counts) == 0 {
			t.Errorf("the version's counts for staff: %v, %v", counts, err)
		}
		if _, err := f.svc.VersionArticleCounts(ctx, f.versions[0].ID, nil); drafts.ErrorCode(err) != drafts.ENOTFOUND {
			t.Errorf("the public reads the version's counts: %v", err)
		}
		in, err := f.svc.Inbox(ctx, consultations.InboxQuery{Filter: drafts.OpinionFilter{ContactPointID: f.contactPoint.ID}})
		if err != nil || in.Total != 2 || in.Meeting(in.Opinions[0].MeetingID) == nil || in.Meeting(in.Opinions[0].MeetingID).ID != m.ID ||
			in.ContactPoint(f.contactPoint.ID) == nil {
			t.Errorf("inbox of the contact point: %+v, %v", in, err)
		}
	})
}
