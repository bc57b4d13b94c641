// Command lifa runs Lifa (立法), a platform on which a people's congress
// drafts and reviews regulations, and its offline tools.
//
// Usage:
//
//	lifa serve   [--addr :8080] [--data ./lifa-data] [--db postgres://…] [--demo]
//	lifa import  [--data DIR] [--regulation ID | --title T] [--stage S] FILE…
//	lifa parse   [--format json|text] FILE
//	lifa diff    [--format json|html|docx|text] [-o FILE] OLD NEW
//	lifa amend   [--format text|json|docx] OLD NEW | --apply DECISION BASE
//	lifa similar [--data DIR] [--json] (--version V --article N | --text T)
//	lifa search  [--data DIR] [--scope all] [--json] QUERY
//	lifa reindex [--data DIR]
//	lifa backup  [--data DIR] FILE
//	lifa user    add|list|contact-point …
//	lifa version
//
// Flags win over LIFA_* environment variables (LIFA_ADDR, LIFA_DATA, LIFA_DB …),
// which win over the built-in defaults. Usage errors exit with status 2.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand of lifa.
type command struct {
	run     func(args []string, stdout, stderr io.Writer) int
	summary string
}

func commands() map[string]command {
	return map[string]command{
		"serve":   {runServe, "运行 Lifa 服务（网页与 API）"},
		"import":  {runImport, "导入法规文本为新版本"},
		"parse":   {runParse, "解析法规文本并输出结构"},
		"diff":    {runDiff, "比较两个文本，生成对照表"},
		"amend":   {runAmend, "生成修改决定，或把修改决定适用于文本"},
		"search":  {runSearch, "全文检索"},
		"similar": {runSimilar, "查找类似规定或上位法依据（立法参考）"},
		"reindex": {runReindex, "重建检索索引"},
		"backup":  {runBackup, "备份数据库"},
		"user":    {runUser, "管理用户账号"},
		"version": {runVersion, "显示版本"},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "lifa: 未知命令 %q\n", args[0])
		usage(stderr, cmds)
		return 2
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "用法: lifa <命令> [参数]")
	fmt.Fprintln(w, "命令:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "运行 lifa <命令> -h 查看该命令的参数。")
}

// newFlagSet returns a flag set for a subcommand that reports errors to
// stderr and does not exit, so the caller can return status 2.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("lifa "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// envOr returns the LIFA_* environment variable key if set, else def.
// Use it as a flag's default so that flags win over the environment.
func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

// usageError prints msg and the flag set's usage, and returns exit status 2.
func usageError(fs *flag.FlagSet, stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "%s: %s\n", fs.Name(), msg)
	fs.Usage()
	return 2
}

// parseFlags parses args into fs. When ok is false the command should
// return code at once: 0 after -h (the usage was printed), 2 after a usage
// error (the flag package printed it).
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}
