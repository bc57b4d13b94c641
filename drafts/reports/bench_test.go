package reports_test

import (
	"context"
	"fmt"
	"math/rand/v2"
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
// answered opinions on the first.
func benchWorld(b *testing.B, st *store.Store, n, m int) (*reports.Service, *drafts.Regulation) {
	b.Helper()
	ctx := context.Background()
	rd := readings.New(st)
	reg, err := rd.CreateRegulation(ctx, "staff", readings.NewRegulation{Title: "某市湿地保护条例", Kind: "制定"})
	if err != nil {
		b.Fatal(err)
	}
	old, new := readingPair(n)
	from, err := rd.ImportUpload(ctx, "staff", reg.ID, readings.Upload{Stage: "first-reading", Filename: "a.md", Data: []byte(old)})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := rd.ImportUpload(ctx, "staff", reg.ID, readings.Upload{Stage: "second-reading", Filename: "b.md", Data: []byte(new)}); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	c := &drafts.Consultation{VersionID: from.ID, Audience: drafts.AudiencePublic, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}
	if err := st.CreateConsultation(ctx, "staff", c); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 4))
	ops := make([]*drafts.Opinion, m)
	sources := []drafts.Source{drafts.SourcePublic, drafts.SourcePublic, drafts.SourceMember, drafts.SourceContactPoint}
	for i := range ops {
		ops[i] = &drafts.Opinion{VersionID: from.ID, ConsultationID: c.ID, Article: r.IntN(n + 1),
			Text: fmt.Sprintf("第%d条意见：建议%s%s。", i, words[r.IntN(len(words))], words[r.IntN(len(words))]), Source: sources[i%4]}
	}
	if err := st.InsertOpinions(ctx, ops); err != nil {
		b.Fatal(err)
	}
	for i, d := range drafts.Dispositions {
		var ids []int64
		for k := i; k < m; k += len(drafts.Dispositions) + 1 {
			ids = append(ids, ops[k].ID)
		}
		if _, err := st.AnswerOpinions(ctx, "staff", ids, drafts.Answer{Disposition: d, Reason: "理由。"}); err != nil {
			b.Fatal(err)
		}
	}
	return reports.New(st, rd, reports.Config{}), reg
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
		if d.Counts.Opinions != 1000 || len(d.Content.Sections) < 10 {
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
