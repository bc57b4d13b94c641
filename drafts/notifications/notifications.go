// Package notifications tells liaisons and members what asks for them:
// when a consultation is addressed to their contact point (or to members)
// each of them gets a notice (通知) in the application, and another three
// days before it closes (drafts.ReminderBefore); when an SMTP server is
// configured (Mailer, `lifa serve --smtp`), the notices of people who gave
// an e-mail address are e-mailed as well.
//
// Notices are derived from the consultations by a sweep (Sweep), which
// every node may run as often as it likes: a notice exists once per
// account, consultation, kind and closing time (the store's unique key),
// so a restart or a second node creates no duplicate and misses none that
// is still due; each e-mail is claimed by one node before it is sent and
// marked once it has been, and a claim left by a node that stopped is
// taken over after Config.MailClaimTTL. On PostgreSQL one node sweeps at a time
// (an advisory lock); the others skip their turn.
//
// Errors are *drafts.Error: EINVALID for an e-mail address that is not
// one; anything else is internal.
package notifications

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"lifa/drafts"
	"lifa/drafts/store"
)

// Config configures the notifications. The zero value sends no e-mail.
type Config struct {
	// Mailer sends the notices by e-mail; nil: in the application only.
	Mailer *Mailer
	// SiteURL is the site's public address (https://lifa.example.org),
	// for the links in e-mails; "" gives paths only.
	SiteURL string
	// Now returns the current time (tests); default time.Now.
	Now func() time.Time
	// Logger receives the e-mail failures; default slog.Default().
	Logger *slog.Logger
	// MailClaimTTL is how long a node's claim on an e-mail lasts before
	// another node may send it (the first one stopped before saying it
	// had); default 10 minutes.
	MailClaimTTL time.Duration
	// Every is how often a node that runs the sweep (the server) looks
	// for notices due (reminders) and e-mails to send; 0: never in the
	// background (tests sweep themselves).
	Every time.Duration
}

// Service creates, lists and sends notices on one store. Create it with
// New; it is safe for concurrent use.
type Service struct {
	store *store.Store
	cfg   Config
	log   *slog.Logger
	kick  chan struct{}

	runMu sync.Mutex // one sweep at a time in this process
}

// sweepLockKey is the PostgreSQL advisory lock of the sweep, so that one
// node of a cluster sweeps at a time (cmd_serve_init.go and the store use
// 7_432_001 and 7_432_002).
const sweepLockKey = 7_432_025

// maxMailAttempts is how often an e-mail is tried before it is given up.
const maxMailAttempts = 5

// New returns the notifications on st.
func New(st *store.Store, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MailClaimTTL <= 0 {
		cfg.MailClaimTTL = 10 * time.Minute
	}
	return &Service{store: st, cfg: cfg, log: cfg.Logger, kick: make(chan struct{}, 1)}
}

// Addressed creates at once the notices of consultation c, just opened,
// and wakes the loop (Run) to e-mail them. The sweep would create them on
// its next turn anyway; this only saves the wait.
func (s *Service) Addressed(ctx context.Context, c *drafts.Consultation) error {
	if _, err := s.noticesOf(ctx, c, s.cfg.Now()); err != nil {
		return err
	}
	s.Kick()
	return nil
}

// Kick wakes the loop (Run) for a sweep now.
func (s *Service) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// SweepResult says what one sweep did.
type SweepResult struct {
	Ran     bool // false: another node was sweeping
	Notices int  // notices created
	Mailed  int  // e-mails sent
	Failed  int  // e-mails that failed (tried again later)
}

// Sweep creates the notices that are due and not yet created (addressed,
// and reminders of consultations open now that close within
// drafts.ReminderBefore), then sends the pending e-mails.
func (s *Service) Sweep(ctx context.Context) (SweepResult, error) {
	s.runMu.Lock()
	defer s.runMu.Unlock()
	var r SweepResult
	ran, err := s.store.Exclusive(ctx, sweepLockKey, func() error {
		now := s.cfg.Now()
		cons, err := s.store.AddressedConsultations(ctx, now)
		if err != nil {
			return err
		}
		for _, c := range cons {
			n, err := s.noticesOf(ctx, c, now)
			if err != nil {
				return err
			}
			r.Notices += n
		}
		r.Mailed, r.Failed, err = s.sendMail(ctx)
		return err
	})
	r.Ran = ran
	return r, err
}

// noticesOf creates the notices of consultation c due at now that do not
// exist yet and returns how many it created.
func (s *Service) noticesOf(ctx context.Context, c *drafts.Consultation, now time.Time) (int, error) {
	if c.Audience == drafts.AudiencePublic || !now.Before(c.ClosesAt) {
		return 0, nil
	}
	rcpts, err := s.store.NoticeRecipients(ctx, c)
	if err != nil || len(rcpts) == 0 {
		return 0, err
	}
	// A consultation opened less than ReminderBefore before it closes
	// is reminded of by the notice that addresses it.
	remind := c.IsOpen(now) && !now.Before(c.ClosesAt.Add(-drafts.ReminderBefore)) &&
		c.CreatedAt.Before(c.ClosesAt.Add(-drafts.ReminderBefore))
	var ns []*drafts.Notice
	for _, r := range rcpts {
		state := drafts.MailNone
		if s.cfg.Mailer != nil && r.Email != "" {
			state = drafts.MailPending
		}
		ns = append(ns, &drafts.Notice{AccountID: r.AccountID, Kind: drafts.NoticeAddressed, ConsultationID: c.ID,
			MailTo: r.Email, MailState: state})
		if remind {
			ns = append(ns, &drafts.Notice{AccountID: r.AccountID, Kind: drafts.NoticeReminder, ConsultationID: c.ID,
				Key: c.ClosesAt.UTC().Format(time.RFC3339), MailTo: r.Email, MailState: state})
		}
	}
	added, err := s.store.AddNotices(ctx, ns)
	return len(added), err
}

// sendMail sends the pending e-mails this node can claim.
func (s *Service) sendMail(ctx context.Context) (sent, failed int, err error) {
	if s.cfg.Mailer == nil {
		return 0, 0, nil
	}
	for {
		batch, err := s.store.ClaimMail(ctx, s.cfg.MailClaimTTL, 50)
		if err != nil || len(batch) == 0 {
			return sent, failed, err
		}
		for _, v := range batch {
			m := s.render(v)
			err := s.cfg.Mailer.Send(ctx, v.MailTo, m.Subject(), m.MailBody(v.DisplayName, s.cfg.SiteURL))
			if err != nil {
				failed++
				s.log.Warn("notice e-mail", "notice", v.ID, "mailer", s.cfg.Mailer.String(), "err", err)
			} else {
				sent++
			}
			if err := s.store.MailDone(ctx, v.ID, err == nil, maxMailAttempts); err != nil {
				return sent, failed, err
			}
		}
		if failed > 0 {
			// The server may be down: try again on the next sweep.
			return sent, failed, nil
		}
	}
}

// Run sweeps every interval, and when kicked, until ctx ends. Errors are
// logged: the next sweep tries again.
func (s *Service) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.Sweep(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("notice sweep", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
	}
}
