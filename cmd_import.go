package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/drafts/store"
)

// runImport imports files as new versions of a regulation:
//
//	lifa import [--data DIR] [--db DSN] (--regulation ID | --title T [--kind 制定] [--committee C])
//	            [--stage 一审稿|first-reading] [--label L] [--date YYYY-MM-DD] [--explanation TEXT]
//	            [--actor NAME] FILE…
//
// Every file is parsed before anything is written; the files then become
// successive versions, in the order given.
func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("import", stderr)
	data := fs.String("data", envOr("LIFA_DATA", "./lifa-data"), "数据目录（环境变量 LIFA_DATA）")
	db := fs.String("db", envOr("LIFA_DB", ""), "数据库：SQLite 文件路径或 postgres://…（默认 数据目录/lifa.db；环境变量 LIFA_DB）")
	regID := fs.Int64("regulation", 0, "导入到已有的法规项目（编号）")
	title := fs.String("title", "", "新建法规项目的名称")
	kind := fs.String("kind", string(drafts.KindEnact), "新建法规项目的类型：制定、修订、修正或废止")
	committee := fs.String("committee", "", "新建法规项目的负责机构")
	stage := fs.String("stage", "draft", "版本所处阶段，如 一审稿 或 first-reading")
	label := fs.String("label", "", "版本名称，如 二次审议稿（默认为阶段名）")
	date := fs.String("date", "", "日期 YYYY-MM-DD")
	explanation := fs.String("explanation", "", "修改说明")
	actor := fs.String("actor", envOr("LIFA_ACTOR", defaultActor()), "记入审计日志的操作人")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: lifa import [参数] (--regulation 编号 | --title 名称) 文件…")
		fmt.Fprintln(stderr, "将文件（.txt、.md、.docx）依次导入为法规项目的新版本。")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	files := fs.Args()
	switch {
	case len(files) == 0:
		return usageError(fs, stderr, "缺少要导入的文件")
	case *regID != 0 && *title != "":
		return usageError(fs, stderr, "--regulation 与 --title 只能选一个")
	case *regID == 0 && strings.TrimSpace(*title) == "":
		return usageError(fs, stderr, "须用 --regulation 指定已有法规项目，或用 --title 新建")
	case *regID < 0:
		return usageError(fs, stderr, "--regulation 须为正整数")
	}
	if _, err := time.Parse("2006-01-02", *date); *date != "" && err != nil {
		return usageError(fs, stderr, fmt.Sprintf("日期须为 YYYY-MM-DD 格式，而不是 %q", *date))
	}
	if *title != "" && !drafts.ValidKind(drafts.Kind(*kind)) {
		return usageError(fs, stderr, fmt.Sprintf("未知的类型 %q（可选：制定、修订、修正、废止）", *kind))
	}

	ctx := context.Background()
	s, err := store.Open(ctx, dataStoreDSN(*data, *db))
	if err != nil {
		fmt.Fprintf(stderr, "lifa import: 打开数据库: %v\n", err)
		return 1
	}
	defer s.Close()
	rd := readings.New(s)

	// Check every file and what the store would refuse before creating
	// anything, so that a bad file, --stage or --date does not leave an
	// empty regulation behind.
	if _, err := rd.Stage(ctx, *stage); err != nil {
		return usageError(fs, stderr, drafts.ErrorMessage(err))
	}
	var inputs []*readings.Preview
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(stderr, "lifa import: %v\n", err)
			return 1
		}
		p, err := rd.Preview(ctx, readings.Upload{Stage: *stage, Label: *label, Date: *date, Explanation: *explanation,
			Filename: filepath.Base(f), Data: b})
		if err != nil {
			fmt.Fprintf(stderr, "lifa import: %s: %s\n", f, errorText(err))
			return 1
		}
		inputs = append(inputs, p)
	}

	id := *regID
	if id == 0 {
		r, err := rd.CreateRegulation(ctx, *actor, readings.NewRegulation{Title: *title, Kind: *kind, Committee: *committee})
		if err != nil {
			fmt.Fprintf(stderr, "lifa import: %s\n", errorText(err))
			return 1
		}
		id = r.ID
		fmt.Fprintf(stdout, "新建法规项目 #%d %s\n", r.ID, r.Title)
	}
	for _, in := range inputs {
		v, err := rd.Import(ctx, *actor, id, in)
		if err != nil {
			fmt.Fprintf(stderr, "lifa import: %s: %s\n", in.Upload.Filename, errorText(err))
			return 1
		}
		what := v.StageName
		if v.Label != v.StageName {
			what += "，" + v.Label
		}
		fmt.Fprintf(stdout, "已导入 %s → 法规项目 #%d 第 %d 版（版本 #%d，%s，%d 条", in.Upload.Filename, id, v.Seq, v.ID,
			what, v.Articles)
		if n := len(in.Warnings()); n > 0 {
			fmt.Fprintf(stdout, "，%d 条解析提示", n)
		}
		fmt.Fprintln(stdout, "）")
	}
	return 0
}

// dataStoreDSN returns the database to open: db when given, else the SQLite
// file lifa.db in the data directory.
func dataStoreDSN(data, db string) string {
	if db != "" {
		return db
	}
	return filepath.Join(data, "lifa.db")
}

// errorText is the message to print for a store error: the people-safe
// message of a *drafts.Error, the full text of anything else.
func errorText(err error) string {
	if drafts.ErrorCode(err) == drafts.EINTERNAL {
		return err.Error()
	}
	return drafts.ErrorMessage(err)
}

// defaultActor names the person running the command, for the audit log.
func defaultActor() string {
	name := "unknown"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	return "命令行:" + name
}
