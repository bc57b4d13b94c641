package reports_test

import (
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/reports"
)

// TestLetterItem_Why checks that the letter tells an answer once: the
// reason without the answer it repeats at its start.
func TestLetterItem_Why(t *testing.T) {
	for _, c := range []struct {
		item        reports.LetterItem
		answer, why string
	}{
		{reports.LetterItem{Disposition: drafts.DispositionPartly, Reason: "部分采纳，调查周期由五年改为三年。"}, "部分采纳", "调查周期由五年改为三年。"},
		{reports.LetterItem{Disposition: drafts.DispositionAdopted, Reason: "采纳。"}, "采纳", ""},
		{reports.LetterItem{Disposition: drafts.DispositionAdopted, Reason: "采纳后增加一款。"}, "采纳", "采纳后增加一款。"},
		{reports.LetterItem{Disposition: drafts.DispositionReference, Reason: "将在配套文件中细化。"}, "作为参考", "将在配套文件中细化。"},
		{reports.LetterItem{Disposition: drafts.DispositionRejected, Reason: "采纳会与上位法抵触。"}, "未采纳", "采纳会与上位法抵触。"},
		{reports.LetterItem{Hidden: true, Reason: "含广告链接"}, "未予处理", "含广告链接"},
	} {
		if a, w := c.item.Answer(), c.item.Why(); a != c.answer || w != c.why {
			t.Errorf("%+v: answer %q, why %q; want %q, %q", c.item, a, w, c.answer, c.why)
		}
	}
}

// checkLetterParts checks the letter's page parts: the meeting with its
// date as people write it and each landed change drawn, then the other
// opinions.
func checkLetterParts(t *testing.T, l *reports.Letter) {
	t.Helper()
	parts := l.Parts()
	if len(parts) != 2 || parts[0].Meeting == nil || parts[0].Date != "2026年3月5日" || parts[1].Meeting != nil ||
		len(parts[0].Items) != 3 || len(parts[1].Items) != 1 {
		t.Fatalf("letter parts %+v", parts)
	}
	if d := parts[0].Items[1].Diff; !strings.Contains(string(d), "<ins") && !strings.Contains(string(d), "<del") {
		t.Errorf("the survey opinion's change is drawn as %q", d)
	}
	if parts[0].Items[2].Diff != "" {
		t.Errorf("an opinion that did not land has a change drawn: %q", parts[0].Items[2].Diff)
	}
}

func TestParseContactPoints(t *testing.T) {
	if cps, err := reports.ParseContactPoints([]string{"3", "12"}); err != nil || len(cps) != 2 || cps[1] != 12 {
		t.Errorf("ParseContactPoints(3, 12) = %v, %v", cps, err)
	}
	if cps, err := reports.ParseContactPoints(nil); err != nil || cps != nil {
		t.Errorf("no contact point (all) = %v, %v", cps, err)
	}
	for _, bad := range []string{"0", "x", ""} {
		if _, err := reports.ParseContactPoints([]string{"1", bad}); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("ParseContactPoints(%q) = %v", bad, err)
		}
	}
}
