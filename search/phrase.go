package search

import (
	"context"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// phraseQuery is an exact phrase of gram terms at consecutive positions
// ("" where any term may stand): what bleve's PhraseQuery matches and how
// it scores (tf-idf of each term, summed, as its conjunction does), found
// with less work. bleve's phrase searcher builds maps of every term's
// locations for every document that has all the terms; phraseSearcher
// intersects the terms' postings rarest first and compares positions in
// the readers' own slices. The phrases of the slowest benchmark queries
// (主管部门: 5,906 hits, （一）) were most of their time.
type phraseQuery struct {
	terms []string // per position; "" for none
	field string
	boost float64
}

func newPhraseQuery(terms []string, field string) *phraseQuery {
	return &phraseQuery{terms: terms, field: field, boost: 1}
}

// SetBoost implements query.BoostableQuery.
func (q *phraseQuery) SetBoost(b float64) { q.boost = b }

// Boost implements query.BoostableQuery.
func (q *phraseQuery) Boost() float64 { return q.boost }

var _ query.BoostableQuery = (*phraseQuery)(nil)

// Searcher implements query.Query.
func (q *phraseQuery) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	total, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	s := &phraseSearcher{score: o.Score != "none"}
	byTerm := map[string]int{}
	for pos, t := range q.terms {
		if t == "" {
			continue
		}
		i, ok := byTerm[t]
		if !ok {
			tfr, err := r.TermFieldReader(ctx, []byte(t), q.field, true, true, true)
			if err != nil {
				s.Close()
				return nil, err
			}
			i = len(s.terms)
			byTerm[t] = i
			idf := 1 + math.Log(float64(total)/float64(tfr.Count()+1))
			s.terms = append(s.terms, &phraseTerm{tfr: tfr, idf: idf, doc: &index.TermFieldDoc{}})
		}
		s.terms[i].offsets = append(s.terms[i].offsets, pos)
		s.slots = append(s.slots, phraseSlot{term: i, boost: q.boost})
	}
	if len(s.terms) == 0 {
		return s, nil // nothing can match
	}
	s.order = make([]int, len(s.terms))
	for i := range s.order {
		s.order[i] = i
	}
	slices.SortStableFunc(s.order, func(a, b int) int {
		return int(s.terms[a].tfr.Count()) - int(s.terms[b].tfr.Count())
	})
	// as bleve's conjunction does: normalise by the square root of the
	// summed squared weights
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s, nil
}

// phraseTerm is one distinct term of a phrase and its reader.
type phraseTerm struct {
	tfr     index.TermFieldReader
	idf     float64
	offsets []int // positions in the phrase
	doc     *index.TermFieldDoc
	at      bool // doc holds the reader's current document
}

// phraseSlot is one position of the phrase that has a term: its score is
// the term's tf-idf, weighted as bleve weights a term query.
type phraseSlot struct {
	term   int
	boost  float64
	weight float64 // boost · idf · query norm
}

type phraseSearcher struct {
	terms []*phraseTerm
	slots []phraseSlot
	order []int // terms, rarest first
	score bool
	done  bool
}

// Weight implements search.Searcher: the sum of the squared weights of its
// terms, as a conjunction of term searchers has.
func (s *phraseSearcher) Weight() float64 {
	var w float64
	for _, sl := range s.slots {
		x := sl.boost * s.terms[sl.term].idf
		w += x * x
	}
	return w
}

// SetQueryNorm implements search.Searcher.
func (s *phraseSearcher) SetQueryNorm(n float64) {
	for i := range s.slots {
		s.slots[i].weight = s.slots[i].boost * s.terms[s.slots[i].term].idf * n
	}
}

// Count implements search.Searcher: at most the rarest term's count.
func (s *phraseSearcher) Count() uint64 {
	if len(s.order) == 0 {
		return 0
	}
	return s.terms[s.order[0]].tfr.Count()
}

