package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"lifa/drafts"
)

// signedIn is a browser session of one account: its cookie and CSRF token.
type signedIn struct {
	cookie *http.Cookie
	csrf   string
	acct   *drafts.Account
}

// addAccount creates an account with password "password-123".
func (f *opFixture) addAccount(t *testing.T, name string, role drafts.Role, cp int64) *drafts.Account {
	t.Helper()
	h, _ := bcrypt.GenerateFromPassword([]byte("password-123"), bcrypt.MinCost)
	a := &drafts.Account{Name: name, Role: role, ContactPointID: cp, PasswordHash: string(h)}
	if err := f.store.CreateAccount(context.Background(), "admin", a); err != nil {
		t.Fatal(err)
	}
	return a
}

// addContactPoint creates a contact point (region may be empty).
func (f *opFixture) addContactPoint(t *testing.T, name, region string) *drafts.ContactPoint {
	t.Helper()
	cp := &drafts.ContactPoint{Name: name, Region: region}
	if err := f.store.CreateContactPoint(context.Background(), "admin", cp); err != nil {
		t.Fatal(err)
	}
	return cp
}

// login signs in through the JSON API and reads the CSRF token from /me.
func (f *opFixture) login(t *testing.T, name string) *signedIn {
	t.Helper()
	w := f.postJSON("/api/v1/login", map[string]string{"name": name, "password": "password-123"}, false)
	if w.Code != http.StatusOK {
		t.Fatalf("login %s = %d %s", name, w.Code, w.Body)
	}
	var ck *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			ck = c
		}
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", ck)
	}
	r := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
	r.AddCookie(ck)
	me := httptest.NewRecorder()
	f.Handler().ServeHTTP(me, r)
	var out struct {
		Account *drafts.Account `json:"account"`
		CSRF    string          `json:"csrf"`
	}
	json.Unmarshal(me.Body.Bytes(), &out)
	if out.CSRF == "" || out.Account == nil {
		t.Fatalf("/me = %s", me.Body)
	}
	return &signedIn{cookie: ck, csrf: out.CSRF, acct: out.Account}
}

// req performs a request as the session (nil: anonymous) with the CSRF
// header when csrf is true.
func (f *opFixture) req(si *signedIn, method, target string, body any, csrf bool) *httptest.ResponseRecorder {
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	r := httptest.NewRequest(method, target, rd)
	r.Header.Set("Content-Type", "application/json")
	if si != nil {
		r.AddCookie(si.cookie)
		if csrf {
			r.Header.Set("X-CSRF-Token", si.csrf)
		}
	}
	w := httptest.NewRecorder()
	f.Handler().ServeHTTP(w, r)
	return w
}

