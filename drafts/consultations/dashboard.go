package consultations

import (
	"context"
	"slices"

	"lifa/drafts"
	"lifa/drafts/store"
)

// Dashboard is what a liaison or a member sees on signing in: the open
// consultations that ask them with their deadlines, the one the meeting
// form proposes, their opinions with the answers and, for a liaison, the
// contact point and its meetings; every opinion and meeting named by its
// regulation and reading.
type Dashboard struct {
	ContactPoint  *drafts.ContactPoint
	Consultations []*Overview
	// Selected is the consultation the meeting form proposes (0: none
	// is open to the contact point): see meetingConsultation.
	Selected int64
	// Meetable are the consultations of the list addressed to the
	// liaison's contact point: only they take a meeting (座谈会意见) from
	// the dashboard; a public consultation takes a liaison's opinions like
	// anyone's, on its page. Empty for other accounts.
	Meetable []*Overview
	// Opinions is one page of the account's opinions, newest first, of
	// OpinionTotal.
	Opinions     []MyOpinion
	OpinionTotal int
	Meetings     []MyMeeting
}

// MyOpinion is one of a liaison's or member's opinions with the reading it
// is on.
type MyOpinion struct {
	*drafts.Opinion
	Reading store.VersionName
}

// MyMeeting is one of a contact point's meetings with the reading its
// consultation is on and how many opinions it gathered.
type MyMeeting struct {
	*drafts.Meeting
	Reading  store.VersionName
	Opinions int
}

// DashboardPageSize is how many opinions the dashboard lists a page
// unless DashboardQuery.PageSize says otherwise.
const DashboardPageSize = 50

// DashboardQuery says what of the dashboard to show.
type DashboardQuery struct {
	// Consultation is the consultation the meeting form should propose
	// (a notice's link), when it is open to the contact point.
	Consultation int64
	// Page is the page of opinions, from 1; PageSize opinions a page.
	Page, PageSize int
}

// Dashboard returns account a's dashboard.
func (s *Service) Dashboard(ctx context.Context, a *drafts.Account, q DashboardQuery) (*Dashboard, error) {
	d := &Dashboard{}
	var err error
	var meetings []*drafts.Meeting
	if a.Role == drafts.RoleLiaison {
		if d.ContactPoint, err = s.store.ContactPoint(ctx, a.ContactPointID); err != nil {
			return nil, err
		}
		if meetings, err = s.store.Meetings(ctx, a.ContactPointID); err != nil {
			return nil, err
		}
	}
	list, err := s.Pending(ctx, a)
	if a.Can(drafts.PermViewOpinions) {
		// Staff's 正在征求意见 is every open consultation: those asking
		// staff's own opinions (as Pending picks them for a member) would
		// leave out those asking contact points or members only.
		list, err = s.openNow(ctx)
	}
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		o, err := s.Overview(ctx, c, a)
		if err != nil {
			return nil, err
		}
		d.Consultations = append(d.Consultations, o)
	}
	d.Selected = meetingConsultation(list, a.ContactPointID, q.Consultation)
	if d.ContactPoint != nil {
		d.meetable()
	}
	ops, err := s.MyOpinions(ctx, a)
	if err != nil {
		return nil, err
	}
	return d, s.nameDashboard(ctx, d, ops, meetings, q)
}

// openNow returns every consultation open now, closing soonest first.
func (s *Service) openNow(ctx context.Context) ([]*drafts.Consultation, error) {
	list, err := s.store.Consultations(ctx, store.ConsultationFilter{OpenAt: s.Now()})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(x, y *drafts.Consultation) int { return x.ClosesAt.Compare(y.ClosesAt) })
	return list, nil
}

// meetable sets d.Meetable, the consultations of the list that take
// meetings (Pending lists for a liaison only those asking its own).
func (d *Dashboard) meetable() {
	for _, o := range d.Consultations {
		if TakesMeetings(o.Consultation) {
			d.Meetable = append(d.Meetable, o)
		}
	}
}

// Offers reports whether the dashboard offers the meeting form for
// consultation id.
func (d *Dashboard) Offers(id int64) bool {
	return slices.ContainsFunc(d.Meetable, func(o *Overview) bool { return o.ID == id })
}

