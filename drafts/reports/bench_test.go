package reports_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/cnum"
	"lifa/drafts/readings"
	"lifa/drafts/reports"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// words are the pieces synthetic articles are made of.
var words = []string{"湿地", "保护", "行政主管部门", "应当", "会同", "有关部门", "建立健全", "制度", "开展", "调查", "监测",
	"评估", "公布", "生态", "修复", "规划", "管理", "单位和个人", "不得", "破坏", "资源", "鼓励", "社会", "参与", "依法", "处罚"}

// readingPair returns two readings of n articles: the second changes a
// fifth of them, inserts three and deletes two.
func readingPair(n int) (old, new string) {
	r := rand.New(rand.NewPCG(14, 14))
	sentence := func() string {
		var b strings.Builder
		for range 12 + r.IntN(12) {
			b.WriteString(words[r.IntN(len(words))])
		}
		b.WriteString("。")
		return b.String()
	}
	arts := make([]string, n)
	for i := range arts {
		arts[i] = sentence() + sentence() + sentence()
	}
	var o, w strings.Builder
	o.WriteString("# 某市湿地保护条例\n\n")
	w.WriteString("# 某市湿地保护条例\n\n")
	k := 0
	for i, a := range arts {
		fmt.Fprintf(&o, "第%s条　%s\n\n", cnum.Format(i+1), a)
		switch {
		case i%37 == 5: // deleted
			continue
		case i%5 == 0:
			a = strings.Replace(a, "应当", "必须", 1) + sentence()
		}
		k++
		fmt.Fprintf(&w, "第%s条　%s\n\n", cnum.Format(k), a)
		if i%33 == 10 {
			k++
			fmt.Fprintf(&w, "第%s条　%s\n\n", cnum.Format(k), sentence()+sentence())
		}
	}
	return o.String(), w.String()
}

// benchWorld is a regulation with two readings of n articles and m
// opinions on the first (see realisticOpinions).
func benchWorld(b *testing.B, st *store.Store, n, m int) (*reports.Service, *drafts.Regulation) {
	b.Helper()
	old, new := readingPair(n)
	return benchReadings(b, st, "某市湿地保护条例", old, new, m)
}

// benchReadings stores a regulation with readings old and new, and m
// opinions on old as a reading gathers them (realisticOpinions).
func benchReadings(b *testing.B, st *store.Store, title, old, new string, m int) (*reports.Service, *drafts.Regulation) {
	b.Helper()
	ctx := context.Background()
	rd := readings.New(st)
	reg, err := rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: title, Kind: "制定"})
	if err != nil {
		b.Fatal(err)
	}
	from, err := rd.ImportUpload(ctx, "staff", reg.ID, readings.Upload{Stage: "first-reading", Filename: "a.md", Data: []byte(old)})
	if err != nil {
		b.Fatal(err)
	}
	to, err := rd.ImportUpload(ctx, "staff", reg.ID, readings.Upload{Stage: "second-reading", Filename: "b.md", Data: []byte(new)})
	if err != nil {
		b.Fatal(err)
	}
	realisticOpinions(b, st, from, to, m)
	return reports.New(st, rd, reports.Config{}), reg
}

