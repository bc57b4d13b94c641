package drafts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// Role is what an account may do. The public needs no account.
type Role string

// The roles.
const (
	RoleAdmin   Role = "admin"   // 管理员: accounts, contact points, everything staff can do
	RoleStaff   Role = "staff"   // 工作人员 (法制工委/专门委员会)
	RoleMember  Role = "member"  // 委员、代表
	RoleLiaison Role = "liaison" // 联络员 of one contact point
)

// Roles lists the roles in display order.
var Roles = []Role{RoleAdmin, RoleStaff, RoleMember, RoleLiaison}

// Label returns the role's Chinese name.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "管理员"
	case RoleStaff:
		return "工作人员"
	case RoleMember:
		return "委员、代表"
	case RoleLiaison:
		return "联系点联络员"
	}
	return string(r)
}

// ParseRole returns the role named s, or EINVALID.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "角色“%s”无效，应为 admin、staff、member 或 liaison。", s)
}

// Permission is one thing an account may be allowed to do.
type Permission string

// The permissions.
const (
	PermManageAccounts      Permission = "accounts.manage"      // 管理用户、联系点
	PermEditRegulations     Permission = "regulations.edit"     // 创建法规项目、上传版本
	PermManageConsultations Permission = "consultations.manage" // 发起征求意见
	PermViewOpinions        Permission = "opinions.view"        // 查看全部意见（含联系方式）
	PermModerate            Permission = "opinions.moderate"    // 公开/屏蔽意见
	PermAnswer              Permission = "opinions.answer"      // 答复意见
	PermExport              Permission = "opinions.export"      // 导出意见汇总
	PermViewAudit           Permission = "audit.view"           // 查看操作日志
	PermSubmitAsMember      Permission = "opinions.member"      // 以委员、代表身份提出意见
	PermSubmitForPoint      Permission = "opinions.contact"     // 以联系点名义提交意见、座谈会
	PermOwnAccount          Permission = "account.own"          // 使用自己的账号：工作台、自己的意见、令牌、密码
)

// permissions is the one table of who may do what.
var permissions = map[Permission][]Role{
	PermManageAccounts:      {RoleAdmin},
	PermEditRegulations:     {RoleAdmin, RoleStaff},
	PermManageConsultations: {RoleAdmin, RoleStaff},
	PermViewOpinions:        {RoleAdmin, RoleStaff},
	PermModerate:            {RoleAdmin, RoleStaff},
	PermAnswer:              {RoleAdmin, RoleStaff},
	PermExport:              {RoleAdmin, RoleStaff},
	PermViewAudit:           {RoleAdmin, RoleStaff},
	PermSubmitAsMember:      {RoleMember},
	PermSubmitForPoint:      {RoleLiaison},
	PermOwnAccount:          {RoleAdmin, RoleStaff, RoleMember, RoleLiaison},
}

// AllPermissions lists every permission, for tests and the admin page.
func AllPermissions() []Permission {
	return []Permission{PermManageAccounts, PermEditRegulations, PermManageConsultations, PermViewOpinions,
		PermModerate, PermAnswer, PermExport, PermViewAudit, PermSubmitAsMember, PermSubmitForPoint, PermOwnAccount}
}

// Can reports whether role r has permission p.
func (r Role) Can(p Permission) bool {
	for _, x := range permissions[p] {
		if x == r {
			return true
		}
	}
	return false
}

// Account is a person who signs in: staff, admin, member or liaison.
type Account struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"` // login name
	DisplayName string `json:"display_name"`
	Role        Role   `json:"role"`
	// ContactPointID is the liaison's contact point (0 for other roles).
	ContactPointID int64     `json:"contact_point_id,omitempty"`
	PasswordHash   string    `json:"-"`
	Disabled       bool      `json:"disabled"`
	CreatedAt      time.Time `json:"created_at"`
	// MustChangePassword is set when an administrator has reset the
	// password: the account chooses a new one before anything else.
	MustChangePassword bool `json:"must_change_password,omitempty"`
}