// nameDashboard fills in the page of opinions and the meetings, named by
// their readings.
func (s *Service) nameDashboard(ctx context.Context, d *Dashboard, ops []*drafts.Opinion, meetings []*drafts.Meeting, q DashboardQuery) error {
	ids := make([]int64, 0, len(ops)+len(meetings))
	perMeeting := map[int64]int{}
	for _, o := range ops {
		ids = append(ids, o.VersionID)
		perMeeting[o.MeetingID]++
	}
	consVersion := map[int64]int64{}
	for _, m := range meetings {
		if _, ok := consVersion[m.ConsultationID]; !ok {
			c, err := s.store.Consultation(ctx, m.ConsultationID)
			if err != nil {
				return err
			}
			consVersion[m.ConsultationID] = c.VersionID
			ids = append(ids, c.VersionID)
		}
	}
	names, err := s.store.VersionNames(ctx, ids)
	if err != nil {
		return err
	}
	for _, m := range meetings {
		d.Meetings = append(d.Meetings, MyMeeting{Meeting: m, Reading: names[consVersion[m.ConsultationID]], Opinions: perMeeting[m.ID]})
	}
	d.OpinionTotal = len(ops)
	size := q.PageSize
	if size <= 0 {
		size = DashboardPageSize
	}
	from := min(max(q.Page-1, 0)*size, len(ops))
	// Newest first.
	for i := len(ops) - 1 - from; i >= 0 && len(d.Opinions) < size; i-- {
		d.Opinions = append(d.Opinions, MyOpinion{Opinion: ops[i], Reading: names[ops[i].VersionID]})
	}
	return nil
}

// meetingConsultation is the consultation the meeting form of contact
// point cp proposes among list, the open consultations that take its
// opinions (closing soonest first); only those addressed to contact points
// take meetings: want, when it is one of them; else the first addressed to
// the contact point by name, else the first addressed to contact points;
// 0 when none is.
func meetingConsultation(list []*drafts.Consultation, cp, want int64) int64 {
	var named, points int64
	for _, c := range list {
		if !TakesMeetings(c) {
			continue
		}
		if c.ID == want {
			return c.ID
		}
		if points == 0 {
			points = c.ID
		}
		if named == 0 && slices.Contains(c.ContactPointIDs, cp) {
			named = c.ID
		}
	}
	if named != 0 {
		return named
	}
	return points
}

// Pending returns the consultations open now that take opinions from
// account a: for a liaison those asking its contact point, for a member
// those asking members, closing soonest first.
func (s *Service) Pending(ctx context.Context, a *drafts.Account) ([]*drafts.Consultation, error) {
	f := store.ConsultationFilter{OpenAt: s.Now()}
	source, cp := drafts.SourceContactPoint, a.ContactPointID
	if a.Role == drafts.RoleLiaison {
		f.ContactPointID = a.ContactPointID
	} else {
		source = drafts.SourceMember
	}
	list, err := s.store.Consultations(ctx, f)
	if err != nil {
		return nil, err
	}
	out := []*drafts.Consultation{}
	for _, c := range list {
		if c.Admits(source, cp) {
			out = append(out, c)
		}
	}
	return out, nil
}

// MyOpinions returns account a's opinions with their answers, oldest
// first: for a liaison every opinion of its contact point, for anyone else
// the opinions they submitted as a member.
func (s *Service) MyOpinions(ctx context.Context, a *drafts.Account) ([]*drafts.Opinion, error) {
	f := drafts.OpinionFilter{Limit: 5000}
	if a.Role == drafts.RoleLiaison {
		f.ContactPointID = a.ContactPointID
	} else {
		f.Source = drafts.SourceMember
	}
	list, _, err := s.store.Opinions(ctx, f)
	if err != nil {
		return nil, err
	}
	out := []*drafts.Opinion{}
	for _, o := range list {
		if a.Role == drafts.RoleLiaison || o.AccountID == a.ID {
			out = append(out, o)
		}
	}
	return out, nil
}
