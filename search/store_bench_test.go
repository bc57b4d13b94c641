package search_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/parse"
	"lifa/drafts/store"
	"lifa/search"
)

// BenchmarkImportAndIndexStore is the whole pipeline on the bulk corpus:
// parse each file, store it as a new regulation and version in SQLite (as
// `lifa import` does), then rebuild the index from the store (as `lifa
// reindex` does). It reports articles per second for each step.
//
//	go test -run '^$' -bench ImportAndIndexStore -benchtime 1x ./search/
func BenchmarkImportAndIndexStore(b *testing.B) {
	const bulkDir = "../../shared/corpus/bulk"
	if _, err := os.Stat(bulkDir); err != nil {
		b.Skipf("bulk corpus not found at %s", bulkDir)
	}
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		st, err := store.Open(ctx, filepath.Join(dir, "lifa.db"))
		if err != nil {
			b.Fatal(err)
		}
		articles := 0
		start := time.Now()
		err = filepath.WalkDir(bulkDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			doc, err := parse.Parse(filepath.Base(p), data)
			if err != nil {
				return nil
			}
			reg := &drafts.Regulation{Title: doc.Title, Kind: drafts.KindEnact}
			if err := st.CreateRegulation(ctx, "bench", reg); err != nil {
				return err
			}
			if _, err := st.CreateVersion(ctx, "bench", drafts.NewVersion{RegulationID: reg.ID, Stage: "promulgated",
				Filename: filepath.Base(p), Data: data, Document: doc}); err != nil {
				return err
			}
			articles += len(doc.Articles)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		imported := time.Since(start)
		start = time.Now()
		if _, err := search.Rebuild(ctx, filepath.Join(dir, "search"), st, search.Options{}); err != nil {
			b.Fatal(err)
		}
		indexed := time.Since(start)
		st.Close()
		b.ReportMetric(float64(articles)/imported.Seconds(), "import-articles/s")
		b.ReportMetric(float64(articles)/indexed.Seconds(), "index-articles/s")
		b.ReportMetric(float64(articles)/(imported+indexed).Seconds(), "articles/s")
		b.ReportMetric(float64(articles), "articles")
	}
}
