// Package accounts holds the workflows of accounts and contact points:
// creating an account (the admin page, the API and `lifa user add` alike),
// setting up a contact point and its liaisons, changing and checking
// passwords, signing in, and the API tokens of an account. Each rule lives
// here once.
//
// Errors are *drafts.Error: EINVALID for fields that cannot be accepted,
// ECONFLICT for a name that is taken, ENOTFOUND for an unknown account,
// EUNAUTHORIZED for a failed sign-in (never saying whether the name or the
// password was wrong), EFORBIDDEN for tokens of someone else's account.
package accounts

import (
	"context"
	"crypto/rand"
	"math/big"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/store"
)

// Service runs the account workflows on one store. Create it with New; it
// is safe for concurrent use.
type Service struct {
	store *store.Store
	// cost is the bcrypt cost of new password hashes.
	cost int
	// hashes holds one token per sign-in password check being computed:
	// at most half the cores, so that a flood of sign-ins (bcrypt, about
	// 50 ms of a core each) leaves the other half to the readers.
	hashes   chan struct{}
	hashWait time.Duration
}

// hashWait is how long a sign-in waits for a free hashing slot.
const hashWait = 2 * time.Second

// New returns the account workflows on st.
func New(st *store.Store) *Service {
	return &Service{store: st, cost: drafts.PasswordCost,
		hashes: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2)), hashWait: hashWait}
}

// checkPassword compares password with hash (drafts.CheckPasswordTiming)
// in one of the hashing slots. EUNAVAILABLE when no slot frees within
// hashWait.
func (s *Service) checkPassword(ctx context.Context, hash, password string) (bool, error) {
	select {
	case s.hashes <- struct{}{}:
	default:
		t := time.NewTimer(s.hashWait)
		defer t.Stop()
		select {
		case s.hashes <- struct{}{}:
		case <-t.C:
			return false, drafts.Errorf(drafts.EUNAVAILABLE, "登录请求较多，请稍后再试。")
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
	defer func() { <-s.hashes }()
	return drafts.CheckPasswordTiming(hash, password), nil
}

// NewAccount is what an administrator gives to create an account.
type NewAccount struct {
	Name        string      `json:"name"`
	DisplayName string      `json:"display_name"`
	Role        drafts.Role `json:"role"`
	// ContactPointID is the liaison's contact point (liaisons only).
	ContactPointID int64  `json:"contact_point_id"`
	Password       string `json:"password"`
}

// Create checks and stores a new account with its password's hash.
// EINVALID for a bad name, role, missing contact point or short password;
// ECONFLICT when the name is taken.
func (s *Service) Create(ctx context.Context, actor string, in NewAccount) (*drafts.Account, error) {
	a := &drafts.Account{Name: in.Name, DisplayName: in.DisplayName, Role: in.Role, ContactPointID: in.ContactPointID}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	h, err := drafts.HashPassword(in.Password, s.cost)
	if err != nil {
		return nil, err
	}
	a.PasswordHash = h
	if err := s.store.CreateAccount(ctx, actor, a); err != nil {
		return nil, err
	}
	return a, nil
}

// Update changes an account: the store's fields, and the password when
// Password is set.
type Update struct {
	store.AccountUpdate
	Password *string `json:"password"`
}

// Update applies u to account id on behalf of me. A new role, a new
// password or disabling the account ends its sessions; a password set by
// an administrator for someone else is a reset (the account must change
// it at its next sign-in, ResetPassword). EINVALID when me would disable
// their own account or change their own role (another administrator
// must), ENOTFOUND.
func (s *Service) Update(ctx context.Context, me *drafts.Account, id int64, u Update) (*drafts.Account, error) {
	if err := checkSelf(me, id, u.AccountUpdate); err != nil {
		return nil, err
	}
	if u.Password != nil {
		h, err := drafts.HashPassword(*u.Password, s.cost)
		if err != nil {
			return nil, err
		}
		u.PasswordHash = &h
		reset := me.ID != id
		u.MustChangePassword = &reset
	}
	return s.store.UpdateAccount(ctx, me.Name, id, u.AccountUpdate)
}

// checkSelf refuses the changes nobody may make to their own account: an
// administrator who disabled themselves or took away their own role could
// lock the last administrator out.
func checkSelf(me *drafts.Account, id int64, u store.AccountUpdate) error {
	if me == nil || me.ID != id {
		return nil
	}
	if u.Disabled != nil && *u.Disabled {
		return drafts.Errorf(drafts.EINVALID, "不能停用自己的账号；如确需停用，请由另一位管理员操作。")
	}
	if u.Role != nil && *u.Role != me.Role {
		return drafts.Errorf(drafts.EINVALID, "不能更改自己的角色；如确需更改，请由另一位管理员操作。")
	}
	return nil
}

// SetDisabled disables (or enables again) account id on behalf of me.
// EINVALID when me would disable their own account, ENOTFOUND.
func (s *Service) SetDisabled(ctx context.Context, me *drafts.Account, id int64, disabled bool) (*drafts.Account, error) {
	u := store.AccountUpdate{Disabled: &disabled}
	if err := checkSelf(me, id, u); err != nil {
		return nil, err
	}
	return s.store.UpdateAccount(ctx, me.Name, id, u)
}

// tempPasswordLength is the length of the passwords ResetPassword makes.
const tempPasswordLength = 12

// passwordAlphabet leaves out characters people confuse when they copy a
// password by hand (0 O o, 1 l I).
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// newPassword returns n random characters of passwordAlphabet.
func newPassword(n int) string {
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(passwordAlphabet))))
		if err != nil {
			panic(err)
		}
		b[i] = passwordAlphabet[k.Int64()]
	}
	return string(b)
}

