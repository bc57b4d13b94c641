package server

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/web/httpx"
)

// Helpers of the staff pages' tests (issue 12, W12-A).

// serveTest serves s on a free loopback port until the test ends and
// returns its base URL.
func serveTest(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Serve(ln) }()
	return "http://" + ln.Addr().String()
}

// staffPassword is the password of the accounts newAccount creates.
const staffPassword = "password-123"

// newAccount creates an account with role (and contact point, for a
// liaison) whose password is staffPassword.
func newAccount(t *testing.T, s *Server, name, display string, role drafts.Role, cp int64) *drafts.Account {
	t.Helper()
	a, err := s.accounts.Create(context.Background(), "test", accounts.NewAccount{Name: name, DisplayName: display,
		Role: role, ContactPointID: cp, Password: staffPassword})
	if err != nil {
		t.Fatalf("create account %s: %v", name, err)
	}
	return a
}

// follow answers a form's 303 as a browser does: it GETs the Location
// with the session (the fresh session cookie if the response set one) and
// the flash cookie the response set. It fails unless w is a 303.
func (f *opFixture) follow(t *testing.T, si *signedIn, w *httptest.ResponseRecorder) *httptest.ResponseRecorder {
	t.Helper()
	if w.Code != http.StatusSeeOther {
		t.Fatalf("want 303 after the form, got %d: %.300s", w.Code, w.Body)
	}
	r := httptest.NewRequest(http.MethodGet, w.Header().Get("Location"), nil)
	session := (*http.Cookie)(nil)
	if si != nil {
		session = si.cookie
	}
	for _, c := range w.Result().Cookies() {
		switch {
		case c.Name == sessionCookie && c.Value != "":
			session = c
		case c.Name == httpx.FlashCookie && c.Value != "":
			r.AddCookie(c)
		}
	}
	if session != nil {
		r.AddCookie(session)
	}
	out := httptest.NewRecorder()
	f.Handler().ServeHTTP(out, r)
	return out
}