func (s *phraseSearcher) Min() int                   { return 0 }
func (s *phraseSearcher) Size() int                  { return 64 + 96*len(s.terms) }
func (s *phraseSearcher) DocumentMatchPoolSize() int { return 1 }

// Close implements search.Searcher.
func (s *phraseSearcher) Close() error {
	var first error
	for _, t := range s.terms {
		if err := t.tfr.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Next implements search.Searcher.
func (s *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.next(ctx, nil)
}

// Advance implements search.Searcher.
func (s *phraseSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	return s.next(ctx, id)
}

// move positions term t at its next document, or at the first at or after
// target; false when it has none.
func (s *phraseSearcher) move(t *phraseTerm, target index.IndexInternalID) (bool, error) {
	var d *index.TermFieldDoc
	var err error
	if target == nil {
		d, err = t.tfr.Next(t.doc)
	} else {
		d, err = t.tfr.Advance(target, t.doc)
	}
	if err != nil || d == nil {
		t.at = false
		return false, err
	}
	t.doc, t.at = d, true
	return true, nil
}

// next finds the next document (at or after target when given) where
// every term stands at its offset from one start position.
func (s *phraseSearcher) next(ctx *search.SearchContext, target index.IndexInternalID) (*search.DocumentMatch, error) {
	if s.done || len(s.order) == 0 {
		return nil, nil
	}
	lead := s.terms[s.order[0]]
	ok, err := s.move(lead, target)
	for {
		if err != nil {
			return nil, err
		}
		if !ok {
			s.done = true
			return nil, nil
		}
		id := lead.doc.ID
		var behind index.IndexInternalID // where the lead must go when another term is past it
		for _, i := range s.order[1:] {
			t := s.terms[i]
			if !t.at || t.doc.ID.Compare(id) < 0 {
				if ok, err = s.move(t, id); err != nil {
					return nil, err
				}
				if !ok {
					s.done = true
					return nil, nil
				}
			}
			if t.doc.ID.Compare(id) > 0 {
				behind = t.doc.ID
				break
			}
		}
		if behind != nil {
			ok, err = s.move(lead, append(index.IndexInternalID(nil), behind...))
			continue
		}
		if s.positionsMatch() {
			return s.match(ctx, id), nil
		}
		ok, err = s.move(lead, nil)
	}
}

// positionsMatch reports whether, in the document every term is at, the
// terms stand at their offsets from one start.
func (s *phraseSearcher) positionsMatch() bool {
	lead := s.terms[s.order[0]]
	for _, v := range lead.doc.Vectors {
		for _, off := range lead.offsets {
			start := int(v.Pos) - off
			if start < 1 {
				continue
			}
			if s.allAt(start) {
				return true
			}
		}
	}
	return false
}

// allAt reports whether every term stands at start + each of its offsets.
func (s *phraseSearcher) allAt(start int) bool {
	for _, t := range s.terms {
		for _, off := range t.offsets {
			if !hasPos(t.doc.Vectors, uint64(start+off)) {
				return false
			}
		}
	}
	return true
}

// hasPos reports whether a term's locations in a document include pos (a
// term occurs a few times in an article: a scan).
func hasPos(vs []*index.TermFieldVector, pos uint64) bool {
	for _, v := range vs {
		if v.Pos == pos {
			return true
		}
	}
	return false
}

// match returns the document match of id: the tf-idf of every term,
// summed, as bleve's phrase (a conjunction of term searchers) scores it.
func (s *phraseSearcher) match(ctx *search.SearchContext, id index.IndexInternalID) *search.DocumentMatch {
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = index.NewIndexInternalIDFrom(dm.IndexInternalID, id)
	if s.score {
		var score float64
		for _, sl := range s.slots {
			t := s.terms[sl.term]
			score += math.Sqrt(float64(t.doc.Freq)) * t.doc.Norm * t.idf * sl.weight
		}
		dm.Score = score
	}
	return dm
}
