package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// parts unzips a document and returns its parts by name, checking that
// each XML part is well-formed.
func parts(t *testing.T, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
		out[f.Name] = string(data)
	}
	return out
}

func TestDocument_WriteTo(t *testing.T) {
	d := New()
	d.Landscape = true
	d.Title = "对照表 <测试> & 标题"
	d.Heading(0, "《某条例》修改前后对照表")
	d.Heading(1, "第一章 总则")
	d.Text("正文第一段，含 <尖括号> 与 & 符号。")
	d.Paragraph(Paragraph{Runs: []Run{Plain("保留"), Ins("新增"), Del("删除"), Plain("第一行\n第二行")}})
	d.Table(Table{Widths: []int{2, 2, 1}, Header: []string{"修改前", "修改后", "说明"}, Rows: [][]Cell{
		{TextCell(Plain("旧"), Del("删")), TextCell(Plain("新"), Ins("增")), TextCell(Plain("修改"))},
		{{Span: 3, Paragraphs: []Paragraph{{Runs: []Run{Bold("第二章")}}}}},
	}})
	d.PageBreak()
	p := parts(t, d.Bytes())
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
		"word/_rels/document.xml.rels", "word/settings.xml", "docProps/core.xml"} {
		if _, ok := p[name]; !ok {
			t.Errorf("missing part %s", name)
		}
	}
	doc := p["word/document.xml"]
	for _, want := range []string{
		`w:orient="landscape"`, `<w:tblHeader/>`, `<w:strike/>`, `<w:u w:val="single"/>`, `<w:b/>`,
		`&lt;尖括号&gt; 与 &amp; 符号`, `<w:br/>`, `<w:gridSpan w:val="3"/>`, `<w:br w:type="page"/>`,
		`<w:pStyle w:val="Heading1"/>`, `w:eastAsia="宋体"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(p["word/styles.xml"], `w:eastAsia="仿宋"`) {
		t.Errorf("body font is not 仿宋")
	}
	if !strings.Contains(p["docProps/core.xml"], "对照表 &lt;测试&gt; &amp; 标题") {
		t.Errorf("title not escaped into core.xml: %s", p["docProps/core.xml"])
	}
	// Portrait by default.
	if doc := parts(t, New().Bytes())["word/document.xml"]; strings.Contains(doc, "landscape") || !strings.Contains(doc, `w:w="11906"`) {
		t.Errorf("default page is not A4 portrait")
	}
}

// TestDocument_deterministic: the same content gives the same bytes (no
// timestamps), so golden files and caches work.
func TestDocument_deterministic(t *testing.T) {
	mk := func() []byte {
		d := New()
		d.Text("同样的内容")
		return d.Bytes()
	}
	if !bytes.Equal(mk(), mk()) {
		t.Error("two writes of the same document differ")
	}
}

func BenchmarkDocument_table1000(b *testing.B) {
	rows := make([][]Cell, 1000)
	for i := range rows {
		rows[i] = []Cell{TextCell(Plain(strings.Repeat("修改前的条文", 20))), TextCell(Ins(strings.Repeat("修改后的条文", 20))), TextCell(Plain("修改"))}
	}
	for i := 0; i < b.N; i++ {
		d := New()
		d.Table(Table{Header: []string{"修改前", "修改后", "说明"}, Rows: rows})
		if _, err := d.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDocument_official checks the GB/T 9704 layout: margins, fixed line
// spacing, the title font and a footer with the page number.
func TestDocument_official(t *testing.T) {
	d := New()
	d.Official = true
	d.Heading(0, "关于修改《某条例》的决定")
	d.Text("一、将第三条修改为：“……”")
	p := parts(t, d.Bytes())
	for name, want := range map[string][]string{
		"word/document.xml":            {`w:top="2098"`, `w:left="1587"`, `w:footerReference`},
		"word/styles.xml":              {`w:line="579" w:lineRule="exact"`, FontTitle},
		"word/footer1.xml":             {"PAGE", "— ", `<w:jc w:val="right"/>`, `w:rightChars="100"`},
		"word/footer2.xml":             {"PAGE", "— ", `<w:jc w:val="left"/>`, `w:leftChars="100"`},
		"word/settings.xml":            {"<w:evenAndOddHeaders/>"},
		"word/_rels/document.xml.rels": {"footer1.xml", "footer2.xml"},
		"[Content_Types].xml":          {"/word/footer1.xml", "/word/footer2.xml"},
	} {
		for _, w := range want {
			if !strings.Contains(p[name], w) {
				t.Errorf("%s lacks %q", name, w)
			}
		}
	}
	plain := parts(t, New().Bytes())
	if strings.Contains(plain["word/document.xml"], "footerReference") || strings.Contains(plain["word/settings.xml"], "evenAndOdd") {
		t.Error("a plain document has a footer")
	}
	if !strings.Contains(p["word/styles.xml"], `w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="240" w:line="579" w:lineRule="exact"/><w:jc w:val="center"/>`) {
		t.Error("the official title does not keep to the lines of the grid")
	}
}

// TestParagraph_indents checks indents in characters, written for Word
// (…Chars) and LibreOffice (twips of the paragraph's size), and rows kept
// on one page.
func TestParagraph_indents(t *testing.T) {
	d := New()
	d.Paragraph(Paragraph{Right: 2, KeepNext: true, Runs: []Run{Plain("署名")}})
	d.Paragraph(Paragraph{Left: 14, Indent: true, Runs: []Run{Plain("日期")}})
	d.Table(Table{Header: []string{"甲"}, Rows: [][]Cell{{TextCell(Plain("乙"))}}, KeepRows: true})
	doc := parts(t, d.Bytes())["word/document.xml"]
	for _, want := range []string{`<w:pPr><w:keepNext/><w:ind w:rightChars="200" w:right="640"/>`,
		`<w:ind w:leftChars="1400" w:left="4480" w:firstLineChars="200" w:firstLine="640"/>`,
		`<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %s: %s", want, doc)
		}
	}
}

