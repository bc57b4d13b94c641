package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestStore_SearchOpinion checks what the search index's follower sees of
// opinions: every create, moderation and answer is in the change log, and
// SearchOpinion gives the opinion's current state.
func TestStore_SearchOpinion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v := opVersion(t, s)
		now := time.Now().UTC()
		c := &drafts.Consultation{VersionID: v.ID, Audience: drafts.AudiencePublic, Title: "公开征求意见",
			OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(24 * time.Hour)}
		if err := s.CreateConsultation(ctx, "staff", c); err != nil {
			t.Fatal(err)
		}
		before, err := s.LastChangeSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		batch := []*drafts.Opinion{
			{VersionID: v.ID, ConsultationID: c.ID, Article: 3, Text: "建议明确填埋湿地的罚款数额。", Name: "张三", Source: drafts.SourcePublic},
			{VersionID: v.ID, ConsultationID: c.ID, Text: "整体赞成。", Source: drafts.SourcePublic},
		}
		if err := s.InsertOpinions(ctx, batch); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ModerateOpinions(ctx, "staff", []int64{batch[1].ID}, drafts.StatusHidden, "广告"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AnswerOpinions(ctx, "staff", []int64{batch[0].ID}, drafts.Answer{Disposition: drafts.DispositionAdopted, Reason: "已明确。"}); err != nil {
			t.Fatal(err)
		}
		cs, err := s.ChangesSince(ctx, before, 0)
		if err != nil {
			t.Fatal(err)
		}
		var ops []string
		for _, ch := range cs {
			if ch.Entity == "opinion" {
				ops = append(ops, fmt.Sprintf("%s:%d", ch.Op, ch.ID))
			}
		}
		want := fmt.Sprint([]string{fmt.Sprintf("create:%d", batch[0].ID), fmt.Sprintf("create:%d", batch[1].ID),
			fmt.Sprintf("update:%d", batch[1].ID), fmt.Sprintf("update:%d", batch[0].ID)})
		if fmt.Sprint(ops) != want {
			t.Errorf("opinion changes = %v, want %v", ops, want)
		}

		o, err := s.SearchOpinion(ctx, batch[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if o.ID != batch[0].ID || o.VersionID != v.ID || o.RegulationID != v.RegulationID || o.RegulationTitle != "广州市湿地保护规定" ||
			o.ArticleNum != 3 || o.ArticleLabel != "第三条" || o.Text != batch[0].Text || o.Date != batch[0].CreatedAt.UTC().Format(time.DateOnly) {
			t.Errorf("SearchOpinion = %+v", o)
		}
		if want := "待审核 · 采纳 · 社会公众 · 张三"; o.Ref != want {
			t.Errorf("Ref = %q, want %q", o.Ref, want)
		}
		h, err := s.SearchOpinion(ctx, batch[1].ID)
		if err != nil || h.ArticleNum != 0 || h.ArticleLabel != "整体意见" || h.Ref != "已屏蔽：广告 · 待处理 · 社会公众" {
			t.Errorf("hidden SearchOpinion = %+v, %v", h, err)
		}
		if _, err := s.SearchOpinion(ctx, 999999); code(err) != drafts.ENOTFOUND {
			t.Errorf("missing opinion: %v", err)
		}
		all, err := s.SearchOpinions(ctx, 0, 0)
		if err != nil || len(all) != 2 || all[0].ID != batch[0].ID || all[1].ID != batch[1].ID {
			t.Fatalf("SearchOpinions = %+v, %v", all, err)
		}
		if got, err := s.SearchOpinionsByID(ctx, []int64{batch[1].ID, 999999, batch[0].ID}); err != nil || len(got) != 2 ||
			got[0].ID != batch[0].ID || got[1].ID != batch[1].ID || got[1].Ref != h.Ref {
			t.Errorf("SearchOpinionsByID = %+v, %v", got, err)
		}
		if got, err := s.SearchOpinionsByID(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("SearchOpinionsByID(nil) = %+v, %v", got, err)
		}
		if rest, err := s.SearchOpinions(ctx, batch[0].ID, 10); err != nil || len(rest) != 1 || rest[0].ID != batch[1].ID {
			t.Errorf("SearchOpinions after first = %+v, %v", rest, err)
		}
	})
}
