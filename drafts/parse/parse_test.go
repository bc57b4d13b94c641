package parse

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"lifa/drafts"
	"lifa/drafts/cnum"
)

var cnumFormat = cnum.Format

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testdataFiles lists the real texts in testdata/ (not the golden files).
func testdataFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"*.md", "*.txt", "*.docx"} {
		m, err := filepath.Glob(filepath.Join("testdata", pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 30 {
		t.Fatalf("only %d texts in testdata/", len(files))
	}
	return files
}

func mustParseFile(t testing.TB, path string) *drafts.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(filepath.Base(path), data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return doc
}

// TestParse_golden parses every text in testdata/ and compares the JSON
// with testdata/golden/NAME.json (go test ./drafts/parse -update rewrites
// them).
func TestParse_golden(t *testing.T) {
	for _, path := range testdataFiles(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			doc := mustParseFile(t, path)
			got, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./drafts/parse -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("JSON differs from %s; run go test ./drafts/parse -update and review the diff", golden)
			}
		})
	}
}

// TestParse_invariants checks what must hold for every parsed text: line
// ranges ordered, articles inside their divisions, references pointing at
// an article, text rebuilt from paragraphs.
func TestParse_invariants(t *testing.T) {
	for _, path := range testdataFiles(t) {
		doc := mustParseFile(t, path)
		checkInvariants(t, filepath.Base(path), doc)
	}
}

func checkInvariants(t *testing.T, name string, doc *drafts.Document) {
	t.Helper()
	prevLine := 0
	for i, a := range doc.Articles {
		if a.Line <= prevLine || a.EndLine < a.Line {
			t.Errorf("%s: %s lines %d–%d after line %d", name, a.Label, a.Line, a.EndLine, prevLine)
		}
		prevLine = a.EndLine
		if !strings.HasPrefix(a.Label, "第") && !strings.HasSuffix(a.Label, "、") {
			t.Errorf("%s: article %d label %q", name, i, a.Label)
		}
		for _, p := range a.Paragraphs {
			if p.Line < a.Line || p.EndLine > a.EndLine || p.EndLine < p.Line {
				t.Errorf("%s: %s paragraph lines %d–%d outside %d–%d", name, a.Label, p.Line, p.EndLine, a.Line, a.EndLine)
			}
			if p.Text != "" && !strings.Contains(a.Text, p.Text) {
				t.Errorf("%s: %s text does not contain its paragraph %q", name, a.Label, p.Text)
			}
		}
	}
	var walk func(ds []*drafts.Division)
	walk = func(ds []*drafts.Division) {
		for _, d := range ds {
			if d.FirstArticle >= 0 {
				for k := d.FirstArticle; k <= d.LastArticle; k++ {
					path := doc.Articles[k].Path
					found := false
					for _, p := range path {
						if strings.HasPrefix(p, d.Label) {
							found = true
						}
					}
					if !found {
						t.Errorf("%s: %s is in %s but its path is %v", name, doc.Articles[k].Label, d.Label, path)
					}
				}
			}
			walk(d.Children)
		}
	}
	walk(doc.Chapters)
	for _, r := range doc.References {
		if r.From < 0 || r.From >= len(doc.Articles) || r.Text == "" {
			t.Errorf("%s: bad reference %+v", name, r)
		}
	}
	for i := 1; i < len(doc.Warnings); i++ {
		if doc.Warnings[i].Line < doc.Warnings[i-1].Line {
			t.Errorf("%s: warnings not in line order", name)
		}
	}
}