// Can reports whether the account (nil: the public) has permission p.
func (a *Account) Can(p Permission) bool {
	return a != nil && !a.Disabled && a.Role.Can(p)
}

// Validate checks the account's fields (not the password).
func (a *Account) Validate() error {
	a.Name = strings.TrimSpace(a.Name)
	a.DisplayName = strings.TrimSpace(a.DisplayName)
	if a.Name == "" || utf8.RuneCountInString(a.Name) > 64 || strings.ContainsAny(a.Name, " \t\r\n:/") {
		return Errorf(EINVALID, "用户名不能为空、不能含空格或冒号，最多 64 字。")
	}
	if a.DisplayName == "" {
		a.DisplayName = a.Name
	}
	if _, err := ParseRole(string(a.Role)); err != nil {
		return err
	}
	if a.Role == RoleLiaison && a.ContactPointID <= 0 {
		return Errorf(EINVALID, "联络员必须属于一个基层立法联系点。")
	}
	if a.Role != RoleLiaison {
		a.ContactPointID = 0
	}
	return nil
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 8

// PasswordCost is the bcrypt cost used for new passwords (about 50 ms on
// the target machine).
const PasswordCost = 10

// HashPassword checks the password's length and returns its bcrypt hash.
func HashPassword(password string, cost int) (string, error) {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return "", Errorf(EINVALID, "密码至少 %d 位。", MinPasswordLength)
	}
	if len(password) > 72 {
		return "", Errorf(EINVALID, "密码最多 72 字节。")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", &Error{Code: EINTERNAL, Message: "密码处理失败。", Err: err}
	}
	return string(h), nil
}

// CheckPassword reports whether password matches the bcrypt hash.
func CheckPassword(hash, password string) bool {
	return hash != "" && bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// hashTime is how long one password check takes on this machine: a
// sign-in for a name that does not exist waits that long instead of
// hashing, so that it takes the same time as a wrong password without
// spending a core on it (a flood of made-up names costs no CPU). It is
// measured once, on first use.
var hashTime = sync.OnceValue(func() time.Duration {
	h, _ := bcrypt.GenerateFromPassword([]byte("lifa-dummy-password"), PasswordCost)
	t0 := time.Now()
	_ = bcrypt.CompareHashAndPassword(h, []byte("lifa-wrong-password"))
	return time.Since(t0)
})

// CheckPasswordTiming is CheckPassword that spends the same time when the
// account is missing (hash == ""), waiting rather than hashing.
func CheckPasswordTiming(hash, password string) bool {
	if hash == "" {
		time.Sleep(hashTime())
		return false
	}
	return CheckPassword(hash, password)
}

// NewToken returns a random secret with the given prefix, e.g. a session
// id or an API token ("lifa_…"): 32 random bytes, base64url.
func NewToken(prefix string) string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// HashToken returns the hex SHA-256 of a token: the store keeps only this,
// so a stolen database does not yield usable sessions or tokens.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Session is a signed-in browser session, kept in the store by the hash
// of its token.
type Session struct {
	TokenHash string    `json:"-"`
	AccountID int64     `json:"account_id"`
	CSRF      string    `json:"-"` // per-session CSRF token for forms
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// SessionLifetime is how long a session lasts without activity.
const SessionLifetime = 12 * time.Hour

// APIToken is a long-lived token for integrations, acting as its account.
type APIToken struct {
	ID        int64      `json:"id"`
	AccountID int64      `json:"account_id"`
	Label     string     `json:"label"`
	TokenHash string     `json:"-"`
	CreatedAt time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used,omitempty"`
	Revoked   bool       `json:"revoked"`
}

// ErrBadCredentials is returned when a sign-in fails; it never says
// whether the name or the password was wrong.
var ErrBadCredentials = &Error{Code: EUNAUTHORIZED, Message: "用户名或密码错误。"}
