package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"lifa/drafts"
)

func TestAccountPages_PasswordChange(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.noSignInLimits()
	cp := f.addContactPoint(t, "沙河街道联系点", "")
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	f.addAccount(t, "member1", drafts.RoleMember, 0)
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	ms := f.login(t, "member1")

	if w := f.page(nil, "/account/password"); w.Code != http.StatusSeeOther {
		t.Errorf("anonymous GET = %d", w.Code)
	}
	if w := f.form(nil, "/account/password", url.Values{"current": {"password-123"}, "new": {"new-password-1"}, "confirm": {"new-password-1"}}); w.Code != http.StatusUnauthorized {
		t.Errorf("anonymous POST = %d", w.Code)
	}
	if w := f.do("GET", "/account/password", nil, nil, true); w.Code != http.StatusForbidden {
		t.Errorf("admin token = %d", w.Code)
	}
	if w := f.page(ms, "/account/password"); w.Code != 200 || !strings.Contains(w.Body.String(), `autocomplete="current-password"`) {
		t.Fatalf("GET = %d", w.Code)
	}
	good := url.Values{"current": {"password-123"}, "new": {"new-password-1"}, "confirm": {"new-password-1"}}
	if w := f.formNoCSRF(ms, "/account/password", good); w.Code != http.StatusForbidden {
		t.Errorf("without CSRF = %d", w.Code)
	}
	for _, tc := range []struct {
		cur, next, again string
		code             int
		msg              string
	}{
		{"wrong-password", "new-password-1", "new-password-1", 401, "当前密码不正确"},
		{"password-123", "new-password-1", "new-password-2", 400, "两次输入的新密码不一致"},
		{"password-123", "short", "short", 400, "密码至少"},
		{"password-123", "password-123", "password-123", 400, "不能与当前密码相同"},
	} {
		w := f.form(ms, "/account/password", url.Values{"current": {tc.cur}, "new": {tc.next}, "confirm": {tc.again}})
		if w.Code != tc.code || !strings.Contains(w.Body.String(), tc.msg) {
			t.Errorf("%s/%s/%s = %d, want %d %q", tc.cur, tc.next, tc.again, w.Code, tc.code, tc.msg)
		}
	}
	// Still the old password after the refusals.
	f.login(t, "member1")
	other := f.login(t, "member1") // another browser

	w := f.form(ms, "/account/password", good)
	var fresh *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie && c.Value != "" {
			fresh = c
		}
	}
	if fresh == nil {
		t.Fatal("no fresh session cookie after the change")
	}
	if w := f.follow(t, ms, w); w.Code != 200 || !strings.Contains(w.Body.String(), "密码已修改") {
		t.Fatalf("change = %d %s", w.Code, w.Body)
	}
	// This browser stays signed in; the other sessions are over.
	if w := f.page(&signedIn{cookie: fresh}, "/account/password"); w.Code != 200 {
		t.Errorf("fresh session = %d", w.Code)
	}
	if w := f.page(other, "/account/password"); w.Code != http.StatusSeeOther {
		t.Errorf("other session after the change = %d", w.Code)
	}
	if w := f.postJSON("/api/v1/login", map[string]string{"name": "member1", "password": "password-123"}, false); w.Code != http.StatusUnauthorized {
		t.Errorf("old password = %d", w.Code)
	}
	if w := f.postJSON("/api/v1/login", map[string]string{"name": "member1", "password": "new-password-1"}, false); w.Code != 200 {
		t.Errorf("new password = %d", w.Code)
	}
	// Staff and liaisons change theirs the same way.
	for _, name := range []string{"staff1", "liaison1"} {
		if w := f.form(f.login(t, name), "/account/password", good); w.Code != http.StatusSeeOther {
			t.Errorf("%s change = %d", name, w.Code)
		}
	}
}
