package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"lifa/drafts/store"
	"lifa/search"
)

// runReindex rebuilds the search index from the database:
//
//	lifa reindex [--data DIR] [--db DSN]
//
// It builds a complete new index in DIR/search/index-<time>, then swaps it
// in by atomically replacing DIR/search/CURRENT, so searches never see a
// half-built index. A running server switches to the new index within a
// second and removes the old one. Progress is shown on the terminal.
func runReindex(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("reindex", stderr)
	data := fs.String("data", envOr("LIFA_DATA", "./lifa-data"), "数据目录（环境变量 LIFA_DATA）")
	db := fs.String("db", envOr("LIFA_DB", ""), "数据库：SQLite 文件路径或 postgres://…（默认 数据目录/lifa.db；环境变量 LIFA_DB）")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: lifa reindex [--data 目录] [--db 数据库]")
		fmt.Fprintln(stderr, "从数据库重建检索索引：先在新目录中建好，再原子地切换。")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(fs, stderr, "多余的参数 "+fs.Arg(0))
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dataStoreDSN(*data, *db))
	if err != nil {
		fmt.Fprintf(stderr, "lifa reindex: %s\n", errorText(err))
		return 1
	}
	defer st.Close()

	var bar *progressbar.ProgressBar
	tty := false
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		tty = true
	}
	start := time.Now()
	versions := 0
	dir := filepath.Join(*data, "search")
	name, err := search.Rebuild(ctx, dir, st, search.Options{
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Progress: func(done, total int) {
			versions = total
			if !tty {
				return
			}
			if bar == nil {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(stderr),
					progressbar.OptionSetDescription("重建索引"),
					progressbar.OptionShowCount(),
					progressbar.OptionSetItsString("版本"),
					progressbar.OptionShowIts(),
					progressbar.OptionSetPredictTime(true),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionClearOnFinish())
			}
			bar.Set(done)
		},
	})
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		fmt.Fprintf(stderr, "lifa reindex: %v\n", err)
		return 1
	}
	search.RemoveUnused(dir)
	fmt.Fprintf(stdout, "已重建检索索引：%d 个版本，用时 %s，位于 %s\n", versions, time.Since(start).Round(time.Millisecond), filepath.Join(dir, name))
	return 0
}
