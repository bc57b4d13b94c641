package drafts

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

func TestRole_Can(t *testing.T) {
	// The expected rights of each role, written out independently of the
	// permissions table so a change to either shows here.
	want := map[Role][]Permission{
		RoleAdmin: {PermManageAccounts, PermEditRegulations, PermManageConsultations, PermViewOpinions,
			PermModerate, PermAnswer, PermExport, PermViewAudit, PermOwnAccount},
		RoleStaff: {PermEditRegulations, PermManageConsultations, PermViewOpinions, PermModerate, PermAnswer,
			PermExport, PermViewAudit, PermOwnAccount},
		RoleMember:  {PermSubmitAsMember, PermOwnAccount},
		RoleLiaison: {PermSubmitForPoint, PermOwnAccount},
	}
	for _, r := range Roles {
		allowed := map[Permission]bool{}
		for _, p := range want[r] {
			allowed[p] = true
		}
		for _, p := range AllPermissions() {
			if got := r.Can(p); got != allowed[p] {
				t.Errorf("%s.Can(%s) = %v, want %v", r, p, got, allowed[p])
			}
		}
	}
	var public *Account
	for _, p := range AllPermissions() {
		if public.Can(p) {
			t.Errorf("the public may %s", p)
		}
	}
	disabled := &Account{Role: RoleAdmin, Disabled: true}
	if disabled.Can(PermManageAccounts) {
		t.Error("disabled admin keeps rights")
	}
}

func TestAccount_Validate(t *testing.T) {
	ok := []Account{
		{Name: "zhang", Role: RoleStaff},
		{Name: "li", Role: RoleLiaison, ContactPointID: 3},
	}
	for _, a := range ok {
		if err := a.Validate(); err != nil {
			t.Errorf("%+v: %v", a, err)
		}
	}
	bad := []Account{
		{Name: "", Role: RoleStaff},
		{Name: "a b", Role: RoleStaff},
		{Name: "x", Role: "root"},
		{Name: "li", Role: RoleLiaison},
	}
	for _, a := range bad {
		if ErrorCode(a.Validate()) != EINVALID {
			t.Errorf("accepted %+v", a)
		}
	}
}

func TestHashPassword(t *testing.T) {
	h, err := HashPassword("湿地保护2026", bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "湿地保护2026") || CheckPassword(h, "湿地保护2027") || CheckPassword("", "") {
		t.Error("CheckPassword wrong")
	}
	if CheckPasswordTiming("", "whatever1") {
		t.Error("missing account signed in")
	}
	if _, err := HashPassword("short", bcrypt.MinCost); ErrorCode(err) != EINVALID {
		t.Errorf("short password: %v", err)
	}
	if _, err := HashPassword(strings.Repeat("a", 73), bcrypt.MinCost); ErrorCode(err) != EINVALID {
		t.Errorf("73-byte password: %v", err)
	}
}

func TestNewToken(t *testing.T) {
	a, b := NewToken("lifa_"), NewToken("lifa_")
	if a == b || !strings.HasPrefix(a, "lifa_") || len(a) != 5+43 {
		t.Errorf("tokens %q %q", a, b)
	}
	if h := HashToken(a); h == HashToken(b) || len(h) != 64 || h != HashToken(a) {
		t.Error("HashToken wrong")
	}
}

// TestCheckPasswordTiming_MissingAccount: a name that does not exist takes
// as long as a wrong password of a real account (no way to tell the two
// apart by time), by waiting: a flood of made-up names costs no CPU.
func TestCheckPasswordTiming_MissingAccount(t *testing.T) {
	h, err := HashPassword("湿地保护2026", PasswordCost)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	CheckPasswordTiming(h, "湿地保护2027")
	wrong := time.Since(t0)
	hashTime() // measured once, before the timed call
	t0 = time.Now()
	if CheckPasswordTiming("", "湿地保护2027") {
		t.Fatal("missing account signed in")
	}
	missing := time.Since(t0)
	// Loose bounds: a loaded machine stretches the real check.
	if missing < wrong/10 || missing > wrong*10 {
		t.Errorf("missing account %v, wrong password %v", missing, wrong)
	}
}
