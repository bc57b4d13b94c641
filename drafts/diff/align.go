package diff

import (
	"math"
	"runtime"
	"sync"

	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"lifa/drafts"
)

// group is one aligned unit: old articles and what they became (indexes).
// kind is empty for a plain 1:1 pair (buildChange decides between
// unchanged, renumbered, modified and moved).
type group struct {
	old, new []int
	kind     Kind
	moved    bool
}

// alignment is the result of align: every article of both sides is in
// exactly one group.
type alignment struct {
	groups []group
	oldG   []int // old index → group index
	newG   []int // new index → group index
}

// profile is what alignment needs of one article.
type profile struct {
	norm string
	// ids are the article's distinct bigrams, by their dense numbers,
	// in text order: for marker and idf, and sorted (sortedIDs) for
	// the sorted merges of dice, containment and union.
	ids   []int32
	cuts  []int32 // rune offsets of clause punctuation
	runes int
	// pieces memoises clauses (nil until first asked for).
	pieces *[]piece
	// pr numbered the bigrams.
	pr *profiler
}

// piece is a clause of an article: its bigrams (their dense ids, each
// once) and its length in runes.
type piece struct {
	ids []int32
	n   int
}

// normalize removes whitespace and formatting characters and folds ASCII
// punctuation and full-width digits and letters to one form, so that
// texts differing only in those compare equal.
func normalize(s string) string {
	_, b := normAppend(appendRunes(nil, s), nil, make([]byte, 0, len(s)))
	return string(b)
}

// normAppend appends the normalised characters of rs to dst and their
// UTF-8 encoding to b (the normalised text, cheaper than converting dst to
// a string).
func normAppend(rs []rune, dst []rune, b []byte) ([]rune, []byte) {
	prev := rune(0)
	for _, r := range rs {
		var keep bool
		if r, prev, keep = normRune(r, prev); keep {
			dst = append(dst, r)
			b = utf8.AppendRune(b, r)
		}
	}
	return dst, b
}

// normRune normalises r, the character after prev (normRune's second
// result for the character before, 0 for the first): it returns the
// character to keep (keep false to drop r, a space) and the prev of the
// next character.
func normRune(r, prev rune) (rune, rune, bool) {
	if r == '.' && (prev < '0' || prev > '9') {
		r = '。'
	}
	prev = r
	if r >= 0x4e00 && r <= 0x9fff {
		return r, prev, true // CJK ideographs, most of the text
	}
	switch {
	case unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u3000':
		return r, prev, false
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		r = r - '０' + '0'
	}
	switch r {
	case ':':
		r = '：'
	case ',':
		r = '，'
	case ';':
		r = '；'
	case '(':
		r = '（'
	case ')':
		r = '）'
	case '?':
		r = '？'
	case '!':
		r = '！'
	case '<':
		r = '《'
	case '>':
		r = '》'
	case '“', '”', '＂':
		r = '"'
	}
	return r, prev, true
}

// bigram is two consecutive characters as one number.
type bigram = uint64

// profiler computes article profiles. It numbers the distinct bigrams of
// one comparison densely (ids), so that set tests can use a marker array
// instead of merging sorted slices.
type profiler struct {
	dense idTable
	nm    numberer // on dense, for texts profiled one at a time
	sc    scratch  // for texts profiled one at a time
}

// numberer numbers the bigrams of texts in a table and keeps each once
// per text.
type numberer struct {
	ids  *idTable
	seen []uint32 // the text that last had each bigram
	text uint32
}

// unique appends the numbers of bg to dst, each once, in order.
func (nm *numberer) unique(bg []bigram, dst []int32) []int32 {
	nm.next()
	for _, b := range bg {
		dst = nm.once(nm.ids.id(b), dst)
	}
	return dst
}

// fit makes room for the ids below n.
func (nm *numberer) fit(n int) {
	if n > len(nm.seen) {
		seen := make([]uint32, n)
		copy(seen, nm.seen)
		nm.seen = seen
	}
}

// next starts a new text: once forgets the ids it saw.
func (nm *numberer) next() { nm.text++ }

// once appends id to dst unless the text had it already.
func (nm *numberer) once(id int32, dst []int32) []int32 {
	if int(id) >= len(nm.seen) {
		nm.fit(max(2*len(nm.seen), 1<<12, int(id)+1))
	}
	if nm.seen[id] != nm.text {
		nm.seen[id] = nm.text
		dst = append(dst, id)
	}
	return dst
}

// idTable numbers bigrams densely: an open-addressing table, faster than a
// map for these keys (most articles' bigrams are looked up once each). A
// slot holds a bigram's two characters (16 bits each: nearly every bigram
// is in the BMP) and its number, so that a look-up reads one word;
// bigrams with a character beyond the BMP are numbered in a map.
type idTable struct {
	slots []uint64 // (id+1)<<32 | first<<16 | second; 0 for an empty slot
	wide  map[bigram]int32
	count int // bigrams numbered
	// keys are the bigrams by number, when byNumber is set (to map
	// them onto another table).
	keys     []bigram
	byNumber bool
}

