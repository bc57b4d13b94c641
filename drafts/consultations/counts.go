package consultations

import (
	"context"

	"lifa/drafts"
)

// ConsultationArticleCounts returns the version consultation id is on
// and, for each article of its draft in order, the opinions filed under
// this consultation (hidden ones not counted): the heat map of its page.
// ENOTFOUND as Visible.
func (s *Service) ConsultationArticleCounts(ctx context.Context, id int64, a *drafts.Account) (int64, []ArticleCount, error) {
	c, err := s.Visible(ctx, id, a)
	if err != nil {
		return 0, nil, err
	}
	v, err := s.store.Version(ctx, c.VersionID)
	if err != nil {
		return 0, nil, err
	}
	count, err := s.store.ConsultationArticleCounts(ctx, c.ID)
	if err != nil {
		return 0, nil, err
	}
	out := make([]ArticleCount, 0, len(v.Document.Articles))
	for _, art := range v.Document.Articles {
		out = append(out, ArticleCount{Article: art, Count: count[[2]int{art.Num, art.Sub}]})
	}
	return v.ID, out, nil
}

// VersionArticleCounts returns the opinions per article of version
// versionID (ArticleCounts) for account a, who must see every
// consultation on the version (VersionStats): ENOTFOUND otherwise.
func (s *Service) VersionArticleCounts(ctx context.Context, versionID int64, a *drafts.Account) ([]ArticleCount, error) {
	if _, all, err := s.VersionStats(ctx, versionID, a); err != nil {
		return nil, err
	} else if !all {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "该版本的各条意见数不公开。")
	}
	return s.ArticleCounts(ctx, versionID)
}
