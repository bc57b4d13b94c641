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

// TestConsultations_StayWithTheirAudience: a members-only consultation
// (or one for chosen contact points) was visible to anyone — its page with
// its instructions, the members' opinions and the staff's answers — and the
// anonymous consultation list held every consultation with contact point
// ids. Every audience × role is checked on the pages and the API.
func TestConsultations_StayWithTheirAudience(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	ctx := context.Background()
	cpA := &drafts.ContactPoint{Name: "甲街道联系点"}
	cpB := &drafts.ContactPoint{Name: "乙街道联系点"}
	for _, cp := range []*drafts.ContactPoint{cpA, cpB} {
		if err := f.store.CreateContactPoint(ctx, "admin", cp); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(aud drafts.Audience, cps []int64, opens time.Time, instr string) *drafts.Consultation {
		c := &drafts.Consultation{VersionID: f.version.ID, Audience: aud, ContactPointIDs: cps, Title: instr,
			OpensAt: opens, ClosesAt: fixtureStart.Add(20 * 24 * time.Hour), Instructions: instr + "的说明"}
		if err := f.store.CreateConsultation(ctx, "staff", c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	open := fixtureStart.Add(-time.Hour)
	members := mk(drafts.AudienceMembers, nil, open, "委员专用征求意见")
	chosen := mk(drafts.AudienceContactPoints, []int64{cpA.ID}, open, "甲联系点征求意见")
	later := mk(drafts.AudiencePublic, nil, fixtureStart.Add(48*time.Hour), "下周公开征求意见")
	public := f.cons

	f.addAccount(t, "member1", drafts.RoleMember, 0)
	f.addAccount(t, "liaisonA", drafts.RoleLiaison, cpA.ID)
	f.addAccount(t, "liaisonB", drafts.RoleLiaison, cpB.ID)
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	roles := map[string]*signedIn{"public": nil, "member": f.login(t, "member1"), "liaison of an addressed point": f.login(t, "liaisonA"),
		"liaison of another point": f.login(t, "liaisonB"), "staff": f.login(t, "staff1")}

	// A member's opinion on the members' consultation, answered by staff.
	w := f.req(roles["member"], "POST", fmt.Sprintf("/api/v1/versions/%d/opinions", f.version.ID),
		map[string]any{"article": 2, "text": "委员的秘密意见"}, true)
	if w.Code != http.StatusCreated {
		t.Fatalf("member opinion: %d %s", w.Code, w.Body)
	}
	ops, _, _ := f.store.Opinions(ctx, drafts.OpinionFilter{ConsultationID: members.ID})
	if len(ops) != 1 {
		t.Fatalf("member opinion filed under %v", ops)
	}
	if _, err := f.store.AnswerOpinions(ctx, "staff1", []int64{ops[0].ID}, drafts.Answer{Disposition: drafts.DispositionAdopted, Reason: "工作人员的答复"}); err != nil {
		t.Fatal(err)
	}

	sees := map[*drafts.Consultation]map[string]bool{
		public:  {"public": true, "member": true, "liaison of an addressed point": true, "liaison of another point": true, "staff": true},
		later:   {"public": true, "member": true, "liaison of an addressed point": true, "liaison of another point": true, "staff": true},
		members: {"member": true, "staff": true},
		chosen:  {"liaison of an addressed point": true, "staff": true},
	}
	for cons, who := range sees {
		for role, si := range roles {
			want := who[role]
			name := fmt.Sprintf("%s as %s", cons.Title, role)
			page := f.page(si, fmt.Sprintf("/consultations/%d", cons.ID))
			form := f.page(si, fmt.Sprintf("/consultations/%d/opinion?article=1", cons.ID))
			api := f.req(si, "GET", fmt.Sprintf("/api/v1/consultations/%d", cons.ID), nil, false)
			if want {
				if page.Code != 200 || !strings.Contains(page.Body.String(), cons.Instructions) || form.Code != 200 || api.Code != 200 {
					t.Errorf("%s: page %d form %d api %d, want 200", name, page.Code, form.Code, api.Code)
				}
				if role != "staff" && strings.Contains(api.Body.String(), "contact_point_ids") {
					t.Errorf("%s: API shows the contact points asked: %s", name, api.Body)
				}
				continue
			}
			for what, w := range map[string]int{"page": page.Code, "form": form.Code} {
				wantCode := http.StatusNotFound
				if si == nil {
					wantCode = http.StatusSeeOther // to the login page
				}
				if w != wantCode {
					t.Errorf("%s: %s %d, want %d", name, what, w, wantCode)
				}
			}
			if strings.Contains(page.Body.String(), cons.Instructions) || strings.Contains(page.Body.String(), "秘密意见") ||
				strings.Contains(page.Body.String(), "工作人员的答复") {
				t.Errorf("%s: page shows what it should not", name)
			}
			if api.Code != http.StatusNotFound {
				t.Errorf("%s: API %d, want 404", name, api.Code)
			}
			post := f.form(si, fmt.Sprintf("/consultations/%d/opinion", cons.ID), map[string][]string{"article": {"1"}, "text": {"意见"}})
			if post.Code != http.StatusNotFound {
				t.Errorf("%s: submitting to it: %d, want 404", name, post.Code)
			}
		}
	}
	// The answered member opinion shows on its consultation for members.
	if body := f.page(roles["member"], fmt.Sprintf("/consultations/%d", members.ID)).Body.String(); !strings.Contains(body, "工作人员的答复") {
		t.Error("a member does not see the answers on the members' consultation")
	}

	// The lists.
	for role, si := range roles {
		w := f.req(si, "GET", "/api/v1/consultations", nil, false)
		var out struct {
			Consultations []map[string]any `json:"consultations"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil || w.Code != 200 {
			t.Fatalf("%s list: %d %s", role, w.Code, w.Body)
		}
		got := map[int64]bool{}
		for _, c := range out.Consultations {
			got[int64(c["id"].(float64))] = true
			if _, ok := c["contact_point_ids"]; ok && role != "staff" {
				t.Errorf("%s list shows contact point ids: %v", role, c)
			}
		}
		for cons, who := range sees {
			if got[cons.ID] != who[role] {
				t.Errorf("%s list: %s listed=%v, want %v", role, cons.Title, got[cons.ID], who[role])
			}
		}
	}
	// Counts: the public does not count the members' opinion.
	w = f.req(nil, "GET", fmt.Sprintf("/api/v1/versions/%d/opinions/stats", f.version.ID), nil, false)
	if !strings.Contains(w.Body.String(), `"opinions":0`) {
		t.Errorf("public stats count the members' opinion: %s", w.Body)
	}
	if w := f.req(nil, "GET", fmt.Sprintf("/api/v1/versions/%d/opinions/heatmap.svg", f.version.ID), nil, false); w.Code != http.StatusNotFound {
		t.Errorf("public heat map of a version with a members' consultation: %d", w.Code)
	}
	w = f.req(roles["staff"], "GET", fmt.Sprintf("/api/v1/versions/%d/opinions/stats", f.version.ID), nil, false)
	if !strings.Contains(w.Body.String(), `"opinions":1`) {
		t.Errorf("staff stats: %s", w.Body)
	}

	// A consultation not yet open says when it opens and offers no form.
	for _, target := range []string{fmt.Sprintf("/consultations/%d", later.ID), fmt.Sprintf("/consultations/%d/opinion?article=1", later.ID)} {
		body := f.page(nil, target).Body.String()
		if !strings.Contains(body, "尚未开始") || !strings.Contains(body, drafts.FormatDateTime(later.OpensAt)) {
			t.Errorf("%s does not say when it opens", target)
		}
		if strings.Contains(body, `id="opinion-form"`) || strings.Contains(body, "对本条提出意见") || strings.Contains(body, "对草案整体提出意见") {
			t.Errorf("%s offers a form before it opens", target)
		}
	}
}
