package diff

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// diffRunes is go-diff's DiffMainRunes(a, b, false) with DiffTimeout
// timeout (> 0), returning the same diffs.
func diffRunes(a, b []rune, timeout time.Duration) []diffmatchpatch.Diff {
	d := &runeDiffer{A: a, B: b, deadline: time.Now().Add(timeout)}
	return d.strings(d.main(nil, 0, len(a), 0, len(b)))
}

// goDiff is go-diff's own DiffMainRunes, which diffRunes carries over.
func goDiff(a, b []rune) []diffmatchpatch.Diff {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = time.Hour
	return dmp.DiffMainRunes(a, b, false)
}

// TestRuneDiff checks that diffRunes gives go-diff's diff for every
// aligned pair of the testdata texts (whole articles and their changed
// runs), and for random edits of them.
func TestRuneDiff(t *testing.T) {
	pairs := [][2]string{{"lifafa-2015.md", "lifafa-2023.md"}, {"fbzd-2019.md", "fbzd-2025.md"},
		{"zhian-2012.md", "zhian-2025.md"}, {"gzpark-2021.md", "gzpark-2025.md"}}
	n := 0
	rng := rand.New(rand.NewPCG(1, 2))
	for _, p := range pairs {
		c, err := Compare(parseDoc(t, p[0]), parseDoc(t, p[1]), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range c.Changes {
			if len(ch.Old) == 0 || len(ch.New) == 0 {
				continue
			}
			var a, b []rune
			for _, r := range ch.Old {
				a = append(a, []rune(r.Text)...)
			}
			for _, r := range ch.New {
				b = append(b, []rune(r.Text)...)
			}
			// and a random edit of the old text
			e := append([]rune(nil), a...)
			for k := 0; k < 1+len(e)/40 && len(e) > 2; k++ {
				i := rng.IntN(len(e) - 1)
				e = append(e[:i], append([]rune("修改的文字"[:3*(1+rng.IntN(4))]), e[i+1+rng.IntN(2):]...)...)
			}
			for _, x := range [][2][]rune{{a, b}, {a, e}, {b, e}} {
				n++
				got, want := diffRunes(x[0], x[1], time.Hour), goDiff(x[0], x[1])
				if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
					t.Fatalf("diffRunes differs from go-diff on\n%q\n%q\n got  %v\n want %v", string(x[0]), string(x[1]), got, want)
				}
				got, want = runeSemantic(x[0], x[1]), goSemantic(x[0], x[1])
				if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
					t.Fatalf("cleanupSemantic differs from go-diff on\n%q\n%q\n got  %v\n want %v", string(x[0]), string(x[1]), got, want)
				}
			}
		}
	}
	t.Logf("%d pairs identical", n)
}

// FuzzRuneDiff compares diffRunes with go-diff on any two texts.
func FuzzRuneDiff(f *testing.F) {
	f.Add("市交通行政主管部门负责本市停车场的监督管理工作。", "市交通运输行政主管部门负责本市停车场的管理工作，组织实施本条例。")
	f.Add("abcabcabc", "abxabcaxbc")
	f.Add("法律委员会和有关的专门委员会", "宪法和法律委员会、有关的专门委员会")
	f.Add("第一行\n\n第二行 word", "第一行\r\n\r\n第三行 words")
	f.Fuzz(func(t *testing.T, a, b string) {
		ra, rb := []rune(a), []rune(b)
		got, want := diffRunes(ra, rb, time.Hour), goDiff(ra, rb)
		if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("diffRunes(%q, %q)\n got  %v\n want %v", a, b, got, want)
		}
		got, want = runeSemantic(ra, rb), goSemantic(ra, rb)
		if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("cleanupSemantic(%q, %q)\n got  %v\n want %v", a, b, got, want)
		}
	})
}

// goSemantic is go-diff's diff after its semantic clean-up.
func goSemantic(a, b []rune) []diffmatchpatch.Diff {
	dmp := diffmatchpatch.New()
	return dmp.DiffCleanupSemantic(goDiff(a, b))
}

// runeSemantic is diffRunes with cleanupSemantic, as strings.
func runeSemantic(a, b []rune) []diffmatchpatch.Diff {
	d := &runeDiffer{A: a, B: b, deadline: time.Now().Add(time.Hour)}
	rs := d.main(nil, 0, len(a), 0, len(b))
	if len(rs) > 0 {
		rs = d.cleanupSemantic(rs)
	}
	return d.strings(rs)
}

// strings returns ds as go-diff's diffs, checking that they are a valid
// diff of d.A and d.B (each piece starts where the one before it ends and
// the pieces cover both texts).
func (d *runeDiffer) strings(ds []rdiff) []diffmatchpatch.Diff {
	out := make([]diffmatchpatch.Diff, len(ds))
	a, b := 0, 0
	for i, r := range ds {
		if r.a != a || r.b != b {
			panic(fmt.Sprintf("piece %d of %v starts at (%d, %d), want (%d, %d)", i, ds, r.a, r.b, a, b))
		}
		a, b = r.end()
		out[i] = diffmatchpatch.Diff{Type: r.op, Text: string(d.text(r))}
	}
	if a != len(d.A) || b != len(d.B) {
		panic(fmt.Sprintf("%v ends at (%d, %d), want (%d, %d)", ds, a, b, len(d.A), len(d.B)))
	}
	return out
}
