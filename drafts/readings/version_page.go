package readings

import (
	"context"
	"fmt"
	"slices"
	"time"

	"lifa/drafts"
	"lifa/drafts/store"
)

// Banner is what the version page shows of the consultation that
// concerns the visitor (consultations.Service.ForVisitor): the period and
// deadline (or that the period has closed) and, while it is open, a link
// under every article to the opinion form for that article.
type Banner struct {
	ID       int64  // the consultation
	Title    string // the consultation's title ("" when it has none)
	Open     bool
	Closed   bool   // the period is over
	Opens    string // 2026年11月19日 10:00 (Beijing time)
	Closes   string
	FormURL  string // /consultations/{id}/opinion; add ?article=N[&sub=M]
	Audience string // who is asked (label)
	// Others are the version's other open consultations, listed with
	// this one for staff, who see every consultation: the public and a
	// liaison see only the one that asks them.
	Others   []*Banner
	closesAt time.Time
}

// NewBanner is the banner of consultation c at now, nil for no
// consultation.
func NewBanner(c *drafts.Consultation, now time.Time) *Banner {
	if c == nil {
		return nil
	}
	return &Banner{ID: c.ID, Title: c.Title, Open: c.IsOpen(now), Closed: !now.Before(c.ClosesAt),
		Opens: drafts.FormatDateTime(c.OpensAt), Closes: drafts.FormatDateTime(c.ClosesAt),
		FormURL: fmt.Sprintf("/consultations/%d/opinion", c.ID), Audience: c.Audience.Label(), closesAt: c.ClosesAt}
}

// Every is the consultation with the others open on the version.
func (b *Banner) Every() []*Banner {
	return append([]*Banner{b}, b.Others...)
}

// Key is what a cached copy of the page depends on of the banner.
func (b *Banner) Key() string {
	if b == nil {
		return ""
	}
	return fmt.Sprintf("\x00op:%d:%t:%t", b.ID, b.Open, b.Closed)
}

// VisitorBanner is the banner of consultation c (ForVisitor's choice, nil
// for none) on version versionID at now for visitor a: with the other
// consultations open on it (AddOthers) when it is open and a may read
// opinions (staff and admins).
func (s *Service) VisitorBanner(ctx context.Context, c *drafts.Consultation, versionID int64, a *drafts.Account, now time.Time) (*Banner, error) {
	b := NewBanner(c, now)
	if b != nil && b.Open && a.Can(drafts.PermViewOpinions) {
		if err := s.AddOthers(ctx, b, versionID, now); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// AddOthers lists with an open banner the other consultations open at
// now on version versionID, closing soonest first: what staff see.
func (s *Service) AddOthers(ctx context.Context, b *Banner, versionID int64, now time.Time) error {
	list, err := s.store.Consultations(ctx, store.ConsultationFilter{VersionID: versionID})
	if err != nil {
		return err
	}
	for _, k := range list {
		if k.ID != b.ID && k.IsOpen(now) {
			b.Others = append(b.Others, NewBanner(k, now))
		}
	}
	slices.SortStableFunc(b.Others, func(x, y *Banner) int { return x.closesAt.Compare(y.closesAt) })
	return nil
}

// Key is what a cached copy of the version page depends on of the
// neighbours.
func (n Neighbours) Key() string {
	id := func(v *drafts.Version) int64 {
		if v == nil {
			return 0
		}
		return v.ID
	}
	return fmt.Sprintf("\x00n:%d:%d:%t", id(n.Prev), id(n.Next), n.Withdrawn != nil)
}
