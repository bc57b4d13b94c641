package search

import (
	"context"
	"fmt"
	"strconv"

	"lifa/drafts"
)

// Opinion is an opinion on an article as the index sees it. Opinions are
// visible to staff only: a search with Visibility Staff finds them next to
// articles (Hit.Kind "opinion").
type Opinion struct {
	ID              int64
	RegulationID    int64
	RegulationTitle string
	VersionID       int64
	ArticleNum      int // 0 for an opinion on the whole text
	ArticleSub      int
	ArticleLabel    string
	Date            string // YYYY-MM-DD
	// Ref is shown with the hit, e.g. the author or contact point and the
	// disposition.
	Ref  string
	Text string
}

// OpinionSource is implemented by a Source that also serves opinions; the
// follower then applies "opinion" changes. Opinion returns ENOTFOUND for
// a deleted or withdrawn opinion, which is then removed from the index.
type OpinionSource interface {
	SearchOpinion(ctx context.Context, id int64) (*Opinion, error)
}

// IndexOpinion adds or replaces an opinion.
func (ix *Index) IndexOpinion(ctx context.Context, o *Opinion) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	return ix.indexOpinion(o, nil)
}

// DeleteOpinion removes an opinion; removing a missing one is not an error.
func (ix *Index) DeleteOpinion(ctx context.Context, id int64) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	return ix.deleteOpinion(id, nil)
}

func (ix *Index) indexOpinion(o *Opinion, seq *int64) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return errClosed
	}
	d := map[string]any{
		fType:     kindOpinion,
		fVis:      visStaff,
		fReg:      strconv.FormatInt(o.RegulationID, 10),
		fFacet:    strconv.FormatInt(o.VersionID, 10),
		fRegTitle: o.RegulationTitle,
		fVersion:  strconv.FormatInt(o.VersionID, 10),
		fLatest:   "1",
		fTextOp:   o.Text,
		fUniOp:    o.Text,
		fBody:     o.Text,
		fRef:      o.Ref,
	}
	if o.ArticleNum > 0 {
		d[fArt] = artKey(o.ArticleNum, o.ArticleSub)
		d[fNum] = strconv.Itoa(o.ArticleNum)
		d[fLabel] = o.ArticleLabel
		if o.ArticleSub > 0 {
			d[fSub] = strconv.Itoa(o.ArticleSub)
		}
	}
	if o.Date != "" {
		d[fDate] = o.Date
		if len(o.Date) >= 4 {
			d[fYear] = o.Date[:4]
		}
	}
	b := ix.idx.NewBatch()
	if err := b.Index(idOpinion(o.ID), d); err != nil {
		return fmt.Errorf("search: index opinion %d: %w", o.ID, err)
	}
	if seq != nil {
		b.SetInternal(keyLastSeq, []byte(strconv.FormatInt(*seq, 10)))
	}
	return ix.idx.Batch(b)
}

func (ix *Index) deleteOpinion(id int64, seq *int64) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return errClosed
	}
	b := ix.idx.NewBatch()
	b.Delete(idOpinion(id))
	if seq != nil {
		b.SetInternal(keyLastSeq, []byte(strconv.FormatInt(*seq, 10)))
	}
	return ix.idx.Batch(b)
}

// applyOpinion applies an "opinion" change when the source serves opinions.
func (ix *Index) applyOpinion(ctx context.Context, c drafts.Change, seq int64) error {
	os, ok := ix.src.(OpinionSource)
	if !ok {
		return ix.setSeq(seq)
	}
	o, err := os.SearchOpinion(ctx, c.ID)
	if drafts.ErrorCode(err) == drafts.ENOTFOUND {
		return ix.deleteOpinion(c.ID, &seq)
	}
	if err != nil {
		return err
	}
	return ix.indexOpinion(o, &seq)
}
