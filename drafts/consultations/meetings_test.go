package consultations_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/parse"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestService_SubmitMeetingProblems checks that a meeting with problems is
// refused whole, every problem named by where it is (the field, "第 4
// 行" of the form, "文件第 3 行" of a file), and that nothing is stored.
func TestService_SubmitMeetingProblems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		in := consultations.Meeting{ConsultationID: f.points.ID, Date: "2026/12/01", Place: "白云区会议室", Participants: 0,
			Rows: []consultations.MeetingRow{
				{Row: 1, Article: "第二条", Text: "建议明确修复责任。", Name: "李四"},
				{Row: 2, Article: "第三条"},
				{Row: 3},
				{Row: 4, Article: "第九十条", Text: "条文不存在。"},
				{Row: 5, Article: "附件", Text: "看不懂条文。"},
				{Row: 6, Text: "总体赞成。"},
			},
			Opinions:     []consultations.MeetingOpinion{{Article: 1, Text: "文件里的意见。", Line: 2}},
			FileProblems: []parse.BatchProblem{{Line: 3, Message: "意见内容为空。"}},
		}
		_, _, err := f.svc.SubmitMeeting(ctx, f.liaison, in)
		p := consultations.ProblemsOf(err)
		if code(err) != drafts.EINVALID || p == nil {
			t.Fatalf("SubmitMeeting = %v", err)
		}
		if p.Field("date") == "" || p.Field("participants") == "" || p.Field("place") != "" {
			t.Errorf("field problems %v", p.Fields)
		}
		var where []string
		for _, r := range p.Rows {
			where = append(where, r.Label())
		}
		if got := strings.Join(where, ","); got != "第 2 行,第 4 行,第 5 行,文件第 3 行" {
			t.Errorf("rows with problems: %s", got)
		}
		if !strings.Contains(p.Row(4), "没有第九十条") || !strings.Contains(p.Row(2), "意见内容") || !strings.Contains(p.Row(5), "附件") ||
			p.Row(1) != "" || p.Row(3) != "" {
			t.Errorf("row 2 %q, 4 %q, 5 %q", p.Row(2), p.Row(4), p.Row(5))
		}
		msg := drafts.ErrorMessage(err)
		if !strings.Contains(msg, "第 4 行：该版本没有第九十条") || strings.Contains(msg, "条意见") {
			t.Errorf("message %q", msg)
		}
		if n, _, _ := st.OpinionCount(ctx, f.versions[0].ID); n != 0 {
			t.Errorf("%d opinions stored from a refused meeting", n)
		}
		// Put right: the rows and the file's good line are stored, the
		// blank row is skipped.
		in.Date, in.Participants, in.FileProblems = "2026-12-01", 12, nil
		in.Rows[1].Text, in.Rows[3].Article, in.Rows[4].Article = "建议写明期限。", "第三条", "整体"
		m, ops, err := f.svc.SubmitMeeting(ctx, f.liaison, in)
		if err != nil || m.ID == 0 || len(ops) != 6 {
			t.Fatalf("put right: %v, %d opinions", err, len(ops))
		}
	})
}

