package consultations

import (
	"context"
	"fmt"
	"sort"
	"time"

	"lifa/drafts"
	"lifa/drafts/store"
)

// SummaryRow is one article of the 意见汇总: the counts by source and by
// disposition, with one representative opinion per group of
// near-identical opinions (and every opinion in no group).
type SummaryRow struct {
	*store.ArticleSummary
	Label           string            `json:"label"`
	Representatives []*drafts.Opinion `json:"representatives"`
}

// Summary is the 意见汇总 of a version's opinions, hidden ones excluded.
type Summary struct {
	Regulation *drafts.Regulation
	// Version is without its Document.
	Version *drafts.Version
	// Consultations are the version's, oldest first: who was asked and
	// when.
	Consultations []*drafts.Consultation
	Rows          []SummaryRow
	Stats         drafts.OpinionStats
	// At is when the summary was made (its date heads the exports).
	At time.Time
}

// Title is the summary's title: 《广州市湿地保护规定》一审稿意见汇总.
func (sm *Summary) Title() string {
	return "《" + sm.Regulation.Title + "》" + sm.Version.Name() + "意见汇总"
}

// Periods says who was asked and when, one line per consultation:
// 征求意见：社会公众，2026年11月1日至2026年12月1日.
func (sm *Summary) Periods() []string {
	var out []string
	for _, c := range sm.Consultations {
		line := "征求意见：" + c.Audience.Label()
		if c.Title != "" {
			line = "征求意见：" + c.Title + "（" + c.Audience.Label() + "）"
		}
		out = append(out, line+"，"+drafts.FormatDate(c.OpensAt)+"至"+drafts.FormatDate(c.ClosesAt))
	}
	if len(out) == 0 {
		out = append(out, "征求意见：无")
	}
	return out
}

// AsOf is the line under the periods, written as documents write
// figures: 截至2026年12月6日，共收到12人次提出的13条意见（…）.
func (sm *Summary) AsOf() string {
	return fmt.Sprintf("截至%s，共收到%d人次提出的%d条意见（不含已屏蔽的意见）。", drafts.FormatDate(sm.At), sm.Stats.People, sm.Stats.Opinions)
}

// FileName is the name of an export of the summary, in Chinese:
// 广州市湿地保护规定-一审稿-意见汇总-2026-12-06.docx for ext "docx".
func (sm *Summary) FileName(ext string) string {
	return sm.Regulation.Title + "-" + sm.Version.Name() + "-意见汇总-" + sm.At.In(drafts.ChinaTime).Format("2006-01-02") + "." + ext
}

// Summary returns the opinion summary of a version, regrouping its
// opinions first when new ones arrived. ENOTFOUND for an unknown version.
func (s *Service) Summary(ctx context.Context, versionID int64) (*Summary, error) {
	v, err := s.store.Version(ctx, versionID)
	if err != nil {
		return nil, err
	}
	r, err := s.store.Regulation(ctx, v.RegulationID)
	if err != nil {
		return nil, err
	}
	if err := s.regroupIfNew(ctx, versionID); err != nil {
		return nil, err
	}
	sums, err := s.store.OpinionSummary(ctx, versionID)
	if err != nil {
		return nil, err
	}
	ops, _, err := s.store.Opinions(ctx, drafts.OpinionFilter{VersionID: versionID, Limit: 5000})
	if err != nil {
		return nil, err
	}
	st, err := s.store.OpinionStats(ctx, versionID)
	if err != nil {
		return nil, err
	}
	cons, err := s.store.Consultations(ctx, store.ConsultationFilter{VersionID: versionID})
	if err != nil {
		return nil, err
	}
	sort.Slice(cons, func(i, j int) bool { return cons[i].OpensAt.Before(cons[j].OpensAt) })
	reps := map[[2]int][]*drafts.Opinion{}
	for _, o := range ops {
		if o.Status == drafts.StatusHidden || (o.GroupID != 0 && o.GroupID != o.ID) {
			continue
		}
		k := [2]int{o.Article, o.ArticleSub}
		reps[k] = append(reps[k], o)
	}
	rows := make([]SummaryRow, 0, len(sums))
	for _, sm := range sums {
		rows = append(rows, SummaryRow{ArticleSummary: sm, Label: drafts.ArticleRefLabel(sm.Article, sm.ArticleSub),
			Representatives: reps[[2]int{sm.Article, sm.ArticleSub}]})
	}
	cp := *v
	cp.Document = nil
	return &Summary{Regulation: r, Version: &cp, Consultations: cons, Rows: rows, Stats: st, At: s.Now()}, nil
}

// ArticleCount is how many opinions (hidden ones excluded) one article of
// a version has.
type ArticleCount struct {
	Article *drafts.Article
	Count   int
}

// ArticleCounts returns the opinions per article of a version, every
// article in the text's order (for the heat map).
func (s *Service) ArticleCounts(ctx context.Context, versionID int64) ([]ArticleCount, error) {
	v, err := s.store.Version(ctx, versionID)
	if err != nil {
		return nil, err
	}
	sums, err := s.store.OpinionSummary(ctx, versionID)
	if err != nil {
		return nil, err
	}
	count := map[[2]int]int{}
	for _, sm := range sums {
		count[[2]int{sm.Article, sm.ArticleSub}] = sm.Total
	}
	out := make([]ArticleCount, 0, len(v.Document.Articles))
	for _, a := range v.Document.Articles {
		out = append(out, ArticleCount{Article: a, Count: count[[2]int{a.Num, a.Sub}]})
	}
	return out, nil
}
