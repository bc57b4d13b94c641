package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// legalTerms are hand-picked queries: legal terms of every frequency,
// one to twelve characters, with digits (half- and full-width) and Latin
// letters, and a few that occur nowhere. BenchmarkQueries asks them too.
var legalTerms = []string{
	"罚", "款", "法", "湿", "泊", "元", "。", "（", "2", "１", "k",
	"罚款", "停车", "泊位", "湿地", "应当", "处罚", "违反", "责令", "专利", "垃圾", "种子", "河湖", "防疫", "检疫", "娱乐",
	"停车场", "主管部门", "停车泊位", "湿地保护", "生活垃圾", "可回收物", "优先权", "责令改正", "没收违法所得",
	"县级以上人民政府", "公安机关交通管理部门", "违反本条例规定", "由城市管理综合执法部门", "处五千元以上五万元以下罚款",
	"第十条", "第二十三条", "第一百条", "本条例第十条", "本条例自", "之日起施行", "以下简称",
	"2个月", "２个月", "1万元", "１万元", "10万元", "万元以上", "5000元", "500元", "10月1日", "10月１日", "2013年",
	"pH值", "ph值", "ＰＨ值", "卡拉OK", "卡拉ok", "ＯＫ", "DNA", "dna", "IC卡", "ic", "OK厅",
	"（一）", "（三）", "；", "、", "第一章", "总则",
	"停车场湿地", "不存在的词语组合", "xyz123", "罚款罚款", "ＡＢＣ",
}

// punctTerms are queries with punctuation and symbols, which the text
// fields have no grams of (wordRune): found from their characters and
// checked against the text (planWord).
var punctTerms = []string{"。第", "，处", "的，", "罚款。", "）；", "%", "5%", "2.5", "《中华人民共和国", "》第", "（一）"}

// brute is the reference: the set of articles whose normalised text
// contains the normalised query.
type bruteDoc struct {
	key   string // version:num-sub
	text  string // normalised
	num   int
	sub   int
	title string // normalised regulation title
	ver   int64
}

func bruteDocs(s *sample) []bruteDoc {
	var docs []bruteDoc
	vers, titles := s.src.readings()
	for _, v := range vers {
		for _, a := range v.Document.Articles {
			docs = append(docs, bruteDoc{
				key: fmt.Sprintf("%d:%s", v.ID, artKey(a.Num, a.Sub)), text: Normalize(a.Text),
				num: a.Num, sub: a.Sub, title: Normalize(titles[v.RegulationID]), ver: v.ID,
			})
		}
	}
	return docs
}

// generatedQueries returns n substrings of real article texts, lengths 1
// to 12, some quoted across a paragraph break.
func generatedQueries(docs []bruteDoc, n int) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	var qs []string
	for len(qs) < n {
		d := docs[rng.IntN(len(docs))]
		rs := []rune(d.text)
		l := 1 + len(qs)%12
		if len(rs) < l {
			continue
		}
		i := rng.IntN(len(rs) - l + 1)
		q := string(rs[i : i+l])
		if strings.ContainsAny(q, `"“”`) || strings.HasPrefix(q, "-") {
			continue
		}
		if strings.Contains(q, " ") {
			if strings.HasPrefix(q, " ") || strings.HasSuffix(q, " ") {
				continue
			}
			q = `"` + q + `"`
		} else if q == "or" || q == "|" {
			continue
		}
		if seen[q] {
			continue
		}
		seen[q] = true
		qs = append(qs, q)
	}
	return qs
}

// allHits runs r page by page and returns every hit's key.
func allHits(t testing.TB, ix *Index, r Request) (map[string]bool, uint64) {
	t.Helper()
	got := map[string]bool{}
	r.Size = MaxSize
	var total uint64
	for page := 1; ; page++ {
		r.Page = page
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Fatalf("search %q: %v", r.Q, err)
		}
		total = res.Total
		for _, h := range res.Hits {
			k := fmt.Sprintf("%d:%s", h.VersionID, artKey(h.Article.Num, h.Article.Sub))
			if got[k] {
				t.Fatalf("search %q: hit %s twice", r.Q, k)
			}
			got[k] = true
		}
		if len(res.Hits) < MaxSize {
			return got, total
		}
	}
}

