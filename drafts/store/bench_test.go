package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/demo"
	"lifa/drafts/parse"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// bigText is the 2023 公司法 (266 articles, 95.6 KB), embedded by drafts/demo.
const bigText = "gongsifa-2023-12-29.md"

// bigDocument returns bigText's bytes and its parsed document.
func bigDocument(b *testing.B) ([]byte, *drafts.Document) {
	b.Helper()
	data, err := demo.File(bigText)
	if err != nil {
		b.Fatal(err)
	}
	doc, err := parse.Parse(bigText, data)
	if err != nil {
		b.Fatal(err)
	}
	return data, doc
}

// benchRegulation creates a regulation to hold a benchmark's versions.
func benchRegulation(b *testing.B, s *store.Store, title string, kind drafts.Kind) *drafts.Regulation {
	b.Helper()
	r := &drafts.Regulation{Title: title, Kind: kind}
	if err := s.CreateRegulation(context.Background(), "bench", r); err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkCreateVersion_100KB parses a ~100 KB text and stores it as a new
// version, as an upload does. Target: ≤ 200 ms.
func BenchmarkCreateVersion_100KB(b *testing.B) {
	data, err := demo.File(bigText)
	if err != nil {
		b.Fatal(err)
	}
	storetest.EachB(b, func(b *testing.B, s *store.Store) {
		ctx := context.Background()
		r := benchRegulation(b, s, "中华人民共和国公司法", drafts.KindRevise)
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			doc, err := parse.Parse(bigText, data)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.CreateVersion(ctx, "bench", drafts.NewVersion{RegulationID: r.ID, Stage: "draft",
				Filename: bigText, Data: data, Document: doc}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCreateVersion_Corpus100KB is the same with the 2023 民事诉讼法
// (over 100 KB) from ../shared/corpus; it skips when the corpus is absent.
func BenchmarkCreateVersion_Corpus100KB(b *testing.B) {
	const name = "../../../shared/corpus/laws/minshisusongfa/2023-09-01.md"
	data, err := os.ReadFile(name)
	if err != nil {
		b.Skip("corpus not found:", err)
	}
	storetest.EachB(b, func(b *testing.B, s *store.Store) {
		ctx := context.Background()
		r := benchRegulation(b, s, "中华人民共和国民事诉讼法", drafts.KindAmend)
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			doc, err := parse.Parse(filepath.Base(name), data)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.CreateVersion(ctx, "bench", drafts.NewVersion{RegulationID: r.ID, Stage: "draft",
				Filename: filepath.Base(name), Data: data, Document: doc}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCreateVersion_StoreOnly is the store's share of the above: the
// document is parsed once, outside the loop.
func BenchmarkCreateVersion_StoreOnly(b *testing.B) {
	data, doc := bigDocument(b)
	storetest.EachB(b, func(b *testing.B, s *store.Store) {
		ctx := context.Background()
		r := benchRegulation(b, s, "中华人民共和国公司法", drafts.KindRevise)
		for b.Loop() {
			if _, err := s.CreateVersion(ctx, "bench", drafts.NewVersion{RegulationID: r.ID, Stage: "draft",
				Filename: bigText, Data: data, Document: doc}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkVersion reads the 公司法 version with its document, as the
// version page does.
func BenchmarkVersion(b *testing.B) {
	_, doc := bigDocument(b)
	storetest.EachB(b, func(b *testing.B, s *store.Store) {
		ctx := context.Background()
		r := benchRegulation(b, s, "中华人民共和国公司法", drafts.KindRevise)
		v, err := s.CreateVersion(ctx, "bench", drafts.NewVersion{RegulationID: r.ID, Stage: "draft", Document: doc})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.Version(ctx, v.ID); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkListRegulations lists the demo data with each regulation's
// latest version, as the home page does.
func BenchmarkListRegulations(b *testing.B) {
	storetest.EachB(b, func(b *testing.B, s *store.Store) {
		ctx := context.Background()
		if err := demo.Load(ctx, s); err != nil {
			b.Skipf("demo data does not load: %v", err)
		}
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.ListRegulations(ctx); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkBackup_UnderWrites backs up a SQLite database holding the demo
// data (11 versions, two of them the 公司法) while a writer keeps updating a
// regulation as fast as it can; it reports the writes completed per backup
// and the slowest write seen during the backups.
func BenchmarkBackup_UnderWrites(b *testing.B) {
	ctx := context.Background()
	s := storetest.Open(b)
	if err := demo.Load(ctx, s); err != nil {
		b.Skipf("demo data does not load: %v", err)
	}
	r := benchRegulation(b, s, "写入中", drafts.KindEnact)
	var writes, maxWrite atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			t0 := time.Now()
			status := fmt.Sprintf("状态%d", i)
			if _, err := s.UpdateRegulation(ctx, "bench", r.ID, drafts.RegulationUpdate{Status: &status}); err != nil {
				b.Error(err)
				return
			}
			if d := int64(time.Since(t0)); d > maxWrite.Load() {
				maxWrite.Store(d)
			}
			writes.Add(1)
		}
	}()
	dir := b.TempDir()
	time.Sleep(50 * time.Millisecond)
	i := 0
	maxWrite.Store(0)
	w0 := writes.Load()
	b.ResetTimer()
	for b.Loop() {
		i++
		if err := s.Backup(ctx, filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(writes.Load()-w0)/float64(i), "writes/backup")
	b.ReportMetric(float64(maxWrite.Load())/1e6, "max-write-ms")
	close(stop)
	wg.Wait()
}