// beyondBMP are the bits of a bigram set when one of its characters is
// beyond the BMP.
const beyondBMP = 0xFFFF0000_FFFF0000

// slotKey packs a BMP bigram into the low 32 bits of a slot.
func slotKey(b bigram) uint64 { return b>>16&0xFFFF0000 | b&0xFFFF }

// n is the number of bigrams numbered.
func (t *idTable) n() int { return t.count }

// id returns b's number, numbering it if it is new.
func (t *idTable) id(b bigram) int32 {
	if b&beyondBMP != 0 {
		return t.wideID(b)
	}
	if 2*(t.count+1) > len(t.slots) {
		t.grow()
	}
	k := slotKey(b)
	mask := len(t.slots) - 1
	for h := hashKey(k) & mask; ; h = (h + 1) & mask {
		switch s := t.slots[h]; {
		case s == 0:
			t.number(b)
			t.slots[h] = uint64(t.count)<<32 | k
			return int32(t.count - 1)
		case uint32(s) == uint32(k):
			return int32(s>>32) - 1
		}
	}
}

func (t *idTable) wideID(b bigram) int32 {
	id, ok := t.wide[b]
	if !ok {
		if t.wide == nil {
			t.wide = map[bigram]int32{}
		}
		id = int32(t.count)
		t.wide[b] = id
		t.number(b)
	}
	return id
}

// number counts b as numbered (t.count - 1).
func (t *idTable) number(b bigram) {
	t.count++
	if t.byNumber {
		t.keys = append(t.keys, b)
	}
}

// lookup returns the number of b, which must have one.
func (t *idTable) lookup(b bigram) int32 {
	if b&beyondBMP != 0 {
		if id, ok := t.wide[b]; ok {
			return id
		}
		panic("diff: a bigram of a numbered profile has no number")
	}
	k := slotKey(b)
	mask := len(t.slots) - 1
	for h := hashKey(k) & mask; ; h = (h + 1) & mask {
		switch s := t.slots[h]; {
		case s == 0:
			panic("diff: a bigram of a numbered profile has no number")
		case uint32(s) == uint32(k):
			return int32(s>>32) - 1
		}
	}
}

func (t *idTable) grow() { t.resize(max(4096, 2*len(t.slots))) }

// reserve makes room for about n bigrams at once (instead of growing
// step by step).
func (t *idTable) reserve(n int) {
	size := 4096
	for size < 2*n {
		size *= 2
	}
	if size > len(t.slots) {
		t.resize(size)
	}
}

// resize moves the table to size slots (a power of two).
func (t *idTable) resize(size int) {
	old := t.slots
	t.slots = make([]uint64, size)
	mask := size - 1
	for _, s := range old {
		if s == 0 {
			continue
		}
		h := hashKey(s&0xFFFFFFFF) & mask
		for t.slots[h] != 0 {
			h = (h + 1) & mask
		}
		t.slots[h] = s
	}
}

func hashKey(k uint64) int { return int((k * 0x9E3779B97F4A7C15) >> 32) }

// sortedIDs returns the profile's ids in increasing order (a copy).
func (p *profile) sortedIDs() []int32 {
	s := slices.Clone(p.ids)
	slices.Sort(s)
	return s
}

func bigramOf(a, b rune) bigram {
	return uint64(uint32(a))<<32 | uint64(uint32(b))
}

// nids is the number of distinct bigrams numbered so far.
func (p *profiler) nids() int { return p.dense.n() }

// profile returns the profile of text.
func (p *profiler) profile(text string) profile {
	sc := &p.sc
	bg, runes := bigramsOf(text, sc)
	p.nm.ids = &p.dense
	return profile{norm: string(sc.bytes), ids: p.nm.unique(bg, nil), cuts: slices.Clone(sc.cuts), runes: runes, pr: p}
}

// idsOf returns the numbers of the bigrams of text, each once.
func (p *profiler) idsOf(text string) []int32 {
	bg, _ := bigramsOf(text, &p.sc)
	p.nm.ids = &p.dense
	return p.nm.unique(bg, nil)
}

// profiles profiles the articles of both sides. On several cores the two
// sides are profiled at the same time, each numbering its bigrams in a
// table of its own; the old side's table becomes the comparison's, and the
// new side's numbers are mapped onto it (one look-up per distinct bigram).
// On one core both sides are numbered in the comparison's table. ok is
// false when a text is not valid UTF-8.
func (p *profiler) profiles(olds, news []*drafts.Article) (op, np []profile, ok bool) {
	op = make([]profile, len(olds))
	np = make([]profile, len(news))
	okOld, okNew := true, true
	if runtime.GOMAXPROCS(0) > 1 && len(olds)+len(news) > 64 {
		newIDs := idTable{byNumber: true}
		var wg sync.WaitGroup
		p.nm.ids = &p.dense
		wg.Go(func() { okOld = profileSide(olds, op, &p.nm, &p.sc, nil, nil) })
		okNew = profileSide(news, np, &numberer{ids: &newIDs}, &scratch{}, nil, nil)
		wg.Wait()
		// The new side's numbers in the comparison's table.
		to := make([]int32, newIDs.n())
		for id, b := range newIDs.keys {
			to[id] = p.dense.id(b)
		}
		for j := range np {
			for k, id := range np[j].ids {
				np[j].ids[k] = to[id]
			}
		}
	} else {
		p.nm.ids = &p.dense
		okOld = profileSide(olds, op, &p.nm, &p.sc, nil, nil)
		// A new article with an old one's text has its profile.
		oldAt := make(map[string]int, len(olds))
		for i, a := range olds {
			oldAt[a.Text] = i
		}
		okNew = profileSide(news, np, &p.nm, &p.sc, oldAt, op)
	}
	for _, ps := range [][]profile{op, np} {
		for i := range ps {
			ps[i].pr = p
		}
	}
	return op, np, okOld && okNew
}

