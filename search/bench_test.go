package search

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"lifa/drafts"
	"lifa/drafts/parse"
)

// corpusDir is the shared corpus (LIFA_CORPUS overrides it); bulkDir its
// benchmark part (970 regulations, 52k articles).
var (
	corpusDir = envOr("LIFA_CORPUS", "../../shared/corpus")
	bulkDir   = filepath.Join(corpusDir, "bulk")
)

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

var bulk struct {
	once      sync.Once
	src       *memSource
	textsOnce sync.Once
	texts     []string // normalised article texts, see bulkTexts
	articles  int
	parseDur  time.Duration
	err       error
}

// loadBulk parses the bulk corpus once into a memSource that keeps the
// documents as JSON, as the store does (the parsed corpus would hold some
// 90 MB of heap that an index rebuild from the store never holds; decoding
// is part of the indexing time, as it is in lifa reindex). Use
// bulk.src.Version for a document.
func loadBulk(b *testing.B) *memSource {
	b.Helper()
	if _, err := os.Stat(bulkDir); err != nil {
		b.Skipf("bulk corpus not found at %s", bulkDir)
	}
	bulk.once.Do(func() {
		src := newMemSource()
		start := time.Now()
		bulk.err = filepath.WalkDir(bulkDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			if limit := envInt("LIFA_BENCH_LIMIT", 0); limit > 0 && len(src.regs) >= limit {
				return fs.SkipAll
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			doc, err := parse.Parse(filepath.Base(p), data)
			if err != nil {
				return nil // a text without articles
			}
			date := ""
			if i := strings.LastIndex(p, "_"); i > 0 && len(p) >= i+11 {
				date = p[i+1 : i+11]
			}
			committee := "法制委"
			if strings.Contains(p, "/local/") {
				committee = filepath.Base(filepath.Dir(p))
			}
			// a clone: the title shares the decoded file's memory
			reg := src.addRegulation(strings.Clone(doc.Title), committee)
			level, region := drafts.InferLevel(doc.Title, doc.Meta, doc.Preamble)
			if level == "" && strings.Contains(p, "/national/") {
				level = drafts.LevelLaw // bulk/national holds the NPC's laws
			}
			src.setLevel(reg, level, strings.Clone(region))
			src.addVersion(reg, "promulgated", date, doc)
			bulk.articles += len(doc.Articles)
			return nil
		})
		bulk.parseDur = time.Since(start)
		if bulk.err == nil {
			bulk.err = src.encode()
		}
		bulk.src = src
		debug.FreeOSMemory() // the parser's garbage is not the index's memory
	})
	if bulk.err != nil {
		b.Fatal(bulk.err)
	}
	return bulk.src
}

