package diff

import (
	"testing"
)

// threeReadings are three readings of a short text: article 2 of the first
// becomes article 3 of the second (a new article 2 is inserted and its text
// changes), which the third splits in two.
var threeReadings = []string{
	"# 条例\n第一条　为了保护湿地，制定本条例。\n第二条　湿地保护应当遵循保护优先、科学修复、合理利用的原则，任何单位和个人不得破坏湿地。\n",
	"# 条例\n第一条　为了保护湿地，制定本条例。\n第二条　本条例适用于本市行政区域内的湿地保护。\n第三条　湿地保护应当遵循保护优先、科学修复、合理利用、持续发展的原则，任何单位和个人不得破坏湿地。\n",
	"# 条例\n第一条　为了保护湿地，制定本条例。\n第二条　本条例适用于本市行政区域内的湿地保护。\n第三条　湿地保护应当遵循保护优先、科学修复、合理利用、持续发展的原则。\n第四条　任何单位和个人不得破坏湿地。\n",
}

func historyOf(t *testing.T, at, num int) []HistoryStep {
	t.Helper()
	var cmps []*Comparison
	for i := 0; i+1 < len(threeReadings); i++ {
		c, err := Compare(splitDoc(threeReadings[i]), splitDoc(threeReadings[i+1]), nil)
		if err != nil {
			t.Fatal(err)
		}
		cmps = append(cmps, c)
	}
	steps, err := History(splitDoc(threeReadings[at]), len(threeReadings), at, num, 0,
		func(i int) (*Comparison, error) { return cmps[i], nil })
	if err != nil {
		t.Fatal(err)
	}
	return steps
}

func labelsOf(refs []Ref) string {
	s := ""
	for _, r := range refs {
		s += r.Label
	}
	return s
}

func TestHistory(t *testing.T) {
	for _, at := range []int{0, 1, 2} {
		num := []int{2, 3, 4}[at]
		steps := historyOf(t, at, num)
		want := []string{"第二条", "第三条", "第三条第四条"}
		if at == 2 {
			// Followed from 第四条 of the third reading: only it comes
			// from the split.
			want[2] = "第四条"
		}
		for i, st := range steps {
			if got := labelsOf(st.Articles); got != want[i] {
				t.Errorf("from reading %d: step %d articles %q, want %q", at+1, i+1, got, want[i])
			}
		}
		if steps[0].Kind != "" || steps[1].Kind != string(Moved) && steps[1].Kind != string(Modified) {
			t.Errorf("from reading %d: kinds %q, %q", at+1, steps[0].Kind, steps[1].Kind)
		}
		if steps[2].Kind != string(Split) || len(steps[2].Diff) == 0 {
			t.Errorf("from reading %d: third step %q with %d ops, want a split with its diff", at+1, steps[2].Kind, len(steps[2].Diff))
		}
	}
}

func TestHistory_addedAndDeleted(t *testing.T) {
	steps := historyOf(t, 1, 2) // 第二条 of the second reading is new
	if len(steps[0].Articles) != 0 || steps[1].Kind != string(Added) || steps[1].Note != "新增" {
		t.Errorf("new article: %+v", steps)
	}
	cmp, err := Compare(splitDoc(threeReadings[0]), splitDoc("# 条例\n第一条　为了保护湿地，制定本条例。\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	steps, err = History(splitDoc(threeReadings[0]), 2, 0, 2, 0, func(int) (*Comparison, error) { return cmp, nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(steps[1].Articles) != 0 || steps[1].Kind != string(Deleted) {
		t.Errorf("deleted article: %+v", steps[1])
	}
	if _, err := History(splitDoc(threeReadings[0]), 2, 0, 9, 0, nil); err == nil {
		t.Error("missing article: no error")
	}
}

func TestCarrier_Carry(t *testing.T) {
	old := readDoc(t, "gzpark-2021.md")
	cmp, err := Compare(old, readDoc(t, "gzpark-2025.md"), nil)
	if err != nil {
		t.Fatal(err)
	}
	k := cmp.Carrier()
	if d := k.Carry(0, 0); d.Kind != "whole" || !d.Changed {
		t.Errorf("whole text: %+v", d)
	}
	if d := k.Carry(9999, 0); d.Kind != string(Deleted) || !d.Changed {
		t.Errorf("no such article: %+v", d)
	}
	// Every old article lands where the comparison put it.
	for _, ch := range cmp.Changes {
		for _, r := range ch.Old {
			d := k.Carry(r.Num, r.Sub)
			if d.Kind != string(ch.Kind) || d.Changed != ch.Changed() || labelsOf(d.New) != labelsOf(ch.New) {
				t.Fatalf("%s: carried %+v, change %s → %s", r.Label, d, ch.Kind, labelsOf(ch.New))
			}
			if d.Changed != (len(d.Diff) > 0) && ch.Kind != Deleted {
				t.Errorf("%s: changed %v with %d diff ops", r.Label, d.Changed, len(d.Diff))
			}
		}
	}
}
