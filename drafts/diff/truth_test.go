package diff

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// links returns the comparison's article links (old num, new num), with
// added and deleted articles as pairs with 0.
func links(c *Comparison) map[[2]int]bool {
	m := map[[2]int]bool{}
	for _, ch := range c.Changes {
		switch {
		case len(ch.Old) == 0:
			for _, n := range ch.New {
				m[[2]int{0, n.Num}] = true
			}
		case len(ch.New) == 0:
			for _, o := range ch.Old {
				m[[2]int{o.Num, 0}] = true
			}
		default:
			for _, o := range ch.Old {
				for _, n := range ch.New {
					m[[2]int{o.Num, n.Num}] = true
				}
			}
		}
	}
	return m
}

// score compares links with the truth: precision, recall, F1 and the
// differences.
func score(got map[[2]int]bool, truth [][2]int) (p, r, f1 float64, missing, extra [][2]int) {
	tm := map[[2]int]bool{}
	for _, l := range truth {
		tm[l] = true
	}
	tp := 0
	for l := range got {
		if tm[l] {
			tp++
		} else {
			extra = append(extra, l)
		}
	}
	for l := range tm {
		if !got[l] {
			missing = append(missing, l)
		}
	}
	p = float64(tp) / float64(len(got))
	r = float64(tp) / float64(len(tm))
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return
}

func TestCompare_groundTruth(t *testing.T) {
	cases := []struct {
		old, new, truth string
		minF1           float64
	}{
		{"lifafa-2015.md", "lifafa-2023.md", "lifafa-mapping.csv", 0.98},
		{"fbzd-2019.md", "fbzd-2025.md", "fbzd-mapping.csv", 0.95},
		{"zhian-2012.md", "zhian-2025.md", "zhian-2012-2025-mapping.csv", 0.95},
		{"zhian-draft2.md", "zhian-2025.md", "zhian-draft2-2025-mapping.csv", 0.95},
	}
	for _, tc := range cases {
		t.Run(tc.truth, func(t *testing.T) {
			old, new := parseDoc(t, tc.old), parseDoc(t, tc.new)
			c, err := Compare(old, new, nil)
			if err != nil {
				t.Fatal(err)
			}
			truth := readMapping(t, tc.truth)
			p, r, f1, missing, extra := score(links(c), truth)
			t.Logf("%d→%d articles: P=%.3f R=%.3f F1=%.3f stats=%+v", len(old.Articles), len(new.Articles), p, r, f1, c.Stats)
			t.Logf("missing %v", missing)
			t.Logf("extra   %v", extra)
			// Every split of the official table is found as a split.
			splits := map[int][]int{}
			for _, r := range readSplits(t, tc.truth) {
				splits[r[0]] = append(splits[r[0]], r[1])
			}
			for o, ns := range splits {
				found := false
				for _, ch := range c.Changes {
					if ch.Kind == Split && len(ch.Old) == 1 && ch.Old[0].Num == o && len(ch.New) == len(ns) {
						found = true
					}
				}
				if !found {
					t.Errorf("split of article %d into %v not found", o, ns)
				}
			}
			if f1 < tc.minF1 {
				t.Errorf("F1 = %.3f, want ≥ %.2f", f1, tc.minF1)
			}
		})
	}
}

var _ = fmt.Sprint

// readSplits returns the (old, new) rows of a ground-truth table whose
// relation is "split".
func readSplits(t *testing.T, name string) [][2]int {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]int
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ",")
		if len(f) > 2 && f[2] == "split" {
			o, _ := strconv.Atoi(f[0])
			n, _ := strconv.Atoi(f[1])
			out = append(out, [2]int{o, n})
		}
	}
	return out
}