// bulkTexts returns the normalised texts of the bulk corpus's articles
// (decoded when first asked, so that the indexing benchmark's peak memory
// does not hold them).
func bulkTexts(b *testing.B) []string {
	src := loadBulk(b)
	bulk.textsOnce.Do(func() {
		ids := make([]int64, 0, len(src.vers))
		for id := range src.vers {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			v, err := src.Version(context.Background(), id)
			if err != nil {
				b.Fatal(err)
			}
			for _, a := range v.Document.Articles {
				bulk.texts = append(bulk.texts, Normalize(a.Text))
			}
		}
	})
	return bulk.texts
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// cpuTime returns the CPU time (user+system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// resetHWM starts the process's peak resident memory afresh at its
// current size (Linux 4.0+; a no-op elsewhere).
func resetHWM() {
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// vmHWM returns the process's peak resident memory in MB.
func vmHWM() float64 { return procStatus("VmHWM:") }

// procStatus returns a memory figure of /proc/self/status in MB.
func procStatus(key string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, key) {
			f := strings.Fields(l)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

var benchBatch = envInt("LIFA_BENCH_BATCH", 0) // 0: Options' default

func envInt(k string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(k)); err == nil && n > 0 {
		return n
	}
	return def
}

// BenchmarkIndexBulk rebuilds the index from the parsed bulk corpus.
// Run it alone for a meaningful peak-memory figure:
//
//	go test -run '^$' -bench IndexBulk -benchtime 1x ./search/
func BenchmarkIndexBulk(b *testing.B) {
	src := loadBulk(b)
	b.ReportMetric(float64(bulk.articles)/bulk.parseDur.Seconds(), "parse-articles/s")
	// the peak so far is parsing the corpus, not indexing it: start the
	// peak afresh (Linux: clear_refs 5), from what the corpus holds
	loadPeak := vmHWM()
	resetHWM()
	corpus := vmHWM()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := filepath.Join(b.TempDir(), "search")
		start, cpu0 := time.Now(), cpuTime()
		name, err := Rebuild(context.Background(), dir, src, Options{BatchSize: benchBatch})
		if err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		b.ReportMetric(float64(bulk.articles)/d.Seconds(), "articles/s")
		// CPU time tells the cost apart from waiting for a busy machine
		b.ReportMetric(float64(bulk.articles)/(cpuTime()-cpu0).Seconds(), "articles/cpu-s")
		b.ReportMetric(float64(dirSize(filepath.Join(dir, name)))/(1<<20), "index-MB")
	}
	b.ReportMetric(float64(bulk.articles), "articles")
	b.ReportMetric(vmHWM(), "peak-RSS-MB")
	b.ReportMetric(loadPeak, "load-peak-RSS-MB")
	b.ReportMetric(corpus, "corpus-RSS-MB")
}

var benchIndex struct {
	once sync.Once
	ix   *Index
	dir  string
	err  error
	// the first search, which reads what the collector keeps of each
	// segment (segInfo), and the heap that takes
	first time.Duration
	segMB float64
}

// openBulkIndex builds (once per process) an index of the bulk corpus.
func openBulkIndex(b *testing.B) *Index {
	src := loadBulk(b)
	benchIndex.once.Do(func() {
		benchIndex.dir, benchIndex.err = os.MkdirTemp("", "lifa-bench-")
		if benchIndex.err != nil {
			return
		}
		benchIndex.ix, benchIndex.err = Open(context.Background(), filepath.Join(benchIndex.dir, "search"), src, Options{BatchSize: benchBatch})
		if benchIndex.err != nil {
			return
		}
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		start := time.Now()
		if _, benchIndex.err = benchIndex.ix.Search(context.Background(), Request{Q: "罚款"}); benchIndex.err != nil {
			return
		}
		benchIndex.first = time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&m1)
		benchIndex.segMB = float64(int64(m1.HeapInuse)-int64(m0.HeapInuse)) / (1 << 20)
	})
	if benchIndex.err != nil {
		b.Fatal(benchIndex.err)
	}
	return benchIndex.ix
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchIndex.ix != nil {
		benchIndex.ix.Close()
		os.RemoveAll(benchIndex.dir)
	}
	os.Exit(code)
}

// benchQueries returns the legal terms plus substrings (1–12 characters)
// of bulk article texts: 260 queries of every frequency.
func benchQueries(b *testing.B) []string {
	texts := bulkTexts(b)
	qs := append([]string{}, legalTerms...)
	rng := rand.New(rand.NewPCG(3, 4))
	seen := map[string]bool{}
	for _, q := range qs {
		seen[q] = true
	}
	for len(qs) < 260 {
		t := []rune(texts[rng.IntN(len(texts))])
		l := 1 + len(qs)%12
		if len(t) < l {
			continue
		}
		i := rng.IntN(len(t) - l + 1)
		q := string(t[i : i+l])
		if strings.ContainsAny(q, " \"“”-|") || q == "or" || seen[q] {
			continue
		}
		seen[q] = true
		qs = append(qs, q)
	}
	return qs
}

func percentile(ds []time.Duration, p float64) float64 {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(p * float64(len(s)-1))
	return float64(s[i].Microseconds()) / 1000
}

