package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestStore_StatusFollowsStage: without a status set, a project's status
// is its latest reading's stage (起草中 before the first); a status set
// stays until cleared.
func TestStore_StatusFollowsStage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRegulation(t, s, "广州市停车场条例")
		if r.StatusSet || r.Status != "起草中" {
			t.Fatalf("new project: %q set=%v", r.Status, r.StatusSet)
		}
		newVersion(t, s, r.ID, "first-reading", "甲。")
		if got, _ := s.Regulation(ctx, r.ID); got.Status != "一审稿" || got.StatusSet {
			t.Errorf("after 一审稿: %q set=%v", got.Status, got.StatusSet)
		}
		set := "暂缓审议"
		if _, err := s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Status: &set}); err != nil {
			t.Fatal(err)
		}
		newVersion(t, s, r.ID, "second-reading", "乙。")
		if got, _ := s.Regulation(ctx, r.ID); got.Status != set || !got.StatusSet {
			t.Errorf("set status after 二审稿: %q set=%v", got.Status, got.StatusSet)
		}
		clear := ""
		if got, err := s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Status: &clear}); err != nil || got.Status != "二审稿" {
			t.Errorf("cleared: %+v %v", got, err)
		}
		given := &drafts.Regulation{Title: "某条例", Kind: drafts.KindEnact, Status: "已通过"}
		if err := s.CreateRegulation(ctx, "张三", given); err != nil || !given.StatusSet {
			t.Fatalf("created with a status: %+v %v", given, err)
		}
	})
}

// TestStore_WithdrawVersion: a withdrawn version is kept and marked, is no
// longer a reading (Versions, Latest) and cannot be withdrawn again or
// un-withdrawn; the audit log and the change log record it.
func TestStore_WithdrawVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRegulation(t, s, "广州市停车场条例")
		v1 := newVersion(t, s, r.ID, "first-reading", "甲。")
		v2 := newVersion(t, s, r.ID, "second-reading", "乙。")
		seq0, _ := s.LastChangeSeq(ctx)
		_, err := s.WithdrawVersion(ctx, "王五", v2.ID, "  ")
		wantCode(t, err, drafts.EINVALID)
		w, err := s.WithdrawVersion(ctx, "王五", v2.ID, "误传了旧文本")
		if err != nil || w.Withdrawn == nil || w.Withdrawn.Reason != "误传了旧文本" || w.Withdrawn.By != "王五" {
			t.Fatalf("withdraw: %+v %v", w, err)
		}
		_, err = s.WithdrawVersion(ctx, "王五", v2.ID, "再次")
		wantCode(t, err, drafts.ECONFLICT)
		_, err = s.WithdrawVersion(ctx, "王五", 9999, "无")
		wantCode(t, err, drafts.ENOTFOUND)

		got, err := s.Version(ctx, v2.ID)
		if err != nil || got.Withdrawn == nil || len(got.Document.Articles) != 1 {
			t.Fatalf("withdrawn version still readable and marked: %+v %v", got, err)
		}
		vs, _ := s.Versions(ctx, r.ID)
		all, _ := s.AllVersions(ctx, r.ID)
		if len(vs) != 1 || vs[0].ID != v1.ID || len(all) != 2 || all[1].Withdrawn == nil || all[0].Withdrawn != nil {
			t.Errorf("readings %d, all %d", len(vs), len(all))
		}
		if reg, _ := s.Regulation(ctx, r.ID); reg.Latest == nil || reg.Latest.ID != v1.ID || reg.Status != "一审稿" {
			t.Errorf("latest after withdrawal: %+v", reg.Latest)
		}
		if regs, _ := s.ListRegulations(ctx); len(regs) != 1 || regs[0].Latest.ID != v1.ID {
			t.Errorf("list latest: %+v", regs[0].Latest)
		}
		entries, _, _ := s.AuditEntries(ctx, store.AuditFilter{Entity: "version", EntityID: v2.ID})
		if len(entries) == 0 || entries[0].Action != "version.withdraw" || !strings.Contains(entries[0].Detail, "误传了旧文本") {
			t.Errorf("audit: %+v", entries)
		}
		changes, _ := s.ChangesSince(ctx, seq0, 10)
		if len(changes) != 1 || changes[0].Entity != "regulation" || changes[0].ID != r.ID {
			t.Errorf("change log: %+v", changes)
		}
		// A new reading after a withdrawn one takes the next number.
		v3 := newVersion(t, s, r.ID, "second-reading", "丙。")
		if v3.Seq != 3 {
			t.Errorf("seq after a withdrawn version: %d", v3.Seq)
		}
	})
}

// TestStore_RegulationsTitled finds projects of the same title, spaces
// aside.
func TestStore_RegulationsTitled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRegulation(t, s, "广州市停车场条例")
		newRegulation(t, s, "广州市停车场管理条例")
		same, err := s.RegulationsTitled(ctx, "广州市　停车场条例 ")
		if err != nil || len(same) != 1 || same[0].ID != r.ID {
			t.Errorf("same title: %v %v", same, err)
		}
	})
}

