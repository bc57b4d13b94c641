// Package docx writes small Word (.docx, Office Open XML) documents:
// headings, paragraphs of styled runs, and tables with a header row that
// repeats on every page. It is what Lifa prints with — the comparison table
// (对照表) and the opinion summary (意见汇总) — so it knows the conventions of
// Chinese official documents: body text in 仿宋, headings and tables in 宋体,
// A4 portrait or landscape.
//
// A Document is built in memory and written once with WriteTo:
//
//	d := docx.New()
//	d.Landscape = true
//	d.Heading(1, "修改前后对照表")
//	d.Table(docx.Table{Widths: []int{6, 6, 3}, Header: []string{"修改前", "修改后", "说明"}, Rows: rows})
//	d.WriteTo(f)
//
// With Official set the pages follow GB/T 9704 (党政机关公文格式) instead:
// margins 37/35/28/26 mm, 22 lines of 28 characters in 三号 仿宋 (fixed
// 28.95 pt lines), the title in 二号 方正小标宋, page numbers — 1 — at the
// foot (右空一字 on odd pages, 左空一字 on even ones). Fonts the reader
// lacks fall back in Word to 宋体.
//
// Word and LibreOffice open the result. The package has no dependencies
// beyond the standard library.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"time"
)

// Fonts used by default.
const (
	FontSong     = "宋体"
	FontFangSong = "仿宋"
	FontHei      = "黑体"
	FontKai      = "楷体"
	// FontTitle is the font of official documents' titles (方正小标宋简体).
	FontTitle = "方正小标宋简体"
)

// Run is a span of text with one style. A "\n" in Text is a line break.
type Run struct {
	Text      string
	Bold      bool
	Italic    bool
	Underline bool
	Strike    bool
	// Font overrides the paragraph's font (East Asian and Latin).
	Font string
	// Size is the font size in half-points (24 = 小四, 28 = 四号); 0
	// keeps the paragraph's size.
	Size int
	// Color is an RGB hex colour such as "C00000"; "" for automatic.
	Color string
	// Shade is a background fill, RGB hex; "" for none.
	Shade string
}

// Plain returns an unstyled run.
func Plain(s string) Run { return Run{Text: s} }

// Bold returns a bold run.
func Bold(s string) Run { return Run{Text: s, Bold: true} }

// Ins returns a run marking inserted text: bold and underlined, so that
// it shows in black and white print.
func Ins(s string) Run { return Run{Text: s, Bold: true, Underline: true} }

// Del returns a run marking deleted text: struck through.
func Del(s string) Run { return Run{Text: s, Strike: true} }

// Align is a paragraph alignment.
type Align string

// Paragraph alignments.
const (
	Left    Align = ""
	Center  Align = "center"
	Right   Align = "right"
	Justify Align = "both"
)

// Paragraph is a block of runs.
type Paragraph struct {
	Runs  []Run
	Align Align
	// Indent indents the first line by two characters, as Chinese body
	// text does.
	Indent bool
	// Style is a paragraph style id: "Heading1" … "Heading3", "Title",
	// or "" for normal text.
	Style string
	// Left and Right indent the paragraph by so many characters of its
	// size (a signature 右空二字).
	Left, Right int
	// KeepNext keeps the paragraph on the page of the next (a heading).
	KeepNext bool
}

// Cell is a table cell: one or more paragraphs.
type Cell struct {
	Paragraphs []Paragraph
	// Shade is a background fill, RGB hex; "" for none.
	Shade string
	// Span merges the cell with the next Span-1 cells of its row.
	Span int
}

// TextCell returns a cell holding one paragraph of runs.
func TextCell(runs ...Run) Cell { return Cell{Paragraphs: []Paragraph{{Runs: runs}}} }

