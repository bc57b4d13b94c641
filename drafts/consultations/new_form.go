package consultations

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"lifa/drafts"
)

// NewForm is the form to open a consultation: the reading consulted on
// with its regulation, or when none is chosen (or it is unknown or
// withdrawn) the regulations to choose from; the contact points it may
// address; and what was typed (after a refusal) or proposed.
type NewForm struct {
	// Version is without its Document; nil when none is chosen.
	Version       *drafts.Version
	Regulation    *drafts.Regulation
	Readings      []*drafts.Regulation
	ContactPoints []*drafts.ContactPoint
	// Opens and Closes are the period as datetime-local values, China
	// time ("" for none).
	Opens, Closes string
	In            NewConsultation
}

// Proposal is what the form to open a consultation on version versionID
// (0: none chosen) proposes: public, for DefaultPeriod.
func (s *Service) Proposal(versionID int64) NewConsultation {
	opens, closes := s.DefaultPeriod()
	return NewConsultation{VersionID: versionID, Audience: drafts.AudiencePublic, OpensAt: opens, ClosesAt: closes}
}

// NewForm returns the form to open a consultation showing in; its title,
// when empty, is proposed from the reading: 《…》（一审稿）征求意见.
func (s *Service) NewForm(ctx context.Context, in NewConsultation) (*NewForm, error) {
	cps, err := s.store.ContactPoints(ctx)
	if err != nil {
		return nil, err
	}
	f := &NewForm{ContactPoints: cps, In: in, Opens: LocalTime(in.OpensAt), Closes: LocalTime(in.ClosesAt)}
	if in.VersionID > 0 {
		ref, err := s.versionRef(ctx, in.VersionID)
		if err != nil && drafts.ErrorCode(err) != drafts.ENOTFOUND {
			return nil, err
		}
		if ref != nil && ref.Version.Withdrawn == nil {
			f.Version, f.Regulation = ref.Version, ref.Regulation
			if f.In.Title == "" {
				f.In.Title = "《" + ref.Regulation.Title + "》（" + ref.Version.Name() + "）征求意见"
			}
		}
	}
	if f.Version == nil {
		if f.Readings, err = s.store.ListRegulations(ctx); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// ReadNewConsultation reads the form to open a consultation: the
// consultation as typed, and the first problem with its period (EINVALID
// from drafts.ParseLocalTime). Contact point ids that are not numbers are
// left out.
func ReadNewConsultation(form url.Values) (NewConsultation, error) {
	vid, _ := strconv.ParseInt(form.Get("version_id"), 10, 64)
	in := NewConsultation{VersionID: vid, Title: form.Get("title"), Audience: drafts.Audience(form.Get("audience")),
		Instructions: form.Get("instructions")}
	for _, v := range form["contact_point_ids"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.ContactPointIDs = append(in.ContactPointIDs, id)
		}
	}
	var err error
	if in.OpensAt, err = drafts.ParseLocalTime(form.Get("opens_at")); err != nil {
		return in, err
	}
	in.ClosesAt, err = drafts.ParseLocalTime(form.Get("closes_at"))
	return in, err
}

// LocalTime is t as the value of a datetime-local field, in China time;
// "" for the zero time.
func LocalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(drafts.ChinaTime).Format(drafts.LocalInputLayout)
}