// TestParse_docxSameArticles checks that the .docx made by LibreOffice
// from a corpus text parses to the same articles as the text itself.
func TestParse_docxSameArticles(t *testing.T) {
	text := mustParseFile(t, "testdata/gonggongtushuguanfa.md")
	for _, name := range []string{"gonggongtushuguanfa-libreoffice.docx", "gonggongtushuguanfa-word-numbering.docx"} {
		doc := mustParseFile(t, filepath.Join("testdata", name))
		if doc.Format != "docx" {
			t.Errorf("%s: format %q", name, doc.Format)
		}
		if doc.Title != text.Title || len(doc.Chapters) != len(text.Chapters) {
			t.Errorf("%s: title %q, %d chapters; text: %q, %d", name, doc.Title, len(doc.Chapters), text.Title, len(text.Chapters))
		}
		if len(doc.Articles) != len(text.Articles) {
			t.Fatalf("%s: %d articles, text has %d", name, len(doc.Articles), len(text.Articles))
		}
		numbered := strings.Contains(name, "numbering")
		for i, a := range doc.Articles {
			b := text.Articles[i]
			if a.Label != b.Label || len(a.Paragraphs) != len(b.Paragraphs) {
				t.Errorf("%s: article %d is %s with %d paragraphs, text has %s with %d", name, i, a.Label, len(a.Paragraphs), b.Label, len(b.Paragraphs))
				continue
			}
			if !numbered && a.Text != b.Text {
				t.Errorf("%s: %s text differs:\n%q\n%q", name, a.Label, a.Text, b.Text)
			}
			for k, p := range a.Paragraphs {
				q := b.Paragraphs[k]
				if p.Text != q.Text || len(p.Items) != len(q.Items) {
					t.Errorf("%s: %s paragraph %d differs", name, a.Label, k+1)
					continue
				}
				for j, it := range p.Items {
					// Word numbering prints 1. where the text has （一）.
					if it.Text != q.Items[j].Text || it.Num != q.Items[j].Num {
						t.Errorf("%s: %s item %d: %s%q, text %s%q", name, a.Label, j+1, it.Label, it.Text, q.Items[j].Label, q.Items[j].Text)
					}
					if numbered && it.Label != string(rune('0'+it.Num))+"." && it.Num < 10 {
						t.Errorf("%s: %s item label %q, want Word's numbering", name, a.Label, it.Label)
					}
				}
			}
		}
	}
}

// TestParse_gb18030 checks that a GB18030 file is detected from its bytes
// and parses to the same document as its UTF-8 original.
func TestParse_gb18030(t *testing.T) {
	gb := mustParseFile(t, "testdata/guangzhou-youeryuan-gb18030.txt")
	utf := mustParseFile(t, "testdata/guangzhou-youeryuan.md")
	if gb.Encoding != "GB18030" || utf.Encoding != "UTF-8" {
		t.Errorf("encodings %q, %q", gb.Encoding, utf.Encoding)
	}
	gb.Encoding = utf.Encoding
	a, _ := json.Marshal(gb)
	b, _ := json.Marshal(utf)
	if !bytes.Equal(a, b) {
		t.Error("GB18030 and UTF-8 copies parse differently")
	}
}

func TestParse_errors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		line int
		want string
	}{
		{"empty", nil, 0, "文本为空"},
		{"blank", []byte(" \n\u3000\r\n\t"), 0, "文本为空"},
		{"not a regulation", []byte("今天天气很好。\n我们去公园散步。\n"), 0, "未找到任何条文"},
		{"title not a regulation", []byte("方法论笔记\n我们去公园散步。\n"), 0, "未找到任何条文"},
		{"invalid encoding", []byte("第一条 总则\n第二条 \xff\xfe\x80 乱码\n"), 2, "编码"},
		{"broken docx", append([]byte("PK\x03\x04"), "not a zip"...), 0, "docx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.name, tt.data)
			if err == nil {
				t.Fatalf("Parse = %d articles, want error", len(doc.Articles))
			}
			if drafts.ErrorCode(err) != drafts.EINVALID {
				t.Errorf("code %q, want %q", drafts.ErrorCode(err), drafts.EINVALID)
			}
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("error %v does not wrap *parse.Error", err)
			}
			if perr.Line != tt.line || !strings.Contains(perr.Error(), tt.want) {
				t.Errorf("error line %d %q, want line %d containing %q", perr.Line, perr.Error(), tt.line, tt.want)
			}
			if !strings.Contains(drafts.ErrorMessage(err), tt.want) {
				t.Errorf("message %q does not say why", drafts.ErrorMessage(err))
			}
		})
	}
}

