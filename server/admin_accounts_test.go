package server

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"lifa/drafts"
)

// TestAdminAccounts_ResetAndSelf: the administration page names contact
// points, pages its accounts, returns after every form with what it did,
// resets a password (the account must change it at its next sign-in, and
// its browsers are held up until it does) and refuses to disable one's
// own account.
func TestAdminAccounts_ResetAndSelf(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.noSignInLimits()
	cp := f.addContactPoint(t, "三元里街道基层立法联系点", "白云区")
	boss := f.addAccount(t, "boss", drafts.RoleAdmin, 0)
	clerk := f.addAccount(t, "clerk", drafts.RoleStaff, 0)
	f.addAccount(t, "lianluo", drafts.RoleLiaison, cp.ID)
	for i := range 60 {
		f.addAccount(t, fmt.Sprintf("user%02d", i), drafts.RoleMember, 0)
	}
	as := f.login(t, "boss")

	w := f.page(as, "/admin/accounts")
	body := w.Body.String()
	if !strings.Contains(body, `<a href="/contact-points/`+fmt.Sprint(cp.ID)+`">三元里街道基层立法联系点</a>`) {
		t.Errorf("the liaison's contact point is not named")
	}
	if !strings.Contains(body, "第 1–50 条，共 63 条") || !strings.Contains(body, `href="/admin/accounts?page=2"`) {
		t.Errorf("63 accounts without a pager of 50")
	}
	if w := f.page(as, "/admin/accounts?page=2"); !strings.Contains(w.Body.String(), "user59") || strings.Contains(w.Body.String(), "user00") {
		t.Errorf("page 2 does not hold the last accounts")
	}
	if w := f.page(as, "/admin/accounts?q=lian"); strings.Count(w.Body.String(), `<tr id="account-`) != 1 {
		t.Errorf("search for lian lists %d accounts", strings.Count(w.Body.String(), `<tr id="account-`))
	}
	if row := regexp.MustCompile(`(?s)<tr id="account-` + fmt.Sprint(boss.ID) + `">.*?</tr>`).FindString(body); strings.Contains(row, `value="disable"`) || !strings.Contains(row, "您自己") {
		t.Errorf("one's own row offers 停用: %s", row)
	}

	clerkSession := f.login(t, "clerk")
	w = f.form(as, "/admin/accounts", url.Values{"action": {"reset"}, "id": {fmt.Sprint(clerk.ID)}, "next": {"/admin/accounts?page=1"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/accounts?page=1" {
		t.Fatalf("reset = %d %q", w.Code, w.Header().Get("Location"))
	}
	w = f.follow(t, as, w)
	m := regexp.MustCompile(`id="flash-secret" class="flash-secret" readonly value="([^"]+)"`).FindStringSubmatch(w.Body.String())
	if m == nil || !strings.Contains(w.Body.String(), "已重置用户 clerk") || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("after the reset:\n%s", w.Body)
	}
	temp := m[1]
	if w := f.page(clerkSession, "/staff/opinions"); w.Code != http.StatusSeeOther || strings.HasPrefix(w.Header().Get("Location"), "/account/password") {
		t.Errorf("the reset did not end clerk's session: %d %q", w.Code, w.Header().Get("Location"))
	}

	// Clerk signs in with the temporary password: straight to the
	// password page, every other page and action held up until changed.
	w = f.do(http.MethodPost, "/admin/login", strings.NewReader(url.Values{"name": {"clerk"}, "password": {temp},
		"next": {"/staff/opinions"}}.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, false)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/account/password?next=%2Fstaff%2Fopinions" {
		t.Fatalf("sign-in after reset = %d %q", w.Code, w.Header().Get("Location"))
	}
	cs := &signedIn{}
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			cs.cookie = c
		}
	}
	if p := f.follow(t, cs, w); !strings.Contains(p.Body.String(), `id="must-change"`) || !strings.Contains(p.Body.String(), `name="next" value="/staff/opinions"`) {
		t.Errorf("password page after reset:\n%s", p.Body)
	}
	if w := f.page(cs, "/staff/opinions"); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/account/password?next=%2Fstaff%2Fopinions" {
		t.Errorf("inbox before the change = %d %q", w.Code, w.Header().Get("Location"))
	}
	me := f.req(cs, http.MethodGet, "/api/v1/me", nil, false)
	var out struct{ CSRF string }
	decode(t, me, &out)
	cs.csrf = out.CSRF
	if w := f.req(cs, http.MethodPost, "/api/v1/opinions/answer", map[string]any{"ids": []int64{1}}, true); w.Code != http.StatusForbidden {
		t.Errorf("API through the session before the change = %d", w.Code)
	}
	w = f.form(cs, "/account/password", url.Values{"current": {temp}, "new": {"clerk-own-pw"}, "confirm": {"clerk-own-pw"}, "next": {"/staff/opinions"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/staff/opinions" {
		t.Fatalf("change after reset = %d %q", w.Code, w.Header().Get("Location"))
	}
	if p := f.follow(t, cs, w); p.Code != 200 || !strings.Contains(p.Body.String(), "密码已修改") {
		t.Errorf("inbox after the change = %d", p.Code)
	}

	// One's own account: no disabling, no reset.
	for _, action := range []string{"disable", "reset"} {
		w = f.follow(t, as, f.form(as, "/admin/accounts", url.Values{"action": {action}, "id": {fmt.Sprint(boss.ID)}}))
		if !strings.Contains(w.Body.String(), `class="flash form-error"`) {
			t.Errorf("%s oneself: not refused", action)
		}
	}
	if a, _ := f.store.Account(t.Context(), boss.ID); a.Disabled {
		t.Fatal("the administrator disabled themselves")
	}
	if w := f.req(as, http.MethodPatch, "/api/v1/accounts/"+fmt.Sprint(boss.ID), map[string]any{"disabled": true}, true); w.Code != http.StatusBadRequest {
		t.Errorf("PATCH disabled on oneself = %d", w.Code)
	}
	// A refused creation keeps what was typed.
	w = f.form(as, "/admin/accounts", url.Values{"action": {"account"}, "name": {"new-liaison"}, "display_name": {"王联络"},
		"role": {"liaison"}, "password": {"password-123"}})
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `value="王联络"`) {
		t.Errorf("refused creation = %d", w.Code)
	}
}

