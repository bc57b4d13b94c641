package consultations

import (
	"context"

	"lifa/drafts"
	"lifa/drafts/store"
)

// A contact point's public page shows what the best-known contact points
// publish of themselves: their name and area, the regulations they gave
// opinions on, how many opinions they submitted and how many were
// adopted. These are the contact point's own figures and are public; the
// consultations themselves stay with their audience: a row links to its
// consultation only for a viewer who may see it (drafts.Consultation.
// VisibleTo), and names it by its regulation and reading otherwise.

// ContactPointRow is one consultation a contact point took part in, as
// its public page shows it.
type ContactPointRow struct {
	// Consultation is the consultation as the viewer may see it; nil
	// when the viewer may not (the row then names only the regulation
	// and the reading).
	Consultation    *drafts.Consultation `json:"consultation,omitempty"`
	RegulationTitle string               `json:"regulation_title"`
	StageName       string               `json:"stage_name"`
	VersionLabel    string               `json:"version_label,omitempty"`
	// Period is the consultation's period, "2026年11月1日 至 2026年12月1日".
	Period string `json:"period"`
	store.ContactPointCounts
}

// ContactPointTotals sums a contact point's rows.
type ContactPointTotals struct {
	Consultations int `json:"consultations"`
	store.ContactPointCounts
}

// ContactPointPage is the public page of a contact point (基层立法联系点).
type ContactPointPage struct {
	ContactPoint *drafts.ContactPoint `json:"contact_point"`
	Rows         []ContactPointRow    `json:"consultations"`
	Totals       ContactPointTotals   `json:"totals"`
}

// ContactPoint returns the public page of contact point id for viewer a
// (nil: the public). ENOTFOUND for an unknown contact point.
func (s *Service) ContactPoint(ctx context.Context, id int64, a *drafts.Account) (*ContactPointPage, error) {
	cp, err := s.store.ContactPoint(ctx, id)
	if err != nil {
		return nil, err
	}
	takes, err := s.store.ContactPointTakes(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &ContactPointPage{ContactPoint: cp, Rows: make([]ContactPointRow, 0, len(takes))}
	for _, tk := range takes {
		c := tk.Consultation
		p.Rows = append(p.Rows, ContactPointRow{Consultation: c.ForViewer(a), RegulationTitle: tk.RegulationTitle,
			StageName: tk.StageName, VersionLabel: tk.VersionLabel, ContactPointCounts: tk.ContactPointCounts,
			Period: drafts.FormatDate(c.OpensAt) + " 至 " + drafts.FormatDate(c.ClosesAt)})
		p.Totals.Consultations++
		p.Totals.Add(tk.ContactPointCounts)
	}
	return p, nil
}

// ContactPointSummary is a contact point with its totals, for the list of
// contact points.
type ContactPointSummary struct {
	*drafts.ContactPoint
	Totals ContactPointTotals `json:"totals"`
}

// ContactPoints returns every contact point by name with its totals.
func (s *Service) ContactPoints(ctx context.Context) ([]ContactPointSummary, error) {
	cps, err := s.store.ContactPoints(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ContactPointSummary, 0, len(cps))
	for _, cp := range cps {
		p, err := s.ContactPoint(ctx, cp.ID, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, ContactPointSummary{ContactPoint: cp, Totals: p.Totals})
	}
	return out, nil
}
