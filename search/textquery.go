package search

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A search's words are not bleve queries: the text fields have no
// positions, so a phrase cannot be matched in the postings. A search is
// evaluated here instead, segment by segment, on sets of documents
// (roaring bitmaps, which zap's postings lists are):
//
//   - a word of one character: the documents whose text has it, read
//     from the segment's character table (segInfo.chars, made from its
//     texts when the index first sees the segment);
//   - a word of two characters: the documents of its gram, exact — the
//     postings of a gram of two letters or numbers, which the text
//     fields index, or the segment's set of a gram with punctuation or
//     symbols (，处, （一), made from its texts with the character table,
//     segInfo.pgrams; see wordRune);
//   - any other word (three characters or more, or with a space): the
//     documents that have all its grams (intersected rarest first), each
//     then checked against its normalised text, which the index keeps in
//     memory (segInfo.text): exact, Ctrl-F semantics;
//   - article numbers and regulations: the postings of a keyword term;
//   - AND, OR and NOT of these: operations on the sets.
//
// A hit's score is the sum, over the words and terms it matches, of their
// idf (1 + ln(documents / (documents matching + 1)), in its shard) times
// a boost (article references), words also times the document's norm
// (1/√characters): the rarer the words and the shorter the article, the
// higher. Without positions there are no term frequencies to read
// either: a hit costs a few nanoseconds (its version, the filter, the
// counts per version, a comparison with the worst of the best k).

// qop is the operation of a qnode.
type qop int

const (
	qWord   qop = iota // word occurs in one of fields
	qTerm              // term is a term of keyword field fields[0]
	qAnd               // every kid
	qOr                // any kid
	qAndNot            // kids[0] and none of kids[1:]
	qNone              // nothing
)

// qnode is a node of a text query.
type qnode struct {
	op     qop
	word   string   // qWord: normalised
	fields []string // qWord: text fields; qTerm: the keyword field
	term   string   // qTerm
	kids   []*qnode
	boost  float64 // multiplies the score of qWord and qTerm
	id     int     // index in textQuery.nodes
	plan   *wordPlan
}

// textQuery is a search's query tree with its nodes numbered.
type textQuery struct {
	root  *qnode
	nodes []*qnode
}

func wordNode(word string, fields []string) *qnode {
	return &qnode{op: qWord, word: word, fields: fields, boost: 1}
}

func termNode(field, term string) *qnode {
	return &qnode{op: qTerm, fields: []string{field}, term: term, boost: 1}
}

func opNode(op qop, kids ...*qnode) *qnode {
	if (op == qAnd || op == qOr) && len(kids) == 1 {
		return kids[0]
	}
	return &qnode{op: op, kids: kids}
}

