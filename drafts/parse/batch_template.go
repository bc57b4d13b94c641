package parse

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"
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
// header row BatchFile reads on the first sheet, wide columns, and the
// instructions on a second sheet.
func BatchTemplateXLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet, help = "意见", "填写说明"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	header := batchTemplateHeader()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return nil, err
	}
	steps := []error{
		f.SetCellStyle(sheet, "A1", "C1", bold),
		f.SetColWidth(sheet, "A", "A", 14),
		f.SetColWidth(sheet, "B", "B", 70),
		f.SetColWidth(sheet, "C", "C", 14),
		f.SetColStyle(sheet, "B", wrap),
		f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}),
	}
	if _, err := f.NewSheet(help); err != nil {
		return nil, err
	}
	for i, row := range batchTemplateHelp {
		steps = append(steps, f.SetSheetRow(help, fmt.Sprintf("A%d", i+1), &row))
	}
	steps = append(steps, f.SetColWidth(help, "A", "A", 10), f.SetColWidth(help, "B", "B", 90),
		f.SetCellStyle(help, "A1", "B1", bold), f.SetColStyle(help, "B", wrap))
	for _, err := range steps {
		if err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