func TestAuth_RoleRights(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	ctx := context.Background()
	cp := f.addContactPoint(t, "三元里街道基层立法联系点", "")
	f.addAccount(t, "admin1", drafts.RoleAdmin, 0)
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	f.addAccount(t, "member1", drafts.RoleMember, 0)
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	sessions := map[string]*signedIn{"public": nil}
	for _, n := range []string{"admin1", "staff1", "member1", "liaison1"} {
		sessions[n] = f.login(t, n)
	}
	// One public opinion to act on.
	code, m := f.post(map[string]any{"article": 3, "text": "建议明确经费保障。"})
	if code != http.StatusCreated {
		t.Fatalf("public post = %d", code)
	}
	opID := int64(m["id"].(float64))
	v := f.version.ID
	_, points := f.another(t, drafts.AudienceContactPoints, []int64{cp.ID}, fixtureStart.Add(-time.Hour), fixtureStart.Add(30*24*time.Hour))
	type call struct {
		name, method, target string
		body                 any
		ok                   int      // status when allowed
		allowed              []string // who may
	}
	regBody := map[string]any{"title": "测试条例", "kind": "制定", "allow_duplicate": true}
	calls := []call{
		{"list opinions", "GET", fmt.Sprintf("/api/v1/versions/%d/opinions", v), nil, 200, []string{"admin1", "staff1"}},
		{"answer", "POST", "/api/v1/opinions/answer", map[string]any{"ids": []int64{opID}, "disposition": "采纳", "reason": "已修改"}, 200, []string{"admin1", "staff1"}},
		{"moderate", "POST", "/api/v1/opinions/moderate", map[string]any{"ids": []int64{opID}, "status": "published"}, 200, []string{"admin1", "staff1"}},
		{"summary", "GET", fmt.Sprintf("/api/v1/versions/%d/opinions/summary", v), nil, 200, []string{"admin1", "staff1"}},
		{"create consultation", "POST", "/api/v1/consultations", map[string]any{"version_id": v, "audience": "members",
			"opens_at": "2026-11-01T00:00:00Z", "closes_at": "2026-12-31T00:00:00Z"}, 201, []string{"admin1", "staff1"}},
		{"responses", "GET", fmt.Sprintf("/api/v1/consultations/%d/responses", f.cons.ID), nil, 200, []string{"admin1", "staff1"}},
		{"accounts", "GET", "/api/v1/accounts", nil, 200, []string{"admin1"}},
		{"create account", "POST", "/api/v1/accounts", map[string]any{"name": "new1", "role": "staff", "password": "password-456"}, 201, []string{"admin1"}},
		{"create contact point", "POST", "/api/v1/contact-points", map[string]any{"name": "新联系点"}, 201, []string{"admin1"}},
		{"meeting", "POST", "/api/v1/meetings", map[string]any{"consultation_id": points.ID, "date": "2026-11-18", "place": "三元里街道会议室",
			"participants": 12, "opinions": []map[string]any{{"article": 3, "text": "居民建议增加宣传。"}}}, 201, []string{"liaison1"}},
		{"my opinions", "GET", "/api/v1/me/opinions", nil, 200, []string{"admin1", "staff1", "member1", "liaison1"}},
		{"create regulation", "POST", "/api/v1/regulations", regBody, 201, []string{"admin1", "staff1"}},
	}
	for _, c := range calls {
		for who, si := range sessions {
			allowed := false
			for _, a := range c.allowed {
				allowed = allowed || a == who
			}
			// Each allowed call is made once per role; bodies that create
			// unique things are varied per caller.
			body := c.body
			if mb, ok := body.(map[string]any); ok {
				cp := map[string]any{}
				for k, x := range mb {
					cp[k] = x
				}
				if _, ok := cp["name"]; ok {
					cp["name"] = fmt.Sprint(cp["name"], "-", who)
				}
				body = cp
			}
			w := f.req(si, c.method, c.target, body, true)
			want := c.ok
			if !allowed {
				want = http.StatusForbidden
				if si == nil {
					want = http.StatusUnauthorized
				}
			}
			if w.Code != want {
				t.Errorf("%s as %s = %d, want %d: %s", c.name, who, w.Code, want, w.Body)
			}
		}
	}
	// The public may still comment and read receipts; a member's opinion
	// is recorded as a member's and published at once.
	w := f.req(sessions["member1"], "POST", fmt.Sprintf("/api/v1/versions/%d/opinions", v), map[string]any{"article": 2, "text": "委员意见"}, true)
	if w.Code != http.StatusCreated {
		t.Fatalf("member comment = %d %s", w.Code, w.Body)
	}
	var created struct{ ID int64 }
	json.Unmarshal(w.Body.Bytes(), &created)
	op, _ := f.store.Opinion(ctx, created.ID)
	if op.Source != drafts.SourceMember || op.Status != drafts.StatusPublished || op.AccountID != sessions["member1"].acct.ID {
		t.Errorf("member opinion = %+v", op)
	}
	// Every staff action is in the audit log.
	log, _ := f.store.AuditLog(ctx, 0)
	seen := map[string]string{}
	for _, e := range log {
		seen[e.Action] = e.Actor
	}
	for action, actor := range map[string]string{"opinion.answer": "", "opinion.moderate": "", "consultation.create": "", "account.create": "", "meeting.create": "liaison1"} {
		if got, ok := seen[action]; !ok || (actor != "" && got != actor) {
			t.Errorf("audit log: %s by %q (want %q)", action, got, actor)
		}
	}
}

