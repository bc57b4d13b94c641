package search

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"lifa/drafts"
)

func TestSearch_Features(t *testing.T) {
	ctx := context.Background()
	s := loadSample(t)
	ix, _ := openTest(t, s.src)

	t.Run("all words must occur", func(t *testing.T) {
		a := total(t, ix, Request{Q: "停车"})
		b := total(t, ix, Request{Q: "罚款"})
		ab := total(t, ix, Request{Q: "停车 罚款"})
		if ab == 0 || ab >= a || ab >= b {
			t.Fatalf("停车 %d, 罚款 %d, both %d", a, b, ab)
		}
	})
	t.Run("OR and exclusion", func(t *testing.T) {
		a := total(t, ix, Request{Q: "罚款"})
		b := total(t, ix, Request{Q: "罚金"})
		both := total(t, ix, Request{Q: "罚款 罚金"})
		or := total(t, ix, Request{Q: "罚款 OR 罚金"})
		if or != a+b-both {
			t.Fatalf("OR: %d, want %d+%d-%d", or, a, b, both)
		}
		not := total(t, ix, Request{Q: "罚款 -罚金"})
		if not != a-both {
			t.Fatalf("-: %d, want %d-%d", not, a, both)
		}
	})
	t.Run("filters", func(t *testing.T) {
		all := total(t, ix, Request{Q: "应当", Scope: ScopeAll})
		reg := total(t, ix, Request{Q: "应当", Scope: ScopeAll, Regulation: s.parking})
		stage := total(t, ix, Request{Q: "应当", Scope: ScopeAll, Stage: "adopted"})
		com := total(t, ix, Request{Q: "应当", Scope: ScopeAll, Committee: "农业农村委"})
		date := total(t, ix, Request{Q: "应当", Scope: ScopeAll, From: "2021", To: "2021-12"})
		date2 := total(t, ix, Request{Q: "应当", Scope: ScopeAll, Regulation: s.parking, From: "2021-10-20", To: "2021-10-20"})
		if !(reg < all && stage < all && com < all && date < all && reg > 0 && stage > 0 && com > 0 && date > 0 && date2 == date) {
			t.Fatalf("all %d reg %d stage %d committee %d date %d/%d", all, reg, stage, com, date, date2)
		}
		// stage=adopted only has the two old parking versions; date 2021 only the 2021 one
		if stage <= date {
			t.Fatalf("stage %d date %d", stage, date)
		}
	})
	t.Run("facets and groups", func(t *testing.T) {
		res, err := ix.Search(ctx, Request{Q: "应当", Scope: ScopeAll})
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, g := range res.Groups {
			sum += g.Count
			if g.RegulationID == s.parking && g.RegulationTitle != "广州市停车场条例" {
				t.Errorf("group %+v", g)
			}
		}
		if uint64(sum) != res.Total || len(res.Groups) != 10 {
			t.Fatalf("groups %+v sum %d total %d", res.Groups, sum, res.Total)
		}
		var stages []string
		for _, f := range res.Facets["stage"] {
			stages = append(stages, f.Value)
		}
		if len(stages) != 3 || len(res.Facets["committee"]) != 5 || len(res.Facets["year"]) == 0 {
			t.Fatalf("facets %+v", res.Facets)
		}
		years := res.Facets["year"]
		if years[0].Value != "2025" {
			t.Fatalf("years not newest first: %+v", years)
		}
	})
	t.Run("pagination and sort", func(t *testing.T) {
		p1, _ := ix.Search(ctx, Request{Q: "罚款", Size: 5})
		p2, _ := ix.Search(ctx, Request{Q: "罚款", Size: 5, Page: 2})
		if len(p1.Hits) != 5 || len(p2.Hits) != 5 || p1.Pages != int((p1.Total+4)/5) {
			t.Fatalf("pages: %d %d of %d", len(p1.Hits), len(p2.Hits), p1.Pages)
		}
		for _, a := range p1.Hits {
			for _, b := range p2.Hits {
				if a.VersionID == b.VersionID && a.Article == b.Article {
					t.Fatalf("hit on both pages: %+v", a)
				}
			}
		}
		if p1.Hits[0].Score < p1.Hits[4].Score || p1.Hits[4].Score < p2.Hits[0].Score {
			t.Fatalf("not by relevance")
		}
		d, _ := ix.Search(ctx, Request{Q: "罚款", Scope: ScopeAll, Sort: SortDate, Size: 100})
		for i := 1; i < len(d.Hits); i++ {
			if d.Hits[i].Date > d.Hits[i-1].Date {
				t.Fatalf("not by date: %s after %s", d.Hits[i].Date, d.Hits[i-1].Date)
			}
		}
	})
	t.Run("article reference", func(t *testing.T) {
		res, err := ix.Search(ctx, Request{Q: "停车场条例第十条"})
		if err != nil {
			t.Fatal(err)
		}
		h := res.Hits[0]
		if !h.Direct || h.RegulationID != s.parking || h.Article.Num != 10 || h.Article.Anchor != "art-10" || h.VersionID != s.parkingVer[2] {
			t.Fatalf("first hit %+v", h)
		}
		res, _ = ix.Search(ctx, Request{Q: "停车场条例 第１０条"})
		if h := res.Hits[0]; !h.Direct || h.RegulationID != s.parking || h.Article.Num != 10 {
			t.Fatalf("two words: first hit %+v", h)
		}
		res, _ = ix.Search(ctx, Request{Q: "第十条"})
		direct := 0
		for _, h := range res.Hits {
			if h.Direct {
				direct++
			}
		}
		if direct < 5 || !res.Hits[0].Direct {
			t.Fatalf("第十条: %d direct hits, first %+v", direct, res.Hits[0])
		}
	})
	t.Run("regulations by title", func(t *testing.T) {
		res, _ := ix.Search(ctx, Request{Q: "停车"})
		if len(res.Regulations) != 2 {
			t.Fatalf("regulations %+v", res.Regulations)
		}
	})
	t.Run("snippets marked", func(t *testing.T) {
		res, _ := ix.Search(ctx, Request{Q: "１万元", Scope: ScopeAll})
		if res.Total == 0 {
			t.Fatal("no hits")
		}
		for _, h := range res.Hits {
			if !strings.Contains(h.SnippetHTML, "<mark>") {
				t.Fatalf("no mark in %q", h.SnippetHTML)
			}
		}
	})
	t.Run("bad requests", func(t *testing.T) {
		for _, r := range []Request{{Q: ""}, {Q: "a", Scope: "x"}, {Q: "a", Sort: "x"}, {Q: "a", Size: 1000},
			{Q: "a", From: "2020/1/1"}, {Q: "a", From: "2022", To: "2021"}, {Q: "a", Page: 100000}} {
			_, err := ix.Search(ctx, r)
			if drafts.ErrorCode(err) != drafts.EINVALID {
				t.Errorf("%+v: %v", r, err)
			}
		}
	})
}

