package consultations

import (
	"context"

	"lifa/drafts"
	"lifa/drafts/diff"
)

// Followed is an opinion on one reading with where its article went in a
// later one.
type Followed struct {
	OpinionID int64  `json:"opinion_id"`
	Article   string `json:"article"`
	diff.Destination
	Opinion *drafts.Opinion `json:"opinion,omitempty"`
}

// FollowQuery asks where the opinions on reading From went in reading To.
type FollowQuery struct {
	From int64
	// To is a later reading of the same regulation; 0 means the next one.
	To int64
	// Filter selects the opinions on From (its VersionID is set here).
	Filter drafts.OpinionFilter
	// UnchangedOnly keeps the opinions whose article was not changed:
	// those the next reading did not answer by a change of text.
	UnchangedOnly bool
}

// Follow is the answer to a FollowQuery.
type Follow struct {
	// From is without its Document.
	From *drafts.Version
	// Later are the readings after From, oldest first.
	Later []*drafts.Version
	// To is the reading followed into; 0 when From is the latest.
	To       int64
	Opinions []Followed
}

// Follow carries the opinions on a reading into a later one through the
// comparison of the two (diff.Carrier): for each opinion, the kind of
// change its article took part in, the articles it became and the change
// of text. ENOTFOUND for an unknown version; EINVALID when To is not a
// later reading of the same regulation.
func (s *Service) Follow(ctx context.Context, q FollowQuery) (*Follow, error) {
	from, err := s.store.Version(ctx, q.From)
	if err != nil {
		return nil, err
	}
	versions, err := s.store.Versions(ctx, from.RegulationID)
	if err != nil {
		return nil, err
	}
	cp := *from
	cp.Document = nil
	f := &Follow{From: &cp, To: q.To, Opinions: []Followed{}}
	for _, v := range versions {
		if v.Seq > from.Seq {
			f.Later = append(f.Later, v)
		}
	}
	if f.To == 0 && len(f.Later) > 0 {
		f.To = f.Later[0].ID
	}
	if f.To == 0 {
		return f, nil
	}
	later := false
	for _, v := range f.Later {
		later = later || v.ID == f.To
	}
	if !later {
		return nil, drafts.Errorf(drafts.EINVALID, "版本 %d 不是该法规项目的后一稿。", f.To)
	}
	cmp, _, err := s.readings.CompareVersions(ctx, q.From, f.To)
	if err != nil {
		return nil, err
	}
	filter := q.Filter
	filter.VersionID, filter.Limit = q.From, 5000
	ops, _, err := s.store.Opinions(ctx, filter)
	if err != nil {
		return nil, err
	}
	k := cmp.Carrier()
	for _, o := range ops {
		d := k.Carry(o.Article, o.ArticleSub)
		if q.UnchangedOnly && d.Changed {
			continue
		}
		f.Opinions = append(f.Opinions, Followed{OpinionID: o.ID, Article: o.ArticleLabel(), Destination: d, Opinion: o})
	}
	return f, nil
}
