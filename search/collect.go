package search

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Searches run bleve's searchers on each shard's snapshot and collect the
// hits here instead of through bleve's collector: every hit is counted by
// its version, whose metadata the index holds (verMeta), so filters
// (regulation, stage, committee, dates, level, region, stale versions),
// facets and groups cost a slice lookup per hit, where bleve's facets read
// the version's doc value for every hit (about 40 % of the time of the
// slowest queries) and filters were extra queries. Only the hits on the
// requested page have their stored fields read.

// segInfo is what the collector knows of each document of one segment,
// read once when the index first sees the segment: from the doc values,
// its version (fFacet; 0 for documents without one), as an index into
// vers so that hits are counted in a slice, and, for documents that have
// one (opinions), its own date; from the stored fields, its normalised
// text, to check the candidates of a word (textquery.go), and its norm;
// from the texts, the documents that have each character and each gram
// with punctuation (loadChars).
type segInfo struct {
	doc   []uint32 // local document number → index in vers
	vers  []int64  // the segment's versions; vers[0] is 0
	dates map[uint32]string
	text  []byte    // the documents' normalised texts, one after the other
	at    []uint32  // local document number → start of its text (and the end)
	norm  []float32 // local document number → 1/√(characters of its text), 0 without
	bytes [256]int  // how often each byte occurs in text (see containing)
	// text field → character → the documents whose text has it
	chars map[string]map[rune]*roaring.Bitmap
	// text field → gramKey → the documents whose text has the gram, for
	// the grams the index does not have: those of punctuation or
	// symbols, without white space (see wordRune)
	pgrams map[string]map[uint64]*roaring.Bitmap
}

// segCache keeps the segInfo of the segments of the open index. Segments
// are immutable, so an entry stays right for as long as its segment
// lives; entries of segments no snapshot holds any more are dropped by
// prune.
type segCache struct {
	mu sync.Mutex
	m  map[segment.Segment]*segInfo
}

// info returns the segInfo of seg, reading it on first use.
func (c *segCache) info(seg segment.Segment) (*segInfo, error) {
	c.mu.Lock()
	si := c.m[seg]
	c.mu.Unlock()
	if si != nil {
		return si, nil
	}
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return nil, fmt.Errorf("search: segment %T has no doc values", seg)
	}
	n := seg.Count()
	si = &segInfo{doc: make([]uint32, n), vers: []int64{0}}
	at := map[int64]uint32{0: 0}
	var state segment.DocVisitState
	var err error
	fields := []string{fFacet, fDate}
	for i := uint64(0); i < n; i++ {
		date := ""
		state, err = dv.VisitDocValues(i, fields, func(f string, term []byte) {
			switch f {
			case fFacet:
				v := atoi64(term)
				k, ok := at[v]
				if !ok {
					k = uint32(len(si.vers))
					at[v] = k
					si.vers = append(si.vers, v)
				}
				si.doc[i] = k
			case fDate:
				date = string(term)
			}
		}, state)
		if date != "" && si.doc[i] != 0 { // a dated document of a version: an opinion
			if si.dates == nil {
				si.dates = map[uint32]string{}
			}
			si.dates[uint32(i)] = date
		}
		if err != nil {
			return nil, fmt.Errorf("search: doc values: %w", err)
		}
	}
	if err := si.loadTexts(seg); err != nil {
		return nil, err
	}
	if err := si.loadChars(seg); err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[segment.Segment]*segInfo{}
	}
	c.m[seg] = si
	c.mu.Unlock()
	return si, nil
}

// prune drops the entries of segments not in live.
func (c *segCache) prune(live map[segment.Segment]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for s := range c.m {
		if !live[s] {
			delete(c.m, s)
		}
	}
}

