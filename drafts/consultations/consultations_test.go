package consultations_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/readings"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

var texts = []string{
	"# 湿地条例\n第一条　为了保护湿地，制定本条例。\n第二条　湿地保护应当遵循保护优先、科学修复、合理利用的原则，任何单位和个人不得破坏湿地。\n第三条　本条例自公布之日起施行。\n",
	"# 湿地条例\n第一条　为了保护湿地，制定本条例。\n第二条　本条例适用于本市行政区域内的湿地保护。\n第三条　湿地保护应当遵循保护优先、科学修复、合理利用、持续发展的原则，任何单位和个人不得破坏湿地。\n第四条　本条例自公布之日起施行。\n",
}

func code(err error) string { return drafts.ErrorCode(err) }

// fixture is a regulation with two readings on a store, a contact point
// with a liaison and one of another contact point, a member, a staff
// member, and on the first reading a public consultation and one for the
// first contact point only, both open at now.
type fixture struct {
	st                       *store.Store
	svc                      *consultations.Service
	now                      time.Time
	versions                 []*drafts.Version
	public, points           *drafts.Consultation
	liaison, stranger        *drafts.Account
	member, staff            *drafts.Account
	contactPoint, otherPoint *drafts.ContactPoint
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{st: st, now: time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)}
	rd := readings.New(st)
	f.svc = consultations.New(st, rd, consultations.Config{Now: func() time.Time { return f.now }})
	t.Cleanup(func() {
		if err := f.svc.Close(); err != nil {
			t.Error(err)
		}
	})
	r, err := rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: "湿地条例", Kind: "制定"})
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range texts {
		v, err := rd.ImportUpload(ctx, "staff", r.ID, readings.Upload{Stage: []string{"征求意见稿", "一审稿"}[i], Filename: "a.md", Data: []byte(text)})
		if err != nil {
			t.Fatal(err)
		}
		f.versions = append(f.versions, v)
	}
	f.contactPoint, f.otherPoint = &drafts.ContactPoint{Name: "白云区联系点"}, &drafts.ContactPoint{Name: "海珠区联系点"}
	for _, cp := range []*drafts.ContactPoint{f.contactPoint, f.otherPoint} {
		if err := st.CreateContactPoint(ctx, "admin", cp); err != nil {
			t.Fatal(err)
		}
	}
	account := func(name string, role drafts.Role, cp int64) *drafts.Account {
		a := &drafts.Account{Name: name, DisplayName: name, Role: role, ContactPointID: cp, PasswordHash: "x"}
		if err := st.CreateAccount(ctx, "admin", a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	f.liaison = account("liaison", drafts.RoleLiaison, f.contactPoint.ID)
	f.stranger = account("stranger", drafts.RoleLiaison, f.otherPoint.ID)
	f.member = account("member", drafts.RoleMember, 0)
	f.staff = account("staff", drafts.RoleStaff, 0)
	open := func(aud drafts.Audience, cps []int64, days int) *drafts.Consultation {
		c, err := f.svc.Open(ctx, "staff", consultations.NewConsultation{VersionID: f.versions[0].ID, Audience: aud,
			ContactPointIDs: cps, OpensAt: f.now.Add(-time.Hour), ClosesAt: f.now.Add(time.Duration(days) * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	f.public = open(drafts.AudiencePublic, nil, 30)
	f.points = open(drafts.AudienceContactPoints, []int64{f.contactPoint.ID}, 10)
	return f
}

func (f *fixture) submit(t *testing.T, a *drafts.Account, in consultations.Submission) (*drafts.Opinion, error) {
	t.Helper()
	return f.svc.Submit(context.Background(), a, in)
}

// TestService_Submit holds the drifted case of issue 11: an anonymous
// opinion sent to the consultation for contact points only was filed under
// the version's public consultation. Now it is refused, and every way of
// sending an opinion shares the rule.
func TestService_Submit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		text := consultations.OpinionInput{Article: 2, Text: "建议增加湿地修复的资金保障。", Name: "张三", Contact: "13800000000"}

		// The public, to the consultation for contact points only: for
		// them it does not exist.
		if _, err := f.submit(t, nil, consultations.Submission{ConsultationID: f.points.ID, Opinion: text}); code(err) != drafts.ENOTFOUND ||
			!errors.Is(err, consultations.ErrHidden) {
			t.Fatalf("anonymous opinion to a contact points' consultation: %v, want ENOTFOUND", err)
		}
		// The public, to the version: the public consultation, pending.
		op, err := f.submit(t, nil, consultations.Submission{VersionID: f.versions[0].ID, Opinion: text, ClientIP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		if op.ID == 0 || op.ConsultationID != f.public.ID || op.Status != drafts.StatusPending || op.Source != drafts.SourcePublic ||
			!strings.HasPrefix(op.Receipt, "YJ-") {
			t.Errorf("public opinion: %+v", op)
		}
		// The addressed liaison, to the contact points' consultation:
		// published at once, under the contact point.
		op, err = f.submit(t, f.liaison, consultations.Submission{ConsultationID: f.points.ID, Opinion: text})
		if err != nil || op.ConsultationID != f.points.ID || op.Status != drafts.StatusPublished ||
			op.ContactPointID != f.contactPoint.ID || op.AccountID != f.liaison.ID {
			t.Errorf("liaison's opinion: %+v, %v", op, err)
		}
		// On the version the liaison is asked by the consultation closing soonest.
		if op, err = f.submit(t, f.liaison, consultations.Submission{VersionID: f.versions[0].ID, Opinion: text}); err != nil || op.ConsultationID != f.points.ID {
			t.Errorf("liaison on the version: %+v, %v", op, err)
		}
		for _, tc := range []struct {
			name string
			a    *drafts.Account
			in   consultations.Submission
			want string
		}{
			{"another contact point", f.stranger, consultations.Submission{ConsultationID: f.points.ID, Opinion: text}, drafts.ENOTFOUND},
			{"member to contact points", f.member, consultations.Submission{ConsultationID: f.points.ID, Opinion: text}, drafts.ENOTFOUND},
			{"honeypot", nil, consultations.Submission{VersionID: f.versions[0].ID, Opinion: consultations.OpinionInput{Text: "x", Website: "http://spam"}}, drafts.EINVALID},
			{"empty", nil, consultations.Submission{VersionID: f.versions[0].ID}, drafts.EINVALID},
			{"no such article", nil, consultations.Submission{VersionID: f.versions[0].ID, Opinion: consultations.OpinionInput{Article: 40, Text: "x"}}, drafts.EINVALID},
			{"quote not in the article", nil, consultations.Submission{VersionID: f.versions[0].ID, Opinion: consultations.OpinionInput{Article: 1, Quote: "停车", Text: "x"}}, drafts.EINVALID},
			{"too long", nil, consultations.Submission{VersionID: f.versions[0].ID, Opinion: consultations.OpinionInput{Text: strings.Repeat("长", drafts.MaxOpinionText+1)}}, drafts.ETOOLARGE},
			{"version without consultation", nil, consultations.Submission{VersionID: f.versions[1].ID, Opinion: text}, drafts.ECLOSED},
			{"unknown version", nil, consultations.Submission{VersionID: 9999, Opinion: text}, drafts.ENOTFOUND},
			{"unknown consultation", nil, consultations.Submission{ConsultationID: 9999, Opinion: text}, drafts.ENOTFOUND},
		} {
			if _, err := f.submit(t, tc.a, tc.in); code(err) != tc.want {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
			}
		}
		// After the period.
		f.now = f.now.Add(31 * 24 * time.Hour)
		if _, err := f.submit(t, nil, consultations.Submission{ConsultationID: f.public.ID, Opinion: text}); code(err) != drafts.ECLOSED {
			t.Errorf("after the period: %v", err)
		}
		if st := f.svc.WriterStats(); st.Opinions != 3 {
			t.Errorf("writer stats %+v, want 3 opinions", st)
		}
		if err := f.svc.Close(); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(-31 * 24 * time.Hour)
		if _, err := f.submit(t, nil, consultations.Submission{VersionID: f.versions[0].ID, Opinion: text}); err == nil {
			t.Error("submitted after Close")
		}
	})
}

func TestService_SubmitMeeting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		rows, problems, err := consultations.ReadBatch("座谈会.csv", []byte("条文,意见,姓名\n第二条,建议明确修复责任。,李四\n第九十条,x,\n整体,总体赞成。,\n"))
		if err != nil || len(rows) != 3 || len(problems) != 0 {
			t.Fatalf("ReadBatch = %v, %v, %v", rows, problems, err)
		}
		in := consultations.Meeting{ConsultationID: f.points.ID, Date: "2026-12-01", Place: "白云区会议室", Participants: 12, Opinions: rows}
		if _, _, err := f.svc.SubmitMeeting(ctx, f.liaison, in); code(err) != drafts.EINVALID || !strings.Contains(drafts.ErrorMessage(err), "文件第 3 行") {
			t.Errorf("an opinion on a missing article: %v", err)
		}
		in.Opinions = append(rows[:1], rows[2])
		for _, tc := range []struct {
			name string
			a    *drafts.Account
			want string
		}{
			{"other contact point", f.stranger, drafts.EFORBIDDEN},
			{"member", f.member, drafts.EFORBIDDEN},
			{"the public", nil, drafts.EFORBIDDEN},
		} {
			if _, _, err := f.svc.SubmitMeeting(ctx, tc.a, in); code(err) != tc.want {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
			}
		}
		m, ops, err := f.svc.SubmitMeeting(ctx, f.liaison, in)
		if err != nil {
			t.Fatal(err)
		}
		if m.ID == 0 || len(ops) != 2 || ops[0].MeetingID != m.ID || ops[1].Article != 0 || ops[0].Status != drafts.StatusPublished {
			t.Errorf("meeting %+v with %+v", m, ops)
		}
		stats, _ := st.OpinionStats(ctx, f.versions[0].ID)
		if stats.People != 12 || stats.Opinions != 2 {
			t.Errorf("stats after the meeting: %+v", stats)
		}
		if _, _, err := f.svc.SubmitMeeting(ctx, f.liaison, consultations.Meeting{ConsultationID: f.points.ID, Date: "2026-12-01",
			Place: "x", Participants: 1}); code(err) != drafts.EINVALID {
			t.Errorf("no opinions: %v", err)
		}
	})
}

// answered submits two identical public opinions and a different one on
// the first reading and returns them.
func answered(t *testing.T, f *fixture) []*drafts.Opinion {
	t.Helper()
	var ops []*drafts.Opinion
	for _, text := range []string{"建议删除第二条中的“合理利用”。", "建议删除第二条中的“合理利用”！", "第三条的施行日期应当推迟。"} {
		art := 2
		if strings.Contains(text, "第三条") {
			art = 3
		}
		op, err := f.submit(t, nil, consultations.Submission{VersionID: f.versions[0].ID, Opinion: consultations.OpinionInput{Article: art, Text: text}})
		if err != nil {
			t.Fatal(err)
		}
		ops = append(ops, op)
	}
	return ops
}

func TestService_AnswerAndSummary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		ops := answered(t, f)
		groups, err := f.svc.Regroup(ctx, f.versions[0].ID)
		if err != nil || len(groups) != 1 || groups[0].Representative != ops[0].ID || len(groups[0].Members) != 2 {
			t.Fatalf("Regroup = %+v, %v", groups, err)
		}
		if _, err := f.svc.Answer(ctx, "staff", consultations.AnswerInput{Group: ops[0].ID, Disposition: drafts.DispositionAdopted}); code(err) != drafts.EINVALID {
			t.Errorf("answer without a reason: %v", err)
		}
		n, err := f.svc.Answer(ctx, "staff", consultations.AnswerInput{Group: ops[0].ID, Disposition: drafts.DispositionAdopted, Reason: "已删除。"})
		if err != nil || n != 2 {
			t.Fatalf("answer the group: %d, %v", n, err)
		}
		if n, err := f.svc.Moderate(ctx, "staff", []int64{ops[2].ID}, drafts.StatusHidden, "与条文无关"); err != nil || n != 1 {
			t.Fatalf("Moderate = %d, %v", n, err)
		}
		sm, err := f.svc.Summary(ctx, f.versions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if sm.Version.Document != nil || sm.Regulation.Title != "湿地条例" || len(sm.Rows) != 1 || sm.Rows[0].Label != "第二条" ||
			sm.Rows[0].Total != 2 || len(sm.Rows[0].Representatives) != 1 || sm.Stats.Opinions != 2 {
			t.Fatalf("summary %+v, rows %+v", sm, sm.Rows)
		}
		b, err := sm.CSV()
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
		if err != nil || len(recs) != 7 || recs[0][0] != "《湿地条例》征求意见稿意见汇总" || !strings.HasPrefix(recs[1][0], "征求意见：") ||
			!strings.HasPrefix(recs[2][0], "征求意见：") ||
			recs[3][0] != "截至"+drafts.FormatDate(sm.At)+"，共收到2人次提出的2条意见（不含已屏蔽的意见）。" || recs[4][0] != "" || recs[5][0] != "条文" ||
			recs[6][0] != "第二条" || recs[6][1] != "2" || recs[6][len(recs[6])-1] != ops[0].Text {
			t.Errorf("CSV = %q, %v", recs, err)
		}
		if name := sm.FileName("csv"); name != "湿地条例-征求意见稿-意见汇总-"+sm.At.In(drafts.ChinaTime).Format("2006-01-02")+".csv" {
			t.Errorf("FileName = %q", name)
		}
		for format, ctype := range map[string]string{"csv": "text/csv; charset=utf-8", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"} {
			e, err := sm.Export(format)
			if err != nil || e.Name != sm.FileName(format) || e.Fallback != fmt.Sprintf("opinions-%d.%s", f.versions[0].ID, format) ||
				e.ContentType != ctype || len(e.Data) == 0 {
				t.Errorf("Export(%s) = %q %q %q, %v", format, e.Name, e.Fallback, e.ContentType, err)
			}
		}
		if _, err := sm.Export("pdf"); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("Export(pdf) = %v", err)
		}
		doc := sm.Docx()
		zr, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, zf := range zr.File {
			if zf.Name == "word/document.xml" {
				rc, _ := zf.Open()
				var body bytes.Buffer
				body.ReadFrom(rc)
				rc.Close()
				found = strings.Contains(body.String(), "已删除。") && strings.Contains(body.String(), "《湿地条例》征求意见稿意见汇总") &&
					strings.Contains(body.String(), "征求意见：") && strings.Contains(body.String(), "截至")
			}
		}
		if !found {
			t.Error("the Word summary lacks its heading or the answer")
		}
		counts, err := f.svc.ArticleCounts(ctx, f.versions[0].ID)
		if err != nil || len(counts) != 3 || counts[1].Count != 2 || counts[2].Count != 0 || counts[1].Article.Anchor() != "art-2" {
			t.Errorf("ArticleCounts = %+v, %v", counts, err)
		}
		r, err := f.svc.Receipt(ctx, strings.ToLower(ops[2].Receipt), nil)
		if err != nil || r.StatusLabel != "未公开（与条文无关）" || r.Text != ops[2].Text {
			t.Errorf("Receipt = %+v, %v", r, err)
		}
		if r, err := f.svc.Receipt(ctx, ops[0].Receipt, nil); err != nil || r.Disposition != drafts.DispositionAdopted || r.Answer != "已删除。" {
			t.Errorf("answered receipt = %+v, %v", r, err)
		}
		if _, err := f.svc.Receipt(ctx, "YJ-00000-00000", nil); code(err) != drafts.EINVALID {
			t.Errorf("malformed receipt: %v", err)
		}
	})
}

