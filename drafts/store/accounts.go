package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"lifa/drafts"
)

// CreateContactPoint stores a new contact point and sets its ID. EINVALID
// for an empty name, ECONFLICT when the name is taken.
func (s *Store) CreateContactPoint(ctx context.Context, actor string, cp *drafts.ContactPoint) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	cp.Name = strings.TrimSpace(cp.Name)
	if cp.Name == "" || utf8.RuneCountInString(cp.Name) > maxTitle {
		return drafts.Errorf(drafts.EINVALID, "联系点名称不能为空，最多 %d 字。", maxTitle)
	}
	return s.write(ctx, func(t *tx) error {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM contact_points WHERE name = ?`, cp.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return drafts.Errorf(drafts.ECONFLICT, "联系点“%s”已存在。", cp.Name)
		}
		cp.CreatedAt = s.now()
		id, err := t.insert(ctx, `INSERT INTO contact_points (name, region, address, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			cp.Name, cp.Region, cp.Address, cp.CreatedAt)
		if err != nil {
			return fmt.Errorf("insert contact point: %w", err)
		}
		cp.ID = id
		return s.record(ctx, t, cp.CreatedAt, actor, "contact_point.create", "contact_point", id, "",
			auditJSON(map[string]any{"name": cp.Name}))
	})
}

// ContactPoints returns all contact points by name.
func (s *Store) ContactPoints(ctx context.Context) ([]*drafts.ContactPoint, error) {
	var out []*drafts.ContactPoint
	err := s.read(ctx, func(t *tx) error {
		var err error
		out, err = findContactPoints(ctx, t)
		return err
	})
	return out, err
}

// ContactPoint returns contact point id; ENOTFOUND when there is none.
func (s *Store) ContactPoint(ctx context.Context, id int64) (*drafts.ContactPoint, error) {
	var cp drafts.ContactPoint
	err := s.read(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `SELECT id, name, region, address, created_at FROM contact_points WHERE id = ?`, id).
			Scan(&cp.ID, &cp.Name, &cp.Region, &cp.Address, &cp.CreatedAt)
		if isNoRows(err) {
			return notFound("联系点", id)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &cp, nil
}

const accountColumns = `id, name, display_name, role, COALESCE(contact_point_id, 0), password_hash, disabled, created_at,
	must_change_password`

func scanAccount(row interface{ Scan(...any) error }) (*drafts.Account, error) {
	var a drafts.Account
	var disabled, mustChange int
	if err := row.Scan(&a.ID, &a.Name, &a.DisplayName, &a.Role, &a.ContactPointID, &a.PasswordHash, &disabled, &a.CreatedAt,
		&mustChange); err != nil {
		return nil, err
	}
	a.Disabled, a.MustChangePassword = disabled != 0, mustChange != 0
	a.CreatedAt = a.CreatedAt.UTC()
	return &a, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateAccount stores a new account (PasswordHash already set by
// drafts.HashPassword) and sets its ID. EINVALID for bad fields or an
// unknown contact point, ECONFLICT when the name is taken.
func (s *Store) CreateAccount(ctx context.Context, actor string, a *drafts.Account) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if a.PasswordHash == "" {
		return drafts.Errorf(drafts.EINVALID, "缺少密码。")
	}
	return s.write(ctx, func(t *tx) error {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM accounts WHERE name = ?`, a.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return drafts.Errorf(drafts.ECONFLICT, "用户名“%s”已被使用。", a.Name)
		}
		if a.ContactPointID != 0 {
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM contact_points WHERE id = ?`, a.ContactPointID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return drafts.Errorf(drafts.EINVALID, "联系点 %d 不存在。", a.ContactPointID)
			}
		}
		a.CreatedAt = s.now()
		id, err := t.insert(ctx, `INSERT INTO accounts (name, display_name, role, contact_point_id, password_hash, disabled, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			a.Name, a.DisplayName, string(a.Role), nullID(a.ContactPointID), a.PasswordHash, boolInt(a.Disabled), a.CreatedAt)
		if err != nil {
			return fmt.Errorf("insert account: %w", err)
		}
		a.ID = id
		return s.record(ctx, t, a.CreatedAt, actor, "account.create", "account", id, "",
			auditJSON(map[string]any{"name": a.Name, "role": a.Role, "contact_point_id": a.ContactPointID}))
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Accounts returns all accounts by name.
func (s *Store) Accounts(ctx context.Context) ([]*drafts.Account, error) {
	var out []*drafts.Account
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+accountColumns+` FROM accounts ORDER BY name`)
		if err != nil {
			return fmt.Errorf("accounts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAccount(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

// Account returns account id; ENOTFOUND when there is none.
func (s *Store) Account(ctx context.Context, id int64) (*drafts.Account, error) {
	var a *drafts.Account
	err := s.read(ctx, func(t *tx) error {
		var err error
		a, err = scanAccount(t.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = ?`, id))
		if isNoRows(err) {
			return notFound("用户", id)
		}
		return err
	})
	return a, err
}

