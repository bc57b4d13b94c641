package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"

	"lifa/drafts/store"
	"lifa/search"
)

// runSearch searches the regulation texts from the command line:
//
//	lifa search [--data DIR] [--db DSN] [--scope all] [--json] [--regulation ID] [--stage S]
//	            [--committee C] [--from D] [--to D] [--sort date] [--page N] [--size N] QUERY…
//
// The words of QUERY are joined by spaces and read in the query language of
// the search page (see package search). The output is what
// GET /api/v1/search returns: as JSON with --json, else as text. The index
// is opened (caught up with the database, or rebuilt) like the server does;
// while a server holds it, use the API instead.
func runSearch(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("search", stderr)
	data := fs.String("data", envOr("LIFA_DATA", "./lifa-data"), "数据目录（环境变量 LIFA_DATA）")
	db := fs.String("db", envOr("LIFA_DB", ""), "数据库：SQLite 文件路径或 postgres://…（默认 数据目录/lifa.db；环境变量 LIFA_DB）")
	scope := fs.String("scope", "latest", "latest：每部法规的最新版本；all：全部版本")
	asJSON := fs.Bool("json", false, "输出 JSON（与 /api/v1/search 相同）")
	reg := fs.Int64("regulation", 0, "只查该法规项目（编号）")
	stage := fs.String("stage", "", "只查该阶段（如 first-reading）")
	committee := fs.String("committee", "", "只查该负责机构")
	from := fs.String("from", "", "起始日期 YYYY[-MM[-DD]]")
	to := fs.String("to", "", "截止日期 YYYY[-MM[-DD]]")
	sort := fs.String("sort", "relevance", "relevance（相关度）或 date（日期）")
	page := fs.Int("page", 1, "页码")
	size := fs.Int("size", search.DefaultSize, "每页条数")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: lifa search [参数] 检索词…")
		fmt.Fprintln(stderr, "全文检索法规条文。空格分隔的词都须出现；\"带 空格 的短语\"；-词 排除；词 OR 词；第十条、停车场条例第十条 直达条文。")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(fs, stderr, "缺少检索词")
	}
	req := search.Request{
		Q: strings.Join(fs.Args(), " "), Regulation: *reg, Stage: *stage, Committee: *committee,
		From: *from, To: *to, Scope: search.Scope(*scope), Sort: *sort, Page: *page, Size: *size,
	}
	if _, err := search.ParseQuery(req.Q); err != nil {
		return usageError(fs, stderr, errorText(err))
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dataStoreDSN(*data, *db))
	if err != nil {
		fmt.Fprintf(stderr, "lifa search: %s\n", errorText(err))
		return 1
	}
	defer st.Close()
	ix, err := search.Open(ctx, filepath.Join(*data, "search"), st, search.Options{Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		fmt.Fprintf(stderr, "lifa search: %v\n（运行中的 lifa serve 占用索引时，请改用 /api/v1/search）\n", err)
		return 1
	}
	defer ix.Close()
	res, err := ix.Search(ctx, req)
	if err != nil {
		fmt.Fprintf(stderr, "lifa search: %s\n", errorText(err))
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res); err != nil {
			fmt.Fprintf(stderr, "lifa search: %v\n", err)
			return 1
		}
		return 0
	}
	writeSearchText(stdout, res)
	return 0
}

var markRE = regexp.MustCompile(`</?mark>`)

// writeSearchText prints a result for people: the count, the regulations
// found by title, then each hit with its snippet, marks shown as 【】.
func writeSearchText(w io.Writer, res *search.Result) {
	fmt.Fprintf(w, "共 %d 条（第 %d/%d 页，用时 %.1f 毫秒）\n", res.Total, res.Page, max(res.Pages, 1), res.TookMS)
	for _, r := range res.Regulations {
		fmt.Fprintf(w, "法规：%s（编号 %d）\n", r.Title, r.ID)
	}
	if len(res.Groups) > 0 {
		var gs []string
		for _, g := range res.Groups {
			gs = append(gs, fmt.Sprintf("%s %d", g.RegulationTitle, g.Count))
		}
		fmt.Fprintf(w, "按法规：%s\n", strings.Join(gs, "；"))
	}
	for _, h := range res.Hits {
		fmt.Fprintln(w)
		where := h.StageName
		if h.VersionLabel != "" && h.VersionLabel != h.StageName {
			where += " " + h.VersionLabel
		}
		if h.Date != "" {
			where += " " + h.Date
		}
		direct := ""
		if h.Direct {
			direct = " ★"
		}
		fmt.Fprintf(w, "%s %s%s（%s；/versions/%d#%s）\n", h.RegulationTitle, h.Article.Label, direct, strings.TrimSpace(where), h.VersionID, h.Article.Anchor)
		snip := markRE.ReplaceAllStringFunc(h.SnippetHTML, func(m string) string {
			if m == "<mark>" {
				return "【"
			}
			return "】"
		})
		fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(html.UnescapeString(snip), "\n", " "))
	}
}
