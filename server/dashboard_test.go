package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/parse"
)

// TestPages_MeetingForm checks the meeting form's wiring: a refused
// meeting comes back with everything typed and the bad row marked
// "第 4 行"; the consultation addressed to the contact point is
// preselected (or the one asked for); the templates download.
func TestPages_MeetingForm(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	ctx := context.Background()
	cp := f.addContactPoint(t, "沙河街道基层立法联系点", "")
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	_, pts := f.another(t, drafts.AudienceContactPoints, []int64{cp.ID}, fixtureStart.Add(-time.Hour), fixtureStart.Add(40*24*time.Hour))
	si := f.login(t, "liaison1")

	selected := func(body string) string {
		i := strings.Index(body, " checked>")
		j := strings.LastIndex(body[:max(i, 0)], `name="consultation_id" value="`)
		if i < 0 || j < 0 {
			return ""
		}
		v, _, _ := strings.Cut(body[j+len(`name="consultation_id" value="`):], `"`)
		return v
	}
	if got := selected(f.page(si, "/dashboard").Body.String()); got != itoa(pts.ID) {
		t.Errorf("preselected %q, want the contact point's consultation %d", got, pts.ID)
	}
	// The public consultation is listed with a link to comment on its page,
	// not offered the meeting form: that is for consultations asking the
	// contact point.
	dash := f.page(si, fmt.Sprintf("/dashboard?consultation=%d", f.cons.ID)).Body.String()
	if got := selected(dash); got != itoa(pts.ID) {
		t.Errorf("asked for the public consultation, preselected %q, want the contact point's %d", got, pts.ID)
	}
	if strings.Contains(dash, fmt.Sprintf(`name="consultation_id" value="%d"`, f.cons.ID)) ||
		strings.Contains(dash, fmt.Sprintf(`href="/dashboard?consultation=%d#meeting-h"`, f.cons.ID)) ||
		!strings.Contains(dash, fmt.Sprintf(`href="/dashboard?consultation=%d#meeting-h"`, pts.ID)) ||
		!strings.Contains(dash, fmt.Sprintf(`<a href="/consultations/%d">在线提出意见</a>`, f.cons.ID)) {
		t.Errorf("the meeting form should be offered for the contact point's consultation %d only, not the public %d", pts.ID, f.cons.ID)
	}
	if strings.Contains(dash, "待反馈") || !strings.Contains(dash, "请您提出意见的征求意见") {
		t.Error("the list of open consultations should read as consultations asking the liaison's opinion, not feedback owed to them")
	}

	v := url.Values{"consultation_id": {itoa(pts.ID)}, "date": {"2026-11-18"}, "place": {"沙河街道议事厅"}, "participants": {"20"},
		"note": {"居民代表座谈"}}
	for i, row := range [][2]string{{"第三条", "建议明确经费。"}, {"", "总体赞成。"}, {"第五条", "建议增加宣传。"}, {"第九百条", "条文写错了。"},
		{"第七条", "建议写明期限。"}, {"第八条", "第六行的意见。"}} {
		v.Set(fmt.Sprintf("article_%d", i+1), row[0])
		v.Set(fmt.Sprintf("text_%d", i+1), row[1])
	}
	w := f.form(si, "/dashboard/meetings", v)
	body := w.Body.String()
	if w.Code != http.StatusBadRequest || !strings.Contains(body, `<a href="#row-4">第 4 行</a>：该版本没有第九百条`) ||
		!strings.Contains(body, `class="meeting-row row-error" id="row-4"`) {
		t.Fatalf("bad row = %d\n%s", w.Code, body)
	}
	for _, typed := range []string{`value="2026-11-18"`, `value="沙河街道议事厅"`, `value="20"`, "居民代表座谈", `value="第九百条"`,
		"条文写错了。", "第六行的意见。", `id="text_6"`} {
		if !strings.Contains(body, typed) {
			t.Errorf("the refused form lost %s", typed)
		}
	}
	summary, _, _ := strings.Cut(body[strings.Index(body, `id="meeting-error"`):], "</div>")
	if strings.Contains(summary, "条意见") || !strings.Contains(summary, "第 4 行") {
		t.Errorf("the refusal should say 第 4 行, not 第 4 条意见 (read as an article number): %s", summary)
	}
	if n, _, _ := f.store.OpinionCount(ctx, pts.VersionID); n != 0 {
		t.Errorf("%d opinions stored from the refused form", n)
	}

	for _, tc := range []struct{ path, ctype, name string }{
		{"/dashboard/meeting-template.csv", "text/csv", "座谈会意见模板.csv"},
		{"/dashboard/meeting-template.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "座谈会意见模板.xlsx"},
	} {
		w := f.page(si, tc.path)
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), tc.ctype) ||
			!strings.Contains(w.Header().Get("Content-Disposition"), url.PathEscape(tc.name)) {
			t.Errorf("%s = %d %s %s", tc.path, w.Code, w.Header().Get("Content-Type"), w.Header().Get("Content-Disposition"))
			continue
		}
		if _, err := parse.BatchFile(tc.name, append(bytes.Clone(w.Body.Bytes()), "第三条,建议。,\n"...)); err != nil && tc.ctype == "text/csv" {
			t.Errorf("the CSV template filled in does not read: %v", err)
		}
	}
}

// TestPages_DashboardStaffSeesEveryOpenConsultation checks that staff's
// 正在征求意见 lists every open consultation, not only those that would take
// a member's opinions, and offers them no meeting form.
func TestPages_DashboardStaffSeesEveryOpenConsultation(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	cp := f.addContactPoint(t, "沙河街道基层立法联系点", "")
	_, pts := f.another(t, drafts.AudienceContactPoints, []int64{cp.ID}, fixtureStart.Add(-time.Hour), fixtureStart.Add(40*24*time.Hour))
	_, closed := f.another(t, drafts.AudiencePublic, nil, fixtureStart.Add(-48*time.Hour), fixtureStart.Add(-time.Hour))
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	body := f.page(f.login(t, "staff1"), "/dashboard").Body.String()
	if !strings.Contains(body, "正在征求意见") || strings.Contains(body, "待反馈") {
		t.Error("staff's list of open consultations is not headed 正在征求意见")
	}
	for _, c := range []*drafts.Consultation{f.cons, pts} {
		if !strings.Contains(body, fmt.Sprintf(`href="/consultations/%d"`, c.ID)) {
			t.Errorf("staff's dashboard lacks the open consultation %d (%s)", c.ID, c.Audience.Label())
		}
	}
	if strings.Contains(body, fmt.Sprintf(`href="/consultations/%d"`, closed.ID)) {
		t.Errorf("staff's dashboard lists the closed consultation %d as open", closed.ID)
	}
	if strings.Contains(body, `id="meeting-form"`) || strings.Contains(body, "在线提出意见") {
		t.Error("staff are offered the meeting form or asked to comment")
	}
}
