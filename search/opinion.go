package search

import (
	"context"
	"fmt"
	"strconv"

	"lifa/drafts"
)

// Opinion is an opinion on an article as the index sees it. Opinions are
// visible to staff only: a search with Visibility Staff finds them next to
// articles (Hit.Kind "opinion"). The type lives in drafts so that the store
// can serve it without importing search.
type Opinion = drafts.IndexedOpinion

// OpinionSource is implemented by a Source that also serves opinions; the
// follower then applies "opinion" changes. Opinion returns ENOTFOUND for
// a deleted or withdrawn opinion, which is then removed from the index.
type OpinionSource interface {
	SearchOpinion(ctx context.Context, id int64) (*Opinion, error)
}

// OpinionBatchSource is an OpinionSource that can also serve many
// opinions at once; the follower then applies a run of opinion changes with
// one query and one index batch. Ids with no opinion are left out.
type OpinionBatchSource interface {
	OpinionSource
	SearchOpinionsByID(ctx context.Context, ids []int64) ([]*Opinion, error)
}

// OpinionLister is a Source that can list every opinion, by id, after
// afterID; Rebuild then puts them in the new index.
type OpinionLister interface {
	SearchOpinions(ctx context.Context, afterID int64, limit int) ([]*Opinion, error)
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

// opinionDoc is the index document of an opinion: its text is analysed
// as an article's (textField).
func opinionDoc(o *Opinion) *preDoc {
	d := &preDoc{fields: make([]*field, 0, 16)}
	kw := func(name, value string, store, docValues bool) { d.add(keywordField(name, value, store, docValues)) }
	kw(fType, kindOpinion, false, false)
	kw(fVis, visStaff, false, false)
	kw(fReg, strconv.FormatInt(o.RegulationID, 10), true, false)
	kw(fFacet, strconv.FormatInt(o.VersionID, 10), false, true)
	kw(fVersion, strconv.FormatInt(o.VersionID, 10), true, false)
	kw(fLatest, "1", true, false)
	d.add(storedField(fRegTitle, o.RegulationTitle))
	d.add(textField(fTextOp, o.Text))
	d.add(storedField(fBody, o.Text))
	d.add(storedField(fRef, o.Ref))
	if o.ArticleNum > 0 {
		kw(fArtOp, artKey(o.ArticleNum, o.ArticleSub), false, false)
		d.add(storedField(fNum, strconv.Itoa(o.ArticleNum)))
		d.add(storedField(fLabel, o.ArticleLabel))
		if o.ArticleSub > 0 {
			d.add(storedField(fSub, strconv.Itoa(o.ArticleSub)))
		}
	}
	if o.Date != "" {
		kw(fDate, o.Date, true, true)
		if len(o.Date) >= 4 {
			kw(fYear, o.Date[:4], false, false)
		}
	}
	return d
}

func (ix *Index) indexOpinion(o *Opinion, seq *int64) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return errClosed
	}
	d := opinionDoc(o)
	b := ix.idx.newBatch()
	if err := b.of(o.RegulationID).Index(idOpinion(o.ID), d); err != nil {
		return fmt.Errorf("search: index opinion %d: %w", o.ID, err)
	}
	if seq != nil {
		b.setSeq(*seq)
	}
	return b.run()
}

func (ix *Index) deleteOpinion(id int64, seq *int64) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return errClosed
	}
	b := ix.idx.newBatch()
	b.delete(idOpinion(id))
	if seq != nil {
		b.setSeq(*seq)
	}
	return b.run()
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

// applyOpinions applies a run of "opinion" changes in one batch that also
// records the last change's Seq: a flood of public comments costs the
// follower one query and one index segment per poll, not one per opinion.
// The caller holds wmu.
func (ix *Index) applyOpinions(ctx context.Context, cs []drafts.Change) error {
	bs, ok := ix.src.(OpinionBatchSource)
	if !ok || len(cs) == 1 {
		for _, c := range cs {
			if err := ix.apply(ctx, c); err != nil {
				return err
			}
		}
		return nil
	}
	ids := make([]int64, 0, len(cs))
	seen := make(map[int64]bool, len(cs))
	for _, c := range cs {
		if !seen[c.ID] {
			seen[c.ID] = true
			ids = append(ids, c.ID)
		}
	}
	ops, err := bs.SearchOpinionsByID(ctx, ids)
	if err != nil {
		return fmt.Errorf("search: opinions of changes %d–%d: %w", cs[0].Seq, cs[len(cs)-1].Seq, err)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return errClosed
	}
	b := ix.idx.newBatch()
	for _, o := range ops {
		delete(seen, o.ID)
		if err := b.of(o.RegulationID).Index(idOpinion(o.ID), opinionDoc(o)); err != nil {
			return fmt.Errorf("search: index opinion %d: %w", o.ID, err)
		}
	}
	for id := range seen { // no longer there: remove
		b.delete(idOpinion(id))
	}
	b.setSeq(cs[len(cs)-1].Seq)
	return b.run()
}
