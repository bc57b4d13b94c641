package drafts

import (
	"fmt"

	"github.com/go-json-experiment/json"
)

// DecodeArticles reads the articles of a Document encoded as JSON (as the
// store keeps it) and nothing else: each article's number, label, text
// and path, without its paragraphs or source lines. It is what the search
// index reads of every version when it is rebuilt. On the bulk corpus it
// takes 40 % of the time of decoding the whole documents with
// encoding/json (BenchmarkDecodeArticles), which was 6 % of a rebuild's
// CPU: the JSON is read by github.com/go-json-experiment/json, the
// implementation of Go's encoding/json/v2 (behind GOEXPERIMENT=jsonv2
// in the standard library today), which skips the other values cheaply.
func DecodeArticles(doc []byte) ([]*Article, error) {
	var lean struct {
		Articles []struct {
			Num   int      `json:"num"`
			Sub   int      `json:"sub"`
			Label string   `json:"label"`
			Text  string   `json:"text"`
			Path  []string `json:"path"`
		} `json:"articles"`
	}
	if err := json.Unmarshal(doc, &lean); err != nil {
		return nil, fmt.Errorf("decode articles: %w", err)
	}
	out := make([]*Article, len(lean.Articles))
	arts := make([]Article, len(lean.Articles))
	for i, a := range lean.Articles {
		arts[i] = Article{Num: a.Num, Sub: a.Sub, Label: a.Label, Text: a.Text, Path: a.Path}
		out[i] = &arts[i]
	}
	return out, nil
}
