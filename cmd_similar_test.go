package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestSimilar(t *testing.T) {
	t.Setenv("LIFA_DATA", "")
	t.Setenv("LIFA_DB", "")
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	// three regulations: the 2018 and 2025 parking texts (each its own, as
	// import --each makes them) and the wetland regulation
	importFiles(t, dir, "guangzhou-parking-2018-04-20.md", "guangzhou-parking-2025-12-17.md", "guangzhou-wetland-protection-2020.md")
	if code, out, e := runLifa("import", "--each", "--data", data, dir); code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, e)
	}

	// 第十条 of 2025 (version 2) merges 第十九条 and 第二十条 of 2018
	code, out, e := runLifa("similar", "--data", data, "--version", "2", "--article", "十", "--limit", "2")
	if code != 0 || !strings.Contains(out, "广州市停车场条例 第十条（版本 #2）") || !strings.Contains(out, "1. 广州市停车场条例 第二十条") ||
		!strings.Contains(out, "相似度 0.") || !strings.Contains(out, "[-") || !strings.Contains(out, "{+") {
		t.Fatalf("similar: exit %d\n%s\n%s", code, out, e)
	}
	code, out, _ = runLifa("similar", "--data", data, "--json", "--text", "湿地保护应当坚持生态优先、保护优先。", "--limit", "1")
	var res struct {
		Hits []struct {
			RegulationTitle string  `json:"regulation_title"`
			Similarity      float64 `json:"similarity"`
			Diff            []struct {
				Op   string `json:"op"`
				Text string `json:"text"`
			} `json:"diff"`
		} `json:"hits"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res.Hits) != 1 || res.Hits[0].RegulationTitle != "广州市湿地保护规定" ||
		len(res.Hits[0].Diff) == 0 {
		t.Fatalf("similar --json --text: exit %d\n%s", code, out)
	}
	code, out, e = runLifa("similar", "--data", data, "--basis", "--version", "2", "--article", "1")
	if code != 0 || !strings.Contains(out, "引用但库中没有：《中华人民共和国道路交通安全法》") {
		t.Fatalf("similar --basis: exit %d\n%s\n%s", code, out, e)
	}
	if code, _, e := runLifa("similar", "--data", data, "--version", "2", "--article", "500"); code != 1 || !strings.Contains(e, "没有") {
		t.Errorf("missing article: exit %d, %s", code, e)
	}
	for _, args := range [][]string{{}, {"--version", "2"}, {"--version", "2", "--article", "x"}, {"--text", "甲", "--version", "2"},
		{"--version", "2", "--article", "1", "--level", "省级"}, {"--version", "2", "--article", "1", "extra"}} {
		if code, _, _ := runLifa(append([]string{"similar", "--data", data}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
