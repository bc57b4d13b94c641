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

func TestStore_Reports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v1 := opVersion(t, s)
		v2, err := s.CreateVersion(ctx, "staff", drafts.NewVersion{RegulationID: v1.RegulationID, Stage: "first-reading",
			Document: &drafts.Document{Title: "广州市湿地保护规定", Articles: []*drafts.Article{{Num: 1, Label: "第1条", Text: "新。"}}},
			Filename: "b.txt", Data: []byte("y")})
		if err != nil {
			t.Fatal(err)
		}
		other := newRegulation(t, s, "广州市停车场条例")
		ov := newVersion(t, s, other.ID, "draft", "第一条。")

		r := &drafts.Report{RegulationID: v1.RegulationID, FromVersionID: v1.ID, ToVersionID: v2.ID,
			Kind: drafts.ReportChanges, Title: "关于修改情况的汇报"}
		for name, c := range map[string]struct {
			r    drafts.Report
			body string
			code string
		}{
			"kind":      {drafts.Report{RegulationID: r.RegulationID, FromVersionID: v1.ID, ToVersionID: v2.ID, Kind: "x", Title: "t"}, "{}", drafts.EINVALID},
			"title":     {drafts.Report{RegulationID: r.RegulationID, FromVersionID: v1.ID, ToVersionID: v2.ID, Kind: drafts.ReportResult, Title: " "}, "{}", drafts.EINVALID},
			"empty":     {drafts.Report{RegulationID: r.RegulationID, FromVersionID: v1.ID, ToVersionID: v2.ID, Kind: drafts.ReportResult, Title: "t"}, "", drafts.EINVALID},
			"same":      {drafts.Report{RegulationID: r.RegulationID, FromVersionID: v1.ID, ToVersionID: v1.ID, Kind: drafts.ReportResult, Title: "t"}, "{}", drafts.EINVALID},
			"foreign":   {drafts.Report{RegulationID: r.RegulationID, FromVersionID: v1.ID, ToVersionID: ov.ID, Kind: drafts.ReportResult, Title: "t"}, "{}", drafts.EINVALID},
			"version":   {drafts.Report{RegulationID: r.RegulationID, FromVersionID: v1.ID, ToVersionID: 9999, Kind: drafts.ReportResult, Title: "t"}, "{}", drafts.ENOTFOUND},
			"regulaton": {drafts.Report{RegulationID: 9999, FromVersionID: v1.ID, ToVersionID: v2.ID, Kind: drafts.ReportResult, Title: "t"}, "{}", drafts.ENOTFOUND},
		} {
			if err := s.CreateReport(ctx, "staff", &c.r, []byte(c.body), ""); code(err) != c.code {
				t.Errorf("%s: CreateReport = %v, want %s", name, err, c.code)
			}
		}
		if err := s.CreateReport(ctx, "张三", r, []byte(`{"v":1}`), "起草"); err != nil {
			t.Fatal(err)
		}
		if r.ID == 0 || r.Revisions != 1 || r.CreatedBy != "张三" || r.FinalSeq != 0 {
			t.Fatalf("created %+v", r)
		}
		if err := s.CreateReport(ctx, "staff", &drafts.Report{RegulationID: r.RegulationID, FromVersionID: v1.ID,
			ToVersionID: v2.ID, Kind: drafts.ReportResult, Title: "t"}, []byte("{}"), ""); code(err) != drafts.ECONFLICT {
			t.Errorf("second report on the same readings: %v", err)
		}

		got, err := s.SaveReportRevision(ctx, "李四", r.ID, 1, "关于修改情况的汇报（二）", []byte(`{"v":2}`), "编辑")
		if err != nil || got.Revisions != 2 || got.UpdatedBy != "李四" || got.Title != "关于修改情况的汇报（二）" {
			t.Fatalf("SaveReportRevision = %+v, %v", got, err)
		}
		if _, err := s.SaveReportRevision(ctx, "王五", r.ID, 1, "t", []byte(`{"v":3}`), ""); code(err) != drafts.ECONFLICT {
			t.Errorf("save on a stale revision: %v", err)
		}
		if _, err := s.SaveReportRevision(ctx, "王五", 9999, 1, "t", []byte(`{}`), ""); code(err) != drafts.ENOTFOUND {
			t.Errorf("save unknown report: %v", err)
		}
		revs, err := s.ReportRevisions(ctx, r.ID)
		if err != nil || len(revs) != 2 || revs[0].Seq != 2 || revs[0].SavedBy != "李四" || revs[1].Note != "起草" || revs[0].Content != nil {
			t.Fatalf("ReportRevisions = %+v, %v", revs, err)
		}
		for seq, want := range map[int]string{0: `{"v":2}`, 1: `{"v":1}`, 2: `{"v":2}`} {
			rv, err := s.ReportRevision(ctx, r.ID, seq)
			if err != nil || string(rv.Content) != want {
				t.Errorf("ReportRevision(%d) = %+v, %v", seq, rv, err)
			}
		}
		if _, err := s.ReportRevision(ctx, r.ID, 3); code(err) != drafts.ENOTFOUND {
			t.Errorf("missing revision: %v", err)
		}

		if _, err := s.ReportRevision(ctx, r.ID, 1<<40); code(err) != drafts.ENOTFOUND {
			t.Errorf("a revision past int4: %v", err)
		}
		if _, err := s.MarkReportFinal(ctx, "王五", r.ID, 1<<40); code(err) != drafts.ENOTFOUND {
			t.Errorf("final of a revision past int4: %v", err)
		}
		if _, err := s.MarkReportFinal(ctx, "王五", r.ID, 3); code(err) != drafts.ENOTFOUND {
			t.Errorf("final of a missing revision: %v", err)
		}
		fin, err := s.MarkReportFinal(ctx, "王五", r.ID, 1)
		if err != nil || fin.FinalSeq != 1 || fin.FinalBy != "王五" || fin.FinalAt == nil {
			t.Fatalf("MarkReportFinal = %+v, %v", fin, err)
		}
		if _, err := s.MarkReportFinal(ctx, "王五", r.ID, 2); err != nil {
			t.Fatalf("MarkReportFinal(2): %v", err)
		}
		if again, err := s.Report(ctx, r.ID); err != nil || again.FinalSeq != 2 || again.Revisions != 2 || again.FinalAt == nil {
			t.Errorf("Report = %+v, %v", again, err)
		}
		if list, err := s.Reports(ctx, r.RegulationID); err != nil || len(list) != 1 || list[0].ID != r.ID {
			t.Errorf("Reports = %+v, %v", list, err)
		}
		if list, _ := s.Reports(ctx, other.ID); len(list) != 0 {
			t.Errorf("reports of another regulation: %+v", list)
		}
		log, _ := s.AuditLog(ctx, 0)
		who := map[string]string{}
		for _, e := range log {
			if e.Entity == "report" && e.EntityID == r.ID {
				who[e.Action] += e.Actor + ";"
			}
		}
		if who["report.create"] != "张三;" || who["report.save"] != "李四;" || who["report.final"] != "王五;王五;" {
			t.Errorf("audit log of the report: %v", who)
		}
	})
}

