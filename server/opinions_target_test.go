package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
)

// TestAPI_OpinionToAConsultation: POST /api/v1/consultations/{id}/opinions
// files the opinion under that consultation or refuses it — a member
// writing to the public consultation of a version that also has a
// members' one is filed under the public one; a consultation the sender
// may not see is 404, one closed is 409; it is never filed elsewhere.
func TestAPI_OpinionToAConsultation(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.noSignInLimits()
	ctx := context.Background()
	cp := f.addContactPoint(t, "甲街道联系点", "")
	mk := func(aud drafts.Audience, cps []int64, closes time.Time) *drafts.Consultation {
		c := &drafts.Consultation{VersionID: f.version.ID, Audience: aud, ContactPointIDs: cps,
			OpensAt: fixtureStart.Add(-48 * time.Hour), ClosesAt: closes}
		if err := f.store.CreateConsultation(ctx, "staff", c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	month := fixtureStart.Add(30 * 24 * time.Hour)
	members := mk(drafts.AudienceMembers, nil, month)
	points := mk(drafts.AudienceContactPoints, []int64{cp.ID}, month)
	closed := mk(drafts.AudiencePublic, nil, fixtureStart.Add(-time.Hour))
	f.addAccount(t, "member1", drafts.RoleMember, 0)
	member := f.login(t, "member1")

	send := func(si *signedIn, c *drafts.Consultation) (int, int64) {
		t.Helper()
		w := f.req(si, "POST", fmt.Sprintf("/api/v1/consultations/%d/opinions", c.ID), map[string]any{"article": 2, "text": "建议明确本条的适用范围。"}, true)
		var out struct {
			Receipt string `json:"receipt"`
		}
		if w.Code != http.StatusCreated {
			return w.Code, 0
		}
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		op, err := f.store.OpinionByReceipt(ctx, out.Receipt)
		if err != nil {
			t.Fatal(err)
		}
		return w.Code, op.ConsultationID
	}
	// The version's consultation for a member is the members' one; sent
	// to the public one, it stays there.
	if code, got := send(member, f.cons); code != http.StatusCreated || got != f.cons.ID {
		t.Errorf("member to the public consultation: %d, filed under %d, want %d", code, got, f.cons.ID)
	}
	if code, got := send(member, members); code != http.StatusCreated || got != members.ID {
		t.Errorf("member to the members' consultation: %d, filed under %d", code, got)
	}
	if code, got := send(nil, f.cons); code != http.StatusCreated || got != f.cons.ID {
		t.Errorf("public to the public consultation: %d, filed under %d", code, got)
	}
	for name, c := range map[string]struct {
		si   *signedIn
		cons *drafts.Consultation
		want int
	}{
		"public to the members'":        {nil, members, http.StatusNotFound},
		"public to the contact points'": {nil, points, http.StatusNotFound},
		"member to the contact points'": {member, points, http.StatusNotFound},
		"public to a closed one":        {nil, closed, http.StatusConflict},
	} {
		if code, _ := send(c.si, c.cons); code != c.want {
			t.Errorf("%s: %d, want %d", name, code, c.want)
		}
	}
	if w := f.req(nil, "POST", "/api/v1/consultations/9999/opinions", map[string]any{"text": "意见"}, false); w.Code != http.StatusNotFound {
		t.Errorf("unknown consultation: %d", w.Code)
	}
	if _, total, _ := f.store.Opinions(ctx, drafts.OpinionFilter{VersionID: f.version.ID}); total != 3 {
		t.Errorf("%d opinions stored, want the 3 accepted", total)
	}
}

// TestPages_CommentLinksOnlyForTheAudience: a reading asked of members
// only offers no comment link or banner to the public or to a liaison;
// a member sees every article's link, to the members' consultation; and
// the consultation page offers its links only to who may comment.
func TestPages_CommentLinksOnlyForTheAudience(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.noSignInLimits()
	cp := f.addContactPoint(t, "甲街道联系点", "")
	v, members := f.another(t, drafts.AudienceMembers, nil, fixtureStart.Add(-time.Hour), fixtureStart.Add(10*24*time.Hour))
	f.addAccount(t, "member1", drafts.RoleMember, 0)
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	articles := len(v.Document.Articles)
	for name, c := range map[string]struct {
		si    *signedIn
		links int
	}{
		"public":  {nil, 0},
		"liaison": {f.login(t, "liaison1"), 0},
		"member":  {f.login(t, "member1"), articles},
	} {
		body := f.page(c.si, fmt.Sprintf("/versions/%d", v.ID)).Body.String()
		if n := strings.Count(body, `class="op-link"`); n != c.links {
			t.Errorf("%s: %d comment links on the members' reading, want %d", name, n, c.links)
		}
		if c.links > 0 && strings.Count(body, fmt.Sprintf(`href="/consultations/%d/opinion?article=`, members.ID)) < articles {
			t.Errorf("%s: the links do not go to the members' consultation", name)
		}
		if c.links == 0 && strings.Contains(body, `id="op-banner"`) {
			t.Errorf("%s: a banner asks for opinions it may not give", name)
		}
		page := f.page(c.si, fmt.Sprintf("/consultations/%d", members.ID)).Body.String()
		if n := strings.Count(page, "对本条提出意见"); n != c.links {
			t.Errorf("%s: the consultation page has %d comment links, want %d", name, n, c.links)
		}
	}
}
