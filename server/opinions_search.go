package server

import (
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/search"
)

// Opinions in the search index (issue 6, item 9): the store implements
// search.OpinionSource and logs every opinion create, moderation and
// answer in its change log, so the index's follower indexes opinions
// without touching the public comment path (the group-commit writer), and
// a rebuild (search.Rebuild) lists them all through search.OpinionLister. They
// are found only by staff and admins (drafts.PermViewOpinions): runSearch
// asks with search.Staff for them alone.

// opinionsVisible reports whether the request's account may see opinion
// hits: staff and admins, signed in or by token; never the public,
// members or liaisons.
func (s *Server) opinionsVisible(a *drafts.Account) bool {
	return a.Can(drafts.PermViewOpinions)
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

// A rebuilt index gets every stored opinion from the store.
var _ search.OpinionLister = (*store.Store)(nil)
