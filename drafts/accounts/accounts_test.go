package accounts

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

func code(err error) string { return drafts.ErrorCode(err) }

// newService is a Service on st with the cheapest password hashes.
func newService(st *store.Store) *Service {
	s := New(st)
	s.cost = bcrypt.MinCost
	return s
}

// TestService_Create is the one rule for creating an account, which the
// admin page, the API and `lifa user add` each wrote before.
func TestService_Create(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newService(st)
		ctx := context.Background()
		cp, err := s.CreateContactPoint(ctx, "admin", drafts.ContactPoint{Name: " 白云区联系点 ", Region: " 白云区 "})
		if err != nil || cp.ID == 0 || cp.Name != "白云区联系点" || cp.Region != "白云区" {
			t.Fatalf("CreateContactPoint = %+v, %v", cp, err)
		}
		if _, err := s.CreateContactPoint(ctx, "admin", drafts.ContactPoint{Name: "白云区联系点"}); code(err) != drafts.ECONFLICT {
			t.Errorf("duplicate contact point: %v", err)
		}
		a, err := s.Create(ctx, "admin", NewAccount{Name: " lianluo ", Role: drafts.RoleLiaison, ContactPointID: cp.ID, Password: "长长的密码12345"})
		if err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || a.Name != "lianluo" || a.DisplayName != "lianluo" || !drafts.CheckPassword(a.PasswordHash, "长长的密码12345") {
			t.Errorf("created %+v", a)
		}
		for _, tc := range []struct {
			name string
			in   NewAccount
			want string
		}{
			{"taken name", NewAccount{Name: "lianluo", Role: drafts.RoleStaff, Password: "password1"}, drafts.ECONFLICT},
			{"liaison without a contact point", NewAccount{Name: "b", Role: drafts.RoleLiaison, Password: "password1"}, drafts.EINVALID},
			{"unknown role", NewAccount{Name: "c", Role: "boss", Password: "password1"}, drafts.EINVALID},
			{"short password", NewAccount{Name: "d", Role: drafts.RoleStaff, Password: "short"}, drafts.EINVALID},
			{"name with a space", NewAccount{Name: "e f", Role: drafts.RoleStaff, Password: "password1"}, drafts.EINVALID},
		} {
			if _, err := s.Create(ctx, "admin", tc.in); code(err) != tc.want {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
			}
		}
		d, err := s.Directory(ctx, store.AccountFilter{})
		if err != nil || len(d.Accounts) != 1 || d.Total != 1 || len(d.ContactPoints) != 1 {
			t.Fatalf("Directory = %+v, %v", d, err)
		}
		if len(d.Liaisons[cp.ID]) != 1 || d.Liaisons[cp.ID][0].Name != "lianluo" || d.ContactPointName(cp.ID) != "白云区联系点" {
			t.Errorf("contact point %d: liaisons %v, name %q", cp.ID, d.Liaisons, d.ContactPointName(cp.ID))
		}
	})
}

