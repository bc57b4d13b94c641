package drafts

import "time"

// ChooseConsultation is the one rule that picks, among the consultations of
// a version, the one that concerns an opinion from source (and contact
// point cpID) at now: the open one that admits it and closes soonest; else
// the one that opens next; else the one that closed last. It returns nil
// when none admits the source. The version page's banner and the choice of
// the consultation an opinion is filed under both use it.
func ChooseConsultation(list []*Consultation, now time.Time, source Source, cpID int64) *Consultation {
	var open, next, closed *Consultation
	for _, c := range list {
		if !c.Admits(source, cpID) {
			continue
		}
		switch {
		case c.IsOpen(now):
			if open == nil || c.ClosesAt.Before(open.ClosesAt) {
				open = c
			}
		case now.Before(c.OpensAt):
			if next == nil || c.OpensAt.Before(next.OpensAt) {
				next = c
			}
		default:
			if closed == nil || c.ClosesAt.After(closed.ClosesAt) {
				closed = c
			}
		}
	}
	switch {
	case open != nil:
		return open
	case next != nil:
		return next
	}
	return closed
}

// ConsultationFor returns the consultation of a version that takes an
// opinion from source (and contact point cpID) now (see
// ChooseConsultation). ECLOSED when none is open to the source: the
// message says when the next one opens or the last one closed, or that the
// version is not open to the source at all.
func ConsultationFor(list []*Consultation, now time.Time, source Source, cpID int64) (*Consultation, error) {
	c := ChooseConsultation(list, now, source, cpID)
	if c == nil {
		return nil, Errorf(ECLOSED, "该版本目前没有向您征求意见。")
	}
	if err := c.CheckOpen(now); err != nil {
		return nil, err
	}
	return c, nil
}

// Accepts returns nil when the consultation takes an opinion from source
// (and contact point cpID) at now: EFORBIDDEN when its audience leaves the
// source out, ECLOSED outside its period. An opinion sent to a
// consultation is filed under that consultation or refused, never under
// another one.
func (c *Consultation) Accepts(now time.Time, source Source, cpID int64) error {
	if !c.Admits(source, cpID) {
		if source == SourceContactPoint && c.Audience == AudienceContactPoints {
			return Errorf(EFORBIDDEN, "该征求意见未向您所在的联系点发出。")
		}
		return Errorf(EFORBIDDEN, "本次征求意见只面向%s，您不能在此提出意见。", c.Audience.Label())
	}
	return c.CheckOpen(now)
}