// TestStore_StageAdmin: stages are added, renamed, moved and removed; a
// stage in use cannot be removed; names and codes stay unique.
func TestStore_StageAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.CreateStage(ctx, "admin", drafts.Stage{Code: "fourth-reading", Name: "四审稿", Position: 45}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.CreateStage(ctx, "admin", drafts.Stage{Code: "fourth-reading", Name: "第四稿", Position: 46}), drafts.ECONFLICT)
		wantCode(t, s.CreateStage(ctx, "admin", drafts.Stage{Code: "x", Name: "一审稿", Position: 46}), drafts.ECONFLICT)
		wantCode(t, s.CreateStage(ctx, "admin", drafts.Stage{Code: "Bad Code", Name: "坏", Position: 1}), drafts.EINVALID)
		r := newRegulation(t, s, "某条例")
		v := newVersion(t, s, r.ID, "fourth-reading", "甲。")
		if err := s.UpdateStage(ctx, "admin", "fourth-reading", "第四次审议稿", 5); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Version(ctx, v.ID); got.StageName != "第四次审议稿" {
			t.Errorf("renamed stage shows as %q", got.StageName)
		}
		stages, _ := s.Stages(ctx)
		if stages[0].Code != "fourth-reading" {
			t.Errorf("moved stage not first: %+v", stages[0])
		}
		wantCode(t, s.DeleteStage(ctx, "admin", "fourth-reading"), drafts.ECONFLICT)
		wantCode(t, s.DeleteStage(ctx, "admin", "nothing"), drafts.ENOTFOUND)
		if err := s.DeleteStage(ctx, "admin", "third-reading"); err != nil {
			t.Fatal(err)
		}
		if after, _ := s.Stages(ctx); len(after) != len(stages)-1 {
			t.Errorf("%d stages after delete, want %d", len(after), len(stages)-1)
		}
		entries, _, _ := s.AuditEntries(ctx, store.AuditFilter{Entity: "stage"})
		if len(entries) != 3 || entries[0].Action != "stage.delete" {
			t.Errorf("audit: %+v", entries)
		}
	})
}

// TestStore_PendingUpload keeps an upload for its uploader only.
func TestStore_PendingUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRegulation(t, s, "某条例")
		p := &store.PendingUpload{Token: "abc", RegulationID: r.ID, Actor: "李四", Stage: "draft", Filename: "a.txt", Data: []byte("第一条　甲。")}
		if err := s.SavePendingUpload(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := s.PendingUpload(ctx, "abc", "李四", r.ID)
		if err != nil || string(got.Data) != "第一条　甲。" || got.Stage != "draft" {
			t.Fatalf("pending: %+v %v", got, err)
		}
		_, err = s.PendingUpload(ctx, "abc", "王五", r.ID)
		wantCode(t, err, drafts.ENOTFOUND)
		if err := s.DeletePendingUpload(ctx, "abc"); err != nil {
			t.Fatal(err)
		}
		_, err = s.PendingUpload(ctx, "abc", "李四", r.ID)
		wantCode(t, err, drafts.ENOTFOUND)
	})
}

// TestStore_UpdateConsultation writes the change and its audit entry, and
// ConsultationsOfRegulation finds the open ones.
func TestStore_UpdateConsultation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRegulation(t, s, "某条例")
		v := newVersion(t, s, r.ID, "draft", "甲。")
		now := time.Now().UTC().Truncate(time.Second)
		c := &drafts.Consultation{VersionID: v.ID, Title: "征求意见", Audience: drafts.AudiencePublic,
			OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(24 * time.Hour)}
		if err := s.CreateConsultation(ctx, "张三", c); err != nil {
			t.Fatal(err)
		}
		if open, _ := s.ConsultationsOfRegulation(ctx, r.ID, now); len(open) != 1 {
			t.Fatalf("open: %d", len(open))
		}
		got, err := s.UpdateConsultation(ctx, "张三", c.ID, store.ConsultationUpdate{Action: "consultation.close",
			Title: c.Title, ClosesAt: now, Reason: "草案撤回"})
		if err != nil || !got.ClosesAt.Equal(now) {
			t.Fatalf("update: %+v %v", got, err)
		}
		if open, _ := s.ConsultationsOfRegulation(ctx, r.ID, now); len(open) != 0 {
			t.Errorf("still open: %d", len(open))
		}
		if all, _ := s.ConsultationsOfRegulation(ctx, r.ID, time.Time{}); len(all) != 1 {
			t.Errorf("all: %d", len(all))
		}
		entries, _, _ := s.AuditEntries(ctx, store.AuditFilter{Entity: "consultation", EntityID: c.ID})
		if len(entries) != 2 || entries[0].Action != "consultation.close" || !strings.Contains(entries[0].Detail, "草案撤回") {
			t.Errorf("audit: %+v", entries)
		}
		_, err = s.UpdateConsultation(ctx, "张三", 999, store.ConsultationUpdate{Action: "consultation.update"})
		wantCode(t, err, drafts.ENOTFOUND)
	})
}
