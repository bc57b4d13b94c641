package server

import (
	"context"
	"net"
	"testing"

	"lifa/drafts"
	"lifa/drafts/accounts"
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