func TestAuth_CSRF(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	si := f.login(t, "staff1")
	body := map[string]any{"ids": []int64{1}, "status": "published"}
	// Without the token: refused.
	if w := f.req(si, "POST", "/api/v1/opinions/moderate", body, false); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "CSRF") {
		t.Errorf("no CSRF token = %d %s", w.Code, w.Body)
	}
	// With a wrong token: refused.
	bad := *si
	bad.csrf = "forged"
	if w := f.req(&bad, "POST", "/api/v1/opinions/moderate", body, true); w.Code != http.StatusForbidden {
		t.Errorf("wrong CSRF token = %d", w.Code)
	}
	// A cross-site browser request is refused even with the cookie
	// (net/http.CrossOriginProtection).
	r := httptest.NewRequest("POST", "/admin/login", strings.NewReader(url.Values{"name": {"staff1"}, "password": {"password-123"}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	r.Header.Set("Origin", "https://evil.example")
	w := httptest.NewRecorder()
	f.Handler().ServeHTTP(w, r)
	if w.Code != http.StatusForbidden {
		t.Errorf("cross-site form post = %d", w.Code)
	}
	// Logout ends the session.
	if w := f.req(si, "POST", "/api/v1/logout", nil, true); w.Code != http.StatusNoContent {
		t.Fatalf("logout = %d", w.Code)
	}
	if w := f.req(si, "GET", "/api/v1/me", nil, false); w.Code != http.StatusUnauthorized {
		t.Errorf("after logout /me = %d", w.Code)
	}
	// Bad password: one message whatever was wrong.
	w1 := f.postJSON("/api/v1/login", map[string]string{"name": "staff1", "password": "wrong-password"}, false)
	w2 := f.postJSON("/api/v1/login", map[string]string{"name": "nobody", "password": "wrong-password"}, false)
	if w1.Code != 401 || w2.Code != 401 || errMessageOf(w1.Body.Bytes()) != errMessageOf(w2.Body.Bytes()) {
		t.Errorf("bad logins = %d %s / %d %s", w1.Code, w1.Body, w2.Code, w2.Body)
	}
}

func TestAuth_APIToken(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	a := f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	// The admin token (kept as an integration token) creates a token for staff1.
	w := f.postJSON(fmt.Sprintf("/api/v1/accounts/%d/tokens", a.ID), map[string]string{"label": "OA 系统"}, true)
	if w.Code != http.StatusCreated {
		t.Fatalf("create token = %d %s", w.Code, w.Body)
	}
	var out struct{ Token string }
	json.Unmarshal(w.Body.Bytes(), &out)
	get := func(tok string) int {
		r := httptest.NewRequest("GET", fmt.Sprintf("/api/v1/versions/%d/opinions", f.version.ID), nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		f.Handler().ServeHTTP(rec, r)
		return rec.Code
	}
	if c := get(out.Token); c != http.StatusOK {
		t.Errorf("staff token = %d", c)
	}
	if c := get(out.Token + "x"); c != http.StatusUnauthorized {
		t.Errorf("wrong token = %d", c)
	}
	// A staff token cannot manage accounts.
	r := httptest.NewRequest("GET", "/api/v1/accounts", nil)
	r.Header.Set("Authorization", "Bearer "+out.Token)
	rec := httptest.NewRecorder()
	f.Handler().ServeHTTP(rec, r)
	if rec.Code != http.StatusForbidden {
		t.Errorf("staff token on /accounts = %d", rec.Code)
	}
}

func errMessageOf(b []byte) string {
	var m map[string]any
	json.Unmarshal(b, &m)
	return errMessage(m)
}
