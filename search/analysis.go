package search

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names of Lifa's analyzers in the bleve registry.
// lifa_gram is the mapping's analyzer of the text fields too, but those
// are analysed by Lifa (textGrams), never through the mapping.
const (
	analyzerName    = "lifa_gram" // regulation titles: bigrams and run-boundary grams
	uniAnalyzerName = "lifa_uni"  // titles' uni field: each distinct character once
)

func init() {
	// bleve looks analyzers up by name in a process-wide registry, which
	// must be filled before an index is opened.
	for name, a := range map[string]analysis.Analyzer{analyzerName: gramAnalyzer{}, uniAnalyzerName: uniAnalyzer{}} {
		a := a
		err := registry.RegisterAnalyzer(name, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
			return a, nil
		})
		if err != nil {
			panic(err)
		}
	}
}

// gramAnalyzer turns text into overlapping character bigrams, one at each
// character's position (the bigram of that character and the next). Text
// is folded first (see fold). White space separates runs: it takes one
// position, no bigram crosses it, and instead the last character of a run
// gets the gram "c " and the first character of a run after white space
// the gram " c". A phrase of bigrams at consecutive positions is then an
// exact substring search, and the boundary grams pin phrases that contain
// white space (see queryGrams).
type gramAnalyzer struct{}

// Analyze implements analysis.Analyzer.
func (gramAnalyzer) Analyze(input []byte) analysis.TokenStream {
	toks := make([]analysis.Token, 0, utf8.RuneCount(input)+8)
	terms := make([]byte, 0, 2*len(input)+16)
	eachGram(string(input), func(start, end, pos int, a, b rune) {
		s := len(terms)
		terms = utf8.AppendRune(terms, a)
		terms = utf8.AppendRune(terms, b)
		toks = append(toks, analysis.Token{Start: start, End: end, Term: terms[s:len(terms):len(terms)], Position: pos, Type: analysis.Ideographic})
	})
	stream := make(analysis.TokenStream, len(toks))
	for i := range toks {
		stream[i] = &toks[i]
	}
	return stream
}

// eachGram calls emit with each gram of input in order: its byte offsets
// in input, its position and its two runes (folded; ' ' on the outer side
// of a boundary gram). See gramAnalyzer.
func eachGram(input string, emit func(start, end, pos int, a, b rune)) {
	var prev rune = -1 // previous folded rune in the current run, -1 at a run start
	prevStart := 0     // byte offset of prev
	pos := 0
	gap := false // white space seen since the last run
	for off := 0; off < len(input); {
		r, size := utf8.DecodeRuneInString(input[off:])
		r = fold(r)
		if isSpace(r) {
			if prev >= 0 {
				emit(prevStart, off, pos, prev, ' ') // run end
				pos++                                // the gap
				gap = true
			}
			prev = -1
			off += size
			continue
		}
		pos++
		if prev >= 0 {
			emit(prevStart, off+size, pos-1, prev, r)
		} else if gap {
			emit(off, off+size, pos, ' ', r) // run start after white space
		}
		prev, prevStart = r, off
		off += size
	}
}

// wordRune reports whether r (folded) is a letter or a number (Han
// characters, kana, Latin letters, digits, 〇, ①): a text field indexes
// the bigrams of two such characters only (textGrams). The others — the
// punctuation of a legal text (，。、；：（）《》), symbols (％, ×), white
// space — are in a fifth of an article's distinct bigrams (17 of 91 in
// the bulk corpus), and zap's building and merging cost the same for each
// (document, term) pair however common the term: without them a rebuild
// takes a fifth less CPU (BenchmarkIndexBulk). A segment's sets of these
// grams are made from its texts instead when the index first sees it
// (segInfo.pgrams, with the character tables), at a fraction of that
// cost, so a word with punctuation is found as before.
func wordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	case r >= 0x4E00 && r <= 0x9FFF:
		return true // CJK unified ideographs
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// indexedGram reports whether the text fields index the gram of runes a
// and b (folded): the one rule that the analysis (textGrams), the
// segments' sets of the other grams (loadChars), a query's plan
// (planWord) and similar provisions' candidates (rareGrams) share.
func indexedGram(a, b rune) bool { return wordRune(a) && wordRune(b) }

// uniAnalyzer emits each distinct folded character of the text once, for
// one-character queries (a term query, no positions needed), in code
// point order: sorting and compacting the characters is 4.5× faster on
// an opinion and 1.4× on an article than the map sized for an article it
// replaced, which was 44 % of analysing opinions (BenchmarkAnalyze).
type uniAnalyzer struct{}

// Analyze implements analysis.Analyzer.
func (uniAnalyzer) Analyze(input []byte) analysis.TokenStream {
	rs := distinctRunes(string(input))
	terms := make([]byte, 0, 3*len(rs))
	toks := make([]analysis.Token, len(rs))
	stream := make(analysis.TokenStream, len(rs))
	for i, r := range rs {
		s := len(terms)
		terms = utf8.AppendRune(terms, r)
		toks[i] = analysis.Token{Term: terms[s:len(terms):len(terms)], Position: i + 1, Type: analysis.Ideographic}
		stream[i] = &toks[i]
	}
	return stream
}

// distinctRunes returns the distinct folded runes of s other than white
// space, in code point order.
func distinctRunes(s string) []rune {
	rs := make([]rune, 0, utf8.RuneCountInString(s))
	for _, r := range s {
		if r = fold(r); !isSpace(r) {
			rs = append(rs, r)
		}
	}
	slices.Sort(rs)
	return slices.Compact(rs)
}

// wordQuery says how to find texts containing word (normalised; single
// spaces allowed): a term query on the uni field for one character (uni
// is true), otherwise a phrase on the gram field (see queryGrams).
func wordQuery(word string) (uni bool, terms []string) {
	rs := []rune(word)
	if len(rs) == 1 {
		return true, []string{word}
	}
	return false, queryGrams(rs)
}

// queryGrams returns the terms of a phrase query on the text field that
// matches exactly the texts containing word (at least two characters,
// already folded, single spaces allowed), one term per character position
// with "" where none is needed. Within a run of characters, the bigram at
// every offset: every other one would fix every character, but bleve's
// phrase searcher intersects its terms rarest first, so one rare bigram
// (理应 in 管理应当) spares it the positions of two common ones (管理,
// 应当): 管理应当 went from 14.6 to under 5 ms on the bulk corpus. A run
// followed by a space ends with its boundary gram "c " (which also pins
// the space), and a final one-character run after a space is its start
// gram " c".
func queryGrams(word []rune) []string {
	var terms []string
	i := 0
	first := true
	for i < len(word) {
		if word[i] == ' ' {
			terms = append(terms, "")
			i++
			continue
		}
		j := i
		for j < len(word) && word[j] != ' ' {
			j++
		}
		run := word[i:j]
		last := j == len(word)
		n := len(run)
		rt := make([]string, n)
		for p := 0; p+1 < n; p++ {
			rt[p] = string(run[p : p+2])
		}
		switch {
		case !last:
			rt[n-1] = string(run[n-1]) + " "
		case n == 1 && !first:
			rt[0] = " " + string(run[0])
		case n == 1:
			rt[0] = string(run[0]) // a lone character: the caller uses the uni field
		}
		terms = append(terms, rt...)
		first = false
		i = j
	}
	for len(terms) > 0 && terms[len(terms)-1] == "" {
		terms = terms[:len(terms)-1]
	}
	return terms
}
