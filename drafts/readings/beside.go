package readings

import (
	"context"
	"time"
	"unicode"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/diff"
)

// ArticleRef names an article of a reading: version id, number, and Sub
// for 第十条之一 (10, 1).
type ArticleRef struct {
	Version int64
	Num     int
	Sub     int
}

// ArticleSide is one article of an ArticlePair with where it stands.
type ArticleSide struct {
	Regulation *drafts.Regulation
	Version    *drafts.Version // without Document
	Article    *drafts.Article
}

// ArticlePair is two articles side by side — an article and a similar
// provision of another regulation (立法参考) — with the 对照表's character
// diff from the first to the second: "delete" is only in Left, "insert"
// only in Right.
type ArticlePair struct {
	Left, Right ArticleSide
	Diff        []diff.Op
	// Coarse is set when part of the diff fell back to whole sentences
	// (it ran out of time).
	Coarse bool
	// Similarity is 2·(characters in common)/(characters of both), white
	// space left out: the 对照表's measure of a modified article.
	Similarity float64
}

// pairDiffBudget bounds the diff of an ArticlePair (two articles of at
// most 20,000 characters each).
const pairDiffBudget = 50 * time.Millisecond

// Beside puts article left beside article right, each with its reading
// and regulation, and diffs them character by character. ENOTFOUND for
// an unknown reading or article.
func (s *Service) Beside(ctx context.Context, left, right ArticleRef) (*ArticlePair, error) {
	l, err := s.articleSide(ctx, left)
	if err != nil {
		return nil, err
	}
	r, err := s.articleSide(ctx, right)
	if err != nil {
		return nil, err
	}
	p := &ArticlePair{Left: *l, Right: *r}
	p.Diff, p.Coarse = diff.Texts(l.Article.Text, r.Article.Text, pairDiffBudget)
	p.Similarity = similarity(p.Diff)
	return p, nil
}

// articleSide loads an article with its reading and regulation.
func (s *Service) articleSide(ctx context.Context, ref ArticleRef) (*ArticleSide, error) {
	v, err := s.store.Version(ctx, ref.Version)
	if err != nil {
		return nil, err
	}
	a, err := articleIn(v, ref.Num, ref.Sub)
	if err != nil {
		return nil, err
	}
	reg, err := s.store.Regulation(ctx, v.RegulationID)
	if err != nil {
		return nil, err
	}
	return &ArticleSide{Regulation: reg, Version: withoutDocument(v), Article: a}, nil
}

// withoutDocument returns a copy of v without its parsed text.
func withoutDocument(v *drafts.Version) *drafts.Version {
	cp := *v
	cp.Document = nil
	return &cp
}

// similarity is 2·equal/(old+new) over the characters of ops that are
// not white space.
func similarity(ops []diff.Op) float64 {
	var equal, total int
	for _, op := range ops {
		n := 0
		for _, r := range op.Text {
			if !unicode.IsSpace(r) && r != utf8.RuneError {
				n++
			}
		}
		if op.Op == diff.OpEqual {
			equal += 2 * n
			total += 2 * n
		} else {
			total += n
		}
	}
	if total == 0 {
		return 1
	}
	return float64(equal) / float64(total)
}
