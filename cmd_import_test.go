package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"lifa/drafts"
	"lifa/drafts/demo"
	"lifa/drafts/store"
)

// importFiles writes demo texts into dir and returns their paths.
func importFiles(t *testing.T, dir string, names ...string) []string {
	t.Helper()
	var paths []string
	for _, n := range names {
		b, err := demo.File(n)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func runLifa(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestImport(t *testing.T) {
	t.Setenv("LIFA_DATA", "")
	t.Setenv("LIFA_DB", "")
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	files := importFiles(t, dir, "guangzhou-parking-2018-04-20.md", "guangzhou-parking-2021-10-20.md",
		"guangzhou-parking-2025-12-17.md")

	code, out, errOut := runLifa("import", "--data", data, "--title", "广州市停车场条例", "--kind", "修订",
		"--stage", "公布", "--date", "2018-04-20", "--actor", "测试员", files[0])
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "新建法规项目 #1") || !strings.Contains(out, "68 条") {
		t.Errorf("import output: %s", out)
	}
	code, out, errOut = runLifa("import", "--data", data, "--regulation", "1", "--stage", "promulgated",
		"--label", "修正后文本", files[1], files[2])
	if code != 0 {
		t.Fatalf("import into #1: exit %d: %s", code, errOut)
	}
	if strings.Count(out, "已导入") != 2 {
		t.Errorf("output: %s", out)
	}

	s, err := store.Open(context.Background(), filepath.Join(data, "lifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	vs, err := s.Versions(context.Background(), 1)
	if err != nil || len(vs) != 3 {
		t.Fatalf("versions %v %v", vs, err)
	}
	if vs[0].Stage != "promulgated" || vs[0].Date != "2018-04-20" || vs[0].UploadedBy != "测试员" || vs[0].Articles != 68 ||
		vs[2].Articles != 39 || vs[2].Label != "修正后文本" || vs[2].Filename != "guangzhou-parking-2025-12-17.md" {
		t.Errorf("versions: %+v %+v", vs[0], vs[2])
	}
	name, b, _ := s.VersionFile(context.Background(), vs[1].ID)
	if orig, _ := os.ReadFile(files[1]); name != filepath.Base(files[1]) || !bytes.Equal(b, orig) {
		t.Errorf("stored file %s differs from the imported one", name)
	}
}

func TestImport_Errors(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	files := importFiles(t, dir, "guangzhou-parking-2018-04-20.md")
	notText := filepath.Join(dir, "empty.txt")
	os.WriteFile(notText, []byte("这不是法规。\n"), 0o644)
	noArticles := filepath.Join(dir, "no-articles.md")
	os.WriteFile(noArticles, []byte("# 广州市湿地保护条例\n\n（征求意见稿）\n\n正文另附。\n"), 0o644)
	for _, c := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no files", []string{"--data", data, "--title", "某条例"}, 2, "缺少要导入的文件"},
		{"no target", []string{"--data", data, files[0]}, 2, "--regulation"},
		{"both targets", []string{"--data", data, "--title", "某条例", "--regulation", "1", files[0]}, 2, "只能选一个"},
		{"bad kind", []string{"--data", data, "--title", "某条例", "--kind", "起草", files[0]}, 2, "未知的类型"},
		{"bad flag", []string{"--data", data, "--nope", files[0]}, 2, "nope"},
		{"missing file", []string{"--data", data, "--title", "某条例", filepath.Join(dir, "missing.md")}, 1, "missing.md"},
		{"not a regulation", []string{"--data", data, "--title", "某条例", notText}, 1, "empty.txt"},
		// The upload form refused a text without articles; lifa import took it ("0 条").
		{"no articles", []string{"--data", data, "--title", "某条例", noArticles}, 1, "没有找到任何条文"},
		{"unknown regulation", []string{"--data", data, "--regulation", "7", files[0]}, 1, "法规项目 7 不存在"},
		{"unknown stage", []string{"--data", data, "--title", "某条例", "--stage", "四审稿", files[0]}, 2, "未知的阶段"},
		{"bad date", []string{"--data", data, "--title", "某条例", "--date", "2018/4/20", files[0]}, 2, "YYYY-MM-DD"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runLifa(append([]string{"import"}, c.args...)...)
			if code != c.code || !strings.Contains(errOut, c.msg) {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.code, errOut)
			}
		})
	}
	// A parse failure writes nothing, not even the new regulation.
	if s, err := store.Open(context.Background(), filepath.Join(data, "lifa.db")); err == nil {
		rs, _ := s.ListRegulations(context.Background())
		for _, r := range rs {
			if vs, _ := s.Versions(context.Background(), r.ID); len(vs) == 0 {
				t.Errorf("regulation %q was created without a version", r.Title)
			}
		}
		s.Close()
	}
}

// TestBackup runs lifa backup on a database another store handle is writing
// to, as a running server would be.
func TestBackup(t *testing.T) {
	t.Setenv("LIFA_DATA", "")
	t.Setenv("LIFA_DB", "")
	ctx := context.Background()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	s, err := store.Open(ctx, filepath.Join(data, "lifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := &drafts.Regulation{Title: "广州市停车场条例", Kind: drafts.KindRevise}
	if err := s.CreateRegulation(ctx, "测试员", r); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writes int
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			st := fmt.Sprintf("状态%d", writes)
			if _, err := s.UpdateRegulation(ctx, "测试员", r.ID, drafts.RegulationUpdate{Status: &st}); err != nil {
				t.Error(err)
				return
			}
			writes++
		}
	}()
	out := filepath.Join(dir, "backups", "lifa-backup.db")
	code, stdout, stderr := runLifa("backup", "--data", data, out)
	close(stop)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "已备份") {
		t.Errorf("stdout: %s", stdout)
	}
	b, err := store.Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got, err := b.Regulation(ctx, r.ID)
	if err != nil || got.Title != r.Title {
		t.Fatalf("backup holds %+v, %v", got, err)
	}
	log, _ := b.AuditLog(ctx, 0)
	changes, _ := b.ChangesSince(ctx, 0, 100000)
	if len(log) != len(changes) { // every write here is one audit entry and one change
		t.Errorf("inconsistent backup: %d audit entries, %d changes", len(log), len(changes))
	}
	t.Logf("backup taken during %d writes holds %d of them", writes, len(changes)-1)

	if code, _, stderr := runLifa("backup", "--data", data, out); code != 1 || !strings.Contains(stderr, "已存在") {
		t.Errorf("second backup to the same file: exit %d %s", code, stderr)
	}
	if code, _, stderr := runLifa("backup", "--data", filepath.Join(dir, "none"), filepath.Join(dir, "x.db")); code != 1 ||
		!strings.Contains(stderr, "不存在") {
		t.Errorf("backup of a missing database: exit %d %s", code, stderr)
	}
	if code, _, _ := runLifa("backup", "--data", data); code != 2 {
		t.Errorf("backup without a file: exit %d, want 2", code)
	}
	if code, _, stderr := runLifa("backup", "--db", "postgres://x@127.0.0.1/none", filepath.Join(dir, "y.db")); code != 1 ||
		!strings.Contains(stderr, "pg_dump") {
		t.Errorf("backup of PostgreSQL: exit %d %s", code, stderr)
	}
}