// Table is a table whose first row (Header) repeats on every page.
type Table struct {
	// Widths are relative column widths; the table fills the text width.
	Widths []int
	Header []string
	Rows   [][]Cell
	// FontSize is the table's font size in half-points; default 21 (五号).
	FontSize int
	// KeepRows keeps each row on one page (short rows, such as a list
	// of opinions); a row taller than a page is still split.
	KeepRows bool
}

// Document is a .docx being built. The zero value is not usable; call New.
type Document struct {
	// Landscape lays the pages out as A4 landscape; default A4 portrait.
	Landscape bool
	// Font is the body font, default 仿宋; HeadingFont default 黑体;
	// TableFont default 宋体.
	Font, HeadingFont, TableFont string
	// FontSize is the body size in half-points, default 32 (三号) as in
	// official documents; tables use their own size.
	FontSize int
	// Title and Author go into the document properties.
	Title, Author string
	// Official lays the document out as GB/T 9704 official documents
	// (公文): see the package comment.
	Official bool
	body     bytes.Buffer
}

// New returns an empty A4 portrait document with the default fonts.
func New() *Document {
	return &Document{Font: FontFangSong, HeadingFont: FontHei, TableFont: FontSong, FontSize: 32}
}

// Heading adds a heading of level 1 to 3 (level 0 is the document title,
// centred in 宋体 bold).
func (d *Document) Heading(level int, text string) {
	style := "Title"
	if level >= 1 && level <= 3 {
		style = "Heading" + string(rune('0'+level))
	}
	p := Paragraph{Runs: []Run{{Text: text}}, Style: style}
	if level == 0 {
		p.Align = Center
	}
	d.writeParagraph(p)
}

// Paragraph adds a paragraph.
func (d *Document) Paragraph(p Paragraph) { d.writeParagraph(p) }

// Text adds a plain body paragraph, first line indented.
func (d *Document) Text(s string) { d.writeParagraph(Paragraph{Runs: []Run{{Text: s}}, Indent: true}) }

// PageBreak starts a new page.
func (d *Document) PageBreak() { d.body.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`) }

// NewSection ends the pages so far and lays out what follows on new pages
// in landscape or portrait, e.g. a landscape 对照表 annexed to a portrait
// report. Page numbers continue.
func (d *Document) NewSection(landscape bool) {
	d.body.WriteString(`<w:p><w:pPr>` + d.sectPr() + `</w:pPr></w:p>`)
	d.Landscape = landscape
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (d *Document) writeParagraph(p Paragraph) { writeParagraph(&d.body, p, 0, d.FontSize) }

// writeParagraph writes p; size is its font size in half-points (0 for
// the document's), body the document's (for the indent in twips, which
// LibreOffice needs besides Word's indent in characters).
func writeParagraph(b *bytes.Buffer, p Paragraph, size, body int) {
	b.WriteString("<w:p>")
	if p.Style != "" || p.Align != "" || p.Indent || p.Left > 0 || p.Right > 0 || p.KeepNext || size > 0 {
		b.WriteString("<w:pPr>")
		if p.Style != "" {
			b.WriteString(`<w:pStyle w:val="` + p.Style + `"/>`)
		}
		if p.KeepNext {
			b.WriteString("<w:keepNext/>")
		}
		if p.Indent || p.Left > 0 || p.Right > 0 {
			sz := size
			if sz == 0 {
				sz = body
			}
			// A character of sz half-points is 10*sz twips wide.
			b.WriteString(`<w:ind`)
			if p.Left > 0 {
				b.WriteString(` w:leftChars="` + itoa(100*p.Left) + `" w:left="` + itoa(10*sz*p.Left) + `"`)
			}
			if p.Right > 0 {
				b.WriteString(` w:rightChars="` + itoa(100*p.Right) + `" w:right="` + itoa(10*sz*p.Right) + `"`)
			}
			if p.Indent {
				b.WriteString(` w:firstLineChars="200" w:firstLine="` + itoa(20*sz) + `"`)
			}
			b.WriteString(`/>`)
		}
		if p.Align != "" {
			b.WriteString(`<w:jc w:val="` + string(p.Align) + `"/>`)
		}
		if size > 0 {
			b.WriteString(`<w:rPr><w:sz w:val="` + itoa(size) + `"/><w:szCs w:val="` + itoa(size) + `"/></w:rPr>`)
		}
		b.WriteString("</w:pPr>")
	}
	for _, r := range p.Runs {
		writeRun(b, r, size)
	}
	b.WriteString("</w:p>")
}

func writeRun(b *bytes.Buffer, r Run, size int) {
	if r.Text == "" {
		return
	}
	b.WriteString("<w:r>")
	if r.Size > 0 {
		size = r.Size
	}
	if r.Bold || r.Italic || r.Underline || r.Strike || r.Font != "" || size > 0 || r.Color != "" || r.Shade != "" {
		b.WriteString("<w:rPr>")
		if r.Font != "" {
			f := esc(r.Font)
			b.WriteString(`<w:rFonts w:ascii="` + f + `" w:hAnsi="` + f + `" w:eastAsia="` + f + `"/>`)
		}
		if r.Bold {
			b.WriteString("<w:b/><w:bCs/>")
		}
		if r.Italic {
			b.WriteString("<w:i/>")
		}
		if r.Strike {
			b.WriteString("<w:strike/>")
		}
		if r.Color != "" {
			b.WriteString(`<w:color w:val="` + esc(r.Color) + `"/>`)
		}
		if size > 0 {
			b.WriteString(`<w:sz w:val="` + itoa(size) + `"/><w:szCs w:val="` + itoa(size) + `"/>`)
		}
		if r.Underline {
			b.WriteString(`<w:u w:val="single"/>`)
		}
		if r.Shade != "" {
			b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="` + esc(r.Shade) + `"/>`)
		}
		b.WriteString("</w:rPr>")
	}
	for i, line := range strings.Split(r.Text, "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		if line != "" {
			b.WriteString(`<w:t xml:space="preserve">` + esc(line) + "</w:t>")
		}
	}
	b.WriteString("</w:r>")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// textWidth is the width between the margins in twentieths of a point.
