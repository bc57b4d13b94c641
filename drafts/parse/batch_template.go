package parse

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// batchTemplateHeader is the header row of the batch templates: the first
// name BatchFile recognises for each column.
func batchTemplateHeader() []string {
	return []string{batchArticleHeaders[0], batchTextHeaders[0], batchNameHeaders[0]}
}

// batchTemplateHelp explains the columns, in the Excel template's second
// sheet (BatchFile reads the first one only).
var batchTemplateHelp = [][]string{
	{"列", "怎么填"},
	{batchArticleHeaders[0], "意见针对的条文，写“第十二条”“12”或“第十条之一”；对草案整体的意见写“整体”或留空。"},
	{batchTextHeaders[0], "意见内容（必填，每条最多 5000 字）。一行写一条意见。"},
	{batchNameHeaders[0], "提出意见的人（可选）。"},
	{"", fmt.Sprintf("一个文件最多 %d 条意见。第一行表头不要改动；保存为 .xlsx 或 CSV（UTF-8 或 GBK）后在工作台上传。", MaxBatchRows)},
}

// BatchTemplateCSV returns the CSV template of a batch of opinions: the
// header row BatchFile reads, UTF-8 with a byte-order mark so that Excel
// opens it in Chinese.
func BatchTemplateCSV() []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	for i, h := range batchTemplateHeader() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(h)
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// BatchTemplateXLSX returns the Excel template of a batch of opinions: the
// header row BatchFile reads on the first sheet (bold, frozen), wide
// columns, the opinions' column wrapping its text, and the instructions on
// a second sheet. It is written part by part (see xlsx.go).
func BatchTemplateXLSX() ([]byte, error) {
	const sheet, help = "意见", "填写说明"
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			`</Types>`},
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + xlsxRelNS + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook xmlns="` + xlsxMainNS + `" xmlns:r="` + xlsxRelNS + `"><sheets>` +
			`<sheet name="` + sheet + `" sheetId="1" r:id="rId1"/><sheet name="` + help + `" sheetId="2" r:id="rId2"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + xlsxRelNS + `/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + xlsxRelNS + `/worksheet" Target="worksheets/sheet2.xml"/>` +
			`<Relationship Id="rId3" Type="` + xlsxRelNS + `/styles" Target="styles.xml"/></Relationships>`},
		// Cell formats: 0 plain, 1 bold, 2 wrapped at the top, 3 both.
		{"xl/styles.xml", `<styleSheet xmlns="` + xlsxMainNS + `">` +
			`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
			`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
			`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
			`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
			`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
			`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
			`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`},
		{"xl/worksheets/sheet1.xml", xlsxSheet(true, []float64{14, 70, 14}, [][]string{batchTemplateHeader()})},
		{"xl/worksheets/sheet2.xml", xlsxSheet(false, []float64{10, 90}, batchTemplateHelp)},
	}
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(w, xml.Header+p.body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

const (
	xlsxMainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	xlsxRelNS  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// xlsxSheet writes a worksheet of text cells: the first row bold, the
// second column wrapped, the columns as wide as widths; frozen, the first
// row stays in view (and the sheet is the one shown on opening).
func xlsxSheet(frozen bool, widths []float64, rows [][]string) string {
	var b strings.Builder
	b.WriteString(`<worksheet xmlns="` + xlsxMainNS + `"><sheetViews><sheetView workbookViewId="0"`)
	if frozen {
		b.WriteString(` tabSelected="1"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
			`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>`)
	} else {
		b.WriteString(`/>`)
	}
	b.WriteString(`</sheetViews><cols>`)
	for i, w := range widths {
		style := ""
		if i == 1 {
			style = ` style="2"`
		}
		fmt.Fprintf(&b, `<col min="%d" max="%d" width="%g"%s customWidth="1"/>`, i+1, i+1, w, style)
	}
	b.WriteString(`</cols><sheetData>`)
	for r, row := range rows {
		fmt.Fprintf(&b, `<row r="%d">`, r+1)
		for c, v := range row {
			s := 0
			if r == 0 {
				s |= 1
			}
			if c == 1 {
				s |= 2
			}
			fmt.Fprintf(&b, `<c r="%c%d" s="%d" t="inlineStr"><is><t xml:space="preserve">`, 'A'+c, r+1, s)
			xml.EscapeText(&b, []byte(v))
			b.WriteString(`</t></is></c>`)
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}