// realisticOpinions gathers m opinions on reading from as a city's
// consultations do, and answers them: a public consultation (about half
// the opinions, one person each), a consultation of 10 contact points
// that hold 2 meetings each (a third, 8 to 30 participants a meeting),
// and one of 40 members (the rest). Opinions crowd on some articles (a
// tenth of them on the whole text), run 30 to 150 characters, and are
// answered 采纳 (a quarter, half of these naming an article of reading to
// as 修改稿第N条), 部分采纳, 未采纳, 已吸收, 作为参考, or not yet; a few
// are hidden.
func realisticOpinions(b *testing.B, st *store.Store, from, to *drafts.Version, m int) {
	b.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 4))
	arts, next := articles(b, from), articles(b, to)
	article := func() int {
		switch x := r.Float64(); {
		case x < 0.1:
			return 0
		case x < 0.5: // the contested fifth of the articles
			return 1 + r.IntN(max(arts/5, 1))*5%arts
		default:
			return 1 + r.IntN(arts)
		}
	}
	text := func(i int) string {
		var t strings.Builder
		fmt.Fprintf(&t, "意见%d：建议", i)
		for range 10 + r.IntN(50) {
			t.WriteString(words[r.IntN(len(words))])
		}
		t.WriteString("。")
		return t.String()
	}
	now := time.Now()
	consult := func(a drafts.Audience, cps []int64) *drafts.Consultation {
		c := &drafts.Consultation{VersionID: from.ID, Title: "征求意见", Audience: a, ContactPointIDs: cps,
			OpensAt: now.Add(-30 * 24 * time.Hour), ClosesAt: now.Add(-time.Hour)}
		if err := st.CreateConsultation(ctx, "staff", c); err != nil {
			b.Fatal(err)
		}
		return c
	}
	public := consult(drafts.AudiencePublic, nil)
	var cps []int64
	for i := range 10 {
		cp := &drafts.ContactPoint{Name: fmt.Sprintf("第%d基层立法联系点", i+1)}
		if err := st.CreateContactPoint(ctx, "admin", cp); err != nil {
			b.Fatal(err)
		}
		cps = append(cps, cp.ID)
	}
	points := consult(drafts.AudienceContactPoints, cps)
	members := consult(drafts.AudienceMembers, nil)
	var memberIDs []int64
	for i := range 40 {
		a := &drafts.Account{Name: fmt.Sprintf("member%d", i), DisplayName: fmt.Sprintf("委员%d", i), Role: drafts.RoleMember, PasswordHash: "x"}
		if err := st.CreateAccount(ctx, "admin", a); err != nil {
			b.Fatal(err)
		}
		memberIDs = append(memberIDs, a.ID)
	}
	var all []*drafts.Opinion
	nPublic, nPoints := m/2, m/3
	ops := make([]*drafts.Opinion, nPublic)
	for i := range ops {
		ops[i] = &drafts.Opinion{VersionID: from.ID, ConsultationID: public.ID, Article: article(), Text: text(i),
			Name: "某某", Contact: "13800000000", Source: drafts.SourcePublic}
	}
	if err := st.InsertOpinions(ctx, ops); err != nil {
		b.Fatal(err)
	}
	all = append(all, ops...)
	meetings := 2 * len(cps)
	for k := range meetings {
		cp := cps[k%len(cps)]
		mt := &drafts.Meeting{ContactPointID: cp, ConsultationID: points.ID, Date: now.AddDate(0, 0, -20+k%10).Format("2006-01-02"),
			Place: "联系点会议室", Participants: 8 + r.IntN(23)}
		ops := make([]*drafts.Opinion, nPoints/meetings+boolInt(k < nPoints%meetings))
		for i := range ops {
			ops[i] = &drafts.Opinion{VersionID: from.ID, ConsultationID: points.ID, Article: article(), Text: text(len(all) + i),
				Source: drafts.SourceContactPoint, ContactPointID: cp}
		}
		if err := st.CreateOpinions(ctx, "staff", mt, ops); err != nil {
			b.Fatal(err)
		}
		all = append(all, ops...)
	}
	ops = make([]*drafts.Opinion, m-len(all))
	for i := range ops {
		ops[i] = &drafts.Opinion{VersionID: from.ID, ConsultationID: members.ID, Article: article(), Text: text(len(all) + i),
			Source: drafts.SourceMember, AccountID: memberIDs[r.IntN(len(memberIDs))]}
	}
	if err := st.InsertOpinions(ctx, ops); err != nil {
		b.Fatal(err)
	}
	all = append(all, ops...)

	// The answers, by disposition and reason.
	answers := map[drafts.Answer][]int64{}
	var hidden []int64
	for _, o := range all {
		var a drafts.Answer
		switch x := r.Float64(); {
		case x < 0.02:
			hidden = append(hidden, o.ID)
			continue
		case x < 0.14:
			a = drafts.Answer{Disposition: drafts.DispositionAdopted, Reason: fmt.Sprintf("采纳，见修改稿第%s条。", cnum.Format(1+r.IntN(next)))}
		case x < 0.27:
			a = drafts.Answer{Disposition: drafts.DispositionAdopted, Reason: "采纳，已作修改。"}
		case x < 0.37:
			a = drafts.Answer{Disposition: drafts.DispositionPartly, Reason: "部分采纳，已作相应修改。"}
		case x < 0.67:
			a = drafts.Answer{Disposition: drafts.DispositionRejected, Reason: "上位法已有规定，不再重复。"}
		case x < 0.72:
			a = drafts.Answer{Disposition: drafts.DispositionAbsorbed, Reason: "已在相关条款中体现。"}
		case x < 0.90:
			a = drafts.Answer{Disposition: drafts.DispositionReference, Reason: "将在配套文件中研究。"}
		default:
			continue // not yet answered
		}
		answers[a] = append(answers[a], o.ID)
	}
	for a, ids := range answers {
		if _, err := st.AnswerOpinions(ctx, "staff", ids, a); err != nil {
			b.Fatal(err)
		}
	}
	if len(hidden) > 0 {
		if _, err := st.ModerateOpinions(ctx, "staff", hidden, drafts.StatusHidden, "与本法规无关"); err != nil {
			b.Fatal(err)
		}
	}
}

