package consultations_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestService_ManageConsultation: staff edit, extend and close early; each
// change is in the consultation's change log with its reason, and the
// rules hold (no closing time in the past, a reason to close, only an
// open consultation closes).
func TestService_ManageConsultation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		c := f.public
		later := c.ClosesAt.Add(10 * 24 * time.Hour)
		got, err := f.svc.Update(ctx, "staff", c.ID, consultations.Change{Title: "公开征求意见", Instructions: c.Instructions,
			ClosesAt: later, Reason: "应联系点要求"})
		if err != nil || !got.ClosesAt.Equal(later) || got.Title != "公开征求意见" {
			t.Fatalf("extend: %+v %v", got, err)
		}
		_, err = f.svc.Update(ctx, "staff", c.ID, consultations.Change{Title: "x", ClosesAt: f.now.Add(-time.Minute)})
		if code(err) != drafts.EINVALID {
			t.Errorf("closing time in the past: %v", err)
		}
		if _, err := f.svc.CloseEarly(ctx, "staff", c.ID, " "); code(err) != drafts.EINVALID {
			t.Errorf("close without a reason: %v", err)
		}
		closed, err := f.svc.CloseEarly(ctx, "staff", c.ID, "草案撤回")
		if err != nil || closed.IsOpen(f.now) {
			t.Fatalf("close: %+v %v", closed, err)
		}
		if _, err := f.svc.CloseEarly(ctx, "staff", c.ID, "再次"); code(err) != drafts.ECLOSED {
			t.Errorf("close a closed one: %v", err)
		}
		// Closed, it takes no opinion.
		_, err = f.submit(t, nil, consultations.Submission{ConsultationID: c.ID, Opinion: consultations.OpinionInput{Article: 1, Text: "建议修改本条。", Name: "张三"}})
		if code(err) != drafts.ECLOSED {
			t.Errorf("opinion after closing: %v", err)
		}
		ch, err := f.svc.Changes(ctx, c.ID)
		if err != nil || len(ch) != 2 {
			t.Fatalf("changes: %+v %v", ch, err)
		}
		if ch[0].Action != "close" || ch[0].Reason != "草案撤回" || ch[0].Closes == "" || ch[0].ClosesWas == "" {
			t.Errorf("close entry: %+v", ch[0])
		}
		if ch[1].Action != "extend" || ch[1].Title != "公开征求意见" || ch[1].Reason != "应联系点要求" {
			t.Errorf("extend entry: %+v", ch[1])
		}
		if p, err := f.svc.Page(ctx, c.ID, f.staff); err != nil || len(p.Changes) != 2 || p.Changes[0].Action != "close" {
			t.Errorf("the consultation's page lists its changes: %+v, %v", p, err)
		}
		if in := consultations.ChangeOf(closed); in.Title != closed.Title || !in.ClosesAt.Equal(closed.ClosesAt) || in.Reason != "" {
			t.Errorf("ChangeOf = %+v", in)
		}
		in, err := consultations.ReadChange(url.Values{"title": {"标题"}, "closes_at": {"2027-01-31T18:00"}, "reason": {"延期"}})
		if err != nil || in.Title != "标题" || in.Reason != "延期" || consultations.LocalTime(in.ClosesAt) != "2027-01-31T18:00" {
			t.Errorf("ReadChange = %+v, %v", in, err)
		}
		if _, err := consultations.ReadChange(url.Values{"closes_at": {"明天"}}); code(err) != drafts.EINVALID {
			t.Errorf("ReadChange of a bad time: %v", err)
		}
		if open, _ := f.svc.OfRegulation(ctx, c.RegulationID, nil); len(open) != 0 {
			t.Errorf("the public sees %d open consultations", len(open))
		}
		if open, _ := f.svc.OfRegulation(ctx, c.RegulationID, f.staff); len(open) != 1 || open[0].ID != f.points.ID {
			t.Errorf("staff see %+v", open)
		}
	})
}
