package diff

import "sync"

// overlaps counts the bigrams each old article shares with each new one,
// the number behind every Dice and containment test of the alignment
// between one old and one new article. The new side's bigrams are indexed
// (which new articles hold each bigram id), so that an old article's
// counts against all new articles cost one pass over the new articles
// sharing each of its bigrams — a fraction of testing every pair — and
// each old article's row is computed once, when first asked for.
type overlaps struct {
	op   []profile
	m    int     // new articles
	from []int32 // postings of id k are holders[from[k]:from[k+1]]
	hold []int32 // new article indexes
	rows [][]int32
}

// newOverlaps indexes the bigrams of the new articles np (dense ids below
// n) for counting against the old articles op.
func newOverlaps(op, np []profile, n int) *overlaps {
	from := make([]int32, n+1)
	for j := range np {
		for _, id := range np[j].ids {
			from[id+1]++
		}
	}
	for k := 1; k <= n; k++ {
		from[k] += from[k-1]
	}
	hold := make([]int32, from[n])
	for j := range np {
		for _, id := range np[j].ids {
			hold[from[id]] = int32(j)
			from[id]++
		}
	}
	// Each from[id] is now where the postings of id end, the start of
	// id+1's.
	copy(from[1:], from[:n])
	from[0] = 0
	return &overlaps{op: op, m: len(np), from: from, hold: hold, rows: make([][]int32, len(op))}
}

// row returns the counts of old article i against every new article.
func (ov *overlaps) row(i int) []int32 {
	if r := ov.rows[i]; r != nil {
		return r
	}
	r := make([]int32, ov.m)
	nid := int32(len(ov.from) - 1)
	for _, id := range ov.op[i].ids {
		if id >= nid {
			continue // numbered after the new side: no new article has it
		}
		for _, j := range ov.hold[ov.from[id]:ov.from[id+1]] {
			r[j]++
		}
	}
	ov.rows[i] = r
	return r
}

// count is the number of bigrams old article i and new article j share.
func (ov *overlaps) count(i, j int) int { return int(ov.row(i)[j]) }

// pair is count(i, j) for new article j's profile nj, without computing
// the row of i when it is not there yet (counted with mk instead).
func (ov *overlaps) pair(i, j int, nj profile, mk *marker) int {
	if r := ov.rows[i]; r != nil {
		return int(r[j])
	}
	mk.set(nj.ids)
	return mk.count(ov.op[i].ids)
}

// fill computes the rows of the old articles is that are not there yet,
// on two goroutines when parallel and there are many (rows are
// independent; each goroutine writes its own).
func (ov *overlaps) fill(is []int, parallel bool) {
	var todo []int
	for _, i := range is {
		if ov.rows[i] == nil {
			todo = append(todo, i)
		}
	}
	half := len(todo) / 2
	if !parallel || len(todo) < 16 {
		half = 0
	}
	var wg sync.WaitGroup
	if half > 0 {
		wg.Go(func() {
			for _, i := range todo[:half] {
				ov.row(i)
			}
		})
	}
	for _, i := range todo[half:] {
		ov.row(i)
	}
	wg.Wait()
}

// with returns the overlaps of the old articles rp against the same new
// articles, keeping the rows of the old articles whose profile did not
// change (changed[i] false).
func (ov *overlaps) with(rp []profile, changed []bool) *overlaps {
	c := *ov
	c.op = rp
	c.rows = make([][]int32, len(rp))
	for i, r := range ov.rows {
		if !changed[i] {
			c.rows[i] = r
		}
	}
	return &c
}
