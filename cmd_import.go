package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

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
//
// With --each, every file (and every .txt, .md or .docx file under a
// directory) becomes a regulation of its own — loading a library of
// regulations in force (see importEach):
//
//	lifa import --each [--data DIR] [--db DSN] [--kind 制定] [--committee C] [--level 地方性法规]
//	            [--region 广州市] [--stage S] [--date D] [--actor NAME] FILE|DIR…
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
	each := fs.Bool("each", false, "每个文件（或目录下的每个文件）各为一部法规：标题取自文本，日期和阶段取自文本的元数据或题注")
	level := fs.String("level", "", "--each：效力级别（法律、行政法规、地方性法规、规章），默认从文本推断")
	region := fs.String("region", "", "--each：地区（如 广州市），默认从标题推断")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: lifa import [参数] (--regulation 编号 | --title 名称) 文件…")
		fmt.Fprintln(stderr, "      lifa import --each [参数] 文件或目录…")
		fmt.Fprintln(stderr, "将文件（.txt、.md、.docx）依次导入为法规项目的新版本；--each 则每个文件各建一部法规（已导入的跳过）。")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	files := fs.Args()
	if *each {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for _, name := range []string{"regulation", "title", "label", "explanation"} {
			if set[name] {
				return usageError(fs, stderr, "--each 不能与 --"+name+" 同用：每个文件各为一部法规")
			}
		}
		if len(files) == 0 {
			return usageError(fs, stderr, "缺少要导入的文件或目录")
		}
		if !drafts.ValidLevel(drafts.Level(*level)) {
			return usageError(fs, stderr, fmt.Sprintf("未知的效力级别 %q（可选：法律、行政法规、地方性法规、规章）", *level))
		}
		if !drafts.ValidKind(drafts.Kind(*kind)) {
			return usageError(fs, stderr, fmt.Sprintf("未知的类型 %q（可选：制定、修订、修正、废止）", *kind))
		}
		if _, err := time.Parse("2006-01-02", *date); *date != "" && err != nil {
			return usageError(fs, stderr, fmt.Sprintf("日期须为 YYYY-MM-DD 格式，而不是 %q", *date))
		}
		opts := eachOptions{kind: *kind, committee: *committee, level: drafts.Level(*level), region: *region,
			stage: *stage, date: *date, actor: *actor, stageSet: set["stage"]}
		return importEach(dataStoreDSN(*data, *db), files, opts, stdout, stderr)
	}
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

// eachOptions are the flags of lifa import --each.
type eachOptions struct {
	kind, committee, region, stage, date, actor string
	level                                       drafts.Level
	stageSet                                    bool // --stage given
}

