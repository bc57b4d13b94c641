package readings_test

import (
	"context"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

func TestBanner(t *testing.T) {
	now := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	if readings.NewBanner(nil, now) != nil || (*readings.Banner)(nil).Key() != "" {
		t.Error("no consultation: a banner")
	}
	c := &drafts.Consultation{ID: 7, Title: "公开征求意见", Audience: drafts.AudiencePublic,
		OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(24 * time.Hour)}
	b := readings.NewBanner(c, now)
	if !b.Open || b.Closed || b.FormURL != "/consultations/7/opinion" || b.Closes != drafts.FormatDateTime(c.ClosesAt) || b.Audience != drafts.AudiencePublic.Label() {
		t.Errorf("open banner %+v", b)
	}
	if closed := readings.NewBanner(c, now.Add(48*time.Hour)); closed.Open || !closed.Closed || closed.Key() == b.Key() {
		t.Errorf("closed banner %+v", closed)
	}
	if len(b.Every()) != 1 || b.Every()[0] != b {
		t.Errorf("Every = %+v", b.Every())
	}
}

func TestService_AddOthers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		rd := readings.New(st)
		_, vs := project(t, rd)
		now := time.Now()
		open := func(audience drafts.Audience, closes time.Duration) *drafts.Consultation {
			c := &drafts.Consultation{VersionID: vs[2].ID, Audience: audience, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(closes)}
			if err := st.CreateConsultation(ctx, "staff", c); err != nil {
				t.Fatal(err)
			}
			return c
		}
		public := open(drafts.AudiencePublic, 72*time.Hour)
		members := open(drafts.AudienceMembers, 48*time.Hour)
		points := open(drafts.AudienceContactPoints, 24*time.Hour)
		b := readings.NewBanner(public, now)
		if err := rd.AddOthers(ctx, b, vs[2].ID, now); err != nil {
			t.Fatal(err)
		}
		if len(b.Others) != 2 || b.Others[0].ID != points.ID || b.Others[1].ID != members.ID || len(b.Every()) != 3 {
			t.Errorf("others %+v, want %d then %d, closing soonest first", b.Others, points.ID, members.ID)
		}
		// VisitorBanner lists them for staff only.
		for _, tc := range []struct {
			a      *drafts.Account
			others int
		}{{nil, 0}, {&drafts.Account{Role: drafts.RoleStaff}, 2}} {
			b, err := rd.VisitorBanner(ctx, public, vs[2].ID, tc.a, now)
			if err != nil || b.ID != public.ID || !b.Open || len(b.Others) != tc.others {
				t.Errorf("VisitorBanner for %+v: %+v, %v; want %d others", tc.a, b, err, tc.others)
			}
		}
		if b, err := rd.VisitorBanner(ctx, nil, vs[2].ID, nil, now); b != nil || err != nil {
			t.Errorf("VisitorBanner without a consultation: %+v, %v", b, err)
		}
	})
}

func TestNeighbours_Key(t *testing.T) {
	a, b := &drafts.Version{ID: 1}, &drafts.Version{ID: 2}
	keys := map[string]bool{}
	for _, n := range []readings.Neighbours{{}, {Prev: a}, {Next: a}, {Prev: a, Next: b}, {Withdrawn: &drafts.Withdrawal{}}} {
		keys[n.Key()] = true
	}
	if len(keys) != 5 {
		t.Errorf("keys of different neighbours collide: %v", keys)
	}
}
