package store

import (
	"context"

	"lifa/drafts"
)

// Meetings returns the meetings a contact point (0: all) held, newest first.
func (s *Store) Meetings(ctx context.Context, contactPointID int64) ([]*drafts.Meeting, error) {
	var out []*drafts.Meeting
	err := s.read(ctx, func(t *tx) error {
		var err error
		out, err = findMeetings(ctx, t, `WHERE ? = 0 OR contact_point_id = ? ORDER BY meeting_date DESC, id DESC`,
			contactPointID, contactPointID)
		return err
	})
	return out, err
}
