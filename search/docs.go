package search

import (
	"math/bits"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Article and opinion documents are analysed here, not by bleve: bleve's
// text field runs the analyzer into a token stream and then builds the
// term frequencies from it, one TokenLocation allocation per token. A
// field here computes them directly, when bleve calls Analyze — just
// before the segment is built, so that documents waiting in a batch hold
// only their text — as grams packed in 8 bytes each (textGrams), and
// makes bleve's map of term frequencies from them once, when zap first
// asks (it reads the map twice while it builds a segment: making it each
// time cost 3 % more CPU, BenchmarkIndexBulk; holding a segment's maps
// until it is built does not raise the peak, a segment being 500
// documents).

// field is a document field analysed by Lifa: a text field (text set)
// is analysed by Analyze into grams; keyword fields have their term
// frequencies set by the constructor; stored fields have neither.
type field struct {
	name   string
	opts   index.FieldIndexingOptions
	value  []byte // stored value; nil when the field is not stored
	length int
	freqs  index.TokenFrequencies
	text   string   // a text field's text
	isText bool     // text is analysed into grams
	grams  []uint64 // a text field's grams (see textGrams), once analysed
}

var _ document.Field = (*field)(nil)

func (f *field) Name() string                        { return f.name }
func (f *field) ArrayPositions() []uint64            { return nil }
func (f *field) Options() index.FieldIndexingOptions { return f.opts }

// Analyze implements document.Field.
func (f *field) Analyze() {
	if f.isText && f.grams == nil {
		f.grams, f.length = textGrams(f.text)
	}
}
func (f *field) Value() []byte             { return f.value }
func (f *field) NumPlainTextBytes() uint64 { return uint64(len(f.value)) }
func (f *field) EncodedFieldType() byte    { return 't' }
func (f *field) AnalyzedLength() int {
	f.Analyze()
	return f.length
}

// AnalyzedTokenFrequencies implements document.Field; a text field's map
// is made on the first call (see textFreqs).
func (f *field) AnalyzedTokenFrequencies() index.TokenFrequencies {
	if f.isText && f.freqs == nil {
		f.Analyze()
		f.freqs = textFreqs(f.grams)
	}
	return f.freqs
}

// Size is an estimate of the memory the field holds, for bleve's
// accounting of batch sizes.
func (f *field) Size() int {
	n := 64 + len(f.name) + len(f.value) + len(f.text) + 8*len(f.grams)
	if f.freqs != nil {
		n += f.freqs.Size()
	}
	return n
}

// storedField is a field that is only stored (shown with a hit).
func storedField(name, value string) *field {
	return &field{name: name, opts: index.StoreField, value: []byte(value)}
}

// keywordField is a field whose whole value is one term, as bleve's
// keyword analyzer makes it; stored and with a doc value when asked.
func keywordField(name, value string, store, docValues bool) *field {
	opts := index.IndexField
	f := &field{name: name, length: 1}
	if store {
		opts |= index.StoreField
		f.value = []byte(value)
	}
	if docValues {
		opts |= index.DocValues
	}
	f.opts = opts
	tf := &index.TokenFreq{Term: []byte(value)}
	tf.SetFrequency(1)
	f.freqs = index.TokenFrequencies{value: tf}
	return f
}

// textField is the field of an article's or an opinion's text: its grams
// (textGrams), with their frequencies and without locations.
func textField(name, text string) *field {
	return &field{name: name, opts: index.IndexField, text: text, isText: true}
}

// Packing of a gram and its count in a uint64 (textGrams): a rune takes
// 21 bits.
const (
	gramFirstShift  = 43
	gramSecondShift = 22
	gramRuneMask    = 1<<21 - 1
	gramCountMask   = 1<<gramSecondShift - 1
)

// textGrams returns the distinct grams of text that a text field indexes
// — eachGram's bigrams of two letters or numbers (wordRune) — in the
// order of their first occurrence, each packed with its count (first
// rune, second rune, count), and the number of such grams.
//
// The grams are counted in a scratch hash table (gramSet) and the
// distinct ones copied out: an article of the bulk corpus has 99 grams
// of which 73 are distinct, and the field keeps them until its segment is
// built. Counting in the table is 3× faster than the sort and compaction
// it replaced (BenchmarkTextGrams), which was 3.4 % of a rebuild's CPU.
func textGrams(text string) ([]uint64, int) {
	gs := gramSets.Get().(*gramSet)
	gs.reset(len(text)) // a gram begins at a character
	n := 0
	eachGram(text, func(_, _, _ int, a, b rune) {
		if indexedGram(a, b) {
			n++
			gs.add(uint64(a)<<gramFirstShift | uint64(b)<<gramSecondShift)
		}
	})
	out := gs.take()
	gramSets.Put(gs)
	return out, n
}

// gramSet counts packed grams (textGrams) in an open-addressing hash
// table whose empty slots are 0 (a counted gram is never 0: its count is
// at least 1).
type gramSet struct {
	slots []uint64
	shift uint    // 64 − log2(len(slots))
	used  []int32 // the slots in use, in the order they were filled
}

// gramSets holds textGrams' scratch tables, all slots empty.
var gramSets = sync.Pool{New: func() any { return new(gramSet) }}

// reset makes the table large enough for max distinct grams at a load
// of at most one half; its slots are empty (take empties those it used).
func (s *gramSet) reset(max int) {
	size := 64
	for size < 2*max {
		size <<= 1
	}
	if cap(s.slots) < size {
		s.slots = make([]uint64, size)
	}
	s.slots = s.slots[:size]
	s.shift = uint(64 - bits.TrailingZeros(uint(size)))
	s.used = s.used[:0]
}

// add counts gram g (without count bits); a count stops at its maximum.
func (s *gramSet) add(g uint64) {
	mask := len(s.slots) - 1
	for i := int(g * 0x9E3779B97F4A7C15 >> s.shift); ; i = (i + 1) & mask {
		switch v := s.slots[i]; {
		case v == 0:
			s.slots[i] = g | 1
			s.used = append(s.used, int32(i))
			return
		case v&^gramCountMask == g:
			if v&gramCountMask < gramCountMask {
				s.slots[i] = v + 1
			}
			return
		}
	}
}

// take returns the counted grams and empties the table.
func (s *gramSet) take() []uint64 {
	out := make([]uint64, len(s.used))
	for j, i := range s.used {
		out[j] = s.slots[i]
		s.slots[i] = 0
	}
	return out
}

// gramRunes unpacks a gram of textGrams.
func gramRunes(g uint64) (a, b rune) {
	return rune(g >> gramFirstShift & gramRuneMask), rune(g >> gramSecondShift & gramRuneMask)
}

// textFreqs returns grams (textGrams) as bleve's term frequencies, with
// one allocation per kind of object.
func textFreqs(grams []uint64) index.TokenFrequencies {
	buf := make([]byte, 0, 6*len(grams))
	ends := make([]int32, len(grams))
	for i, g := range grams {
		a, b := gramRunes(g)
		buf = utf8.AppendRune(utf8.AppendRune(buf, a), b)
		ends[i] = int32(len(buf))
	}
	all := string(buf) // the map's keys are slices of one string
	freqs := make(index.TokenFrequencies, len(grams))
	tfs := make([]index.TokenFreq, len(grams))
	at := 0
	for i, g := range grams {
		end := int(ends[i])
		tfs[i].Term = buf[at:end:end]
		tfs[i].SetFrequency(int(g & gramCountMask))
		freqs[all[at:end]] = &tfs[i]
		at = end
	}
	return freqs
}

// preDoc is a document whose fields are built here (see field). Index
// sinks add it with IndexAdvanced; the offline builder reaches it through
// docMapping.
type preDoc struct{ fields []*field }

func (p *preDoc) add(f *field) { p.fields = append(p.fields, f) }

// document returns p as a bleve document with id.
func (p *preDoc) document(id string) *document.Document {
	d := document.NewDocument(id)
	p.addTo(d)
	return d
}

func (p *preDoc) addTo(d *document.Document) {
	for _, f := range p.fields {
		d.AddField(f)
	}
}

// docMapping is the index mapping for bleve's offline builder, which maps
// every document it is given with its mapping: a *preDoc's fields are
// taken as they are, anything else is mapped by the real mapping. It
// encodes to the same JSON, so the index records the real mapping.
type docMapping struct{ *mapping.IndexMappingImpl }

// MapDocument implements mapping.IndexMapping.
func (m docMapping) MapDocument(doc *document.Document, data any) error {
	if p, ok := data.(*preDoc); ok {
		p.addTo(doc)
		return nil
	}
	return m.IndexMappingImpl.MapDocument(doc, data)
}
