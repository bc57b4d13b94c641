package server

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/diff"
	"lifa/drafts/docx"
	"lifa/drafts/store"
)

// opinionFilter reads the inbox filters from the query string. Numbers
// out of range are refused (EINVALID) rather than handed to the database,
// where a negative offset or an article past int32 failed on PostgreSQL.
func opinionFilter(c *gin.Context, versionID int64) (drafts.OpinionFilter, error) {
	f := drafts.OpinionFilter{VersionID: versionID, Source: drafts.Source(c.Query("source")), Status: c.Query("status"),
		Disposition: c.Query("disposition"), Query: c.Query("q")}
	ints := []struct {
		name     string
		dst      *int
		min, max int64
	}{
		{"article", &f.Article, -1, maxArticleNum},
		{"limit", &f.Limit, 0, 5000},
		{"offset", &f.Offset, 0, maxListOffset},
	}
	for _, p := range ints {
		n, err := queryInt(c, p.name, p.min, p.max)
		if err != nil {
			return f, err
		}
		*p.dst = int(n)
	}
	for name, dst := range map[string]*int64{"group": &f.GroupID, "contact_point": &f.ContactPointID, "consultation": &f.ConsultationID} {
		n, err := queryInt(c, name, 0, math.MaxInt64)
		if err != nil {
			return f, err
		}
		*dst = n
	}
	if f.Disposition != "" && f.Disposition != "none" {
		if _, err := drafts.ParseDisposition(f.Disposition); err != nil {
			return f, err
		}
	}
	return f, nil
}

// maxListOffset bounds the offset of a listing; maxArticleNum the article
// numbers a filter may name (as drafts.Opinion.Normalize).
const (
	maxListOffset = 10_000_000
	maxArticleNum = 100000
)

// apiListOpinions is GET /api/v1/versions/{id}/opinions (staff).
func (s *Server) apiListOpinions(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	f, err := opinionFilter(c, id)
	if err != nil {
		return err
	}
	list, total, err := s.store.Opinions(c.Request.Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*drafts.Opinion{}
	}
	c.JSON(http.StatusOK, gin.H{"opinions": list, "total": total})
	return nil
}

// answerRequest answers opinions by id or a whole group at once.
type answerRequest struct {
	IDs         []int64            `json:"ids"`
	Group       int64              `json:"group"`
	Disposition drafts.Disposition `json:"disposition"`
	Reason      string             `json:"reason"`
}

// answer resolves the ids (a group's members) and stores the answer.
func (s *Server) answer(c *gin.Context, in answerRequest) (int, error) {
	a, err := s.account(c)
	if err != nil {
		return 0, err
	}
	ids := in.IDs
	if in.Group != 0 {
		members, err := s.store.GroupMembers(c.Request.Context(), in.Group)
		if err != nil {
			return 0, err
		}
		ids = append(ids, members...)
	}
	return s.store.AnswerOpinions(c.Request.Context(), a.Name, ids, drafts.Answer{Disposition: in.Disposition, Reason: in.Reason})
}

// apiAnswerOpinions is POST /api/v1/opinions/answer (staff).
func (s *Server) apiAnswerOpinions(c *gin.Context) error {
	var in answerRequest
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	n, err := s.answer(c, in)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"answered": n})
	return nil
}

// apiModerateOpinions is POST /api/v1/opinions/moderate (staff):
// {"ids": […], "status": "published"|"hidden", "reason": …}.
func (s *Server) apiModerateOpinions(c *gin.Context) error {
	var in struct {
		IDs    []int64 `json:"ids"`
		Status string  `json:"status"`
		Reason string  `json:"reason"`
	}
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	n, err := s.store.ModerateOpinions(c.Request.Context(), s.actorName(c), in.IDs, in.Status, in.Reason)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"moderated": n})
	return nil
}

// apiRegroup is POST /api/v1/versions/{id}/opinions/regroup (staff):
// recomputes the groups of identical and near-identical opinions.
func (s *Server) apiRegroup(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	groups, err := s.store.RegroupOpinions(c.Request.Context(), id)
	if err != nil {
		return err
	}
	if groups == nil {
		groups = []drafts.OpinionGroup{}
	}
	c.JSON(http.StatusOK, gin.H{"groups": groups})
	return nil
}

