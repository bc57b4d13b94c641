package consultations

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"lifa/drafts"
)

// InboxAction is what the staff inbox's form asks: answer the checked
// opinions, a group ("answer-group:N"), or with scope "matching" every
// opinion the inbox's filter matches; or publish or hide the checked ones.
type InboxAction struct {
	// Action is "answer", "publish" or "hide".
	Action string
	// Answer holds the checked opinions, the group or filter to answer,
	// and the disposition and reason typed (the reason of hiding, too).
	Answer AnswerInput
}

// ReadInboxAction reads the inbox's form; page is the query string of the
// inbox it came from, whose filter a "matching" answer takes
// (MatchingFilter). Opinion ids that are not numbers are left out.
// EINVALID for an unknown action or a page without a version.
func ReadInboxAction(form, page url.Values) (*InboxAction, error) {
	act := &InboxAction{Action: form.Get("action"), Answer: AnswerInput{Disposition: drafts.Disposition(form.Get("disposition")),
		Reason: form.Get("reason")}}
	for _, v := range form["ids"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			act.Answer.IDs = append(act.Answer.IDs, id)
		}
	}
	switch g, group := strings.CutPrefix(act.Action, "answer-group:"); {
	case group:
		act.Action = "answer"
		act.Answer.Group, _ = strconv.ParseInt(g, 10, 64)
	case act.Action == "answer" && form.Get("scope") == "matching":
		var err error
		if act.Answer.Matching, err = MatchingFilter(page); err != nil {
			return nil, err
		}
	case act.Action == "answer", act.Action == "publish", act.Action == "hide":
	default:
		return nil, drafts.Errorf(drafts.EINVALID, "未知操作。")
	}
	return act, nil
}

// Allowed reports whether account a may do act: EFORBIDDEN when it may
// not answer (drafts.PermAnswer) or moderate (drafts.PermModerate).
func (act *InboxAction) Allowed(a *drafts.Account) error {
	switch {
	case act.Action == "answer" && !a.Can(drafts.PermAnswer):
		return drafts.Errorf(drafts.EFORBIDDEN, "您没有答复意见的权限。")
	case act.Action != "answer" && !a.Can(drafts.PermModerate):
		return drafts.Errorf(drafts.EFORBIDDEN, "您没有审核意见的权限。")
	}
	return nil
}

// DoInboxAction does act as actor (Answer or Moderate) and says what was
// done: 已答复 3 条意见（采纳）。 The errors are theirs.
func (s *Service) DoInboxAction(ctx context.Context, actor string, act *InboxAction) (string, error) {
	if act.Action == "answer" {
		n, err := s.Answer(ctx, actor, act.Answer)
		return fmt.Sprintf("已答复 %d 条意见（%s）。", n, act.Answer.Disposition), err
	}
	st, verb := drafts.StatusPublished, "公开"
	if act.Action == "hide" {
		st, verb = drafts.StatusHidden, "屏蔽"
	}
	n, err := s.Moderate(ctx, actor, act.Answer.IDs, st, act.Answer.Reason)
	return fmt.Sprintf("已%s %d 条意见。", verb, n), err
}