// newTextQuery numbers the nodes of root and plans its words.
func newTextQuery(root *qnode) *textQuery {
	t := &textQuery{root: root}
	var walk func(n *qnode)
	walk = func(n *qnode) {
		n.id = len(t.nodes)
		t.nodes = append(t.nodes, n)
		if n.op == qWord {
			n.plan = planWord(n.word)
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(root)
	return t
}

// wordPlan is how a word is found.
type wordPlan struct {
	char rune // a word of one character; -1 otherwise
	// the distinct grams a text containing the word has: of two letters
	// or numbers, whose postings the index has (indexedGram) …
	grams []string
	// … and the others (gramKey), whose documents the segment's table
	// has (segInfo.pgrams); grams with white space are not looked up
	pgrams []uint64
	// a word whose every gram has white space ("a b"): its characters
	chars  []rune
	verify bool // the candidates must be checked against their text
	word   []byte
}

// planWord returns the plan of word (normalised, not empty).
func planWord(word string) *wordPlan {
	rs := []rune(word)
	p := &wordPlan{char: -1, word: []byte(word)}
	if len(rs) == 1 {
		p.char = rs[0]
		return p
	}
	for _, g := range queryGrams(rs) {
		ga := []rune(g)
		switch {
		case len(ga) != 2 || ga[0] == ' ' || ga[1] == ' ':
		case indexedGram(ga[0], ga[1]):
			if !slices.Contains(p.grams, g) {
				p.grams = append(p.grams, g)
			}
		default:
			if k := gramKey(ga[0], ga[1]); !slices.Contains(p.pgrams, k) {
				p.pgrams = append(p.pgrams, k)
			}
		}
	}
	if len(p.grams)+len(p.pgrams) == 0 {
		for _, r := range rs {
			if r != ' ' && !slices.Contains(p.chars, r) {
				p.chars = append(p.chars, r)
			}
		}
	}
	// the gram of a two-character word is the word; anything longer, or
	// with a space, has grams that need not be next to each other
	p.verify = len(rs) > 2 || strings.Contains(word, " ")
	return p
}

// shardEval is the evaluation of a textQuery on one shard's view: the
// documents of each node in each segment (nil: none), and the idf of
// each word and term.
type shardEval struct {
	t    *textQuery
	v    *view
	sets [][]*roaring.Bitmap // node id → segment → documents
	idf  []float64           // node id → idf (words and terms)
}

// evalShard computes the documents of every node of t in every segment of
// v, leaves first.
func evalShard(ctx context.Context, t *textQuery, v *view) (*shardEval, error) {
	e := &shardEval{t: t, v: v, sets: make([][]*roaring.Bitmap, len(t.nodes)), idf: make([]float64, len(t.nodes))}
	for _, n := range t.nodes {
		e.sets[n.id] = make([]*roaring.Bitmap, len(v.segs))
	}
	total, err := v.snap.DocCount()
	if err != nil {
		return nil, err
	}
	for _, n := range t.nodes {
		if n.op != qWord && n.op != qTerm {
			continue
		}
		var df uint64
		for i, ss := range v.segs {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			var bm *roaring.Bitmap
			if n.op == qWord {
				bm, err = wordDocs(ss.Segment(), v.infos[i], n)
			} else {
				bm, err = termDocs(ss.Segment(), n.fields[0], n.term)
			}
			if err != nil {
				return nil, err
			}
			if bm != nil && !bm.IsEmpty() {
				e.sets[n.id][i] = bm
				df += bm.GetCardinality()
				if del := ss.Deleted(); del != nil {
					df -= bm.AndCardinality(del)
				}
			}
		}
		// df counts live documents only, as total does: a merge, which
		// drops the deleted ones, changes no score, and the pages of a
		// search stay in order while the index merges
		e.idf[n.id] = 1 + math.Log(float64(total)/float64(df+1))
	}
	for i := range v.segs {
		e.combine(t.root, i)
	}
	return e, nil
}

// combine computes the documents of n's inner nodes in segment i.
func (e *shardEval) combine(n *qnode, i int) *roaring.Bitmap {
	switch n.op {
	case qWord, qTerm:
		return e.sets[n.id][i]
	case qNone:
		return nil
	}
	kids := make([]*roaring.Bitmap, len(n.kids))
	for j, k := range n.kids {
		kids[j] = e.combine(k, i)
	}
	var bm *roaring.Bitmap
	switch n.op {
	case qAnd:
		for _, k := range kids {
			if k == nil {
				return nil
			}
		}
		slices.SortFunc(kids, func(a, b *roaring.Bitmap) int { return int(a.GetCardinality()) - int(b.GetCardinality()) })
		bm = kids[0]
		for _, k := range kids[1:] {
			bm = roaring.And(bm, k)
			if bm.IsEmpty() {
				return nil
			}
		}
	case qOr:
		var some []*roaring.Bitmap
		for _, k := range kids {
			if k != nil {
				some = append(some, k)
			}
		}
		switch len(some) {
		case 0:
			return nil
		case 1:
			bm = some[0]
		default:
			bm = roaring.FastOr(some...)
		}
	case qAndNot:
		bm = kids[0]
		for _, k := range kids[1:] {
			if bm == nil {
				return nil
			}
			if k != nil {
				bm = roaring.AndNot(bm, k)
			}
		}
	}
	if bm != nil && bm.IsEmpty() {
		bm = nil
	}
	e.sets[n.id][i] = bm
	return bm
}

// linear returns a and b such that the score of every document of n is
// a × its norm + b, when it is (n matches all its scoring leaves).
func (e *shardEval) linear(n *qnode) (a, b float64, ok bool) {
	switch n.op {
	case qWord:
		return n.boost * e.idf[n.id], 0, true
	case qTerm:
		return 0, n.boost * e.idf[n.id], true
	case qNone:
		return 0, 0, true
	case qAnd:
		for _, k := range n.kids {
			ka, kb, kok := e.linear(k)
			if !kok {
				return 0, 0, false
			}
			a, b = a+ka, b+kb
		}
		return a, b, true
	case qAndNot:
		return e.linear(n.kids[0])
	}
	return 0, 0, false
}

// score returns the score of document local of segment i, which n
// matches.
func (e *shardEval) score(n *qnode, i int, local uint32, norm float64) float64 {
	switch n.op {
	case qWord:
		return n.boost * e.idf[n.id] * norm
	case qTerm:
		return n.boost * e.idf[n.id]
	case qAnd:
		var s float64
		for _, k := range n.kids {
			s += e.score(k, i, local, norm)
		}
		return s
	case qOr:
		var s float64
		for _, k := range n.kids {
			if bm := e.sets[k.id][i]; bm != nil && bm.Contains(local) {
				s += e.score(k, i, local, norm)
			}
		}
		return s
	case qAndNot:
		return e.score(n.kids[0], i, local, norm)
	}
	return 0
}

// collectText is collectShard for a textQuery.
func collectText(ctx context.Context, shard int, v *view, spec collectSpec) (*collected, error) {
	e, err := evalShard(ctx, spec.tq, v)
	if err != nil {
		return nil, fmt.Errorf("search: shard %d: %w", shard, err)
	}
	la, lb, lin := e.linear(spec.tq.root)
	res := &collected{}
	t := &topHeap{byDate: spec.byDate}
	buf := make([]uint32, 256)
	for i, ss := range v.segs {
		hits := e.sets[spec.tq.root.id][i]
		if hits == nil {
			continue
		}
		if del := ss.Deleted(); del != nil && !del.IsEmpty() {
			hits = roaring.AndNot(hits, del)
		}
		info := v.infos[i]
		counts := make([]int, len(info.vers))
		var keepK []int8 // version index → 1 kept, 2 not, 0 not asked yet
		if spec.keep != nil {
			keepK = make([]int8, len(info.vers))
		}
		it := hits.ManyIterator()
		for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			for _, local := range buf[:n] {
				k := info.doc[local]
				own := ""
				if info.dates != nil {
					own = info.dates[local]
				}
				if keepK != nil {
					if own != "" {
						if !spec.keep(info.vers[k], own) {
							continue
						}
					} else {
						if keepK[k] == 0 {
							keepK[k] = 2
							if spec.keep(info.vers[k], "") {
								keepK[k] = 1
							}
						}
						if keepK[k] != 1 {
							continue
						}
					}
				}
				counts[k]++
				if spec.k <= 0 {
					continue
				}
				norm := float64(info.norm[local])
				var score float64
				if lin {
					score = la*norm + lb
				} else {
					score = e.score(spec.tq.root, i, local, norm)
				}
				if !spec.byDate && len(t.h) >= spec.k && score < t.h[0].score {
					continue // not among the best k (most hits of a common word)
				}
				h := hitRef{shard: shard, num: v.offs[i] + uint64(local), score: score, ver: info.vers[k]}
				if spec.byDate {
					h.date = own
					if h.date == "" && spec.date != nil {
						h.date = spec.date(h.ver)
					}
				}
				t.offer(h, spec.k)
			}
		}
		if res.perVersion == nil { // sized for the first segment's versions
			nz := 0
			for _, c := range counts {
				if c > 0 {
					nz++
				}
			}
			res.perVersion = make(map[int64]int, nz)
		}
		for k, c := range counts {
			if c > 0 {
				res.perVersion[info.vers[k]] += c
				res.total += c
			}
		}
	}
	if res.perVersion == nil {
		res.perVersion = map[int64]int{}
	}
	res.top = t.h
	return res, nil
}

// wordDocs returns the documents of segment seg (with info) whose text in
// one of n's fields contains n's word (see the plan), nil for none. The
// bitmap may be the segment's own: it is not to be modified.
func wordDocs(seg segment.Segment, info *segInfo, n *qnode) (*roaring.Bitmap, error) {
	p := n.plan
	var found []*roaring.Bitmap
	for _, f := range n.fields {
		var bm *roaring.Bitmap
		if p.char >= 0 {
			bm = info.chars[f][p.char]
		} else {
			cand, err := wordCandidates(seg, info, f, p)
			if err != nil {
				return nil, err
			}
			if cand != nil && p.verify {
				cand = info.containing(cand, p.word)
			}
			bm = cand
		}
		if bm != nil && !bm.IsEmpty() {
			found = append(found, bm)
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return found[0], nil
	}
	return roaring.FastOr(found...), nil
}

// candidateFew is the number of candidates below which wordCandidates
// stops intersecting: checking a few texts costs less than reading more
// postings.
const candidateFew = 16

// wordCandidates returns the documents of seg whose field has every gram
// (or character) of p, nil for none: the postings of its indexed grams
// and the segment's sets of its other grams, intersected rarest first.
// The result may be a set of the segment's: it is not to be modified.
func wordCandidates(seg segment.Segment, info *segInfo, field string, p *wordPlan) (*roaring.Bitmap, error) {
	type set struct {
		bm *roaring.Bitmap
		n  uint64
	}
	sets := make([]set, 0, len(p.grams)+len(p.pgrams)+len(p.chars))
	add := func(bm *roaring.Bitmap) bool {
		if bm == nil {
			return false
		}
		sets = append(sets, set{bm, bm.GetCardinality()})
		return true
	}
	if len(p.grams) > 0 {
		dict, err := seg.Dictionary(field)
		if err != nil {
			return nil, err
		}
		for _, g := range p.grams {
			bm, err := dictDocs(dict, g)
			if err != nil || !add(bm) {
				return nil, err
			}
		}
	}
	for _, g := range p.pgrams {
		if !add(info.pgrams[field][g]) {
			return nil, nil
		}
	}
	for _, r := range p.chars {
		if !add(info.chars[field][r]) {
			return nil, nil
		}
	}
	if len(sets) == 0 {
		return nil, nil
	}
	slices.SortFunc(sets, func(a, b set) int { return cmp.Compare(a.n, b.n) })
	bm := sets[0].bm
	for _, s := range sets[1:] {
		if bm.GetCardinality() <= candidateFew {
			break
		}
		bm = roaring.And(bm, s.bm)
		if bm.IsEmpty() {
			return nil, nil
		}
	}
	return bm, nil
}

// termDocs returns the documents of seg whose keyword field has term.
func termDocs(seg segment.Segment, field, term string) (*roaring.Bitmap, error) {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, err
	}
	return dictDocs(dict, term)
}

// dictDocs returns the documents of term's postings list in dict, nil
// when it has none, deleted documents included. The bitmap may be the
// segment's (mapped from its file): it is not to be modified.
func dictDocs(dict segment.TermDictionary, term string) (*roaring.Bitmap, error) {
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("search: postings of %q: %w", term, err)
	}
	return postingsDocs(pl), nil
}