// TestRecall checks that for every query the hit set is exactly the set of
// articles whose normalised text contains the normalised query (plus, for
// a query naming an article, that article and, within the named
// regulation, the articles that mention it).
func TestRecall(t *testing.T) {
	s := loadSample(t)
	ix, _ := openTest(t, s.src)
	docs := bruteDocs(s)
	queries := slices.Concat(legalTerms, punctTerms, generatedQueries(docs, 160))
	if len(queries) < 200 {
		t.Fatalf("only %d queries", len(queries))
	}
	lengths, nonEmpty := checkRecall(t, ix, docs, queries, ScopeAll)
	t.Logf("%d queries (%d with hits), by length: %v", len(queries), nonEmpty, lengths)
}

// TestRecall_AfterUpdates: the same after the follower has added versions
// (the parking regulation's latest version becomes an old one: its
// documents are re-indexed and the first ones deleted, in the segments
// of the rebuild), for both scopes: no deleted document is found, no
// document twice.
func TestRecall_AfterUpdates(t *testing.T) {
	s := loadSample(t)
	ix, _ := openTest(t, s.src)
	s.src.addVersion(s.parking, "second-reading", "2026-03-01", parseFile(t, "gz-parking-2025.md"))
	reg := s.src.addRegulation("广州市停车场条例（再次修订）", "")
	s.src.addVersion(reg, "draft", "", doc("停车场应当公示收费标准。", "罚款罚款。"))
	s.src.addVersion(reg, "first-reading", "", doc("停车场应当公示收费标准和罚款。", "罚"))
	if _, err := ix.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	docs := bruteDocs(s)
	queries := slices.Concat([]string{"罚", "款", "罚款", "罚款。", "收费标准", "。"}, legalTerms, punctTerms, generatedQueries(docs, 100))
	checkRecall(t, ix, docs, queries, ScopeAll)
	latest := map[int64]bool{}
	regs, err := s.src.ListRegulations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range regs {
		vs, err := s.src.Versions(context.Background(), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		latest[latestID(vs)] = true
	}
	var ld []bruteDoc
	for _, d := range docs {
		if latest[d.ver] {
			ld = append(ld, d)
		}
	}
	checkRecall(t, ix, ld, queries, ScopeLatest)
}

// checkRecall runs each query in scope and compares its hits with docs,
// the articles the scope covers; it returns the number of queries by
// length and how many had hits.
func checkRecall(t *testing.T, ix *Index, docs []bruteDoc, queries []string, scope Scope) (map[int]int, int) {
	t.Helper()
	lengths := map[int]int{}
	nonEmpty := 0
	for _, q := range queries {
		pq, err := ParseQuery(q)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", q, err)
		}
		if len(pq.Groups) != 1 || len(pq.Groups[0]) != 1 {
			t.Fatalf("query %q is not one word: %+v", q, pq)
		}
		w := pq.Groups[0][0].Text
		lengths[utf8.RuneCountInString(w)]++
		want := map[string]bool{}
		for _, d := range docs {
			if strings.Contains(d.text, w) {
				want[d.key] = true
			}
			if a := pq.Article; a != nil && strings.Contains(d.title, a.Title) {
				// the named article, and, when a title is given, the
				// articles of that regulation that mention it
				if a.Num == d.num && a.Sub == d.sub ||
					a.Title != "" && strings.Contains(d.text, strings.TrimPrefix(a.Word, a.Title)) {
					want[d.key] = true
				}
			}
		}
		got, total := allHits(t, ix, Request{Q: q, Scope: scope})
		if total != uint64(len(want)) {
			t.Errorf("%q in %s: total %d, want %d", q, scope, total, len(want))
		}
		var missing, extra []string
		for k := range want {
			if !got[k] {
				missing = append(missing, k)
			}
		}
		for k := range got {
			if !want[k] {
				extra = append(extra, k)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing)+len(extra) > 0 {
			t.Errorf("%q in %s: missing %d %v, extra %d %v", q, scope, len(missing), head(missing), len(extra), head(extra))
		}
		if len(want) > 0 {
			nonEmpty++
		}
	}
	return lengths, nonEmpty
}

func head(s []string) []string {
	if len(s) > 5 {
		return s[:5]
	}
	return s
}