// TestService_Dashboard checks what a liaison's dashboard proposes and
// names: the consultation addressed to its contact point preselected (or
// the one a notice asked for), every opinion and meeting with its
// regulation and reading, opinions newest first in pages.
func TestService_Dashboard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		d, err := f.svc.Dashboard(ctx, f.liaison, consultations.DashboardQuery{})
		if err != nil || d.Selected != f.points.ID {
			t.Fatalf("selected %d, want the consultation addressed to the contact point %d (%v)", d.Selected, f.points.ID, err)
		}
		// A public consultation takes no meeting from the dashboard (its
		// page takes a liaison's opinions like anyone's).
		if d, _ := f.svc.Dashboard(ctx, f.liaison, consultations.DashboardQuery{Consultation: f.public.ID}); d.Selected != f.points.ID || d.Offers(f.public.ID) || !d.Offers(f.points.ID) {
			t.Errorf("asked for the public consultation, selected %d", d.Selected)
		}
		if d, _ := f.svc.Dashboard(ctx, f.liaison, consultations.DashboardQuery{Consultation: 999}); d.Selected != f.points.ID {
			t.Errorf("asked for an unknown consultation, selected %d", d.Selected)
		}
		if d, _ := f.svc.Dashboard(ctx, f.stranger, consultations.DashboardQuery{}); d.Selected != 0 || len(d.Meetable) != 0 {
			t.Errorf("the other contact point is asked by the public consultation only: no meeting to propose; selected %d", d.Selected)
		}
		var rows []consultations.MeetingRow
		for i := 1; i <= 5; i++ {
			rows = append(rows, consultations.MeetingRow{Row: i, Article: "第一条", Text: "意见" + strings.Repeat("好", i)})
		}
		if _, _, err := f.svc.SubmitMeeting(ctx, f.liaison, consultations.Meeting{ConsultationID: f.points.ID, Date: "2026-12-01",
			Place: "白云区会议室", Participants: 9, Rows: rows}); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(time.Minute)
		d, err = f.svc.Dashboard(ctx, f.liaison, consultations.DashboardQuery{Page: 2, PageSize: 2})
		if err != nil {
			t.Fatal(err)
		}
		if d.OpinionTotal != 5 || len(d.Opinions) != 2 || d.Opinions[0].Text != "意见好好好" ||
			d.Opinions[0].Reading.RegulationTitle != "湿地条例" || d.Opinions[0].Reading.StageName != "征求意见稿" {
			t.Errorf("page 2 of opinions: total %d, %+v", d.OpinionTotal, d.Opinions)
		}
		if len(d.Meetings) != 1 || d.Meetings[0].Opinions != 5 || d.Meetings[0].Reading.RegulationTitle != "湿地条例" {
			t.Errorf("meetings %+v", d.Meetings)
		}
	})
}

// TestTakesMeetings holds the drifted case of issue 11: the dashboard
// offered the meeting form only for a consultation addressed to contact
// points, while SubmitMeeting filed a meeting under a public one. One
// rule now: the dashboard offers, and SubmitMeeting takes, exactly the
// consultations that TakesMeetings says.
func TestTakesMeetings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		if consultations.TakesMeetings(f.public) || !consultations.TakesMeetings(f.points) {
			t.Fatalf("TakesMeetings: public %v, contact points %v", consultations.TakesMeetings(f.public), consultations.TakesMeetings(f.points))
		}
		d, err := f.svc.Dashboard(ctx, f.liaison, consultations.DashboardQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range d.Consultations {
			if d.Offers(o.ID) != consultations.TakesMeetings(o.Consultation) {
				t.Errorf("the dashboard offers %d: %v", o.ID, d.Offers(o.ID))
			}
		}
		in := consultations.Meeting{ConsultationID: f.public.ID, Date: "2026-12-01", Place: "白云区会议室", Participants: 9,
			Opinions: []consultations.MeetingOpinion{{Article: 1, Text: "总体赞成。"}}}
		if _, _, err := f.svc.SubmitMeeting(ctx, f.liaison, in); code(err) != drafts.EINVALID ||
			!strings.Contains(drafts.ErrorMessage(err), "不收座谈会意见") {
			t.Errorf("a meeting filed to the public consultation: %v", err)
		}
		if n, _, _ := st.OpinionCount(ctx, f.versions[0].ID); n != 0 {
			t.Errorf("%d opinions stored from a refused meeting", n)
		}
		in.ConsultationID = f.points.ID
		if _, _, err := f.svc.SubmitMeeting(ctx, f.liaison, in); err != nil {
			t.Errorf("a meeting filed to the consultation addressed to contact points: %v", err)
		}
	})
}