// postingsDocs returns the documents of pl, nil when it has none.
func postingsDocs(pl segment.PostingsList) *roaring.Bitmap {
	if pl == nil || pl.Count() == 0 {
		return nil
	}
	it := pl.Iterator(false, false, false, nil)
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		if bm := o.ActualBitmap(); bm != nil {
			return bm
		}
	}
	bm := roaring.New()
	if o, ok := pl.(interface{ OrInto(*roaring.Bitmap) }); ok {
		o.OrInto(bm) // zap's one-hit postings
		return bm
	}
	for p, err := it.Next(); err == nil && p != nil; p, err = it.Next() {
		bm.Add(uint32(p.Number()))
	}
	return bm
}

// containing returns the documents of cand whose text contains word, nil
// for none.
//
// bytes.Contains would look for the word's first byte, which in Chinese
// text is one of a handful of UTF-8 lead bytes (0xe4–0xe9) found every
// third byte; the candidates of a common word such as 主管部门 (thousands)
// cost most of such a search's time that way. The search looks for the
// word's rarest byte in the segment's texts instead (si.bytes), usually a
// continuation byte, and compares the word around it.
func (si *segInfo) containing(cand *roaring.Bitmap, word []byte) *roaring.Bitmap {
	j := 0
	for i := range word {
		if si.bytes[word[i]] < si.bytes[word[j]] {
			j = i
		}
	}
	var keep []uint32
	it := cand.Iterator()
	for it.HasNext() {
		d := it.Next()
		if containsAt(si.textOf(d), word, j) {
			keep = append(keep, d)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	return roaring.BitmapOf(keep...)
}

// containsAt reports whether text contains word (not empty), looking for
// word[j] and comparing the whole word where it is found: the same as
// bytes.Contains.
func containsAt(text, word []byte, j int) bool {
	c, end := word[j], len(text)-len(word)+j+1 // the byte, and past its last place
	for i := j; i < end; i++ {
		k := bytes.IndexByte(text[i:end], c)
		if k < 0 {
			return false
		}
		i += k
		if bytes.Equal(text[i-j:i-j+len(word)], word) {
			return true
		}
	}
	return false
}

// textOf returns the normalised text of document local.
func (si *segInfo) textOf(local uint32) []byte {
	return si.text[si.at[local]:si.at[local+1]]
}

// textFields are the text fields of the documents a search may find.
var textFields = []string{fText, fTextOld, fTextOp}

// loadTexts reads the normalised texts of seg's documents (their stored
// body) into si, with their norms.
func (si *segInfo) loadTexts(seg segment.Segment) error {
	n := seg.Count()
	si.at = make([]uint32, n+1)
	si.norm = make([]float32, n)
	for i := uint64(0); i < n; i++ {
		start := len(si.text)
		si.at[i] = uint32(start)
		err := seg.VisitStoredFields(i, func(field string, _ byte, value []byte, _ []uint64) bool {
			if field == fBody {
				si.text = appendNormalized(si.text, value)
				return false
			}
			return true
		})
		if err != nil {
			return fmt.Errorf("search: stored text of document %d: %w", i, err)
		}
		if c := utf8.RuneCount(si.text[start:]); c > 0 {
			si.norm[i] = float32(1 / math.Sqrt(float64(c)))
		}
	}
	si.at[n] = uint32(len(si.text))
	si.text = slices.Clip(si.text)
	for _, c := range si.text {
		si.bytes[c]++
	}
	return nil
}

// loadChars makes si's character tables — for each text field of seg and
// each character other than white space, the documents whose text in
// that field has it — and the documents of each gram the index does not
// have (pgrams: a gram with punctuation or symbols, see wordRune), read
// from the normalised texts (loadTexts). A document's text field is known
// from its article number (fArt, fArtOld) or its type (opinions).
func (si *segInfo) loadChars(seg segment.Segment) error {
	n := int(seg.Count())
	kind := make([]int8, n) // local document → index in textFields + 1, 0 without text
	mark := func(field, term string, k int8) error {
		dict, err := seg.Dictionary(field)
		if err != nil {
			return err
		}
		var terms []string
		if term != "" {
			terms = []string{term}
		} else {
			it := dict.AutomatonIterator(nil, nil, nil)
			for {
				de, err := it.Next()
				if err != nil {
					return fmt.Errorf("search: dictionary of %s: %w", field, err)
				}
				if de == nil {
					break
				}
				terms = append(terms, de.Term)
			}
		}
		for _, t := range terms {
			bm, err := dictDocs(dict, t)
			if err != nil {
				return err
			}
			if bm != nil {
				bm.Iterate(func(d uint32) bool {
					if int(d) < n {
						kind[d] = k
					}
					return true
				})
			}
		}
		return nil
	}
	for i, f := range textFields {
		var err error
		switch f {
		case fText:
			err = mark(fArt, "", int8(i+1))
		case fTextOld:
			err = mark(fArtOld, "", int8(i+1))
		case fTextOp:
			err = mark(fType, kindOpinion, int8(i+1))
		}
		if err != nil {
			return err
		}
	}
	// each character's documents, per field, in document order, and
	// each punctuation gram's
	chars := &docLists[rune]{lists: make([][][]uint32, len(textFields))}
	var small [1 << 16]int32 // character below U+10000 → slot + 1
	big := map[rune]int32{}  // the others
	grams := &docLists[uint64]{lists: make([][][]uint32, len(textFields))}
	gslot := map[uint64]int32{} // gramKey → slot + 1
	for d := 0; d < n; d++ {
		k := int(kind[d]) - 1
		if k < 0 {
			continue
		}
		prev := ' '
		for _, r := range string(si.textOf(uint32(d))) {
			if r == ' ' {
				prev = r
				continue
			}
			var s int32
			if r < 1<<16 {
				s = small[r] - 1
			} else if v, ok := big[r]; ok {
				s = v - 1
			} else {
				s = -1
			}
			if s < 0 {
				s = chars.newSlot(r)
				if r < 1<<16 {
					small[r] = s + 1
				} else {
					big[r] = s + 1
				}
			}
			chars.add(s, k, d)
			if prev != ' ' && !indexedGram(prev, r) {
				g := gramKey(prev, r)
				s, ok := gslot[g]
				if !ok {
					s = grams.newSlot(g) + 1
					gslot[g] = s
				}
				grams.add(s-1, k, d)
			}
			prev = r
		}
	}
	si.chars = chars.tables(textFields)
	si.pgrams = grams.tables(textFields)
	return nil
}

// gramKey packs a gram of two runes (21 bits each) for segInfo.pgrams.
func gramKey(a, b rune) uint64 { return uint64(a)<<21 | uint64(b) }

// docLists gathers, per text field, the documents having each key (a
// character or a gram) in document order, each document once (loadChars).
type docLists[K comparable] struct {
	keys  []K          // slot → key
	lists [][][]uint32 // field → slot → documents
	stamp []int32      // slot → last document added + 1
}

// newSlot adds a slot for key and returns it.
func (l *docLists[K]) newSlot(key K) int32 {
	l.keys = append(l.keys, key)
	l.stamp = append(l.stamp, 0)
	for j := range l.lists {
		l.lists[j] = append(l.lists[j], nil)
	}
	return int32(len(l.keys) - 1)
}

// add records that document d of the field with index k has slot s's
// key.
func (l *docLists[K]) add(s int32, k, d int) {
	if l.stamp[s] != int32(d+1) {
		l.stamp[s] = int32(d + 1)
		l.lists[k][s] = append(l.lists[k][s], uint32(d))
	}
}

// tables returns each field's keys with their documents; fields without
// any are left out.
func (l *docLists[K]) tables(fields []string) map[string]map[K]*roaring.Bitmap {
	out := map[string]map[K]*roaring.Bitmap{}
	for k, f := range fields {
		tbl := map[K]*roaring.Bitmap{}
		for s, docs := range l.lists[k] {
			if len(docs) > 0 {
				bm := roaring.BitmapOf(docs...)
				bm.RunOptimize()
				tbl[l.keys[s]] = bm
			}
		}
		if len(tbl) > 0 {
			out[f] = tbl
		}
	}
	return out
}

// appendNormalized appends Normalize(s) to dst.
func appendNormalized(dst, s []byte) []byte {
	space := false
	start := len(dst)
	for len(s) > 0 {
		r, size := utf8.DecodeRune(s)
		s = s[size:]
		r = fold(r)
		if isSpace(r) {
			space = true
			continue
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// textQueryOf builds the textQuery of q for r (its scope and
// visibility): every group of words must occur, one word of each (OR);
// no excluded word may. titleRegs are the regulations whose title
// contains q.Article.Title. A query naming an article (第十条) finds that
// article, boosted, or any article that mentions it; with a title, only
// in the regulations so titled. The other filters of r are applied to
// the hits by the collector (requestFilter).
func textQueryOf(q *Query, r Request, titleRegs []int64) *textQuery {
	fields := textKinds(r)
	conj := make([]*qnode, 0, len(q.Groups))
	for _, g := range q.Groups {
		dis := make([]*qnode, len(g))
		for i, w := range g {
			dis[i] = wordNode(w.Text, fields)
		}
		conj = append(conj, opNode(qOr, dis...))
	}
	must := opNode(qAnd, conj...)
	if a := q.Article; a != nil {
		var art *qnode = termNode(fArt, artKey(a.Num, a.Sub))
		if r.Scope == ScopeAll {
			art = opNode(qOr, art, termNode(fArtOld, artKey(a.Num, a.Sub)))
		}
		mention := wordNode(a.Word, fields)
		if a.Title != "" {
			art = opNode(qAnd, art, regNode(titleRegs))
			inReg := opNode(qAnd, regNode(titleRegs), wordNode(strings.TrimPrefix(a.Word, a.Title), fields))
			if len(q.Groups) == 2 {
				// 停车场条例 第十条: 第十条 mentioned in that regulation
				mention = opNode(qAnd, regNode(titleRegs), mention)
			} else {
				// 停车场条例第十条: written so, or 第十条 in that regulation
				mention = opNode(qOr, mention, inReg)
			}
		}
		boost(art, articleBoost)
		must = opNode(qOr, art, mention)
	}
	if len(q.Exclude) > 0 {
		kids := []*qnode{must}
		for _, w := range q.Exclude {
			kids = append(kids, wordNode(w.Text, fields))
		}
		must = opNode(qAndNot, kids...)
	}
	return newTextQuery(must)
}

// articleBoost ranks the article a query names before those that mention
// it.
const articleBoost = 20

// boost multiplies the boost of every word and term under n.
func boost(n *qnode, b float64) {
	if n.op == qWord || n.op == qTerm {
		n.boost *= b
	}
	for _, k := range n.kids {
		boost(k, b)
	}
}

// regNode matches the documents of the given regulations (none if
// empty).
func regNode(ids []int64) *qnode {
	if len(ids) == 0 {
		return &qnode{op: qNone}
	}
	kids := make([]*qnode, len(ids))
	for i, id := range ids {
		kids[i] = termNode(fReg, strconv.FormatInt(id, 10))
	}
	return opNode(qOr, kids...)
}
