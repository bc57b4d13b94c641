package reports_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/demo"
	"lifa/drafts/readings"
	"lifa/drafts/reports"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// docxOut, when set, is a directory the scenario writes its .docx files
// to, for rendering with LibreOffice and looking at them.
var docxOut = flag.String("docx", "", "write the scenario's report and letter (.docx) to this directory")

// clock is a settable time for the workflows.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// world is the demo with the workflows of this test.
type world struct {
	st  *store.Store
	rd  *readings.Service
	cs  *consultations.Service
	rs  *reports.Service
	clk *clock
	reg *drafts.Regulation
	// from is the wetland regulation's consultation draft, con the demo's
	// public consultation on it.
	from *drafts.Version
	con  *drafts.Consultation
}

func newWorld(t *testing.T, st *store.Store) *world {
	t.Helper()
	ctx := context.Background()
	if err := demo.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	w := &world{st: st, rd: readings.New(st), clk: &clock{t: time.Now()}}
	w.cs = consultations.New(st, w.rd, consultations.Config{Now: w.clk.now})
	t.Cleanup(func() { w.cs.Close() })
	w.rs = reports.New(st, w.rd, reports.Config{Now: w.clk.now})
	regs, err := st.ListRegulations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range regs {
		if strings.Contains(r.Title, "湿地保护") {
			w.reg = r
		}
	}
	if w.reg == nil {
		t.Fatal("the demo has no wetland regulation")
	}
	vs, _ := st.Versions(ctx, w.reg.ID)
	w.from = vs[len(vs)-1]
	cons, err := st.Consultations(ctx, store.ConsultationFilter{VersionID: w.from.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cons {
		if c.Audience == drafts.AudiencePublic {
			w.con = c
		}
	}
	if w.con == nil {
		t.Fatal("the demo's wetland regulation has no public consultation")
	}
	return w
}

// account creates an account of role (a liaison of contact point cp).
func (w *world) account(t *testing.T, name string, role drafts.Role, cp int64) *drafts.Account {
	t.Helper()
	a := &drafts.Account{Name: name, DisplayName: name, Role: role, ContactPointID: cp, PasswordHash: "x"}
	if err := w.st.CreateAccount(context.Background(), "admin", a); err != nil {
		t.Fatal(err)
	}
	return a
}

// submit files an opinion on the consultation from a (nil: the public).
func (w *world) submit(t *testing.T, a *drafts.Account, article int, text string) *drafts.Opinion {
	t.Helper()
	return w.submitTo(t, w.con, a, article, text)
}

// submitTo files an opinion on consultation c from a (nil: the public).
func (w *world) submitTo(t *testing.T, c *drafts.Consultation, a *drafts.Account, article int, text string) *drafts.Opinion {
	t.Helper()
	o, err := w.cs.Submit(context.Background(), a, consultations.Submission{ConsultationID: c.ID,
		Opinion: consultations.OpinionInput{Article: article, Text: text, Name: "张某", Contact: "13800000000"}})
	if err != nil {
		t.Fatalf("submit %q: %v", text, err)
	}
	return o
}

func (w *world) answer(t *testing.T, d drafts.Disposition, reason string, ops ...*drafts.Opinion) {
	t.Helper()
	ids := make([]int64, len(ops))
	for i, o := range ops {
		ids[i] = o.ID
	}
	if _, err := w.cs.Answer(context.Background(), "staff", consultations.AnswerInput{IDs: ids, Disposition: d, Reason: reason}); err != nil {
		t.Fatal(err)
	}
}

// TestScenario_wetland is the cycle on the demo's wetland regulation: a
// public consultation with opinions from the public and a member, one
// addressed to a contact point with its meeting (座谈会) and its liaison's
// own opinion, answers, the next reading, then the report, the letter to
// the contact point and the public feedback.
func TestScenario_wetland(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		cp := &drafts.ContactPoint{Name: "海珠区瀛洲生态公园基层立法联系点", Region: "海珠区"}
		if err := st.CreateContactPoint(ctx, "admin", cp); err != nil {
			t.Fatal(err)
		}
		liaison := w.account(t, "p14-liaison", drafts.RoleLiaison, cp.ID)
		member := w.account(t, "p14-member", drafts.RoleMember, 0)
		points, err := w.cs.Open(ctx, "staff", consultations.NewConsultation{VersionID: w.from.ID, Audience: drafts.AudienceContactPoints,
			ContactPointIDs: []int64{cp.ID}, OpensAt: w.con.OpensAt, ClosesAt: w.con.ClosesAt})
		if err != nil {
			t.Fatal(err)
		}

		// Opinions on the consultation draft (the 2020 text's numbering).
		volunteers := w.submit(t, nil, 6, "建议增加鼓励湿地保护志愿服务、设立湿地保护宣传周的规定。")
		alien1 := w.submit(t, nil, 29, "建议禁止擅自放生外来物种，防止生物入侵。")
		alien2 := w.submit(t, nil, 29, "建议在禁止行为中增加丢弃外来物种。")
		fishing := w.submit(t, nil, 29, "建议禁止在湿地内垂钓。")
		design := w.submit(t, nil, 17, "本条与规划条款重复，建议删除。")
		whole := w.submit(t, nil, 0, "建议加强湿地执法。")
		praise := w.submit(t, nil, 5, "写得很好，广告链接 http://spam.example")
		pending := w.submit(t, nil, 1, "建议写明立法目的中的生态文明。")
		m, gathered, err := w.cs.SubmitMeeting(ctx, liaison, consultations.Meeting{ConsultationID: points.ID, Date: "2026-03-05",
			Place: "瀛洲生态公园会议室", Participants: 18, Opinions: []consultations.MeetingOpinion{
				{Article: 3, Text: "湿地保护联席会议应当每年至少召开一次。"},
				{Article: 7, Text: "湿地资源调查周期太长，建议缩短。"},
				{Article: 9, Text: "建议细化一般湿地的认定标准。"},
			}})
		if err != nil {
			t.Fatal(err)
		}
		cpOwn := w.submitTo(t, points, liaison, 0, "联系点建议加大宣传力度。")
		survey := w.submit(t, member, 7, "建议湿地资源调查每三年开展一次。")
		reference := w.submit(t, member, 9, "分级管理的表述可以更简洁。")
		if _, err := w.cs.Moderate(ctx, "staff", []int64{volunteers.ID, alien1.ID, alien2.ID, fishing.ID, design.ID, whole.ID}, drafts.StatusPublished, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.cs.Moderate(ctx, "staff", []int64{praise.ID}, drafts.StatusHidden, "含广告链接"); err != nil {
			t.Fatal(err)
		}

		w.answer(t, drafts.DispositionAdopted, "采纳，增加一条作为第七条。", volunteers)
		w.answer(t, drafts.DispositionAdopted, "采纳，在禁止行为中增加一项。", alien1)
		w.answer(t, drafts.DispositionPartly, "部分采纳，已增加擅自放生或者丢弃外来物种的禁止规定。", alien2)
		w.answer(t, drafts.DispositionRejected, "垂钓已由其他规定调整。", fishing)
		w.answer(t, drafts.DispositionAdopted, "采纳，删去该条。", design)
		w.answer(t, drafts.DispositionAdopted, "采纳，将在实施中加强执法。", whole)
		w.answer(t, drafts.DispositionAdopted, "采纳。", gathered[0])
		w.answer(t, drafts.DispositionPartly, "部分采纳，调查周期由五年改为三年。", gathered[1])
		w.answer(t, drafts.DispositionReference, "将在配套文件中细化。", gathered[2])
		w.answer(t, drafts.DispositionAdopted, "采纳。", survey)
		w.answer(t, drafts.DispositionReference, "作为参考。", reference)
		w.answer(t, drafts.DispositionAbsorbed, "已在宣传条款中体现。", cpOwn)

		// The next reading.
		next, err := os.ReadFile("testdata/wetland-first-reading.md")
		if err != nil {
			t.Fatal(err)
		}
		to, err := w.rd.ImportUpload(ctx, "staff", w.reg.ID, readings.Upload{Stage: "first-reading", Label: "修订草案（一审稿）",
			Filename: "wetland-first-reading.md", Data: next})
		if err != nil {
			t.Fatal(err)
		}

		d, err := w.rs.Draft(ctx, w.reg.ID, 0, 0, "")
		if err != nil {
			t.Fatal(err)
		}
		if d.From.ID != w.from.ID || d.To.ID != to.ID {
			t.Fatalf("drafted from %d to %d, want %d to %d", d.From.ID, d.To.ID, w.from.ID, to.ID)
		}
		checkSections(t, d, map[int64]string{
			volunteers.ID: "added:第七条", alien1.ID: "modified:第二十九条", alien2.ID: "modified:第二十九条",
			design.ID: "deleted:", gathered[0].ID: "modified:第三条", gathered[1].ID: "modified:第八条", survey.ID: "modified:第八条",
		})
		placed := d.Content.Placements()
		for _, o := range []*drafts.Opinion{fishing, whole, praise, pending, gathered[2], reference, cpOwn} {
			if placed[o.ID] != nil {
				t.Errorf("opinion %d (%s, %s) is in a section", o.ID, o.Text, o.Disposition)
			}
		}
		if !slices.Equal(d.Unplaced, []int64{whole.ID}) {
			t.Errorf("unplaced = %v, want the adopted opinion on the whole text (%d)", d.Unplaced, whole.ID)
		}
		checkCounts(t, st, w, d)
		checkProse(t, d, m)
		checkSaved(t, w, d)
		checkLetter(t, w, points, cp, liaison, m, gathered, cpOwn)
		checkPublic(t, w, []*drafts.Opinion{volunteers, alien1, alien2, design, survey})
	})
}

// checkSections checks that each opinion of want is in exactly one
// section, the one of the change want names (kind:new article), that no
// opinion is in two sections, and that sections follow the later text.
func checkSections(t *testing.T, d *reports.Drafted, want map[int64]string) {
	t.Helper()
	for id, ps := range d.Content.Placements() {
		if len(ps) != 1 {
			t.Errorf("opinion %d is in %d sections", id, len(ps))
		}
	}
	placed := d.Content.Placements()
	for id, where := range want {
		ps := placed[id]
		if len(ps) != 1 {
			t.Errorf("adopted opinion %d is in %d sections, want 1 (%s)", id, len(ps), where)
			continue
		}
		s := d.Content.Sections[ps[0].Section]
		got := ""
		if len(s.Changes) == 1 {
			got = string(s.Changes[0].Kind) + ":" + strings.Join(s.Changes[0].New, "、")
		}
		if got != where {
			t.Errorf("opinion %d is in section %q (%s), want the change %s", id, s.Heading, got, where)
		}
	}
	last := -1
	for _, s := range d.Content.Sections {
		if s.Grouped || len(s.Changes) == 0 {
			continue
		}
		if s.Changes[0].Index <= last {
			t.Errorf("section %q is out of the later text's order", s.Heading)
		}
		last = s.Changes[0].Index
	}
	g := d.Content.Sections[len(d.Content.Sections)-1]
	if !g.Grouped || len(g.Opinions) != 0 || !strings.Contains(g.Text, "拆分为两条") || !strings.Contains(g.Text, "2027年1月1日") {
		t.Errorf("the last section should group the split and the date without opinions: %+v", g)
	}
	if len(d.Minor) != 1 || d.Comparison.Changes[d.Minor[0]].New[0].Label != "第二条" {
		t.Errorf("minor changes = %v, want the wording of 第二条", d.Minor)
	}
}

// checkCounts checks the opening's counts against the store.
func checkCounts(t *testing.T, st *store.Store, w *world, d *reports.Drafted) {
	t.Helper()
	ctx := context.Background()
	stats, err := st.OpinionStats(ctx, w.from.ID)
	if err != nil {
		t.Fatal(err)
	}
	all, _, err := st.Opinions(ctx, drafts.OpinionFilter{VersionID: w.from.ID, Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	bySource := map[drafts.Source]int{}
	for _, o := range all {
		if o.Status != drafts.StatusHidden {
			bySource[o.Source]++
		}
	}
	cons, err := st.Consultations(ctx, store.ConsultationFilter{VersionID: w.from.ID})
	if err != nil {
		t.Fatal(err)
	}
	meetings, participants := 0, 0
	ms, _ := st.Meetings(ctx, 0)
	for _, m := range ms {
		if slices.ContainsFunc(cons, func(c *drafts.Consultation) bool { return c.ID == m.ConsultationID }) {
			meetings++
			participants += m.Participants
		}
	}
	c := d.Counts
	if c.Opinions != stats.Opinions || c.PublicOpinions != bySource[drafts.SourcePublic] ||
		c.ContactPointOpinions != bySource[drafts.SourceContactPoint] || c.MemberOpinions != bySource[drafts.SourceMember] ||
		c.Meetings != meetings || c.Participants != participants || c.People != stats.People {
		t.Errorf("counts %+v disagree with the store: stats %+v, by source %v, %d meetings of %d people",
			c, stats, bySource, meetings, participants)
	}
}

// checkProse checks the opening and a section read as a clerk expects.
func checkProse(t *testing.T, d *reports.Drafted, m *drafts.Meeting) {
	t.Helper()
	c := d.Content
	for _, want := range []string{"在网上公开征求社会公众意见", "社会公众7人次提出意见7条", "基层立法联系点1个提出意见4条",
		"召开座谈会1场、参加18人次", "常委会组成人员和人大代表1人提出意见2条", "现将主要修改情况汇报如下："} {
		if !strings.Contains(c.Opening, want) {
			t.Errorf("opening lacks %q:\n%s", want, c.Opening)
		}
	}
	if c.Title != "关于《广州市湿地保护规定（修订草案）》修改情况的汇报" {
		t.Errorf("title %q", c.Title)
	}
	if !strings.HasPrefix(c.Closing, "此外，对草案作了一些文字修改。") {
		t.Errorf("closing %q", c.Closing)
	}
	for _, s := range c.Sections {
		if len(s.Changes) == 1 && strings.Join(s.Changes[0].New, "") == "第八条" {
			for _, want := range []string{"有的常委会组成人员、人大代表和基层立法联系点提出", "（共2条意见："} {
				if !strings.Contains(s.Text, want) {
					t.Errorf("section %q lacks %q: %s", s.Heading, want, s.Text)
				}
			}
			if !strings.Contains(s.Conclusion, "法制委员会经研究，建议在修订草案第七条中，将“每五年”修改为“每三年”（修订草案修改稿第八条）") {
				t.Errorf("conclusion %q", s.Conclusion)
			}
		}
	}
}

// checkSaved saves the draft, edits it as staff would (reorder, rewrite,
// link and unlink opinions), marks a revision final and exports it.
func checkSaved(t *testing.T, w *world, d *reports.Drafted) {
	t.Helper()
	ctx := context.Background()
	r, err := w.rs.Create(ctx, "张干部", w.reg.ID, 0, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Revision.Seq != 1 || r.Revisions != 1 || len(r.Content.Sections) != len(d.Content.Sections) {
		t.Fatalf("created %+v", r.Report)
	}
	if _, err := w.rs.Create(ctx, "张干部", w.reg.ID, 0, 0, ""); drafts.ErrorCode(err) != drafts.ECONFLICT {
		t.Errorf("a second report on the same readings: %v", err)
	}
	if len(r.Problems) == 0 || !strings.Contains(strings.Join(r.Problems, "\n"), "未列入任何部分") {
		t.Errorf("problems of the draft = %q, want the unplaced opinion", r.Problems)
	}
	c := reports.EditOf(r.Content)
	c.Sections[0], c.Sections[1] = c.Sections[1], c.Sections[0]
	c.Sections[0].Text = "有的社会公众提出，应当鼓励志愿服务。"
	moved := c.Sections[1].Opinions[0]
	c.Sections[0].Opinions = append(slices.Clone(c.Sections[0].Opinions), moved)
	c.Sections = append(c.Sections, reports.SectionEdit{Heading: "关于法律责任", Text: "工作人员补充的一部分。"})
	saved, err := w.rs.Save(ctx, "李干部", r.ID, 1, c, "")
	if err != nil {
		t.Fatal(err)
	}
	if saved.Revision.Seq != 2 || saved.Content.Sections[0].Text != "有的社会公众提出，应当鼓励志愿服务。" ||
		saved.Content.Sections[0].ID != r.Content.Sections[1].ID || saved.Revision.SavedBy != "李干部" {
		t.Errorf("saved %+v %+v", saved.Revision, saved.Content.Sections[0])
	}
	if !strings.Contains(strings.Join(saved.Problems, "\n"), "同时列于第一部分、第二部分") {
		t.Errorf("an opinion linked twice is not reported: %q", saved.Problems)
	}
	if got := saved.Content.Sections; len(got[0].Changes) != 1 || got[0].Changes[0].Index != r.Content.Sections[1].Changes[0].Index ||
		got[len(got)-1].ID != "s1" || got[len(got)-1].Changes != nil {
		t.Errorf("sections after the edit keep their changes by id: %+v", got)
	}
	checkEditor(t, w, saved)
	if _, err := w.rs.Save(ctx, "王干部", r.ID, 1, c, ""); drafts.ErrorCode(err) != drafts.ECONFLICT {
		t.Errorf("save on a stale revision: %v", err)
	}
	bad := reports.EditOf(saved.Content)
	bad.Sections[0].Opinions = []int64{999999}
	if _, err := w.rs.Save(ctx, "王干部", r.ID, 2, bad, ""); drafts.ErrorCode(err) != drafts.EINVALID {
		t.Errorf("save naming an opinion not on the reading: %v", err)
	}
	if _, err := w.rs.MarkFinal(ctx, "主任", r.ID, 2); err != nil {
		t.Fatal(err)
	}
	again, err := w.rs.Redraft(ctx, "李干部", r.ID, 2)
	if err != nil || again.Revision.Seq != 3 || again.Revision.Note != "重新起草" || again.FinalSeq != 2 {
		t.Fatalf("Redraft = %+v, %v", again, err)
	}
	revs, err := w.rs.Revisions(ctx, r.ID)
	if err != nil || len(revs) != 3 || revs[1].SavedBy != "李干部" || revs[2].SavedBy != "张干部" || len(again.History) != 3 {
		t.Errorf("revisions %+v, %v", revs, err)
	}
	if idx, err := w.rs.List(ctx, w.reg.ID); err != nil || len(idx.Reports) != 1 || len(idx.Versions) != 2 {
		t.Errorf("List = %+v, %v", idx, err)
	}
	name, data, err := w.rs.Docx(ctx, r.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if name != "广州市湿地保护规定（修订）-修改情况的汇报-第2稿（定稿）.docx" {
		t.Errorf("file name %q", name)
	}
	body := documentXML(t, data)
	for _, want := range []string{"有的社会公众提出，应当鼓励志愿服务。", "附件", "修改前后对照表", `w:orient="landscape"`, "二、"} {
		if !strings.Contains(body, want) {
			t.Errorf("the .docx lacks %q", want)
		}
	}
	writeOut(t, name, data)
}

// checkLetter checks the letter to the contact point: every one of its
// opinions once, under its meeting, with where the change landed; shown
// to its liaison once published.
func checkLetter(t *testing.T, w *world, con *drafts.Consultation, cp *drafts.ContactPoint, liaison *drafts.Account, m *drafts.Meeting, gathered []*drafts.Opinion, own *drafts.Opinion) {
	t.Helper()
	ctx := context.Background()
	if _, err := w.rs.LetterAs(ctx, liaison, con.ID, 0); drafts.ErrorCode(err) != drafts.ENOTFOUND {
		t.Errorf("letter before it is published: %v", err)
	}
	if _, err := w.rs.PublishLetters(ctx, "staff", con.ID, 0, nil); drafts.ErrorCode(err) != drafts.ECLOSED {
		t.Errorf("publish before the consultation closes: %v", err)
	}
	w.clk.set(con.ClosesAt.Add(time.Hour))
	if n, err := w.rs.PublishLetters(ctx, "staff", con.ID, 0, nil); err != nil || n != 1 {
		t.Fatalf("PublishLetters = %d, %v", n, err)
	}
	l, err := w.rs.LetterAs(ctx, liaison, con.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.rs.LetterAs(ctx, &drafts.Account{Role: drafts.RoleMember}, con.ID, cp.ID); drafts.ErrorCode(err) != drafts.EFORBIDDEN {
		t.Errorf("letter for a member: %v", err)
	}
	if _, err := w.rs.LetterAs(ctx, liaison, con.ID, cp.ID+1); drafts.ErrorCode(err) != drafts.EFORBIDDEN {
		t.Errorf("letter to another contact point for a liaison: %v", err)
	}
	all, _, err := w.st.Opinions(ctx, drafts.OpinionFilter{ConsultationID: con.ID, ContactPointID: cp.ID, Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	listed := map[int64]int{}
	for _, lm := range l.Meetings {
		for _, it := range lm.Items {
			listed[it.ID]++
			if lm.ID != m.ID {
				t.Errorf("opinion %d listed under meeting %d, want %d", it.ID, lm.ID, m.ID)
			}
		}
	}
	for _, it := range l.Items {
		listed[it.ID]++
	}
	if len(l.Meetings) != 1 || len(l.Meetings[0].Items) != 3 || len(l.Items) != 1 || l.Items[0].ID != own.ID {
		t.Errorf("letter lists %d meetings and %d other opinions", len(l.Meetings), len(l.Items))
	}
	for _, o := range all {
		if listed[o.ID] != 1 {
			t.Errorf("opinion %d is listed %d times in the letter", o.ID, listed[o.ID])
		}
	}
	if len(listed) != len(all) {
		t.Errorf("the letter lists %d opinions, the contact point has %d", len(listed), len(all))
	}
	items := l.Meetings[0].Items
	if lg := items[1].Landing; lg == nil || !slices.Equal(lg.Articles, []string{"第八条"}) || lg.Change != "第八条：将“每五年”修改为“每三年”" {
		t.Errorf("the survey opinion landed %+v", lg)
	}
	if items[2].Landing != nil || items[2].Reason != "将在配套文件中细化。" {
		t.Errorf("an opinion taken as reference landed %+v", items[2])
	}
	if !strings.Contains(l.Opening, "召开座谈会，18人参加，共提出意见4条。经认真研究，采纳1条、部分采纳1条、已吸收1条、作为参考1条") {
		t.Errorf("opening %q", l.Opening)
	}
	// The contact point's public page counts what the letter lists.
	page, err := w.cs.ContactPoint(ctx, cp.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	adopted, partly := 0, 0
	for _, o := range all {
		switch o.Disposition {
		case drafts.DispositionAdopted:
			adopted++
		case drafts.DispositionPartly:
			partly++
		}
	}
	if got := page.Totals; got.Opinions != len(all) || got.Adopted != adopted || got.Partly != partly || got.Meetings != 1 || got.Participants != 18 {
		t.Errorf("the contact point's page counts %+v; its opinions: %d, %d adopted, %d partly, one meeting of 18", got, len(all), adopted, partly)
	}
	if list, err := w.rs.LettersTo(ctx, liaison); err != nil || len(list) != 1 || list[0].Consultation.ID != con.ID {
		t.Errorf("LettersTo = %+v, %v", list, err)
	}
	checkLetterParts(t, l)
	body := documentXML(t, l.Docx().Bytes())
	for _, want := range []string{"瀛洲生态公园会议室", "湿地资源调查周期太长", "部分采纳", "修改稿第八条：将“每五年”修改为“每三年”",
		">调查周期由五年改为三年。<", "<w:cantSplit/>", `<w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">` + l.Signature} {
		if !strings.Contains(body, want) {
			t.Errorf("the letter's .docx lacks %q", want)
		}
	}
	if strings.Contains(body, "部分采纳，调查周期") {
		t.Error("the letter's .docx repeats the answer in its reason")
	}
	writeOut(t, l.Filename(), l.Docx().Bytes())
}

// checkPublic checks the public feedback of the public consultation:
// published after it closed, the adopted points by change (the contact
// point's meeting was on the other consultation), no personal data.
func checkPublic(t *testing.T, w *world, adopted []*drafts.Opinion) {
	t.Helper()
	ctx := context.Background()
	if f, err := w.rs.PublicFeedback(ctx, w.con.ID, nil); err != nil || f.Shown() || f.Notice == "" || f.Points == nil || len(f.Points) > 0 || f.Counts.Opinions > 0 {
		t.Errorf("public feedback before it is published: %+v, %v", f, err)
	}
	staff := &drafts.Account{Role: drafts.RoleStaff}
	if f, err := w.rs.PublicFeedback(ctx, w.con.ID, staff); err != nil || f.Published != nil || !f.Preview || len(f.Points) != 4 {
		t.Errorf("staff preview = %+v, %v", f, err)
	}
	if _, err := w.rs.PublishPublic(ctx, "staff", w.con.ID, 0); err != nil {
		t.Fatal(err)
	}
	f, err := w.rs.PublicFeedback(ctx, w.con.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range f.Points {
		n += p.Opinions
	}
	if len(f.Points) != 4 || n != len(adopted) {
		t.Errorf("%d points for %d opinions, want 4 for %d: %+v", len(f.Points), n, len(adopted), f.Points)
	}
	page, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, private := range []string{"张某", "13800000000", "YJ-", "spam", "垂钓", "p14-", "client_ip"} {
		if strings.Contains(string(page), private) {
			t.Errorf("the public feedback shows %q", private)
		}
	}
	// The summary and the line of figures count the opinions not yet
	// answered alike and in one wording.
	if u := f.Tally.Unanswered; u == 0 || !strings.Contains(f.Summary, fmt.Sprintf("另有%d条尚在研究", u)) ||
		!strings.Contains(f.Tally.Sentence(), fmt.Sprintf("尚在研究%d条", u)) || strings.Contains(f.Summary, "尚未答复") {
		t.Errorf("summary %q and figures %q count %d opinions not yet answered differently", f.Summary, f.Tally.Sentence(), u)
	}
	if !strings.Contains(f.Summary, "作了以下4处修改") || !strings.HasPrefix(f.Summary, "《广州市湿地保护规定（修订草案）》于") {
		t.Errorf("summary %q", f.Summary)
	}
}

// documentXML returns the main part of a .docx.
func documentXML(t *testing.T, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// writeOut writes a file to -docx's directory, when set.
func writeOut(t *testing.T, name string, data []byte) {
	t.Helper()
	if *docxOut == "" || !strings.HasSuffix(t.Name(), "sqlite") {
		return
	}
	if err := os.WriteFile(filepath.Join(*docxOut, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
