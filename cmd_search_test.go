package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSearchAndReindex(t *testing.T) {
	t.Setenv("LIFA_DATA", "")
	t.Setenv("LIFA_DB", "")
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	files := importFiles(t, dir, "guangzhou-parking-2018-04-20.md", "guangzhou-parking-2025-12-17.md")
	if code, _, e := runLifa("import", "--data", data, "--title", "广州市停车场条例", "--stage", "公布", files[0], files[1]); code != 0 {
		t.Fatalf("import: %s", e)
	}

	// The first search builds the index.
	code, out, e := runLifa("search", "--data", data, "停车场条例第十条")
	if code != 0 || !strings.Contains(out, "广州市停车场条例 第十条 ★") || !strings.Contains(out, "/versions/2#art-10") {
		t.Fatalf("search: exit %d\n%s\n%s", code, out, e)
	}
	code, out, _ = runLifa("search", "--data", data, "--json", "--scope", "all", "停车泊位")
	var res struct {
		Total uint64 `json:"total"`
		Hits  []struct {
			VersionID   int64  `json:"version_id"`
			SnippetHTML string `json:"snippet_html"`
		} `json:"hits"`
		Facets map[string]any `json:"facets"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Total == 0 || !strings.Contains(res.Hits[0].SnippetHTML, "<mark>停车泊位</mark>") {
		t.Fatalf("search --json: exit %d\n%s", code, out)
	}
	allVersions := map[int64]bool{}
	for _, h := range res.Hits {
		allVersions[h.VersionID] = true
	}
	if len(allVersions) != 2 {
		t.Fatalf("--scope all hit versions %v", allVersions)
	}

	code, out, e = runLifa("reindex", "--data", data)
	if code != 0 || !strings.Contains(out, "已重建检索索引：2 个版本") {
		t.Fatalf("reindex: exit %d\n%s\n%s", code, out, e)
	}
	ents, _ := os.ReadDir(filepath.Join(data, "search"))
	if len(ents) != 2 { // CURRENT and one index directory
		t.Fatalf("search dir: %v", ents)
	}

	for _, args := range [][]string{{"search", "--data", data}, {"search", "--data", data, `"停车`}, {"reindex", "extra"}} {
		if code, _, _ := runLifa(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
