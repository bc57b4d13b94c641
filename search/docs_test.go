package search

import (
	"maps"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestPreAnalysis: a text field has the terms and frequencies of
// gramAnalyzer's tokens of two letters or numbers (indexedGram), for
// every text of the sample and some edge cases.
func TestPreAnalysis(t *testing.T) {
	texts := []string{"", " ", "罚", "罚款", "应当应当应当", "第１０条　ＰＭ２.５\n（一）甲 乙", "a  b\tc", "。。。。", "罚款 ", "Ａ"}
	vers, _ := loadSample(t).src.readings()
	for _, v := range vers {
		for _, a := range v.Document.Articles {
			texts = append(texts, a.Text)
		}
	}
	for _, text := range texts {
		want := map[string]int{}
		n := 0
		for _, tk := range (gramAnalyzer{}).Analyze([]byte(text)) {
			if rs := []rune(string(tk.Term)); indexedGram(rs[0], rs[1]) {
				want[string(tk.Term)]++
				n++
			}
		}
		f := textField(fText, text)
		f.Analyze()
		got := map[string]int{}
		for k, tf := range f.AnalyzedTokenFrequencies() {
			if string(tf.Term) != k || len(tf.Locations) != 0 {
				t.Fatalf("%q: term %q under key %q with %d locations", text, tf.Term, k, len(tf.Locations))
			}
			got[k] = tf.Frequency()
		}
		if !maps.Equal(got, want) || f.AnalyzedLength() != n {
			t.Fatalf("grams of %q:\n got %v (%d)\nwant %v (%d)", text, got, f.AnalyzedLength(), want, n)
		}
	}
}

// TestPhraseQuery: Lifa's phrase searcher (regulation titles) finds the
// documents bleve's PhraseQuery finds, with the same scores, for phrases
// of every length drawn from the sample's article texts, indexed as
// titles (several occurrences, repeated terms, white space).
func TestPhraseQuery(t *testing.T) {
	s := loadSample(t)
	idx, err := bleve.New(filepath.Join(t.TempDir(), "titles"), newMapping()) // scorch, as the index
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	b := idx.NewBatch()
	vers, _ := s.src.readings()
	for _, v := range vers {
		for i, a := range v.Document.Articles {
			if err := b.Index(idArticle(v.ID, i), map[string]any{fType: kindRegulation, fTitle: a.Text}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	docs := bruteDocs(s)
	qs := append([]string{"罚款罚款", "应当应当", "停车场停车", "（一）", "第十条"}, generatedQueries(docs, 120)...)
	for _, q := range qs {
		w := Normalize(strings.Trim(q, `"`))
		uni, terms := wordQuery(w)
		if uni || len(terms) < 2 {
			continue
		}
		want := map[string]float64{}
		got := map[string]float64{}
		for _, run := range []struct {
			q   query.Query
			out map[string]float64
		}{{bleve.NewPhraseQuery(terms, fTitle), want}, {newPhraseQuery(terms, fTitle), got}} {
			res, err := idx.Search(bleve.NewSearchRequestOptions(run.q, 10000, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				run.out[h.ID] = h.Score
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d hits, bleve's phrase %d", w, len(got), len(want))
		}
		for id, sc := range want {
			g, ok := got[id]
			if !ok || math.Abs(g-sc) > 1e-9*math.Max(1, sc) {
				t.Fatalf("%q: %s scores %v, bleve's phrase %v", w, id, g, sc)
			}
		}
	}
}
