package diff

import (
	"os"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/parse"
)

// parseDoc reads a testdata file with the real parser. Should the parser
// reject a text or lose articles (early versions did with zhian-2025.md,
// indented with U+2003, and zhian-2012.md, "第九条对于…" with no space), it
// logs that and falls back to the minimal splitter of helpers_test.go, so
// that these tests keep measuring the alignment, not the parser.
func parseDoc(t testing.TB, name string) *drafts.Document {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	d, err := parse.Parse(name, data)
	if err != nil {
		t.Logf("parse.Parse(%s) failed, using the minimal splitter: %v", name, err)
		return splitDoc(string(data))
	}
	for _, w := range d.Warnings {
		if strings.Contains(w.Message, "条文序号跳跃") {
			t.Logf("parse.Parse(%s) lost articles (%s), using the minimal splitter", name, w.Message)
			return splitDoc(string(data))
		}
	}
	return d
}