func TestService_Follow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		ops := answered(t, f)
		whole, err := f.submit(t, f.member, consultations.Submission{VersionID: f.versions[0].ID, Opinion: consultations.OpinionInput{Text: "总体赞成。"}})
		if err != nil {
			t.Fatal(err)
		}
		fw, err := f.svc.Follow(ctx, consultations.FollowQuery{From: f.versions[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		if fw.To != f.versions[1].ID || len(fw.Later) != 1 || len(fw.Opinions) != 4 || fw.From.Document != nil {
			t.Fatalf("follow: to %d, %d later, %d opinions", fw.To, len(fw.Later), len(fw.Opinions))
		}
		byID := map[int64]consultations.Followed{}
		for _, o := range fw.Opinions {
			byID[o.OpinionID] = o
		}
		if d := byID[ops[0].ID]; !d.Changed || len(d.New) != 1 || d.New[0].Label != "第三条" || len(d.Diff) == 0 {
			t.Errorf("第二条 → %+v", d)
		}
		if d := byID[ops[2].ID]; d.Changed || d.Kind != "renumbered" || d.New[0].Label != "第四条" {
			t.Errorf("第三条 → %+v", d)
		}
		if d := byID[whole.ID]; d.Kind != "whole" {
			t.Errorf("whole text → %+v", d)
		}
		fw, err = f.svc.Follow(ctx, consultations.FollowQuery{From: f.versions[0].ID, To: f.versions[1].ID, UnchangedOnly: true})
		if err != nil || len(fw.Opinions) != 1 || fw.Opinions[0].OpinionID != ops[2].ID {
			t.Errorf("unchanged only: %+v, %v", fw, err)
		}
		if _, err := f.svc.Follow(ctx, consultations.FollowQuery{From: f.versions[1].ID, To: f.versions[0].ID}); code(err) != drafts.EINVALID {
			t.Errorf("following backwards: %v", err)
		}
		if fw, err := f.svc.Follow(ctx, consultations.FollowQuery{From: f.versions[1].ID}); err != nil || fw.To != 0 || len(fw.Opinions) != 0 {
			t.Errorf("from the latest reading: %+v, %v", fw, err)
		}
	})
}