func TestParseString_structure(t *testing.T) {
	text := "某某市停车场条例\r\n" +
		"（2020年1月1日某某市人民代表大会常务委员会通过）\r\n" +
		"目　　录\r\n第一章　总　　则\r\n第二章　管　　理\r\n" +
		"第一章　总　　则\r\n" +
		"第一条　为了规范停车场管理，制定本条例。\r\n" +
		"第二条　本条例适用于本市。\r\n本条例所称停车场，包括下列场所：\r\n" +
		"（一）公共停车场；\r\n（二）专用停车场：\r\n1.单位停车场；\r\n2.住宅停车场。\r\n" +
		"前款第（一）项规定的停车场由市政府管理。\r\n" +
		"第二条之一　\u200b依照本条例第一条和第二条第二款的规定执行。\r\n" +
		"第二章　管\u3000\u3000理\r\n" +
		"第三条　违反本条第二款、前两款或者第十条规定的，依照《中华人民共和国道路交通安全法》第九十三条、第九十四条处罚。\r\n" +
		"第五条\r\n\r\n" +
		"附件：停车场收费标准\r\n一、小型车每小时5元\r\n"
	doc, err := ParseString(text)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "某某市停车场条例" || len(doc.Preamble) != 1 {
		t.Errorf("title %q preamble %q", doc.Title, doc.Preamble)
	}
	if len(doc.Chapters) != 2 || doc.Chapters[0].Title != "总则" || doc.Chapters[1].Title != "管理" ||
		doc.Chapters[0].Line != 6 || doc.Chapters[0].FirstArticle != 0 || doc.Chapters[0].LastArticle != 2 ||
		doc.Chapters[1].FirstArticle != 3 || doc.Chapters[1].LastArticle != 4 {
		b, _ := json.Marshal(doc.Chapters)
		t.Errorf("chapters: %s", b)
	}
	labels := []string{}
	for _, a := range doc.Articles {
		labels = append(labels, a.Label)
	}
	if got := strings.Join(labels, ","); got != "第一条,第二条,第二条之一,第三条,第五条" {
		t.Fatalf("articles %s", got)
	}
	a2 := doc.Articles[1]
	if len(a2.Paragraphs) != 3 || len(a2.Paragraphs[1].Items) != 2 || len(a2.Paragraphs[1].Items[1].SubItems) != 2 {
		b, _ := json.Marshal(a2)
		t.Fatalf("第二条: %s", b)
	}
	wantText := "本条例适用于本市。\n本条例所称停车场，包括下列场所：\n（一）公共停车场；\n（二）专用停车场：\n1.单位停车场；\n2.住宅停车场。\n前款第（一）项规定的停车场由市政府管理。"
	if a2.Text != wantText {
		t.Errorf("第二条 text:\n%s\nwant:\n%s", a2.Text, wantText)
	}
	if a2.Line != 8 || a2.EndLine != 14 || a2.Paragraphs[1].Items[1].Line != 11 {
		t.Errorf("第二条 lines %d–%d", a2.Line, a2.EndLine)
	}
	if a := doc.Articles[2]; a.Num != 2 || a.Sub != 1 || a.Path[0] != "第一章 总则" {
		t.Errorf("第二条之一: %+v", a)
	}
	if len(doc.Blocks) != 1 || doc.Blocks[0].Title != "附件：停车场收费标准" || doc.Blocks[0].Text != "一、小型车每小时5元" {
		t.Errorf("blocks %+v", doc.Blocks)
	}
	refs := map[string]drafts.Reference{}
	for _, r := range doc.References {
		refs[r.Text] = r
	}
	wantRefs := map[string]drafts.Reference{
		"前款第（一）项": {From: 1, Line: 14, Relative: "前款", Paragraph: 2},
		"本条例第一条":  {From: 2, Line: 15, Article: 1},
		"第二条第二款":  {From: 2, Line: 15, Article: 2, Paragraph: 2},
		"本条第二款":   {From: 3, Line: 17, Relative: "本条", Article: 3, Paragraph: 2},
		"前两款":     {From: 3, Line: 17, Relative: "前两款", Paragraph: 0},
		"第十条":     {From: 3, Line: 17, Article: 10},
		"《中华人民共和国道路交通安全法》第九十三条": {From: 3, Line: 17, Instrument: "《中华人民共和国道路交通安全法》", Article: 93},
		"第九十四条": {From: 3, Line: 17, Instrument: "《中华人民共和国道路交通安全法》", Article: 94},
	}
	for text, want := range wantRefs {
		want.Text = text
		got, ok := refs[text]
		if text == "前款第（一）项" {
			got, ok = refs["前款"]
			want.Text = "前款"
		}
		if !ok || got != want {
			t.Errorf("reference %s = %+v, want %+v", text, got, want)
		}
	}
	warnings := []string{}
	for _, w := range doc.Warnings {
		warnings = append(warnings, w.Message)
	}
	all := strings.Join(warnings, "|")
	for _, want := range []string{"缺少第四条", "第五条没有内容", "引用的第十条不存在", "“前两款”所指的款不存在"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings %q lack %q", all, want)
		}
	}
}

