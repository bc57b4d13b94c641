// Package consultations holds the workflows of consultations (征求意见) and
// the opinions they gather: opening a consultation, choosing the
// consultation an opinion is filed under (drafts.ChooseConsultation),
// submitting an opinion as the public, a member or a liaison, a contact
// point's meeting (座谈会) with its batch of opinions, moderation, answers
// to one opinion, a selection or a group of near-identical ones, the
// summary (意见汇总) with its CSV and Word exports, following opinions into
// the next reading, the staff inbox and the dashboards, and what the holder
// of a receipt may read. The pages, the JSON API and the demo call these
// functions, so each rule lives here once.
//
// Errors are *drafts.Error: EINVALID and ETOOLARGE for input that cannot be
// accepted (the message says why, in Chinese), ECLOSED outside a
// consultation's period, EFORBIDDEN for a consultation that does not ask
// the person, ENOTFOUND for an unknown consultation, version, opinion or
// receipt; anything else is internal.
package consultations

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/drafts/store"
)

// Config configures the consultation workflows. The zero value gives the
// defaults.
type Config struct {
	// MaxBatch bounds the public opinions committed in one transaction
	// (default 1,000).
	MaxBatch int
	// Now returns the current time (tests); default time.Now.
	Now func() time.Time
	// Logger receives the background work's warnings; default slog.Default().
	Logger *slog.Logger
	// Opened, when set, is told of each consultation Open opens (the
	// notices to its addressees, drafts/notifications).
	Opened func(ctx context.Context, c *drafts.Consultation)
}

// Service runs the consultation workflows on one store. It owns the
// group-commit writer of public opinions (started on the first
// submission, stopped by Close) and two small caches of the submission
// path: the consultations of each version (for consultationTTL) and the
// opinion count at which each version was last regrouped. Create it with
// New; it is safe for concurrent use.
type Service struct {
	store    *store.Store
	readings *readings.Service
	cfg      Config
	log      *slog.Logger

	// busy bounds the submissions being validated at once, so that a
	// flood of opinions queues here instead of crowding out page views.
	busy chan struct{}

	mu         sync.Mutex
	writer     *drafts.OpinionWriter
	stopWriter func() error
	closed     bool
	cons       map[int64]consEntry // consultations per version, briefly cached
	grouped    map[int64][2]int64  // version → (count, max id) at the last regrouping
}

type consEntry struct {
	list []*drafts.Consultation
	at   time.Time
}

// consultationTTL is how long the consultations of a version are cached
// for submissions and the version page. Opening a consultation through
// this Service clears the entry; other servers see it within the TTL.
const consultationTTL = 2 * time.Second

// New returns the consultation workflows on st; rd provides the
// comparisons that carry opinions into the next reading.
func New(st *store.Store, rd *readings.Service, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Service{store: st, readings: rd, cfg: cfg, log: cfg.Logger,
		busy: make(chan struct{}, 4*runtime.GOMAXPROCS(0)),
		cons: map[int64]consEntry{}, grouped: map[int64][2]int64{}}
}

// Now is the Service's clock.
func (s *Service) Now() time.Time { return s.cfg.Now() }

// Close drains and stops the opinion writer, if it was started, and gives
// its database connection back. Call it before closing the store.
func (s *Service) Close() error {
	s.mu.Lock()
	stop := s.stopWriter
	s.stopWriter, s.closed = nil, true
	s.mu.Unlock()
	if stop == nil {
		return nil
	}
	return stop()
}

// NewConsultation is what staff give to open a consultation.
type NewConsultation struct {
	VersionID       int64           `json:"version_id"`
	Title           string          `json:"title"`
	Audience        drafts.Audience `json:"audience"`
	ContactPointIDs []int64         `json:"contact_point_ids"`
	OpensAt         time.Time       `json:"opens_at"`
	ClosesAt        time.Time       `json:"closes_at"`
	Instructions    string          `json:"instructions"`
}

// DefaultPeriod is the period a new consultation's form proposes: from
// now for 30 days (the public comment period of national drafts).
func (s *Service) DefaultPeriod() (opens, closes time.Time) {
	now := s.Now().Truncate(time.Minute)
	return now, now.Add(30 * 24 * time.Hour)
}

