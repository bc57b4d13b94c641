package readings

import (
	"context"

	"lifa/drafts"
)

// ApplyPage is what the page that applies a decision to a reading shows:
// the form, then the report of every item (versions/apply.html).
type ApplyPage struct {
	Regulation *drafts.Regulation
	Version    *drafts.Version // the base, without Document
	Base       string          // its name: 第 1 版 一审稿 2024-01-02
	Stages     []drafts.Stage
	// In is the form as typed; its stage is the base's and its date the
	// decision's adoption until the person says otherwise.
	In DecisionUpload
	// Result is the report, nil on the form.
	Result *AppliedDecision
	// Error is why the decision was refused, to show on the form.
	Error string
}

// ApplyPage is the page applying decision in (reported as res, nil
// before it is read) to reading versionID, refused for fail (nil when it
// was not). ENOTFOUND for an unknown reading.
func (s *Service) ApplyPage(ctx context.Context, versionID int64, in DecisionUpload, res *AppliedDecision, fail error) (*ApplyPage, error) {
	v, err := s.store.Version(ctx, versionID)
	if err != nil {
		return nil, err
	}
	p, err := s.Project(ctx, v.RegulationID)
	if err != nil {
		return nil, err
	}
	if in.Stage == "" {
		in.Stage = v.Stage
	}
	in.Data = nil
	if in.Date == "" && res != nil {
		in.Date = res.AdoptedDate()
	}
	d := &ApplyPage{Regulation: p.Regulation, Version: withoutDocument(v), Base: VersionName(v), Stages: p.Stages, In: in, Result: res}
	if fail != nil {
		d.Error = drafts.ErrorMessage(fail)
	}
	return d, nil
}

// Title is the page's title: the form's, or the report's.
func (p *ApplyPage) Title() string {
	if p.Result != nil {
		return "修改决定适用情况"
	}
	return "依修改决定生成修正文本"
}
