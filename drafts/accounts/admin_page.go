package accounts

import (
	"net/url"
	"strconv"
	"strings"

	"lifa/drafts"
	"lifa/drafts/store"
)

// PageSize is how many accounts the administration page lists; APILimit
// how many GET /api/v1/accounts lists when not told (at most 1,000 a
// request).
const (
	PageSize = 50
	APILimit = 1000
)

// ParseFilter reads ?q= and ?role= of the account lists. EINVALID for a
// role that is none of drafts.Roles (drafts.ParseRole).
func ParseFilter(q url.Values) (store.AccountFilter, error) {
	f := store.AccountFilter{Query: q.Get("q")}
	if r := q.Get("role"); r != "" {
		role, err := drafts.ParseRole(r)
		if err != nil {
			return f, err
		}
		f.Role = role
	}
	return f, nil
}

// ReadAdminForm reads the form of the administration page (Administer)
// and the page it came from, to return to: next, else /admin/accounts.
// Ids that are not numbers are 0.
func ReadAdminForm(form url.Values) (f AdminForm, back string) {
	back = form.Get("next")
	if back == "" {
		back = "/admin/accounts"
	}
	id, _ := strconv.ParseInt(form.Get("id"), 10, 64)
	cp, _ := strconv.ParseInt(form.Get("contact_point_id"), 10, 64)
	return AdminForm{Action: form.Get("action"), ID: id,
		Account: NewAccount{Name: form.Get("name"), DisplayName: form.Get("display_name"),
			Role: drafts.Role(form.Get("role")), ContactPointID: cp, Password: form.Get("password")},
		ContactPoint: drafts.ContactPoint{Name: form.Get("name"), Region: form.Get("region"), Address: form.Get("address")}}, back
}

// ParseAccountID reads the account whose tokens a request manages: 0 for
// "" (one's own), EINVALID for anything but a positive number.
func ParseAccountID(raw string) (int64, error) {
	id, _ := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	if raw != "" && id <= 0 {
		return 0, drafts.Errorf(drafts.EINVALID, "用户编号无效。")
	}
	return id, nil
}
