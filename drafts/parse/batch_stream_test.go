package parse

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"lifa/drafts"
)

// TestBatchFile_StreamsRows: a liaison's .xlsx of millions of short
// rows took seconds and hundreds of megabytes before the 5,000-row cap
// refused it (GetRows read the whole sheet first). Rows are now read one
// by one and reading stops at the cap; an archive that decompresses past
// its bound is refused when opened.
func TestBatchFile_StreamsRows(t *testing.T) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	_ = sw.SetRow("A1", []any{"条文", "意见"})
	const rows = 300000
	for i := 2; i <= rows; i++ {
		if err := sw.SetRow(fmt.Sprintf("A%d", i), []any{"1", "意见"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err = BatchFile("big.xlsx", buf.Bytes())
	runtime.ReadMemStats(&after)
	if drafts.ErrorCode(err) != drafts.ETOOLARGE || !strings.Contains(drafts.ErrorMessage(err), "5000") {
		t.Fatalf("%d rows: %v", rows, err)
	}
	alloc := (after.TotalAlloc - before.TotalAlloc) >> 20
	t.Logf("%d-row sheet (%d KB) refused after %d MB allocated", rows, buf.Len()>>10, alloc)
	if alloc > 100 {
		t.Errorf("refusing a %d-row sheet allocated %d MB: the sheet was read whole", rows, alloc)
	}
	// Control characters in a cell make that row a problem, not the file.
	b, err := BatchFile("ok.csv", []byte("条文,意见\n1,好的意见\n2,坏的\x01意见\n3,\"第一行\r\n第二行\"\n"))
	if err != nil || len(b.Rows) != 2 || len(b.Problems) != 1 || b.Problems[0].Line != 3 || b.Rows[1].Text != "第一行\n第二行" {
		t.Errorf("rows %+v problems %+v err %v", b, b.Problems, err)
	}
}