// profileSide profiles the articles as, numbering their bigrams with nm
// and keeping each once, in text order (sc is scratch). An article whose
// text is in same takes the profile like[same[text]] (numbered by nm too). It reports whether every text is
// valid UTF-8. The profiles' slices are cut from a few large arrays and
// their normalised texts from one string: far fewer allocations.
func profileSide(as []*drafts.Article, ps []profile, nm *numberer, sc *scratch, same map[string]int, like []profile) bool {
	ids := nm.ids
	size, longest := 0, 0
	for _, a := range as {
		size += len(a.Text)
		longest = max(longest, len(a.Text))
	}
	sc.fit(longest)
	// Distinct bigrams are about a quarter of the characters of a long
	// text, and each article's are at most its characters (a third of
	// its bytes, in Chinese).
	ids.reserve(size / 12)
	nm.fit(len(ids.slots) / 2) // as many as the table holds before it grows
	idss := make([]int32, 0, size/3+64)
	var cutss []int32
	var norm strings.Builder // the normalised texts, one after the other
	norm.Grow(size + size/8)
	ends := make([]int, len(as)) // where each normalised text ends in norm
	valid := true
	for i, a := range as {
		if k, ok := same[a.Text]; ok {
			ps[i], ends[i] = like[k], -1
			continue
		}
		bg, runes := bigramsOf(a.Text, sc)
		if sc.suspect && !utf8.ValidString(a.Text) {
			valid = false
		}
		if cap(idss)-len(idss) < len(bg) {
			idss = make([]int32, 0, max(1<<13, len(bg)))
		}
		at := len(idss)
		idss = nm.unique(bg, idss)
		if cap(cutss)-len(cutss) < len(sc.cuts) {
			cutss = make([]int32, 0, max(1<<12, len(sc.cuts)))
		}
		ct := len(cutss)
		cutss = append(cutss, sc.cuts...)
		ps[i] = profile{ids: idss[at:len(idss):len(idss)],
			cuts: cutss[ct:len(cutss):len(cutss)], runes: runes}
		norm.Write(sc.bytes)
		ends[i] = norm.Len()
	}
	all, from := norm.String(), 0
	for i := range ps {
		if ends[i] >= 0 {
			ps[i].norm = all[from:ends[i]]
			from = ends[i]
		}
	}
	return valid
}

// bigramsOf returns the bigrams of text, normalised, in text order with
// repeats (sc.bg), and its length in characters; the normalised text is
// left in sc.bytes and its clause boundaries in sc.cuts (all three reused
// by the next call). It reads the text once: most of it is CJK
// ideographs, which normalisation leaves as they are, decoded inline.
// sc.suspect says whether the text had U+FFFD, which may be an invalid
// byte.
func bigramsOf(text string, sc *scratch) ([]bigram, int) {
	sc.fit(len(text))
	nb, bg, cuts := sc.bytes[:0], sc.bg[:0], sc.cuts[:0]
	prev, last := rune(0), rune(0) // the last character read, and kept
	n := 0                         // characters kept
	sc.suspect = false
	for i := 0; i < len(text); {
		var r rune
		if c := text[i]; c-0xE4 <= 0x05 && i+2 < len(text) && (text[i+1]^0x80)|(text[i+2]^0x80) < 0x40 {
			// U+4000–U+9FFF: none of normRune's cases.
			r = rune(c&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F)
			nb = append(nb, c, text[i+1], text[i+2])
			prev = r
			i += 3
		} else {
			var w int
			r, w = utf8.DecodeRuneInString(text[i:])
			i += w
			sc.suspect = sc.suspect || r == utf8.RuneError
			var keep bool
			if r, prev, keep = normRune(r, prev); !keep {
				continue
			}
			nb = utf8.AppendRune(nb, r)
			switch r {
			case '，', '。', '；', '、', '：', '！', '？', '\n':
				// Clause boundaries, for pieces (computed when
				// needed).
				cuts = append(cuts, int32(n))
			}
		}
		if n > 0 {
			bg = append(bg, bigramOf(last, r))
		}
		last = r
		n++
	}
	if n == 1 { // a one-character text still needs a feature
		bg = append(bg, bigramOf(last, 0))
	}
	sc.bytes, sc.bg, sc.cuts = nb, bg, cuts
	return bg, n
}