func (d *Document) textWidth() int {
	if d.Landscape {
		return 16838 - 2*1440
	}
	if d.Official {
		return 11906 - 1587 - 1474
	}
	return 11906 - 2*1440
}

// Table adds a table.
func (d *Document) Table(t Table) {
	b := &d.body
	size := t.FontSize
	if size == 0 {
		size = 21
	}
	cols := len(t.Widths)
	if cols == 0 {
		cols = len(t.Header)
	}
	if cols == 0 && len(t.Rows) > 0 {
		cols = len(t.Rows[0])
	}
	if cols == 0 {
		return
	}
	widths := make([]int, cols)
	sum := 0
	for i := range widths {
		w := 1
		if i < len(t.Widths) && t.Widths[i] > 0 {
			w = t.Widths[i]
		}
		widths[i] = w
		sum += w
	}
	total := d.textWidth()
	for i := range widths {
		widths[i] = widths[i] * total / sum
	}
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + itoa(total) + `" w:type="dxa"/><w:tblLayout w:type="fixed"/>`)
	b.WriteString(`<w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblCellMar><w:left w:w="100" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		b.WriteString(`<w:gridCol w:w="` + itoa(w) + `"/>`)
	}
	b.WriteString("</w:tblGrid>")
	font := d.TableFont
	// Official pages fix the body's lines at 28.95 pt; table text keeps
	// its own single spacing.
	style := ""
	if d.Official {
		style = "TableText"
	}
	if len(t.Header) > 0 {
		b.WriteString(`<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
		for i, h := range t.Header {
			w := 0
			if i < len(widths) {
				w = widths[i]
			}
			writeCell(b, Cell{Shade: "D9D9D9", Paragraphs: []Paragraph{{Align: Center, Style: style, Runs: []Run{{Text: h, Bold: true, Font: font}}}}}, w, size)
		}
		b.WriteString("</w:tr>")
	}
	for _, row := range t.Rows {
		b.WriteString("<w:tr>")
		if t.KeepRows {
			b.WriteString("<w:trPr><w:cantSplit/></w:trPr>")
		}
		col := 0
		for _, c := range row {
			span := max(c.Span, 1)
			w := 0
			for k := col; k < col+span && k < len(widths); k++ {
				w += widths[k]
			}
			col += span
			// Default the runs' font without touching the caller's cells.
			ps := make([]Paragraph, len(c.Paragraphs))
			for pi, p := range c.Paragraphs {
				p.Runs = append([]Run(nil), p.Runs...)
				for ri := range p.Runs {
					if p.Runs[ri].Font == "" {
						p.Runs[ri].Font = font
					}
				}
				if p.Style == "" {
					p.Style = style
				}
				ps[pi] = p
			}
			c.Paragraphs = ps
			writeCell(b, c, w, size)
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	// Word needs a paragraph between a table and what follows.
	b.WriteString("<w:p/>")
}

func writeCell(b *bytes.Buffer, c Cell, w, size int) {
	b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + itoa(w) + `" w:type="dxa"/>`)
	if c.Span > 1 {
		b.WriteString(`<w:gridSpan w:val="` + itoa(c.Span) + `"/>`)
	}
	if c.Shade != "" {
		b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="` + esc(c.Shade) + `"/>`)
	}
	b.WriteString("</w:tcPr>")
	if len(c.Paragraphs) == 0 {
		b.WriteString("<w:p/>")
	}
	for _, p := range c.Paragraphs {
		writeParagraph(b, p, size, size)
	}
	b.WriteString("</w:tc>")
}

// WriteTo writes the document as a .docx (zip) file.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	z := zip.NewWriter(cw)
	types, rels, set := contentTypes, documentRels, settings
	if d.Official {
		types = strings.Replace(contentTypes, "</Types>", footerTypes+"</Types>", 1)
		rels = strings.Replace(documentRels, "</Relationships>", footerRels+"</Relationships>", 1)
		set = strings.Replace(settings, "<w:defaultTabStop", "<w:evenAndOddHeaders/><w:defaultTabStop", 1)
	}
	files := []struct{ name, body string }{
		{"[Content_Types].xml", types},
		{"_rels/.rels", rootRels},
		{"word/_rels/document.xml.rels", rels},
		{"word/styles.xml", d.styles()},
		{"word/settings.xml", set},
		{"docProps/core.xml", d.core()},
		{"word/document.xml", d.document()},
	}
	if d.Official {
		files = append(files, struct{ name, body string }{"word/footer1.xml", footer(Right)},
			struct{ name, body string }{"word/footer2.xml", footer(Left)})
	}
	for _, f := range files {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return cw.n, err
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return cw.n, err
		}
	}
	err := z.Close()
	return cw.n, err
}

// Bytes returns the document as .docx bytes.
func (d *Document) Bytes() []byte {
	var b bytes.Buffer
	d.WriteTo(&b) // writing to a bytes.Buffer cannot fail
	return b.Bytes()
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const contentTypes = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>`

const rootRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>`

const documentRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
</Relationships>`

const footerTypes = `<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>`

const footerRels = `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>`

// footerRefs are the page numbers of an official section: footer1 on
// odd pages, footer2 on even ones.
const footerRefs = `<w:footerReference w:type="default" r:id="rId3"/><w:footerReference w:type="even" r:id="rId4"/>`

const settings = xmlHeader + `<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="420"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

func fonts(f string) string {
	f = esc(f)
	return `<w:rFonts w:ascii="` + f + `" w:hAnsi="` + f + `" w:eastAsia="` + f + `" w:cs="` + f + `"/>`
}

func (d *Document) styles() string {
	size := itoa(d.FontSize)
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`)
	b.WriteString(`<w:docDefaults><w:rPrDefault><w:rPr>` + fonts(d.Font) + `<w:sz w:val="` + size + `"/><w:szCs w:val="` + size + `"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>`)
	spacing, title := `<w:spacing w:after="0" w:line="360" w:lineRule="auto"/>`, fonts(FontSong)+`<w:b/>`
	titleSpacing := `<w:spacing w:before="240" w:after="240"/>`
	if d.Official {
		// 22 lines a page: fixed 28.95 pt; the title in 方正小标宋, not
		// bold, its lines 28.95 pt apart off the grid (二号 on the grid
		// takes two of its lines in LibreOffice), 12 pt under it.
		spacing, title = `<w:spacing w:after="0" w:line="579" w:lineRule="exact"/>`, fonts(FontTitle)
		titleSpacing = `<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="240" w:line="579" w:lineRule="exact"/>`
	}
	b.WriteString(`<w:pPrDefault><w:pPr>` + spacing + `<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>`)
	b.WriteString(`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`)
	b.WriteString(`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>` + titleSpacing + `<w:jc w:val="center"/></w:pPr><w:rPr>` + title + `<w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>`)
	for lvl, sz := range []string{"32", "32", "28"} {
		n := itoa(lvl + 1)
		b.WriteString(`<w:style w:type="paragraph" w:styleId="Heading` + n + `"><w:name w:val="heading ` + n + `"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="120"/><w:outlineLvl w:val="` + itoa(lvl) + `"/></w:pPr><w:rPr>` + fonts(d.HeadingFont) + `<w:sz w:val="` + sz + `"/><w:szCs w:val="` + sz + `"/></w:rPr></w:style>`)
	}
	if d.Official {
		b.WriteString(`<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:after="0" w:line="300" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr></w:style>`)
	}
	b.WriteString(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	b.WriteString(`</w:styles>`)
	return b.String()
}

func (d *Document) core() string {
	return xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + esc(d.Title) + `</dc:title><dc:creator>` + esc(d.Author) + `</dc:creator></cp:coreProperties>`
}

func (d *Document) document() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	b.Write(d.body.Bytes())
	b.WriteString(d.sectPr() + `</w:body></w:document>`)
	return b.String()
}

