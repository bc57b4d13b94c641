package readings

import (
	"context"
	"path/filepath"
	"strings"

	"lifa/drafts"
)

// What the pages of a project show besides the project: its readings
// newest first with the one before each, the forms of the project, of a
// stage and of an upload with their defaults.

// Newest are the project's readings, newest first.
func (p *Project) Newest() []*drafts.Version {
	out := make([]*drafts.Version, len(p.Versions))
	for i, v := range p.Versions {
		out[len(out)-1-i] = v
	}
	return out
}

// PrevID maps each reading's id to the id of the reading before it, for
// the link to their comparison (对照表).
func (p *Project) PrevID() map[int64]int64 {
	m := map[int64]int64{}
	for i := 1; i < len(p.Versions); i++ {
		m[p.Versions[i].ID] = p.Versions[i-1].ID
	}
	return m
}

// Current is the stage of the latest reading, "" before the first.
func (p *Project) Current() string {
	if n := len(p.Versions); n > 0 {
		return p.Versions[n-1].Stage
	}
	return ""
}

// NextPosition is the position proposed for a stage added after stages.
func NextPosition(stages []drafts.Stage) int {
	if n := len(stages); n > 0 {
		return stages[n-1].Position + 10
	}
	return 10
}

// PastedName is the file name given to text pasted into the upload form.
const PastedName = "正文.txt"

// UploadForm is the form that uploads a reading of a project
// (versions/new.html).
type UploadForm struct {
	Regulation *drafts.Regulation
	Stages     []drafts.Stage
	Upload
	// Text is the pasted text, shown again when the upload was refused.
	Text  string
	Error string
}

// UploadForm is the upload form of regulation regulationID: empty, at the
// stage of its latest reading, or upload u refused for fail. ENOTFOUND
// for an unknown regulation.
func (s *Service) UploadForm(ctx context.Context, regulationID int64, u *Upload, fail error) (*UploadForm, error) {
	p, err := s.Project(ctx, regulationID)
	if err != nil {
		return nil, err
	}
	f := &UploadForm{Regulation: p.Regulation, Stages: p.Stages}
	if u == nil {
		f.Stage = p.Current()
		return f, nil
	}
	f.Upload, f.Error = *u, drafts.ErrorMessage(fail)
	if u.Filename == PastedName {
		f.Text = string(u.Data)
	}
	f.Data = nil
	return f, nil
}

// WithdrawnFor are the withdrawn readings (撤回) that the project page
// shows apart to account a: all of them to those who may edit
// regulations, none to anyone else.
func (p *Project) WithdrawnFor(a *drafts.Account) []*drafts.Version {
	if a.Can(drafts.PermEditRegulations) {
		return p.Withdrawn
	}
	return nil
}

// FirstLast are the labels of the first and last articles of the preview.
func (p *Preview) FirstLast() (first, last string) {
	if n := len(p.Document.Articles); n > 0 {
		return p.Document.Articles[0].Label, p.Document.Articles[n-1].Label
	}
	return "", ""
}

// ContentType is the media type of a reading's file named name.
func ContentType(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".md", ".markdown":
		return "text/markdown; charset=utf-8"
	}
	return "text/plain; charset=utf-8"
}