// TestSearch_Phrases checks exact phrase semantics with white space and
// single characters against tiny texts.
func TestSearch_Phrases(t *testing.T) {
	src := newTestStore(t)
	reg := src.addRegulation("测试条例", "")
	src.addVersion(reg, "draft", "", doc("甲乙丙丁", "甲乙\n丁戊", "甲\n乙", "ＡＢ　Ｃ", "罚"))
	ix, _ := openTest(t, src)
	for q, want := range map[string]uint64{
		`"甲乙 丁"`: 1, // not 甲乙丙丁
		`"乙 丁"`:  1,
		`"甲 乙"`:  1,
		"甲乙":     2,
		"甲":      3,
		"丁":      2,
		"罚":      1,
		`"ab c"`: 1,
		"ab":     1,
		`"b c"`:  1,
		"bc":     0,
		`"丙 丁"`:  0,
	} {
		if got := total(t, ix, Request{Q: q}); got != want {
			t.Errorf("%s: %d hits, want %d", q, got, want)
		}
	}
}

func TestRequestFromValues(t *testing.T) {
	v := url.Values{"q": {"罚款"}, "regulation": {"3"}, "page": {"2"}, "size": {"10"}, "scope": {"all"}, "sort": {"date"}, "from": {"2020"}}
	r, err := RequestFromValues(v)
	if err != nil || r.Regulation != 3 || r.Page != 2 || r.Size != 10 || r.Scope != ScopeAll || r.Sort != SortDate || r.From != "2020" {
		t.Fatalf("%+v %v", r, err)
	}
	for _, bad := range []url.Values{{"regulation": {"x"}}, {"page": {"-1"}}, {"scope": {"new"}}} {
		if _, err := RequestFromValues(bad); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("%v: %v", bad, err)
		}
	}
}

func TestSnippet(t *testing.T) {
	text := "停车场应当设置停车泊位。停车泊位不得挪作他用；违反的，处罚款。\n其他规定<b>。"
	tests := []struct {
		words []string
		want  string
	}{
		{[]string{"停车泊位"}, "停车场应当设置<mark>停车泊位</mark>。<mark>停车泊位</mark>不得挪作他用；…"},
		{[]string{"停车", "泊位"}, "<mark>停车</mark>场应当设置<mark>停车泊位</mark>。<mark>停车泊位</mark>不得挪作他用；…"},
		{[]string{"罚款"}, "…违反的，处<mark>罚款</mark>。…"},
		{[]string{"规定<b>"}, "…其他<mark>规定&lt;b&gt;</mark>。"},
		{[]string{"没有"}, "停车场应当设置停车泊位。停车泊位不得挪作他用；违反的，处罚款。\n其他规定&lt;b&gt;。"},
	}
	for _, tt := range tests {
		if got := Snippet(text, tt.words); got != tt.want {
			t.Errorf("Snippet(%v) =\n%q, want\n%q", tt.words, got, tt.want)
		}
	}
	// sentences separated only by a line break are not cut apart
	if got := Snippet("前句无关。\n湿地甲。\n湿地乙。\n后句。", []string{"湿地"}); got != "…<mark>湿地</mark>甲。\n<mark>湿地</mark>乙。…" {
		t.Errorf("got %q", got)
	}
	// full-width text found by a half-width word, across a line break
	if got := Snippet("处１万元以上\n10万元以下罚款", []string{"1万元", "上 10"}); got != "处<mark>１万元</mark>以<mark>上\n10</mark>万元以下罚款" {
		t.Errorf("got %q", got)
	}
	// a long sentence is cut around its mark
	long := strings.Repeat("甲", 300) + "罚款" + strings.Repeat("乙", 300)
	got := Snippet(long, []string{"罚款"})
	if !strings.HasPrefix(got, "…甲") || !strings.HasSuffix(got, "乙…") || len([]rune(got)) > 2*sentenceWindow+20 {
		t.Errorf("long: %q", got)
	}
}

func TestMarkHTML(t *testing.T) {
	if got := MarkHTML("a<停车>停车", []string{"停车"}); got != "a&lt;<mark>停车</mark>&gt;<mark>停车</mark>" {
		t.Errorf("got %q", got)
	}
}