// TestImportEach: every file of a folder becomes its own regulation,
// titled, dated, staged and levelled from its text; a second run skips
// them all; a file that fails is reported and the others are imported.
func TestImportEach(t *testing.T) {
	t.Setenv("LIFA_DATA", "")
	t.Setenv("LIFA_DB", "")
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	lib := filepath.Join(dir, "library")
	if err := os.MkdirAll(filepath.Join(lib, "national"), 0o755); err != nil {
		t.Fatal(err)
	}
	importFiles(t, lib, "guangzhou-parking-2025-12-17.md", "guangzhou-wetland-protection-2020.md")
	importFiles(t, filepath.Join(lib, "national"), "gongsifa-2023-12-29.md")
	os.WriteFile(filepath.Join(lib, "notes.txt"), []byte("这不是法规。"), 0o644)
	os.WriteFile(filepath.Join(lib, "ignored.pdf"), []byte("%PDF"), 0o644)

	code, out, errOut := runLifa("import", "--each", "--data", data, "--actor", "测试员", lib, filepath.Join(dir, "missing.md"))
	if code != 1 {
		t.Fatalf("exit %d, want 1 (two failures): %s %s", code, out, errOut)
	}
	if !strings.Contains(errOut, "失败 "+filepath.Join(lib, "notes.txt")+"：") || !strings.Contains(errOut, "missing.md") ||
		strings.Contains(errOut, "ignored.pdf") {
		t.Errorf("failures: %s", errOut)
	}
	if !strings.Contains(out, "共 5 个文件：导入 3，跳过 0（已导入），失败 2") {
		t.Errorf("summary: %s", out)
	}

	s, err := store.Open(context.Background(), filepath.Join(data, "lifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	regs, err := s.ListRegulations(context.Background())
	s.Close()
	if err != nil || len(regs) != 3 {
		t.Fatalf("regulations %v %v", regs, err)
	}
	got := map[string]string{}
	for _, r := range regs {
		got[r.Title] = fmt.Sprintf("%s|%s|%s|%s|%d|%s", r.Level, r.Region, r.Latest.Date, r.Latest.Stage, r.Latest.Articles, r.Latest.UploadedBy)
	}
	for title, w := range map[string]string{
		// front matter: published 2025-12-17
		"广州市停车场条例": "地方性法规|广州市|2025-12-17|promulgated|39|测试员",
		// 题注: 2023年12月29日 第十四届全国人民代表大会常务委员会第七次会议第二次修订
		"中华人民共和国公司法": "法律||2023-12-29|adopted|266|测试员",
	} {
		if got[title] != w {
			t.Errorf("%s: %s, want %s", title, got[title], w)
		}
	}
	if !strings.HasPrefix(got["广州市湿地保护规定"], "地方性法规|广州市|") {
		t.Errorf("广州市湿地保护规定: %s", got["广州市湿地保护规定"])
	}

	// synced again: nothing new
	code, out, errOut = runLifa("import", "--each", "--data", data, lib)
	if code != 1 || !strings.Contains(out, "导入 0，跳过 3（已导入），失败 1") || strings.Count(out, "跳过 "+lib) != 3 {
		t.Errorf("second run: exit %d\n%s\n%s", code, out, errOut)
	}

	// flags: --level and --region win; flags that make no sense with --each are refused
	other := filepath.Join(dir, "other")
	os.MkdirAll(other, 0o755)
	importFiles(t, other, "gongsifa-2018-10-26.md", "zhian-guanli-chufa-fa-2025-06-27.md")
	code, out, errOut = runLifa("import", "--each", "--data", data, "--level", "行政法规", "--region", "全国", "--stage", "公布", other)
	if code != 1 || !strings.Contains(errOut, "zhian-guanli-chufa-fa-2025-06-27.md：文本没有标题") ||
		!strings.Contains(out, "中华人民共和国公司法（行政法规，全国，2018-10-26，") {
		t.Errorf("exit %d: %s %s", code, out, errOut)
	}
	for _, args := range [][]string{{"--title", "某条例"}, {"--regulation", "1"}, {"--level", "省级法规"}, {}} {
		if code, _, _ := runLifa(append([]string{"import", "--each", "--data", data}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
