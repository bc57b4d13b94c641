package consultations_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

func TestReadInboxAction(t *testing.T) {
	page := url.Values{"version": {"4"}, "article": {"2"}}
	for _, tt := range []struct {
		form   url.Values
		action string
		check  func(consultations.AnswerInput) bool
		code   string
	}{
		{url.Values{"action": {"answer"}, "ids": {"3", "x", "5"}, "disposition": {"采纳"}, "reason": {"理由"}}, "answer",
			func(in consultations.AnswerInput) bool {
				return len(in.IDs) == 2 && in.Disposition == "采纳" && in.Reason == "理由"
			}, ""},
		{url.Values{"action": {"answer-group:9"}, "scope": {"matching"}}, "answer",
			func(in consultations.AnswerInput) bool { return in.Group == 9 && in.Matching == nil }, ""},
		{url.Values{"action": {"answer"}, "scope": {"matching"}}, "answer",
			func(in consultations.AnswerInput) bool {
				return in.Matching != nil && in.Matching.VersionID == 4 && in.Matching.Article == 2
			}, ""},
		{url.Values{"action": {"hide"}, "ids": {"3"}, "reason": {"广告"}}, "hide",
			func(in consultations.AnswerInput) bool { return len(in.IDs) == 1 && in.Reason == "广告" }, ""},
		{url.Values{"action": {"delete"}}, "", nil, drafts.EINVALID},
	} {
		act, err := consultations.ReadInboxAction(tt.form, page)
		if drafts.ErrorCode(err) != tt.code || err == nil && (act.Action != tt.action || !tt.check(act.Answer)) {
			t.Errorf("%v: %+v, %v", tt.form, act, err)
		}
	}
	if _, err := consultations.ReadInboxAction(url.Values{"action": {"answer"}, "scope": {"matching"}}, nil); drafts.ErrorCode(err) != drafts.EINVALID {
		t.Errorf("every matching opinion of an inbox without a version: %v", err)
	}
}

// TestService_DoInboxAction answers and hides from the inbox's form, each
// only by an account that may.
func TestService_DoInboxAction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		ops := answered(t, f)
		page := url.Values{"version": {fmt.Sprint(f.versions[0].ID)}, "article": {"2"}}
		act, err := consultations.ReadInboxAction(url.Values{"action": {"answer"}, "scope": {"matching"}, "disposition": {"采纳"},
			"reason": {"已修改。"}}, page)
		if err != nil {
			t.Fatal(err)
		}
		if act.Allowed(f.liaison) == nil || act.Allowed(f.staff) != nil {
			t.Errorf("answering allowed to the liaison %v, to staff %v", act.Allowed(f.liaison), act.Allowed(f.staff))
		}
		if done, err := f.svc.DoInboxAction(ctx, "staff", act); err != nil || done != "已答复 2 条意见（采纳）。" {
			t.Errorf("answer every opinion on 第二条: %q, %v", done, err)
		}
		act, _ = consultations.ReadInboxAction(url.Values{"action": {"hide"}, "ids": {fmt.Sprint(ops[2].ID)}, "reason": {"重复"}}, page)
		if done, err := f.svc.DoInboxAction(ctx, "staff", act); err != nil || done != "已屏蔽 1 条意见。" {
			t.Errorf("hide: %q, %v", done, err)
		}
		if o, _ := st.Opinion(ctx, ops[2].ID); o.Status != drafts.StatusHidden {
			t.Errorf("hidden opinion's status %q", o.Status)
		}
		act, _ = consultations.ReadInboxAction(url.Values{"action": {"answer"}, "disposition": {"采纳"}}, page)
		if _, err := f.svc.DoInboxAction(ctx, "staff", act); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("an answer without opinions or reason: %v", err)
		}
	})
}
