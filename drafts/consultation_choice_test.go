package drafts

import (
	"testing"
	"time"
)

// consultationsOfOneVersion are a public consultation and one for contact
// point 1 only, both open at now, a closed members' one and a public one
// that opens later.
func consultationsOfOneVersion(now time.Time) (public, points, members, later *Consultation, all []*Consultation) {
	day := 24 * time.Hour
	public = &Consultation{ID: 1, Audience: AudiencePublic, OpensAt: now.Add(-day), ClosesAt: now.Add(30 * day)}
	points = &Consultation{ID: 3, Audience: AudienceContactPoints, ContactPointIDs: []int64{1}, OpensAt: now.Add(-day), ClosesAt: now.Add(10 * day)}
	members = &Consultation{ID: 4, Audience: AudienceMembers, OpensAt: now.Add(-10 * day), ClosesAt: now.Add(-day)}
	later = &Consultation{ID: 5, Audience: AudiencePublic, OpensAt: now.Add(40 * day), ClosesAt: now.Add(70 * day)}
	return public, points, members, later, []*Consultation{points, public, members, later}
}

func TestChooseConsultation(t *testing.T) {
	now := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)
	public, points, members, later, all := consultationsOfOneVersion(now)
	for _, tc := range []struct {
		name   string
		at     time.Time
		source Source
		cp     int64
		want   *Consultation
	}{
		{"public gets the public one", now, SourcePublic, 0, public},
		{"the addressed contact point gets the one closing soonest", now, SourceContactPoint, 1, points},
		{"another contact point gets the public one", now, SourceContactPoint, 2, public},
		{"a member gets the public one while it is open", now, SourceMember, 0, public},
		{"after every period: the next one to open", now.Add(35 * 24 * time.Hour), SourcePublic, 0, later},
		{"after every period: the last one closed", now.Add(80 * 24 * time.Hour), SourcePublic, 0, later},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ChooseConsultation(all, tc.at, tc.source, tc.cp); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	if got := ChooseConsultation([]*Consultation{members}, now, SourcePublic, 0); got != nil {
		t.Errorf("a members' consultation chosen for the public: %+v", got)
	}
	if got := ChooseConsultation([]*Consultation{members}, now, SourceMember, 0); got != members {
		t.Errorf("members' closed consultation not chosen for a member: %+v", got)
	}
}

func TestConsultationFor(t *testing.T) {
	now := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)
	public, _, members, _, all := consultationsOfOneVersion(now)
	if c, err := ConsultationFor(all, now, SourcePublic, 0); err != nil || c != public {
		t.Fatalf("open: %v, %v", c, err)
	}
	if _, err := ConsultationFor(all, now.Add(35*24*time.Hour), SourcePublic, 0); ErrorCode(err) != ECLOSED {
		t.Errorf("between periods: %v, want ECLOSED", err)
	}
	if _, err := ConsultationFor([]*Consultation{members}, now, SourcePublic, 0); ErrorCode(err) != ECLOSED ||
		ErrorMessage(err) != "该版本目前没有向您征求意见。" {
		t.Errorf("not asked: %v", err)
	}
}

// TestConsultation_Accepts is the drifted case of issue 11: an anonymous
// opinion sent to a consultation for contact points only was filed under
// the version's public consultation. Sent to a consultation, an opinion is
// taken by that consultation or refused.
func TestConsultation_Accepts(t *testing.T) {
	now := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)
	public, points, members, later, _ := consultationsOfOneVersion(now)
	for _, tc := range []struct {
		name   string
		c      *Consultation
		source Source
		cp     int64
		want   string
	}{
		{"public to public", public, SourcePublic, 0, ""},
		{"anonymous to contact points only", points, SourcePublic, 0, EFORBIDDEN},
		{"member to contact points only", points, SourceMember, 0, EFORBIDDEN},
		{"addressed contact point", points, SourceContactPoint, 1, ""},
		{"another contact point", points, SourceContactPoint, 2, EFORBIDDEN},
		{"staff on someone's behalf", points, SourceStaff, 0, ""},
		{"public to members only", members, SourcePublic, 0, EFORBIDDEN},
		{"member after the period", members, SourceMember, 0, ECLOSED},
		{"before the period", later, SourcePublic, 0, ECLOSED},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ErrorCode(tc.c.Accepts(now, tc.source, tc.cp)); got != tc.want {
				t.Errorf("Accepts = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestArticleAnchor(t *testing.T) {
	for _, tc := range []struct {
		num, sub int
		want     string
	}{{12, 0, "art-12"}, {10, 1, "art-10-1"}, {0, 0, ""}} {
		if got := ArticleAnchor(tc.num, tc.sub); got != tc.want {
			t.Errorf("ArticleAnchor(%d, %d) = %q, want %q", tc.num, tc.sub, got, tc.want)
		}
	}
	if got := (&Article{Num: 10, Sub: 1}).Anchor(); got != "art-10-1" {
		t.Errorf("Article.Anchor = %q", got)
	}
	if got := (*Article)(nil).Anchor(); got != "" {
		t.Errorf("nil Article.Anchor = %q", got)
	}
}

func TestFormatDateTime(t *testing.T) {
	tm := time.Date(2024, 2, 29, 17, 30, 0, 0, time.UTC) // 1 March 01:30 in Beijing
	if got := FormatDate(tm); got != "2024年3月1日" {
		t.Errorf("FormatDate = %q", got)
	}
	if got := FormatDateTime(tm); got != "2024年3月1日 01:30" {
		t.Errorf("FormatDateTime = %q", got)
	}
	if FormatDate(time.Time{}) != "" || FormatDateTime(time.Time{}) != "" {
		t.Error("zero time not empty")
	}
	got, err := ParseLocalTime("2026-12-31T18:00")
	if err != nil || !got.Equal(time.Date(2026, 12, 31, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseLocalTime = %v, %v", got, err)
	}
	if _, err := ParseLocalTime("31/12/2026"); ErrorCode(err) != EINVALID {
		t.Errorf("ParseLocalTime(bad) = %v", err)
	}
}
