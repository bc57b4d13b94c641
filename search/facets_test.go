package search

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLeastK checks the quickselect of the groups against a full sort.
func TestLeastK(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type rc struct{ id, n int }
	less := func(a, b rc) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return cmp.Compare(a.id, b.id)
	}
	for round := 0; round < 2000; round++ {
		s := make([]rc, rng.IntN(200))
		for i := range s {
			s[i] = rc{i, rng.IntN(1 + rng.IntN(50))}
		}
		rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
		want := slices.Clone(s)
		slices.SortFunc(want, less)
		k := rng.IntN(60)
		got := leastK(slices.Clone(s), k, less)
		want = want[:min(k, len(want))]
		if !slices.Equal(got, want) {
			t.Fatalf("len %d k %d: got %v, want %v", len(s), k, got, want)
		}
	}
}