func atoi64(b []byte) int64 {
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// view is one shard's snapshot with its segments' offsets and infos.
type view struct {
	snap  *scorch.IndexSnapshot
	segs  []*scorch.SegmentSnapshot
	offs  []uint64 // global number of each segment's first document
	infos []*segInfo
}

// openViews opens a snapshot of every shard. The caller closes them.
func (ix *Index) openViews() ([]*view, error) {
	vs := make([]*view, 0, len(ix.idx.parts))
	fail := func(err error) ([]*view, error) {
		closeViews(vs)
		return nil, err
	}
	live := map[segment.Segment]bool{}
	for _, p := range ix.idx.parts {
		adv, err := p.Advanced()
		if err != nil {
			return fail(fmt.Errorf("search: %w", err))
		}
		r, err := adv.Reader()
		if err != nil {
			return fail(fmt.Errorf("search: %w", err))
		}
		snap, ok := r.(*scorch.IndexSnapshot)
		if !ok {
			r.Close()
			return fail(fmt.Errorf("search: index reader %T is not scorch's", r))
		}
		v := &view{snap: snap, segs: snap.Segments()}
		vs = append(vs, v)
		var off uint64
		for _, ss := range v.segs {
			si, err := ix.segs.info(ss.Segment())
			if err != nil {
				return fail(err)
			}
			live[ss.Segment()] = true
			v.offs = append(v.offs, off)
			v.infos = append(v.infos, si)
			off += ss.Segment().Count()
		}
	}
	if ix.segs.size() > len(live) {
		ix.segs.prune(live)
	}
	return vs, nil
}

// warm reads the segInfo of the segments new to the index (those of the
// latest batches and merges), so that the follower pays for them, not
// the next search (a segment of 26,000 articles: about a quarter of a
// CPU-second).
func (ix *Index) warm() error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return nil
	}
	vs, err := ix.openViews()
	if err != nil {
		return err
	}
	closeViews(vs)
	return nil
}

