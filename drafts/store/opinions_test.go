package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// opVersion makes a regulation with one version of three articles.
func opVersion(t *testing.T, s *store.Store) *drafts.Version {
	t.Helper()
	ctx := context.Background()
	r := &drafts.Regulation{Title: "广州市湿地保护规定", Kind: drafts.KindEnact}
	if err := s.CreateRegulation(ctx, "staff", r); err != nil {
		t.Fatal(err)
	}
	d := &drafts.Document{Title: "广州市湿地保护规定", Format: "text"}
	for i, txt := range []string{"为了加强湿地保护，制定本规定。", "本规定适用于本市行政区域内湿地的保护。", "禁止在湿地内开垦、填埋或者排干湿地。"} {
		d.Articles = append(d.Articles, &drafts.Article{Num: i + 1, Label: fmt.Sprintf("第%d条", i+1), Text: txt,
			Paragraphs: []drafts.Paragraph{{Text: txt}}})
	}
	v, err := s.CreateVersion(ctx, "staff", drafts.NewVersion{RegulationID: r.ID, Stage: "consultation", Document: d, Filename: "a.txt", Data: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func code(err error) string { return drafts.ErrorCode(err) }

func TestStore_Accounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		cp := &drafts.ContactPoint{Name: "白云区三元里街道基层立法联系点", Region: "白云区"}
		if err := s.CreateContactPoint(ctx, "admin", cp); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateContactPoint(ctx, "admin", &drafts.ContactPoint{Name: cp.Name}); code(err) != drafts.ECONFLICT {
			t.Errorf("duplicate contact point: %v", err)
		}
		hash, _ := drafts.HashPassword("password123", 4)
		a := &drafts.Account{Name: "liu", Role: drafts.RoleLiaison, ContactPointID: cp.ID, PasswordHash: hash}
		if err := s.CreateAccount(ctx, "admin", a); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateAccount(ctx, "admin", &drafts.Account{Name: "liu", Role: drafts.RoleStaff, PasswordHash: hash}); code(err) != drafts.ECONFLICT {
			t.Errorf("duplicate name: %v", err)
		}
		if err := s.CreateAccount(ctx, "admin", &drafts.Account{Name: "x", Role: drafts.RoleLiaison, ContactPointID: 999, PasswordHash: hash}); code(err) != drafts.EINVALID {
			t.Errorf("unknown contact point: %v", err)
		}
		got, err := s.AccountByName(ctx, "liu")
		if err != nil || got.ContactPointID != cp.ID || got.Role != drafts.RoleLiaison || !drafts.CheckPassword(got.PasswordHash, "password123") {
			t.Fatalf("AccountByName = %+v, %v", got, err)
		}
		if _, err := s.AccountByName(ctx, "nobody"); code(err) != drafts.ENOTFOUND {
			t.Errorf("missing account: %v", err)
		}

		token, sess, err := s.CreateSession(ctx, a.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		s2, acc, err := s.Session(ctx, token)
		if err != nil || acc.ID != a.ID || s2.CSRF != sess.CSRF || s2.CSRF == "" {
			t.Fatalf("Session = %+v %+v %v", s2, acc, err)
		}
		if _, _, err := s.Session(ctx, token+"x"); code(err) != drafts.EUNAUTHORIZED {
			t.Errorf("wrong token: %v", err)
		}
		// Disabling ends the session.
		yes := true
		if _, err := s.UpdateAccount(ctx, "admin", a.ID, store.AccountUpdate{Disabled: &yes}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Session(ctx, token); code(err) != drafts.EUNAUTHORIZED {
			t.Errorf("session of disabled account: %v", err)
		}
		no := false
		s.UpdateAccount(ctx, "admin", a.ID, store.AccountUpdate{Disabled: &no})
		token, _, _ = s.CreateSession(ctx, a.ID, time.Hour)
		if err := s.DeleteSession(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Session(ctx, token); code(err) != drafts.EUNAUTHORIZED {
			t.Errorf("session after logout: %v", err)
		}
		// Expired sessions are refused.
		token, _, _ = s.CreateSession(ctx, a.ID, -time.Second)
		if _, _, err := s.Session(ctx, token); code(err) != drafts.EUNAUTHORIZED {
			t.Errorf("expired session: %v", err)
		}

		api, tok, err := s.CreateAPIToken(ctx, "admin", a.ID, "集成")
		if err != nil {
			t.Fatal(err)
		}
		if acc, err := s.APITokenAccount(ctx, api); err != nil || acc.ID != a.ID {
			t.Fatalf("APITokenAccount = %v, %v", acc, err)
		}
		if err := s.RevokeAPIToken(ctx, "admin", tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.APITokenAccount(ctx, api); code(err) != drafts.EUNAUTHORIZED {
			t.Errorf("revoked token: %v", err)
		}
		log, _ := s.AuditLog(ctx, 0)
		actions := map[string]int{}
		for _, e := range log {
			actions[e.Action]++
		}
		for _, want := range []string{"contact_point.create", "account.create", "account.login", "account.logout", "account.update", "api_token.create", "api_token.revoke"} {
			if actions[want] == 0 {
				t.Errorf("audit log lacks %s: %v", want, actions)
			}
		}
	})
}

func TestStore_Opinions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v := opVersion(t, s)
		now := time.Now().UTC()
		c := &drafts.Consultation{VersionID: v.ID, Audience: drafts.AudiencePublic, Title: "公开征求意见",
			OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(30 * 24 * time.Hour)}
		if err := s.CreateConsultation(ctx, "staff", c); err != nil {
			t.Fatal(err)
		}
		open, err := s.Consultations(ctx, store.ConsultationFilter{OpenAt: now})
		if err != nil || len(open) != 1 || open[0].ID != c.ID || open[0].RegulationID == 0 {
			t.Fatalf("open consultations = %+v, %v", open, err)
		}
		if got, err := consultationFor(t, s, v.ID, now, drafts.SourcePublic, 0); err != nil || got.ID != c.ID {
			t.Fatalf("consultationFor = %v, %v", got, err)
		}
		if _, err := consultationFor(t, s, v.ID, now.Add(31*24*time.Hour), drafts.SourcePublic, 0); code(err) != drafts.ECLOSED {
			t.Errorf("after closing: %v", err)
		}

		batch := []*drafts.Opinion{
			{VersionID: v.ID, ConsultationID: c.ID, Article: 3, Text: "建议增加罚款数额。", Source: drafts.SourcePublic, Contact: "13800000000"},
			{VersionID: v.ID, ConsultationID: c.ID, Article: 3, Text: "建议增加罚款数额！", Source: drafts.SourcePublic},
			{VersionID: v.ID, ConsultationID: c.ID, Article: 1, Text: "赞成。", Source: drafts.SourcePublic},
		}
		if err := s.InsertOpinions(ctx, batch); err != nil {
			t.Fatal(err)
		}
		for _, op := range batch {
			if op.ID == 0 || op.Receipt == "" || op.Status != drafts.StatusPending {
				t.Fatalf("opinion not stored: %+v", op)
			}
		}
		got, err := s.OpinionByReceipt(ctx, batch[0].Receipt)
		if err != nil || got.ID != batch[0].ID || got.Contact != "13800000000" || got.Text != batch[0].Text {
			t.Fatalf("OpinionByReceipt = %+v, %v", got, err)
		}
		if _, err := s.OpinionByReceipt(ctx, "YJ-00000-000000"); code(err) != drafts.ENOTFOUND {
			t.Errorf("unknown receipt: %v", err)
		}

		groups, err := s.RegroupOpinions(ctx, v.ID)
		if err != nil || len(groups) != 1 || len(groups[0].Members) != 2 {
			t.Fatalf("groups = %+v, %v", groups, err)
		}
		members, _ := s.GroupMembers(ctx, groups[0].Representative)
		if len(members) != 2 {
			t.Fatalf("group members = %v", members)
		}
		if n, err := s.AnswerOpinions(ctx, "staff", members, drafts.Answer{Disposition: drafts.DispositionPartly, Reason: "已提高罚款上限。"}); err != nil || n != 2 {
			t.Fatalf("AnswerOpinions = %d, %v", n, err)
		}
		got, _ = s.OpinionByReceipt(ctx, batch[1].Receipt)
		if got.Disposition != drafts.DispositionPartly || got.Answer != "已提高罚款上限。" || got.AnsweredAt == nil || got.AnsweredBy != "staff" {
			t.Errorf("answer not stored: %+v", got)
		}
		if _, err := s.AnswerOpinions(ctx, "staff", []int64{999999}, drafts.Answer{Disposition: drafts.DispositionAdopted, Reason: "x"}); code(err) != drafts.ENOTFOUND {
			t.Errorf("answer missing opinion: %v", err)
		}

		if _, err := s.ModerateOpinions(ctx, "staff", []int64{batch[2].ID}, drafts.StatusHidden, ""); code(err) != drafts.EINVALID {
			t.Errorf("hide without reason: %v", err)
		}
		if _, err := s.ModerateOpinions(ctx, "staff", []int64{batch[2].ID}, drafts.StatusHidden, "与本规定无关"); err != nil {
			t.Fatal(err)
		}
		hidden, _ := s.Opinion(ctx, batch[2].ID)
		if hidden.Status != drafts.StatusHidden || hidden.HiddenReason != "与本规定无关" || hidden.Text != "赞成。" {
			t.Errorf("hidden opinion = %+v", hidden)
		}
		list, total, err := s.Opinions(ctx, drafts.OpinionFilter{VersionID: v.ID, Disposition: "none"})
		if err != nil || total != 1 || list[0].ID != batch[2].ID {
			t.Errorf("unanswered = %d %v", total, err)
		}
		_, total, _ = s.Opinions(ctx, drafts.OpinionFilter{VersionID: v.ID, Article: 3, Query: "罚款"})
		if total != 2 {
			t.Errorf("article 3 with 罚款 = %d", total)
		}

		// A contact point's meeting with its opinions.
		cp := &drafts.ContactPoint{Name: "天河区联系点"}
		s.CreateContactPoint(ctx, "admin", cp)
		m := &drafts.Meeting{ContactPointID: cp.ID, ConsultationID: c.ID, Date: "2026-11-20", Place: "天河区人大", Participants: 15}
		ops := []*drafts.Opinion{
			{VersionID: v.ID, ConsultationID: c.ID, Article: 2, Text: "建议明确适用范围。", Source: drafts.SourceContactPoint, ContactPointID: cp.ID},
			{VersionID: v.ID, ConsultationID: c.ID, Article: 0, Text: "总体赞成。", Source: drafts.SourceContactPoint, ContactPointID: cp.ID},
		}
		if err := s.CreateOpinions(ctx, "liaison", m, ops); err != nil {
			t.Fatal(err)
		}
		if m.ID == 0 || ops[0].MeetingID != m.ID || ops[0].Status != drafts.StatusPublished {
			t.Errorf("meeting %+v, opinion %+v", m, ops[0])
		}
		st, err := s.OpinionStats(ctx, v.ID)
		if err != nil || st.Opinions != 4 || st.People != 2+15 {
			t.Errorf("stats = %+v, %v (want 4 opinions, 17 people)", st, err)
		}
		if st.String() != "共收到 17 人次提出的 4 条意见" {
			t.Errorf("stats text %q", st.String())
		}
		sum, err := s.OpinionSummary(ctx, v.ID)
		if err != nil || len(sum) != 3 || sum[2].Article != 3 || sum[2].ByDisposition["部分采纳"] != 2 || sum[1].BySource["contact_point"] != 1 {
			t.Errorf("summary = %+v, %v", sum, err)
		}
		resp, err := s.ConsultationResponses(ctx, c.ID)
		if err != nil || len(resp) != 1 || resp[0].Opinions != 2 || resp[0].Meetings != 1 {
			t.Errorf("responses = %+v, %v", resp, err)
		}
		changes, _ := s.ChangesSince(ctx, 0, 0)
		nOp := 0
		for _, ch := range changes {
			if ch.Entity == "opinion" && ch.Op == "create" {
				nOp++
			}
		}
		if nOp != 5 {
			t.Errorf("change log has %d opinion creations, want 5", nOp)
		}
	})
}

func TestStore_ConsultationAudience(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v := opVersion(t, s)
		a, b := &drafts.ContactPoint{Name: "甲"}, &drafts.ContactPoint{Name: "乙"}
		s.CreateContactPoint(ctx, "admin", a)
		s.CreateContactPoint(ctx, "admin", b)
		now := time.Now().UTC()
		c := &drafts.Consultation{VersionID: v.ID, Audience: drafts.AudienceContactPoints, ContactPointIDs: []int64{a.ID},
			OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}
		if err := s.CreateConsultation(ctx, "staff", c); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Consultations(ctx, store.ConsultationFilter{ContactPointID: a.ID}); len(got) != 1 || len(got[0].ContactPointIDs) != 1 {
			t.Errorf("contact point a sees %+v", got)
		}
		if got, _ := s.Consultations(ctx, store.ConsultationFilter{ContactPointID: b.ID}); len(got) != 0 {
			t.Errorf("contact point b sees %+v", got)
		}
		if _, err := consultationFor(t, s, v.ID, now, drafts.SourcePublic, 0); code(err) != drafts.ECLOSED {
			t.Errorf("public on a contact-point consultation: %v", err)
		}
		if _, err := consultationFor(t, s, v.ID, now, drafts.SourceContactPoint, b.ID); code(err) != drafts.ECLOSED {
			t.Errorf("unchosen contact point: %v", err)
		}
		if _, err := consultationFor(t, s, v.ID, now, drafts.SourceContactPoint, a.ID); err != nil {
			t.Errorf("chosen contact point: %v", err)
		}
		bad := &drafts.Consultation{VersionID: 99999, Audience: drafts.AudiencePublic, OpensAt: now, ClosesAt: now.Add(time.Hour)}
		if err := s.CreateConsultation(ctx, "staff", bad); code(err) != drafts.ENOTFOUND {
			t.Errorf("unknown version: %v", err)
		}
	})
}

