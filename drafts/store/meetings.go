package store

import (
	"context"

	"lifa/drafts"
)

// Meetings returns the meetings a contact point (0: all) held, newest first.
func (s *Store) Meetings(ctx context.Context, contactPointID int64) ([]*drafts.Meeting, error) {
	var out []*drafts.Meeting
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id, contact_point_id, consultation_id, meeting_date, place, participants, note,
			created_by, created_at FROM meetings WHERE ? = 0 OR contact_point_id = ? ORDER BY meeting_date DESC, id DESC`,
			contactPointID, contactPointID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m drafts.Meeting
			if err := rows.Scan(&m.ID, &m.ContactPointID, &m.ConsultationID, &m.Date, &m.Place, &m.Participants,
				&m.Note, &m.CreatedBy, &m.CreatedAt); err != nil {
				return err
			}
			m.CreatedAt = m.CreatedAt.UTC()
			out = append(out, &m)
		}
		return rows.Err()
	})
	return out, err
}