// importEach imports every file of paths — directories are walked for
// .txt, .md and .docx files, in name order — as a regulation of its own:
// titled from its text, dated and staged from its front matter or 题注
// (drafts.ReadingOf; else --date, and --stage or 公布), its level and
// region from --level and --region or, where the text makes them clear,
// inferred (drafts.InferLevel). A file whose text is in the store already
// (the same content hash) is skipped, so a folder can be synced; a file
// that fails is reported with its reason and the others are imported. A
// progress bar shows on a terminal, a line per file elsewhere. The exit
// status is 1 when a file failed.
func importEach(dsn string, paths []string, o eachOptions, stdout, stderr io.Writer) int {
	start := time.Now()
	files, failed := eachFiles(paths)
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintf(stderr, "lifa import: 打开数据库: %v\n", err)
		return 1
	}
	defer st.Close()
	rd := readings.New(st)
	stage := "promulgated" // a library holds regulations in force
	if o.stageSet {
		stage = o.stage
	}
	if _, err := rd.Stage(ctx, stage); err != nil {
		fmt.Fprintf(stderr, "lifa import: %s\n", drafts.ErrorMessage(err))
		return 2
	}
	var bar *progressbar.ProgressBar
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) && len(files) > 1 {
		bar = progressbar.NewOptions(len(files), progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("导入"), progressbar.OptionShowCount(),
			progressbar.OptionSetItsString("文件"), progressbar.OptionShowIts(),
			progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	say := func(w io.Writer, format string, args ...any) {
		if bar != nil {
			bar.Clear()
		}
		fmt.Fprintf(w, format, args...)
	}
	for _, f := range failed {
		say(stderr, "失败 %s：%s\n", f.path, f.reason)
	}
	imported, skipped := 0, 0
	for _, path := range files {
		line, skip, err := importOne(ctx, st, rd, path, stage, o)
		switch {
		case err != nil:
			failed = append(failed, eachFailure{path, errorText(err)})
			say(stderr, "失败 %s：%s\n", path, errorText(err))
		case skip:
			skipped++
			if bar == nil {
				say(stdout, "%s\n", line)
			}
		default:
			imported++
			if bar == nil {
				say(stdout, "%s\n", line)
			}
		}
		if bar != nil {
			bar.Add(1)
		}
	}
	if bar != nil {
		bar.Finish()
	}
	fmt.Fprintf(stdout, "共 %d 个文件：导入 %d，跳过 %d（已导入），失败 %d；用时 %s\n", imported+skipped+len(failed),
		imported, skipped, len(failed), time.Since(start).Round(time.Millisecond))
	if len(failed) > 0 {
		return 1
	}
	return 0
}

// eachFailure is a file that could not be imported, and why.
type eachFailure struct{ path, reason string }

// eachFiles lists the files of paths: files as given, directories walked
// for the formats a reading may be uploaded as, in name order. Paths that
// cannot be read are failures.
func eachFiles(paths []string) (files []string, failed []eachFailure) {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			failed = append(failed, eachFailure{p, "无法读取：" + err.Error()})
			continue
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(q string, d os.DirEntry, err error) error {
			if err != nil {
				failed = append(failed, eachFailure{q, "无法读取：" + err.Error()})
				return nil
			}
			if !d.IsDir() && slices.Contains(readings.Formats, strings.ToLower(filepath.Ext(q))) {
				found = append(found, q)
			}
			return nil
		})
		if err != nil {
			failed = append(failed, eachFailure{p, "无法读取：" + err.Error()})
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, failed
}

// importOne imports one file as a regulation of its own and returns the
// line to print; skip is set when its text was imported before.
func importOne(ctx context.Context, st *store.Store, rd *readings.Service, path, stage string, o eachOptions) (line string, skip bool, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", false, drafts.Errorf(drafts.EINVALID, "无法读取：%v", err)
	}
	name := filepath.Base(path)
	doc, err := readings.Parse(readings.Upload{Filename: name, Data: data})
	if err != nil {
		return "", false, err
	}
	title := strings.TrimSpace(doc.Title)
	if title == "" {
		title = strings.TrimSpace(doc.Meta["title"])
	}
	if title == "" {
		return "", false, drafts.Errorf(drafts.EINVALID, "文本没有标题（第一行应为法规名称）")
	}
	if r, err := st.RegulationWithText(ctx, doc); err == nil {
		return fmt.Sprintf("跳过 %s：内容已导入（法规项目 #%d %s）", path, r.ID, r.Title), true, nil
	} else if drafts.ErrorCode(err) != drafts.ENOTFOUND {
		return "", false, err
	}
	date, textStage := drafts.ReadingOf(doc.Meta, doc.Preamble)
	if date == "" {
		date = o.date
	}
	if textStage != "" {
		stage = textStage
	}
	stg, err := rd.Stage(ctx, stage)
	if err != nil {
		return "", false, err
	}
	level, region := drafts.InferLevel(title, doc.Meta, doc.Preamble)
	if o.level != "" {
		level = o.level
	}
	if o.region != "" {
		region = o.region
	}
	status := map[string]string{"promulgated": "已公布", "approved": "已批准", "adopted": "已通过"}[stg.Code]
	r := &drafts.Regulation{Title: title, Kind: drafts.Kind(o.kind), Committee: o.committee, Level: level, Region: region,
		Status: status}
	if err := st.CreateRegulation(ctx, o.actor, r); err != nil {
		return "", false, err
	}
	v, err := rd.Import(ctx, o.actor, r.ID, &readings.Preview{
		Upload: readings.Upload{Stage: stg.Code, Date: date, Filename: name, Data: data}, Document: doc, Stage: stg})
	if err != nil {
		return "", false, drafts.Errorf(drafts.ErrorCode(err), "法规项目 #%d 已建立，但文本未能导入：%s", r.ID, errorText(err))
	}
	facts := []string{}
	for _, s := range []string{string(level), region, date, v.StageName, fmt.Sprintf("%d 条", v.Articles)} {
		if s != "" {
			facts = append(facts, s)
		}
	}
	return fmt.Sprintf("已导入 %s → 法规项目 #%d %s（%s）", path, r.ID, r.Title, strings.Join(facts, "，")), false, nil
}