// TestStore_InsertOpinionsConcurrent runs the group-commit writer over the
// real store: many goroutines, every returned opinion is stored.
func TestStore_InsertOpinionsConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v := opVersion(t, s)
		now := time.Now().UTC()
		c := &drafts.Consultation{VersionID: v.ID, Audience: drafts.AudiencePublic, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}
		s.CreateConsultation(ctx, "staff", c)
		w := drafts.NewOpinionWriter(s.InsertOpinions, 500)
		defer w.Close()
		var wg sync.WaitGroup
		receipts := make([]string, 300)
		for i := range receipts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				op := &drafts.Opinion{VersionID: v.ID, ConsultationID: c.ID, Article: 1 + i%3, Text: fmt.Sprintf("意见 %d", i), Source: drafts.SourcePublic}
				if err := w.Submit(ctx, op); err != nil {
					t.Error(err)
					return
				}
				receipts[i] = op.Receipt
			}()
		}
		wg.Wait()
		for _, r := range receipts {
			if _, err := s.OpinionByReceipt(ctx, r); err != nil {
				t.Fatalf("receipt %s: %v", r, err)
			}
		}
		st := w.Stats()
		t.Logf("300 opinions in %d transactions (largest %d)", st.Batches, st.MaxBatch)
	})
}

