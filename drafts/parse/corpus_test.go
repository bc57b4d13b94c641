package parse

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// corpusDir is the shared corpus; tests and benchmarks that walk it skip
// when it is absent.
const corpusDir = "../../../shared/corpus"

func corpusFiles(tb testing.TB, sub string) []string {
	tb.Helper()
	root := filepath.Join(corpusDir, sub)
	if _, err := os.Stat(root); err != nil {
		tb.Skipf("corpus not present at %s", root)
	}
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
		for _, f := range corpusFiles(t, sub) {
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
	fh, err := os.Open(idx)
	if err != nil {
		t.Skipf("corpus not present: %v", err)
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
