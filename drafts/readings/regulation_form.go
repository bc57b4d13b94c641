package readings

import (
	"context"

	"lifa/drafts"
)

// RegulationForm is the form that creates a project
// (regulations/new.html) or edits one (regulations/edit.html).
type RegulationForm struct {
	NewRegulation
	Kinds []drafts.Kind
	Error string
	// Same are the projects of the same title, when the form was refused
	// for it (the person may confirm a second one).
	Same []*drafts.Regulation
	// Regulation is the project edited (edit.html).
	Regulation *drafts.Regulation
}

// kinds are the kinds of project the forms offer.
var kinds = []drafts.Kind{drafts.KindEnact, drafts.KindRevise, drafts.KindAmend, drafts.KindRepeal}

// NewRegulationForm is the form that creates a project: empty, for a
// regulation to enact, when in is nil; else in refused for fail, with the
// projects of its title when fail is their conflict (ECONFLICT).
func (s *Service) NewRegulationForm(ctx context.Context, in *NewRegulation, fail error) (*RegulationForm, error) {
	if in == nil {
		return &RegulationForm{NewRegulation: NewRegulation{Kind: string(drafts.KindEnact)}, Kinds: kinds}, nil
	}
	f := &RegulationForm{NewRegulation: *in, Kinds: kinds, Error: drafts.ErrorMessage(fail)}
	if drafts.ErrorCode(fail) == drafts.ECONFLICT {
		same, err := s.SameTitle(ctx, in.Title)
		if err != nil {
			return nil, err
		}
		f.Same = same
	}
	return f, nil
}

// EditRegulationForm is the form that edits project id: filled with what
// the project says when in is nil, else in refused for fail. ENOTFOUND
// for an unknown project.
func (s *Service) EditRegulationForm(ctx context.Context, id int64, in *NewRegulation, fail error) (*RegulationForm, error) {
	p, err := s.Project(ctx, id)
	if err != nil {
		return nil, err
	}
	r := p.Regulation
	f := &RegulationForm{Regulation: r, Kinds: kinds}
	if in != nil {
		f.NewRegulation, f.Error = *in, drafts.ErrorMessage(fail)
		return f, nil
	}
	f.NewRegulation = NewRegulation{Title: r.Title, Kind: string(r.Kind), Committee: r.Committee, Level: string(r.Level), Region: r.Region}
	if r.StatusSet {
		f.Status = r.Status
	}
	return f, nil
}

// Update is the edit form as a change of every field it has.
func (n NewRegulation) Update() drafts.RegulationUpdate {
	return drafts.RegulationUpdate{Title: &n.Title, Kind: &n.Kind, Committee: &n.Committee, Status: &n.Status,
		Level: &n.Level, Region: &n.Region}
}