func TestService_SignInAndPasswords(t *testing.T) {
	s := newService(storetest.Open(t))
	ctx := context.Background()
	a, err := s.Create(ctx, "admin", NewAccount{Name: "staff", Role: drafts.RoleStaff, Password: "first-password"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, password string }{{"staff", "wrong-password"}, {"nobody", "first-password"}} {
		if _, _, _, err := s.SignIn(ctx, tc.name, tc.password); err != drafts.ErrBadCredentials {
			t.Errorf("SignIn(%s, %s) = %v", tc.name, tc.password, err)
		}
	}
	got, sess, tok, err := s.SignIn(ctx, " staff ", "first-password")
	if err != nil || got.ID != a.ID || sess.CSRF == "" || tok == "" {
		t.Fatalf("SignIn = %v, %v, %q, %v", got, sess, tok, err)
	}
	for _, tc := range []struct {
		name                 string
		current, next, again string
		want                 string
	}{
		{"wrong current", "nope-nope-nope", "second-password", "second-password", drafts.EUNAUTHORIZED},
		{"mismatch", "first-password", "second-password", "second-passwore", drafts.EINVALID},
		{"unchanged", "first-password", "first-password", "first-password", drafts.EINVALID},
		{"too short", "first-password", "short", "short", drafts.EINVALID},
	} {
		if _, _, err := s.ChangePassword(ctx, got, tc.current, tc.next, tc.again); code(err) != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
	if _, _, err := s.ChangePassword(ctx, &drafts.Account{Name: "admin", Role: drafts.RoleAdmin}, "", "x", "x"); code(err) != drafts.EFORBIDDEN {
		t.Errorf("admin token: %v", err)
	}
	sess2, tok2, err := s.ChangePassword(ctx, got, "first-password", "second-password", "second-password")
	if err != nil || tok2 == "" || sess2.CSRF == sess.CSRF {
		t.Fatalf("ChangePassword = %v, %v", sess2, err)
	}
	// The old session ended, the new one lives; the new password works.
	if _, _, err := s.store.Session(ctx, tok); code(err) != drafts.EUNAUTHORIZED {
		t.Errorf("old session after the change: %v", err)
	}
	if _, _, err := s.store.Session(ctx, tok2); err != nil {
		t.Errorf("new session: %v", err)
	}
	if _, _, _, err := s.SignIn(ctx, "staff", "second-password"); err != nil {
		t.Errorf("new password: %v", err)
	}
	// Every hashing slot taken: a sign-in waits, then is refused.
	s.hashWait = time.Millisecond
	for range cap(s.hashes) {
		s.hashes <- struct{}{}
	}
	if _, _, _, err := s.SignIn(ctx, "staff", "second-password"); code(err) != drafts.EUNAVAILABLE {
		t.Errorf("sign-in with no free slot: %v", err)
	}
	for range cap(s.hashes) {
		<-s.hashes
	}
	// An administrator sets a password (a reset: it must be changed at
	// the next sign-in); disabling refuses sign-in.
	boss := &drafts.Account{ID: 999, Name: "boss", Role: drafts.RoleAdmin}
	pw := "third-password"
	if u, err := s.Update(ctx, boss, a.ID, Update{Password: &pw}); err != nil || !u.MustChangePassword {
		t.Fatalf("Update(password) = %+v, %v", u, err)
	}
	if _, err := s.SetDisabled(ctx, boss, a.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.SignIn(ctx, "staff", pw); err != drafts.ErrBadCredentials {
		t.Errorf("disabled account signed in: %v", err)
	}
	short := "x"
	if _, err := s.Update(ctx, boss, a.ID, Update{Password: &short}); code(err) != drafts.EINVALID {
		t.Errorf("short password by update: %v", err)
	}
}

// TestService_ResetPassword: an administrator resets a password (typed or
// made up); the account's sessions end, it signs in with the new password
// and must change it, which clears the mark. Nobody resets, disables or
// demotes their own account.
func TestService_ResetPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newService(st)
		ctx := context.Background()
		boss, _ := s.Create(ctx, "setup", NewAccount{Name: "boss", Role: drafts.RoleAdmin, Password: "boss-password"})
		clerk, _ := s.Create(ctx, "setup", NewAccount{Name: "clerk", Role: drafts.RoleStaff, Password: "clerk-password"})
		_, _, oldTok, err := s.SignIn(ctx, "clerk", "clerk-password")
		if err != nil {
			t.Fatal(err)
		}
		temp, a, err := s.ResetPassword(ctx, boss, clerk.ID, "")
		if err != nil || len(temp) != tempPasswordLength || !a.MustChangePassword || strings.ContainsAny(temp, "0O1lI") {
			t.Fatalf("ResetPassword = %q, %+v, %v", temp, a, err)
		}
		if _, _, err := s.store.Session(ctx, oldTok); code(err) != drafts.EUNAUTHORIZED {
			t.Errorf("the old session survived the reset: %v", err)
		}
		if _, _, _, err := s.SignIn(ctx, "clerk", "clerk-password"); err != drafts.ErrBadCredentials {
			t.Errorf("old password after reset: %v", err)
		}
		got, _, _, err := s.SignIn(ctx, "clerk", temp)
		if err != nil || !got.MustChangePassword {
			t.Fatalf("sign-in with the temporary password = %+v, %v", got, err)
		}
		if _, _, err := s.ChangePassword(ctx, got, temp, "my-own-password", "my-own-password"); err != nil {
			t.Fatal(err)
		}
		if a, _ := st.Account(ctx, clerk.ID); a.MustChangePassword {
			t.Error("still must change the password after changing it")
		}
		if typed, _, err := s.ResetPassword(ctx, boss, clerk.ID, "typed-by-boss"); err != nil || typed != "typed-by-boss" {
			t.Errorf("typed reset = %q, %v", typed, err)
		}
		if _, _, err := s.ResetPassword(ctx, boss, clerk.ID, "short"); code(err) != drafts.EINVALID {
			t.Errorf("short reset: %v", err)
		}
		if _, _, err := s.ResetPassword(ctx, boss, 4242, ""); code(err) != drafts.ENOTFOUND {
			t.Errorf("unknown account: %v", err)
		}
		if _, _, err := s.ResetPassword(ctx, boss, boss.ID, ""); code(err) != drafts.EINVALID {
			t.Errorf("own reset: %v", err)
		}
		if _, err := s.SetDisabled(ctx, boss, boss.ID, true); code(err) != drafts.EINVALID {
			t.Errorf("disabling oneself: %v", err)
		}
		staff := drafts.RoleStaff
		if _, err := s.Update(ctx, boss, boss.ID, Update{AccountUpdate: store.AccountUpdate{Role: &staff}}); code(err) != drafts.EINVALID {
			t.Errorf("demoting oneself: %v", err)
		}
		if a, _ := st.Account(ctx, boss.ID); a.Disabled || a.Role != drafts.RoleAdmin {
			t.Errorf("boss changed: %+v", a)
		}
		// One's own password through Update is no reset.
		pw := "boss-password-2"
		if a, err := s.Update(ctx, boss, boss.ID, Update{Password: &pw}); err != nil || a.MustChangePassword {
			t.Errorf("own password by Update = %+v, %v", a, err)
		}
		entries, total, err := st.AuditEntries(ctx, store.AuditFilter{Entity: "account", EntityID: clerk.ID, ActionPrefix: "account.update"})
		if err != nil || total < 3 || !strings.Contains(entries[len(entries)-1].Detail, `"password":"reset"`) {
			t.Errorf("audit of the resets: %d %+v %v", total, entries, err)
		}
	})
}

