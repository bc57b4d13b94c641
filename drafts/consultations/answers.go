package consultations

import (
	"context"

	"lifa/drafts"
)

// Moderate publishes (drafts.StatusPublished) or hides (drafts.StatusHidden,
// with a reason) opinions ids and returns how many changed. Nothing is
// deleted. EINVALID, ENOTFOUND.
func (s *Service) Moderate(ctx context.Context, actor string, ids []int64, status, reason string) (int, error) {
	return s.store.ModerateOpinions(ctx, actor, ids, status, reason)
}

// AnswerInput answers opinions by id, a whole group of near-identical
// opinions (the group's representative's id), or both.
type AnswerInput struct {
	IDs         []int64            `json:"ids"`
	Group       int64              `json:"group"`
	Disposition drafts.Disposition `json:"disposition"`
	Reason      string             `json:"reason"`
}

// Answer gives the opinions of in (its ids and its group's members) the
// disposition and the reason, replacing earlier answers, and returns how
// many were answered. EINVALID for a bad disposition, a missing reason or
// no opinion; ENOTFOUND for an unknown opinion.
func (s *Service) Answer(ctx context.Context, actor string, in AnswerInput) (int, error) {
	ids := in.IDs
	if in.Group != 0 {
		members, err := s.store.GroupMembers(ctx, in.Group)
		if err != nil {
			return 0, err
		}
		ids = append(ids, members...)
	}
	return s.store.AnswerOpinions(ctx, actor, ids, drafts.Answer{Disposition: in.Disposition, Reason: in.Reason})
}

// Regroup recomputes the groups of identical and near-identical opinions
// on a version (drafts.GroupOpinions) and returns them, largest first.
func (s *Service) Regroup(ctx context.Context, versionID int64) ([]drafts.OpinionGroup, error) {
	groups, err := s.store.RegroupOpinions(ctx, versionID)
	if err != nil {
		return nil, err
	}
	if groups == nil {
		groups = []drafts.OpinionGroup{}
	}
	return groups, nil
}

// regroupIfNew regroups a version's opinions when some were added since the
// last time (grouping 10,000 opinions takes about a second).
func (s *Service) regroupIfNew(ctx context.Context, versionID int64) error {
	n, maxID, err := s.store.OpinionCount(ctx, versionID)
	if err != nil {
		return err
	}
	mark := [2]int64{int64(n), maxID}
	s.mu.Lock()
	same := s.grouped[versionID] == mark
	s.mu.Unlock()
	if same {
		return nil
	}
	if _, err := s.store.RegroupOpinions(ctx, versionID); err != nil {
		return err
	}
	s.mu.Lock()
	s.grouped[versionID] = mark
	s.mu.Unlock()
	return nil
}
