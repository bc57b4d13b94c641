package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
)

// TestPages_VersionBannerEveryOpenConsultation checks that staff see, on a
// version with two open consultations, a link to each in the banner, while
// the public and a liaison see only the one that asks them.
func TestPages_VersionBannerEveryOpenConsultation(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.noSignInLimits()
	ctx := context.Background()
	cp := f.addContactPoint(t, "甲街道联系点", "")
	v, points := f.another(t, drafts.AudienceContactPoints, []int64{cp.ID}, fixtureStart.Add(-time.Hour), fixtureStart.Add(10*24*time.Hour))
	public, err := f.consultations.Open(ctx, "staff", consultations.NewConsultation{VersionID: v.ID, Audience: drafts.AudiencePublic,
		OpensAt: fixtureStart.Add(-time.Hour), ClosesAt: fixtureStart.Add(30 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	link := func(c *drafts.Consultation) string { return fmt.Sprintf(`<a href="/consultations/%d">`, c.ID) }
	for name, tc := range map[string]struct {
		si   *signedIn
		want []*drafts.Consultation
		not  []*drafts.Consultation
	}{
		"staff":   {f.login(t, "staff1"), []*drafts.Consultation{points, public}, nil},
		"public":  {nil, []*drafts.Consultation{public}, []*drafts.Consultation{points}},
		"liaison": {f.login(t, "liaison1"), []*drafts.Consultation{points}, []*drafts.Consultation{public}},
	} {
		body := f.page(tc.si, fmt.Sprintf("/versions/%d", v.ID)).Body.String()
		i := strings.Index(body, `id="op-banner"`)
		if i < 0 {
			t.Errorf("%s: no banner", name)
			continue
		}
		banner, _, _ := strings.Cut(body[i:], "</aside>")
		for _, c := range tc.want {
			if !strings.Contains(banner, link(c)) {
				t.Errorf("%s: the banner lacks consultation %d (%s):\n%s", name, c.ID, c.Audience.Label(), banner)
			}
		}
		for _, c := range tc.not {
			if strings.Contains(banner, link(c)) {
				t.Errorf("%s: the banner shows consultation %d (%s), which does not ask them", name, c.ID, c.Audience.Label())
			}
		}
		if multi := strings.Contains(banner, `id="op-banner-list"`); multi != (len(tc.want) > 1) {
			t.Errorf("%s: list of consultations shown %t", name, multi)
		}
	}
}