// articles returns the number of articles of version v.
func articles(b *testing.B, v *drafts.Version) int {
	b.Helper()
	if v.Document == nil {
		b.Fatalf("version %d without its document", v.ID)
	}
	return len(v.Document.Articles)
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

// BenchmarkService_Draft drafts the report for 1,000 opinions on a
// 100-article reading: the opinions read from the store, the comparison
// from the readings' cache (computed before the timer starts), the draft.
func BenchmarkService_Draft(b *testing.B) {
	storetest.EachB(b, func(b *testing.B, st *store.Store) {
		rs, reg := benchWorld(b, st, 100, 1000)
		ctx := context.Background()
		d, err := rs.Draft(ctx, reg.ID, 0, 0, "")
		if err != nil {
			b.Fatal(err)
		}
		if d.Counts.Opinions < 950 || d.Counts.Opinions > 1000 || d.Counts.Meetings != 20 || len(d.Content.Sections) < 10 {
			b.Fatalf("drafted %d sections for %d opinions", len(d.Content.Sections), d.Counts.Opinions)
		}
		b.ResetTimer()
		for b.Loop() {
			if _, err := rs.Draft(ctx, reg.ID, 0, 0, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkService_DraftUncached is BenchmarkService_Draft with the
// comparison computed each time (a new readings service per draft).
func BenchmarkService_DraftUncached(b *testing.B) {
	st := storetest.Open(b)
	_, reg := benchWorld(b, st, 100, 1000)
	ctx := context.Background()
	for b.Loop() {
		rs := reports.New(st, readings.New(st), reports.Config{})
		if _, err := rs.Draft(ctx, reg.ID, 0, 0, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// corpus is the shared corpus of real texts; the benchmark that reads it
// skips when it is absent.
const corpus = "../../../shared/corpus"

// BenchmarkService_DraftCorpus drafts the report for 1,000 opinions on
// real consecutive readings: the 动物防疫法 draft (113 articles) and its
// second reading (realisticOpinions), the comparison cached.
func BenchmarkService_DraftCorpus(b *testing.B) {
	old, err := os.ReadFile(filepath.Join(corpus, "laws/dongwu-fangyi-fa/draft-1.md"))
	if err != nil {
		b.Skipf("corpus not available: %v", err)
	}
	new, err := os.ReadFile(filepath.Join(corpus, "laws/dongwu-fangyi-fa/draft-2.md"))
	if err != nil {
		b.Skipf("corpus not available: %v", err)
	}
	st := storetest.Open(b)
	rs, reg := benchReadings(b, st, "中华人民共和国动物防疫法（修订）", string(old), string(new), 1000)
	ctx := context.Background()
	d, err := rs.Draft(ctx, reg.ID, 0, 0, "")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := rs.Draft(ctx, reg.ID, 0, 0, ""); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(d.Content.Sections)), "sections")
}
