package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunParse(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "reg.txt")
	text := "测试条例\n第一章　总　　则\n第一条　为了测试，制定本条例。\n第二条　依照本条例第一条执行：\n（一）甲；\n（二）乙。\n"
	if err := os.WriteFile(good, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("只是一句话。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"no file", []string{"parse"}, 2, "", "用法"},
		{"bad format", []string{"parse", "--format", "xml", good}, 2, "", "未知的输出格式"},
		{"bad flag", []string{"parse", "--nope", good}, 2, "", "用法"},
		{"missing file", []string{"parse", filepath.Join(dir, "none.txt")}, 1, "", "无法读取文件"},
		{"not a regulation", []string{"parse", bad}, 1, "", "未找到任何条文"},
		{"text", []string{"parse", good}, 0, "第一章 总则", ""},
		{"json", []string{"parse", "--format", "json", good}, 0, `"label": "第二条"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, stdout.String(), stderr.String(), tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// TestRunParse_jsonShape checks the JSON has the fields the issue asks for.
func TestRunParse_jsonShape(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reg.md")
	os.WriteFile(path, []byte("# 测试条例\n\n第一条 为了测试，制定本条例。\n\n第二条 违反前条规定的，依照《中华人民共和国行政处罚法》第三条处理。\n"), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"parse", "--format", "json", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var doc struct {
		Title      *string           `json:"title"`
		Chapters   []json.RawMessage `json:"chapters"`
		Articles   []map[string]any  `json:"articles"`
		References []map[string]any  `json:"references"`
		Warnings   []map[string]any  `json:"warnings"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Title == nil || *doc.Title != "测试条例" || doc.Chapters == nil || doc.Warnings == nil || len(doc.Articles) != 2 {
		t.Fatalf("shape: %s", stdout.String())
	}
	for _, key := range []string{"num", "label", "text", "paragraphs", "line"} {
		if _, ok := doc.Articles[1][key]; !ok {
			t.Errorf("article lacks %q", key)
		}
	}
	if doc.Articles[1]["num"] != float64(2) || len(doc.References) != 2 {
		t.Errorf("article %v, references %v", doc.Articles[1], doc.References)
	}
}