// fit makes the buffers large enough for a text of n bytes.
func (sc *scratch) fit(n int) {
	if cap(sc.bytes) < n {
		sc.bytes = make([]byte, 0, n+n/8) // ASCII punctuation grows
		sc.bg = make([]bigram, 0, n/2)
	}
}

// scratch holds the buffers bigramsOf reuses: the normalised text, its
// bigrams and clause boundaries; and whether the text had a U+FFFD.
type scratch struct {
	bytes   []byte
	bg      []bigram
	cuts    []int32
	suspect bool
}

// marker tests membership in one bigram set (by dense id) at a time:
// set marks a set, count counts the ids of another set that are marked.
type marker struct {
	stamp []uint32
	epoch uint32
}

func newMarker(n int) *marker { return &marker{stamp: make([]uint32, n)} }

// fit makes room for the ids below n (numbered after the marker was made).
func (m *marker) fit(n int) {
	if n > len(m.stamp) {
		m.stamp = append(m.stamp, make([]uint32, n-len(m.stamp))...)
	}
}

func (m *marker) set(ids []int32) {
	m.epoch++
	for _, id := range ids {
		m.stamp[id] = m.epoch
	}
}

// add marks ids too, keeping what set (or add) marked before.
func (m *marker) add(ids []int32) {
	for _, id := range ids {
		m.stamp[id] = m.epoch
	}
}

// count is the number of ids in the marked set (intersect with it).
func (m *marker) count(ids []int32) int {
	n, e, st := 0, m.epoch, m.stamp
	for _, id := range ids {
		if st[id] == e {
			n++
		}
	}
	return n
}

// diceN is dice given the size of the intersection.
func diceN(n, la, lb int) float64 {
	if la+lb == 0 {
		return 1
	}
	return 2 * float64(n) / float64(la+lb)
}

// containN is containment given the size of the intersection.
func containN(n, la int) float64 {
	if la == 0 {
		return 0
	}
	return float64(n) / float64(la)
}

// clauses returns the article's pieces: clauses of three or more
// characters between punctuation, with their bigram sets. They are
// computed once per profile, which must be numbered.
func (p *profile) clauses() []piece {
	if p.pieces != nil {
		return *p.pieces
	}
	var out []piece
	rs := appendRunes(make([]rune, 0, p.runes), p.norm) // the normalised characters again
	start := 0
	for k := 0; k <= len(p.cuts); k++ {
		end := p.runes
		if k < len(p.cuts) {
			end = int(p.cuts[k])
		}
		if end-start >= 3 {
			// bigrams starting at start..end-2 lie inside the clause,
			// and are the article's: numbered already.
			nm := &p.pr.nm
			nm.next()
			ids := make([]int32, 0, end-1-start)
			for i := start; i < end-1; i++ {
				ids = nm.once(p.pr.dense.lookup(bigramOf(rs[i], rs[i+1])), ids)
			}
			out = append(out, piece{ids: ids, n: end - start})
		}
		start = end + 1
	}
	p.pieces = &out
	return out
}

// intersect counts the ids two sorted sets share.
func intersect(a, b []int32) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// dice is the Dice coefficient of two bigram sets.
func dice(a, b []int32) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	return 2 * float64(intersect(a, b)) / float64(len(a)+len(b))
}

// idf holds the inverse document frequency of each bigram (by dense id)
// over the articles of both sides, computed on first use (only split and
// merge checks need it). Bigrams found on neither side weigh 0.
type idf struct {
	sides [][]profile
	n     int // number of dense ids when the sides were profiled
	docs  int
	df    []int32   // document frequencies, counted on first use
	w     []float64 // the weights asked for so far (0 for the others)
}

func (w *idf) get(id int32) float64 {
	if w.df == nil {
		w.df = make([]int32, w.n)
		for _, side := range w.sides {
			for _, p := range side {
				w.docs++
				for _, id := range p.ids {
					w.df[id]++
				}
			}
		}
		w.w = make([]float64, w.n)
	}
	if int(id) >= len(w.w) {
		return 0
	}
	// A weight is never 0 where the bigram occurs (df ≤ docs): 0 there
	// means not computed yet.
	if x := w.w[id]; x != 0 || w.df[id] == 0 {
		return x
	}
	x := math.Log(float64(w.docs+1) / float64(w.df[id]))
	w.w[id] = x
	return x
}

