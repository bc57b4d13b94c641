package reports_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/reports"
)

func TestParsePair(t *testing.T) {
	for _, tt := range []struct {
		from, to, kind string
		f, t           int64
		k              drafts.ReportKind
		code           string
	}{
		{"", "", "", 0, 0, "", ""},
		{" 3 ", "5", "", 3, 5, "", ""},
		{"3", "5", string(drafts.ReportKinds[0]), 3, 5, drafts.ReportKinds[0], ""},
		{"0", "5", "", 0, 0, "", drafts.EINVALID},
		{"x", "", "", 0, 0, "", drafts.EINVALID},
		{"3", "5", "别的", 3, 5, "", drafts.EINVALID},
	} {
		f, to, k, err := reports.ParsePair(tt.from, tt.to, tt.kind)
		if drafts.ErrorCode(err) != tt.code || tt.code == "" && (f != tt.f || to != tt.t || k != tt.k) {
			t.Errorf("ParsePair(%q, %q, %q) = %d, %d, %q, %v", tt.from, tt.to, tt.kind, f, to, k, err)
		}
	}
}

// TestReadEdit checks the editor's form: sections in the order typed, a
// deleted one left out, a new one added when filled in, and opinion ids
// as typed, the first bad one refused with its section's number.
func TestReadEdit(t *testing.T) {
	form := url.Values{"title": {"报告"}, "annex": {"on"}, "sec": {"s1", "s2", "s3"},
		"order_s1": {"3"}, "heading_s1": {"一"}, "opinions_s1": {"12，15、 7"},
		"order_s2": {"1"}, "heading_s2": {"二"}, "opinions_s2": {""},
		"heading_s3": {"三"}, "delete_s3": {"on"},
		"heading_new": {"新的部分"}, "opinions_new": {"8"}}
	e, typed, err := reports.ReadEdit(form)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, s := range e.Sections {
		order = append(order, s.ID+":"+s.Heading)
	}
	if got := strings.Join(order, ","); got != "s2:二,s1:一,:新的部分" || e.Title != "报告" || !e.Annex {
		t.Errorf("sections %s, title %q, annex %v", got, e.Title, e.Annex)
	}
	if ops := e.Sections[1].Opinions; len(ops) != 3 || ops[0] != 12 || ops[2] != 7 || typed["s1"] != "12，15、 7" {
		t.Errorf("opinions of s1: %v, typed %q", ops, typed["s1"])
	}
	form.Set("opinions_s2", "4, 第5条")
	e, typed, err = reports.ReadEdit(form)
	if drafts.ErrorCode(err) != drafts.EINVALID || drafts.ErrorMessage(err) != "第 2 部分的意见编号“第5条”不是有效的编号。" ||
		len(e.Sections) != 3 || typed["s2"] != "4, 第5条" {
		t.Errorf("a bad id: %v, %d sections, typed %q", err, len(e.Sections), typed["s2"])
	}
}

// checkEditor checks the editor on a saved report: each section with its
// opinions linked, an unknown id typed in a refused form shown as typed
// and as missing, the section of a change with its row on the comparison
// page; an earlier revision is read-only.
func checkEditor(t *testing.T, w *world, saved *reports.Report) {
	t.Helper()
	e := reports.EditOf(saved.Content)
	e.Sections[0].Opinions = append(e.Sections[0].Opinions, 999999)
	ed := reports.EditorOf(saved, e, map[string]string{e.Sections[0].ID: "typed"})
	if ed.ReadOnly || len(ed.Sections) != len(e.Sections) {
		t.Fatalf("editor: read-only %v, %d sections", ed.ReadOnly, len(ed.Sections))
	}
	first := ed.Sections[0]
	if first.Opinion != "typed" || len(first.Missing) != 1 || first.Missing[0] != 999999 || len(first.Linked) != len(e.Sections[0].Opinions)-1 {
		t.Errorf("first section: typed %q, missing %v, %d linked", first.Opinion, first.Missing, len(first.Linked))
	}
	if first.Anchor == "" || !strings.HasPrefix(first.Anchor, "art-") {
		t.Errorf("first section's anchor %q", first.Anchor)
	}
	if s := ed.Sections[1]; s.Opinion == "" || strings.Contains(s.Opinion, "typed") {
		t.Errorf("second section's ids %q", s.Opinion)
	}
	if _, err := w.rs.OpenOf(context.Background(), saved.RegulationID+1, saved.ID, 0); drafts.ErrorCode(err) != drafts.ENOTFOUND {
		t.Errorf("the report under another regulation: %v", err)
	}
	old, err := w.rs.OpenOf(context.Background(), saved.RegulationID, saved.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !reports.EditorOf(old, reports.EditOf(old.Content), nil).ReadOnly {
		t.Error("revision 1 of 2 is not read-only")
	}
}
