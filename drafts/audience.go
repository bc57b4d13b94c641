package drafts

// Who may see a consultation (征求意见) and what of it.
//
// A consultation, its instructions, the opinions submitted to it, their
// answers and their counts are shown to its audience and to staff only:
// a public consultation to everyone; a members' consultation to members;
// a contact points' consultation to the liaisons of the contact points it
// asks (all of them when it names none). Staff and administrators
// (PermViewOpinions) see every consultation. A disabled account is the
// public. Seeing a consultation is not being able to comment: that also
// needs it to be open (Consultation.CheckOpen).

// OpinionSourceOf returns the source an opinion by account a would have
// and, for a liaison, its contact point: the public for nil (or a disabled
// account), a member, a contact point, or staff entering opinions.
func OpinionSourceOf(a *Account) (Source, int64) {
	if a == nil || a.Disabled {
		return SourcePublic, 0
	}
	switch a.Role {
	case RoleMember:
		return SourceMember, 0
	case RoleLiaison:
		return SourceContactPoint, a.ContactPointID
	}
	return SourceStaff, 0
}

// VisibleTo reports whether account a (nil: the public) may see the
// consultation: its page, instructions, opinions, answers and counts.
func (c *Consultation) VisibleTo(a *Account) bool {
	if a.Can(PermViewOpinions) {
		return true
	}
	src, cp := OpinionSourceOf(a)
	if src == SourceStaff {
		// An account of another role that cannot view opinions sees
		// what the public sees.
		src = SourcePublic
	}
	return c.Admits(src, cp)
}

// ForViewer returns the consultation as account a may see it, nil when a
// may not see it at all. Only staff see which contact points were asked
// and who created it; everyone else gets a copy without them.
func (c *Consultation) ForViewer(a *Account) *Consultation {
	if !c.VisibleTo(a) {
		return nil
	}
	if a.Can(PermViewOpinions) {
		return c
	}
	cp := *c
	cp.ContactPointIDs = nil
	cp.CreatedBy = ""
	return &cp
}

// VisibleConsultations returns the consultations of list that a may see,
// as ForViewer returns them, in the same order (never nil).
func VisibleConsultations(list []*Consultation, a *Account) []*Consultation {
	out := make([]*Consultation, 0, len(list))
	for _, c := range list {
		if v := c.ForViewer(a); v != nil {
			out = append(out, v)
		}
	}
	return out
}
