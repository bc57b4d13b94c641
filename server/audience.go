package server

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// Consultations stay with their audience (drafts.Consultation.VisibleTo):
// the pages and the API show a consultation, its instructions, its
// opinions, answers and counts only to its audience and to staff. For
// anyone else it does not exist (404); an anonymous visitor asking for
// its page is sent to sign in first.

// visibleConsultation loads consultation id if the request's account may
// see it; ENOTFOUND (or, for an anonymous page view, the login page via
// errSignInFirst) otherwise.
func (s *Server) visibleConsultation(c *gin.Context, id int64) (*drafts.Consultation, *drafts.Account, error) {
	ctx := c.Request.Context()
	cons, err := s.store.Consultation(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.account(c)
	if err != nil {
		return nil, nil, err
	}
	if !cons.VisibleTo(a) {
		if a == nil && !isAPI(c) && c.Request.Method == http.MethodGet {
			return nil, nil, errSignInFirst
		}
		return nil, nil, drafts.Errorf(drafts.ENOTFOUND, "没有编号为 %d 的征求意见。", id)
	}
	return cons, a, nil
}

// errSignInFirst makes renderError send an anonymous page view to the
// login page (see handleSignInFirst).
var errSignInFirst = drafts.Errorf(drafts.EUNAUTHORIZED, "请先登录。")

// versionStats returns the opinion statistics of a version that account
// a may see, and whether it may see the per-article counts (the heat map):
// every count when a may see every consultation on the version (the usual
// case, one consultation); otherwise the opinions of the consultations it
// may see, one person per opinion, and no heat map. ENOTFOUND when the
// version has consultations and a may see none of them.
func (s *Server) versionStats(ctx context.Context, versionID int64, a *drafts.Account) (drafts.OpinionStats, bool, error) {
	list, err := s.versionConsultations(ctx, versionID)
	if err != nil {
		return drafts.OpinionStats{}, false, err
	}
	var visible []*drafts.Consultation
	for _, cn := range list {
		if cn.VisibleTo(a) {
			visible = append(visible, cn)
		}
	}
	if len(visible) == len(list) {
		st, err := s.store.OpinionStats(ctx, versionID)
		return st, true, err
	}
	if len(visible) == 0 {
		return drafts.OpinionStats{}, false, drafts.Errorf(drafts.ENOTFOUND, "该版本没有向您公开的意见统计。")
	}
	var st drafts.OpinionStats
	for _, cn := range visible {
		for _, status := range []string{drafts.StatusPublished, drafts.StatusPending} {
			_, n, err := s.store.Opinions(ctx, drafts.OpinionFilter{ConsultationID: cn.ID, Status: status, Limit: 1})
			if err != nil {
				return st, false, err
			}
			st.Opinions += n
		}
	}
	st.People = st.Opinions
	return st, false, nil
}
