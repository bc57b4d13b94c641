package readings

import (
	"context"
	"sync"
	"time"

	"lifa/drafts"
)

// The version page, the page most read, needs a reading's regulation (its
// title) and every version of it (the readings before and after, the
// withdrawal). The Service keeps them for SnapshotTTL: its own changes
// (UpdateRegulation, Withdraw, Import) drop the regulation's snapshot at
// once; changes made elsewhere (another server on the same PostgreSQL)
// show within the TTL, or at once when the change log says so
// (ForgetRegulation).

// SnapshotTTL is how long a regulation's snapshot is trusted.
const SnapshotTTL = 5 * time.Second

// maxSnapshots bounds the snapshots kept; all go when it is reached.
const maxSnapshots = 4096

// snapshots are regulations with every version, by regulation id.
type snapshots struct {
	mu sync.Mutex
	m  map[int64]snapshot
}

type snapshot struct {
	r   *drafts.Regulation
	all []*drafts.Version // every version, withdrawn ones marked
	at  time.Time
}

// Snapshot returns regulation id and every version of it, withdrawn ones
// marked, as read less than SnapshotTTL ago: shared, read them, never
// change them. ENOTFOUND for an unknown regulation.
func (s *Service) Snapshot(ctx context.Context, id int64) (*drafts.Regulation, []*drafts.Version, error) {
	now := time.Now()
	s.snaps.mu.Lock()
	e, ok := s.snaps.m[id]
	s.snaps.mu.Unlock()
	if ok && now.Sub(e.at) < SnapshotTTL {
		return e.r, e.all, nil
	}
	p, err := s.Project(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	e = snapshot{r: p.Regulation, all: append(append([]*drafts.Version(nil), p.Versions...), p.Withdrawn...), at: now}
	s.snaps.mu.Lock()
	if len(s.snaps.m) >= maxSnapshots {
		s.snaps.m = map[int64]snapshot{}
	}
	s.snaps.m[id] = e
	s.snaps.mu.Unlock()
	return e.r, e.all, nil
}

// ForgetRegulation drops the snapshot of regulation id, changed elsewhere.
func (s *Service) ForgetRegulation(id int64) {
	s.snaps.mu.Lock()
	delete(s.snaps.m, id)
	s.snaps.mu.Unlock()
}
