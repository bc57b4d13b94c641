package readings

import (
	"context"

	"lifa/drafts"
	"lifa/drafts/diff"
)

// Comparison is two readings of one regulation and their comparison
// (对照表).
type Comparison struct {
	Regulation *drafts.Regulation
	// Versions are every reading of the regulation, oldest first.
	Versions []*drafts.Version
	From, To *drafts.Version
	// Cmp is shared with other requests: read it, never change it.
	Cmp *diff.Comparison
	// Cached says whether Cmp was computed before.
	Cached bool
}

// Compare compares readings from and to (version ids) of regulation
// regulationID. to 0 means the latest reading; from 0 the reading before
// to (the first when to is the first). EINVALID when the regulation has
// fewer than two readings, ENOTFOUND for an unknown regulation or a
// version that is not one of its readings.
func (s *Service) Compare(ctx context.Context, regulationID, from, to int64) (*Comparison, error) {
	reg, vs, err := s.readingsOf(ctx, regulationID)
	if err != nil {
		return nil, err
	}
	if len(vs) < 2 {
		return nil, drafts.Errorf(drafts.EINVALID, "该法规项目只有 %d 个版本，至少需要两个版本才能比较。", len(vs))
	}
	if to == 0 {
		to = vs[len(vs)-1].ID
	}
	toAt, err := indexOf(vs, to)
	if err != nil {
		return nil, s.withdrawn(ctx, regulationID, to, err)
	}
	if from == 0 {
		from = vs[max(toAt-1, 0)].ID
	}
	fromAt, err := indexOf(vs, from)
	if err != nil {
		return nil, s.withdrawn(ctx, regulationID, from, err)
	}
	cmp, cached, err := s.CompareVersions(ctx, from, to)
	if err != nil {
		return nil, err
	}
	return &Comparison{Regulation: reg, Versions: vs, From: vs[fromAt], To: vs[toAt], Cmp: cmp, Cached: cached}, nil
}

// readingsOf returns a regulation and its readings, oldest first.
func (s *Service) readingsOf(ctx context.Context, regulationID int64) (*drafts.Regulation, []*drafts.Version, error) {
	reg, err := s.store.Regulation(ctx, regulationID)
	if err != nil {
		return nil, nil, err
	}
	vs, err := s.store.Versions(ctx, regulationID)
	return reg, vs, err
}

// withdrawn says why version id is not among the readings of regulation
// regulationID when it was withdrawn from it; otherwise it returns err.
func (s *Service) withdrawn(ctx context.Context, regulationID, id int64, err error) error {
	v, verr := s.store.Version(ctx, id)
	if verr != nil || v.RegulationID != regulationID || v.Withdrawn == nil {
		return err
	}
	return drafts.Errorf(drafts.ENOTFOUND, "%s（第 %d 版）已于%s撤回，不再参与对照。", v.Name(), v.Seq, drafts.FormatDateTime(v.Withdrawn.At))
}

// indexOf returns the index of version id among vs.
func indexOf(vs []*drafts.Version, id int64) (int, error) {
	for i, v := range vs {
		if v.ID == id {
			return i, nil
		}
	}
	return 0, drafts.Errorf(drafts.ENOTFOUND, "该法规项目没有编号为 %d 的版本。", id)
}

// CompareVersions compares two stored versions, or returns the comparison
// computed before, and says which. The result is shared: read it, never
// change it. ENOTFOUND for an unknown version.
func (s *Service) CompareVersions(ctx context.Context, from, to int64) (*diff.Comparison, bool, error) {
	return s.comparisons.get(compareKey{from: from, to: to}, func() (*diff.Comparison, error) {
		old, err := s.store.Version(ctx, from)
		if err != nil {
			return nil, err
		}
		cur, err := s.store.Version(ctx, to)
		if err != nil {
			return nil, err
		}
		return diff.Compare(old.Document, cur.Document, nil)
	})
}

// HistoryStep is one reading in the history of an article.
type HistoryStep struct {
	Version *drafts.Version `json:"version"`
	diff.HistoryStep
	// Link is the article on the reading's page ("" when the reading
	// does not have it).
	Link string `json:"link,omitempty"`
	// Start marks the reading the article was chosen in.
	Start bool `json:"-"`
}

// History is the history of one article through every reading of a
// regulation (条文沿革).
type History struct {
	Regulation *drafts.Regulation
	// Start is the reading the article was chosen in.
	Start *drafts.Version
	Steps []HistoryStep
}

// History follows article (num, sub) of reading versionID through every
// reading of regulation regulationID, by the comparisons of consecutive
// readings. ENOTFOUND for an unknown regulation, a version that is not
// one of its readings, or an article the reading does not have.
func (s *Service) History(ctx context.Context, regulationID, versionID int64, num, sub int) (*History, error) {
	reg, vs, err := s.readingsOf(ctx, regulationID)
	if err != nil {
		return nil, err
	}
	at, err := indexOf(vs, versionID)
	if err != nil {
		return nil, err
	}
	start, err := s.store.Version(ctx, versionID)
	if err != nil {
		return nil, err
	}
	steps, err := diff.History(start.Document, len(vs), at, num, sub, func(i int) (*diff.Comparison, error) {
		cmp, _, err := s.CompareVersions(ctx, vs[i].ID, vs[i+1].ID)
		return cmp, err
	})
	if err != nil {
		return nil, err
	}
	h := &History{Regulation: reg, Start: vs[at], Steps: make([]HistoryStep, len(steps))}
	for i, st := range steps {
		h.Steps[i] = HistoryStep{Version: vs[i], HistoryStep: st, Start: i == at}
		h.Steps[i].Link = stepLink(h.Steps[i])
	}
	return h, nil
}
