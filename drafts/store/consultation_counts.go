package store

import (
	"context"
	"fmt"

	"lifa/drafts"
)

// ConsultationStats returns the public statistics of consultation id, as
// OpinionStats does for a version: its opinions (hidden ones excluded)
// and the people who made them (a meeting counts its participants once).
func (s *Store) ConsultationStats(ctx context.Context, id int64) (drafts.OpinionStats, error) {
	return s.opinionStats(ctx, "consultation_id", id)
}

// ConsultationArticleCounts returns the opinions of consultation id
// (hidden ones excluded) per article, keyed by (number, sub-number);
// article 0 is the draft as a whole.
func (s *Store) ConsultationArticleCounts(ctx context.Context, id int64) (map[[2]int]int, error) {
	out := map[[2]int]int{}
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT article, article_sub, COUNT(*) FROM opinions
			WHERE consultation_id = ? AND status <> 'hidden' GROUP BY article, article_sub`, id)
		if err != nil {
			return fmt.Errorf("consultation article counts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var a, sub, n int
			if err := rows.Scan(&a, &sub, &n); err != nil {
				return err
			}
			out[[2]int{a, sub}] = n
		}
		return rows.Err()
	})
	return out, err
}