// sectPr is the layout of the current section's pages.
func (d *Document) sectPr() string {
	var b strings.Builder
	if d.Landscape {
		b.WriteString(`<w:sectPr>`)
		if d.Official {
			b.WriteString(footerRefs)
		}
		b.WriteString(`<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>`)
	} else {
		// The footers come before the page size (CT_SectPr's order, which
		// Word holds to).
		b.WriteString(`<w:sectPr>`)
		if d.Official {
			b.WriteString(footerRefs)
		}
		b.WriteString(`<w:pgSz w:w="11906" w:h="16838"/>`)
	}
	if d.Official && !d.Landscape {
		// 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; page number
		// 7 mm below the text; the grid of 22 lines (a grid of
		// characters too spreads the text in LibreOffice).
		b.WriteString(`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1474" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>`)
	} else {
		b.WriteString(`<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>`)
	}
	return b.String()
}

// footer is the page number of official documents, — 1 —, in 四号 宋体:
// on odd pages (align Right) 右空一字, on even pages (Left) 左空一字.
func footer(align Align) string {
	side := "right"
	if align == Left {
		side = "left"
	}
	run := `<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr>`
	return xmlHeader + `<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr>` +
		`<w:ind w:` + side + `Chars="100" w:` + side + `="280"/><w:jc w:val="` + side + `"/></w:pPr>` +
		run + `<w:t xml:space="preserve">— </w:t></w:r>` +
		run + `<w:fldChar w:fldCharType="begin"/></w:r>` +
		run + `<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		run + `<w:fldChar w:fldCharType="separate"/></w:r>` +
		run + `<w:t>1</w:t></w:r>` +
		run + `<w:fldChar w:fldCharType="end"/></w:r>` +
		run + `<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`
}