func BenchmarkStore_InsertOpinions(b *testing.B) {
	s := storetest.Open(b)
	if dir := os.Getenv("LIFA_BENCH_DIR"); dir != "" {
		var err error
		s, err = store.Open(context.Background(), filepath.Join(dir, fmt.Sprintf("bench-%d.db", time.Now().UnixNano())))
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
	}
	ctx := context.Background()
	v := opVersion(&testing.T{}, s)
	now := time.Now().UTC()
	c := &drafts.Consultation{VersionID: v.ID, Audience: drafts.AudiencePublic, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}
	if err := s.CreateConsultation(ctx, "staff", c); err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{1, 16, 100} {
		b.Run(fmt.Sprintf("batch%d", size), func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				batch := make([]*drafts.Opinion, size)
				for i := range batch {
					batch[i] = &drafts.Opinion{VersionID: v.ID, ConsultationID: c.ID, Article: 1, Text: "建议增加对破坏湿地行为的罚款数额，并公开处罚结果。", Source: drafts.SourcePublic}
				}
				if err := s.InsertOpinions(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "opinions/s")
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N*size), "cpu-µs/opinion")
		})
	}
}

// cpuTime is the CPU time this process has used: on a shared machine it
// measures the work better than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// consultationFor applies the domain rule (drafts.ConsultationFor) to the
// consultations the store lists for a version: their audiences and contact
// points must round-trip for it to choose right.
func consultationFor(t *testing.T, s *store.Store, versionID int64, now time.Time, source drafts.Source, cpID int64) (*drafts.Consultation, error) {
	t.Helper()
	list, err := s.Consultations(context.Background(), store.ConsultationFilter{VersionID: versionID})
	if err != nil {
		t.Fatal(err)
	}
	return drafts.ConsultationFor(list, now, source, cpID)
}
