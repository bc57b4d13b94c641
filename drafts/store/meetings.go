package store

import (
	"context"
	"strings"

	"lifa/drafts"
)

// Meetings returns the meetings a contact point (0: all) held, newest first.
func (s *Store) Meetings(ctx context.Context, contactPointID int64) ([]*drafts.Meeting, error) {
	var out []*drafts.Meeting
	err := s.read(ctx, func(t *tx) error {
		var err error
		out, err = findMeetings(ctx, t, `WHERE CAST(? AS BIGINT) = 0 OR contact_point_id = ? ORDER BY meeting_date DESC, id DESC`,
			contactPointID, contactPointID)
		return err
	})
	return out, err
}

// MeetingsByID returns the meetings with the given ids (unknown ids are
// left out), in id order.
func (s *Store) MeetingsByID(ctx context.Context, ids []int64) ([]*drafts.Meeting, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var out []*drafts.Meeting
	err := s.read(ctx, func(t *tx) error {
		var err error
		out, err = findMeetings(ctx, t, `WHERE id IN (`+marks+`) ORDER BY id`, args...)
		return err
	})
	return out, err
}
