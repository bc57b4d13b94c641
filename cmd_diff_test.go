package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunDiff(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	old := write("old.txt", "测试条例\n第一条　为了测试，制定本条例。\n第二条　依照本条例第一条执行。\n第三条　本条例自公布之日起施行。\n")
	new := write("new.md", "# 测试条例\n\n第一条　为了测试，制定本条例。\n\n第二条　市人民政府负责组织实施。\n\n第三条　依照本条例第一条执行。\n\n第四条　本条例自2026年1月1日起施行。\n")
	out := filepath.Join(dir, "out.docx")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"one file", []string{"diff", old}, 2, "", "需要两个文件"},
		{"bad format", []string{"diff", "--format", "pdf", old, new}, 2, "", "未知的输出格式"},
		{"missing file", []string{"diff", old, filepath.Join(dir, "none.txt")}, 1, "", "无法读取文件"},
		{"text", []string{"diff", old, new}, 0, "{+2026年1月1+}", ""},
		{"flags after files", []string{"diff", old, new, "--format", "json"}, 0, `"kind": "added"`, ""},
		{"html", []string{"diff", "--format", "html", "--inline", old, new}, 0, "<ins>", ""},
		{"docx by extension", []string{"diff", "-o", out, old, new}, 0, "", "已写入"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("run(%v) = %d\nstdout: %.300s\nstderr: %.300s", tt.args, code, stdout.String(), stderr.String())
			}
		})
	}
	var stdout, stderr bytes.Buffer
	if run([]string{"diff", "--format", "json", old, new}, &stdout, &stderr) != 0 {
		t.Fatal(stderr.String())
	}
	var c struct {
		Stats   map[string]int
		Changes []struct{ Kind string }
	}
	if err := json.Unmarshal(stdout.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	if c.Stats["added"] != 1 || c.Stats["renumbered"] != 1 || len(c.Changes) != 4 || c.Changes[1].Kind != "added" {
		t.Errorf("json: %+v", c)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("docx output: %v", err)
	}
}
