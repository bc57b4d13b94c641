package search

import (
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/diff"
	"lifa/drafts/parse"
)

// BenchmarkSimilar times Index.Similar, the code path of the API's
// similar provisions, for 300 articles drawn from the bulk corpus, over
// the whole bulk index (defaults: 10 hits with their diffs, latest
// versions of the other regulations).
func BenchmarkSimilar(b *testing.B) {
	ix := openBulkIndex(b)
	src := bulk.src
	rng := rand.New(rand.NewPCG(5, 6))
	type q struct {
		ver int64
		num int
		sub int
	}
	var vers []int64
	for id := range src.vers {
		vers = append(vers, id)
	}
	sort.Slice(vers, func(i, j int) bool { return vers[i] < vers[j] })
	var qs []q
	for len(qs) < 300 {
		v, err := src.Version(context.Background(), vers[rng.IntN(len(vers))])
		if err != nil {
			b.Fatal(err)
		}
		if len(v.Document.Articles) == 0 {
			continue
		}
		a := v.Document.Articles[rng.IntN(len(v.Document.Articles))]
		qs = append(qs, q{v.ID, a.Num, a.Sub})
	}
	ctx := context.Background()
	var ds []time.Duration
	cands := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, x := range qs {
			start := time.Now()
			res, err := ix.Similar(ctx, SimilarRequest{VersionID: x.ver, ArticleNum: x.num, ArticleSub: x.sub})
			if err != nil {
				b.Fatalf("version %d article %d-%d: %v", x.ver, x.num, x.sub, err)
			}
			ds = append(ds, time.Since(start))
			cands += res.Candidates
		}
	}
	b.StopTimer()
	reportLatency(b, ds)
	b.ReportMetric(float64(cands)/float64(len(ds)), "candidates/query")
}

// amendmentPair is an older and a newer reading of one law series in
// corpus/laws, and the article of the older reading each modified article
// of the newer one came from.
type amendmentPair struct {
	series   string
	old, new *drafts.Document
	oldDate  string
	newDate  string
	from     map[int]int // index in new.Articles → index in old.Articles
	official bool        // from the official mapping in corpus/tables
}

var datedRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}\.md$`)

// amendmentPairs reads the two newest dated readings of every series in
// corpus/laws (drafts are left out: their dates are unknown) and maps the
// modified articles of the newer one to their source: by the official
// mapping of the 2023 amendment of 立法法 (corpus/tables), by the
// comparison (drafts/diff) for the other series — modified articles that
// stayed one article and whose text changed.
func amendmentPairs(b *testing.B) []amendmentPair {
	series, err := os.ReadDir(lawsDir)
	if err != nil {
		b.Skipf("laws corpus not found at %s", lawsDir)
	}
	var out []amendmentPair
	for _, s := range series {
		ents, _ := os.ReadDir(filepath.Join(lawsDir, s.Name()))
		var dated []string
		for _, e := range ents {
			if datedRE.MatchString(e.Name()) {
				dated = append(dated, e.Name())
			}
		}
		sort.Strings(dated)
		if len(dated) < 2 {
			continue
		}
		oldName, newName := dated[len(dated)-2], dated[len(dated)-1]
		p := amendmentPair{series: s.Name(), oldDate: strings.TrimSuffix(oldName, ".md"), newDate: strings.TrimSuffix(newName, ".md"), from: map[int]int{}}
		for _, f := range []struct {
			name string
			doc  **drafts.Document
		}{{oldName, &p.old}, {newName, &p.new}} {
			data, err := os.ReadFile(filepath.Join(lawsDir, s.Name(), f.name))
			if err != nil {
				b.Fatal(err)
			}
			if *f.doc, err = parse.Parse(f.name, data); err != nil {
				b.Fatalf("%s/%s: %v", s.Name(), f.name, err)
			}
		}
		if s.Name() == "lifafa" {
			p.official = true
			officialMapping(b, &p)
		} else {
			cmp, err := diff.Compare(p.old, p.new, nil)
			if err != nil {
				b.Fatalf("%s: %v", s.Name(), err)
			}
			for _, c := range cmp.Changes {
				if (c.Kind == diff.Modified || c.Kind == diff.Moved) && len(c.Old) == 1 && len(c.New) == 1 &&
					Normalize(c.Old[0].Text) != Normalize(c.New[0].Text) {
					p.from[c.New[0].Index] = c.Old[0].Index
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// officialMapping fills p.from from corpus/tables/lifafa-2015-2023/mapping.csv
// (rows of relation "modified").
func officialMapping(b *testing.B, p *amendmentPair) {
	f, err := os.Open(filepath.Join(corpusDir, "tables", "lifafa-2015-2023", "mapping.csv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	index := func(d *drafts.Document, num int) int {
		for i, a := range d.Articles {
			if a.Num == num && a.Sub == 0 {
				return i
			}
		}
		b.Fatalf("立法法: no article %d", num)
		return -1
	}
	for _, r := range rows[1:] {
		if r[2] != "modified" {
			continue
		}
		o, _ := strconv.Atoi(r[0])
		n, _ := strconv.Atoi(r[1])
		p.from[index(p.new, n)] = index(p.old, o)
	}
}

var amendments struct {
	once  sync.Once
	ix    *Index
	pairs []amendmentPair
	vers  map[string][2]int64 // series → the versions of its older and newer readings
	err   error
}

// BenchmarkSimilarAmendments measures retrieval on real amendments: the
// bulk corpus plus the older and the newer reading of every corpus/laws
// series, each its own regulation, are indexed, and each modified article
// of the newer reading is the query (its own regulation is left out, as
// Similar does by default). A hit is right when it is the article the query
// came from, or a copy of its text (bulk holds some older readings too).
// Bulk files that are a series' newer reading (four fifths of their
// articles the same text) are left out: the newer reading is what is
// asked about. It reports the
// share of queries whose source is the first hit and in the first five,
// overall and for the official 立法法 mapping, and logs every series.
func BenchmarkSimilarAmendments(b *testing.B) {
	pairs := amendmentPairs(b)
	loadBulk(b)
	amendments.once.Do(func() {
		// which article texts each newer reading has
		newer := make([]map[string]bool, len(pairs))
		for i, p := range pairs {
			newer[i] = map[string]bool{}
			for _, a := range p.new.Articles {
				newer[i][Normalize(a.Text)] = true
			}
		}
		isNewer := func(d *drafts.Document) bool {
			for i, p := range pairs {
				same := 0
				for _, a := range d.Articles {
					if newer[i][Normalize(a.Text)] {
						same++
					}
				}
				if 5*same >= 4*len(d.Articles) && 5*same >= 4*len(p.new.Articles) {
					return true
				}
			}
			return false
		}
		// the bulk corpus less the newer texts, in memory (memSource) like
		// the bulk corpus it is copied from: the benchmark times Similar
		// on the index, and storing thousands of versions in SQLite first
		// would only lengthen its set-up
		src := newMemSource()
		for id := range bulk.src.vers {
			v, err := bulk.src.Version(context.Background(), id)
			if err != nil {
				amendments.err = err
				return
			}
			if isNewer(v.Document) {
				continue
			}
			r := bulk.src.regs[v.RegulationID]
			reg := src.addRegulation(r.Title, r.Committee)
			src.setLevel(reg, r.Level, r.Region)
			src.addVersion(reg, v.Stage, v.Date, v.Document)
		}
		amendments.vers = map[string][2]int64{}
		for _, p := range pairs {
			var vs [2]int64
			for i, d := range []struct {
				doc  *drafts.Document
				date string
			}{{p.old, p.oldDate}, {p.new, p.newDate}} {
				reg := src.addRegulation(d.doc.Title, "")
				level, region := drafts.InferLevel(d.doc.Title, d.doc.Meta, d.doc.Preamble)
				src.setLevel(reg, level, region)
				vs[i] = src.addVersion(reg, "promulgated", d.date, d.doc)
			}
			amendments.vers[p.series] = vs
		}
		dir, err := os.MkdirTemp("", "lifa-amend-")
		if err != nil {
			amendments.err = err
			return
		}
		b.Cleanup(func() { os.RemoveAll(dir) })
		amendments.ix, amendments.err = Open(context.Background(), dir, src, Options{})
		amendments.pairs = pairs
	})
	if amendments.err != nil {
		b.Fatal(amendments.err)
	}
	ix := amendments.ix
	ctx := context.Background()
	type tally struct{ n, first, five int }
	var all, official tally
	var lines []string
	var misses, notFirst []string
	var ds []time.Duration
	for i := 0; i < b.N; i++ {
		all, official, lines, misses, notFirst, ds = tally{}, tally{}, nil, nil, nil, nil
		for _, p := range amendments.pairs {
			var t tally
			for ni, oi := range p.from {
				na := p.new.Articles[ni]
				query := na.Text
				want := Normalize(p.old.Articles[oi].Text)
				start := time.Now()
				res, err := ix.Similar(ctx, SimilarRequest{VersionID: amendments.vers[p.series][1], ArticleNum: na.Num, ArticleSub: na.Sub, Limit: 5})
				if err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(start))
				rank := 0
				for r, h := range res.Hits {
					if Normalize(h.Text) == want {
						rank = r + 1
						break
					}
				}
				if rank != 1 && os.Getenv("LIFA_SIMILAR_REPORT") != "" {
					srcSim := -1.0
					lm := newLCSMatcher(similarRunes(query))
					srcSim = lm.similarity(similarRunes(p.old.Articles[oi].Text))
					top := 0.0
					if len(res.Hits) > 0 {
						top = res.Hits[0].Similarity
					}
					notFirst = append(notFirst, fmt.Sprintf("RANK %d %s %s src %.3f top %.3f | %s | %s", rank, p.series, p.new.Articles[ni].Label, srcSim, top, clip(query), clip(p.old.Articles[oi].Text)))
				}
				t.n++
				if rank == 1 {
					t.first++
				}
				if rank >= 1 && rank <= 5 {
					t.five++
				} else {
					top := ""
					if len(res.Hits) > 0 {
						top = fmt.Sprintf("%s %s %.2f", res.Hits[0].RegulationTitle, res.Hits[0].Article.Label, res.Hits[0].Similarity)
					}
					misses = append(misses, fmt.Sprintf("%s %s ← %s: not in top 5 (first: %s)\n    Q: %s\n    W: %s", p.series, p.new.Articles[ni].Label, p.old.Articles[oi].Label, top, clip(query), clip(p.old.Articles[oi].Text)))
				}
			}
			if t.n == 0 {
				continue
			}
			all.n, all.first, all.five = all.n+t.n, all.first+t.first, all.five+t.five
			if p.official {
				official = t
			}
			lines = append(lines, fmt.Sprintf("%-40s %s→%s %3d modified  rank1 %5.1f%%  top5 %5.1f%%", p.series, p.oldDate, p.newDate, t.n,
				100*float64(t.first)/float64(t.n), 100*float64(t.five)/float64(t.n)))
		}
	}
	pct := func(a, n int) float64 { return 100 * float64(a) / float64(max(n, 1)) }
	b.ReportMetric(float64(all.n), "queries")
	b.ReportMetric(pct(all.first, all.n), "rank1-%")
	b.ReportMetric(pct(all.five, all.n), "top5-%")
	b.ReportMetric(pct(official.first, official.n), "lifafa-rank1-%")
	b.ReportMetric(pct(official.five, official.n), "lifafa-top5-%")
	b.ReportMetric(percentile(ds, 0.5), "p50-ms")
	b.ReportMetric(percentile(ds, 0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
	report := fmt.Sprintf("%d series, %d queries; per series:\n%s\nmisses:\n%s\n%s\n", len(lines), all.n, strings.Join(lines, "\n"), strings.Join(misses, "\n"), strings.Join(notFirst, "\n"))
	if f := os.Getenv("LIFA_SIMILAR_REPORT"); f != "" {
		if err := os.WriteFile(f, []byte(report), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.Log(report)
}

func clip(s string) string {
	rs := []rune(strings.ReplaceAll(s, "\n", " "))
	if len(rs) > 80 {
		return string(rs[:80]) + "…"
	}
	return string(rs)
}
