package consultations

import (
	"context"

	"lifa/drafts"
	"lifa/drafts/store"
)

// VersionRef is a version (without its Document) with its regulation.
type VersionRef struct {
	Version    *drafts.Version
	Regulation *drafts.Regulation
}

// InboxQuery selects what the staff inbox shows.
type InboxQuery struct {
	// VersionID is the version whose opinions are listed; 0 means the
	// first version that has a consultation.
	VersionID int64
	// Filter selects its opinions and the page of them (VersionID is set
	// here; Limit defaults to InboxPageSize, Offset to Page's).
	Filter drafts.OpinionFilter
	// OpinionID, when set, is an opinion to show first even when the
	// filter leaves it out (the link from a search hit lands on it).
	OpinionID int64
	// Page is the page of opinions shown, from 1, when the filter gives
	// no offset.
	Page int
}

// InboxPageSize is how many opinions the inbox shows at a time.
const InboxPageSize = 50

// Inbox is the staff inbox: the versions that have consultations, the
// chosen one's opinions (a page of them; Total match the filter), the
// size of each group of near-identical opinions, to answer them many at a
// time, and what names each opinion's origin: its contact point and the
// meeting (座谈会) it was gathered at.
type Inbox struct {
	Versions   []VersionRef
	Version    *VersionRef // nil when no version has a consultation
	Filter     drafts.OpinionFilter
	Opinions   []*drafts.Opinion
	Total      int
	GroupSizes map[int64]int
	// Consultations are the chosen version's, for the filter.
	Consultations []*drafts.Consultation
	// ContactPoints are every contact point, for the filter and names.
	ContactPoints []*drafts.ContactPoint
	// Meetings are the meetings of the opinions shown, by id.
	Meetings map[int64]*drafts.Meeting
}

// ContactPoint returns contact point id (nil when unknown or 0).
func (in *Inbox) ContactPoint(id int64) *drafts.ContactPoint {
	for _, cp := range in.ContactPoints {
		if cp.ID == id {
			return cp
		}
	}
	return nil
}

// Meeting returns the meeting of an opinion shown (nil for none).
func (in *Inbox) Meeting(id int64) *drafts.Meeting { return in.Meetings[id] }

// Inbox returns the staff inbox for q, regrouping the version's opinions
// first when new ones arrived.
func (s *Service) Inbox(ctx context.Context, q InboxQuery) (*Inbox, error) {
	cons, err := s.store.Consultations(ctx, store.ConsultationFilter{})
	if err != nil {
		return nil, err
	}
	in := &Inbox{GroupSizes: map[int64]int{}, Meetings: map[int64]*drafts.Meeting{}, Filter: q.Filter}
	if in.Filter.Limit == 0 {
		in.Filter.Limit = InboxPageSize
	}
	if in.Filter.Offset == 0 {
		in.Filter.Offset = max(q.Page-1, 0) * in.Filter.Limit
	}
	seen := map[int64]bool{}
	for _, c := range cons {
		if seen[c.VersionID] {
			continue
		}
		seen[c.VersionID] = true
		ref, err := s.versionRef(ctx, c.VersionID)
		if err != nil {
			return nil, err
		}
		in.Versions = append(in.Versions, *ref)
	}
	vid := q.VersionID
	if vid == 0 && len(in.Versions) > 0 {
		vid = in.Versions[0].Version.ID
	}
	for i := range in.Versions {
		if in.Versions[i].Version.ID == vid {
			in.Version = &in.Versions[i]
		}
	}
	if in.Version == nil {
		return in, nil
	}
	for _, c := range cons {
		if c.VersionID == vid {
			in.Consultations = append(in.Consultations, c)
		}
	}
	if err := s.regroupIfNew(ctx, vid); err != nil {
		return nil, err
	}
	in.Filter.VersionID = vid
	if in.Opinions, in.Total, err = s.store.Opinions(ctx, in.Filter); err != nil {
		return nil, err
	}
	if err := s.showFirst(ctx, in, q.OpinionID); err != nil {
		return nil, err
	}
	if err := s.origins(ctx, in); err != nil {
		return nil, err
	}
	all, _, err := s.store.Opinions(ctx, drafts.OpinionFilter{VersionID: vid, Limit: 5000})
	if err != nil {
		return nil, err
	}
	for _, o := range all {
		if o.GroupID != 0 {
			in.GroupSizes[o.GroupID]++
		}
	}
	return in, nil
}

// origins loads the contact points and the meetings of the inbox's
// opinions.
func (s *Service) origins(ctx context.Context, in *Inbox) error {
	var err error
	if in.ContactPoints, err = s.store.ContactPoints(ctx); err != nil {
		return err
	}
	var ids []int64
	for _, o := range in.Opinions {
		if o.MeetingID != 0 {
			ids = append(ids, o.MeetingID)
		}
	}
	ms, err := s.store.MeetingsByID(ctx, ids)
	if err != nil {
		return err
	}
	for _, m := range ms {
		in.Meetings[m.ID] = m
	}
	return nil
}

// versionRef loads a version, without its Document, and its regulation.
func (s *Service) versionRef(ctx context.Context, id int64) (*VersionRef, error) {
	v, err := s.store.Version(ctx, id)
	if err != nil {
		return nil, err
	}
	r, err := s.store.Regulation(ctx, v.RegulationID)
	if err != nil {
		return nil, err
	}
	cp := *v
	cp.Document = nil
	return &VersionRef{Version: &cp, Regulation: r}, nil
}

// showFirst puts opinion id first in the inbox's list when the filter or
// the page size left it out and it is an opinion on the inbox's version.
func (s *Service) showFirst(ctx context.Context, in *Inbox, id int64) error {
	if id <= 0 {
		return nil
	}
	for _, o := range in.Opinions {
		if o.ID == id {
			return nil
		}
	}
	o, err := s.store.Opinion(ctx, id)
	if drafts.ErrorCode(err) == drafts.ENOTFOUND || (err == nil && o.VersionID != in.Version.Version.ID) {
		return nil
	}
	if err != nil {
		return err
	}
	in.Opinions = append([]*drafts.Opinion{o}, in.Opinions...)
	return nil
}

// OpinionList is a page of opinions and how many match in all.
type OpinionList struct {
	Opinions []*drafts.Opinion
	Total    int
}

// Opinions returns the opinions matching f, in submission order (Limit
// defaults to 100, at most 5,000), with their total.
func (s *Service) Opinions(ctx context.Context, f drafts.OpinionFilter) (*OpinionList, error) {
	list, total, err := s.store.Opinions(ctx, f)
	if err != nil {
		return nil, err
	}
	return &OpinionList{Opinions: list, Total: total}, nil
}