// summaryRow is one article of the 意见汇总 with a representative opinion
// per group.
type summaryRow struct {
	*store.ArticleSummary
	Label           string            `json:"label"`
	Representatives []*drafts.Opinion `json:"representatives"`
}

// opinionSummary builds the per-article summary with one representative
// of each group (and every ungrouped opinion), hidden opinions excluded.
func (s *Server) opinionSummary(c *gin.Context, versionID int64) ([]summaryRow, error) {
	ctx := c.Request.Context()
	if err := s.regroup(ctx, versionID); err != nil {
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
	reps := map[[2]int][]*drafts.Opinion{}
	groupSize := map[int64]int{}
	for _, o := range ops {
		if o.GroupID != 0 {
			groupSize[o.GroupID]++
		}
	}
	for _, o := range ops {
		if o.Status == drafts.StatusHidden || (o.GroupID != 0 && o.GroupID != o.ID) {
			continue
		}
		k := [2]int{o.Article, o.ArticleSub}
		reps[k] = append(reps[k], o)
	}
	out := make([]summaryRow, 0, len(sums))
	for _, sm := range sums {
		out = append(out, summaryRow{ArticleSummary: sm, Label: drafts.ArticleRefLabel(sm.Article, sm.ArticleSub),
			Representatives: reps[[2]int{sm.Article, sm.ArticleSub}]})
	}
	return out, nil
}

// apiOpinionSummary is GET /api/v1/versions/{id}/opinions/summary (staff),
// as JSON, CSV (?format=csv) or a Word table (?format=docx).
func (s *Server) apiOpinionSummary(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	rows, err := s.opinionSummary(c, id)
	if err != nil {
		return err
	}
	switch c.DefaultQuery("format", "json") {
	case "json":
		c.JSON(http.StatusOK, gin.H{"articles": rows})
	case "csv":
		head := []string{"条文", "意见数"}
		for _, src := range drafts.Sources {
			head = append(head, src.Label())
		}
		head = append(head, "待处理")
		for _, d := range drafts.Dispositions {
			head = append(head, string(d))
		}
		head = append(head, "代表性意见")
		records := [][]string{head}
		for _, r := range rows {
			rec := []string{r.Label, strconv.Itoa(r.Total)}
			for _, src := range drafts.Sources {
				rec = append(rec, strconv.Itoa(r.BySource[string(src)]))
			}
			rec = append(rec, strconv.Itoa(r.ByDisposition[""]))
			for _, d := range drafts.Dispositions {
				rec = append(rec, strconv.Itoa(r.ByDisposition[string(d)]))
			}
			var texts []string
			for _, o := range r.Representatives {
				texts = append(texts, o.Text)
			}
			rec = append(rec, strings.Join(texts, "\n——\n"))
			records = append(records, rec)
		}
		// Cells that a spreadsheet would run as a formula are written as
		// text (drafts.SpreadsheetCell, applied to every cell).
		var b bytes.Buffer
		if err := drafts.WriteSpreadsheetCSV(&b, records); err != nil {
			return err
		}
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="opinions-%d.csv"`, id))
		c.Data(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
	case "docx":
		d := docx.New()
		d.Landscape = true
		d.Heading(1, "意见汇总")
		t := docx.Table{Widths: []int{2, 1, 4, 2, 4}, Header: []string{"条文", "意见数", "意见（每组一条代表性意见）", "处理结果", "理由"}}
		for _, r := range rows {
			for i, o := range r.Representatives {
				label, count := "", ""
				if i == 0 {
					label, count = r.Label, strconv.Itoa(r.Total)
				}
				t.Rows = append(t.Rows, []docx.Cell{docx.TextCell(docx.Plain(label)), docx.TextCell(docx.Plain(count)),
					docx.TextCell(docx.Plain(o.Text)), docx.TextCell(docx.Plain(o.Disposition.Label())),
					docx.TextCell(docx.Plain(o.Answer))})
			}
		}
		d.Table(t)
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="opinions-%d.docx"`, id))
		c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", d.Bytes())
	default:
		return drafts.Errorf(drafts.EINVALID, "format 应为 json、csv 或 docx。")
	}
	return nil
}

