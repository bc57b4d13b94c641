package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"lifa/drafts/store"
)

// runBackup writes a consistent copy of the SQLite database to FILE while
// the server may be running (VACUUM INTO):
//
//	lifa backup [--data DIR] [--db FILE] FILE
func runBackup(args []string, stdout, stderr io.Writer) int {
	flags := newFlagSet("backup", stderr)
	data := flags.String("data", envOr("LIFA_DATA", "./lifa-data"), "数据目录（环境变量 LIFA_DATA）")
	db := flags.String("db", envOr("LIFA_DB", ""), "SQLite 数据库文件（默认 数据目录/lifa.db；环境变量 LIFA_DB）")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "用法: lifa backup [参数] 备份文件")
		fmt.Fprintln(stderr, "在服务运行时生成 SQLite 数据库的一致副本。备份文件不能已存在。")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() != 1 {
		return usageError(flags, stderr, "须指定一个备份文件")
	}
	dsn := dataStoreDSN(*data, *db)
	if isPostgresDSN(dsn) {
		fmt.Fprintln(stderr, "lifa backup: PostgreSQL 数据库请使用 pg_dump 备份")
		return 1
	}
	path, _, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "lifa backup: 数据库 %s 不存在\n", dsn)
		return 1
	}
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintf(stderr, "lifa backup: 打开数据库: %v\n", err)
		return 1
	}
	defer s.Close()
	out := flags.Arg(0)
	if err := s.Backup(ctx, out); err != nil {
		fmt.Fprintf(stderr, "lifa backup: %s\n", errorText(err))
		return 1
	}
	if fi, err := os.Stat(out); err == nil {
		fmt.Fprintf(stdout, "已备份 %s → %s（%d 字节）\n", dsn, out, fi.Size())
	}
	return 0
}

// isPostgresDSN reports whether dsn names a PostgreSQL database.
func isPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}
