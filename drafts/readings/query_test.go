package readings_test

import (
	"net/url"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/amend"
	"lifa/drafts/readings"
)

func TestFromTo(t *testing.T) {
	if from, to, err := readings.FromTo(url.Values{"from": {"3"}, "to": {"7"}}); err != nil || from != 3 || to != 7 {
		t.Errorf("FromTo = %d, %d, %v", from, to, err)
	}
	if from, to, err := readings.FromTo(url.Values{}); err != nil || from != 0 || to != 0 {
		t.Errorf("defaults: %d, %d, %v", from, to, err)
	}
	for _, bad := range []url.Values{{"from": {"0"}}, {"to": {"x"}}} {
		if _, _, err := readings.FromTo(bad); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("%v: %v", bad, err)
		}
	}
}

// TestParseAmendmentQuery: what Amendment.Query writes reads back.
func TestParseAmendmentQuery(t *testing.T) {
	meta := amend.Meta{Body: "广州市人民代表大会常务委员会", Meeting: "第三十次会议", Date: "2026-12-06", Effective: "2027-01-01", Law: "湿地保护法"}
	a := &readings.Amendment{Comparison: &readings.Comparison{From: &drafts.Version{ID: 3}, To: &drafts.Version{ID: 7}}, Meta: meta}
	q, err := url.ParseQuery(string(a.Query()))
	if err != nil {
		t.Fatal(err)
	}
	if from, to, got, err := readings.ParseAmendmentQuery(q); err != nil || from != 3 || to != 7 || got != meta {
		t.Errorf("ParseAmendmentQuery(%v) = %d, %d, %+v, %v", q, from, to, got, err)
	}
	if _, _, _, err := readings.ParseAmendmentQuery(url.Values{"to": {"x"}}); drafts.ErrorCode(err) != drafts.EINVALID {
		t.Errorf("bad to: %v", err)
	}
}

func TestParseDryRun(t *testing.T) {
	for in, want := range map[string]bool{"": false, "0": false, "false": false, "1": true, "true": true} {
		if got, err := readings.ParseDryRun(in); got != want || err != nil {
			t.Errorf("ParseDryRun(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := readings.ParseDryRun("yes"); drafts.ErrorCode(err) != drafts.EINVALID {
		t.Errorf("ParseDryRun(yes): %v", err)
	}
}

func TestParsePosition(t *testing.T) {
	for in, want := range map[string]int{"30": 30, " 5 ": 5, "-3": -3, "": -1, "x": -1, "1.5": -1} {
		if got := readings.ParsePosition(in); got != want {
			t.Errorf("ParsePosition(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestParseHistoryQuery(t *testing.T) {
	q, err := readings.ParseHistoryQuery(url.Values{"version": {"4"}, "article": {"10"}, "sub": {"1"}})
	if err != nil || q != (readings.HistoryQuery{Version: 4, Num: 10, Sub: 1}) {
		t.Errorf("ParseHistoryQuery = %+v, %v", q, err)
	}
	for _, tc := range []struct {
		q    url.Values
		want string
	}{
		{url.Values{"article": {"1"}}, "version 参数"},
		{url.Values{"version": {"x"}, "article": {"1"}}, "参数 version"},
		{url.Values{"version": {"4"}}, "article 参数"},
		{url.Values{"version": {"4"}, "article": {"0"}}, "article 参数"},
		{url.Values{"version": {"4"}, "article": {"1"}, "sub": {"-1"}}, "参数 sub"},
	} {
		if _, err := readings.ParseHistoryQuery(tc.q); drafts.ErrorCode(err) != drafts.EINVALID || !strings.Contains(drafts.ErrorMessage(err), tc.want) {
			t.Errorf("%v: %v, want EINVALID saying %q", tc.q, err, tc.want)
		}
	}
}
