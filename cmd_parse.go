package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"lifa/drafts"
	"lifa/drafts/parse"
)

// runParse implements `lifa parse [--format json|text] FILE`: it parses a
// regulation text (plain text, Markdown, .docx; UTF-8 or GB18030) and prints
// its structure as JSON or as an indented outline.
func runParse(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("parse", stderr)
	format := fs.String("format", "text", "输出格式：json 或 text（缩进大纲）")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: lifa parse [--format json|text] FILE")
		fmt.Fprintln(stderr, "解析法规文本（纯文本、Markdown、.docx；UTF-8 或 GB18030）并输出结构。")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *format != "json" && *format != "text" {
		return usageError(fs, stderr, fmt.Sprintf("未知的输出格式 %q（应为 json 或 text）", *format))
	}
	if fs.NArg() != 1 {
		return usageError(fs, stderr, "需要且只需要一个文件")
	}
	name := fs.Arg(0)
	data, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintf(stderr, "lifa parse: 无法读取文件 %s：%v\n", name, err)
		return 1
	}
	doc, err := parse.Parse(name, data)
	if err != nil {
		fmt.Fprintf(stderr, "lifa parse: %s\n", drafts.ErrorMessage(err))
		return 1
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			fmt.Fprintf(stderr, "lifa parse: %v\n", err)
			return 1
		}
		return 0
	}
	writeOutline(stdout, doc)
	return 0
}

// writeOutline prints doc as an indented outline for a terminal.
func writeOutline(w io.Writer, doc *drafts.Document) {
	fmt.Fprintf(w, "%s\n", doc.Title)
	for _, p := range doc.Preamble {
		fmt.Fprintf(w, "  %s\n", p)
	}
	fmt.Fprintf(w, "（格式 %s，编码 %s；%d 条，%d 处引用，%d 条提示）\n\n", doc.Format, doc.Encoding,
		len(doc.Articles), len(doc.References), len(doc.Warnings))
	// Headings are printed before the first article they hold.
	type head struct {
		depth int
		d     *drafts.Division
	}
	before := map[int][]head{}
	var empty []head
	var walk func(ds []*drafts.Division, depth int)
	walk = func(ds []*drafts.Division, depth int) {
		for _, d := range ds {
			first := firstArticle(d)
			if first < 0 {
				empty = append(empty, head{depth, d})
			} else {
				before[first] = append(before[first], head{depth, d})
			}
			walk(d.Children, depth+1)
		}
	}
	walk(doc.Chapters, 0)
	depth := 0
	for i, a := range doc.Articles {
		for _, h := range before[i] {
			fmt.Fprintf(w, "%s%s %s  [行 %d]\n", strings.Repeat("  ", h.depth), h.d.Label, h.d.Title, h.d.Line)
			depth = h.depth + 1
		}
		ind := strings.Repeat("  ", depth)
		fmt.Fprintf(w, "%s%s  [行 %d–%d]\n", ind, a.Label, a.Line, a.EndLine)
		for k, p := range a.Paragraphs {
			if p.Text != "" {
				fmt.Fprintf(w, "%s  款%d %s\n", ind, k+1, p.Text)
			} else {
				fmt.Fprintf(w, "%s  款%d\n", ind, k+1)
			}
			for _, it := range p.Items {
				fmt.Fprintf(w, "%s    %s%s\n", ind, it.Label, it.Text)
				for _, si := range it.SubItems {
					fmt.Fprintf(w, "%s      %s%s\n", ind, si.Label, si.Text)
					for _, ssi := range si.SubItems {
						fmt.Fprintf(w, "%s        %s%s\n", ind, ssi.Label, ssi.Text)
					}
				}
			}
		}
	}
	for _, h := range empty {
		fmt.Fprintf(w, "（空）%s %s  [行 %d]\n", h.d.Label, h.d.Title, h.d.Line)
	}
	for _, b := range doc.Blocks {
		fmt.Fprintf(w, "\n%s  [行 %d–%d]\n", b.Title, b.Line, b.EndLine)
		for _, l := range strings.Split(b.Text, "\n") {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	if len(doc.References) > 0 {
		fmt.Fprintln(w, "\n引用：")
		for _, r := range doc.References {
			from := ""
			if r.From >= 0 && r.From < len(doc.Articles) {
				from = doc.Articles[r.From].Label
			}
			fmt.Fprintf(w, "  [行 %d] %s：%s\n", r.Line, from, r.Text)
		}
	}
	if len(doc.Warnings) > 0 {
		fmt.Fprintln(w, "\n提示：")
		for _, wn := range doc.Warnings {
			fmt.Fprintf(w, "  [行 %d] %s\n", wn.Line, wn.Message)
		}
	}
}

// firstArticle returns the first article index held by d or its children.
func firstArticle(d *drafts.Division) int {
	if d.FirstArticle >= 0 {
		return d.FirstArticle
	}
	for _, c := range d.Children {
		if f := firstArticle(c); f >= 0 {
			return f
		}
	}
	return -1
}
