package server

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"lifa/drafts"
)

// TestCSRF_EveryCookieWrite: with a staff session cookie and no token,
// the regulation API, the new-regulation form and the version upload form
// used to succeed (requireWriter never checked the token). Every unsafe
// request authenticated by the cookie now needs it; the same request with
// the token, or with a bearer token instead of the cookie, succeeds.
func TestCSRF_EveryCookieWrite(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	si := f.login(t, "staff1")
	reg := itoa(f.version.RegulationID)

	send := func(method, target, ctype string, body []byte, csrf bool) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, target, bytes.NewReader(body))
		r.Header.Set("Content-Type", ctype)
		r.AddCookie(si.cookie)
		if csrf {
			r.Header.Set("X-CSRF-Token", si.csrf)
		}
		w := httptest.NewRecorder()
		f.Handler().ServeHTTP(w, r)
		return w
	}
	upload := func() (string, []byte) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("stage", "first-reading")
		_ = mw.WriteField("text", "某条例\n第一条　甲。\n第二条　乙。\n")
		_ = mw.Close()
		return mw.FormDataContentType(), buf.Bytes()
	}
	form := url.Values{"title": {"另一某某条例"}, "kind": {"制定"}}.Encode()
	ct, up := upload()
	cases := []struct {
		name, method, target, ctype string
		body                        []byte
	}{
		{"API create regulation", "POST", "/api/v1/regulations", "application/json", []byte(`{"title":"某某条例","kind":"制定"}`)},
		{"API update regulation", "PATCH", "/api/v1/regulations/" + reg, "application/json", []byte(`{"title":"新标题"}`)},
		{"API upload version", "POST", "/api/v1/regulations/" + reg + "/versions", "application/json", []byte(`{"stage":"first-reading","text":"某条例\n第一条　甲。\n"}`)},
		{"new regulation form", "POST", "/regulations/new", "application/x-www-form-urlencoded", []byte(form)},
		{"version upload form", "POST", "/regulations/" + reg + "/versions/new", ct, up},
		{"consultation form", "POST", "/staff/consultations/new", "application/x-www-form-urlencoded", []byte("version_id=1")},
		{"logout", "POST", "/api/v1/logout", "application/json", nil},
	}
	for _, tc := range cases {
		w := send(tc.method, tc.target, tc.ctype, tc.body, false)
		if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "CSRF") {
			t.Errorf("%s without the token: %d %.200s", tc.name, w.Code, w.Body)
		}
	}
	for _, tc := range cases[:5] {
		body := tc.body
		if tc.name == "version upload form" {
			var ct2 string
			ct2, body = upload()
			tc.ctype = ct2
		}
		w := send(tc.method, tc.target, tc.ctype, body, true)
		if w.Code >= 400 {
			t.Errorf("%s with the token: %d %.200s", tc.name, w.Code, w.Body)
		}
	}
	// A bearer token is no ambient credential: no CSRF token needed.
	if w := f.postJSON("/api/v1/regulations", map[string]string{"title": "另一条例", "kind": "制定"}, true); w.Code != http.StatusCreated {
		t.Errorf("bearer write: %d %s", w.Code, w.Body)
	}
	// Signing in needs no token even with a session cookie sent along.
	r := httptest.NewRequest("POST", "/api/v1/login", strings.NewReader(`{"name":"staff1","password":"password-123"}`))
	r.Header.Set("Content-Type", "application/json")
	r.AddCookie(si.cookie)
	w := httptest.NewRecorder()
	f.Handler().ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Errorf("sign-in with a cookie: %d %s", w.Code, w.Body)
	}
}

// TestAdminToken_SessionNotCookie: signing in with the admin token used to
// put the raw token in a cookie that was "not a browser session" (no CSRF)
// and kept working after logout. Now it opens an ordinary session: the
// cookie does not hold the token, writes need the CSRF token, logout ends
// it, a cookie holding the token authenticates nothing, and resetting the
// token ends every session opened with it.
func TestAdminToken_SessionNotCookie(t *testing.T) {
	ts := newTestServer(t)
	cookie, csrf := ts.adminSession(t)
	if strings.Contains(cookie, ts.token) || csrf == "" {
		t.Fatalf("cookie %q csrf %q", cookie, csrf)
	}
	post := func(cookie, csrf string) int {
		h := map[string]string{"Content-Type": "application/json", "Cookie": cookie}
		if csrf != "" {
			h["X-CSRF-Token"] = csrf
		}
		return ts.do("POST", "/api/v1/regulations", strings.NewReader(`{"title":"某某条例","kind":"制定"}`), h, false).Code
	}
	if code := post(cookie, ""); code != http.StatusForbidden {
		t.Errorf("admin session write without CSRF token: %d", code)
	}
	if code := post(cookie, csrf); code != http.StatusCreated {
		t.Errorf("admin session write with CSRF token: %d", code)
	}
	for _, old := range []string{"lifa_admin=" + ts.token, "lifa_session=" + ts.token} {
		if code := post(old, ""); code != http.StatusUnauthorized {
			t.Errorf("cookie %s…: %d, want 401", old[:12], code)
		}
	}
	w := ts.do("POST", "/admin/logout", strings.NewReader("csrf="+csrf),
		map[string]string{"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}, false)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", w.Code)
	}
	if code := post(cookie, csrf); code != http.StatusUnauthorized {
		t.Errorf("admin session after logout: %d, want 401", code)
	}
	// A second sign-in reuses the token's account; a new token ends it.
	cookie, csrf = ts.adminSession(t)
	if _, err := ts.accounts.ResetAdminToken(context.Background()); err != nil {
		t.Fatal(err)
	}
	if code := post(cookie, csrf); code != http.StatusUnauthorized {
		t.Errorf("admin session after the token was reset: %d, want 401", code)
	}
}
