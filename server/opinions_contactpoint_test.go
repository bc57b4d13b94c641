package server

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
)

// TestPages_ContactPointCounts (issue 14): a contact point's public page
// and the list count the opinions it submitted, those adopted and those
// partly adopted, each on its own — the API gives the same figures.
func TestPages_ContactPointCounts(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	ctx := context.Background()
	cp := f.addContactPoint(t, "三元里街道基层立法联系点", "白云区")
	liaison := f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	_, pts := f.another(t, drafts.AudienceContactPoints, []int64{cp.ID}, fixtureStart.Add(-time.Hour), fixtureStart.Add(10*24*time.Hour))
	var rows []consultations.MeetingOpinion
	for i := range 5 {
		rows = append(rows, consultations.MeetingOpinion{Article: 3 + i, Text: fmt.Sprintf("居民建议 %d。", i+1)})
	}
	_, ops, err := f.consultations.SubmitMeeting(ctx, liaison, consultations.Meeting{ConsultationID: pts.ID, Date: "2026-11-18",
		Place: "三元里街道议事厅", Participants: 18, Opinions: rows})
	if err != nil {
		t.Fatal(err)
	}
	answer := func(d drafts.Disposition, ops ...*drafts.Opinion) {
		var ids []int64
		for _, o := range ops {
			ids = append(ids, o.ID)
		}
		if _, err := f.store.AnswerOpinions(ctx, "staff", ids, drafts.Answer{Disposition: d, Reason: "理由。"}); err != nil {
			t.Fatal(err)
		}
	}
	answer(drafts.DispositionAdopted, ops[0], ops[1])
	answer(drafts.DispositionPartly, ops[2])
	answer(drafts.DispositionRejected, ops[3])
	path := fmt.Sprintf("/contact-points/%d", cp.ID)
	body := f.page(nil, path).Body.String()
	for id, want := range map[string]string{"cp-opinions": "5 条", "cp-adopted": "2 条", "cp-partly": "1 条"} {
		if got := regexp.MustCompile(`<dd id="` + id + `">([^<]*)</dd>`).FindStringSubmatch(body); got == nil || got[1] != want {
			t.Errorf("%s = %v, want %q", id, got, want)
		}
	}
	if !strings.Contains(body, "已答复 4 条，其中采纳 2 条、部分采纳 1 条。") {
		t.Errorf("the consultation's row does not count them")
	}
	if list := f.page(nil, "/contact-points").Body.String(); !strings.Contains(list, "提出意见 5 条，其中采纳 2 条、部分采纳 1 条。") {
		t.Errorf("the list does not count them")
	}
	var p consultations.ContactPointPage
	decode(t, f.get("/api/v1"+path), &p)
	if p.Totals.Opinions != 5 || p.Totals.Adopted != 2 || p.Totals.Partly != 1 {
		t.Errorf("API totals %+v", p.Totals)
	}
}
