package search

import (
	"context"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/diff"
	"lifa/drafts/parse"
)

// TestLCS checks the bit-parallel LCS against the textbook dynamic
// programme on random texts of a small alphabet, across word boundaries.
func TestLCS(t *testing.T) {
	dp := func(a, b []rune) int {
		prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
		for i := range a {
			for j := range b {
				switch {
				case a[i] == b[j]:
					cur[j+1] = prev[j] + 1
				case prev[j+1] > cur[j]:
					cur[j+1] = prev[j+1]
				default:
					cur[j+1] = cur[j]
				}
			}
			prev, cur = cur, prev
		}
		return prev[len(b)]
	}
	rng := rand.New(rand.NewPCG(7, 8))
	gen := func(n int) []rune {
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = []rune("停车场应当罚款。")[rng.IntN(8)]
		}
		return rs
	}
	for _, n := range []int{0, 1, 5, 63, 64, 65, 127, 128, 130, 300} {
		for k := 0; k < 20; k++ {
			a, b := gen(n), gen(rng.IntN(200))
			if got, want := newLCSMatcher(a).lcs(b), dp(a, b); got != want {
				t.Fatalf("lcs(%q, %q) = %d, want %d", string(a), string(b), got, want)
			}
		}
	}
	if s := newLCSMatcher([]rune("甲乙丙丁")).similarity([]rune("甲乙丙丁")); s != 1 {
		t.Errorf("equal texts: %v", s)
	}
	if s := newLCSMatcher([]rune("甲乙")).similarity([]rune("丙丁")); s != 0 {
		t.Errorf("nothing in common: %v", s)
	}
}

// similarCorpus is parking, wetland and library regulations of several
// cities and the national laws on wetlands and public libraries, copied
// from corpus/local (testdata/SOURCES.md), one regulation each.
func similarCorpus(t *testing.T) (*testStore, map[string]int64) {
	t.Helper()
	src := newTestStore(t)
	vers := map[string]int64{}
	for _, f := range []string{"gz-parking-2025.md", "bj-parking.md", "gz-wetland.md", "sh-waste.md", "bj-rivers.md",
		"similar/gz-library.md", "similar/bj-library.md", "similar/sh-library.md", "similar/national-library.md",
		"similar/bj-wetland.md", "similar/gd-wetland.md", "similar/national-wetland.md",
		"similar/jn-parking.md", "similar/nb-parking.md", "similar/zz-parking.md"} {
		d := parseFile(t, f)
		reg := src.addRegulation(d.Title, "")
		level, region := drafts.InferLevel(d.Title, d.Meta, d.Preamble)
		src.setLevel(reg, level, region)
		vers[f] = src.addVersion(reg, "promulgated", "", d)
	}
	return src, vers
}

// TestSimilar_Pairs: for articles of Guangzhou's parking, wetland and
// library regulations, the provision on the same matter in another city's
// regulation or in the national law comes first — pairs checked by hand.
func TestSimilar_Pairs(t *testing.T) {
	src, vers := similarCorpus(t)
	ix, _ := openTest(t, src)
	tests := []struct {
		file  string
		num   int
		title string
		want  int // article of the expected first hit
		what  string
	}{
		{"gz-parking-2025.md", 1, "济南市停车场建设和管理条例", 1, "purpose and basis in the road traffic safety law"},
		{"gz-parking-2025.md", 9, "郑州市停车场建设管理条例", 19, "support for private investment in public car parks"},
		{"gz-parking-2025.md", 17, "郑州市停车场建设管理条例", 27, "what drivers in a car park must do"},
		{"gz-parking-2025.md", 27, "郑州市停车场建设管理条例", 33, "what users of on-street parking must do"},
		{"gz-wetland.md", 1, "北京市湿地保护条例", 1, "purpose"},
		{"gz-wetland.md", 9, "广东省湿地保护条例", 14, "wetlands managed by grade"},
		{"gz-wetland.md", 10, "北京市湿地保护条例", 17, "the list of important wetlands"},
		{"gz-wetland.md", 32, "广东省湿地保护条例", 13, "target responsibility for wetland protection"},
		{"gz-wetland.md", 34, "北京市湿地保护条例", 26, "water for wetland ecology"},
		{"similar/gz-library.md", 3, "中华人民共和国公共图书馆法", 2, "what a public library is"},
		{"similar/gz-library.md", 4, "上海市公共图书馆条例", 5, "the culture department in charge"},
		{"similar/gz-library.md", 5, "上海市公共图书馆条例", 4, "libraries in the development plan and budget"},
		{"similar/gz-library.md", 28, "北京市图书馆条例", 38, "protecting the collection: fire, theft, damp"},
	}
	for _, tt := range tests {
		res, err := ix.Similar(context.Background(), SimilarRequest{VersionID: vers[tt.file], ArticleNum: tt.num})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Errorf("%s 第%d条 (%s): no hits", tt.file, tt.num, tt.what)
			continue
		}
		h := res.Hits[0]
		if h.RegulationTitle != tt.title || h.Article.Num != tt.want {
			t.Errorf("%s 第%d条 (%s): first hit %s %s (%.2f), want %s 第%d条", tt.file, tt.num, tt.what,
				h.RegulationTitle, h.Article.Label, h.Similarity, tt.title, tt.want)
		}
	}
}