func TestParseString_hardWrapped(t *testing.T) {
	text := "第一章 总则\n" +
		"第一条 为了加强对动物防疫活动的管理,预防、控制、净\n" +
		"化、消灭动物疫病,制定本法。\n" +
		"第二条 本法适用于在中华人民共和国领域内的动物防疫及\n" +
		"其监督管理活动。\n" +
		"进出境动物、动物产品的检疫,适用 《中华人民共和国进出\n" +
		"— 2 —\n\n" +
		"境动植物检疫法》。\n" +
		"第三条 动物疫病分为下列三类:\n" +
		"(一)一类疫病,是指对人与动物危害严重,需要采取紧急、\n" +
		"严厉的强制措施的;\n" +
		"(二)二类疫病,是指可能造成重大经济损失的。\n" +
		"前款规定的动物疫病具体病种名录由国务院农业农村主管部\n" +
		"门制定并公布。\n"
	doc, err := ParseString(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Articles) != 3 {
		t.Fatalf("%d articles", len(doc.Articles))
	}
	if got := doc.Articles[0].Text; got != "为了加强对动物防疫活动的管理，预防、控制、净化、消灭动物疫病，制定本法。" {
		t.Errorf("第一条 %q", got)
	}
	a2 := doc.Articles[1]
	if len(a2.Paragraphs) != 2 || a2.Paragraphs[1].Text != "进出境动物、动物产品的检疫，适用 《中华人民共和国进出境动植物检疫法》。" ||
		a2.Paragraphs[1].Line != 6 || a2.Paragraphs[1].EndLine != 9 {
		b, _ := json.Marshal(a2)
		t.Errorf("第二条 %s", b)
	}
	a3 := doc.Articles[2]
	if len(a3.Paragraphs) != 2 || len(a3.Paragraphs[0].Items) != 2 ||
		a3.Paragraphs[0].Items[0].Text != "一类疫病，是指对人与动物危害严重，需要采取紧急、严厉的强制措施的；" ||
		a3.Paragraphs[1].Text != "前款规定的动物疫病具体病种名录由国务院农业农村主管部门制定并公布。" {
		b, _ := json.Marshal(a3)
		t.Errorf("第三条 %s", b)
	}
	found := false
	for _, r := range doc.References {
		if r.Instrument == "《中华人民共和国进出境动植物检疫法》" && r.Line == 6 {
			found = true
		}
	}
	if !found {
		t.Errorf("references %+v lack the 检疫法", doc.References)
	}
}

