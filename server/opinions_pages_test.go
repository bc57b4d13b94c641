package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
)

// form posts a URL-encoded form as the session (nil: anonymous).
func (f *opFixture) form(si *signedIn, target string, v url.Values) *httptest.ResponseRecorder {
	if si != nil {
		v.Set("csrf", si.csrf)
	}
	r := httptest.NewRequest("POST", target, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if si != nil {
		r.AddCookie(si.cookie)
	}
	w := httptest.NewRecorder()
	f.Handler().ServeHTTP(w, r)
	return w
}

func (f *opFixture) page(si *signedIn, target string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", target, nil)
	if si != nil {
		r.AddCookie(si.cookie)
	}
	w := httptest.NewRecorder()
	f.Handler().ServeHTTP(w, r)
	return w
}

func TestPages_PublicComment(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	if w := f.page(nil, "/"); !strings.Contains(w.Body.String(), fmt.Sprintf("/consultations/%d", f.cons.ID)) {
		t.Errorf("home page lacks the open consultation")
	}
	w := f.page(nil, fmt.Sprintf("/consultations/%d", f.cons.ID))
	if w.Code != 200 || !strings.Contains(w.Body.String(), "对本条提出意见") || !strings.Contains(w.Body.String(), "正在征求意见") {
		t.Fatalf("consultation page = %d", w.Code)
	}
	w = f.page(nil, fmt.Sprintf("/consultations/%d/opinion?article=12", f.cons.ID))
	if w.Code != 200 || !strings.Contains(w.Body.String(), "对第十二条提出意见") || !strings.Contains(w.Body.String(), `name="website"`) {
		t.Fatalf("form page = %d %s", w.Code, w.Body)
	}
	w = f.form(nil, fmt.Sprintf("/consultations/%d/opinion", f.cons.ID), url.Values{"article": {"12"}, "text": {""}})
	if w.Code != 400 || !strings.Contains(w.Body.String(), "意见内容不能为空") {
		t.Errorf("empty form = %d", w.Code)
	}
	w = f.form(nil, fmt.Sprintf("/consultations/%d/opinion", f.cons.ID), url.Values{"article": {"12"}, "text": {"建议提高罚款。"}, "contact": {"13900000000"}})
	// Post, redirect, get: the receipt page of the new opinion.
	m := regexp.MustCompile(`YJ-[0-9A-Z]{5}-[0-9A-Z]{6}`).FindString(w.Header().Get("Location"))
	if w.Code != http.StatusSeeOther || m == "" || !strings.HasPrefix(w.Header().Get("Location"), "/receipts?new=1&r=") {
		t.Fatalf("submit = %d %s", w.Code, w.Header().Get("Location"))
	}
	if w := f.page(nil, w.Header().Get("Location")); !strings.Contains(w.Body.String(), "意见已收到") || !strings.Contains(w.Body.String(), m) {
		t.Errorf("the page after submitting: %s", w.Body)
	}
	w = f.page(nil, "/receipts?r="+strings.ToLower(m))
	if !strings.Contains(w.Body.String(), "建议提高罚款。") || strings.Contains(w.Body.String(), "13900000000") || !strings.Contains(w.Body.String(), "尚未答复") {
		t.Errorf("receipt page: %s", w.Body)
	}
	// Closed: the page says so and the form is gone.
	_, closed := f.another(t, drafts.AudiencePublic, nil, fixtureStart.Add(-48*time.Hour), fixtureStart.Add(-time.Hour))
	w = f.page(nil, fmt.Sprintf("/consultations/%d/opinion?article=12", closed.ID))
	if !strings.Contains(w.Body.String(), "征求意见期已于") || strings.Contains(w.Body.String(), `id="opinion-form"`) {
		t.Errorf("closed form page: %s", w.Body)
	}
}

func TestPages_StaffAndContactPoint(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	ctx := context.Background()
	cp := f.addContactPoint(t, "沙河街道联系点", "")
	f.addAccount(t, "admin1", drafts.RoleAdmin, 0)
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	admin, staff, liaison := f.login(t, "admin1"), f.login(t, "staff1"), f.login(t, "liaison1")

	// The dashboard lists the public consultation for the liaison to
	// comment on its page; the meeting form is only for consultations
	// asking contact points, and so is the form's handler (like the API).
	w := f.page(liaison, "/dashboard")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "在线提出意见") || strings.Contains(w.Body.String(), `id="meeting-form"`) {
		t.Fatalf("dashboard = %d %s", w.Code, w.Body)
	}
	meeting := url.Values{"consultation_id": {fmt.Sprint(f.cons.ID)}, "date": {"2026-11-18"},
		"place": {"沙河街道议事厅"}, "participants": {"20"}, "article_1": {"第三条"}, "text_1": {"建议明确经费。"},
		"article_2": {""}, "text_2": {"总体赞成。"}}
	if w := f.form(liaison, "/dashboard/meetings", meeting); w.Code != http.StatusBadRequest {
		t.Errorf("a meeting on the public consultation = %d", w.Code)
	}
	pts, err := f.consultations.Open(ctx, "staff", consultations.NewConsultation{VersionID: f.version.ID, Audience: drafts.AudienceContactPoints,
		ContactPointIDs: []int64{cp.ID}, OpensAt: fixtureStart.Add(-time.Hour), ClosesAt: fixtureStart.Add(30 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	meeting.Set("consultation_id", fmt.Sprint(pts.ID))
	w = f.form(liaison, "/dashboard/meetings", meeting)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/dashboard#meetings" {
		t.Fatalf("meeting form = %d %s", w.Code, w.Body)
	}
	if w := f.page(liaison, "/dashboard"); !strings.Contains(w.Body.String(), "沙河街道议事厅") {
		t.Errorf("the dashboard after the meeting lacks it: %s", w.Body)
	}
	// Without the CSRF token the same form is refused.
	r := httptest.NewRequest("POST", "/dashboard/meetings", strings.NewReader("date=2026-11-18"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(liaison.cookie)
	rec := httptest.NewRecorder()
	f.Handler().ServeHTTP(rec, r)
	if rec.Code != http.StatusForbidden {
		t.Errorf("meeting without CSRF = %d", rec.Code)
	}
	// Staff answer one, see it in the liaison's dashboard.
	w = f.page(staff, fmt.Sprintf("/staff/opinions?version=%d", f.version.ID))
	if w.Code != 200 || !strings.Contains(w.Body.String(), "建议明确经费。") {
		t.Fatalf("inbox = %d", w.Code)
	}
	ops, _, _ := f.store.Opinions(ctx, drafts.OpinionFilter{VersionID: f.version.ID, Article: 3})
	w = f.follow(t, staff, f.form(staff, "/staff/opinions", url.Values{"ids": {fmt.Sprint(ops[0].ID)}, "action": {"answer"}, "disposition": {"采纳"},
		"reason": {"已在第三条中明确区级经费保障。"}, "next": {fmt.Sprintf("/staff/opinions?version=%d", f.version.ID)}}))
	if w.Code != 200 || !strings.Contains(w.Body.String(), "已答复 1 条意见") {
		t.Fatalf("answer form = %d %s", w.Code, w.Body)
	}
	if w := f.page(liaison, "/dashboard"); !strings.Contains(w.Body.String(), "已在第三条中明确区级经费保障。") || strings.Contains(w.Body.String(), "/staff/opinions") {
		t.Errorf("liaison dashboard lacks the answer or shows staff links")
	}
	if w := f.page(staff, "/dashboard"); !strings.Contains(w.Body.String(), "/staff/opinions") || strings.Contains(w.Body.String(), "/admin/accounts") {
		t.Errorf("staff dashboard links wrong")
	}
	// The published, answered opinion is shown to the consultation's
	// audience with its answer.
	if w := f.page(liaison, fmt.Sprintf("/consultations/%d", pts.ID)); !strings.Contains(w.Body.String(), "采纳：已在第三条中明确区级经费保障。") {
		t.Errorf("the consultation page lacks the answered opinion")
	}
	if w := f.page(staff, fmt.Sprintf("/staff/versions/%d/summary", f.version.ID)); w.Code != 200 || !strings.Contains(w.Body.String(), "<svg") {
		t.Errorf("summary = %d", w.Code)
	}
	if w := f.page(staff, "/admin/accounts"); w.Code != http.StatusForbidden {
		t.Errorf("staff on admin page = %d", w.Code)
	}
	if w := f.page(liaison, fmt.Sprintf("/staff/opinions?version=%d", f.version.ID)); w.Code != http.StatusForbidden {
		t.Errorf("liaison on inbox = %d", w.Code)
	}
	if w := f.page(nil, "/staff/opinions"); w.Code != http.StatusSeeOther {
		t.Errorf("anonymous inbox = %d", w.Code)
	}
	w = f.follow(t, admin, f.form(admin, "/admin/accounts", url.Values{"action": {"account"}, "name": {"member9"}, "role": {"member"}, "password": {"password-999"}}))
	if w.Code != 200 || !strings.Contains(w.Body.String(), "已创建用户 member9") {
		t.Errorf("admin create = %d %s", w.Code, w.Body)
	}
	w = f.page(staff, fmt.Sprintf("/staff/consultations/new?version=%d", f.version.ID))
	if w.Code != 200 {
		t.Errorf("new consultation page = %d", w.Code)
	}
	w = f.form(staff, "/staff/consultations/new", url.Values{"version_id": {fmt.Sprint(f.version.ID)}, "audience": {"members"},
		"opens_at": {"2026-11-20T09:00"}, "closes_at": {"2026-12-20T18:00"}})
	if w.Code != http.StatusSeeOther {
		t.Errorf("create consultation form = %d %s", w.Code, w.Body)
	}
	// Login form with name and password.
	w = f.form(nil, "/admin/login", url.Values{"name": {"staff1"}, "password": {"wrong"}})
	if w.Code != 401 || !strings.Contains(w.Body.String(), "用户名或密码错误") {
		t.Errorf("bad login form = %d", w.Code)
	}
	w = f.form(nil, "/admin/login", url.Values{"name": {"staff1"}, "password": {"password-123"}, "next": {"/staff/opinions"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/staff/opinions" {
		t.Errorf("login form = %d %s", w.Code, w.Header().Get("Location"))
	}
}
