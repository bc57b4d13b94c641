package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"lifa/drafts"
)

// TestLogin_RedirectStaysOnSite: next=/%09/evil.example after signing in
// answered "Location: /<TAB>/evil.example", which browsers read as
// //evil.example. Every known bypass now lands on "/".
func TestLogin_RedirectStaysOnSite(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.noSignInLimits()
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	bypasses := []string{"/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "//evil.example", "/\\evil.example",
		"\\/evil.example", "/%2F/evil.example", "/%5Cevil.example", "/%09/evil.example", "https://evil.example",
		"javascript:alert(1)", " //evil.example", "/\u200b/evil.example", "///evil.example"}
	for _, next := range bypasses {
		w := f.form(nil, "/admin/login", url.Values{"name": {"staff1"}, "password": {"password-123"}, "next": {next}})
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" {
			t.Errorf("next=%q: %d Location %q", next, w.Code, w.Header().Get("Location"))
		}
		// The login page does not carry it into its form either.
		page := f.page(nil, "/admin/login?next="+url.QueryEscape(next)).Body.String()
		if strings.Contains(page, "evil.example") {
			t.Errorf("login page keeps next=%q", next)
		}
	}
	w := f.form(nil, "/admin/login", url.Values{"name": {"staff1"}, "password": {"password-123"}, "next": {"/staff/opinions?version=1"}})
	if w.Header().Get("Location") != "/staff/opinions?version=1" {
		t.Errorf("a clean next was not kept: %q", w.Header().Get("Location"))
	}
}
