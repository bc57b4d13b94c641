package reports

import (
	"strings"
	"testing"

	"lifa/drafts"
)

// The report, the public feedback and the letters say what became of the
// opinions in one wording, 尚在研究, with the same numbers as the line of
// figures; nothing reads 经逐条研究 before saying nothing is answered.
func TestTally_outcome(t *testing.T) {
	by := map[drafts.Disposition]int{drafts.DispositionAdopted: 2, drafts.DispositionPartly: 1,
		drafts.DispositionRejected: 1, drafts.DispositionNone: 2}
	tl := tallyOf(by)
	if tl.Opinions != 6 || tl.Unanswered != 2 || tl.Adopted != 2 {
		t.Fatalf("tallyOf = %+v", tl)
	}
	if got, want := tl.Sentence(), "采纳2条、部分采纳1条、未采纳1条、尚在研究2条"; got != want {
		t.Errorf("Sentence = %q, want %q", got, want)
	}
	s := countsSentence(Counts{Opinions: 6, ContactPointOpinions: 6, ContactPoints: 2, ByDisposition: by})
	if !strings.HasSuffix(s, "经逐条研究，采纳2条、部分采纳1条、未采纳1条；另有2条尚在研究。") {
		t.Errorf("countsSentence = %q", s)
	}
	for _, tt := range []struct {
		by   map[drafts.Disposition]int
		want string
	}{
		{map[drafts.Disposition]int{drafts.DispositionNone: 3}, "意见尚在研究"},
		{map[drafts.Disposition]int{drafts.DispositionAdopted: 1}, "经认真研究，采纳1条"},
		{map[drafts.Disposition]int{}, ""},
	} {
		if got := tallyOf(tt.by).Outcome("经认真研究，"); got != tt.want {
			t.Errorf("Outcome(%v) = %q, want %q", tt.by, got, tt.want)
		}
	}
	for _, s := range []string{s, tl.Sentence()} {
		if strings.Contains(s, "尚未答复") {
			t.Errorf("%q says 尚未答复 where the others say 尚在研究", s)
		}
	}
}
