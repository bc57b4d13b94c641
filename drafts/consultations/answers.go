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
// opinions (the group's representative's id), every opinion matching a
// filter (a selection made in the inbox), or several of these at once.
type AnswerInput struct {
	IDs   []int64 `json:"ids"`
	Group int64   `json:"group"`
	// Matching, when set, adds every opinion that matches it (its
	// VersionID or ConsultationID is required, Limit and Offset are
	// ignored): 全部符合筛选条件的意见.
	Matching    *drafts.OpinionFilter `json:"matching,omitempty"`
	Disposition drafts.Disposition    `json:"disposition"`
	Reason      string                `json:"reason"`
}

// maxAnswerMatching bounds the opinions one answer to a filter reaches.
const maxAnswerMatching = 5000

// Answer gives the opinions of in (its ids, its group's members and the
// opinions matching its filter) the disposition and the reason, replacing
// earlier answers, and returns how many were answered. EINVALID for a bad
// disposition, a missing reason, no opinion, a filter without a version
// or consultation or matching more than 5,000 opinions; ENOTFOUND for an
// unknown opinion.
func (s *Service) Answer(ctx context.Context, actor string, in AnswerInput) (int, error) {
	ids := in.IDs
	if in.Group != 0 {
		members, err := s.store.GroupMembers(ctx, in.Group)
		if err != nil {
			return 0, err
		}
		ids = append(ids, members...)
	}
	if f := in.Matching; f != nil {
		if f.VersionID == 0 && f.ConsultationID == 0 {
			return 0, drafts.Errorf(drafts.EINVALID, "按筛选条件答复时须指定版本或征求意见。")
		}
		m := *f
		m.Limit, m.Offset = maxAnswerMatching, 0
		list, total, err := s.store.Opinions(ctx, m)
		if err != nil {
			return 0, err
		}
		if total > maxAnswerMatching {
			return 0, drafts.Errorf(drafts.EINVALID, "符合筛选条件的意见有 %d 条，一次最多答复 %d 条，请缩小筛选范围。", total, maxAnswerMatching)
		}
		for _, o := range list {
			ids = append(ids, o.ID)
		}
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

// Moderation is the body of POST /api/v1/opinions/moderate: the opinions
// to publish (drafts.StatusPublished) or hide (drafts.StatusHidden, with
// a reason) — Moderate's arguments.
type Moderation struct {
	IDs    []int64 `json:"ids"`
	Status string  `json:"status"`
	Reason string  `json:"reason"`
}
