package parse

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"lifa/drafts"
)

const batchCSV = "条文,意见,姓名\n" +
	"第三条,建议明确区人民政府的湿地保护经费保障责任。,王某\n" +
	"12,\"建议增加对破坏湿地行为的罚款数额，\n并公开处罚结果。\",\n" +
	",总体赞成本规定。,李某\n" +
	"\n" +
	"第十条之一,建议将红树林纳入重点保护范围。,\n" +
	"附件,看不懂的条文,\n" +
	"第五条,,\n"

func checkBatch(t *testing.T, b *Batch) {
	t.Helper()
	if len(b.Rows) != 4 {
		t.Fatalf("rows = %+v", b.Rows)
	}
	want := []BatchRow{
		{Line: 2, Article: 3, Text: "建议明确区人民政府的湿地保护经费保障责任。", Name: "王某"},
		{Line: 3, Article: 12, Text: "建议增加对破坏湿地行为的罚款数额，\n并公开处罚结果。"},
		{Line: 5, Article: 0, Text: "总体赞成本规定。", Name: "李某"},
		{Line: 7, Article: 10, ArticleSub: 1, Text: "建议将红树林纳入重点保护范围。"},
	}
	for i, w := range want {
		got := b.Rows[i]
		got.Line = w.Line // CSV and Excel number a multi-line cell's rows differently
		if got != w {
			t.Errorf("row %d = %+v, want %+v", i, b.Rows[i], w)
		}
	}
	if len(b.Problems) != 2 {
		t.Fatalf("problems = %+v", b.Problems)
	}
}

func TestBatchFile_csv(t *testing.T) {
	b, err := BatchFile("座谈会.csv", []byte("\ufeff"+batchCSV))
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	if b.Problems[0].Line != 8 || b.Problems[1].Line != 9 {
		t.Errorf("problem lines = %+v", b.Problems)
	}
}

func TestBatchFile_gbk(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(batchCSV))
	if err != nil {
		t.Fatal(err)
	}
	b, err := BatchFile("意见.csv", gbk)
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
}

func TestBatchFile_xlsx(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "batch.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := BatchFile("batch.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
}

func TestBatchFile_errors(t *testing.T) {
	for name, in := range map[string]string{
		"no header": "第三条,建议\n",
		"empty":     "",
		"only head": "条文,意见\n",
	} {
		if _, err := BatchFile("x.csv", []byte(in)); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := BatchFile("x.xls", []byte("whatever")); drafts.ErrorCode(err) != drafts.EINVALID {
		t.Error("xls accepted")
	}
	if _, err := BatchFile("x.xlsx", []byte("PK\x03\x04broken")); drafts.ErrorCode(err) != drafts.EINVALID {
		t.Error("broken xlsx accepted")
	}
	var big bytes.Buffer
	big.WriteString("条文,意见\n")
	for i := 0; i <= MaxBatchRows; i++ {
		big.WriteString("1,意见\n")
	}
	if _, err := BatchFile("x.csv", big.Bytes()); drafts.ErrorCode(err) != drafts.ETOOLARGE {
		t.Errorf("too many rows: %v", err)
	}
}

// TestMakeBatchXLSX writes testdata/batch.xlsx from batchCSV when run with
// -update; the file is kept so the test reads a real Excel file.
func TestMakeBatchXLSX(t *testing.T) {
	if !*update {
		t.Skip("run with -update to regenerate testdata/batch.xlsx")
	}
	b, _, err := readCSV([]byte(batchCSV))
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	for i, row := range b {
		cells := make([]any, len(row))
		for j, c := range row {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll("testdata", 0o755)
	if err := f.SaveAs(filepath.Join("testdata", "batch.xlsx")); err != nil {
		t.Fatal(err)
	}
}

func FuzzBatchFile(f *testing.F) {
	f.Add("a.csv", []byte(batchCSV))
	f.Add("a.csv", []byte("意见\n\"未闭合"))
	f.Add("a.csv", []byte("条文\t意见\n十二\t建议"))
	if tpl, err := BatchTemplateXLSX(); err == nil {
		f.Add("a.xlsx", tpl)
	}
	if data, err := os.ReadFile(filepath.Join("testdata", "batch.xlsx")); err == nil {
		f.Add("a.xlsx", data)
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		b, err := BatchFile(name, data)
		if err != nil {
			if drafts.ErrorCode(err) == drafts.EINTERNAL {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		for _, r := range b.Rows {
			if r.Text == "" || r.Article < 0 || r.Line < 1 {
				t.Fatalf("bad row %+v", r)
			}
		}
	})
}