// partOf says whether x (an unaligned article) took part of whole's text
// that the articles already aligned with whole (got) did not: it returns
// how much of whole x explains in addition (0 when x is not part of whole).
// shared is the number of bigrams x and whole share.
//
// Either most of x comes from whole (by IDF-weighted bigrams, so that
// shared boilerplate does not count) and x covers some of whole that got
// does not, or x takes over clauses of whole (pieces between punctuation)
// that got lost, amounting to at least a tenth of whole. got are the
// articles gotIdx of gotSide; mk is scratch.
func partOf(whole *profile, gotIdx []int, gotSide []profile, x profile, shared int, w *idf, mk *marker) float64 {
	if containN(shared, len(x.ids)) < 0.3 {
		return 0 // cheap test first: x owes little to whole
	}
	mk.set(whole.ids)
	if wcontainmentMarked(x, w, mk) >= 0.45 {
		// |whole ∩ got| and |whole ∩ (got ∪ x)|, with got ∪ x marked.
		mk.set(nil)
		for _, k := range gotIdx {
			mk.add(gotSide[k].ids)
		}
		before := containN(mk.count(whole.ids), len(whole.ids))
		mk.add(x.ids)
		after := containN(mk.count(whole.ids), len(whole.ids))
		if gain := after - before; gain >= 0.03 {
			return gain
		}
	}
	// Clauses: cx is the share of a clause found in x, cg in got.
	ps := whole.clauses()
	cx := make([]float64, len(ps))
	mk.set(x.ids)
	for k, p := range ps {
		cx[k] = containN(mk.count(p.ids), len(p.ids))
	}
	mk.set(nil)
	for _, k := range gotIdx {
		mk.add(gotSide[k].ids)
	}
	taken, total := 0, 0
	for k, p := range ps {
		total += p.n
		if cg := containN(mk.count(p.ids), len(p.ids)); cx[k] >= 0.6 && cx[k] > cg+0.2 {
			taken += p.n
		}
	}
	if total == 0 {
		return 0
	}
	if share := float64(taken) / float64(total); share >= 0.1 {
		return share
	}
	return 0
}

// wcontainmentMarked is the containment of a in the set marked in mk with
// each bigram weighted by w (its inverse document frequency), so that
// boilerplate shared by many articles (责令停止违法行为, 情节严重的) counts
// little.
func wcontainmentMarked(a profile, w *idf, mk *marker) float64 {
	var in, all float64
	e, st := mk.epoch, mk.stamp
	for _, id := range a.ids {
		wi := w.get(id)
		all += wi
		if st[id] == e {
			in += wi
		}
	}
	if all == 0 {
		return 0
	}
	return in / all
}

// splitContainment is the least share of a split-off (or merged-in)
// article's bigrams that must come from the article it was split from.
const splitContainment = 0.6

// align aligns old and new articles (see the package comment).
// seed are extra pairs (old, new) to treat as certain, like identical
// texts: the confident pairs of a previous alignment.
// mk must be sized for the dense ids of op and np; ov counts the bigrams
// op and np share.
func align(op, np []profile, ov *overlaps, w *idf, mk *marker, seed [][2]int, o Options) *alignment {
	oldTo := make([]int, len(op)) // old → new index, -1 if none
	newTo := make([]int, len(np))
	for i := range oldTo {
		oldTo[i] = -1
	}
	for j := range newTo {
		newTo[j] = -1
	}
	moved := make([]bool, len(op)) // old indexes of moved pairs

	// 1. the certain pairs; anchors: the longest run of them in order on
	// both sides.
	pairs := certainPairs(op, np, seed)
	inLIS := lis(pairs)
	var anchors [][2]int
	for k, p := range pairs {
		oldTo[p[0]], newTo[p[1]] = p[1], p[0]
		if inLIS[k] {
			anchors = append(anchors, p)
		} else {
			moved[p[0]] = true
		}
	}

	// The bigrams the articles left share with every new article, on two
	// cores: the programme, the moves, the splits and the merges below
	// ask for them.
	var left []int
	for i := range op {
		if oldTo[i] < 0 {
			left = append(left, i)
		}
	}
	ov.fill(left, runtime.GOMAXPROCS(0) > 1)

	// 2. order-preserving DP in each gap between anchors.
	anchors = append(anchors, [2]int{len(op), len(np)})
	pi, pj := 0, 0
	for _, a := range anchors {
		var gi, gj []int
		for i := pi; i < a[0]; i++ {
			if oldTo[i] < 0 {
				gi = append(gi, i)
			}
		}
		for j := pj; j < a[1]; j++ {
			if newTo[j] < 0 {
				gj = append(gj, j)
			}
		}
		t := o.Threshold
		if len(gi) == 1 && len(gj) == 1 {
			// One article between the same neighbours on both sides:
			// its position vouches for it.
			t = o.Threshold / 2
		}
		for _, p := range dpAlign(gi, gj, op, np, t, ov) {
			oldTo[p[0]], newTo[p[1]] = p[1], p[0]
		}
		pi, pj = a[0]+1, a[1]+1
	}

	// 3. moves among the rest: best pairs first.
	for _, c := range moveCandidates(op, np, ov, oldTo, newTo, o) {
		if oldTo[c.i] < 0 && newTo[c.j] < 0 {
			oldTo[c.i], newTo[c.j] = c.j, c.i
			moved[c.i] = true
		}
	}

	// Build 1:1 groups, then grow splits and merges from them. A group
	// holds at least one article; its sides of one article are cut from
	// one array (capped, so that growing one copies it).
	al := &alignment{oldG: make([]int, len(op)), newG: make([]int, len(np)),
		groups: make([]group, 0, len(op)+len(np))}
	ones := make([]int, 0, len(op)+len(np))
	one := func(x int) []int {
		ones = append(ones, x)
		return ones[len(ones)-1 : len(ones) : len(ones)]
	}
	for i := range al.oldG {
		al.oldG[i] = -1
	}
	for j := range al.newG {
		al.newG[j] = -1
	}
	for i, j := range oldTo {
		if j >= 0 {
			al.oldG[i], al.newG[j] = len(al.groups), len(al.groups)
			al.groups = append(al.groups, group{old: one(i), new: one(j), moved: moved[i]})
		}
	}
	al.growSplits(op, np, ov, w, mk, o)
	al.growMerges(op, np, ov, w, mk, o)
	// What is left was added or deleted.
	for i, g := range al.oldG {
		if g < 0 {
			al.oldG[i] = len(al.groups)
			al.groups = append(al.groups, group{old: one(i), kind: Deleted})
		}
	}
	for j, g := range al.newG {
		if g < 0 {
			al.newG[j] = len(al.groups)
			al.groups = append(al.groups, group{new: one(j), kind: Added})
		}
	}
	return al
}

