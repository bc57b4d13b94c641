package notifications

import (
	"context"
	"time"

	"lifa/drafts"
)

// Show returns page (from 1) of account a's notices as its notices page
// shows them: seeing the first page marks every notice read, the ones
// shown still saying Unread this once.
func (s *Service) Show(ctx context.Context, a *drafts.Account, page int) (*Page, error) {
	p, err := s.List(ctx, a, page)
	if err != nil {
		return nil, err
	}
	if len(p.Messages) > 0 && p.Messages[0].Unread && page == 1 {
		if _, err := s.MarkRead(ctx, a, p.Messages[0].ID); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Start runs the sweep (Run) in the background every interval and
// returns the function that stops it and waits until it has.
func (s *Service) Start(every time.Duration) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx, every) }()
	return func() error { cancel(); <-done; return nil }
}
