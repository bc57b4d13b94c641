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

// TestPages_CountsPerConsultation: two consultations on one reading — the
// public's and the contact points' — each count their own opinions on
// their page, in the API and in their heat map, not the version's; the
// contact points' heat map is not shown to the public.
func TestPages_CountsPerConsultation(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.noSignInLimits()
	ctx := context.Background()
	cp := f.addContactPoint(t, "甲街道联系点", "")
	points := &drafts.Consultation{VersionID: f.version.ID, Audience: drafts.AudienceContactPoints, ContactPointIDs: []int64{cp.ID},
		OpensAt: fixtureStart.Add(-time.Hour), ClosesAt: fixtureStart.Add(10 * 24 * time.Hour)}
	if err := f.store.CreateConsultation(ctx, "staff", points); err != nil {
		t.Fatal(err)
	}
	liaison := f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	for i := range 2 {
		if code, body := f.post(map[string]any{"article": 3, "text": fmt.Sprintf("公众意见 %d。", i+1)}); code != http.StatusCreated {
			t.Fatalf("public opinion: %d %v", code, body)
		}
	}
	if _, _, err := f.consultations.SubmitMeeting(ctx, liaison, consultations.Meeting{ConsultationID: points.ID, Date: "2026-11-18",
		Place: "议事厅", Participants: 12, Opinions: []consultations.MeetingOpinion{
			{Article: 5, Text: "联系点意见一。"}, {Article: 5, Text: "联系点意见二。"}, {Article: 6, Text: "联系点意见三。"}}}); err != nil {
		t.Fatal(err)
	}
	staff := f.login(t, "staff1")
	for _, c := range []struct {
		cons       *drafts.Consultation
		si         *signedIn
		stats      string
		maxArticle string
	}{
		{f.cons, nil, "共收到 2 人次提出的 2 条意见", "最多的一条 2 条"},
		{f.cons, staff, "共收到 2 人次提出的 2 条意见", "最多的一条 2 条"},
		{points, staff, "共收到 12 人次提出的 3 条意见", "最多的一条 2 条"},
	} {
		page := f.page(c.si, fmt.Sprintf("/consultations/%d", c.cons.ID)).Body.String()
		if !strings.Contains(page, c.stats) || !strings.Contains(page, fmt.Sprintf(`src="/api/v1/consultations/%d/heatmap.svg"`, c.cons.ID)) {
			t.Errorf("consultation %d: the page does not say %q or lacks its heat map", c.cons.ID, c.stats)
		}
		svg := f.req(c.si, "GET", fmt.Sprintf("/api/v1/consultations/%d/heatmap.svg", c.cons.ID), nil, false)
		if svg.Code != http.StatusOK || !strings.Contains(svg.Body.String(), fmt.Sprintf("共 %d 条意见，%s", map[int64]int{f.cons.ID: 2, points.ID: 3}[c.cons.ID], c.maxArticle)) {
			t.Errorf("consultation %d heat map: %d %.300s", c.cons.ID, svg.Code, svg.Body)
		}
	}
	if w := f.req(nil, "GET", fmt.Sprintf("/api/v1/consultations/%d/heatmap.svg", points.ID), nil, false); w.Code != http.StatusNotFound {
		t.Errorf("the public sees the contact points' heat map: %d", w.Code)
	}
}
