package search

import (
	"maps"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
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