// AccountByName returns the account with login name; ENOTFOUND when there
// is none.
func (s *Store) AccountByName(ctx context.Context, name string) (*drafts.Account, error) {
	var a *drafts.Account
	err := s.read(ctx, func(t *tx) error {
		var err error
		a, err = scanAccount(t.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE name = ?`, strings.TrimSpace(name)))
		if isNoRows(err) {
			return drafts.Errorf(drafts.ENOTFOUND, "用户 %s 不存在", name)
		}
		return err
	})
	return a, err
}

// AccountUpdate changes an account; nil fields stay as they are.
type AccountUpdate struct {
	DisplayName    *string      `json:"display_name,omitempty"`
	Role           *drafts.Role `json:"role,omitempty"`
	ContactPointID *int64       `json:"contact_point_id,omitempty"`
	Disabled       *bool        `json:"disabled,omitempty"`
	PasswordHash   *string      `json:"-"`
	// MustChangePassword, set with a new PasswordHash by an administrator's
	// reset, makes the account choose a new password at its next sign-in;
	// the account's own change clears it.
	MustChangePassword *bool `json:"-"`
}

// UpdateAccount applies u to account id. Disabling an account or changing
// its password or role ends its sessions. ENOTFOUND, EINVALID.
func (s *Store) UpdateAccount(ctx context.Context, actor string, id int64, u AccountUpdate) (*drafts.Account, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	var a *drafts.Account
	err := s.write(ctx, func(t *tx) error {
		var err error
		a, err = scanAccount(t.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = ?`, id))
		if isNoRows(err) {
			return notFound("用户", id)
		} else if err != nil {
			return err
		}
		detail := map[string]any{}
		endSessions := false
		if u.DisplayName != nil {
			a.DisplayName = *u.DisplayName
			detail["display_name"] = *u.DisplayName
		}
		if u.Role != nil {
			a.Role = *u.Role
			detail["role"] = *u.Role
			endSessions = true
		}
		if u.ContactPointID != nil {
			a.ContactPointID = *u.ContactPointID
			detail["contact_point_id"] = *u.ContactPointID
		}
		if u.Disabled != nil {
			a.Disabled = *u.Disabled
			detail["disabled"] = *u.Disabled
			endSessions = endSessions || *u.Disabled
		}
		if u.PasswordHash != nil {
			a.PasswordHash = *u.PasswordHash
			detail["password"] = "changed"
			endSessions = true
		}
		if u.MustChangePassword != nil {
			a.MustChangePassword = *u.MustChangePassword
			if a.MustChangePassword {
				detail["password"] = "reset"
			}
		}
		if err := a.Validate(); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE accounts SET display_name = ?, role = ?, contact_point_id = ?, disabled = ?,
			password_hash = ?, must_change_password = ? WHERE id = ?`, a.DisplayName, string(a.Role), nullID(a.ContactPointID),
			boolInt(a.Disabled), a.PasswordHash, boolInt(a.MustChangePassword), id); err != nil {
			return fmt.Errorf("update account: %w", err)
		}
		if endSessions {
			if _, err := t.exec(ctx, `DELETE FROM sessions WHERE account_id = ?`, id); err != nil {
				return fmt.Errorf("end sessions: %w", err)
			}
		}
		return s.record(ctx, t, s.now(), actor, "account.update", "account", id, "", auditJSON(detail))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// CreateSession stores a session for account id and returns it with its
// token (only the token's hash is stored). The sign-in is audited.
func (s *Store) CreateSession(ctx context.Context, accountID int64, lifetime time.Duration) (token string, sess *drafts.Session, err error) {
	token = drafts.NewToken("")
	now := s.now()
	sess = &drafts.Session{TokenHash: drafts.HashToken(token), AccountID: accountID, CSRF: drafts.NewToken(""),
		CreatedAt: now, ExpiresAt: now.Add(lifetime)}
	err = s.write(ctx, func(t *tx) error {
		var name string
		if err := t.queryRow(ctx, `SELECT name FROM accounts WHERE id = ?`, accountID).Scan(&name); isNoRows(err) {
			return notFound("用户", accountID)
		} else if err != nil {
			return err
		}
		// Sweep this account's expired sessions while here.
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE account_id = ? AND expires_at < ?`, accountID, now); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO sessions (token_hash, account_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			sess.TokenHash, accountID, sess.CSRF, sess.CreatedAt, sess.ExpiresAt); err != nil {
			return fmt.Errorf("insert session: %w", err)
		}
		return s.record(ctx, t, now, name, "account.login", "account", accountID, "", "")
	})
	if err != nil {
		return "", nil, err
	}
	return token, sess, nil
}

