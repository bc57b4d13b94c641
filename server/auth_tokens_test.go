package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"lifa/drafts"
)

var tokenRe = regexp.MustCompile(`lifa_[A-Za-z0-9_\-]{20,}`)

// formNoCSRF posts a form with the session cookie but without its CSRF
// token.
func (f *opFixture) formNoCSRF(si *signedIn, target string, v url.Values) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", target, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(si.cookie)
	w := httptest.NewRecorder()
	f.Handler().ServeHTTP(w, r)
	return w
}

// bearer performs GET target with an API token.
func (f *opFixture) bearer(tok, target string) *httptest.ResponseRecorder {
	return f.do(http.MethodGet, target, nil, map[string]string{"Authorization": "Bearer " + tok}, false)
}

func TestAccountPages_APITokens(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	member := f.addAccount(t, "member1", drafts.RoleMember, 0)
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	f.addAccount(t, "admin1", drafts.RoleAdmin, 0)
	ms, ss, as := f.login(t, "member1"), f.login(t, "staff1"), f.login(t, "admin1")

	// Anonymous: sent to the login page, posts refused.
	if w := f.page(nil, "/account/tokens"); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/admin/login") {
		t.Errorf("anonymous GET = %d %s", w.Code, w.Header().Get("Location"))
	}
	if w := f.form(nil, "/account/tokens", url.Values{"action": {"create"}, "label": {"x"}}); w.Code != http.StatusUnauthorized {
		t.Errorf("anonymous POST = %d", w.Code)
	}

	// The member creates a token: shown once, not cached, and it works.
	if w := f.page(ms, "/account/tokens"); w.Code != 200 || !strings.Contains(w.Body.String(), "还没有 API 令牌") {
		t.Fatalf("member GET = %d", w.Code)
	}
	// Post, redirect, get: the token is shown once on the list it
	// returns to, never in the redirect, and that page is not stored.
	w := f.form(ms, "/account/tokens", url.Values{"action": {"create"}, "label": {"门户网站同步"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/account/tokens" || tokenRe.MatchString(w.Body.String()+fmt.Sprint(w.Result().Cookies())) {
		t.Fatalf("create = %d %q", w.Code, w.Header().Get("Location"))
	}
	w = f.follow(t, ms, w)
	tok := tokenRe.FindString(w.Body.String())
	if w.Code != http.StatusOK || tok == "" || !strings.Contains(w.Body.String(), "只显示这一次") {
		t.Fatalf("after create = %d %s", w.Code, w.Body)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q", cc)
	}
	if w := f.bearer(tok, "/api/v1/me"); w.Code != 200 || !strings.Contains(w.Body.String(), `"member1"`) {
		t.Errorf("new token on /me = %d %s", w.Code, w.Body)
	}
	w = f.page(ms, "/account/tokens")
	if !strings.Contains(w.Body.String(), "门户网站同步") || tokenRe.MatchString(w.Body.String()) {
		t.Errorf("list shows the label %v, the token again %v", strings.Contains(w.Body.String(), "门户网站同步"), tokenRe.MatchString(w.Body.String()))
	}
	if w := f.form(ms, "/account/tokens", url.Values{"action": {"create"}, "label": {"  "}}); w.Code != http.StatusBadRequest {
		t.Errorf("empty label = %d", w.Code)
	}

	// Without the CSRF token: refused, nothing created.
	if w := f.formNoCSRF(ms, "/account/tokens", url.Values{"action": {"create"}, "label": {"csrf"}}); w.Code != http.StatusForbidden || tokenRe.MatchString(w.Body.String()) {
		t.Errorf("create without CSRF = %d", w.Code)
	}
	list, _ := f.store.APITokens(t.Context(), member.ID)
	if len(list) != 1 {
		t.Fatalf("member has %d tokens, want 1", len(list))
	}
	id := fmt.Sprint(list[0].ID)

	// Staff may neither see nor revoke another account's tokens.
	if w := f.page(ss, fmt.Sprintf("/account/tokens?account=%d", member.ID)); w.Code != http.StatusForbidden {
		t.Errorf("staff viewing member's tokens = %d", w.Code)
	}
	if w := f.form(ss, "/account/tokens", url.Values{"action": {"revoke"}, "id": {id}, "account": {fmt.Sprint(member.ID)}}); w.Code != http.StatusForbidden {
		t.Errorf("staff revoking member's token = %d", w.Code)
	}
	if w := f.form(ss, "/account/tokens", url.Values{"action": {"revoke"}, "id": {id}}); w.Code != http.StatusNotFound {
		t.Errorf("staff revoking a token not theirs = %d", w.Code)
	}
	if w := f.formNoCSRF(ms, "/account/tokens", url.Values{"action": {"revoke"}, "id": {id}}); w.Code != http.StatusForbidden {
		t.Errorf("revoke without CSRF = %d", w.Code)
	}
	if w := f.bearer(tok, "/api/v1/me"); w.Code != 200 {
		t.Fatalf("token revoked by a refused request: %d", w.Code)
	}

	// An administrator manages another account's tokens.
	if w := f.page(as, fmt.Sprintf("/account/tokens?account=%d", member.ID)); w.Code != 200 || !strings.Contains(w.Body.String(), "门户网站同步") {
		t.Errorf("admin viewing member's tokens = %d", w.Code)
	}
	w = f.form(as, "/account/tokens", url.Values{"action": {"revoke"}, "id": {id}, "account": {fmt.Sprint(member.ID)}})
	if w.Header().Get("Location") != fmt.Sprintf("/account/tokens?account=%d", member.ID) {
		t.Errorf("admin revoke returns to %q", w.Header().Get("Location"))
	}
	if w = f.follow(t, as, w); w.Code != 200 || !strings.Contains(w.Body.String(), "已撤销") {
		t.Fatalf("admin revoke = %d %s", w.Code, w.Body)
	}
	if w := f.bearer(tok, "/api/v1/me"); w.Code != http.StatusUnauthorized {
		t.Errorf("revoked token on /me = %d", w.Code)
	}
	// The member revokes their own second token.
	w = f.follow(t, ms, f.form(ms, "/account/tokens", url.Values{"action": {"create"}, "label": {"测试"}}))
	tok2 := tokenRe.FindString(w.Body.String())
	list, _ = f.store.APITokens(t.Context(), member.ID)
	if w := f.form(ms, "/account/tokens", url.Values{"action": {"revoke"}, "id": {fmt.Sprint(list[0].ID)}}); w.Code != http.StatusSeeOther {
		t.Errorf("own revoke = %d", w.Code)
	}
	if w := f.bearer(tok2, "/api/v1/me"); w.Code != http.StatusUnauthorized {
		t.Errorf("own revoked token = %d", w.Code)
	}

	// The admin token is no account: it must name one.
	if w := f.do("GET", "/account/tokens", nil, nil, true); w.Code != http.StatusBadRequest {
		t.Errorf("admin token without account = %d", w.Code)
	}
	if w := f.do("GET", fmt.Sprintf("/account/tokens?account=%d", member.ID), nil, nil, true); w.Code != 200 {
		t.Errorf("admin token with account = %d", w.Code)
	}
	// The dashboard links to both account pages.
	if w := f.page(ms, "/dashboard"); !strings.Contains(w.Body.String(), `href="/account/tokens"`) || !strings.Contains(w.Body.String(), `href="/account/password"`) {
		t.Errorf("dashboard lacks the account links")
	}
}
