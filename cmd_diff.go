package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"lifa/drafts"
	"lifa/drafts/diff"
	"lifa/drafts/parse"
)

// oneShot turns the garbage collector off for a command that reads two
// texts, writes a result and exits — collecting would cost a quarter of
// its time — with a memory limit of 1 GiB past which it collects after
// all. It returns the function that restores the settings.
func oneShot() func() {
	gc := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(1 << 30)
	return func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	}
}

// runDiff implements `lifa diff OLD NEW [--format json|html|docx|text]
// [--inline] [--all] [-o FILE]`: it parses two versions of a regulation
// (.txt, .md, .docx) and writes their article-aligned comparison table
// (对照表), with no server and no database. Flags may come before or after
// the files. Without --format the format follows the -o file's extension,
// else text.
func runDiff(args []string, stdout, stderr io.Writer) int {
	defer oneShot()()
	fs := newFlagSet("diff", stderr)
	format := fs.String("format", "", "输出格式：text、json、html 或 docx（默认按 -o 的扩展名，否则 text）")
	out := fs.String("o", "", "输出文件（默认标准输出）")
	inline := fs.Bool("inline", false, "html：单栏显示（修改处就地标出），而非左右对照")
	all := fs.Bool("all", false, "text/docx：也列出未修改的条文")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: lifa diff [--format json|html|docx|text] [-o FILE] OLD NEW")
		fmt.Fprintln(stderr, "逐条比较同一法规的两个版本（.txt、.md、.docx），生成修改前后对照表。")
		fs.PrintDefaults()
	}
	files, code, ok := flagsAndFiles(fs, args)
	if !ok {
		return code
	}
	if len(files) != 2 {
		return usageError(fs, stderr, "需要两个文件：修改前的文本和修改后的文本")
	}
	f := *format
	if f == "" {
		switch strings.ToLower(filepath.Ext(*out)) {
		case ".json":
			f = "json"
		case ".html", ".htm":
			f = "html"
		case ".docx":
			f = "docx"
		default:
			f = "text"
		}
	}
	switch f {
	case "json", "html", "docx", "text":
	default:
		return usageError(fs, stderr, fmt.Sprintf("未知的输出格式 %q（应为 json、html、docx 或 text）", f))
	}
	var docs [2]*drafts.Document
	for i, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "lifa diff: 无法读取文件 %s：%v\n", name, err)
			return 1
		}
		if docs[i], err = parse.Parse(name, data); err != nil {
			fmt.Fprintf(stderr, "lifa diff: %s\n", drafts.ErrorMessage(err))
			return 1
		}
	}
	c, err := diff.Compare(docs[0], docs[1], nil)
	if err != nil {
		fmt.Fprintf(stderr, "lifa diff: %s\n", drafts.ErrorMessage(err))
		return 1
	}
	var b bytes.Buffer
	switch f {
	case "json":
		err = c.WriteJSON(&b, true)
	case "html":
		err = c.WriteHTML(&b, diff.HTMLOptions{Inline: *inline})
	case "docx":
		err = c.WriteDocx(&b, diff.DocxOptions{Changed: !*all})
	default:
		err = c.WriteText(&b, diff.TextOptions{All: *all})
	}
	if err != nil {
		fmt.Fprintf(stderr, "lifa diff: %v\n", err)
		return 1
	}
	if *out == "" || *out == "-" {
		if _, err := stdout.Write(b.Bytes()); err != nil {
			fmt.Fprintf(stderr, "lifa diff: %v\n", err)
			return 1
		}
		return 0
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		fmt.Fprintf(stderr, "lifa diff: 无法写入 %s：%v\n", *out, err)
		return 1
	}
	fmt.Fprintf(stderr, "已写入 %s：%s\n", *out, c.Summary())
	return 0
}
