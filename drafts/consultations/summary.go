package consultations

import (
	"context"

	"lifa/drafts"
	"lifa/drafts/store"
)

// SummaryRow is one article of the 意见汇总: the counts by source and by
// disposition, with one representative opinion per group of
// near-identical opinions (and every opinion in no group).
type SummaryRow struct {
	*store.ArticleSummary
	Label           string            `json:"label"`
	Representatives []*drafts.Opinion `json:"representatives"`
}

// Summary is the 意见汇总 of a version's opinions, hidden ones excluded.
type Summary struct {
	Regulation *drafts.Regulation
	// Version is without its Document.
	Version *drafts.Version
	Rows    []SummaryRow
	Stats   drafts.OpinionStats
}

// Summary returns the opinion summary of a version, regrouping its
// opinions first when new ones arrived. ENOTFOUND for an unknown version.
func (s *Service) Summary(ctx context.Context, versionID int64) (*Summary, error) {
	v, err := s.store.Version(ctx, versionID)
	if err != nil {
		return nil, err
	}
	r, err := s.store.Regulation(ctx, v.RegulationID)
	if err != nil {
		return nil, err
	}
	if err := s.regroupIfNew(ctx, versionID); err != nil {
		return nil, err
	}
	sums, err := s.store.OpinionSummary(ctx, versionID)
	if err != nil {
		return nil, err
	}
	ops, _, err := s.store.Opinions(ctx, drafts.OpinionFilter{VersionID: versionID, Limit: 5000})
	if err != nil {
		return nil, err
	}
	st, err := s.store.OpinionStats(ctx, versionID)
	if err != nil {
		return nil, err
	}
	reps := map[[2]int][]*drafts.Opinion{}
	for _, o := range ops {
		if o.Status == drafts.StatusHidden || (o.GroupID != 0 && o.GroupID != o.ID) {
			continue
		}
		k := [2]int{o.Article, o.ArticleSub}
		reps[k] = append(reps[k], o)
	}
	rows := make([]SummaryRow, 0, len(sums))
	for _, sm := range sums {
		rows = append(rows, SummaryRow{ArticleSummary: sm, Label: drafts.ArticleRefLabel(sm.Article, sm.ArticleSub),
			Representatives: reps[[2]int{sm.Article, sm.ArticleSub}]})
	}
	cp := *v
	cp.Document = nil
	return &Summary{Regulation: r, Version: &cp, Rows: rows, Stats: st}, nil
}

// ArticleCount is how many opinions (hidden ones excluded) one article of
// a version has.
type ArticleCount struct {
	Article *drafts.Article
	Count   int
}

// ArticleCounts returns the opinions per article of a version, every
// article in the text's order (for the heat map).
func (s *Service) ArticleCounts(ctx context.Context, versionID int64) ([]ArticleCount, error) {
	v, err := s.store.Version(ctx, versionID)
	if err != nil {
		return nil, err
	}
	sums, err := s.store.OpinionSummary(ctx, versionID)
	if err != nil {
		return nil, err
	}
	count := map[[2]int]int{}
	for _, sm := range sums {
		count[[2]int{sm.Article, sm.ArticleSub}] = sm.Total
	}
	out := make([]ArticleCount, 0, len(v.Document.Articles))
	for _, a := range v.Document.Articles {
		out = append(out, ArticleCount{Article: a, Count: count[[2]int{a.Num, a.Sub}]})
	}
	return out, nil
}