func TestService_InboxAndDashboards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		ops := answered(t, f)
		mine, err := f.submit(t, f.liaison, consultations.Submission{ConsultationID: f.points.ID, Opinion: consultations.OpinionInput{Text: "联系点意见。"}})
		if err != nil {
			t.Fatal(err)
		}
		in, err := f.svc.Inbox(ctx, consultations.InboxQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Versions) != 1 || in.Version == nil || in.Total != 4 || len(in.Opinions) != 4 || in.GroupSizes[ops[0].ID] != 2 ||
			in.Version.Version.Document != nil || in.Filter.Limit != consultations.InboxPageSize {
			t.Fatalf("inbox: %d versions, total %d, groups %v", len(in.Versions), in.Total, in.GroupSizes)
		}
		in, err = f.svc.Inbox(ctx, consultations.InboxQuery{Filter: drafts.OpinionFilter{Article: 3}, OpinionID: ops[0].ID})
		if err != nil || in.Total != 1 || len(in.Opinions) != 2 || in.Opinions[0].ID != ops[0].ID {
			t.Errorf("inbox for 第三条 with a hit on 第二条: %+v, %v", in.Opinions, err)
		}
		// A page of the inbox: its offset from the page when the filter gives none.
		if in, err := f.svc.Inbox(ctx, consultations.InboxQuery{Filter: drafts.OpinionFilter{Limit: 3}, Page: 2}); err != nil ||
			in.Filter.Offset != 3 || in.Total != 4 || len(in.Opinions) != 1 {
			t.Errorf("page 2 of 3 a page: offset %d, %d of %d, %v", in.Filter.Offset, len(in.Opinions), in.Total, err)
		}
		if l, err := f.svc.Opinions(ctx, drafts.OpinionFilter{VersionID: f.versions[0].ID, Limit: 2}); err != nil || l.Total != 4 || len(l.Opinions) != 2 {
			t.Errorf("Opinions = %+v, %v", l, err)
		}
		if in, err := f.svc.Inbox(ctx, consultations.InboxQuery{VersionID: f.versions[1].ID}); err != nil || in.Version != nil {
			t.Errorf("inbox of a version without consultation: %+v, %v", in, err)
		}

		d, err := f.svc.Dashboard(ctx, f.liaison, consultations.DashboardQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if d.ContactPoint.ID != f.contactPoint.ID || len(d.Consultations) != 2 || d.Consultations[0].ID != f.points.ID ||
			len(d.Opinions) != 1 || d.Opinions[0].ID != mine.ID {
			t.Errorf("liaison's dashboard: %+v", d)
		}
		if d, err := f.svc.Dashboard(ctx, f.stranger, consultations.DashboardQuery{}); err != nil || len(d.Consultations) != 1 || d.Consultations[0].ID != f.public.ID || len(d.Opinions) != 0 {
			t.Errorf("other liaison's dashboard: %+v, %v", d, err)
		}
		if list, err := f.svc.Pending(ctx, f.member); err != nil || len(list) != 1 || list[0].ID != f.public.ID {
			t.Errorf("member's pending consultations: %+v, %v", list, err)
		}
		// The public sees the public consultation's opinions only; staff all.
		o, err := f.svc.Overview(ctx, f.public, nil)
		if err != nil || !o.Open || o.Closed || o.Title != "湿地条例（征求意见稿）征求意见" || !strings.Contains(o.Status, "还有 30 天") || o.Stats.Opinions != 3 {
			t.Errorf("Overview = %+v, %v", o, err)
		}
		// Counts are the consultation's, not the version's: staff see the
		// same 3 (the fourth opinion is the contact points' consultation's).
		if o, err := f.svc.Overview(ctx, f.public, f.staff); err != nil || o.Stats.Opinions != 3 || o.Stats.People != 3 {
			t.Errorf("staff's Overview = %+v, %v", o, err)
		}
		if o, err := f.svc.Overview(ctx, f.points, f.staff); err != nil || o.Stats.Opinions != 1 {
			t.Errorf("staff's Overview of the contact points' consultation = %+v, %v", o, err)
		}
		pub, err := f.svc.OpenToPublic(ctx)
		if err != nil || len(pub) != 1 || pub[0].ID != f.public.ID {
			t.Errorf("OpenToPublic = %+v, %v", pub, err)
		}
		for _, tc := range []struct {
			a    *drafts.Account
			want int64
		}{{nil, f.public.ID}, {f.liaison, f.points.ID}, {f.stranger, f.public.ID}} {
			if c, err := f.svc.ForVisitor(ctx, f.versions[0].ID, tc.a); err != nil || c == nil || c.ID != tc.want {
				t.Errorf("ForVisitor(%v) = %+v, %v", tc.a, c, err)
			}
		}
	})
}

