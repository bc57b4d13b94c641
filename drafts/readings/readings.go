// Package readings holds the workflows of regulation projects and their
// readings (versions): creating a project, checking and importing a reading
// from a file or pasted text, comparing two readings (对照表), following
// one article through every reading (条文沿革), writing the amendment
// decision (修改决定) between two readings and applying an issued decision
// to a reading to make the next one (amendment.go). The web pages, the JSON API,
// `lifa import` and the demo call these functions, so each rule lives here
// once.
//
// Errors are *drafts.Error: EINVALID for an upload or a field that cannot
// be accepted (the message says why, in Chinese), ENOTFOUND for an unknown
// regulation, version or article, ETOOLARGE for a file over the store's
// limit; anything else is internal.
package readings

import (
	"context"
	"strings"

	"lifa/drafts"
	"lifa/drafts/store"
)

// Service runs the workflows of readings on one store. It keeps the
// comparisons it has computed (versions never change), so the 对照表 pages,
// the history of an article and the carrying of opinions into the next
// reading share them. Create it with New; it is safe for concurrent use.
type Service struct {
	store       *store.Store
	comparisons *compareCache
	snaps       snapshots // the version page's regulations (snapshot.go)
}

// compareCacheSize is how many comparisons a Service keeps.
const compareCacheSize = 32

// New returns the readings workflows on st.
func New(st *store.Store) *Service {
	return &Service{store: st, comparisons: newCompareCache(compareCacheSize), snaps: snapshots{m: map[int64]snapshot{}}}
}

// NewRegulation is what a person gives to create a regulation project.
type NewRegulation struct {
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Committee string `json:"committee"`
	Status    string `json:"status"`
	// Level (法律, 行政法规, 地方性法规, 规章) and Region (广州市) say where
	// the regulation stands, for the filters of similar provisions; both
	// may be empty.
	Level  string `json:"level"`
	Region string `json:"region"`
	// AllowDuplicate confirms a second project of a title another has.
	AllowDuplicate bool `json:"allow_duplicate"`
}

// CreateRegulation creates a regulation project. EINVALID for an empty or
// overlong title, an unknown kind or level (the store's rules); ECONFLICT
// for a title another project has, unless in.AllowDuplicate.
func (s *Service) CreateRegulation(ctx context.Context, actor string, in NewRegulation) (*drafts.Regulation, error) {
	r := &drafts.Regulation{Title: strings.TrimSpace(in.Title), Kind: drafts.Kind(strings.TrimSpace(in.Kind)),
		Committee: strings.TrimSpace(in.Committee), Status: strings.TrimSpace(in.Status),
		Level: drafts.Level(strings.TrimSpace(in.Level)), Region: strings.TrimSpace(in.Region)}
	if err := store.ValidateRegulation(r); err != nil {
		return nil, err
	}
	if err := s.checkTitle(ctx, in); err != nil {
		return nil, err
	}
	if err := s.store.CreateRegulation(ctx, actor, r); err != nil {
		return nil, err
	}
	return r, nil
}

// UpdateRegulation changes the metadata of regulation id (nil fields stay).
// ENOTFOUND, EINVALID.
func (s *Service) UpdateRegulation(ctx context.Context, actor string, id int64, u drafts.RegulationUpdate) (*drafts.Regulation, error) {
	r, err := s.store.UpdateRegulation(ctx, actor, id, u)
	if err == nil {
		s.ForgetRegulation(id)
	}
	return r, err
}

// Projects returns every regulation project, each with its latest reading,
// and the stages of the legislative process (for their progress).
func (s *Service) Projects(ctx context.Context) ([]*drafts.Regulation, []drafts.Stage, error) {
	regs, err := s.store.ListRegulations(ctx)
	if err != nil {
		return nil, nil, err
	}
	stages, err := s.Stages(ctx)
	if err != nil {
		return nil, nil, err
	}
	return regs, stages, nil
}

// Project is a regulation project with its readings, oldest first, the
// versions withdrawn from it, and the stages of the legislative process.
type Project struct {
	Regulation *drafts.Regulation
	Versions   []*drafts.Version
	Withdrawn  []*drafts.Version
	Stages     []drafts.Stage
}

// Project returns regulation id with its readings and the stages.
// ENOTFOUND for an unknown regulation.
func (s *Service) Project(ctx context.Context, id int64) (*Project, error) {
	r, err := s.store.Regulation(ctx, id)
	if err != nil {
		return nil, err
	}
	all, err := s.store.AllVersions(ctx, id)
	if err != nil {
		return nil, err
	}
	stages, err := s.store.Stages(ctx)
	if err != nil {
		return nil, err
	}
	p := &Project{Regulation: r, Stages: stages}
	for _, v := range all {
		if v.Withdrawn != nil {
			p.Withdrawn = append(p.Withdrawn, v)
		} else {
			p.Versions = append(p.Versions, v)
		}
	}
	return p, nil
}

// Stages returns the stages of the legislative process, in order.
func (s *Service) Stages(ctx context.Context) ([]drafts.Stage, error) {
	return s.store.Stages(ctx)
}

// Version returns reading id with its Document. Versions are immutable;
// the store keeps the most read documents decoded. ENOTFOUND.
func (s *Service) Version(ctx context.Context, id int64) (*drafts.Version, error) {
	return s.store.Version(ctx, id)
}

// File returns the file reading id was uploaded as, byte for byte.
// ENOTFOUND.
func (s *Service) File(ctx context.Context, id int64) (name string, data []byte, err error) {
	return s.store.VersionFile(ctx, id)
}

// Article returns article (num, sub) of reading versionID: 第十条之一 is
// (10, 1). ENOTFOUND for an unknown reading or article.
func (s *Service) Article(ctx context.Context, versionID int64, num, sub int) (*drafts.Article, error) {
	v, err := s.store.Version(ctx, versionID)
	if err != nil {
		return nil, err
	}
	return articleIn(v, num, sub)
}

// articleIn returns article (num, sub) of reading v. ENOTFOUND.
func articleIn(v *drafts.Version, num, sub int) (*drafts.Article, error) {
	for _, a := range v.Document.Articles {
		if a.Num == num && a.Sub == sub {
			return a, nil
		}
	}
	return nil, drafts.Errorf(drafts.ENOTFOUND, "该版本没有%s。", drafts.ArticleRefLabel(num, sub))
}