// Session returns the unexpired session whose token is token and its
// account; EUNAUTHORIZED when there is none, it has expired, or the account
// is disabled.
func (s *Store) Session(ctx context.Context, token string) (*drafts.Session, *drafts.Account, error) {
	var sess drafts.Session
	var a *drafts.Account
	unauth := drafts.Errorf(drafts.EUNAUTHORIZED, "登录已过期，请重新登录。")
	err := s.read(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `SELECT token_hash, account_id, csrf, created_at, expires_at FROM sessions WHERE token_hash = ?`,
			drafts.HashToken(token)).Scan(&sess.TokenHash, &sess.AccountID, &sess.CSRF, &sess.CreatedAt, &sess.ExpiresAt)
		if isNoRows(err) {
			return unauth
		} else if err != nil {
			return err
		}
		if !s.now().Before(sess.ExpiresAt) {
			return unauth
		}
		a, err = scanAccount(t.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = ?`, sess.AccountID))
		if err != nil {
			return err
		}
		if a.Disabled {
			return unauth
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return &sess, a, nil
}

// DeleteSession ends the session with token (logout). Ending a session
// that does not exist is not an error.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	return s.write(ctx, func(t *tx) error {
		var id int64
		var name string
		err := t.queryRow(ctx, `SELECT a.id, a.name FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?`,
			drafts.HashToken(token)).Scan(&id, &name)
		if isNoRows(err) {
			return nil
		} else if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, drafts.HashToken(token)); err != nil {
			return err
		}
		return s.record(ctx, t, s.now(), name, "account.logout", "account", id, "", "")
	})
}

// CreateAPIToken makes an API token for account id; the token itself is
// returned once and only its hash is stored.
func (s *Store) CreateAPIToken(ctx context.Context, actor string, accountID int64, label string) (string, *drafts.APIToken, error) {
	if err := checkActor(actor); err != nil {
		return "", nil, err
	}
	token := drafts.NewToken("lifa_")
	tok := &drafts.APIToken{AccountID: accountID, Label: strings.TrimSpace(label), TokenHash: drafts.HashToken(token)}
	err := s.write(ctx, func(t *tx) error {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM accounts WHERE id = ?`, accountID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("用户", accountID)
		}
		tok.CreatedAt = s.now()
		id, err := t.insert(ctx, `INSERT INTO api_tokens (account_id, label, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			accountID, tok.Label, tok.TokenHash, tok.CreatedAt)
		if err != nil {
			return fmt.Errorf("insert api token: %w", err)
		}
		tok.ID = id
		return s.record(ctx, t, tok.CreatedAt, actor, "api_token.create", "account", accountID, "",
			auditJSON(map[string]any{"token_id": id, "label": tok.Label}))
	})
	if err != nil {
		return "", nil, err
	}
	return token, tok, nil
}

// APITokenAccount returns the account an unrevoked API token acts as;
// EUNAUTHORIZED otherwise.
func (s *Store) APITokenAccount(ctx context.Context, token string) (*drafts.Account, error) {
	var a *drafts.Account
	err := s.read(ctx, func(t *tx) error {
		var err error
		a, err = scanAccount(t.queryRow(ctx, `SELECT a.id, a.name, a.display_name, a.role, COALESCE(a.contact_point_id, 0),
			a.password_hash, a.disabled, a.created_at, a.must_change_password FROM api_tokens k JOIN accounts a ON a.id = k.account_id
			WHERE k.token_hash = ? AND k.revoked = 0`, drafts.HashToken(token)))
		if isNoRows(err) || (err == nil && a.Disabled) {
			return drafts.Errorf(drafts.EUNAUTHORIZED, "API 令牌无效或已撤销。")
		}
		return err
	})
	return a, err
}

// RevokeAPIToken revokes token id (kept for the record).
func (s *Store) RevokeAPIToken(ctx context.Context, actor string, id int64) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	return s.write(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE api_tokens SET revoked = 1 WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("API 令牌", id)
		}
		return s.record(ctx, t, s.now(), actor, "api_token.revoke", "api_token", id, "", "")
	})
}

// APITokens lists the API tokens of account id (0: all), newest first.
func (s *Store) APITokens(ctx context.Context, accountID int64) ([]*drafts.APIToken, error) {
	var out []*drafts.APIToken
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id, account_id, label, created_at, last_used, revoked FROM api_tokens
			WHERE CAST(? AS BIGINT) = 0 OR account_id = ? ORDER BY id DESC`, accountID, accountID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k drafts.APIToken
			var last sql.NullTime
			var revoked int
			if err := rows.Scan(&k.ID, &k.AccountID, &k.Label, &k.CreatedAt, &last, &revoked); err != nil {
				return err
			}
			if last.Valid {
				tm := last.Time.UTC()
				k.LastUsed = &tm
			}
			k.Revoked = revoked != 0
			out = append(out, &k)
		}
		return rows.Err()
	})
	return out, err
}