// ResetPassword gives account id a new password chosen by an
// administrator (me), or a random one when password is empty, and
// returns it (to be handed over once; only its hash is kept). The account
// must choose its own password at its next sign-in; its sessions end.
// EINVALID for one's own account (use ChangePassword) or a password too
// short, ENOTFOUND.
func (s *Service) ResetPassword(ctx context.Context, me *drafts.Account, id int64, password string) (string, *drafts.Account, error) {
	if me != nil && me.ID == id {
		return "", nil, drafts.Errorf(drafts.EINVALID, "请在“修改密码”页面修改自己的密码。")
	}
	if password == "" {
		password = newPassword(tempPasswordLength)
	}
	h, err := drafts.HashPassword(password, s.cost)
	if err != nil {
		return "", nil, err
	}
	must := true
	a, err := s.store.UpdateAccount(ctx, me.Name, id, store.AccountUpdate{PasswordHash: &h, MustChangePassword: &must})
	if err != nil {
		return "", nil, err
	}
	return password, a, nil
}

// CreateContactPoint sets up a grassroots legislative contact point
// (基层立法联系点); its liaisons are then accounts with role liaison and its
// id. EINVALID for an empty name, ECONFLICT when the name is taken.
func (s *Service) CreateContactPoint(ctx context.Context, actor string, in drafts.ContactPoint) (*drafts.ContactPoint, error) {
	cp := &drafts.ContactPoint{Name: in.Name, Region: strings.TrimSpace(in.Region), Address: strings.TrimSpace(in.Address)}
	if err := s.store.CreateContactPoint(ctx, actor, cp); err != nil {
		return nil, err
	}
	return cp, nil
}

// Directory is a page of accounts and every contact point with its
// liaisons, for the administration page.
type Directory struct {
	Accounts []*drafts.Account
	// Total is how many accounts match the query.
	Total         int
	ContactPoints []*drafts.ContactPoint
	// Liaisons lists each contact point's liaisons by contact point id.
	Liaisons map[int64][]*drafts.Account
}

// ContactPointName returns the name of contact point id, "" when unknown.
func (d *Directory) ContactPointName(id int64) string {
	for _, cp := range d.ContactPoints {
		if cp.ID == id {
			return cp.Name
		}
	}
	return ""
}

// Directory lists the accounts matching f (a page of them) and every
// contact point with its liaisons.
func (s *Service) Directory(ctx context.Context, f store.AccountFilter) (*Directory, error) {
	accts, total, err := s.store.AccountsPage(ctx, f)
	if err != nil {
		return nil, err
	}
	cps, err := s.store.ContactPoints(ctx)
	if err != nil {
		return nil, err
	}
	liaisons, _, err := s.store.AccountsPage(ctx, store.AccountFilter{Role: drafts.RoleLiaison, Limit: 1000})
	if err != nil {
		return nil, err
	}
	d := &Directory{Accounts: accts, Total: total, ContactPoints: cps, Liaisons: map[int64][]*drafts.Account{}}
	for _, a := range liaisons {
		d.Liaisons[a.ContactPointID] = append(d.Liaisons[a.ContactPointID], a)
	}
	return d, nil
}

// ContactPoints returns every contact point by name.
func (s *Service) ContactPoints(ctx context.Context) ([]*drafts.ContactPoint, error) {
	return s.store.ContactPoints(ctx)
}

// SignIn checks a name and a password and starts a session: it returns
// the account, the session and its token (for the cookie). The error is
// drafts.ErrBadCredentials whether the name is unknown, the password
// wrong or the account disabled, and it takes as long in each case;
// EUNAVAILABLE when too many sign-ins are being checked at once.
func (s *Service) SignIn(ctx context.Context, name, password string) (*drafts.Account, *drafts.Session, string, error) {
	a, err := s.store.AccountByName(ctx, strings.TrimSpace(name))
	hash := ""
	if err == nil {
		hash = a.PasswordHash
	} else if drafts.ErrorCode(err) != drafts.ENOTFOUND {
		return nil, nil, "", err
	}
	ok, err := s.checkPassword(ctx, hash, password)
	if err != nil {
		return nil, nil, "", err
	}
	if !ok || a == nil || a.Disabled {
		return nil, nil, "", drafts.ErrBadCredentials
	}
	tok, sess, err := s.store.CreateSession(ctx, a.ID, drafts.SessionLifetime)
	if err != nil {
		return nil, nil, "", err
	}
	return a, sess, tok, nil
}

