package reports_test

import (
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
