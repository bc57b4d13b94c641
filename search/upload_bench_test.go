package search

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/parse"
)

// lawsDir holds the versioned national laws of the shared corpus.
var lawsDir = filepath.Join(corpusDir, "laws")

// BenchmarkIndexVersionUpload measures what an upload waits for: indexing
// one new version of 公司法 (266 articles) into an index that already holds
// the sample texts and the previous version, which becomes "old". The
// sample is in the real store (SQLite), and IndexVersion reads the version
// from it, as an upload does.
//
//	go test -run '^$' -bench IndexVersionUpload ./search/
func BenchmarkIndexVersionUpload(b *testing.B) {
	var docs []*drafts.Document
	for _, f := range []string{"gongsifa/2018-10-26.md", "gongsifa/2023-12-29.md"} {
		data, err := os.ReadFile(filepath.Join(lawsDir, f))
		if err != nil {
			b.Skipf("corpus not found: %v", err)
		}
		d, err := parse.Parse(filepath.Base(f), data)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
	}
	s := loadSample(b)
	reg := s.src.addRegulation("中华人民共和国公司法", "法制委")
	s.src.addVersion(reg, "adopted", "2018-10-26", docs[0])
	ix, _ := openTest(b, s.src)
	ctx := context.Background()
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		id := s.src.addVersion(reg, "draft", "2023-12-29", docs[(i+1)%2])
		b.StartTimer()
		start := time.Now()
		if err := ix.IndexVersion(ctx, id); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/version")
	b.ReportMetric(float64(len(docs[1].Articles)), "articles")
}