// HasPassword returns nil when account a has a password to change:
// EFORBIDDEN for the admin token, which is no account.
func HasPassword(a *drafts.Account) error {
	if a == nil || a.ID == 0 {
		return drafts.Errorf(drafts.EFORBIDDEN, "管理令牌没有密码，无法在此修改。")
	}
	return nil
}

// ChangePassword replaces the password of account a, which must be given
// with its current password and the new one twice. It ends every session
// of the account and starts a new one, returned with its token, so the
// person changing it stays signed in. EUNAUTHORIZED for a wrong current
// password, EINVALID for a mismatch, an unchanged or too short password.
func (s *Service) ChangePassword(ctx context.Context, a *drafts.Account, current, next, again string) (*drafts.Session, string, error) {
	if err := HasPassword(a); err != nil {
		return nil, "", err
	}
	if !drafts.CheckPasswordTiming(a.PasswordHash, current) {
		return nil, "", drafts.Errorf(drafts.EUNAUTHORIZED, "当前密码不正确。")
	}
	if next != again {
		return nil, "", drafts.Errorf(drafts.EINVALID, "两次输入的新密码不一致。")
	}
	if next == current {
		return nil, "", drafts.Errorf(drafts.EINVALID, "新密码不能与当前密码相同。")
	}
	h, err := drafts.HashPassword(next, s.cost)
	if err != nil {
		return nil, "", err
	}
	done := false
	if _, err := s.store.UpdateAccount(ctx, a.Name, a.ID, store.AccountUpdate{PasswordHash: &h, MustChangePassword: &done}); err != nil {
		return nil, "", err
	}
	tok, sess, err := s.store.CreateSession(ctx, a.ID, drafts.SessionLifetime)
	if err != nil {
		return nil, "", err
	}
	return sess, tok, nil
}

// maxTokenLabel is the longest label of an API token, in characters.
const maxTokenLabel = 100

// CreateToken makes an API token for account accountID, labelled with
// what it is for. The token is returned once; only its hash is kept.
// EINVALID for an empty or overlong label, ENOTFOUND for an unknown account.
func (s *Service) CreateToken(ctx context.Context, actor string, accountID int64, label string) (string, *drafts.APIToken, error) {
	label = strings.TrimSpace(label)
	if label == "" {
		return "", nil, drafts.Errorf(drafts.EINVALID, "请填写令牌用途，便于日后识别和撤销。")
	}
	if utf8.RuneCountInString(label) > maxTokenLabel {
		return "", nil, drafts.Errorf(drafts.EINVALID, "令牌用途最多 %d 字。", maxTokenLabel)
	}
	return s.store.CreateAPIToken(ctx, actor, accountID, label)
}

// Tokens lists the API tokens of account accountID, newest first.
func (s *Service) Tokens(ctx context.Context, accountID int64) ([]*drafts.APIToken, error) {
	return s.store.APITokens(ctx, accountID)
}

// RevokeToken revokes token tokenID of account accountID and returns it;
// revoking a revoked token changes nothing. ENOTFOUND when the account has
// no such token.
func (s *Service) RevokeToken(ctx context.Context, actor string, accountID, tokenID int64) (*drafts.APIToken, error) {
	list, err := s.store.APITokens(ctx, accountID)
	if err != nil {
		return nil, err
	}
	for _, k := range list {
		if k.ID != tokenID {
			continue
		}
		if !k.Revoked {
			if err := s.store.RevokeAPIToken(ctx, actor, tokenID); err != nil {
				return nil, err
			}
			k.Revoked = true
		}
		return k, nil
	}
	return nil, drafts.Errorf(drafts.ENOTFOUND, "该用户没有这个 API 令牌。")
}

// TokenOwner returns the account whose API tokens me may manage: its own
// (id 0 or its own id), or for an administrator any account; self says
// which. EINVALID for the admin token, which is no account; EFORBIDDEN for
// someone else's tokens; ENOTFOUND for an unknown account.
func (s *Service) TokenOwner(ctx context.Context, me *drafts.Account, id int64) (owner *drafts.Account, self bool, err error) {
	if id == 0 || id == me.ID {
		if me.ID == 0 {
			return nil, false, drafts.Errorf(drafts.EINVALID, "以管理令牌登录时，请在用户与联系点页面选择要管理令牌的用户。")
		}
		return me, true, nil
	}
	if !me.Can(drafts.PermManageAccounts) {
		return nil, false, drafts.Errorf(drafts.EFORBIDDEN, "只能管理自己的 API 令牌。")
	}
	a, err := s.store.Account(ctx, id)
	if err != nil {
		return nil, false, err
	}
	return a, false, nil
}
