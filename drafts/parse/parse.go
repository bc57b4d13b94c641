// Package parse turns a regulation text into its structure (drafts.Document):
// title, 题注, 编/章/节, 条, 款, 项, 目, 附件 blocks, cross-references and
// drafting warnings, each unit with the source lines it came from.
//
// It reads the formats drafts really arrive in: plain text, Markdown as in
// the corpus (front matter, # headings, <!-- INFO END -->), Word .docx
// (paragraphs with Word's list numbering), text extracted from PDF with hard
// line breaks and half-width punctuation, in UTF-8 or GB18030/GBK. The format
// and the encoding are detected from the bytes, never from the file name.
//
// Parse never panics. A text that can be read always parses; what is wrong
// with it is reported as Warnings. Only unreadable input — invalid encoding,
// an empty file, a text without any article — is an error: a *drafts.Error
// with code drafts.EINVALID that wraps a *parse.Error saying why and where.
package parse

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"lifa/drafts"
)

// Error says why a text could not be read and where (Line is 1-based, 0
// when the whole input is at fault).
type Error struct {
	Line   int
	Reason string
}

// Error returns the reason in Chinese, with the line when known.
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("第%d行：%s", e.Line, e.Reason)
	}
	return e.Reason
}

// invalid wraps err as the application error the server shows as 400.
func invalid(name string, err error) error {
	msg := err.Error()
	if name != "" {
		msg = name + "：" + msg
	}
	return &drafts.Error{Code: drafts.EINVALID, Message: "无法解析法规文本：" + msg, Err: err}
}

// Parse detects the format and encoding of data and parses it. name is
// used in error messages only. The error, if any, is a *drafts.Error with
// code drafts.EINVALID wrapping a *Error.
func Parse(name string, data []byte) (*drafts.Document, error) {
	if bytes.HasPrefix(data, zipMagic) {
		text, err := docxText(data)
		if err != nil {
			return nil, invalid(name, err)
		}
		doc, err := parseText(text, "docx", "UTF-8")
		if err != nil {
			return nil, invalid(name, err)
		}
		return doc, nil
	}
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, invalid(name, err)
	}
	doc, err := parseText(text, "", enc)
	if err != nil {
		return nil, invalid(name, err)
	}
	return doc, nil
}

// ParseString parses a plain-text or Markdown regulation already in a
// Go string, which must be UTF-8: invalid UTF-8 is an error naming the
// line, like the other errors of Parse.
func ParseString(text string) (*drafts.Document, error) {
	if !utf8.ValidString(text) {
		return nil, invalid("", &Error{Line: invalidUTF8Line([]byte(text)), Reason: "文本不是有效的 UTF-8"})
	}
	doc, err := parseText(text, "", "UTF-8")
	if err != nil {
		return nil, invalid("", err)
	}
	return doc, nil
}

// parseText splits text into lines, classifies them and builds the tree.
// format is "" to detect text vs Markdown.
func parseText(text, format, enc string) (*drafts.Document, error) {
	if strings.TrimFunc(text, func(r rune) bool { return isBlankRune(r) || r == '\n' || r == '\r' }) == "" {
		return nil, &Error{Reason: "文本为空"}
	}
	lines, meta, md := splitLines(text)
	if format == "" {
		format = "text"
		if md {
			format = "markdown"
		}
	}
	hard := hardWrapped(lines)
	b := builder{lines: lines, hard: hard}
	doc := b.build(false)
	if len(doc.Articles) == 0 {
		b = builder{lines: lines, hard: hard}
		doc = b.build(true)
		if len(doc.Articles) > 0 {
			doc.Warnings = append(doc.Warnings, drafts.Warning{Line: doc.Articles[0].Line,
				Message: "未找到“第…条”，已按“一、二、……”的序号分条"})
			sortWarnings(doc.Warnings)
		}
	}
	if len(doc.Articles) == 0 {
		if !regulationTitle(doc.Title) && !regulationTitle(meta["title"]) {
			return nil, &Error{Reason: "未找到任何条文（“第一条”等），标题也不像法规名称，不像是法规文本"}
		}
		// A regulation's title and 题注 without articles (an empty
		// body, or a 修正案 written as running text): keep the body as
		// a block.
		b.unplacedBlock()
	}
	doc.Meta = meta
	doc.Format = format
	doc.Encoding = enc
	if doc.Title == "" && meta["title"] != "" {
		doc.Title = meta["title"]
	}
	return doc, nil
}

