package demo_test

import (
	"context"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/drafts/demo"
	"lifa/drafts/parse"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// articles are the article counts read from each text's last article.
var articles = map[string]int{
	"guangzhou-parking-2018-04-20.md":                 68,
	"guangzhou-parking-2021-10-20.md":                 68,
	"guangzhou-parking-2025-12-17.md":                 39,
	"zhian-guanli-chufa-fa-draft-2-second-reading.md": 143,
	"zhian-guanli-chufa-fa-2025-06-27.md":             144,
	"dongwu-fangyi-fa-draft-1.md":                     113,
	"dongwu-fangyi-fa-draft-2.md":                     112,
	"dongwu-fangyi-fa-2021-01-22.md":                  113,
	"guangzhou-wetland-protection-2020.md":            64,
	"gongsifa-2018-10-26.md":                          218,
	"gongsifa-2023-12-29.md":                          266,
}

func TestTexts_Parse(t *testing.T) {
	n := 0
	for _, r := range demo.Regulations {
		for _, v := range r.Versions {
			n++
			t.Run(v.File, func(t *testing.T) {
				data, err := demo.File(v.File)
				if err != nil {
					t.Fatal(err)
				}
				doc, err := parse.Parse(v.File, data)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := len(doc.Articles), articles[v.File]; got != want {
					t.Errorf("%d articles, want %d", got, want)
				}
			})
		}
	}
	if n != len(articles) {
		t.Errorf("%d demo versions, %d expected counts", n, len(articles))
	}
}

func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := demo.Load(ctx, s); err != nil {
			t.Fatal(err)
		}
		rs, err := s.ListRegulations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != len(demo.Regulations) {
			t.Fatalf("%d regulations, want %d", len(rs), len(demo.Regulations))
		}
		byTitle := map[string][]int{}
		for _, r := range rs {
			vs, err := s.Versions(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				byTitle[r.Title] = append(byTitle[r.Title], v.Articles)
				if v.Label == "" || v.Stage == "" {
					t.Errorf("%s v%d: empty label or stage", r.Title, v.Seq)
				}
			}
		}
		// Article counts read from the texts' last articles.
		want := map[string][]int{
			"广州市停车场条例":           {68, 68, 39},
			"中华人民共和国治安管理处罚法（修订）": {143, 144},
			"中华人民共和国动物防疫法（修订）":   {113, 112, 113},
			"广州市湿地保护规定（修订）":      {64},
			"中华人民共和国公司法（修订）":     {218, 266},
		}
		for title, w := range want {
			got := byTitle[title]
			if len(got) != len(w) {
				t.Errorf("%s: versions %v, want article counts %v", title, got, w)
				continue
			}
			for i := range w {
				if got[i] != w[i] {
					t.Errorf("%s v%d: %d articles, want %d", title, i+1, got[i], w[i])
				}
			}
		}
		seq, _ := s.LastChangeSeq(ctx)
		// Idempotent: a second load adds nothing.
		if err := demo.Load(ctx, s); err != nil {
			t.Fatal(err)
		}
		if seq2, _ := s.LastChangeSeq(ctx); seq2 != seq {
			t.Errorf("second Load wrote changes: seq %d → %d", seq, seq2)
		}
		// The wetland regulation's draft has its one public consultation.
		cs, err := s.Consultations(ctx, store.ConsultationFilter{})
		if err != nil || len(cs) != 1 || cs[0].Audience != drafts.AudiencePublic || cs[0].Title != demo.Consultation.Title ||
			!cs[0].ClosesAt.After(time.Now().Add(59*24*time.Hour)) {
			t.Errorf("demo consultations: %+v, %v", cs, err)
		}
	})
}

// TestSetup checks the demo's people and what they did: an account of
// each role that signs in with the password shown once, the consultation
// addressed to both contact points with a meeting, opinions and answers,
// opinions of the public and the member on the public consultation; a
// second Setup creates nothing and shows no password.
func TestSetup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		people, err := demo.Setup(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if len(people) != len(demo.People) {
			t.Fatalf("%d people created, want %d", len(people), len(demo.People))
		}
		roles := map[drafts.Role]int{}
		for _, p := range people {
			a, _, _, err := accounts.New(s).SignIn(ctx, p.Login, p.Password)
			if err != nil || len(p.Password) < drafts.MinPasswordLength || a.DisplayName != p.DisplayName {
				t.Errorf("%s cannot sign in with %q: %v", p.Login, p.Password, err)
				continue
			}
			roles[a.Role]++
			if a.Role == drafts.RoleLiaison {
				cp, err := s.ContactPoint(ctx, a.ContactPointID)
				if err != nil || cp.Name != p.ContactPoint {
					t.Errorf("%s's contact point %+v, %v", p.Login, cp, err)
				}
			}
		}
		if roles[drafts.RoleStaff] != 1 || roles[drafts.RoleMember] != 1 || roles[drafts.RoleLiaison] != 2 {
			t.Errorf("roles %v", roles)
		}
		cons, err := s.Consultations(ctx, store.ConsultationFilter{OpenAt: time.Now()})
		if err != nil || len(cons) != 2 {
			t.Fatalf("%d open consultations, %v; want the public one and the contact points'", len(cons), err)
		}
		var public, points *drafts.Consultation
		for _, c := range cons {
			switch c.Audience {
			case drafts.AudiencePublic:
				public = c
			case drafts.AudienceContactPoints:
				points = c
			}
		}
		if public == nil || points == nil || len(points.ContactPointIDs) != 2 || points.VersionID != public.VersionID {
			t.Fatalf("consultations %+v, %+v", public, points)
		}
		count := func(f drafts.OpinionFilter) int {
			f.Limit = 1
			_, n, err := s.Opinions(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(drafts.OpinionFilter{ConsultationID: points.ID}); n != 6 {
			t.Errorf("%d opinions of the contact points, want 6", n)
		}
		if n := count(drafts.OpinionFilter{ConsultationID: points.ID, Disposition: "none"}); n != 2 {
			t.Errorf("%d of them unanswered, want 2", n)
		}
		if n := count(drafts.OpinionFilter{ConsultationID: public.ID, Source: drafts.SourcePublic, Status: drafts.StatusPending}); n != 1 {
			t.Errorf("%d public opinions pending, want 1", n)
		}
		if n := count(drafts.OpinionFilter{ConsultationID: public.ID, Source: drafts.SourceMember}); n != 1 {
			t.Errorf("%d member opinions, want 1", n)
		}
		ms, err := s.Meetings(ctx, 0)
		if err != nil || len(ms) != 1 || ms[0].ConsultationID != points.ID || ms[0].Participants != 16 {
			t.Errorf("meetings %+v, %v", ms, err)
		}

		seq, _ := s.LastChangeSeq(ctx)
		again, err := demo.Setup(ctx, s)
		if err != nil || len(again) != 0 {
			t.Errorf("second Setup: %v, %v", again, err)
		}
		if seq2, _ := s.LastChangeSeq(ctx); seq2 != seq {
			t.Errorf("second Setup wrote changes: seq %d → %d", seq, seq2)
		}
		if all, _ := s.Consultations(ctx, store.ConsultationFilter{}); len(all) != 2 {
			t.Errorf("%d consultations after a second Setup", len(all))
		}
	})
}
