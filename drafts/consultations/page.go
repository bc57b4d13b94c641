package consultations

import (
	"context"

	"lifa/drafts"
	"lifa/drafts/store"
)

// Page is what the page of a consultation shows its viewer: the call for
// opinions with the draft's articles, the answered opinions and, for
// staff, how each contact point asked has responded.
type Page struct {
	*Overview
	// Responses are the contact points asked with their counts (staff
	// only, not on a members' consultation).
	Responses []store.ContactPointResponse
	// Answered are the published opinions that have an answer.
	Answered []*drafts.Opinion
	// Changes are the changes made to the consultation since it was
	// opened (edited, extended, closed early), newest first (Changes).
	Changes []ChangeEntry
}

// Page returns consultation id's page for account a (nil: the public).
// ENOTFOUND as Visible.
func (s *Service) Page(ctx context.Context, id int64, a *drafts.Account) (*Page, error) {
	o, err := s.visibleOverview(ctx, id, a)
	if err != nil {
		return nil, err
	}
	c := o.Consultation
	p := &Page{Overview: o}
	if a.Can(drafts.PermViewOpinions) && c.Audience != drafts.AudienceMembers {
		if p.Responses, err = s.store.ConsultationResponses(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	list, _, err := s.store.Opinions(ctx, drafts.OpinionFilter{ConsultationID: c.ID, Status: drafts.StatusPublished, Limit: 200})
	if err != nil {
		return nil, err
	}
	for _, op := range list {
		if op.Disposition != drafts.DispositionNone {
			p.Answered = append(p.Answered, op)
		}
	}
	if p.Changes, err = s.Changes(ctx, c.ID); err != nil {
		return nil, err
	}
	return p, nil
}

// Form is the form to comment on one article of a consultation's draft
// (Article nil: on the draft as a whole).
type Form struct {
	*Overview
	Article *drafts.Article
	// Label names what is commented on: 第十二条, or 整体意见.
	Label string
}

// Form returns the opinion form of consultation id for article (num, sub),
// num 0 for the draft as a whole, as account a sees it. ENOTFOUND as
// Visible, or for an article the draft does not have.
func (s *Service) Form(ctx context.Context, id int64, a *drafts.Account, num, sub int) (*Form, error) {
	o, err := s.visibleOverview(ctx, id, a)
	if err != nil {
		return nil, err
	}
	f := &Form{Overview: o, Label: drafts.ArticleRefLabel(num, sub)}
	if num > 0 {
		for _, art := range o.Version.Document.Articles {
			if art.Num == num && art.Sub == sub {
				f.Article = art
			}
		}
		if f.Article == nil {
			return nil, drafts.Errorf(drafts.ENOTFOUND, "该版本没有%s。", f.Label)
		}
	}
	return f, nil
}

// visibleOverview is the Overview of consultation id if account a may see
// it (Visible).
func (s *Service) visibleOverview(ctx context.Context, id int64, a *drafts.Account) (*Overview, error) {
	c, err := s.Visible(ctx, id, a)
	if err != nil {
		return nil, err
	}
	return s.Overview(ctx, c, a)
}
