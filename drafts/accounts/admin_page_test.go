package accounts

import (
	"net/url"
	"testing"

	"lifa/drafts"
	"lifa/drafts/store"
)

func TestParseFilter(t *testing.T) {
	q, _ := url.ParseQuery("q=张&role=liaison")
	if f, err := ParseFilter(q); err != nil || f != (store.AccountFilter{Query: "张", Role: drafts.RoleLiaison}) {
		t.Errorf("ParseFilter = %+v, %v", f, err)
	}
	q, _ = url.ParseQuery("role=king")
	if _, err := ParseFilter(q); drafts.ErrorCode(err) != drafts.EINVALID {
		t.Errorf("ParseFilter(role=king) = %v, want EINVALID", err)
	}
}

func TestReadAdminForm(t *testing.T) {
	form, _ := url.ParseQuery("action=account&id=x&name=li&display_name=李&role=member&contact_point_id=3&password=pw&region=东城&address=路")
	f, back := ReadAdminForm(form)
	want := AdminForm{Action: "account", Account: NewAccount{Name: "li", DisplayName: "李", Role: drafts.RoleMember, ContactPointID: 3, Password: "pw"},
		ContactPoint: drafts.ContactPoint{Name: "li", Region: "东城", Address: "路"}}
	if f != want || back != "/admin/accounts" {
		t.Errorf("ReadAdminForm = %+v, %q", f, back)
	}
	form.Set("next", "/admin/accounts?page=2")
	if _, back := ReadAdminForm(form); back != "/admin/accounts?page=2" {
		t.Errorf("back = %q", back)
	}
}

func TestParseAccountID(t *testing.T) {
	for raw, want := range map[string]int64{"": 0, "7": 7, " 8 ": 8} {
		if id, err := ParseAccountID(raw); err != nil || id != want {
			t.Errorf("ParseAccountID(%q) = %d, %v", raw, id, err)
		}
	}
	for _, raw := range []string{"0", "-1", "x", " "} {
		if _, err := ParseAccountID(raw); drafts.ErrorMessage(err) != "用户编号无效。" {
			t.Errorf("ParseAccountID(%q) = %v", raw, err)
		}
	}
}
