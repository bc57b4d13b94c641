package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// analyzerName is the name of Lifa's text analyzer in the bleve registry.
const analyzerName = "lifa_gram"

func init() {
	// bleve looks analyzers up by name in a process-wide registry, which
	// must be filled before an index is opened.
	err := registry.RegisterAnalyzer(analyzerName, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return gramAnalyzer{}, nil
	})
	if err != nil {
		panic(err)
	}
}

// gramAnalyzer turns text into overlapping character bigrams plus a unigram
// for every character, both at the character's position. Text is folded
// first (see fold); white space separates runs and advances the position
// by one, so no gram and no phrase crosses it.
type gramAnalyzer struct{}

// Analyze implements analysis.Analyzer.
func (gramAnalyzer) Analyze(input []byte) analysis.TokenStream {
	n := utf8.RuneCount(input)
	toks := make([]analysis.Token, 0, 2*n)
	terms := make([]byte, 0, 3*len(input)+16)
	stream := make(analysis.TokenStream, 0, 2*n)

	var prev rune = -1 // previous folded rune in the current run, -1 at a run start
	prevStart := 0     // byte offset of prev
	pos := 0
	for off := 0; off < len(input); {
		r, size := utf8.DecodeRune(input[off:])
		r = fold(r)
		if isSpace(r) {
			if prev >= 0 {
				pos++ // the gap
			}
			prev = -1
			off += size
			continue
		}
		pos++
		if prev >= 0 {
			// bigram prev+r at prev's position
			s := len(terms)
			terms = utf8.AppendRune(terms, prev)
			terms = utf8.AppendRune(terms, r)
			toks = append(toks, analysis.Token{Start: prevStart, End: off + size, Term: terms[s:len(terms):len(terms)], Position: pos - 1, Type: analysis.Ideographic})
		}
		s := len(terms)
		terms = utf8.AppendRune(terms, r)
		toks = append(toks, analysis.Token{Start: off, End: off + size, Term: terms[s:len(terms):len(terms)], Position: pos, Type: analysis.Ideographic})
		prev, prevStart = r, off
		off += size
	}
	for i := range toks {
		stream = append(stream, &toks[i])
	}
	return stream
}

// queryGrams returns the terms of a phrase query that matches exactly the
// texts containing word (already folded, possibly with single spaces):
// for one character, its unigram; otherwise bigrams that cover every
// character, not overlapping where possible (ab, cd, ef … and a last
// overlapping one for odd lengths), with "" for the positions between
// them. Bigrams at positions p, p+2, … each fixing two characters match
// exactly the runs that contain word.
func queryGrams(word []rune) []string {
	// split into runs at spaces; a space occupies one position
	var terms []string
	i := 0
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
		terms = append(terms, runGrams(word[i:j])...)
		i = j
	}
	// trim leading/trailing gaps
	for len(terms) > 0 && terms[0] == "" {
		terms = terms[1:]
	}
	for len(terms) > 0 && terms[len(terms)-1] == "" {
		terms = terms[:len(terms)-1]
	}
	return terms
}

// runGrams returns the terms for one run of non-space characters: one term
// per character position of the run, "" where no term is needed.
func runGrams(run []rune) []string {
	n := len(run)
	if n == 1 {
		return []string{string(run)}
	}
	terms := make([]string, n)
	// A bigram at position p fixes characters p and p+1. Take p = 0, 2, 4 …
	// and, for an odd length, n-2 for the last character.
	for p := 0; p+1 < n; p += 2 {
		terms[p] = string(run[p : p+2])
	}
	if n%2 == 1 {
		terms[n-2] = string(run[n-2 : n])
	}
	return terms
}
