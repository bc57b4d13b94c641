package store

import (
	"context"
	"fmt"

	"lifa/drafts"
)

// GroupMembers returns the ids of the opinions in the group whose
// representative is groupID (including it).
func (s *Store) GroupMembers(ctx context.Context, groupID int64) ([]int64, error) {
	var ids []int64
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id FROM opinions WHERE group_id = ? OR id = ? ORDER BY id`, groupID, groupID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	return ids, err
}

// RegroupOpinions recomputes the groups of identical and near-identical
// opinions on version versionID (drafts.GroupOpinions) and stores each
// opinion's group (the representative's id; 0 when alone). It returns the
// groups, largest first.
func (s *Store) RegroupOpinions(ctx context.Context, versionID int64) ([]drafts.OpinionGroup, error) {
	var in []drafts.GroupInput
	old := map[int64]int64{}
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id, body, group_id FROM opinions WHERE version_id = ? ORDER BY id`, versionID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var g drafts.GroupInput
			var gid int64
			if err := rows.Scan(&g.ID, &g.Text, &gid); err != nil {
				return err
			}
			in = append(in, g)
			old[g.ID] = gid
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	groups := drafts.GroupOpinions(in)
	want := make(map[int64]int64, len(in))
	for _, g := range groups {
		for _, m := range g.Members {
			want[m] = g.Representative
		}
	}
	var changed [][2]int64
	for id, gid := range old {
		if want[id] != gid {
			changed = append(changed, [2]int64{id, want[id]})
		}
	}
	if len(changed) == 0 {
		return groups, nil
	}
	err = s.write(ctx, func(t *tx) error {
		for _, c := range changed {
			if _, err := t.exec(ctx, `UPDATE opinions SET group_id = ? WHERE id = ?`, c[1], c[0]); err != nil {
				return fmt.Errorf("set group: %w", err)
			}
		}
		return nil
	})
	return groups, err
}

// OpinionCount returns how many opinions version versionID has and the
// largest opinion id among them: together they change whenever an
// opinion is added (callers use them to skip regrouping).
func (s *Store) OpinionCount(ctx context.Context, versionID int64) (n int, maxID int64, err error) {
	err = s.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0) FROM opinions WHERE version_id = ?`, versionID).Scan(&n, &maxID)
	})
	return n, maxID, err
}