// TestParse_docxNumbering builds a small .docx whose items use Word list
// numbering in Chinese counting (（一）) and decimal (1.) formats.
func TestParse_docxNumbering(t *testing.T) {
	para := func(text, numID, ilvl string) string {
		pPr := ""
		if numID != "" {
			pPr = `<w:pPr><w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + numID + `"/></w:numPr></w:pPr>`
		}
		return `<w:p>` + pPr + `<w:r><w:t>` + text + `</w:t></w:r></w:p>`
	}
	body := para("测试条例", "", "") +
		para("第一条 下列行为禁止：", "", "") +
		para("在公园内", "1", "0") +
		para("吸烟；", "1", "1") +
		para("饮酒。", "1", "1") +
		para("在车站内。", "1", "0") +
		para("第二条 本条例自公布之日起施行。", "", "")
	docXML := `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`
	numXML := `<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl>` +
		`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>` +
		`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range map[string]string{"word/document.xml": docXML, "word/numbering.xml": numXML} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	zw.Close()
	doc, err := Parse("numbering.docx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Articles) != 2 {
		t.Fatalf("%d articles", len(doc.Articles))
	}
	want := "下列行为禁止：\n（一）在公园内\n1.吸烟；\n2.饮酒。\n（二）在车站内。"
	if got := doc.Articles[0].Text; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
}

// TestParse_neverPanics feeds truncated and mangled real texts.
func TestParse_neverPanics(t *testing.T) {
	data, err := os.ReadFile("testdata/guangzhou-museum-flk-docx-artefacts.md")
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(data); n += 97 {
		Parse("cut", data[:n])
		Parse("cut", data[n:])
	}
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes(data)
	for n := 0; n < len(gb); n += 101 {
		Parse("cut", gb[:n])
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"lifafa-2023.md", "dongwu-fangyi-fa-draft-1-pdf.md", "guangzhou-museum-flk-docx-artefacts.md",
		"zhian-2012-tight-labels.md", "beijing-decision-points.md", "guangzhou-youeryuan-gb18030.txt", "xianfaxiuzhengan-2018.md"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		// Small seeds: the fuzzer minimises every new input, which is
		// slow for large ones.
		if len(data) > 1500 {
			data = data[:1500]
		}
		f.Add(data)
	}
	f.Add([]byte("第一条 前款\n第一条之一 第二条第三款第（四）项至第五条《》《\n（一）\n1.\n第二章"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("fuzz", data)
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) || drafts.ErrorCode(err) != drafts.EINVALID {
				t.Fatalf("error %v is not an EINVALID *parse.Error", err)
			}
			return
		}
		if len(doc.Articles) == 0 && len(doc.Warnings) == 0 {
			t.Fatal("no articles and no warning")
		}
		for _, a := range doc.Articles {
			if a.EndLine < a.Line {
				t.Fatalf("%s ends before it starts", a.Label)
			}
		}
		for _, r := range doc.References {
			if r.From < 0 || r.From >= len(doc.Articles) {
				t.Fatalf("reference from %d", r.From)
			}
		}
		if _, err := json.Marshal(doc); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkParseBulk parses all of corpus/bulk (run with -cpu 1); it
// reports MB/s of input.
func BenchmarkParseBulk(b *testing.B) {
	files := corpusFiles(b, "bulk")
	var data [][]byte
	var size int64
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, d)
		size += int64(len(d))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		for i, d := range data {
			if _, err := Parse(files[i], d); err != nil {
				b.Fatal(err)
			}
		}
	}
	// The machine is shared: also report MB per second of CPU time
	// used by this process, which other processes do not inflate.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}

// cpuTime returns the user+system CPU time of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkParseLaw parses one large national law (民事诉讼法, ~100 kB).
func BenchmarkParseLaw(b *testing.B) {
	data, err := os.ReadFile("testdata/minshisusongfa-2023-bian.md")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("law", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseLongParagraph parses a hard-wrapped text whose paragraphs
// run over thousands of lines: joining must stay linear.
func BenchmarkParseLongParagraph(b *testing.B) {
	var sb strings.Builder
	for a := 1; a <= 20; a++ {
		sb.WriteString("第" + cnumFormat(a) + "条 开始")
		for i := 0; i < 2000; i++ {
			sb.WriteString("县级以上人民政府按照国务院的规定,根据统筹规划、合理布局\n")
		}
		sb.WriteString("制定本法。\n")
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		doc, err := Parse("long", data)
		if err != nil || len(doc.Articles) != 20 {
			b.Fatal(err)
		}
	}
}

func TestParseString_invalidUTF8(t *testing.T) {
	_, err := ParseString("第一条 甲。\n第二条 \xff乙。\n")
	var perr *Error
	if !errors.As(err, &perr) || perr.Line != 2 || drafts.ErrorCode(err) != drafts.EINVALID {
		t.Errorf("error %v, want EINVALID *Error on line 2", err)
	}
}

// TestParseString_referenceLine checks that a reference in a paragraph
// joined from broken lines gets the line it is on.
func TestParseString_referenceLine(t *testing.T) {
	text := "第一条 为了加强对动物防疫活动的管理,预防、控制、净\n" +
		"化、消灭动物疫病,促进养殖业发展,保护人体健康,维护公共\n" +
		"卫生安全,依照本法第三条和《中华人民共和国进出境动植物检\n" +
		"疫法》第二条的规定,制定本法。\n" +
		"第二条 本法适用于在中华人民共和国领域内的动物防疫及\n" +
		"其监督管理活动。\n" +
		"第三条 本法所称动物,是指家畜家禽和人工饲养、合法捕\n" +
		"获的其他动物。\n"
	doc, err := ParseString(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.References) != 2 || doc.References[0].Line != 3 || doc.References[0].Article != 3 ||
		doc.References[1].Line != 3 || doc.References[1].Instrument != "《中华人民共和国进出境动植物检疫法》" {
		t.Errorf("references %+v", doc.References)
	}
	if a := doc.Articles[0]; a.Line != 1 || a.EndLine != 4 || len(a.Paragraphs) != 1 {
		t.Errorf("第一条 %+v", a)
	}
}

func TestParse_utf16(t *testing.T) {
	src, err := os.ReadFile("testdata/shanghai-kouan.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Parse("utf8", src)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("utf16", enc)
	if err != nil {
		t.Fatal(err)
	}
	if got.Encoding != "UTF-16" || len(got.Articles) != len(want.Articles) || got.Articles[3].Text != want.Articles[3].Text {
		t.Errorf("UTF-16: %s, %d articles; UTF-8: %d", got.Encoding, len(got.Articles), len(want.Articles))
	}
}

// TestParseString_tocWithPages checks a table of contents with leaders,
// page numbers and article ranges is recognised.
func TestParseString_tocWithPages(t *testing.T) {
	text := "某某条例\n目　　录\n第一章　总　　则……………………1\n第二章　管理（第三条—第四条）…………3\n" +
		"第一章　总　　则\n第一条　甲。\n第二条　乙。\n第二章　管　　理\n第三条　丙。\n第四条　丁。\n"
	doc, err := ParseString(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Chapters) != 2 || doc.Chapters[0].Line != 5 || doc.Chapters[1].Title != "管理" || len(doc.Warnings) != 0 {
		t.Errorf("chapters %+v %+v, warnings %v", doc.Chapters[0], doc.Chapters[1], doc.Warnings)
	}
}

func TestParseString_labels(t *testing.T) {
	doc, err := ParseString("测试条例\n第 一 条 甲。\n第二 条 乙。\n第 三条　丙。\n第四条：丁。\n第五条戊。\n第六条的规定不属于条文。\n第１０条 己。\n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range doc.Articles {
		got = append(got, fmt.Sprintf("%s=%d:%s", a.Label, a.Num, a.Text))
	}
	want := "第一条=1:甲。 第二条=2:乙。 第三条=3:丙。 第四条=4:丁。 第五条=5:戊。\n第六条的规定不属于条文。 第１０条=10:己。"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}

// TestParse_docxStyleNumbering builds a .docx whose chapters and articles
// are numbered by Word through their paragraph styles (第%1章, 第%1条 in
// Chinese counting), as drafting offices' templates do.
func TestParse_docxStyleNumbering(t *testing.T) {
	para := func(styleID, text string) string {
		return `<w:p><w:pPr><w:pStyle w:val="` + styleID + `"/><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
	}
	body := para("Title", "测试条例") +
		para("Chapter", "总则") +
		para("Article", "为了测试，制定本条例。") +
		para("Article", "本条例适用于本市。") +
		para("Chapter", "附则") +
		para("Article", "本条例自公布之日起施行。")
	docXML := `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`
	numXML := `<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Chapter"/><w:lvlText w:val="第%1章"/></w:lvl></w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:pStyle w:val="Article"/><w:lvlText w:val="第%1条"/></w:lvl></w:abstractNum>` +
		`<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num></w:numbering>`
	styXML := `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:style w:styleId="Title"/>` +
		`<w:style w:styleId="ChapterBase"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>` +
		`<w:style w:styleId="Chapter"><w:basedOn w:val="ChapterBase"/></w:style>` +
		`<w:style w:styleId="Article"><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style></w:styles>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []struct{ name, content string }{{"word/document.xml", docXML}, {"word/numbering.xml", numXML}, {"word/styles.xml", styXML}} {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(f.content))
	}
	zw.Close()
	doc, err := Parse("styles.docx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range doc.Chapters {
		got = append(got, d.Label+" "+d.Title)
	}
	for _, a := range doc.Articles {
		got = append(got, a.Label+" "+a.Text)
	}
	want := "第一章 总则|第二章 附则|第一条 为了测试，制定本条例。|第二条 本条例适用于本市。|第三条 本条例自公布之日起施行。"
	if strings.Join(got, "|") != want || doc.Title != "测试条例" || len(doc.Warnings) != 0 {
		t.Errorf("got %s, title %q, warnings %v", strings.Join(got, "|"), doc.Title, doc.Warnings)
	}
}

func TestParseString_lineEnds(t *testing.T) {
	for name, sep := range map[string]string{"LF": "\n", "CRLF": "\r\n", "CR": "\r"} {
		doc, err := ParseString(strings.Join([]string{"测试条例", "第一条　甲。", "第二条　乙。", "丙。"}, sep))
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Articles) != 2 || doc.Articles[1].Line != 3 || doc.Articles[1].Text != "乙。\n丙。" {
			t.Errorf("%s: %d articles, %+v", name, len(doc.Articles), doc.Articles)
		}
	}
}

func TestCleanLine(t *testing.T) {
	tests := map[string]string{
		"":            "",
		"  第一条\u3000": "第一条",
		"\u3000\u3000第一章\u3000总\u3000\u3000则": "第一章\u3000总\u3000\u3000则",
		"\u200b第一条\u200b 甲\u00a0":             "第一条 甲",
		"\ufeff\t甲\u2003":                     "甲",
		"甲乙":                                  "甲乙",
		"\u200b":                              "",
	}
	for in, want := range tests {
		if got := cleanLine(in); got != want {
			t.Errorf("cleanLine(%q) = %q, want %q", in, got, want)
		}
	}
}