// TestService_Visible holds the audience rule of the hardening work: a
// consultation, its counts and its contact points are shown to its
// audience and to staff only.
func TestService_Visible(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		for _, tc := range []struct {
			name string
			a    *drafts.Account
			c    *drafts.Consultation
			ok   bool
		}{
			{"public, public", nil, f.public, true},
			{"public, contact points", nil, f.points, false},
			{"addressed liaison", f.liaison, f.points, true},
			{"other liaison", f.stranger, f.points, false},
			{"member", f.member, f.points, false},
			{"staff", f.staff, f.points, true},
		} {
			c, err := f.svc.Visible(ctx, tc.c.ID, tc.a)
			if tc.ok != (err == nil) || (!tc.ok && (code(err) != drafts.ENOTFOUND || !errors.Is(err, consultations.ErrHidden))) {
				t.Errorf("%s: %+v, %v", tc.name, c, err)
			}
			if tc.ok && (len(c.ContactPointIDs) > 0) != (tc.a == f.staff && tc.c == f.points) {
				t.Errorf("%s: contact points shown %v", tc.name, c.ContactPointIDs)
			}
		}
		if _, err := f.svc.Visible(ctx, 9999, f.staff); code(err) != drafts.ENOTFOUND || errors.Is(err, consultations.ErrHidden) {
			t.Errorf("unknown consultation: %v", err)
		}
		for _, tc := range []struct {
			a    *drafts.Account
			want int
		}{{nil, 1}, {f.liaison, 2}, {f.stranger, 1}, {f.staff, 2}} {
			if list, err := f.svc.List(ctx, consultations.ListQuery{VersionID: f.versions[0].ID, OpenNow: true}, tc.a); err != nil || len(list) != tc.want {
				t.Errorf("List for %v: %d, %v; want %d", tc.a, len(list), err, tc.want)
			}
		}
		answered(t, f)
		if _, err := f.submit(t, f.liaison, consultations.Submission{ConsultationID: f.points.ID, Opinion: consultations.OpinionInput{Text: "联系点意见。"}}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			a    *drafts.Account
			n    int
			all  bool
			code string
		}{{nil, 3, false, ""}, {f.liaison, 4, true, ""}, {f.staff, 4, true, ""}} {
			st, all, err := f.svc.VersionStats(ctx, f.versions[0].ID, tc.a)
			if st.Opinions != tc.n || all != tc.all || code(err) != tc.code {
				t.Errorf("VersionStats for %v: %+v %v %v", tc.a, st, all, err)
			}
		}
		if list, _ := f.svc.List(ctx, consultations.ListQuery{}, nil); len(list) != 1 {
			t.Errorf("the public's list: %d", len(list))
		}
	})
}

