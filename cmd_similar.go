package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"

	"lifa/drafts"
	"lifa/drafts/diff"
	"lifa/drafts/store"
	"lifa/search"
)

// runSimilar lists the provisions most like one article (立法参考):
//
//	lifa similar [--data DIR] [--db DSN] [--json] [--limit N] [--level L,…] [--region R] [--stage S]
//	             [--same] [--basis] (--version V --article N | --text TEXT)
//
// --article takes 10, 10-1 or 第十条之一. The output is what the API's
// similar provisions return: as JSON with --json, else as text, each hit
// with its similarity and its differences from the article ([-deleted-],
// {+inserted+}). --basis lists the superior-law basis (上位法依据) instead:
// the laws the article cites, those its regulation's 第一条 names, then the
// most similar national law. The index is opened (caught up with the
// database, or rebuilt) like the server does; while a server holds it, use
// the API instead.
func runSimilar(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("similar", stderr)
	data := fs.String("data", envOr("LIFA_DATA", "./lifa-data"), "数据目录（环境变量 LIFA_DATA）")
	db := fs.String("db", envOr("LIFA_DB", ""), "数据库：SQLite 文件路径或 postgres://…（默认 数据目录/lifa.db；环境变量 LIFA_DB）")
	asJSON := fs.Bool("json", false, "输出 JSON（与 API 相同）")
	version := fs.Int64("version", 0, "版本编号")
	article := fs.String("article", "", "条文：10、10-1 或 第十条之一")
	text := fs.String("text", "", "不指定条文时，查与这段文字类似的规定")
	limit := fs.Int("limit", search.DefaultSimilarLimit, fmt.Sprintf("列出几条（最多 %d）", search.MaxSimilarLimit))
	level := fs.String("level", "", "只查这些效力级别，逗号分隔：法律、行政法规、地方性法规、规章")
	region := fs.String("region", "", "只查该地区（如 广州市）")
	stage := fs.String("stage", "", "只查该阶段的版本（如 promulgated）")
	same := fs.Bool("same", false, "也查同一法规的其他版本")
	basis := fs.Bool("basis", false, "列出上位法依据：条文引用的法律、第一条所列的法律，再是最相似的法律、行政法规")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: lifa similar [参数] (--version 版本 --article 条 | --text 文字)")
		fmt.Fprintln(stderr, "列出与某一条文最相似的其他法规的规定（立法参考），或其上位法依据（--basis）。")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(fs, stderr, "多余的参数 "+fs.Arg(0))
	}
	req := search.SimilarRequest{VersionID: *version, Text: *text, Limit: *limit, Region: *region, Stage: *stage, Same: *same}
	for _, l := range strings.Split(*level, ",") {
		if l = strings.TrimSpace(l); l != "" {
			req.Levels = append(req.Levels, drafts.Level(l))
		}
	}
	switch {
	case *text != "" && (*version != 0 || *article != ""):
		return usageError(fs, stderr, "--text 与 --version/--article 只能选一种")
	case *text == "" && (*version <= 0 || *article == ""):
		return usageError(fs, stderr, "须用 --version 和 --article 指定条文，或用 --text 给出文字")
	case *article != "":
		num, sub, err := drafts.ParseArticleKey(*article)
		if err != nil {
			return usageError(fs, stderr, errorText(err))
		}
		req.ArticleNum, req.ArticleSub = num, sub
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dataStoreDSN(*data, *db))
	if err != nil {
		fmt.Fprintf(stderr, "lifa similar: %s\n", errorText(err))
		return 1
	}
	defer st.Close()
	ix, err := search.Open(ctx, filepath.Join(*data, "search"), st, search.Options{Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		fmt.Fprintf(stderr, "lifa similar: %v\n（运行中的 lifa serve 占用索引时，请改用 API）\n", err)
		return 1
	}
	defer ix.Close()
	find := ix.Similar
	if *basis {
		find = ix.SuperiorBasis
	}
	res, err := find(ctx, req)
	if err != nil {
		if drafts.ErrorCode(err) == drafts.EINVALID {
			return usageError(fs, stderr, errorText(err))
		}
		fmt.Fprintf(stderr, "lifa similar: %s\n", errorText(err))
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res); err != nil {
			fmt.Fprintf(stderr, "lifa similar: %v\n", err)
			return 1
		}
		return 0
	}
	writeSimilarText(stdout, res)
	return 0
}

// reasonNames are SimilarHit.Reason for people.
var reasonNames = map[string]string{"cited": "条文引用", "basis": "第一条所列上位法", "similar": "相似"}

// writeSimilarText prints a similar-provisions result for people.
func writeSimilarText(w io.Writer, res *search.SimilarResult) {
	q := res.Query
	if q.Article != nil {
		fmt.Fprintf(w, "%s %s（版本 #%d）\n", q.RegulationTitle, q.Article.Label, q.VersionID)
	}
	fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(q.Text, "\n", " "))
	fmt.Fprintf(w, "类似规定 %d 条（比较了 %d 条候选，用时 %.1f 毫秒）\n", len(res.Hits), res.Candidates, res.TookMS)
	for i, h := range res.Hits {
		fmt.Fprintln(w)
		var facts []string
		if h.Reason != "" {
			facts = append(facts, reasonNames[h.Reason])
		}
		for _, s := range []string{string(h.Level), h.Region, h.StageName, h.Date} {
			if s != "" {
				facts = append(facts, s)
			}
		}
		facts = append(facts, fmt.Sprintf("相似度 %.2f", h.Similarity))
		if h.Subject > 0 {
			facts = append(facts, fmt.Sprintf("主题 %.2f", h.Subject))
		}
		fmt.Fprintf(w, "%d. %s %s（%s；/versions/%d#%s）\n", i+1, h.RegulationTitle, h.Article.Label, strings.Join(facts, "，"), h.VersionID, h.Article.Anchor)
		fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(diffText(h.Diff), "\n", " "))
	}
	if len(res.Unresolved) > 0 {
		fmt.Fprintf(w, "\n引用但库中没有：%s\n", "《"+strings.Join(res.Unresolved, "》《")+"》")
	}
}

// diffText writes a character diff for a terminal: [-deleted-] and
// {+inserted+}, the way wdiff does.
func diffText(ops []diff.Op) string {
	var b strings.Builder
	for _, op := range ops {
		switch op.Op {
		case diff.OpDelete:
			b.WriteString("[-" + op.Text + "-]")
		case diff.OpInsert:
			b.WriteString("{+" + op.Text + "+}")
		default:
			b.WriteString(op.Text)
		}
	}
	return b.String()
}
