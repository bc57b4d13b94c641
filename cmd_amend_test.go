package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunAmend(t *testing.T) {
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
	decision := write("decision.txt", "关于修改《测试条例》的决定\n决定对《测试条例》作如下修改：\n一、增加一条，作为第二条：“市人民政府负责组织实施。”\n二、将第三条改为第四条，修改为：“本条例自2026年1月1日起施行。”\n")
	bad := write("bad.txt", "决定对《测试条例》作如下修改：\n一、增加一条，作为第二条：“市人民政府负责组织实施。”\n二、把第三条改好。\n")
	missing := write("missing.txt", "决定对《测试条例》作如下修改：\n一、删去第九条。\n")
	out := filepath.Join(dir, "decision.docx")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"one file", []string{"amend", old}, 2, "", "需要两个文件"},
		{"docx with apply", []string{"amend", "--apply", decision, "--format", "docx", old}, 2, "", "不支持的输出格式"},
		{"write", []string{"amend", "--body", "某市人民代表大会常务委员会", old, new}, 0, "一、增加一条，作为第二条：“市人民政府负责组织实施。”", ""},
		{"write docx", []string{"amend", "-o", out, old, new}, 0, "", "已写入"},
		{"apply", []string{"amend", "--apply", decision, old}, 0, "第四条　本条例自2026年1月1日起施行。", "0 处未能修改"},
		{"apply, flags last", []string{"amend", old, "--apply", decision, "--format", "json"}, 0, `"applied": 3`, ""},
		{"unreadable decision", []string{"amend", "--apply", bad, old}, 1, "", "第二项：无法识别"},
		{"item not applied", []string{"amend", "--apply", missing, old}, 1, "第三条　本条例自公布之日起施行。", "第一项：原文没有第九条"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("run(%v) = %d\nstdout: %.400s\nstderr: %.300s", tt.args, code, stdout.String(), stderr.String())
			}
		})
	}
	// The decision written as .docx applies as it is.
	var stdout, stderr bytes.Buffer
	if code := run([]string{"amend", "--apply", out, "--format", "json", old}, &stdout, &stderr); code != 0 {
		t.Fatalf("applying the .docx: %d %s", code, stderr.String())
	}
	var r struct {
		Document struct {
			Articles []struct{ Label, Text string }
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Document.Articles) != 4 || r.Document.Articles[2].Text != "依照本条例第一条执行。" {
		t.Errorf("amended from the .docx: %+v", r.Document.Articles)
	}
}
