package server

import (
	"context"
	"time"
)

// WithChangeWatch makes the server follow the store's change log every
// interval and drop what it caches of a regulation or a consultation that
// another node (or lifa import) has changed, so that a renamed regulation
// shows on this node's version pages, and a consultation closed early
// stops taking opinions here, within about interval instead of the
// caches' TTLs.
// For several nodes on one PostgreSQL; the server stops watching on
// shutdown.
func WithChangeWatch(interval time.Duration) Option {
	return func(s *Server) error {
		after, err := s.store.LastChangeSeq(context.Background())
		if err != nil {
			return err
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			s.watchChanges(ctx, after, interval)
		}()
		s.closers = append(s.closers, func() error { cancel(); <-done; return nil })
		return nil
	}
}

// watchChanges reads the change log after seq every interval until ctx
// ends and drops the cached regulations and consultations it names.
func (s *Server) watchChanges(ctx context.Context, seq int64, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for ctx.Err() == nil {
			cs, err := s.store.ChangesSince(ctx, seq, 1000)
			if err != nil {
				if ctx.Err() == nil {
					s.log.Warn("change watch", "err", err)
				}
				break
			}
			for _, c := range cs {
				switch c.Entity {
				case "regulation":
					s.readings.ForgetRegulation(c.ID) // the version page reads it again
				case "consultation": // opened, edited, extended or closed early elsewhere
					s.consultations.Forget()
				}
				seq = c.Seq
			}
			if len(cs) < 1000 {
				break
			}
		}
	}
}