// certainPairs returns the pairs (old, new) that align takes as certain,
// by old index: identical texts that occur once on each side (so that
// repeated texts cannot cross-pair; they go through the DP, where they
// score 1), and the seed pairs neither of whose articles an identical
// text took.
func certainPairs(op, np []profile, seed [][2]int) [][2]int {
	oldCount := make(map[string]int, len(op))
	for i := range op {
		oldCount[op[i].norm]++
	}
	newAt := make(map[string]int, len(np)) // the new article with a text, -1 for several
	for j := range np {
		if _, ok := newAt[np[j].norm]; ok {
			newAt[np[j].norm] = -1
		} else {
			newAt[np[j].norm] = j
		}
	}
	var pairs [][2]int
	usedNew := make([]bool, len(np))
	exact := make([]bool, len(op))
	for i := range op {
		if j, ok := newAt[op[i].norm]; ok && j >= 0 && oldCount[op[i].norm] == 1 {
			pairs = append(pairs, [2]int{i, j})
			usedNew[j], exact[i] = true, true
		}
	}
	for _, p := range seed {
		if !exact[p[0]] && !usedNew[p[1]] {
			pairs = append(pairs, p)
			usedNew[p[1]] = true
		}
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a][0] < pairs[b][0] })
	return pairs
}

// moveCand is a pair of unaligned articles that may be a move, and its
// similarity.
type moveCand struct {
	i, j int
	s    float64
}

// moveCandidates returns the pairs of articles left unaligned (oldTo,
// newTo -1) similar enough to be a move, most similar first (in (old, new)
// order among equals).
func moveCandidates(op, np []profile, ov *overlaps, oldTo, newTo []int, o Options) []moveCand {
	var ln []int
	for j := range np {
		if newTo[j] < 0 {
			ln = append(ln, j)
		}
	}
	var cands []moveCand
	for i := range op {
		if oldTo[i] >= 0 {
			continue
		}
		var row []int32
		for _, j := range ln {
			la, lb := len(op[i].ids), len(np[j].ids)
			if 2*float64(min(la, lb)) < o.Threshold*float64(la+lb) {
				continue // Dice cannot reach the threshold
			}
			if row == nil {
				row = ov.row(i)
			}
			n := int(row[j])
			s := diceN(n, la, lb)
			if s >= o.MoveThreshold || s >= o.Threshold &&
				max(containN(n, la), containN(n, lb)) >= splitContainment {
				cands = append(cands, moveCand{i, j, s})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].s > cands[b].s })
	return cands
}

// growSplits attaches unaligned new articles to a neighbouring group with
// one old article when their text comes from that old article, and pairs
// an unaligned old article with a run of unaligned new ones.
func (al *alignment) growSplits(op, np []profile, ov *overlaps, w *idf, mk *marker, o Options) {
	for changed := true; changed; {
		changed = false
		for x := range al.newG {
			if al.newG[x] >= 0 {
				continue
			}
			best, bestGain := -1, 0.0
			for _, nb := range []int{x - 1, x + 1} {
				if nb < 0 || nb >= len(al.newG) || al.newG[nb] < 0 {
					continue
				}
				gi := al.newG[nb]
				g := &al.groups[gi]
				// Each old article of the group (a merge too: several
				// old articles can become several new ones).
				for _, i := range g.old {
					if gain := partOf(&op[i], g.new, np, np[x], ov.count(i, x), w, mk); gain > bestGain {
						best, bestGain = gi, gain
					}
				}
			}
			if best >= 0 {
				g := &al.groups[best]
				g.new = append(g.new, x)
				slices.Sort(g.new)
				if len(g.old) == 1 {
					g.kind = Split
				} else {
					g.kind = Merged
				}
				al.newG[x] = best
				changed = true
			}
		}
	}
	// An unaligned old article whose text went into a run of unaligned new ones.
	al.runs(al.oldG, al.newG, op, np, ov.count, o, Split)
}

