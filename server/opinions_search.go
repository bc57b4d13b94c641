package server

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/search"
)

// Opinions in the search index (issue 6, item 9): the store implements
// search.OpinionSource and logs every opinion create, moderation and
// answer in its change log, so the index's follower indexes opinions
// without touching the public comment path (the group-commit writer). They
// are found only by staff and admins (drafts.PermViewOpinions): runSearch
// asks with search.Staff for them alone.

// opinionsVisible reports whether the request's account may see opinion
// hits: staff and admins, signed in or by token; never the public,
// members or liaisons.
func (s *Server) opinionsVisible(a *drafts.Account) bool {
	return a.Can(drafts.PermViewOpinions)
}

// fillOpinionIndex indexes every stored opinion. A rebuilt index (missing,
// damaged, or built by `lifa reindex`) holds only regulations and
// versions, and the change-log entries of older opinions lie before the
// Seq it starts from, so WithSearch calls this after a rebuild. It returns
// how many opinions it indexed.
func fillOpinionIndex(ctx context.Context, ix *search.Index, src interface {
	SearchOpinions(ctx context.Context, afterID int64, limit int) ([]*search.Opinion, error)
}) (int, error) {
	n := 0
	var after int64
	for {
		list, err := src.SearchOpinions(ctx, after, 500)
		if err != nil || len(list) == 0 {
			return n, err
		}
		for _, o := range list {
			if err := ix.IndexOpinion(ctx, o); err != nil {
				return n, err
			}
			after = o.ID
			n++
		}
	}
}

// fillOpinionIndexAfterRebuild runs fillOpinionIndex in the background
// when Open rebuilt the index (the follower keeps running meanwhile).
func (s *Server) fillOpinionIndexAfterRebuild(ix *search.Index) {
	if !ix.Status().Rebuilt {
		return
	}
	go func() {
		start := time.Now()
		n, err := fillOpinionIndex(context.Background(), ix, s.store)
		if err != nil {
			s.log.Error("search: index opinions after rebuild", "indexed", n, "err", err)
			return
		}
		s.log.Info("search: opinions indexed after rebuild", "opinions", n, "duration", time.Since(start).Round(time.Millisecond))
	}()
}

// opinionInboxLink is the staff inbox entry of an opinion hit: the
// inbox of its version filtered to its article, with the opinion itself
// shown first and scrolled to.
func opinionInboxLink(h search.Hit) string {
	q := url.Values{"version": {strconv.FormatInt(h.VersionID, 10)}, "opinion": {strconv.FormatInt(h.OpinionID, 10)}}
	if h.Article.Num > 0 {
		q.Set("article", strconv.Itoa(h.Article.Num))
	} else {
		q.Set("article", "-1")
	}
	return "/staff/opinions?" + q.Encode() + "#op-" + strconv.FormatInt(h.OpinionID, 10)
}

// inboxEnsureOpinion puts the opinion named by ?opinion=ID (a search hit's
// link) first in the inbox list when the filters or the page size left it
// out, so the link always lands on it.
func (s *Server) inboxEnsureOpinion(c *gin.Context, d *inboxData, versionID int64) error {
	id, err := strconv.ParseInt(c.Query("opinion"), 10, 64)
	if err != nil || id <= 0 {
		return nil
	}
	for _, o := range d.Opinions {
		if o.ID == id {
			return nil
		}
	}
	o, err := s.store.Opinion(c.Request.Context(), id)
	if drafts.ErrorCode(err) == drafts.ENOTFOUND || (err == nil && o.VersionID != versionID) {
		return nil
	}
	if err != nil {
		return err
	}
	d.Opinions = append([]*drafts.Opinion{o}, d.Opinions...)
	return nil
}

// The store serves opinions to the search index's follower.
var _ search.OpinionSource = (*store.Store)(nil)