// heatCells counts published and pending opinions per article of the
// version, in the document's order.
func (s *Server) heatCells(c *gin.Context, versionID int64, href string) ([]drafts.HeatCell, error) {
	doc, err := s.versionDocument(c.Request.Context(), versionID)
	if err != nil {
		return nil, err
	}
	sums, err := s.store.OpinionSummary(c.Request.Context(), versionID)
	if err != nil {
		return nil, err
	}
	count := map[[2]int]int{}
	for _, sm := range sums {
		count[[2]int{sm.Article, sm.ArticleSub}] = sm.Total
	}
	cells := make([]drafts.HeatCell, 0, len(doc.Articles))
	for _, a := range doc.Articles {
		anchor := fmt.Sprintf("art-%d", a.Num)
		if a.Sub > 0 {
			anchor += fmt.Sprintf("-%d", a.Sub)
		}
		cells = append(cells, drafts.HeatCell{Article: a.Num, ArticleSub: a.Sub, Count: count[[2]int{a.Num, a.Sub}],
			Href: href + "#" + anchor})
	}
	return cells, nil
}

// apiHeatMap is GET /api/v1/versions/{id}/opinions/heatmap.svg: opinions
// per article drawn as an SVG grid (hidden opinions not counted).
func (s *Server) apiHeatMap(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	a, err := s.account(c)
	if err != nil {
		return err
	}
	// Per-article counts only for who may see every consultation on the
	// version (versionStats).
	if _, all, err := s.versionStats(c.Request.Context(), id, a); err != nil {
		return err
	} else if !all {
		return drafts.Errorf(drafts.ENOTFOUND, "该版本的各条意见数不公开。")
	}
	cells, err := s.heatCells(c, id, fmt.Sprintf("/versions/%d", id))
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "image/svg+xml; charset=utf-8", []byte(drafts.HeatMapSVG(cells, 20)))
	return nil
}

// followView says where an opinion's article went in a later version.
type followView struct {
	OpinionID int64           `json:"opinion_id"`
	Article   string          `json:"article"`
	Kind      string          `json:"kind"` // unchanged, renumbered, modified, moved, split, merged, deleted, whole
	New       []diff.Ref      `json:"new"`
	Changed   bool            `json:"changed"`
	Diff      []diff.Op       `json:"diff,omitempty"`
	Opinion   *drafts.Opinion `json:"opinion,omitempty"`
}

// follow aligns version from with version to and says, for each opinion,
// where its article went and whether its text changed; with unchangedOnly,
// only the opinions whose article was not changed.
func (s *Server) follow(c *gin.Context, from, to int64, ops []*drafts.Opinion, unchangedOnly bool) ([]followView, error) {
	cmp, err := s.compareVersions(c, from, to) // shared with the 对照表 pages' cache
	if err != nil {
		return nil, err
	}
	where := map[[2]int]*diff.Change{}
	for i := range cmp.Changes {
		ch := &cmp.Changes[i]
		for _, r := range ch.Old {
			where[[2]int{r.Num, r.Sub}] = ch
		}
	}
	out := make([]followView, 0, len(ops))
	for _, o := range ops {
		v := followView{OpinionID: o.ID, Article: o.ArticleLabel(), Opinion: o}
		ch := where[[2]int{o.Article, o.ArticleSub}]
		switch {
		case o.Article == 0:
			v.Kind, v.Changed = "whole", true
		case ch == nil:
			v.Kind = "deleted"
			v.Changed = true
		default:
			v.Kind, v.New, v.Changed = string(ch.Kind), ch.New, ch.Changed()
			if ch.Changed() {
				v.Diff = ch.Diff
			}
		}
		if unchangedOnly && v.Changed {
			continue
		}
		out = append(out, v)
	}
	return out, nil
}

// apiFollowOpinions is GET /api/v1/versions/{id}/opinions/follow?to=N
// (staff): each opinion on version id with where its article went in
// version N; ?unchanged=true lists only opinions whose article was not
// changed.
func (s *Server) apiFollowOpinions(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	to, err := strconv.ParseInt(c.Query("to"), 10, 64)
	if err != nil || to <= 0 {
		return drafts.Errorf(drafts.EINVALID, "请用 to 参数指定后一版本。")
	}
	f, err := opinionFilter(c, id)
	if err != nil {
		return err
	}
	f.Limit = 5000
	ops, _, err := s.store.Opinions(c.Request.Context(), f)
	if err != nil {
		return err
	}
	views, err := s.follow(c, id, to, ops, c.Query("unchanged") == "true")
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"from": id, "to": to, "opinions": views})
	return nil
}
