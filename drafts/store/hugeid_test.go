package store_test

import (
	"context"
	"math"
	"testing"

	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestStore_HugeIDs: an id as large as an int64 finds nothing on
// both stores. On PostgreSQL "? = 0" typed the parameter int4 from the
// literal, so such an id was an error (500 on the feedback, letters,
// tokens, meetings and notices routes) instead of nothing found.
func TestStore_HugeIDs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, id := range []int64{math.MaxInt64, 144115188075855873, 1 << 31} {
			if list, err := s.FeedbackPublications(ctx, store.FeedbackFilter{ConsultationID: id, ContactPointID: id}); err != nil || len(list) != 0 {
				t.Errorf("FeedbackPublications(%d) = %v, %v", id, list, err)
			}
			if list, err := s.APITokens(ctx, id); err != nil || len(list) != 0 {
				t.Errorf("APITokens(%d) = %v, %v", id, list, err)
			}
			if list, err := s.Meetings(ctx, id); err != nil || len(list) != 0 {
				t.Errorf("Meetings(%d) = %v, %v", id, list, err)
			}
			if n, err := s.MarkNoticesRead(ctx, id, id); err != nil || n != 0 {
				t.Errorf("MarkNoticesRead(%d) = %d, %v", id, n, err)
			}
		}
	})
}
