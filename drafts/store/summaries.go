package store

import (
	"context"
	"fmt"

	"lifa/drafts"
)

// OpinionStats returns the public statistics of version versionID:
// opinions received (hidden ones excluded) and the number of people who
// made them (each public or member opinion counts one person; a meeting
// counts its participants once).
func (s *Store) OpinionStats(ctx context.Context, versionID int64) (drafts.OpinionStats, error) {
	return s.opinionStats(ctx, "version_id", versionID)
}

// opinionStats counts the opinions whose column (version_id or
// consultation_id, never user input) is id, hidden ones excluded, and the
// people who made them.
func (s *Store) opinionStats(ctx context.Context, column string, id int64) (drafts.OpinionStats, error) {
	var st drafts.OpinionStats
	err := s.read(ctx, func(t *tx) error {
		var alone, meetings int
		if err := t.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN meeting_id IS NULL THEN 1 ELSE 0 END), 0)
			FROM opinions WHERE `+column+` = ? AND status <> 'hidden'`, id).Scan(&st.Opinions, &alone); err != nil {
			return fmt.Errorf("opinion stats by %s: %w", column, err)
		}
		if err := t.queryRow(ctx, `SELECT COALESCE(SUM(participants), 0) FROM meetings m WHERE EXISTS (
			SELECT 1 FROM opinions o WHERE o.meeting_id = m.id AND o.`+column+` = ? AND o.status <> 'hidden')`,
			id).Scan(&meetings); err != nil {
			return fmt.Errorf("meeting stats by %s: %w", column, err)
		}
		st.People = alone + meetings
		return nil
	})
	return st, err
}

// ArticleSummary is one row of the opinion summary (意见汇总): the
// opinions on one article (0: the draft as a whole) counted by source and
// by disposition.
type ArticleSummary struct {
	Article       int            `json:"article"`
	ArticleSub    int            `json:"article_sub,omitempty"`
	Total         int            `json:"total"`
	BySource      map[string]int `json:"by_source"`
	ByDisposition map[string]int `json:"by_disposition"` // "" = unanswered
}

// OpinionSummary returns per-article counts for version versionID (hidden
// opinions excluded), in article order.
func (s *Store) OpinionSummary(ctx context.Context, versionID int64) ([]*ArticleSummary, error) {
	var out []*ArticleSummary
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT article, article_sub, source, disposition, COUNT(*) FROM opinions
			WHERE version_id = ? AND status <> 'hidden' GROUP BY article, article_sub, source, disposition
			ORDER BY article, article_sub`, versionID)
		if err != nil {
			return fmt.Errorf("opinion summary: %w", err)
		}
		defer rows.Close()
		var cur *ArticleSummary
		for rows.Next() {
			var art, sub, n int
			var src, disp string
			if err := rows.Scan(&art, &sub, &src, &disp, &n); err != nil {
				return err
			}
			if cur == nil || cur.Article != art || cur.ArticleSub != sub {
				cur = &ArticleSummary{Article: art, ArticleSub: sub, BySource: map[string]int{}, ByDisposition: map[string]int{}}
				out = append(out, cur)
			}
			cur.Total += n
			cur.BySource[src] += n
			cur.ByDisposition[disp] += n
		}
		return rows.Err()
	})
	return out, err
}
