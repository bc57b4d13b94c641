package search

import (
	"context"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// positions returns each term's frequency and positions.
func positions(freqs index.TokenFrequencies) map[string][]int {
	out := map[string][]int{}
	for k, tf := range freqs {
		if string(tf.Term) != k {
			panic("term " + string(tf.Term) + " under key " + k)
		}
		ps := []int{tf.Frequency()}
		for _, l := range tf.Locations {
			ps = append(ps, l.Position)
		}
		out[k] = ps
	}
	return out
}

// TestPreAnalysis: the fields built by Lifa's own analysis have the terms,
// frequencies and positions bleve would have computed with the registered
// analyzers, for every text of the sample and some edge cases.
func TestPreAnalysis(t *testing.T) {
	texts := []string{"", " ", "罚", "罚款", "应当应当应当", "第１０条　ＰＭ２.５\n（一）甲 乙", "a  b\tc", "。。。。"}
	s := loadSample(t)
	for _, v := range s.src.vers {
		for _, a := range v.Document.Articles {
			texts = append(texts, a.Text)
		}
	}
	for _, text := range texts {
		gram := gramAnalyzer{}.Analyze([]byte(text))
		want := analysis.TokenFrequency(gram, nil, index.IndexField|index.IncludeTermVectors)
		got := gramField(fText, text)
		got.Analyze()
		if !maps.EqualFunc(positions(got.freqs), positions(want), slices.Equal) || got.length != len(gram) {
			t.Fatalf("grams of %q:\n got %v (%d)\nwant %v (%d)", text, positions(got.freqs), got.length, positions(want), len(gram))
		}
		uni := uniAnalyzer{}.Analyze([]byte(text))
		want = analysis.TokenFrequency(uni, nil, index.IndexField)
		got = uniField(fUni, text)
		got.Analyze()
		if !maps.EqualFunc(positions(got.freqs), positions(want), slices.Equal) || got.length != len(uni) {
			t.Fatalf("characters of %q:\n got %v\nwant %v", text, positions(got.freqs), positions(want))
		}
	}
}

// TestPhraseQuery: Lifa's phrase searcher finds the documents bleve's
// PhraseQuery finds, with the same scores, for phrases of every length
// drawn from the sample texts (several occurrences, repeated terms, white
// space).
func TestPhraseQuery(t *testing.T) {
	s := loadSample(t)
	ix, _ := openTest(t, s.src)
	docs := bruteDocs(s)
	qs := append([]string{"罚款罚款", "应当应当", "停车场停车", "（一）", "第十条"}, generatedQueries(docs, 120)...)
	for _, q := range qs {
		w := Normalize(strings.Trim(q, `"`))
		uni, terms := wordQuery(w)
		if uni || len(terms) < 2 {
			continue
		}
		for _, f := range []string{fText, fTextOld} {
			want := map[string]float64{}
			got := map[string]float64{}
			for _, run := range []struct {
				q   query.Query
				out map[string]float64
			}{{bleve.NewPhraseQuery(terms, f), want}, {newPhraseQuery(terms, f), got}} {
				req := bleve.NewSearchRequestOptions(run.q, 10000, 0, false)
				res, err := ix.idx.Search(req)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					run.out[h.ID] = h.Score
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%q in %s: %d hits, bleve's phrase %d", w, f, len(got), len(want))
			}
			for id, sc := range want {
				g, ok := got[id]
				if !ok || math.Abs(g-sc) > 1e-9*math.Max(1, sc) {
					t.Fatalf("%q in %s: %s scores %v, bleve's phrase %v", w, f, id, g, sc)
				}
			}
		}
	}
}

// TestCollectTerm: a one-term query, which the collector reads from the
// postings itself, finds what bleve's term query finds, with its scores,
// also after a version was re-indexed (deleted documents).
func TestCollectTerm(t *testing.T) {
	s := loadSample(t)
	ix, _ := openTest(t, s.src)
	reg := s.src.addRegulation("广州市停车场条例（再次修订）", "")
	s.src.addVersion(reg, "draft", "", doc("停车场应当公示收费标准。", "罚款罚款。"))
	s.src.addVersion(reg, "first-reading", "", doc("停车场应当公示收费标准和罚款。"))
	if _, err := ix.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ field, term string }{{fUni, "罚"}, {fUni, "。"}, {fText, "罚款"}, {fText, "停车"}, {fTextOld, "罚款"}, {fText, "无此"}} {
		ix.mu.RLock()
		views, err := ix.openViews()
		if err != nil {
			t.Fatal(err)
		}
		tq := bleve.NewTermQuery(tt.term)
		tq.SetField(tt.field)
		c, err := collect(context.Background(), ix, views, collectSpec{q: tq, k: 10000})
		closeViews(views)
		ix.mu.RUnlock()
		if err != nil {
			t.Fatal(err)
		}
		res, err := ix.idx.Search(bleve.NewSearchRequestOptions(tq, 10000, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		if c.total != int(res.Total) || len(c.top) != len(res.Hits) {
			t.Fatalf("%s:%s: %d hits, bleve %d", tt.field, tt.term, c.total, res.Total)
		}
		for i, h := range res.Hits {
			if math.Abs(c.top[i].score-h.Score) > 1e-9*math.Max(1, h.Score) {
				t.Fatalf("%s:%s: hit %d scores %v, bleve %v", tt.field, tt.term, i, c.top[i].score, h.Score)
			}
		}
	}
}
