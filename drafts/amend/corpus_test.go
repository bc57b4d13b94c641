package amend

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/diff"
	"lifa/drafts/parse"
)

// corpus is the shared corpus; the tests and benchmarks that read it skip
// without it.
const corpus = "../../../shared/corpus"

// readingOrder sorts a series' versions as they were read: by date, with
// undated drafts (draft-1, draft-2-second-reading) before the last dated
// version, which they led to; dated drafts (2022-draft) sort by their date.
func readingOrder(names []string) []string {
	var dated, drafts []string
	for _, n := range names {
		if strings.HasPrefix(filepath.Base(n), "draft") {
			drafts = append(drafts, n)
		} else {
			dated = append(dated, n)
		}
	}
	sort.Strings(dated)
	sort.Strings(drafts)
	if len(dated) == 0 {
		return drafts
	}
	last := dated[len(dated)-1]
	return append(append(dated[:len(dated)-1:len(dated)-1], drafts...), last)
}

// corpusPairs returns each consecutive pair of readings in corpus/laws.
func corpusPairs(t testing.TB) [][2]string {
	dirs, err := filepath.Glob(filepath.Join(corpus, "laws", "*"))
	if err != nil || len(dirs) == 0 {
		t.Skip("corpus not available")
	}
	var out [][2]string
	for _, d := range dirs {
		files, _ := filepath.Glob(filepath.Join(d, "*.md"))
		files = readingOrder(files)
		for k := 0; k+1 < len(files); k++ {
			out = append(out, [2]string{files[k], files[k+1]})
		}
	}
	return out
}

func corpusDoc(t testing.TB, path string) *drafts.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	d, err := parse.Parse(path, data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

// TestRoundTrip_corpus writes the decision for every consecutive pair of
// readings in the corpus, reads its text back, applies it to the old text
// and compares the result with the new text article by article (article
// texts equal up to blanks): all articles must be equal on at least 99% of
// the pairs. Each pair that differs is logged with why; so are pairs whose
// chapters and sections (not part of the criterion) come out differently.
func TestRoundTrip_corpus(t *testing.T) {
	pairs := corpusPairs(t)
	equal, headings := 0, 0
	for _, p := range pairs {
		name := strings.TrimPrefix(p[0], filepath.Join(corpus, "laws")+"/") + " → " + filepath.Base(p[1])
		old, new := corpusDoc(t, p[0]), corpusDoc(t, p[1])
		dec, err := Write(old, new, nil, Meta{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		bad, rep := roundTrip(t, old, new, dec)
		if len(bad) == 0 && rep != nil {
			equal++
		} else {
			why := ""
			if rep != nil {
				for _, p := range append(rep.Problems, rep.Notes...) {
					why += "; " + p.String()
				}
			}
			t.Logf("DIFFERS %s: %d articles (%s)%s", name, len(bad), strings.Join(bad[:min(5, len(bad))], "、"), why)
		}
		parsed, _ := ParseDecision(dec.Text())
		if got, _, _ := Apply(old, parsed); got != nil && !slices.Equal(paths(got), paths(new)) {
			headings++
			t.Logf("headings differ %s", name)
		}
	}
	share := float64(equal) / float64(len(pairs))
	t.Logf("%d/%d pairs (%.1f%%) with all articles equal; %d pairs with headings placed differently", equal, len(pairs), 100*share, headings)
	if share < 0.99 {
		t.Errorf("%.1f%% of pairs round-trip, want ≥ 99%%", 100*share)
	}
}

// paths lists each article's chapter and section path.
func paths(d *drafts.Document) []string {
	out := make([]string, len(d.Articles))
	for i, a := range d.Articles {
		out[i] = compact(strings.Join(a.Path, "/"))
	}
	return out
}

// benchPair returns 公司法 2018 and 2023 and their comparison.
func benchPair(b *testing.B) (*drafts.Document, *drafts.Document, *diff.Comparison) {
	old := corpusDoc(b, filepath.Join(corpus, "laws/gongsifa/2018-10-26.md"))
	new := corpusDoc(b, filepath.Join(corpus, "laws/gongsifa/2023-12-29.md"))
	cmp, err := diff.Compare(old, new, nil)
	if err != nil {
		b.Fatal(err)
	}
	return old, new, cmp
}

// BenchmarkWrite writes the decision for 公司法 2018 → 2023 (a full
// revision: 218 → 266 articles) from its comparison, checks included.
func BenchmarkWrite(b *testing.B) {
	old, new, cmp := benchPair(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Write(old, new, cmp, Meta{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApply applies that decision, read from its text, to the 2018 text.
func BenchmarkApply(b *testing.B) {
	old, new, cmp := benchPair(b)
	dec, err := Write(old, new, cmp, Meta{})
	if err != nil {
		b.Fatal(err)
	}
	text := dec.Text()
	b.ResetTimer()
	for b.Loop() {
		d, err := ParseDecision(text)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := Apply(old, d); err != nil {
			b.Fatal(err)
		}
	}
}
