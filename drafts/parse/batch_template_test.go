package parse

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBatchTemplates checks that the templates are what BatchFile reads:
// empty, they are a file without opinions; filled in, their rows are read.
func TestBatchTemplates(t *testing.T) {
	csv := BatchTemplateCSV()
	if _, err := BatchFile("座谈会意见模板.csv", csv); err == nil || !strings.Contains(err.Error(), "没有意见") {
		t.Errorf("the empty CSV template: %v", err)
	}
	filled := append(append([]byte{}, csv...), "第十二条,建议提高罚款。,张三\r\n整体,总体赞成。,\r\n"...)
	b, err := BatchFile("座谈会意见.csv", filled)
	if err != nil || len(b.Rows) != 2 || b.Rows[0].Article != 12 || b.Rows[0].Name != "张三" || b.Rows[1].Article != 0 {
		t.Errorf("filled CSV template: %+v, %v", b, err)
	}

	data, err := BatchTemplateXLSX()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "意见" {
		t.Errorf("sheets %v", got)
	}
	for i, row := range [][]any{{"第三条", "建议明确区级经费保障。", "陈某"}, {"", "总体赞成。"}} {
		if err := f.SetSheetRow("意见", "A"+string(rune('2'+i)), &row); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	b, err = BatchFile("座谈会意见.xlsx", out.Bytes())
	if err != nil || len(b.Rows) != 2 || b.Rows[0].Article != 3 || b.Rows[0].Line != 2 || b.Rows[1].Text != "总体赞成。" {
		t.Errorf("filled Excel template: %+v, %v", b, err)
	}
}
