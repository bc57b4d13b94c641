package diff

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lifa/drafts/parse"
)

// corpusHashes holds, for each pair of consecutive versions of a law in the
// shared corpus, a hash of its comparison's JSON: TestCorpusComparisons
// checks that a change meant to be faster leaves every comparison as it was.
const corpusHashes = "testdata/corpus-comparisons.txt"

// corpusPairs returns each law's consecutive versions (file names in
// order) in the shared corpus, as paths relative to the corpus; it skips
// when the corpus is absent, and fails under CI=true (as TestCorpus does).
func corpusPairs(t *testing.T) [][2]string {
	t.Helper()
	laws := filepath.Join(corpus, "laws")
	if _, err := os.Stat(laws); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus not found at %s (CI=true: the corpus must be at ../shared/corpus beside the clone): %v", laws, err)
		}
		t.Skipf("SKIPPED: corpus not found at %s (%v)", laws, err)
	}
	dirs, err := os.ReadDir(laws)
	if err != nil {
		t.Fatal(err)
	}
	var pairs [][2]string
	for _, d := range dirs {
		files, _ := filepath.Glob(filepath.Join(laws, d.Name(), "*.md"))
		slices.Sort(files)
		for k := 1; k < len(files); k++ {
			rel := func(f string) string { return filepath.Join("laws", d.Name(), filepath.Base(f)) }
			pairs = append(pairs, [2]string{rel(files[k-1]), rel(files[k])})
		}
	}
	return pairs
}

// comparisonJSON is the JSON `lifa diff --format json` writes for the pair,
// with the elapsed time zeroed.
func comparisonJSON(t *testing.T, oldPath, newPath string) []byte {
	t.Helper()
	read := func(rel string) []byte {
		data, err := os.ReadFile(filepath.Join(corpus, rel))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	old, err := parse.Parse(oldPath, read(oldPath))
	if err != nil {
		t.Fatal(err)
	}
	new, err := parse.Parse(newPath, read(newPath))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(old, new, nil)
	if err != nil {
		t.Fatalf("%s → %s: %v", oldPath, newPath, err)
	}
	c.ElapsedMS = 0
	var b bytes.Buffer
	if err := c.WriteJSON(&b, true); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCorpusComparisons compares every pair of consecutive versions in the
// shared corpus and checks a hash of each comparison's JSON against
// testdata/corpus-comparisons.txt (-update rewrites it). With
// LIFA_DIFF_DUMP=dir it also writes each JSON into dir, to look at what
// changed.
func TestCorpusComparisons(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus comparisons skipped in -short mode")
	}
	pairs := corpusPairs(t)
	want := map[string]string{}
	if data, err := os.ReadFile(corpusHashes); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 2 {
				want[f[1]] = f[0]
			}
		}
	} else if !*update {
		t.Fatal(err)
	}
	dump := os.Getenv("LIFA_DIFF_DUMP")
	var out strings.Builder
	for _, p := range pairs {
		name := p[0] + ".." + filepath.Base(p[1])
		js := comparisonJSON(t, p[0], p[1])
		sum := sha256.Sum256(js)
		got := hex.EncodeToString(sum[:12])
		fmt.Fprintf(&out, "%s %s\n", got, name)
		if dump != "" {
			f := filepath.Join(dump, strings.NewReplacer("/", "_").Replace(name)+".json")
			if err := os.WriteFile(f, js, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if !*update && want[name] != got {
			t.Errorf("%s: comparison hash %s, want %q", name, got, want[name])
		}
	}
	if *update {
		if err := os.WriteFile(corpusHashes, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !*update && len(want) != len(pairs) {
		t.Errorf("%d pairs in the corpus, %d in %s", len(pairs), len(want), corpusHashes)
	}
	t.Logf("%d corpus comparisons", len(pairs))
}
