package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
)

// TestPages_ContactPoint checks the wiring of a contact point's public
// page and its API: the figures, the consultation linked only for who may
// see it, 404 for an unknown one.
func TestPages_ContactPoint(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	ctx := context.Background()
	cp := f.addContactPoint(t, "三元里街道基层立法联系点", "白云区")
	liaison := f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	_, pts := f.another(t, drafts.AudienceContactPoints, []int64{cp.ID}, fixtureStart.Add(-time.Hour), fixtureStart.Add(10*24*time.Hour))
	_, ops, err := f.consultations.SubmitMeeting(ctx, liaison, consultations.Meeting{ConsultationID: pts.ID, Date: "2026-11-18",
		Place: "三元里街道议事厅", Participants: 18, Opinions: []consultations.MeetingOpinion{
			{Article: 3, Text: "建议明确区级湿地保护经费。"}, {Article: 20, Text: "建议加大对非法捕捞的处罚。"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.AnswerOpinions(ctx, "staff", []int64{ops[0].ID}, drafts.Answer{Disposition: drafts.DispositionAdopted, Reason: "已采纳。"}); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/contact-points/%d", cp.ID)
	w := f.page(nil, path)
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, "三元里街道基层立法联系点") || !strings.Contains(body, "白云区") ||
		!strings.Contains(body, "广州市湿地保护规定（修订）") || !strings.Contains(body, "提出意见 <strong>2</strong> 条") ||
		!strings.Contains(body, "采纳 1 条") {
		t.Fatalf("GET %s = %d\n%s", path, w.Code, body)
	}
	link := fmt.Sprintf(`href="/consultations/%d"`, pts.ID)
	if strings.Contains(body, link) {
		t.Error("the public page links to a consultation for contact points only")
	}
	if w := f.page(f.login(t, "liaison1"), path); !strings.Contains(w.Body.String(), link) {
		t.Error("the page does not link the liaison to its consultation")
	}
	if w := f.page(nil, "/contact-points"); !strings.Contains(w.Body.String(), `href="`+path+`"`) {
		t.Errorf("the list does not link to the contact point: %s", w.Body)
	}
	var p consultations.ContactPointPage
	w = f.get("/api/v1" + path)
	decode(t, w, &p)
	if w.Code != http.StatusOK || p.Totals.Opinions != 2 || p.Totals.Adopted != 1 || len(p.Rows) != 1 || p.Rows[0].Consultation != nil {
		t.Errorf("API = %d %s", w.Code, w.Body)
	}
	if w := f.get("/api/v1/contact-points/999"); w.Code != http.StatusNotFound {
		t.Errorf("unknown contact point = %d", w.Code)
	}
}
