package reports

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"lifa/drafts"
	"lifa/drafts/cnum"
	"lifa/drafts/diff"
	"lifa/drafts/readings"
	"lifa/drafts/store"
)

// Config configures the reports workflows. The zero value gives the
// defaults.
type Config struct {
	// Now returns the current time (tests); default time.Now.
	Now func() time.Time
}

// Service runs the workflows of reports and feedback on one store, with
// the comparisons of the readings workflows (shared, cached). Create it
// with New; it is safe for concurrent use.
type Service struct {
	store    *store.Store
	readings *readings.Service
	now      func() time.Time
}

// New returns the reports workflows on st; rd provides the comparisons.
func New(st *store.Store, rd *readings.Service, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{store: st, readings: rd, now: cfg.Now}
}

// Pair is two readings of one regulation and their comparison, as a
// report sees them. From and To are without their Documents.
type Pair struct {
	Regulation *drafts.Regulation `json:"regulation"`
	From       *drafts.Version    `json:"from"`
	To         *drafts.Version    `json:"to"`
	// Comparison is shared with other requests: read it, never change it.
	Comparison *diff.Comparison `json:"-"`
}

// pair compares readings from and to of regulation regulationID (0 as
// readings.Service.Compare takes it). EINVALID when from is not earlier
// than to; ENOTFOUND as Compare.
func (s *Service) pair(ctx context.Context, regulationID, from, to int64) (*Pair, error) {
	c, err := s.readings.Compare(ctx, regulationID, from, to)
	if err != nil {
		return nil, err
	}
	if c.From.Seq >= c.To.Seq {
		return nil, drafts.Errorf(drafts.EINVALID, "报告比较的前一稿（%s）应早于后一稿（%s）。", c.From.StageName, c.To.StageName)
	}
	f, t := *c.From, *c.To
	f.Document, t.Document = nil, nil
	return &Pair{Regulation: c.Regulation, From: &f, To: &t, Comparison: c.Cmp}, nil
}

// Drafted is a report drafted from the data, not saved, with its readings.
type Drafted struct {
	*Draft
	Pair
}

// Draft drafts the report on reading to of regulation regulationID
// compared with reading from (0: the latest reading and the one before
// it), without saving it. kind "" chooses by the later reading's stage.
// EINVALID for readings in the wrong order or an unknown kind, ENOTFOUND
// for an unknown regulation or reading.
func (s *Service) Draft(ctx context.Context, regulationID, from, to int64, kind drafts.ReportKind) (*Drafted, error) {
	if kind != "" {
		if _, err := drafts.ParseReportKind(string(kind)); err != nil {
			return nil, err
		}
	}
	p, err := s.pair(ctx, regulationID, from, to)
	if err != nil {
		return nil, err
	}
	rec, err := s.store.ReadingRecord(ctx, p.From.ID)
	if err != nil {
		return nil, err
	}
	d := DraftReport(&Input{Regulation: p.Regulation, From: p.From, To: p.To, Kind: kind, Comparison: p.Comparison,
		Record: rec, Now: s.now()})
	return &Drafted{Draft: d, Pair: *p}, nil
}

// Report is a saved report with one of its revisions and what the editor
// shows around it.
type Report struct {
	*drafts.Report
	Pair
	Revision *drafts.ReportRevision `json:"revision"`
	Content  *Content               `json:"content"`
	// Opinions are the answered opinions on the earlier reading (hidden
	// ones excluded), by article: those a section may name.
	Opinions []OpinionRef `json:"opinions"`
	// Problems are what staff should look at before marking the revision
	// final: an opinion in two sections, an adopted opinion in none, an
	// opinion named that was not adopted, text still to be completed.
	Problems []string `json:"problems"`
	// History lists the revisions, newest first, without their content.
	History []*drafts.ReportRevision `json:"history"`
}

// OpinionRef is an opinion as the report editor lists it: no personal
// data.
type OpinionRef struct {
	ID           int64              `json:"id"`
	Article      string             `json:"article"`
	Source       string             `json:"source"`
	ContactPoint string             `json:"contact_point,omitempty"`
	Disposition  drafts.Disposition `json:"disposition"`
	Text         string             `json:"text"`
	Answer       string             `json:"answer"`
}