func reportLatency(b *testing.B, ds []time.Duration) {
	b.ReportMetric(percentile(ds, 0.5), "p50-ms")
	b.ReportMetric(percentile(ds, 0.9), "p90-ms")
	b.ReportMetric(percentile(ds, 0.99), "p99-ms")
	b.ReportMetric(percentile(ds, 1), "max-ms")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkQueries times each of the 260 queries through Index.Search,
// the code path of GET /api/v1/search (default scope, 20 hits, facets,
// groups, snippets), and reports percentiles of the per-query times.
func BenchmarkQueries(b *testing.B) {
	ix := openBulkIndex(b)
	qs := benchQueries(b)
	ctx := context.Background()
	for _, q := range qs { // warm up
		if _, err := ix.Search(ctx, Request{Q: q}); err != nil {
			b.Fatalf("%q: %v", q, err)
		}
	}
	var ds []time.Duration
	type slow struct {
		q     string
		d     time.Duration
		total uint64
	}
	worst := map[string]slow{}
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		for _, q := range qs {
			start := time.Now()
			res, err := ix.Search(ctx, Request{Q: q})
			if err != nil {
				b.Fatal(err)
			}
			d := time.Since(start)
			ds = append(ds, d)
			if w, ok := worst[q]; !ok || d < w.d {
				worst[q] = slow{q, d, res.Total} // best of the runs, to see the cost, not the noise
			}
		}
	}
	b.StopTimer()
	// CPU per query (all goroutines): less sensitive than the latencies
	// to other work on the machine
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(ds)), "cpu-ms/query")
	b.ReportMetric(float64(len(qs)), "queries")
	b.ReportMetric(float64(benchIndex.first.Microseconds())/1000, "first-ms")
	b.ReportMetric(benchIndex.segMB, "seginfo-MB")
	reportLatency(b, ds)
	ws := make([]slow, 0, len(worst))
	for _, w := range worst {
		ws = append(ws, w)
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].d > ws[j].d })
	var lines []string
	for _, w := range ws[:min(10, len(ws))] {
		lines = append(lines, fmt.Sprintf("%s %.1fms %d hits", w.q, float64(w.d.Microseconds())/1000, w.total))
	}
	b.Logf("slowest (best of %d runs): %s", b.N, strings.Join(lines, "; "))
}

// BenchmarkQueriesCountOnly is the same queries asking bleve only for the
// number of matches (no hits, facets, snippets): the cost of matching.
func BenchmarkQueriesCountOnly(b *testing.B) {
	ix := openBulkIndex(b)
	qs := benchQueries(b)
	var ds []time.Duration
	for i := 0; i < b.N; i++ {
		for _, q := range qs {
			start := time.Now()
			if _, err := ix.count(q); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(start))
		}
	}
	reportLatency(b, ds)
}

// BenchmarkScan is the brute-force alternative: strings.Contains over
// every normalised article text.
func BenchmarkScan(b *testing.B) {
	loadBulk(b)
	qs := benchQueries(b)
	var ds []time.Duration
	for i := 0; i < b.N; i++ {
		for _, q := range qs {
			w := Normalize(q)
			start := time.Now()
			n := 0
			for _, t := range bulkTexts(b) {
				if strings.Contains(t, w) {
					n++
				}
			}
			ds = append(ds, time.Since(start))
			_ = n
		}
	}
	reportLatency(b, ds)
}

// BenchmarkFTS5Trigram is the SQLite alternative: an FTS5 table with the
// trigram tokenizer, counting phrase matches (LIKE for queries shorter
// than three characters, which trigrams cannot index).
func BenchmarkFTS5Trigram(b *testing.B) {
	texts := bulkTexts(b)
	db, err := sql.Open("sqlite", filepath.Join(b.TempDir(), "fts.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize='trigram')`); err != nil {
		b.Skipf("fts5 trigram: %v", err)
	}
	start, cpu0 := time.Now(), cpuTime()
	tx, _ := db.Begin()
	st, _ := tx.Prepare(`INSERT INTO t(body) VALUES (?)`)
	for _, t := range texts {
		if _, err := st.Exec(t); err != nil {
			b.Fatal(err)
		}
	}
	st.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	ftsRate := float64(len(texts)) / time.Since(start).Seconds()
	// FTS5 indexes on one thread: per CPU-second it is comparable with
	// BenchmarkIndexBulk's articles/cpu-s, which builds shards on two
	ftsCPURate := float64(len(texts)) / (cpuTime() - cpu0).Seconds()
	qs := benchQueries(b)
	var ds, ds3 []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range qs {
			w := Normalize(q)
			var n int
			start := time.Now()
			if len([]rune(w)) >= 3 {
				err = db.QueryRow(`SELECT count(*) FROM t WHERE t MATCH ?`, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`).Scan(&n)
			} else {
				err = db.QueryRow(`SELECT count(*) FROM t WHERE body LIKE ?`, "%"+w+"%").Scan(&n)
			}
			if err != nil {
				b.Fatalf("%q: %v", w, err)
			}
			d := time.Since(start)
			ds = append(ds, d)
			if len([]rune(w)) >= 3 {
				ds3 = append(ds3, d)
			}
		}
	}
	reportLatency(b, ds)
	b.ReportMetric(ftsRate, "index-articles/s")
	b.ReportMetric(ftsCPURate, "index-articles/cpu-s")
	b.ReportMetric(percentile(ds3, 0.5), "p50-3+chars-ms")
	b.ReportMetric(percentile(ds3, 0.99), "p99-3+chars-ms")
}