func TestService_PageAndForm(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	ctx := context.Background()
	ops := answered(t, f)
	if _, err := f.svc.Answer(ctx, "staff", consultations.AnswerInput{IDs: []int64{ops[2].ID}, Disposition: drafts.DispositionRejected, Reason: "不采纳。"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Moderate(ctx, "staff", []int64{ops[2].ID}, drafts.StatusPublished, ""); err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.Page(ctx, f.public.ID, nil)
	if err != nil || len(p.Answered) != 1 || p.Answered[0].ID != ops[2].ID || p.Responses != nil {
		t.Fatalf("public page: %+v, %v", p, err)
	}
	if p, err := f.svc.Page(ctx, f.points.ID, f.staff); err != nil || len(p.Responses) != 1 || p.Responses[0].ContactPoint.ID != f.contactPoint.ID {
		t.Errorf("staff's page of the contact points' consultation: %+v, %v", p, err)
	}
	if _, err := f.svc.Page(ctx, f.points.ID, nil); !errors.Is(err, consultations.ErrHidden) {
		t.Errorf("the public on the contact points' page: %v", err)
	}
	if fm, err := f.svc.Form(ctx, f.public.ID, nil, 2, 0); err != nil || fm.Article == nil || fm.Label != "第二条" {
		t.Errorf("form for 第二条: %+v, %v", fm, err)
	}
	if fm, err := f.svc.Form(ctx, f.public.ID, nil, 0, 0); err != nil || fm.Article != nil || fm.Label != "整体意见" {
		t.Errorf("form for the whole draft: %+v, %v", fm, err)
	}
	if _, err := f.svc.Form(ctx, f.public.ID, nil, 9, 0); code(err) != drafts.ENOTFOUND {
		t.Errorf("form for a missing article: %v", err)
	}
}
