package readings

import (
	"context"

	"lifa/drafts"
)

// PreviewPage is what versions/preview.html shows of an upload waiting for
// confirmation, but for its table of contents (web's layout): its
// regulation, the upload, its first and last articles and its top-level
// divisions.
type PreviewPage struct {
	Regulation *drafts.Regulation
	Pending    *Pending
	// First and Last are the first and last articles' labels.
	First, Last string
	// Chapters counts the top-level divisions, ChapterWord names them (章).
	Chapters    int
	ChapterWord drafts.DivisionLevel
}

// PreviewPage is the page of the upload actor keeps under token for
// regulation regulationID. Pending's and Project's errors (ENOTFOUND).
func (s *Service) PreviewPage(ctx context.Context, actor string, regulationID int64, token string) (*PreviewPage, error) {
	p, err := s.Pending(ctx, actor, regulationID, token)
	if err != nil {
		return nil, err
	}
	proj, err := s.Project(ctx, regulationID)
	if err != nil {
		return nil, err
	}
	d := &PreviewPage{Regulation: proj.Regulation, Pending: p, Chapters: len(p.Document.Chapters)}
	d.First, d.Last = p.FirstLast()
	if d.Chapters > 0 {
		d.ChapterWord = p.Document.Chapters[d.Chapters-1].Level
	}
	return d, nil
}