func (c *segCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

func closeViews(vs []*view) {
	for _, v := range vs {
		v.snap.Close()
	}
}

// locate returns the segment and local number of global document num.
func (v *view) locate(num uint64) (int, uint64) {
	i := sort.Search(len(v.offs), func(i int) bool { return v.offs[i] > num }) - 1
	return i, num - v.offs[i]
}

// stored returns the stored fields of global document num (the id as "_id").
func (v *view) stored(num uint64, names map[string]bool) (map[string]string, error) {
	i, local := v.locate(num)
	out := map[string]string{}
	err := v.segs[i].VisitDocument(local, func(field string, _ byte, value []byte, _ []uint64) bool {
		if field == "_id" || names[field] {
			out[field] = string(value)
		}
		return true
	})
	return out, err
}

// hitRef is a collected hit: where it is and how it ranks.
type hitRef struct {
	shard int
	num   uint64 // global document number in the shard's snapshot
	score float64
	ver   int64
	date  string // for the date sort
}

// less reports whether a ranks before b: by date first when byDate, then
// by score, then by version and position (shard, number) so that pages
// are stable, also while the index merges segments (which renumbers
// documents, but keeps those of one version, added in one batch, in
// their order).
func (a hitRef) less(b hitRef, byDate bool) bool {
	if byDate && a.date != b.date {
		return a.date > b.date
	}
	if a.score != b.score {
		return a.score > b.score
	}
	if a.ver != b.ver {
		return a.ver < b.ver
	}
	if a.shard != b.shard {
		return a.shard < b.shard
	}
	return a.num < b.num
}

// topHeap keeps the best k hits, the worst on top.
type topHeap struct {
	h      []hitRef
	byDate bool
}

func (t *topHeap) Len() int           { return len(t.h) }
func (t *topHeap) Less(i, j int) bool { return t.h[j].less(t.h[i], t.byDate) }
func (t *topHeap) Swap(i, j int)      { t.h[i], t.h[j] = t.h[j], t.h[i] }
func (t *topHeap) Push(x any)         { t.h = append(t.h, x.(hitRef)) }
func (t *topHeap) Pop() any {
	x := t.h[len(t.h)-1]
	t.h = t.h[:len(t.h)-1]
	return x
}

// offer adds h if it is among the best k.
func (t *topHeap) offer(h hitRef, k int) {
	if k <= 0 {
		return
	}
	if len(t.h) < k {
		heap.Push(t, h)
		return
	}
	if h.less(t.h[0], t.byDate) {
		t.h[0] = h
		heap.Fix(t, 0)
	}
}

// collectSpec says what to collect.
type collectSpec struct {
	// q is a bleve query, or tq a search's text query (textquery.go)
	q  query.Query
	tq *textQuery
	// keep, when set, says whether a hit of version ver (with its own
	// date, "" for articles) counts; the caller holds ix.mu.
	keep func(ver int64, date string) bool
	// k is the number of best hits to keep (page × size).
	k int
	// byDate sorts by date (the document's own, else its version's),
	// newest first, then by score.
	byDate bool
	// date returns the date of version ver, for byDate.
	date func(ver int64) string
	// also, when set, keeps besides the best k the best alsoK of the
	// hits whose version it accepts (by score).
	also  func(ver int64) bool
	alsoK int
}

// collected is the outcome: the total, the hits per version and the best
// hits, best first (then those of spec.also that are not among them).
type collected struct {
	total      int
	perVersion map[int64]int
	top        []hitRef
	also       []hitRef // a shard's best hits of spec.also, merged into top
}

// collect runs spec on every shard of views, side by side, and merges the
// outcome. A shard that fails fails the search.
func collect(ctx context.Context, ix *Index, views []*view, spec collectSpec) (*collected, error) {
	outs := make([]*collected, len(views))
	errs := make([]error, len(views))
	var wg sync.WaitGroup
	for i, v := range views {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = collectShard(ctx, ix, i, v, spec)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	nv := 0
	for _, o := range outs {
		nv += len(o.perVersion)
	}
	res := &collected{perVersion: make(map[int64]int, nv)}
	t := &topHeap{byDate: spec.byDate}
	a := &topHeap{}
	for _, o := range outs {
		res.total += o.total
		for v, n := range o.perVersion {
			res.perVersion[v] += n
		}
		for _, h := range o.top {
			t.offer(h, spec.k)
		}
		for _, h := range o.also {
			a.offer(h, spec.alsoK)
		}
	}
	res.top = sortedTop(t)
	if len(a.h) > 0 {
		in := make(map[[2]uint64]bool, len(res.top))
		for _, h := range res.top {
			in[[2]uint64{uint64(h.shard), h.num}] = true
		}
		for _, h := range sortedTop(a) {
			if !in[[2]uint64{uint64(h.shard), h.num}] {
				res.top = append(res.top, h)
			}
		}
	}
	return res, nil
}

func sortedTop(t *topHeap) []hitRef {
	out := t.h
	sort.Slice(out, func(i, j int) bool { return out[i].less(out[j], t.byDate) })
	return out
}

// collectShard runs spec on one shard.
func collectShard(ctx context.Context, ix *Index, shard int, v *view, spec collectSpec) (*collected, error) {
	if spec.tq != nil {
		return collectText(ctx, shard, v, spec)
	}
	s, err := spec.q.Searcher(ctx, v.snap, ix.mapping, search.SearcherOptions{})
	if err != nil {
		return nil, fmt.Errorf("search: shard %d: %w", shard, err)
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: v.snap}
	res := &collected{perVersion: map[int64]int{}}
	t := &topHeap{byDate: spec.byDate}
	a := &topHeap{}
	// the segment of the last hit (hits come in document order) and its
	// hits per version
	seg, end := -1, uint64(0)
	var info *segInfo
	var base uint64
	var counts []int
	flush := func() {
		for k, n := range counts {
			if n > 0 {
				res.perVersion[info.vers[k]] += n
			}
		}
	}
	for n := 0; ; n++ {
		if n&1023 == 1023 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return nil, fmt.Errorf("search: shard %d: %w", shard, err)
		}
		if dm == nil {
			break
		}
		num := dm.IndexInternalID.Value()
		score := dm.Score
		sctx.DocumentMatchPool.Put(dm)
		if seg < 0 || num < base || num >= end {
			if info != nil {
				flush()
			}
			var local uint64
			seg, local = v.locate(num)
			base = num - local
			end = base + v.segs[seg].Segment().Count()
			info = v.infos[seg]
			counts = make([]int, len(info.vers))
		}
		local := num - base
		k := info.doc[local]
		ver := info.vers[k]
		own := ""
		if info.dates != nil && (spec.keep != nil || spec.byDate) {
			own = info.dates[uint32(local)]
		}
		if spec.keep != nil && !spec.keep(ver, own) {
			continue
		}
		res.total++
		counts[k]++
		if spec.k > 0 {
			h := hitRef{shard: shard, num: num, score: score, ver: ver}
			if spec.byDate {
				h.date = own
				if h.date == "" && spec.date != nil {
					h.date = spec.date(ver)
				}
			}
			t.offer(h, spec.k)
			if spec.also != nil && spec.also(ver) {
				a.offer(h, spec.alsoK)
			}
		}
	}
	if info != nil {
		flush()
	}
	res.top, res.also = t.h, a.h
	return res, nil
}