// Create drafts the report on reading to compared with reading from (see
// Draft) and saves it as the first revision. ECONFLICT when the two
// readings have a report already.
func (s *Service) Create(ctx context.Context, actor string, regulationID, from, to int64, kind drafts.ReportKind) (*Report, error) {
	d, err := s.Draft(ctx, regulationID, from, to, kind)
	if err != nil {
		return nil, err
	}
	r := &drafts.Report{RegulationID: d.Regulation.ID, FromVersionID: d.From.ID, ToVersionID: d.To.ID,
		Kind: d.Content.Kind, Title: d.Content.Title}
	if err := s.store.CreateReport(ctx, actor, r, d.Content.encode(), "起草"); err != nil {
		return nil, err
	}
	return s.Open(ctx, r.ID, 1)
}

// Open returns report id at revision seq (0: the latest). ENOTFOUND for
// an unknown report or revision.
func (s *Service) Open(ctx context.Context, id int64, seq int) (*Report, error) {
	r, err := s.store.Report(ctx, id)
	if err != nil {
		return nil, err
	}
	rv, err := s.store.ReportRevision(ctx, id, seq)
	if err != nil {
		return nil, err
	}
	c, err := decodeContent(rv.Content)
	if err != nil {
		return nil, err
	}
	p, err := s.pair(ctx, r.RegulationID, r.FromVersionID, r.ToVersionID)
	if err != nil {
		return nil, err
	}
	rec, err := s.store.ReadingRecord(ctx, r.FromVersionID)
	if err != nil {
		return nil, err
	}
	hist, err := s.store.ReportRevisions(ctx, id)
	if err != nil {
		return nil, err
	}
	return &Report{Report: r, Pair: *p, Revision: rv, Content: c, Opinions: opinionRefs(rec),
		Problems: nonNil(problems(c, rec)), History: hist}, nil
}

// opinionRefs lists the answered opinions of a record, by article.
func opinionRefs(rec *store.ReadingRecord) []OpinionRef {
	names := map[int64]string{}
	for _, cp := range rec.ContactPoints {
		names[cp.ID] = cp.Name
	}
	ops := make([]*drafts.Opinion, 0, len(rec.Opinions))
	for _, o := range rec.Opinions {
		if o.Status != drafts.StatusHidden && o.Disposition != drafts.DispositionNone {
			ops = append(ops, o)
		}
	}
	sort.SliceStable(ops, func(i, j int) bool {
		a, b := ops[i], ops[j]
		return a.Article < b.Article || a.Article == b.Article && a.ArticleSub < b.ArticleSub
	})
	out := make([]OpinionRef, len(ops))
	for i, o := range ops {
		out[i] = OpinionRef{ID: o.ID, Article: o.ArticleLabel(), Source: o.Source.Label(),
			ContactPoint: names[o.ContactPointID], Disposition: o.Disposition, Text: o.Text, Answer: o.Answer}
	}
	return out
}

// problems lists what staff should look at in a report's content.
func problems(c *Content, rec *store.ReadingRecord) []string {
	byID := map[int64]*drafts.Opinion{}
	for _, o := range rec.Opinions {
		byID[o.ID] = o
	}
	var out []string
	places := c.Placements()
	ids := make([]int64, 0, len(places))
	for id := range places {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		ps := places[id]
		o := byID[id]
		switch {
		case o == nil || o.Status == drafts.StatusHidden:
			out = append(out, fmt.Sprintf("意见 %d 不是对%s的有效意见。", id, "前一稿"))
		case len(ps) > 1:
			nums := make([]string, len(ps))
			for i, p := range ps {
				nums[i] = "第" + cnum.Format(p.Section+1) + "部分"
			}
			out = append(out, fmt.Sprintf("意见 %d 同时列于%s。", id, strings.Join(nums, "、")))
		case !placeable(o.Disposition):
			out = append(out, fmt.Sprintf("意见 %d 的处理结果是“%s”，却列在第%s部分。", id, o.Disposition.Label(), cnum.Format(ps[0].Section+1)))
		}
	}
	for _, o := range rec.Opinions {
		if o.Status != drafts.StatusHidden && adopted(o.Disposition) && places[o.ID] == nil {
			out = append(out, fmt.Sprintf("意见 %d（%s，%s）未列入任何部分。", o.ID, o.ArticleLabel(), o.Disposition))
		}
	}
	if strings.Contains(c.Opening, "××") {
		out = append(out, "开头尚有“××”待填写。")
	}
	for i, s := range c.Sections {
		if strings.Contains(s.Text+s.Conclusion, "……”") || strings.HasSuffix(s.Conclusion, "……") {
			out = append(out, fmt.Sprintf("第%s部分尚有“……”待补充。", cnum.Format(i+1)))
		}
	}
	return out
}

