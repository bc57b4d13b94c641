package search

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"lifa/drafts"
)

func TestResultsPage_SetResult(t *testing.T) {
	s := loadSample(t)
	ix, _ := openTest(t, s.src)
	q := url.Values{"q": {"应当"}, "scope": {"all"}, "stage": {"adopted"}, "page": {"2"}}
	r, err := RequestFromValues(q)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	p := NewResultsPage([]drafts.Stage{{Code: "adopted", Name: "通过稿"}})
	p.Request = r
	p.SetResult(res, q)

	if len(p.HitGroups) == 0 || len(p.HitGroups[0].Hits) == 0 {
		t.Fatalf("no hits grouped: %+v", p.HitGroups)
	}
	h := p.HitGroups[0].Hits[0]
	if !strings.HasPrefix(h.Link, "/versions/") || !strings.Contains(h.Link, "hl=") || p.HitGroups[0].Count == 0 {
		t.Errorf("first hit: link %q, group count %d", h.Link, p.HitGroups[0].Count)
	}
	if len(p.Filters) != 1 || p.Filters[0].Label != "阶段：通过稿" || p.Filters[0].Link != "/search?q=%E5%BA%94%E5%BD%93&scope=all" {
		t.Errorf("filters = %+v", p.Filters)
	}
	active := 0
	for _, f := range p.Stages {
		if f.Active {
			active++
			if f.Label != "通过稿" {
				t.Errorf("active stage facet %+v", f)
			}
		}
	}
	if active != 1 {
		t.Errorf("stage facets %+v", p.Stages)
	}
	if p.ScopeLink != "/search?q=%E5%BA%94%E5%BD%93&stage=adopted" || !strings.Contains(p.SortLink, "sort=date") {
		t.Errorf("scope %q, sort %q", p.ScopeLink, p.SortLink)
	}
	if res.Pages > 1 && (p.Prev != "/search?q=%E5%BA%94%E5%BD%93&scope=all&stage=adopted" || len(p.Pages) == 0 || !p.Pages[1].Current) {
		t.Errorf("prev %q, pages %+v", p.Prev, p.Pages)
	}
}

func TestOpinionInboxLink(t *testing.T) {
	for _, tt := range []struct {
		hit  Hit
		want string
	}{
		{Hit{VersionID: 3, OpinionID: 7, Article: Article{Num: 12}}, "/staff/opinions?article=12&opinion=7&version=3#op-7"},
		{Hit{VersionID: 3, OpinionID: 8}, "/staff/opinions?article=-1&opinion=8&version=3#op-8"},
	} {
		if got := opinionInboxLink(tt.hit); got != tt.want {
			t.Errorf("opinionInboxLink(%+v) = %q, want %q", tt.hit, got, tt.want)
		}
	}
}

func TestSimilarPageRequest(t *testing.T) {
	for _, tt := range []struct {
		query string
		panel bool
		limit int
	}{
		{"", false, DefaultSimilarLimit},
		{"", true, PanelLimit},
		{"limit=8", true, 8},
	} {
		v, _ := url.ParseQuery(tt.query)
		req, err := SimilarPageRequest(v, tt.panel)
		if err != nil || req.Limit != tt.limit {
			t.Errorf("SimilarPageRequest(%q, %t) = limit %d, %v; want %d", tt.query, tt.panel, req.Limit, err, tt.limit)
		}
	}
	if _, err := SimilarPageRequest(url.Values{"level": {"宪法"}}, false); drafts.ErrorCode(err) != drafts.EINVALID {
		t.Errorf("unknown level: %v", err)
	}
}

func TestNewSimilarPage(t *testing.T) {
	req := SimilarRequest{VersionID: 4, ArticleNum: 10, ArticleSub: 1, Levels: []drafts.Level{drafts.Levels[0]}}
	p := NewSimilarPage(req, false, true, "4", "第十条之一", "same=1")
	if p.Page != "/versions/4/articles/%E7%AC%AC%E5%8D%81%E6%9D%A1%E4%B9%8B%E4%B8%80/similar" || p.Other != p.Page+"?basis=1" ||
		p.More != p.Page+"?same=1" || p.Article != "/versions/4#art-10-1" {
		t.Errorf("links: page %q other %q more %q article %q", p.Page, p.Other, p.More, p.Article)
	}
	if len(p.Levels) != len(drafts.Levels) || !p.Levels[0].Checked || p.Levels[1].Checked {
		t.Errorf("levels %+v", p.Levels)
	}
	p.SetResult(&SimilarResult{Hits: []SimilarHit{{VersionID: 9, Article: Article{Num: 3, Sub: 2, Anchor: "art-3-2"}, Reason: "cited"}}})
	h := p.Hits[0]
	if h.Link != "/versions/9#art-3-2" || h.Why != "条文引用" ||
		h.Beside != "/versions/4/articles/%E7%AC%AC%E5%8D%81%E6%9D%A1%E4%B9%8B%E4%B8%80/beside/9/3-2" {
		t.Errorf("hit %+v", h)
	}
	if b := NewSimilarPage(req, true, false, "4", "10-1", ""); b.Other != "/versions/4/articles/10-1/similar" || b.More != "" {
		t.Errorf("basis page: other %q more %q", b.Other, b.More)
	}
	for _, tc := range []struct {
		basis bool
		query SimilarQuery
		want  string
	}{
		{false, SimilarQuery{}, "类似规定"},
		{true, SimilarQuery{}, "上位法依据"},
		{false, SimilarQuery{RegulationTitle: "湿地条例", Article: &Article{Label: "第十条之一"}}, "湿地条例第十条之一 类似规定"},
	} {
		p := NewSimilarPage(req, tc.basis, false, "4", "10-1", "")
		p.SetResult(&SimilarResult{Query: tc.query})
		if got := p.Title(); got != tc.want {
			t.Errorf("Title() = %q, want %q", got, tc.want)
		}
	}
}
