package search

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
)

// BenchmarkAlternativeCJK measures the alternative Lifa did not choose:
// bleve's stock cjk analyzer (unicode tokenizer, width and case folding,
// bigrams with unigrams at index time) queried with match_phrase (plain
// bigrams). It reports on how many of the recall test's queries its hit
// set differs from the brute-force substring scan; Lifa's analysis
// differs on none (TestRecall).
//
//	go test -run '^$' -bench AlternativeCJK -benchtime 1x ./search/
func BenchmarkAlternativeCJK(b *testing.B) {
	s := loadSample(b)
	docs := bruteDocs(s)
	queries := append(append([]string{}, legalTerms...), generatedQueries(docs, 160)...)

	im := bleve.NewIndexMapping()
	dm := bleve.NewDocumentStaticMapping()
	f := bleve.NewTextFieldMapping()
	f.Analyzer = "cjk_unigram"
	dm.AddFieldMappingsAt("text", f)
	im.DefaultMapping = dm
	// cjk with unigrams at index time, plain cjk (bigrams) at query time
	if err := im.AddCustomTokenFilter("bigram_uni", map[string]any{"type": cjk.BigramName, "output_unigram": true}); err != nil {
		b.Fatal(err)
	}
	if err := im.AddCustomAnalyzer("cjk_unigram", map[string]any{"type": custom.Name, "tokenizer": "unicode",
		"token_filters": []string{cjk.WidthName, "to_lower", "bigram_uni"}}); err != nil {
		b.Fatal(err)
	}
	idx, err := bleve.New(filepath.Join(b.TempDir(), "cjk"), im)
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	batch := idx.NewBatch()
	for _, d := range docs {
		batch.Index(d.key, map[string]any{"text": d.text})
	}
	if err := idx.Batch(batch); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	wrong, missed, extra := 0, 0, 0
	var examples []string
	for i := 0; i < b.N; i++ {
		wrong, missed, extra = 0, 0, 0
		examples = nil
		for _, q := range queries {
			w := Normalize(strings.Trim(q, `"`))
			want := map[string]bool{}
			for _, d := range docs {
				if strings.Contains(d.text, w) {
					want[d.key] = true
				}
			}
			mq := bleve.NewMatchPhraseQuery(w)
			mq.SetField("text")
			mq.Analyzer = "cjk"
			req := bleve.NewSearchRequestOptions(mq, 10000, 0, false)
			res, err := idx.Search(req)
			if err != nil {
				b.Fatal(err)
			}
			got := map[string]bool{}
			for _, h := range res.Hits {
				got[h.ID] = true
			}
			m, e := 0, 0
			for k := range want {
				if !got[k] {
					m++
				}
			}
			for k := range got {
				if !want[k] {
					e++
				}
			}
			if m+e > 0 {
				wrong++
				missed += m
				extra += e
				if len(examples) < 8 {
					examples = append(examples, fmt.Sprintf("%s(-%d+%d)", w, m, e))
				}
			}
		}
	}
	b.ReportMetric(float64(len(queries)), "queries")
	b.ReportMetric(float64(wrong), "wrong-queries")
	b.ReportMetric(float64(missed), "missed-hits")
	b.ReportMetric(float64(extra), "extra-hits")
	b.Logf("examples: %v", examples)
}
