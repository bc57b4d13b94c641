package consultations

import (
	"context"
	"errors"
	"fmt"

	"lifa/drafts"
	"lifa/drafts/store"
)

// Consultations stay with their audience (drafts.Consultation.VisibleTo):
// a consultation, its instructions, opinions, answers and counts are shown
// to its audience and to staff only. For anyone else it does not exist.

// ErrHidden is wrapped by the ENOTFOUND error for a consultation that
// exists but is not shown to the person asking: a page may offer an
// anonymous visitor to sign in instead.
var ErrHidden = errors.New("consultation not shown to this visitor")

// Visible returns consultation id as account a (nil: the public) may see
// it (drafts.Consultation.ForViewer). ENOTFOUND when there is none or a
// may not see it (then wrapping ErrHidden).
func (s *Service) Visible(ctx context.Context, id int64, a *drafts.Account) (*drafts.Consultation, error) {
	c, err := s.store.Consultation(ctx, id)
	if err != nil {
		return nil, err
	}
	v := c.ForViewer(a)
	if v == nil {
		return nil, &drafts.Error{Code: drafts.ENOTFOUND, Message: fmt.Sprintf("没有编号为 %d 的征求意见。", id), Err: ErrHidden}
	}
	return v, nil
}

// ListQuery selects consultations; zero fields do not filter.
type ListQuery struct {
	VersionID int64
	// OpenNow keeps the consultations open now.
	OpenNow bool
}

// List returns the consultations matching q that account a may see, as
// it may see them, closing soonest first (never nil).
func (s *Service) List(ctx context.Context, q ListQuery, a *drafts.Account) ([]*drafts.Consultation, error) {
	f := store.ConsultationFilter{VersionID: q.VersionID}
	if q.OpenNow {
		f.OpenAt = s.Now()
	}
	list, err := s.store.Consultations(ctx, f)
	if err != nil {
		return nil, err
	}
	return drafts.VisibleConsultations(list, a), nil
}

// VersionStats returns the opinion statistics of a version that account a
// may see, and whether a may see the per-article counts (the heat map):
// every count when a may see every consultation on the version (the usual
// case, one consultation); otherwise the opinions of the consultations it
// may see, one person per opinion, and no per-article counts. ENOTFOUND
// when the version has consultations and a may see none of them.
func (s *Service) VersionStats(ctx context.Context, versionID int64, a *drafts.Account) (drafts.OpinionStats, bool, error) {
	list, err := s.ofVersion(ctx, versionID)
	if err != nil {
		return drafts.OpinionStats{}, false, err
	}
	var visible []*drafts.Consultation
	for _, c := range list {
		if c.VisibleTo(a) {
			visible = append(visible, c)
		}
	}
	if len(visible) == len(list) {
		st, err := s.store.OpinionStats(ctx, versionID)
		return st, true, err
	}
	if len(visible) == 0 {
		return drafts.OpinionStats{}, false, drafts.Errorf(drafts.ENOTFOUND, "该版本没有向您公开的意见统计。")
	}
	var st drafts.OpinionStats
	for _, c := range visible {
		for _, status := range []string{drafts.StatusPublished, drafts.StatusPending} {
			_, n, err := s.store.Opinions(ctx, drafts.OpinionFilter{ConsultationID: c.ID, Status: status, Limit: 1})
			if err != nil {
				return st, false, err
			}
			st.Opinions += n
		}
	}
	st.People = st.Opinions
	return st, false, nil
}