func TestStore_FeedbackAndRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v := opVersion(t, s)
		now := time.Now().UTC()
		cp := &drafts.ContactPoint{Name: "海珠区联系点"}
		cp2 := &drafts.ContactPoint{Name: "白云区联系点"}
		for _, c := range []*drafts.ContactPoint{cp, cp2} {
			if err := s.CreateContactPoint(ctx, "admin", c); err != nil {
				t.Fatal(err)
			}
		}
		c := &drafts.Consultation{VersionID: v.ID, Audience: drafts.AudienceContactPoints, OpensAt: now.Add(-time.Hour),
			ClosesAt: now.Add(time.Hour), ContactPointIDs: []int64{cp.ID}}
		if err := s.CreateConsultation(ctx, "staff", c); err != nil {
			t.Fatal(err)
		}
		m := &drafts.Meeting{ContactPointID: cp.ID, ConsultationID: c.ID, Date: "2026-03-01", Place: "街道会议室", Participants: 12}
		var ops []*drafts.Opinion
		for i := range 3 {
			ops = append(ops, &drafts.Opinion{VersionID: v.ID, ConsultationID: c.ID, Article: i + 1, Text: fmt.Sprintf("意见%d", i),
				Source: drafts.SourceContactPoint, ContactPointID: cp.ID})
		}
		if err := s.CreateOpinions(ctx, "liaison", m, ops); err != nil {
			t.Fatal(err)
		}
		// A second version's meeting is not part of the first's record.
		other := opVersion(t, s)
		c2 := &drafts.Consultation{VersionID: other.ID, Audience: drafts.AudiencePublic, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}
		if err := s.CreateConsultation(ctx, "staff", c2); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateOpinions(ctx, "liaison", &drafts.Meeting{ContactPointID: cp2.ID, ConsultationID: c2.ID, Date: "2026-03-02",
			Place: "别处", Participants: 3}, []*drafts.Opinion{{VersionID: other.ID, ConsultationID: c2.ID, Article: 1, Text: "别的",
			Source: drafts.SourceContactPoint, ContactPointID: cp2.ID}}); err != nil {
			t.Fatal(err)
		}
		s.AnswerOpinions(ctx, "staff", []int64{ops[0].ID}, drafts.Answer{Disposition: drafts.DispositionAdopted, Reason: "采纳。"})
		s.AnswerOpinions(ctx, "staff", []int64{ops[1].ID}, drafts.Answer{Disposition: drafts.DispositionPartly, Reason: "部分。"})
		s.ModerateOpinions(ctx, "staff", []int64{ops[2].ID}, drafts.StatusHidden, "重复")

		rec, err := s.ReadingRecord(ctx, v.ID)
		if err != nil || len(rec.Consultations) != 1 || len(rec.Opinions) != 3 || len(rec.Meetings) != 1 ||
			rec.Meetings[0].Participants != 12 || len(rec.ContactPoints) != 2 || rec.Opinions[0].ID != ops[0].ID {
			t.Fatalf("ReadingRecord = %+v, %v", rec, err)
		}

		if _, err := s.PublishFeedback(ctx, "staff", &drafts.FeedbackPublication{ConsultationID: c.ID, ContactPointID: cp.ID,
			ToVersionID: other.ID}); code(err) != drafts.EINVALID {
			t.Errorf("publish with a reading of another regulation: %v", err)
		}
		for _, bad := range []drafts.FeedbackPublication{{ConsultationID: 999}, {ConsultationID: c.ID, ContactPointID: 999},
			{ConsultationID: c.ID, ToVersionID: 999}} {
			if _, err := s.PublishFeedback(ctx, "staff", &bad); code(err) != drafts.ENOTFOUND {
				t.Errorf("publish %+v: %v", bad, err)
			}
		}
		p := &drafts.FeedbackPublication{ConsultationID: c.ID, ContactPointID: cp.ID, ToVersionID: v.ID}
		if created, err := s.PublishFeedback(ctx, "赵六", p); err != nil || !created || p.PublishedBy != "赵六" {
			t.Fatalf("PublishFeedback = %v, %+v, %v", created, p, err)
		}
		again := &drafts.FeedbackPublication{ConsultationID: c.ID, ContactPointID: cp.ID}
		if created, err := s.PublishFeedback(ctx, "钱七", again); err != nil || created || again.PublishedBy != "赵六" || again.ToVersionID != v.ID {
			t.Errorf("publish twice = %v, %+v, %v", created, again, err)
		}
		if _, err := s.PublishFeedback(ctx, "staff", &drafts.FeedbackPublication{ConsultationID: c.ID}); err != nil {
			t.Fatal(err)
		}
		if list, err := s.FeedbackPublications(ctx, store.FeedbackFilter{ContactPointID: cp.ID}); err != nil || len(list) != 1 {
			t.Errorf("publications of the contact point = %+v, %v", list, err)
		}
		if list, err := s.FeedbackPublications(ctx, store.FeedbackFilter{ConsultationID: c.ID}); err != nil || len(list) != 2 {
			t.Errorf("publications of the consultation = %+v, %v", list, err)
		}
	})
}