// splitLines cuts text into cleaned, classified lines, reads YAML front
// matter into meta and strips Markdown markers. md reports whether the
// text looked like Markdown.
func splitLines(text string) (lines []line, meta map[string]string, md bool) {
	if strings.IndexByte(text, '\n') < 0 && strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r", "\n") // classic Mac line ends
	}
	// About half the lines of most texts are blank.
	n := strings.Count(text, "\n")/2 + 1
	lines = make([]line, 0, n)
	no := 0
	inFront, seen := false, false
	for len(text) > 0 {
		var raw string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			raw, text = text[:i], text[i+1:]
		} else {
			raw, text = text, ""
		}
		no++
		if strings.IndexByte(raw, '\r') >= 0 {
			// CRLF; a stray CR inside a line becomes a blank.
			raw = strings.TrimSuffix(raw, "\r")
			if strings.IndexByte(raw, '\r') >= 0 {
				raw = strings.ReplaceAll(raw, "\r", " ")
			}
		}
		s := cleanLine(raw)
		if s == "" {
			continue // blank lines separate, nothing more: not kept
		}
		if s == "---" && !seen && meta == nil {
			// YAML front matter, as the first thing in the file.
			inFront, md = true, true
			meta = map[string]string{}
			continue
		}
		seen = true
		if inFront {
			if s == "---" {
				inFront = false
			} else if k, v, ok := strings.Cut(s, ":"); ok {
				v = strings.TrimSpace(v)
				v = strings.Trim(v, `"'`)
				meta[strings.TrimSpace(k)] = v
			}
			continue
		}
		l := line{no: no, text: s}
		if s != "" {
			switch s[0] {
			case '#':
				t := strings.TrimLeft(s, "#")
				if t == "" || t[0] == ' ' || isBlankRune(firstRune(t)) {
					l.md, md = true, true
					l.depth = len(s) - len(t)
					l.text = cleanLine(t)
				}
			case '>':
				l.text = cleanLine(s[1:])
			case '<':
				if strings.HasPrefix(s, "<!--") {
					md = true
				}
			}
			if strings.HasSuffix(l.text, "\\") {
				l.text = cleanLine(strings.TrimSuffix(l.text, "\\"))
			}
			if strings.HasPrefix(l.text, "\\") {
				l.text = cleanLine(strings.TrimPrefix(l.text, "\\"))
			}
		}
		l.text = FullWidthPunct(l.text)
		classify(&l)
		if l.md && l.kind == kText {
			l.kind = kMDHeading
		}
		lines = append(lines, l)
	}
	return lines, meta, md
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// endsSentence reports whether s ends with punctuation that closes a
// paragraph or an item (full- or half-width).
func endsSentence(s string) bool {
	// Look through closing quotes and brackets: …。” ends a sentence.
	s = strings.TrimRight(s, "”’」』\"'）)")
	switch lastRune(s) {
	case '。', '；', '：', '！', '？', '.', ';', ':', '!', '?', '…':
		return true
	}
	return false
}

// hardWrapped reports whether the body has lines broken inside sentences,
// as text extracted from PDF has: then a line that does not start a new
// unit continues the one before, and blank lines mean nothing.
func hardWrapped(lines []line) bool {
	seen := false
	total, open := 0, 0
	for i := range lines {
		l := &lines[i]
		switch l.kind {
		case kArticle:
			seen = true
			if l.rest == "" {
				continue
			}
			total++
			if !endsSentence(l.rest) {
				open++
			}
		case kText, kItem, kSubItem:
			if !seen {
				continue
			}
			total++
			if !endsSentence(l.text) {
				open++
			}
		}
	}
	return total >= 6 && open*4 > total
}

func sortWarnings(ws []drafts.Warning) {
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].Line < ws[j].Line })
}