// runs pairs each unaligned article on one side (from) with a run of two
// to four consecutive unaligned articles on the other side (to) that all
// take their text from it and together resemble it: a split when from is
// the old side, a merge when it is the new side. shared(i, x) is the number
// of bigrams from-article i and to-article x share.
func (al *alignment) runs(fromG, toG []int, fp, tp []profile, shared func(i, x int) int, o Options, kind Kind) {
	ok := make([]bool, len(toG))
	for i := range fromG {
		if fromG[i] >= 0 {
			continue
		}
		// The run lies between what the nearest aligned neighbours of i
		// became (give or take a few: articles also move).
		lo, hi := 0, len(toG)
		for p := i - 1; p >= 0; p-- {
			if g := fromG[p]; g >= 0 {
				lo = max(0, al.groups[g].side(kind == Merged)[0]-3)
				break
			}
		}
		for p := i + 1; p < len(fromG); p++ {
			if g := fromG[p]; g >= 0 {
				if s := al.groups[g].side(kind == Merged); len(s) > 0 {
					hi = min(len(toG), s[len(s)-1]+4)
				}
				break
			}
		}
		found := false
		for x := range toG {
			ok[x] = x >= lo && x < hi && toG[x] < 0 && containN(shared(i, x), len(tp[x].ids)) >= splitContainment
			found = found || ok[x]
		}
		if !found {
			continue
		}
		bestS, bestX, bestL := o.Threshold, -1, 0
		var from []int32 // fp[i]'s ids sorted, when needed
		for x := range toG {
			for l := 2; l <= 4 && x+l <= len(toG) && ok[x] && ok[x+l-1]; l++ {
				if !ok[x+l-2] {
					break
				}
				run := make([]int, l)
				for k := range run {
					run[k] = x + k
				}
				if from == nil {
					from = fp[i].sortedIDs()
				}
				if s := dice(from, unionOf(tp, run)); s > bestS {
					bestS, bestX, bestL = s, x, l
				}
			}
		}
		if bestX < 0 {
			continue
		}
		run := make([]int, bestL)
		idx := len(al.groups)
		for k := range run {
			run[k] = bestX + k
			toG[bestX+k] = idx
		}
		fromG[i] = idx
		g := group{kind: kind, old: []int{i}, new: run}
		if kind == Merged {
			g.old, g.new = run, []int{i}
		}
		al.groups = append(al.groups, g)
	}
}

// growMerges is growSplits with the sides swapped.
func (al *alignment) growMerges(op, np []profile, ov *overlaps, w *idf, mk *marker, o Options) {
	for changed := true; changed; {
		changed = false
		for x := range al.oldG {
			if al.oldG[x] >= 0 {
				continue
			}
			best, bestGain := -1, 0.0
			for _, nb := range []int{x - 1, x + 1} {
				if nb < 0 || nb >= len(al.oldG) || al.oldG[nb] < 0 {
					continue
				}
				gi := al.oldG[nb]
				g := &al.groups[gi]
				// Each new article of the group (a split too: several
				// old articles can become several new ones).
				for _, j := range g.new {
					if gain := partOf(&np[j], g.old, op, op[x], ov.count(x, j), w, mk); gain > bestGain {
						best, bestGain = gi, gain
					}
				}
			}
			if best < 0 {
				best = al.condensedInto(x, op, np, mk)
			}
			if best >= 0 {
				g := &al.groups[best]
				g.old = append(g.old, x)
				slices.Sort(g.old)
				g.kind = Merged
				al.oldG[x] = best
				changed = true
			}
		}
	}
	al.runs(al.newG, al.oldG, np, op, func(j, x int) int { return ov.count(x, j) }, o, Merged)
}

// listLead returns the lead of an article made of a lead and a list of
// items (the text before "：（一）", from the last full stop before it),
// or "" when the article has no list.
func listLead(norm string) string {
	k := strings.Index(norm, "：（一）")
	if k < 0 {
		return ""
	}
	lead := norm[:k]
	if s := strings.LastIndex(lead, "。"); s >= 0 {
		lead = lead[s+len("。"):]
	}
	return lead
}

// firstSentence returns norm up to its first full stop or colon.
func firstSentence(norm string) string {
	if k := strings.IndexAny(norm, "。："); k >= 0 {
		return norm[:k]
	}
	return norm
}

