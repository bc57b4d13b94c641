package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"lifa/drafts"
	"lifa/drafts/amend"
	"lifa/drafts/diff"
	"lifa/drafts/parse"
)

// runAmend implements `lifa amend [--format text|json|docx] OLD NEW`, which
// writes the amendment decision (修改决定) that turns OLD into NEW, and
// `lifa amend --apply DECISION [--format text|json] BASE`, which applies a
// decision as issued (.txt, .md or .docx) to BASE and writes the amended
// text (修正文本). Operations that cannot be applied are listed on stderr
// with their item numbers and the status is 1; the text is still written,
// for inspection. Flags may come before or after the files.
func runAmend(args []string, stdout, stderr io.Writer) int {
	defer oneShot()()
	fs := newFlagSet("amend", stderr)
	format := fs.String("format", "", "输出格式：text、json 或 docx（默认按 -o 的扩展名，否则 text；--apply 时不支持 docx）")
	out := fs.String("o", "", "输出文件（默认标准输出）")
	apply := fs.String("apply", "", "修改决定文件：把它适用于 BASE，输出修改后的文本")
	var meta amend.Meta
	fs.StringVar(&meta.Body, "body", "", "作出决定的机关，如“广州市人民代表大会常务委员会”")
	fs.StringVar(&meta.Meeting, "meeting", "", "通过决定的会议，如“第十六届广州市人民代表大会常务委员会第三十次会议”")
	fs.StringVar(&meta.Date, "date", "", "通过日期，如 2025-12-17")
	fs.StringVar(&meta.Effective, "effective", "", "施行日期（默认“公布之日”）")
	fs.StringVar(&meta.Law, "law", "", "法规名称（默认取新文本的标题）")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: lifa amend [--format text|json|docx] [-o FILE] [--body … --meeting … --date …] OLD NEW")
		fmt.Fprintln(stderr, "      lifa amend --apply DECISION [--format text|json] [-o FILE] BASE")
		fmt.Fprintln(stderr, "由同一法规的两个版本生成修改决定；或把修改决定适用于原文本，生成修改后的文本。")
		fs.PrintDefaults()
	}
	files, code, ok := flagsAndFiles(fs, args)
	if !ok {
		return code
	}
	f := *format
	if f == "" {
		switch strings.ToLower(filepath.Ext(*out)) {
		case ".json":
			f = "json"
		case ".docx":
			f = "docx"
		default:
			f = "text"
		}
	}
	if f != "text" && f != "json" && (f != "docx" || *apply != "") {
		return usageError(fs, stderr, fmt.Sprintf("不支持的输出格式 %q", f))
	}
	var b bytes.Buffer
	status := 0
	if *apply != "" {
		if len(files) != 1 {
			return usageError(fs, stderr, "--apply 需要一个要修改的文本 BASE")
		}
		var wrote bool
		if status, wrote = applyDecision(*apply, files[0], f, &b, stderr); !wrote {
			return status
		}
	} else {
		if len(files) != 2 {
			return usageError(fs, stderr, "需要两个文件：修改前的文本和修改后的文本")
		}
		if s := writeDecision(files, f, meta, &b, stderr); s != 0 {
			return s
		}
	}
	if *out == "" || *out == "-" {
		if _, err := stdout.Write(b.Bytes()); err != nil {
			fmt.Fprintf(stderr, "lifa amend: %v\n", err)
			return 1
		}
		return status
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		fmt.Fprintf(stderr, "lifa amend: 无法写入 %s：%v\n", *out, err)
		return 1
	}
	fmt.Fprintf(stderr, "已写入 %s\n", *out)
	return status
}

// flagsAndFiles parses flags that may stand before or after the files.
func flagsAndFiles(fs *flag.FlagSet, args []string) (files []string, code int, ok bool) {
	for rest := args; ; {
		if code, ok := parseFlags(fs, rest); !ok {
			return nil, code, false
		}
		if fs.NArg() == 0 {
			return files, 0, true
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
}

// readText parses a regulation file for amend.
func readText(name string, stderr io.Writer) (*drafts.Document, bool) {
	data, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintf(stderr, "lifa amend: 无法读取文件 %s：%v\n", name, err)
		return nil, false
	}
	d, err := parse.Parse(name, data)
	if err != nil {
		fmt.Fprintf(stderr, "lifa amend: %s\n", drafts.ErrorMessage(err))
		return nil, false
	}
	return d, true
}

// writeDecision writes the decision from files[0] to files[1] into b.
func writeDecision(files []string, format string, meta amend.Meta, b *bytes.Buffer, stderr io.Writer) int {
	old, ok := readText(files[0], stderr)
	if !ok {
		return 1
	}
	new, ok := readText(files[1], stderr)
	if !ok {
		return 1
	}
	cmp, err := diff.Compare(old, new, nil)
	if err != nil {
		fmt.Fprintf(stderr, "lifa amend: %s\n", drafts.ErrorMessage(err))
		return 1
	}
	dec, err := amend.Write(old, new, cmp, meta)
	if err != nil {
		fmt.Fprintf(stderr, "lifa amend: %s\n", drafts.ErrorMessage(err))
		return 1
	}
	switch format {
	case "json":
		err = encodeJSON(b, dec)
	case "docx":
		err = dec.WriteDocx(b)
	default:
		b.WriteString(dec.Text())
	}
	if err != nil {
		fmt.Fprintf(stderr, "lifa amend: %v\n", err)
		return 1
	}
	return 0
}

// applyDecision applies the decision in file decision to base and writes
// the amended text into b. It returns the exit status (1 when operations
// could not be applied) and whether b holds the text.
func applyDecision(decision, base, format string, b *bytes.Buffer, stderr io.Writer) (int, bool) {
	data, err := os.ReadFile(decision)
	if err != nil {
		fmt.Fprintf(stderr, "lifa amend: 无法读取文件 %s：%v\n", decision, err)
		return 1, false
	}
	text, err := parse.PlainText(decision, data)
	if err != nil {
		fmt.Fprintf(stderr, "lifa amend: %s\n", drafts.ErrorMessage(err))
		return 1, false
	}
	dec, err := amend.ParseDecision(text)
	if err != nil {
		fmt.Fprintf(stderr, "lifa amend: 无法读取修改决定 %s：\n", decision)
		for _, e := range amend.AsParseErrors(err) {
			fmt.Fprintf(stderr, "  %s\n", e)
		}
		return 1, false
	}
	doc, ok := readText(base, stderr)
	if !ok {
		return 1, false
	}
	amended, rep, err := amend.Apply(doc, dec)
	if err != nil {
		fmt.Fprintf(stderr, "lifa amend: %s\n", drafts.ErrorMessage(err))
		return 1, false
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(stderr, "未能修改：%s\n", p)
	}
	for _, p := range rep.Notes {
		fmt.Fprintf(stderr, "请核对：%s\n", p)
	}
	if format == "json" {
		err = encodeJSON(b, struct {
			Decision *amend.Decision  `json:"decision"`
			Report   *amend.Report    `json:"report"`
			Document *drafts.Document `json:"document"`
		}{dec, rep, amended})
		if err != nil {
			fmt.Fprintf(stderr, "lifa amend: %v\n", err)
			return 1, false
		}
	} else {
		b.WriteString(amend.DocumentText(amended))
	}
	fmt.Fprintf(stderr, "已适用修改决定：%d 项，%d 处修改，%d 处未能修改，%d 处请核对\n", len(dec.Items), rep.Applied, len(rep.Problems), len(rep.Notes))
	if len(rep.Problems) > 0 {
		return 1, true
	}
	return 0, true
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