func TestService_Tokens(t *testing.T) {
	s := newService(storetest.Open(t))
	ctx := context.Background()
	staff, _ := s.Create(ctx, "admin", NewAccount{Name: "staff", Role: drafts.RoleStaff, Password: "password1"})
	other, _ := s.Create(ctx, "admin", NewAccount{Name: "other", Role: drafts.RoleStaff, Password: "password1"})
	admin, _ := s.Create(ctx, "admin", NewAccount{Name: "boss", Role: drafts.RoleAdmin, Password: "password1"})

	if _, _, err := s.CreateToken(ctx, "staff", staff.ID, "  "); code(err) != drafts.EINVALID {
		t.Errorf("empty label: %v", err)
	}
	if _, _, err := s.CreateToken(ctx, "staff", staff.ID, string(make([]rune, 101))); code(err) != drafts.EINVALID {
		t.Errorf("long label: %v", err)
	}
	tok, k, err := s.CreateToken(ctx, "staff", staff.ID, "同步脚本")
	if err != nil || tok == "" || k.Label != "同步脚本" {
		t.Fatalf("CreateToken = %q, %+v, %v", tok, k, err)
	}
	if _, err := s.RevokeToken(ctx, "other", other.ID, k.ID); code(err) != drafts.ENOTFOUND {
		t.Errorf("revoking another account's token: %v", err)
	}
	for range 2 {
		if r, err := s.RevokeToken(ctx, "staff", staff.ID, k.ID); err != nil || !r.Revoked {
			t.Errorf("RevokeToken = %+v, %v", r, err)
		}
	}
	if list, _ := s.Tokens(ctx, staff.ID); len(list) != 1 || !list[0].Revoked {
		t.Errorf("tokens after revoking: %+v", list)
	}

	for _, tc := range []struct {
		name string
		me   *drafts.Account
		id   int64
		want *drafts.Account
		self bool
		code string
	}{
		{"own", staff, 0, staff, true, ""},
		{"own by id", staff, staff.ID, staff, true, ""},
		{"someone else's", staff, other.ID, nil, false, drafts.EFORBIDDEN},
		{"admin for another", admin, other.ID, other, false, ""},
		{"admin for nobody", admin, 9999, nil, false, drafts.ENOTFOUND},
		{"the admin token", &drafts.Account{Name: "admin", Role: drafts.RoleAdmin}, 0, nil, false, drafts.EINVALID},
	} {
		a, self, err := s.TokenOwner(ctx, tc.me, tc.id)
		if code(err) != tc.code || self != tc.self || (tc.want != nil && (a == nil || a.ID != tc.want.ID)) {
			t.Errorf("%s: %+v, %v, %v", tc.name, a, self, err)
		}
	}
}

