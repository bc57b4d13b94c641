package diff

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sergi/go-diff/diffmatchpatch"

	"lifa/drafts"
	"lifa/drafts/cnum"
	"lifa/drafts/parse"
)

// corpus is the shared corpus; benchmarks that need it skip without it.
const corpus = "../../../shared/corpus"

func corpusDoc(b *testing.B, rel string) *drafts.Document {
	b.Helper()
	data, err := os.ReadFile(filepath.Join(corpus, rel))
	if err != nil {
		b.Skipf("corpus not available: %v", err)
	}
	d, err := parse.Parse(rel, data)
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// wholeText is a document's articles as one text, label and body per line.
func wholeText(d *drafts.Document) string {
	var sb strings.Builder
	for _, a := range d.Articles {
		sb.WriteString(a.Label + "　" + a.Text + "\n")
	}
	return sb.String()
}

// pair returns the benchmark pairs: 公司法 2018 → 2023 and a synthetic
// 1,000-article pair.
func benchPair(b *testing.B, name string) (*drafts.Document, *drafts.Document) {
	switch name {
	case "gongsifa":
		return corpusDoc(b, "laws/gongsifa/2018-10-26.md"), corpusDoc(b, "laws/gongsifa/2023-12-29.md")
	case "synthetic1000":
		return synthetic1000(b)
	}
	b.Fatalf("unknown pair %s", name)
	return nil, nil
}

// synthetic1000 builds a 1,000-article old text from the real articles in
// testdata and a new text with known edits: 5% modified, 2% inserted, 2%
// deleted, 3 moved, 2 split after their first paragraph.
func synthetic1000(b testing.TB) (*drafts.Document, *drafts.Document) {
	var base []string
	seen := map[string]bool{}
	add := func(t string) {
		if n := normalize(t); !seen[n] && len([]rune(t)) > 20 {
			seen[n] = true
			base = append(base, t)
		}
	}
	// One version of each law, so that no two articles are near copies.
	for _, f := range []string{"lifafa-2015.md", "fbzd-2019.md", "zhian-2012.md", "gzpark-2021.md"} {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			b.Fatal(err)
		}
		d, err := parse.Parse(f, data)
		if err != nil || len(d.Warnings) > 0 && f == "zhian-2012.md" {
			d = splitDoc(string(data))
		}
		for _, a := range d.Articles {
			add(a.Text)
		}
	}
	n := len(base)
	texts := append([]string(nil), base...)
	for off := 1; len(texts) < 1000 && off < n; off++ {
		// More distinct articles: the first sentence of one article
		// followed by another article.
		for a := 0; a < n && len(texts) < 1000; a += 3 {
			first := sentences(base[(a+off)%n])[0]
			t := strings.TrimSuffix(first, "\n") + base[a]
			if nt := normalize(t); !seen[nt] {
				seen[nt] = true
				texts = append(texts, t)
			}
		}
	}
	texts = texts[:1000]
	var nt []string
	splits := 0
	for i, t := range texts {
		switch {
		case i >= 400 && splits < 2 && i%50 != 7 && i%50 != 11 && i%20 != 3 && strings.Contains(t, "\n"):
			// split after its first paragraph
			k := strings.Index(t, "\n")
			nt = append(nt, t[:k], t[k+1:])
			splits++
			continue
		case i%50 == 7: // deleted
			continue
		case i%20 == 3: // modified
			rs := []rune(t)
			mid := len(rs) / 2
			t = string(rs[:mid]) + "，并报上级主管部门备案" + string(rs[mid:])
		case i%50 == 11: // inserted before
			nt = append(nt, "县级以上人民政府应当建立健全工作协调机制，第"+cnum.Format(i)+"项工作所需经费列入本级财政预算。")
		}
		nt = append(nt, t)
	}
	// three moves
	for _, m := range [][2]int{{100, 900}, {300, 50}, {600, 620}} {
		x := nt[m[0]]
		nt = append(nt[:m[0]], nt[m[0]+1:]...)
		nt = append(nt[:m[1]], append([]string{x}, nt[m[1]:]...)...)
	}
	return mkDoc("合成旧文本", texts...), mkDoc("合成新文本", nt...)
}

// BenchmarkCompare measures Compare on each pair and, in the same run, a
// whole-text DiffMain of the same pair for the ratio (go-diff's default 1 s
// timeout applies to DiffMain, as it would in use).
func BenchmarkCompare(b *testing.B) {
	for _, name := range []string{"gongsifa", "synthetic1000"} {
		b.Run(name+"/Compare", func(b *testing.B) {
			old, new := benchPair(b, name)
			b.ResetTimer()
			cpu0 := cpuTime()
			var c *Comparison
			for i := 0; i < b.N; i++ {
				var err error
				if c, err = Compare(old, new, nil); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time per op: on a shared, loaded machine wall time
			// includes waiting for a core.
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
			b.ReportMetric(float64(len(c.Changes)), "changes")
			if c.Coarse {
				b.ReportMetric(1, "coarse")
			}
		})
		b.Run(name+"/DiffMainWhole", func(b *testing.B) {
			old, new := benchPair(b, name)
			x, y := wholeText(old), wholeText(new)
			dmp := diffmatchpatch.New()
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := 0; i < b.N; i++ {
				d := dmp.DiffMain(x, y, false)
				dmp.DiffCleanupSemantic(d)
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// TestSynthetic1000 checks the known edits of the benchmark pair are found.
func TestSynthetic1000(t *testing.T) {
	old, new := synthetic1000(t)
	c, err := Compare(old, new, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d → %d articles: %s (%.1f ms)", len(old.Articles), len(new.Articles), c.Summary(), c.ElapsedMS)
	if c.Stats.Added != 20 || c.Stats.Deleted != 20 || c.Stats.Split != 2 || c.Stats.Moved != 3 {
		t.Errorf("stats = %+v, want 20 added, 20 deleted, 2 split, 3 moved", c.Stats)
	}
}

// sentences cuts s into sentences as textDiffer.diff does.
func sentences(s string) []string {
	var t sentenceText
	t.cut(s, nil)
	out := make([]string, t.n())
	for k := range out {
		out[k] = t.sentence(k)
	}
	return out
}