// condensedInto finds the group that the unaligned old article x was
// condensed into, the way revisions fold several "X负责……，具体履行下列
// 职责：（一）……" or "X及其工作人员有下列行为之一的，……给予处分：（一）……"
// articles into one article keeping only their leads: x is a lead with a
// list, a neighbour of x is in a group whose new article has no list, and
// that article contains most of x's lead — or a good part of it when
// x's lead is parallel to the neighbour's (its own lead, or its first
// sentence). It returns the group's index, or -1.
func (al *alignment) condensedInto(x int, op, np []profile, mk *marker) int {
	lead := listLead(op[x].norm)
	if lead == "" {
		return -1
	}
	pr := op[x].pr
	lp := pr.idsOf(lead)
	mk.fit(pr.nids())
	best, bestC := -1, 0.0
	for _, nb := range []int{x - 1, x + 1} {
		if nb < 0 || nb >= len(al.oldG) || al.oldG[nb] < 0 {
			continue
		}
		gi := al.oldG[nb]
		g := &al.groups[gi]
		var sib []int32 // the neighbour's lead, computed when needed
		for _, j := range g.new {
			if strings.Contains(np[j].norm, "（一）") {
				continue // the new article kept a list: not condensed
			}
			mk.set(np[j].ids)
			c := containN(mk.count(lp), len(lp))
			ok := c >= 0.55
			if !ok && c >= 0.35 {
				if sib == nil {
					s := listLead(op[nb].norm)
					if s == "" {
						s = firstSentence(op[nb].norm)
					}
					sib = pr.idsOf(s)
					mk.fit(pr.nids())
				}
				mk.set(sib)
				ok = diceN(mk.count(lp), len(lp), len(sib)) >= 0.6
			}
			if ok && c > bestC {
				best, bestC = gi, c
			}
		}
	}
	return best
}

// side returns the group's new articles, or its old ones when old is set.
func (g group) side(old bool) []int {
	if old {
		return g.old
	}
	return g.new
}

// unionOf returns the union of the ids of the profiles idx, sorted.
func unionOf(ps []profile, idx []int) []int32 {
	var u []int32
	for _, i := range idx {
		u = append(u, ps[i].ids...)
	}
	slices.Sort(u)
	return slices.Compact(u)
}

// lis marks the longest subsequence of pairs (already increasing in the
// first element) that is increasing in the second.
func lis(pairs [][2]int) []bool {
	n := len(pairs)
	in := make([]bool, n)
	if n == 0 {
		return in
	}
	tails := []int{} // indexes into pairs
	prev := make([]int, n)
	for k, p := range pairs {
		lo := sort.Search(len(tails), func(t int) bool { return pairs[tails[t]][1] >= p[1] })
		if lo > 0 {
			prev[k] = tails[lo-1]
		} else {
			prev[k] = -1
		}
		if lo == len(tails) {
			tails = append(tails, k)
		} else {
			tails[lo] = k
		}
	}
	for k := tails[len(tails)-1]; k >= 0; k = prev[k] {
		in[k] = true
	}
	return in
}

// dpAlign pairs old indexes gi with new indexes gj keeping order, maximising
// the sum of similarities of pairs at or above the threshold.
func dpAlign(gi, gj []int, op, np []profile, t float64, ov *overlaps) [][2]int {
	n, m := len(gi), len(gj)
	if n == 0 || m == 0 {
		return nil
	}
	lb := make([]int, m) // the sizes of the new articles' bigram sets
	for b, j := range gj {
		lb[b] = len(np[j].ids)
	}
	// sim is the similarity of old article gi[a] (la bigrams, its row of
	// shared counts) and new gj[b] when it reaches t, else -1. Dice
	// cannot exceed 2·min/(sum): pairs whose sizes alone rule them out
	// are not looked up.
	sim := func(row []int32, la, b int) float32 {
		if 2*float64(min(la, lb[b])) >= t*float64(la+lb[b]) {
			if d := diceN(int(row[gj[b]]), la, lb[b]); d >= t {
				return float32(d)
			}
		}
		return -1
	}
	w := m + 1
	f := make([]float32, (n+1)*w)
	for a := 0; a < n; a++ {
		la, row := len(op[gi[a]].ids), ov.row(gi[a])
		prev, cur := f[a*w:(a+1)*w], f[(a+1)*w:(a+2)*w]
		for b := 0; b < m; b++ {
			best := prev[b+1] // skip old
			if v := cur[b]; v > best {
				best = v
			}
			if s := sim(row, la, b); s >= 0 {
				if v := prev[b] + s; v > best {
					best = v
				}
			}
			cur[b+1] = best
		}
	}
	var out [][2]int
	for a, b := n, m; a > 0 && b > 0; {
		s := sim(ov.row(gi[a-1]), len(op[gi[a-1]].ids), b-1)
		switch {
		case s >= 0 && f[a*w+b] == f[(a-1)*w+b-1]+s:
			out = append(out, [2]int{gi[a-1], gj[b-1]})
			a, b = a-1, b-1
		case f[a*w+b] == f[(a-1)*w+b]:
			a--
		default:
			b--
		}
	}
	slices.Reverse(out)
	return out
}

// numberMap maps each aligned old article number (Num, Sub) to the number of
// the (first) new article it became.
func (al *alignment) numberMap(olds, news []*drafts.Article) map[[2]int][2]int {
	m := map[[2]int][2]int{}
	for _, g := range al.groups {
		if len(g.old) == 0 || len(g.new) == 0 {
			continue
		}
		n := news[g.new[0]]
		for _, i := range g.old {
			m[[2]int{olds[i].Num, olds[i].Sub}] = [2]int{n.Num, n.Sub}
		}
	}
	return m
}
