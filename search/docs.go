package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Article documents are analysed here, not by bleve: bleve's text field
// runs the analyzer into a token stream and then builds the term
// frequencies from it, one TokenLocation allocation per token. A field
// here computes the frequencies directly, with one allocation per kind of
// object, when bleve calls Analyze — just before the segment is built, so
// that documents waiting in a batch or a channel hold only their text.

// field is a document field analysed by Lifa: Analyze computes the token
// frequencies with analyze (once); fields without analyze are keyword or
// stored fields whose frequencies the constructor set.
type field struct {
	name    string
	opts    index.FieldIndexingOptions
	value   []byte // stored value; nil when the field is not stored
	length  int
	freqs   index.TokenFrequencies
	text    string
	analyze func(text string) (index.TokenFrequencies, int)
}

var _ document.Field = (*field)(nil)

func (f *field) Name() string                        { return f.name }
func (f *field) ArrayPositions() []uint64            { return nil }
func (f *field) Options() index.FieldIndexingOptions { return f.opts }
func (f *field) Analyze() {
	if f.analyze != nil && f.freqs == nil {
		f.freqs, f.length = f.analyze(f.text)
	}
}
func (f *field) Value() []byte                                    { return f.value }
func (f *field) NumPlainTextBytes() uint64                        { return uint64(len(f.value)) }
func (f *field) EncodedFieldType() byte                           { return 't' }
func (f *field) AnalyzedLength() int                              { return f.length }
func (f *field) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// Size is an estimate of the memory the field holds, for bleve's
// accounting of batch sizes.
func (f *field) Size() int {
	n := 64 + len(f.name) + len(f.value)
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
// keyword analyzer makes it; with docValues set, also a doc value.
func keywordField(name, value string, docValues bool) *field {
	opts := index.IndexField
	if docValues {
		opts |= index.DocValues
	}
	term := []byte(value)
	tf := &index.TokenFreq{Term: term}
	tf.SetFrequency(1)
	return &field{name: name, opts: opts, length: 1, freqs: index.TokenFrequencies{value: tf}}
}

// gramField is the text field of an article: the terms and positions
// gramAnalyzer emits for text, with term vectors for phrase queries (see
// gramFreqs).
func gramField(name, text string) *field {
	return &field{name: name, opts: index.IndexField | index.IncludeTermVectors, text: text, analyze: gramFreqs}
}

// gramFreqs returns the term frequencies of gramAnalyzer's tokens of
// text, and their number. The locations carry positions only: phrase
// matching reads nothing else, snippets are cut from the stored text, and
// zero offsets take one byte each in the segment instead of two or three.
func gramFreqs(text string) (index.TokenFrequencies, int) {
	// Pass 1: the grams, as (start in buf, position) in text order.
	type gram struct {
		at  int32 // byte offset of the term in buf
		n   int8  // its length in bytes
		pos int32
	}
	grams := make([]gram, 0, utf8.RuneCountInString(text)+8)
	buf := make([]byte, 0, 2*len(text)+16)
	eachGram(text, func(_, _, pos int, a, b rune) {
		at := len(buf)
		buf = utf8.AppendRune(buf, a)
		buf = utf8.AppendRune(buf, b)
		grams = append(grams, gram{int32(at), int8(len(buf) - at), int32(pos)})
	})
	if len(grams) == 0 {
		return index.TokenFrequencies{}, 0
	}
	// One string holds every term; the map keys are slices of it.
	all := string(buf)
	freqs := make(index.TokenFrequencies, len(grams))
	tfs := make([]index.TokenFreq, 0, len(grams))
	counts := make([]int32, 0, len(grams)) // per distinct term, in tfs order
	ids := make([]int32, len(grams))       // gram → index in tfs
	for i, g := range grams {
		key := all[g.at : int(g.at)+int(g.n)]
		if tf, ok := freqs[key]; ok {
			// tfs does not grow past its capacity, so tf points into it
			k := tf.Frequency()
			ids[i] = int32(k)
			continue
		}
		tfs = append(tfs, index.TokenFreq{Term: buf[g.at : int(g.at)+int(g.n) : int(g.at)+int(g.n)]})
		freqs[key] = &tfs[len(tfs)-1]
		// until pass 2, a term's frequency field holds its index in tfs
		tfs[len(tfs)-1].SetFrequency(len(tfs) - 1)
		counts = append(counts, 0)
		ids[i] = int32(len(tfs) - 1)
	}
	for _, id := range ids {
		counts[id]++
	}
	// Pass 2: locations, each term's contiguous in one slab.
	locs := make([]index.TokenLocation, len(grams))
	ptrs := make([]*index.TokenLocation, len(grams))
	next := make([]int32, len(tfs))
	off := int32(0)
	for i := range tfs {
		next[i] = off
		tfs[i].Locations = ptrs[off : off : off+counts[i]]
		tfs[i].SetFrequency(int(counts[i]))
		off += counts[i]
	}
	for i, g := range grams {
		id := ids[i]
		j := next[id]
		next[id]++
		locs[j] = index.TokenLocation{Position: int(g.pos)}
		ptrs[j] = &locs[j]
		tfs[id].Locations = tfs[id].Locations[:len(tfs[id].Locations)+1]
	}
	return freqs, len(grams)
}

// uniField is the unigram field of an article: each distinct folded
// character once, without positions (uniAnalyzer's terms).
func uniField(name, text string) *field {
	return &field{name: name, opts: index.IndexField, text: text, analyze: uniFreqs}
}

func uniFreqs(text string) (index.TokenFrequencies, int) {
	rs := distinctRunes(text)
	buf := make([]byte, 0, 3*len(rs))
	for _, r := range rs {
		buf = utf8.AppendRune(buf, r)
	}
	all := string(buf)
	freqs := make(index.TokenFrequencies, len(rs))
	tfs := make([]index.TokenFreq, len(rs))
	at := 0
	for i, r := range rs {
		n := utf8.RuneLen(r)
		tfs[i] = index.TokenFreq{Term: buf[at : at+n : at+n]}
		tfs[i].SetFrequency(1)
		freqs[all[at:at+n]] = &tfs[i]
		at += n
	}
	return freqs, len(rs)
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