// Open opens a consultation on a version. EINVALID for bad fields or an
// unknown contact point, ENOTFOUND for an unknown version.
func (s *Service) Open(ctx context.Context, actor string, in NewConsultation) (*drafts.Consultation, error) {
	c := &drafts.Consultation{VersionID: in.VersionID, Title: in.Title, Audience: in.Audience,
		ContactPointIDs: in.ContactPointIDs, OpensAt: in.OpensAt, ClosesAt: in.ClosesAt, Instructions: in.Instructions}
	if err := s.store.CreateConsultation(ctx, actor, c); err != nil {
		return nil, err
	}
	s.mu.Lock()
	delete(s.cons, c.VersionID)
	s.mu.Unlock()
	if s.cfg.Opened != nil {
		s.cfg.Opened(ctx, c)
	}
	return c, nil
}

// ofVersion returns the consultations of a version through the short
// cache.
func (s *Service) ofVersion(ctx context.Context, versionID int64) ([]*drafts.Consultation, error) {
	now := s.Now()
	s.mu.Lock()
	e, ok := s.cons[versionID]
	s.mu.Unlock()
	if ok && now.Sub(e.at) <= consultationTTL {
		return e.list, nil
	}
	list, err := s.store.Consultations(ctx, store.ConsultationFilter{VersionID: versionID})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.cons[versionID] = consEntry{list: list, at: now}
	s.mu.Unlock()
	return list, nil
}

// ForVisitor returns the consultation of a version that concerns visitor a
// (nil: the public), as drafts.ChooseConsultation picks it: open, else the
// next to open, else the last closed; nil when none asks them.
func (s *Service) ForVisitor(ctx context.Context, versionID int64, a *drafts.Account) (*drafts.Consultation, error) {
	list, err := s.ofVersion(ctx, versionID)
	if err != nil {
		return nil, err
	}
	source, cp := drafts.OpinionSourceOf(a)
	return drafts.ChooseConsultation(list, s.Now(), source, cp), nil
}

// Overview is a consultation with what its pages show around it.
type Overview struct {
	*drafts.Consultation
	Regulation *drafts.Regulation
	Version    *drafts.Version
	Open       bool
	Closed     bool // the period is over (false before it opens)
	Stats      drafts.OpinionStats
	// Status is a sentence on the period: open until when, or when it
	// opens or closed.
	Status string
}

// Overview returns consultation c with its regulation, version (with its
// Document), period and statistics: the opinions of this consultation,
// not of every consultation on the version. Callers show it to who may
// see c (Visible).
func (s *Service) Overview(ctx context.Context, c *drafts.Consultation, a *drafts.Account) (*Overview, error) {
	v, err := s.store.Version(ctx, c.VersionID)
	if err != nil {
		return nil, err
	}
	r, err := s.store.Regulation(ctx, v.RegulationID)
	if err != nil {
		return nil, err
	}
	st, err := s.store.ConsultationStats(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	o := &Overview{Consultation: c, Regulation: r, Version: v, Open: c.IsOpen(now), Stats: st, Closed: !now.Before(c.ClosesAt)}
	if err := c.CheckOpen(now); err != nil {
		o.Status = drafts.ErrorMessage(err)
	} else {
		days := int(c.ClosesAt.Sub(now).Hours() / 24)
		o.Status = fmt.Sprintf("正在征求意见，%s截止（还有 %d 天）。", drafts.FormatDateTime(c.ClosesAt), days)
	}
	if o.Title == "" {
		cp := *c
		cp.Title = r.Title + "（" + v.StageName + "）征求意见"
		o.Consultation = &cp
	}
	return o, nil
}

// OpenToPublic returns the public consultations open now, for the home page.
func (s *Service) OpenToPublic(ctx context.Context) ([]*Overview, error) {
	list, err := s.store.Consultations(ctx, store.ConsultationFilter{OpenAt: s.Now()})
	if err != nil {
		return nil, err
	}
	var out []*Overview
	for _, c := range list {
		if c.Audience != drafts.AudiencePublic {
			continue
		}
		o, err := s.Overview(ctx, c, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}
