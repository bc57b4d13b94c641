package parse

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"lifa/drafts"
)

// xlsxOf builds an .xlsx from its parts, as another program might write
// it: the workbook, its relationships and the parts given.
func xlsxOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	all := map[string]string{
		"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + xlsxRelNS + `/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<workbook xmlns="` + xlsxMainNS + `" xmlns:r="` + xlsxRelNS + `"><sheets>` +
			`<sheet name="意见" sheetId="7" r:id="rId7"/><sheet name="其他" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + xlsxRelNS + `/worksheet" Target="worksheets/other.xml"/>` +
			`<Relationship Id="rId7" Type="` + xlsxRelNS + `/worksheet" Target="/xl/worksheets/first.xml"/>` +
			`<Relationship Id="rId9" Type="` + xlsxRelNS + `/sharedStrings" Target="strings.xml"/></Relationships>`,
		"xl/worksheets/other.xml": `<worksheet xmlns="` + xlsxMainNS + `"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>意见</t></is></c></row></sheetData></worksheet>`,
	}
	for k, v := range parts {
		all[k] = v
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range all {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return b.Bytes()
}

// TestBatchFile_xlsxParts reads the first sheet as listed in the
// workbook (not the first part), shared strings with rich text and
// phonetic runs, inline strings with Excel's _x000D_ escape, numbers,
// cells and rows the sheet leaves out (row numbers stay those of Excel).
func TestBatchFile_xlsxParts(t *testing.T) {
	data := xlsxOf(t, map[string]string{
		"xl/strings.xml": `<sst xmlns="` + xlsxMainNS + `"><si><t>条文</t></si><si><t>意见</t></si>` +
			`<si><r><t>建议</t></r><r><rPr><b/></rPr><t xml:space="preserve">提高罚款。</t></r><rPh><t>ジ</t></rPh></si></sst>`,
		"xl/worksheets/first.xml": `<worksheet xmlns="` + xlsxMainNS + `"><sheetData>` +
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>` +
			`<row r="3"><c r="A3"><v>12</v></c><c r="C3" t="s"><v>2</v></c></row>` +
			`<row r="4"><c r="A4" t="inlineStr"><is><t>第三条</t></is></c><c r="C4" t="inlineStr"><is><t>第一行_x000D_` + "\n" + `第二行</t></is></c></row>` +
			`</sheetData></worksheet>`,
	})
	b, err := BatchFile("x.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	want := []BatchRow{{Line: 3, Article: 12, Text: "建议提高罚款。"}, {Line: 4, Article: 3, Text: "第一行\n第二行"}}
	if len(b.Rows) != len(want) || b.Rows[0] != want[0] || b.Rows[1] != want[1] {
		t.Errorf("rows %+v, want %+v", b.Rows, want)
	}

	for name, parts := range map[string]map[string]string{
		"string out of range": {"xl/strings.xml": `<sst><si><t>意见</t></si></sst>`,
			"xl/worksheets/first.xml": `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>5</v></c></row></sheetData></worksheet>`},
		"rows out of order": {"xl/worksheets/first.xml": `<worksheet><sheetData><row r="2"/><row r="1"/></sheetData></worksheet>`},
		"no sheet part":     {},
		"broken XML":        {"xl/worksheets/first.xml": `<worksheet><sheetData><row r="1"><c r="A1"`},
	} {
		if _, err := BatchFile("x.xlsx", xlsxOf(t, parts)); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A sheet that decompresses past the bound is refused before it is read.
	big := `<worksheet><sheetData>` + strings.Repeat(" ", maxXLSXUnzip) + `</sheetData></worksheet>`
	if _, err := BatchFile("x.xlsx", xlsxOf(t, map[string]string{"xl/worksheets/first.xml": big})); drafts.ErrorCode(err) != drafts.ETOOLARGE {
		t.Errorf("a %d MB sheet: %v", len(big)>>20, err)
	}
	// A row far down the sheet is past the cap, not millions of rows.
	far := `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>意见</t></is></c></row><row r="1048576"/></sheetData></worksheet>`
	if _, err := BatchFile("x.xlsx", xlsxOf(t, map[string]string{"xl/worksheets/first.xml": far})); drafts.ErrorCode(err) != drafts.ETOOLARGE {
		t.Errorf("row 1048576: %v", err)
	}
}

// TestBatchTemplateXLSX_format reads the template with a spreadsheet
// library: the header bold and frozen, the columns wide, the opinions'
// column wrapped, the instructions on the second sheet.
func TestBatchTemplateXLSX_format(t *testing.T) {
	data, err := BatchTemplateXLSX()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := BatchFile("模板.xlsx", data); err == nil || !strings.Contains(err.Error(), "没有意见") {
		t.Errorf("the empty Excel template: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rows, err := f.GetRows("意见"); err != nil || len(rows) != 1 || strings.Join(rows[0], ",") != "条文,意见,姓名" {
		t.Errorf("header %v, %v", rows, err)
	}
	if rows, err := f.GetRows("填写说明"); err != nil || len(rows) != len(batchTemplateHelp) || rows[2][1] != batchTemplateHelp[2][1] {
		t.Errorf("instructions %v, %v", rows, err)
	}
	if p, err := f.GetPanes("意见"); err != nil || !p.Freeze || p.YSplit != 1 {
		t.Errorf("panes %+v, %v", p, err)
	}
	if w, err := f.GetColWidth("意见", "B"); err != nil || w != 70 {
		t.Errorf("column B width %v, %v", w, err)
	}
	for cell, bold := range map[string]bool{"A1": true, "B1": true} {
		id, err := f.GetCellStyle("意见", cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || st.Font == nil || st.Font.Bold != bold {
			t.Errorf("%s style %+v, %v", cell, st, err)
		}
	}
	if id, err := f.GetColStyle("意见", "B"); err != nil {
		t.Error(err)
	} else if st, err := f.GetStyle(id); err != nil || st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("column B style %+v, %v", st, err)
	}
}
