package parse

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// corpusDir is the shared corpus, beside the repository's clone
// (../shared/corpus from its root). Tests and benchmarks that walk it skip
// when it is absent, except in CI (see needCorpus).
const corpusDir = "../../../shared/corpus"

// needCorpus skips tb when path (in the corpus) is absent, saying so;
// under CI=true, where CI lays a copy of shared/ beside the clone, a
// missing corpus fails instead, so that TestCorpus cannot pass without
// having parsed anything.
func needCorpus(tb testing.TB, path string) {
	tb.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("corpus not found at %s (CI=true: the corpus must be at ../shared/corpus beside the clone): %v", path, err)
			return
		}
		tb.Skipf("SKIPPED: corpus not found at %s (%v); put the shared corpus beside the clone to run this test", path, err)
	}
}

func corpusFiles(tb testing.TB, sub string) []string {
	tb.Helper()
	root := filepath.Join(corpusDir, sub)
	needCorpus(tb, root)
	var files []string
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			files = append(files, path)
		}
		return nil
	})
	return files
}

// TestCorpus parses every file of the shared corpus: none may fail.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus walk skipped in -short mode")
	}
	for _, sub := range []string{"laws", "local", "bulk"} {
		files := corpusFiles(t, sub)
		if len(files) == 0 {
			t.Errorf("no .md file under %s", filepath.Join(corpusDir, sub))
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Parse(f, data); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}

// TestCorpusBulkArticleCounts compares the number of articles found with
// the articles column of bulk/index.tsv; at least 99% must agree.
func TestCorpusBulkArticleCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus walk skipped in -short mode")
	}
	idx := filepath.Join(corpusDir, "bulk", "index.tsv")
	needCorpus(t, idx)
	fh, err := os.Open(idx)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	sc.Scan() // header
	total, agree := 0, 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 7 {
			continue
		}
		want, _ := strconv.Atoi(cols[6])
		if want <= 0 {
			continue
		}
		total++
		data, err := os.ReadFile(filepath.Join(corpusDir, "bulk", cols[0]))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Parse(cols[0], data)
		if err != nil {
			t.Errorf("%s: %v", cols[0], err)
			continue
		}
		if len(doc.Articles) == want {
			agree++
		} else {
			t.Logf("DISAGREE %s: index %d, parsed %d", cols[0], want, len(doc.Articles))
		}
	}
	t.Logf("bulk article counts: %d of %d agree (%.2f%%)", agree, total, 100*float64(agree)/float64(total))
	if agree*100 < total*99 {
		t.Errorf("only %d of %d bulk files agree with index.tsv", agree, total)
	}
}

// recorder is a testing.TB that records Fatalf and Skipf instead of
// stopping the test.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Fatalf(f string, args ...any) { r.fatal = fmt.Sprintf(f, args...) }
func (r *recorder) Skipf(f string, args ...any)  { r.skip = fmt.Sprintf(f, args...) }

// TestNeedCorpus checks that a missing corpus skips with its reason
// locally and fails under CI=true.
func TestNeedCorpus(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "corpus")
	t.Setenv("CI", "")
	r := &recorder{TB: t}
	needCorpus(r, missing)
	if r.fatal != "" || !strings.Contains(r.skip, missing) {
		t.Errorf("locally: fatal %q, skip %q", r.fatal, r.skip)
	}
	t.Setenv("CI", "true")
	r = &recorder{TB: t}
	needCorpus(r, missing)
	if r.skip != "" || !strings.Contains(r.fatal, "CI=true") {
		t.Errorf("in CI: fatal %q, skip %q", r.fatal, r.skip)
	}
	r = &recorder{TB: t}
	needCorpus(r, t.TempDir())
	if r.skip != "" || r.fatal != "" {
		t.Errorf("present: fatal %q, skip %q", r.fatal, r.skip)
	}
}
