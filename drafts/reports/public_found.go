package reports

import "lifa/drafts"

// Found is the feedback as the API gives it: ENOTFOUND with the notice
// (why there is none yet) until it has content to show (Shown).
func (f *PublicFeedback) Found() error {
	if !f.Shown() {
		return drafts.Errorf(drafts.ENOTFOUND, "%s", f.Notice)
	}
	return nil
}
