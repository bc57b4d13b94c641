package audit

import (
	"net/url"
	"strings"

	"lifa/drafts"
	"lifa/drafts/store"
)

// PageSize is how many entries the audit log page shows.
const PageSize = 50

// ParseFilter reads ?entity=&entity_id=&actor=&action= of the audit log
// (the page and the API). EINVALID for an unknown kind of object
// (CheckFilter) or an entity_id that is not a positive integer.
func ParseFilter(q url.Values) (store.AuditFilter, error) {
	f := store.AuditFilter{Entity: q.Get("entity"), Actor: strings.TrimSpace(q.Get("actor")), ActionPrefix: q.Get("action")}
	if err := CheckFilter(f); err != nil {
		return f, err
	}
	id, err := drafts.IntParam("entity_id", q.Get("entity_id"), 1, 1<<62)
	f.EntityID = id
	return f, err
}