// TestBrowser_AdminResetsPassword: the administrator resets a clerk's
// password from the accounts page; the clerk signs in with it, is asked
// for a new one and lands where they were going.
func TestBrowser_AdminResetsPassword(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.noSignInLimits()
	cp := f.addContactPoint(t, "沙河街道基层立法联系点", "")
	f.addAccount(t, "boss", drafts.RoleAdmin, 0)
	clerk := f.addAccount(t, "clerk", drafts.RoleStaff, 0)
	f.addAccount(t, "lianluo", drafts.RoleLiaison, cp.ID)
	base := f.serve(t)
	b.login(base, "boss", "/admin/accounts")
	// login waits for an h1, which the login page has too: wait for this page.
	b.do("open the accounts page", chromedp.WaitReady(css("button.link[value=disable]")))
	color, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('button.link[value=disable]')).color`))
	if err != nil || color == "rgb(255, 255, 255)" {
		t.Errorf("停用 is drawn in %q (white on white)", color)
	}
	if cpCell := b.text(fmt.Sprintf("#account-%d td:nth-child(4)", clerk.ID+1)); cpCell != cp.Name {
		t.Errorf("the liaison's contact point shows as %q", cpCell)
	}
	b.do("reset the clerk's password",
		chromedp.Click(css(fmt.Sprintf(`#account-%d button[value=reset]`, clerk.ID))),
		chromedp.WaitVisible(css("#flash-secret")))
	temp := b.value("#flash-secret")
	b.do("sign out", chromedp.Click(css(".site-nav form button")), chromedp.WaitVisible(css(`.site-nav a[href="/admin/login"]`)))
	b.do("the clerk signs in with the temporary password",
		chromedp.Navigate(base+"/admin/login?next=/staff/opinions"),
		chromedp.SendKeys(css("#name"), "clerk"),
		chromedp.SendKeys(css("#password"), temp),
		chromedp.Submit(css("#password")),
		chromedp.WaitVisible(css("#must-change")),
		chromedp.SendKeys(css("#current"), temp),
		chromedp.SendKeys(css("#new"), "clerk-own-password"),
		chromedp.SendKeys(css("#confirm"), "clerk-own-password"),
		chromedp.Submit(css("#confirm")),
		chromedp.WaitNotPresent(css("#must-change")),
		chromedp.WaitVisible(css(".flash")))
	if f := b.text(".flash"); !strings.Contains(f, "密码已修改") {
		t.Errorf("flash after the change: %q", f)
	}
	url, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(url, "/staff/opinions") {
		t.Errorf("after the change the clerk is at %q, want the inbox", url)
	}
	if a, _ := f.store.Account(t.Context(), clerk.ID); a.MustChangePassword {
		t.Error("still marked to change the password")
	}
}
