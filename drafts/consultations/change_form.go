package consultations

import (
	"net/url"

	"lifa/drafts"
)

// ChangeOf is the change that keeps consultation c as it is: what its
// edit form shows first and what a partial update starts from.
func ChangeOf(c *drafts.Consultation) Change {
	return Change{Title: c.Title, Instructions: c.Instructions, ClosesAt: c.ClosesAt}
}

// ReadChange reads the edit form of a consultation: the change as typed,
// and EINVALID for a closing time that is not one (drafts.ParseLocalTime).
func ReadChange(form url.Values) (Change, error) {
	in := Change{Title: form.Get("title"), Instructions: form.Get("instructions"), Reason: form.Get("reason")}
	var err error
	in.ClosesAt, err = drafts.ParseLocalTime(form.Get("closes_at"))
	return in, err
}