// TestSimilar checks what a hit carries and the request's filters.
func TestSimilar(t *testing.T) {
	ctx := context.Background()
	src, vers := similarCorpus(t)
	parking := src.regulationOf(vers["gz-parking-2025.md"])
	// two older readings of the Guangzhou parking regulation
	old := []int64{src.addVersion(parking, "adopted", "2018-04-20", parseFile(t, "gz-parking-2018.md")),
		src.addVersion(parking, "adopted", "2021-10-20", parseFile(t, "gz-parking-2021.md"))}
	latest := src.addVersion(parking, "first-reading", "2025-12-17", parseFile(t, "gz-parking-2025.md"))
	ix, _ := openTest(t, src)

	t.Run("hits", func(t *testing.T) {
		res, err := ix.Similar(ctx, SimilarRequest{VersionID: latest, ArticleNum: 27, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if res.Query.RegulationID != parking || res.Query.Article.Num != 27 || !strings.Contains(res.Query.Text, "道路停车泊位") {
			t.Fatalf("query %+v", res.Query)
		}
		if len(res.Hits) != 5 || res.Candidates < 5 {
			t.Fatalf("%d hits of %d candidates", len(res.Hits), res.Candidates)
		}
		for i, h := range res.Hits {
			if h.RegulationID == parking {
				t.Errorf("hit %d is in the query's own regulation", i)
			}
			if i > 0 && h.Score > res.Hits[i-1].Score {
				t.Errorf("hit %d scores %.3f after %.3f", i, h.Score, res.Hits[i-1].Score)
			}
			if h.Similarity <= 0 || h.Similarity > 1 || h.Score < h.Similarity || h.Text == "" || h.Article.Label == "" || h.Stage == "" {
				t.Errorf("hit %d: %+v", i, h)
			}
			// the diff turns the query's text into the hit's
			var from, to strings.Builder
			for _, op := range h.Diff {
				if op.Op != diff.OpInsert {
					from.WriteString(op.Text)
				}
				if op.Op != diff.OpDelete {
					to.WriteString(op.Text)
				}
			}
			if from.String() != res.Query.Text || to.String() != h.Text {
				t.Errorf("hit %d: the diff does not join up to the two texts", i)
			}
		}
	})
	t.Run("same regulation's readings", func(t *testing.T) {
		res, err := ix.Similar(ctx, SimilarRequest{VersionID: latest, ArticleNum: 10, Same: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, h := range res.Hits {
			if h.RegulationID == parking {
				got = append(got, h.VersionID)
			}
		}
		// 第十条 of 2025 merges 第十九条 and 第二十条 of both older readings
		if len(got) < 2 || slices.Contains(got, latest) || !slices.Contains(got, old[0]) || !slices.Contains(got, old[1]) {
			t.Fatalf("versions of the parking regulation among the hits: %v, want %v", got, old)
		}
	})
	t.Run("filters", func(t *testing.T) {
		for _, tt := range []struct {
			r  SimilarRequest
			ok func(SimilarHit) bool
		}{
			{SimilarRequest{Levels: []drafts.Level{drafts.LevelLaw}}, func(h SimilarHit) bool { return h.Level == drafts.LevelLaw }},
			{SimilarRequest{Region: "北京市"}, func(h SimilarHit) bool { return h.Region == "北京市" }},
			{SimilarRequest{Stage: "promulgated"}, func(h SimilarHit) bool { return h.Stage == "promulgated" }},
		} {
			r := tt.r
			r.VersionID, r.ArticleNum, r.Limit = vers["gz-wetland.md"], 1, 50
			res, err := ix.Similar(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				t.Errorf("%+v: no hits", tt.r)
			}
			for _, h := range res.Hits {
				if !tt.ok(h) {
					t.Errorf("%+v: hit %s %s (%s, %s, %s)", tt.r, h.RegulationTitle, h.Article.Label, h.Level, h.Region, h.Stage)
				}
			}
		}
	})
	t.Run("pasted text", func(t *testing.T) {
		res, err := ix.Similar(ctx, SimilarRequest{Text: "第一条　为了加强湿地保护，维护湿地生态功能，制定本条例。", Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if res.Query.Text != "为了加强湿地保护，维护湿地生态功能，制定本条例。" || len(res.Hits) != 3 {
			t.Fatalf("query %q, %d hits", res.Query.Text, len(res.Hits))
		}
		if !strings.Contains(res.Hits[0].RegulationTitle, "湿地") || res.Hits[0].Subject != 0 {
			t.Errorf("first hit %+v", res.Hits[0])
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, tt := range []struct {
			r    SimilarRequest
			code string
		}{
			{SimilarRequest{}, drafts.EINVALID},
			{SimilarRequest{VersionID: latest}, drafts.EINVALID},
			{SimilarRequest{VersionID: latest, ArticleNum: 1, Text: "甲"}, drafts.EINVALID},
			{SimilarRequest{VersionID: latest, ArticleNum: 1, Limit: MaxSimilarLimit + 1}, drafts.EINVALID},
			{SimilarRequest{VersionID: latest, ArticleNum: 1, Levels: []drafts.Level{"部门规章"}}, drafts.EINVALID},
			{SimilarRequest{Text: strings.Repeat("长", maxSimilarText+1)}, drafts.EINVALID},
			{SimilarRequest{VersionID: 9999, ArticleNum: 1}, drafts.ENOTFOUND},
			{SimilarRequest{VersionID: latest, ArticleNum: 500}, drafts.ENOTFOUND},
		} {
			if _, err := ix.Similar(ctx, tt.r); drafts.ErrorCode(err) != tt.code {
				t.Errorf("%+v: %v, want %s", tt.r, err, tt.code)
			}
		}
	})
}

func TestSimilarRequestFromValues(t *testing.T) {
	r, err := SimilarRequestFromValues(url.Values{"limit": {"5"}, "level": {"法律,行政法规"}, "region": {"广州市"}, "same": {"1"}, "stage": {"adopted"}})
	if err != nil || r.Limit != 5 || !slices.Equal(r.Levels, []drafts.Level{drafts.LevelLaw, drafts.LevelAdministrative}) ||
		r.Region != "广州市" || !r.Same || r.Stage != "adopted" {
		t.Fatalf("%+v %v", r, err)
	}
	if r, err := SimilarRequestFromValues(url.Values{}); err != nil || r.Limit != DefaultSimilarLimit {
		t.Fatalf("defaults: %+v %v", r, err)
	}
	for _, bad := range []url.Values{{"limit": {"x"}}, {"limit": {"1000"}}, {"level": {"省级"}}, {"same": {"yes"}}} {
		if _, err := SimilarRequestFromValues(bad); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("%v: %v", bad, err)
		}
	}
}

// TestSuperiorBasis: the article cited by name comes first, then articles
// of the law the regulation's 第一条 names, then the most similar national
// law; a cited law the index lacks is reported.
func TestSuperiorBasis(t *testing.T) {
	src := newTestStore(t)
	add := func(level drafts.Level, region, text string) int64 {
		d, err := parse.ParseString(text)
		if err != nil {
			t.Fatal(err)
		}
		reg := src.addRegulation(d.Title, "")
		src.setLevel(reg, level, region)
		return src.addVersion(reg, "promulgated", "", d)
	}
	add(drafts.LevelLaw, "", "中华人民共和国道路交通安全法\n"+
		"第一条　为了维护道路交通秩序，预防和减少交通事故，制定本法。\n"+
		"第二条　机动车应当在规定地点停放。禁止在人行道上停放机动车。\n"+
		"第三条　违反道路交通安全法律、法规关于机动车停放、临时停车规定的，可以指出违法行为，并予以口头警告，令其立即驶离。")
	add(drafts.LevelLaw, "", "中华人民共和国城乡规划法\n"+
		"第一条　为了加强城乡规划管理，制定本法。\n"+
		"第二条　城市新区开发和旧区改建应当配套建设停车场等公共服务设施，停车场应当与主体工程同步规划。")
	add(drafts.LevelAdministrative, "", "城市道路管理条例\n"+
		"第一条　为了加强城市道路管理，制定本条例。\n"+
		"第二条　未经公安机关交通管理部门批准，不得占用城市道路设置停车泊位；违反规定停放车辆的，由公安机关交通管理部门责令驶离。")
	add(drafts.LevelLocal, "北京市", "北京市机动车停车条例\n"+
		"第一条　为了加强停车管理，制定本条例。\n"+
		"第二条　在道路停车泊位以外停放机动车、影响交通的，由公安机关交通管理部门责令驶离，处二百元罚款。")
	local := add(drafts.LevelLocal, "广州市", "广州市停车场条例\n"+
		"第一条　为了加强停车场管理，根据《中华人民共和国城乡规划法》《中华人民共和国道路交通安全法》等法律、法规，结合本市实际，制定本条例。\n"+
		"第二条　在道路停车泊位以外停放机动车、妨碍通行的，由公安机关交通管理部门依照《中华人民共和国道路交通安全法》第三条和《广州市道路交通条例》的规定处理，责令驶离。")
	ix, _ := openTest(t, src)
	res, err := ix.SuperiorBasis(context.Background(), SimilarRequest{VersionID: local, ArticleNum: 2, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.Reason+" "+h.RegulationTitle+" "+h.Article.Label)
		if h.Reason == "similar" && !h.Level.National() {
			t.Errorf("a similar hit that is not national law: %+v", h)
		}
	}
	if len(got) < 4 || got[0] != "cited 中华人民共和国道路交通安全法 第三条" ||
		!strings.HasPrefix(got[1], "basis 中华人民共和国城乡规划法") || !slices.Contains(got, "similar 城市道路管理条例 第二条") {
		t.Fatalf("basis:\n%s", strings.Join(got, "\n"))
	}
	if !slices.Equal(res.Unresolved, []string{"广州市道路交通条例"}) {
		t.Errorf("unresolved %v", res.Unresolved)
	}
}

// TestSuperiorBasis_CitedArticleHasDiff: a cited article carries its
// diff like every other hit.
func TestSuperiorBasis_CitedArticleHasDiff(t *testing.T) {
	src := newTestStore(t)
	for _, text := range []string{
		"中华人民共和国道路交通安全法\n第一条　机动车应当在规定地点停放。",
		"广州市停车场条例\n第一条　依照《中华人民共和国道路交通安全法》第一条，机动车应当在停车场停放。",
	} {
		d, err := parse.ParseString(text)
		if err != nil {
			t.Fatal(err)
		}
		src.addVersion(src.addRegulation(d.Title, ""), "promulgated", "", d)
	}
	ix, _ := openTest(t, src)
	res, err := ix.SuperiorBasis(context.Background(), SimilarRequest{Text: "依照《中华人民共和国道路交通安全法》第一条，机动车应当在停车场停放。"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Reason != "cited" || len(res.Hits[0].Diff) == 0 {
		t.Fatalf("hits %+v", res.Hits)
	}
}