func TestService_AdminToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newService(st)
		ctx := context.Background()
		tok, created, err := s.EnsureAdminToken(ctx)
		if err != nil || !created || !strings.HasPrefix(tok, "lifa_") {
			t.Fatalf("EnsureAdminToken = %q, %v, %v", tok, created, err)
		}
		if again, created, err := s.EnsureAdminToken(ctx); err != nil || created || again != "" {
			t.Errorf("second EnsureAdminToken = %q, %v, %v", again, created, err)
		}
		a, err := s.TokenAccount(ctx, tok)
		if err != nil || a.Name != AdminName || a.ID != 0 || !a.Can(drafts.PermManageAccounts) {
			t.Errorf("TokenAccount(admin token) = %+v, %v", a, err)
		}
		if _, err := s.TokenAccount(ctx, "lifa_wrong"); code(err) != drafts.EUNAUTHORIZED {
			t.Errorf("wrong token: %v", err)
		}
		staff, _ := s.Create(ctx, "admin", NewAccount{Name: "staff", Role: drafts.RoleStaff, Password: "password1"})
		api, _, err := s.CreateToken(ctx, "staff", staff.ID, "脚本")
		if err != nil {
			t.Fatal(err)
		}
		if a, err := s.TokenAccount(ctx, api); err != nil || a.ID != staff.ID {
			t.Errorf("TokenAccount(API token) = %+v, %v", a, err)
		}
		if _, _, _, err := s.SignInWithAdminToken(ctx, "lifa_wrong"); code(err) != drafts.EUNAUTHORIZED {
			t.Errorf("signing in with a wrong token: %v", err)
		}
		acct, sess, stok, err := s.SignInWithAdminToken(ctx, tok)
		if err != nil || acct.Role != drafts.RoleAdmin || acct.ID == 0 || sess == nil {
			t.Fatalf("SignInWithAdminToken = %+v, %v", acct, err)
		}
		if _, got, err := s.Session(ctx, stok); err != nil || got.ID != acct.ID {
			t.Errorf("Session = %+v, %v", got, err)
		}
		// A new token ends the sessions of the old one, and the old token.
		tok2, err := s.ResetAdminToken(ctx)
		if err != nil || tok2 == tok {
			t.Fatalf("ResetAdminToken = %q, %v", tok2, err)
		}
		if _, _, err := s.Session(ctx, stok); code(err) != drafts.EUNAUTHORIZED {
			t.Errorf("session of the old token: %v", err)
		}
		if ok, _ := s.CheckAdminToken(ctx, tok); ok {
			t.Error("old token still works")
		}
		if a2, _, stok2, err := s.SignInWithAdminToken(ctx, tok2); err != nil || a2.ID != acct.ID {
			t.Errorf("signing in with the new token: %+v, %v", a2, err)
		} else if err := s.SignOut(ctx, stok2); err != nil {
			t.Error(err)
		} else if _, _, err := s.Session(ctx, stok2); code(err) != drafts.EUNAUTHORIZED {
			t.Errorf("session after SignOut: %v", err)
		}
	})
}
