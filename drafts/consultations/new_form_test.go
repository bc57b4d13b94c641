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

// TestService_NewForm checks the form to open a consultation: on a
// reading, its title proposed and the reading without its text; on none
// (or an unknown one), the regulations to choose from.
func TestService_NewForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		in := f.svc.Proposal(f.versions[1].ID)
		if in.Audience != drafts.AudiencePublic || in.ClosesAt.Sub(in.OpensAt) != 30*24*time.Hour {
			t.Errorf("proposal %+v", in)
		}
		nf, err := f.svc.NewForm(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if nf.Version == nil || nf.Version.ID != f.versions[1].ID || nf.Version.Document != nil || nf.Regulation.Title != "湿地条例" ||
			nf.In.Title != "《湿地条例》（一审稿）征求意见" || nf.Readings != nil || len(nf.ContactPoints) != 2 || nf.Opens == "" {
			t.Errorf("form on a reading: %+v", nf)
		}
		in.Title = "已填写的标题"
		if nf, _ := f.svc.NewForm(ctx, in); nf.In.Title != "已填写的标题" {
			t.Errorf("a typed title became %q", nf.In.Title)
		}
		for _, vid := range []int64{0, 999} {
			nf, err := f.svc.NewForm(ctx, consultations.NewConsultation{VersionID: vid})
			if err != nil || nf.Version != nil || len(nf.Readings) != 1 || nf.Opens != "" {
				t.Errorf("form on version %d: %+v, %v", vid, nf, err)
			}
		}
	})
}

func TestReadNewConsultation(t *testing.T) {
	form := url.Values{"version_id": {"3"}, "title": {"标题"}, "audience": {"contact_points"}, "contact_point_ids": {"1", "x", "2"},
		"opens_at": {"2026-12-01T09:00"}, "closes_at": {"2026-12-31T18:00"}}
	in, err := consultations.ReadNewConsultation(form)
	if err != nil || in.VersionID != 3 || len(in.ContactPointIDs) != 2 || consultations.LocalTime(in.ClosesAt) != "2026-12-31T18:00" ||
		in.OpensAt.In(drafts.ChinaTime).Hour() != 9 {
		t.Errorf("ReadNewConsultation = %+v, %v", in, err)
	}
	form.Set("closes_at", "12月31日")
	if in, err := consultations.ReadNewConsultation(form); drafts.ErrorCode(err) != drafts.EINVALID || in.OpensAt.IsZero() || !in.ClosesAt.IsZero() {
		t.Errorf("a bad closing time: %+v, %v", in, err)
	}
}