// Save saves edit as the next revision of report id, made from revision
// base: the text fields, and the sections in their new order (a section
// of base left out is removed; one with a new id is staff's own, without
// changes of the comparison). EINVALID for content that cannot be
// accepted (see Content.Normalize) or naming an opinion that is not on
// the earlier reading; ECONFLICT when another revision was saved since
// base; ENOTFOUND for an unknown report or revision.
func (s *Service) Save(ctx context.Context, actor string, id int64, base int, edit Edit, note string) (*Report, error) {
	r, err := s.store.Report(ctx, id)
	if err != nil {
		return nil, err
	}
	rv, err := s.store.ReportRevision(ctx, id, max(base, 1))
	if err != nil {
		return nil, err
	}
	old, err := decodeContent(rv.Content)
	if err != nil {
		return nil, err
	}
	c := edit.apply(r.Kind, old)
	if err := c.Normalize(); err != nil {
		return nil, err
	}
	rec, err := s.store.ReadingRecord(ctx, r.FromVersionID)
	if err != nil {
		return nil, err
	}
	on := map[int64]bool{}
	for _, o := range rec.Opinions {
		on[o.ID] = o.Status != drafts.StatusHidden
	}
	for i, sec := range c.Sections {
		for _, oid := range sec.Opinions {
			if !on[oid] {
				return nil, drafts.Errorf(drafts.EINVALID, "第 %d 部分关联的意见 %d 不是对前一稿的意见。", i+1, oid)
			}
		}
	}
	note = strings.TrimSpace(note)
	if note == "" {
		note = "编辑"
	}
	if _, err := s.store.SaveReportRevision(ctx, actor, id, base, c.Title, c.encode(), note); err != nil {
		return nil, err
	}
	return s.Open(ctx, id, 0)
}

// Redraft drafts report id anew from the data as they are now (answers
// given since, for example) and saves the draft as its next revision,
// edited from revision base. Errors as Save.
func (s *Service) Redraft(ctx context.Context, actor string, id int64, base int) (*Report, error) {
	r, err := s.store.Report(ctx, id)
	if err != nil {
		return nil, err
	}
	d, err := s.Draft(ctx, r.RegulationID, r.FromVersionID, r.ToVersionID, r.Kind)
	if err != nil {
		return nil, err
	}
	if _, err := s.store.SaveReportRevision(ctx, actor, id, base, d.Content.Title, d.Content.encode(), "重新起草"); err != nil {
		return nil, err
	}
	return s.Open(ctx, id, 0)
}

// Index is a regulation's reports with its readings (to start a new one).
type Index struct {
	Regulation *drafts.Regulation `json:"regulation"`
	// Versions are the readings, oldest first, without Documents.
	Versions []*drafts.Version `json:"-"`
	// Reports are newest first.
	Reports []*drafts.Report `json:"reports"`
}

// List returns the reports of regulation regulationID, newest first, with
// its readings. ENOTFOUND for an unknown regulation.
func (s *Service) List(ctx context.Context, regulationID int64) (*Index, error) {
	p, err := s.readings.Project(ctx, regulationID)
	if err != nil {
		return nil, err
	}
	list, err := s.store.Reports(ctx, regulationID)
	if err != nil {
		return nil, err
	}
	return &Index{Regulation: p.Regulation, Versions: p.Versions, Reports: nonNil(list)}, nil
}

// Revisions lists the revisions of report id, newest first. ENOTFOUND.
func (s *Service) Revisions(ctx context.Context, id int64) ([]*drafts.ReportRevision, error) {
	return s.store.ReportRevisions(ctx, id)
}

// MarkFinal marks revision seq of report id as final (定稿). ENOTFOUND for
// an unknown report or revision.
func (s *Service) MarkFinal(ctx context.Context, actor string, id int64, seq int) (*drafts.Report, error) {
	return s.store.MarkReportFinal(ctx, actor, id, seq)
}

// nonNil returns list, or an empty list for nil (JSON [] rather than null).
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
