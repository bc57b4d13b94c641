package accounts

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strconv"
	"strings"

	"lifa/drafts"
	"lifa/drafts/store"
)

// The admin token is the first credential of a new installation: `lifa
// serve` makes it on the first start and prints it once. Scripts send it
// in "Authorization: Bearer lifa_…" and act as the administrator "admin";
// a browser signs in with it on the login page and gets an ordinary
// session of the token's own account (an administrator whose password
// nobody knows), which logout ends. No cookie ever holds the token.

// adminTokenSetting is the store setting holding the admin token's SHA-256.
const adminTokenSetting = "admin_token_sha256"

// adminAccountSetting is the store setting holding the id of the account
// that signing in with the admin token opens a session for.
const adminAccountSetting = "admin_token_account"

// AdminName is the audit-log name of writes made with the admin token in
// the Authorization header, and the name of the account the token signs in
// as (unless another account already has that name).
const AdminName = "admin"

// AdminTokenAccount is the administrator that a request carrying the admin
// token acts as: no account of the store (ID 0).
func AdminTokenAccount() *drafts.Account {
	return &drafts.Account{Name: AdminName, DisplayName: "管理员（令牌）", Role: drafts.RoleAdmin}
}

// EnsureAdminToken creates the admin token if the store has none. It
// returns the token and true when it created one (the caller prints it
// once; it cannot be shown again), or "" and false when one exists.
func (s *Service) EnsureAdminToken(ctx context.Context) (string, bool, error) {
	_, err := s.store.Setting(ctx, adminTokenSetting)
	if err == nil {
		return "", false, nil
	}
	if drafts.ErrorCode(err) != drafts.ENOTFOUND {
		return "", false, fmt.Errorf("read admin token: %w", err)
	}
	tok, err := s.ResetAdminToken(ctx)
	return tok, err == nil, err
}

// ResetAdminToken replaces the admin token with a new random one and
// returns it. The sessions opened with the old token end.
func (s *Service) ResetAdminToken(ctx context.Context) (string, error) {
	tok := drafts.NewToken("lifa_")
	if err := s.store.SetSetting(ctx, adminTokenSetting, drafts.HashToken(tok)); err != nil {
		return "", fmt.Errorf("store admin token: %w", err)
	}
	a, err := s.adminAccount(ctx, false)
	if err != nil {
		return "", err
	}
	if a != nil {
		// A new random password ends every session of the account.
		if err := s.scramblePassword(ctx, a.ID); err != nil {
			return "", err
		}
	}
	return tok, nil
}

// CheckAdminToken reports whether tok is the admin token.
func (s *Service) CheckAdminToken(ctx context.Context, tok string) (bool, error) {
	want, err := s.store.Setting(ctx, adminTokenSetting)
	if drafts.ErrorCode(err) == drafts.ENOTFOUND {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare([]byte(drafts.HashToken(tok)), []byte(want)) == 1, nil
}

// TokenAccount returns the account a bearer token acts as: an account's
// API token, or the admin token (AdminTokenAccount). EUNAUTHORIZED for a
// token that is neither, or is revoked.
func (s *Service) TokenAccount(ctx context.Context, tok string) (*drafts.Account, error) {
	tok = strings.TrimSpace(tok)
	a, err := s.store.APITokenAccount(ctx, tok)
	if drafts.ErrorCode(err) != drafts.EUNAUTHORIZED {
		return a, err
	}
	ok, err := s.CheckAdminToken(ctx, tok)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, drafts.Errorf(drafts.EUNAUTHORIZED, "令牌无效或已撤销。")
	}
	return AdminTokenAccount(), nil
}

// SignInWithAdminToken exchanges the admin token for an ordinary session
// of the token's account (created the first time), returned with its
// token for the cookie. EUNAUTHORIZED for a wrong token.
func (s *Service) SignInWithAdminToken(ctx context.Context, tok string) (*drafts.Account, *drafts.Session, string, error) {
	ok, err := s.CheckAdminToken(ctx, strings.TrimSpace(tok))
	if err != nil {
		return nil, nil, "", err
	}
	if !ok {
		return nil, nil, "", drafts.Errorf(drafts.EUNAUTHORIZED, "管理令牌不正确。")
	}
	a, err := s.adminAccount(ctx, true)
	if err != nil {
		return nil, nil, "", err
	}
	stok, sess, err := s.store.CreateSession(ctx, a.ID, drafts.SessionLifetime)
	if err != nil {
		return nil, nil, "", err
	}
	return a, sess, stok, nil
}

// scramblePassword gives account id an unknowable password, which also
// ends its sessions (the store does so on every password change).
func (s *Service) scramblePassword(ctx context.Context, id int64) error {
	h, err := drafts.HashPassword(drafts.NewToken("x"), s.cost)
	if err != nil {
		return err
	}
	if _, err := s.store.UpdateAccount(ctx, AdminName, id, store.AccountUpdate{PasswordHash: &h}); err != nil {
		return fmt.Errorf("end admin token sessions: %w", err)
	}
	return nil
}

// adminAccount returns the account that the admin token signs in as,
// creating it when create is set (an administrator whose password nobody
// knows) and enabling it again if it was disabled; nil when it does not
// exist and create is false.
func (s *Service) adminAccount(ctx context.Context, create bool) (*drafts.Account, error) {
	if v, err := s.store.Setting(ctx, adminAccountSetting); err == nil {
		id, _ := strconv.ParseInt(v, 10, 64)
		a, err := s.store.Account(ctx, id)
		if err == nil {
			if a.Disabled && create {
				enabled := false
				return s.store.UpdateAccount(ctx, AdminName, a.ID, store.AccountUpdate{Disabled: &enabled})
			}
			return a, nil
		}
		if drafts.ErrorCode(err) != drafts.ENOTFOUND {
			return nil, err
		}
	} else if drafts.ErrorCode(err) != drafts.ENOTFOUND {
		return nil, err
	}
	if !create {
		return nil, nil
	}
	h, err := drafts.HashPassword(drafts.NewToken("x"), s.cost)
	if err != nil {
		return nil, err
	}
	var a *drafts.Account
	for _, name := range []string{AdminName, "admin-token", "admin-token-" + drafts.NewToken("")[:6]} {
		a = &drafts.Account{Name: name, DisplayName: "管理员（令牌登录）", Role: drafts.RoleAdmin, PasswordHash: h}
		err = s.store.CreateAccount(ctx, AdminName, a)
		if drafts.ErrorCode(err) != drafts.ECONFLICT {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("admin token account: %w", err)
	}
	if err := s.store.SetSetting(ctx, adminAccountSetting, strconv.FormatInt(a.ID, 10)); err != nil {
		return nil, err
	}
	return a, nil
}

// Session returns the unexpired session whose token is tok and its
// account. EUNAUTHORIZED when there is none, it expired or the account is
// disabled.
func (s *Service) Session(ctx context.Context, tok string) (*drafts.Session, *drafts.Account, error) {
	return s.store.Session(ctx, tok)
}

// SignOut ends the session whose token is tok; ending one that does not
// exist is not an error.
func (s *Service) SignOut(ctx context.Context, tok string) error {
	return s.store.DeleteSession(ctx, tok)
}
