package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
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
	cp := &drafts.ContactPoint{Name: "甲街道联系点"}
	if err := f.store.CreateContactPoint(ctx, "admin", cp); err != nil {
		t.Fatal(err)
	}
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
