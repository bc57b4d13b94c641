package diff

import (
	"math/rand"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// goDiff is what diffMain ports: go-diff's DiffMain with a timeout.
func goDiff(a, b string, timeout time.Duration) []diffmatchpatch.Diff {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = timeout
	return dmp.DiffMain(a, b, false)
}

func checkSameDiff(t *testing.T, a, b string) {
	t.Helper()
	for _, timeout := range []time.Duration{time.Hour, 0} {
		want, got := goDiff(a, b, timeout), diffMain(a, b, timeout)
		if (len(want) > 0 || len(got) > 0) && !reflect.DeepEqual(want, got) {
			t.Fatalf("diffMain(%q, %q, %v)\n got %v\nwant %v", a, b, timeout, got, want)
		}
		dmp := diffmatchpatch.New()
		dmp.DiffTimeout = timeout
		want, got = dmp.DiffMainRunes([]rune(a), []rune(b), false), diffMainRunes([]rune(a), []rune(b), timeout)
		if (len(want) > 0 || len(got) > 0) && !reflect.DeepEqual(want, got) {
			t.Fatalf("diffMainRunes(%q, %q, %v)\n got %v\nwant %v", a, b, timeout, got, want)
		}
	}
}

// TestDiffRunesMatchesGoDiff compares the port with go-diff on the
// articles of real texts (each old article with the new articles around
// its place) and on random texts over small alphabets, which make the
// half-match, bisection and merge paths common.
func TestDiffRunesMatchesGoDiff(t *testing.T) {
	pairs := 0
	for _, p := range [][2]string{{"lifafa-2015.md", "lifafa-2023.md"}, {"gzpark-2021.md", "gzpark-2025.md"}, {"fbzd-2019.md", "fbzd-2025.md"}} {
		old, new := parseDoc(t, p[0]), parseDoc(t, p[1])
		for i, a := range old.Articles {
			for _, j := range []int{i, i + 1} {
				if j >= 0 && j < len(new.Articles) {
					checkSameDiff(t, a.Text, new.Articles[j].Text)
					pairs++
				}
			}
		}
	}
	rng := rand.New(rand.NewSource(1))
	for _, alphabet := range []string{"ab", "abc", "甲乙丙", "本法规定应当，。", "第一二三条款项（）"} {
		rs := []rune(alphabet)
		gen := func() string {
			n := rng.Intn(60)
			out := make([]rune, n)
			for i := range out {
				out[i] = rs[rng.Intn(len(rs))]
			}
			return string(out)
		}
		for range 600 {
			a := gen()
			b := a
			if rng.Intn(3) > 0 { // an edit of a
				r := []rune(a)
				for range 1 + rng.Intn(4) {
					k := rng.Intn(len(r) + 1)
					switch rng.Intn(3) {
					case 0: // one character inserted
						r = append(r[:k:k], append([]rune{rs[rng.Intn(len(rs))]}, r[k:]...)...)
					case 1:
						if k < len(r) {
							r = append(r[:k:k], r[k+1:]...)
						}
					default:
						r = append(r[:k:k], append([]rune(gen()), r[k:]...)...)
					}
				}
				b = string(r)
			} else {
				b = gen()
			}
			checkSameDiff(t, a, b)
			pairs++
		}
	}
	t.Logf("%d pairs diffed the same", pairs)
}

// FuzzDiffRunes compares the port with go-diff on any two valid texts.
func FuzzDiffRunes(f *testing.F) {
	f.Add("违反本法第十二条规定的", "违反本法第十三条规定的，处罚款")
	f.Add("abcab", "bacba")
	f.Fuzz(func(t *testing.T, a, b string) {
		if !validText(a) || !validText(b) || len(a) > 2000 || len(b) > 2000 {
			return
		}
		checkSameDiff(t, a, b)
	})
}

// validText is what Compare accepts (valid UTF-8; go-diff and the port
// would both replace invalid bytes).
func validText(s string) bool { return utf8.ValidString(s) }