// TestDocument_NewSection checks a portrait official document with a
// landscape section after it: two sections, each with the page number,
// and table text that keeps its own spacing.
func TestDocument_NewSection(t *testing.T) {
	d := New()
	d.Official = true
	d.Text("正文")
	d.NewSection(true)
	d.Table(Table{Header: []string{"修改前", "修改后"}, Rows: [][]Cell{{TextCell(Plain("甲")), TextCell(Plain("乙"))}}})
	p := parts(t, d.Bytes())
	doc := p["word/document.xml"]
	first, last := strings.Index(doc, "<w:sectPr>"), strings.LastIndex(doc, "<w:sectPr>")
	if first < 0 || first == last || strings.Index(doc, "正文") > first || strings.Index(doc, "修改前") < first {
		t.Fatalf("want the text in a first section and the table in a second: %s", doc)
	}
	if !strings.Contains(doc[first:last], `w:h="16838"/>`) || !strings.Contains(doc[last:], `w:orient="landscape"`) {
		t.Errorf("first section not portrait or second not landscape: %s", doc)
	}
	if strings.Count(doc, `<w:footerReference w:type="default"`) != 2 || strings.Count(doc, `<w:footerReference w:type="even"`) != 2 {
		t.Errorf("want the page numbers of odd and even pages in both sections: %s", doc)
	}
	for _, sect := range strings.Split(doc, "<w:sectPr>")[1:] {
		if strings.Index(sect, "<w:pgSz") < strings.LastIndex(sect, "<w:footerReference") {
			t.Errorf("a section's page size comes before its footers (Word refuses the order): %s", sect)
		}
	}
	if !strings.Contains(doc, `<w:pStyle w:val="TableText"/>`) || !strings.Contains(p["word/styles.xml"], `w:styleId="TableText"`) {
		t.Errorf("official table text without its style")
	}
	if strings.Contains(parts(t, New().Bytes())["word/styles.xml"], "TableText") {
		t.Error("a plain document has the official table style")
	}
}
