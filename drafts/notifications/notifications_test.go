package notifications_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/notifications"
	"lifa/drafts/notifications/smtptest"
	"lifa/drafts/parse"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

const text = "# 湿地条例\n第一条　为了保护湿地，制定本条例。\n第二条　本条例自公布之日起施行。\n"

// fixture is a version on a store, contact points A and B with liaisons
// (a1 and a2 of A, a disabled a3 of A, b1 of B), a member, and a clock.
type fixture struct {
	st             *store.Store
	now            time.Time
	version        *drafts.Version
	cpA, cpB       *drafts.ContactPoint
	a1, a2, a3, b1 *drafts.Account
	member         *drafts.Account
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{st: st, now: time.Now().UTC().Truncate(time.Second)}
	r := &drafts.Regulation{Title: "湿地条例", Kind: drafts.KindEnact}
	if err := st.CreateRegulation(ctx, "staff", r); err != nil {
		t.Fatal(err)
	}
	doc, err := parse.Parse("a.md", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if f.version, err = st.CreateVersion(ctx, "staff", drafts.NewVersion{RegulationID: r.ID, Stage: "first-reading",
		Filename: "a.md", Data: []byte(text), Document: doc}); err != nil {
		t.Fatal(err)
	}
	f.cpA, f.cpB = &drafts.ContactPoint{Name: "三元里街道基层立法联系点"}, &drafts.ContactPoint{Name: "华洲街道基层立法联系点"}
	for _, cp := range []*drafts.ContactPoint{f.cpA, f.cpB} {
		if err := st.CreateContactPoint(ctx, "admin", cp); err != nil {
			t.Fatal(err)
		}
	}
	account := func(name, display string, role drafts.Role, cp int64, disabled bool) *drafts.Account {
		a := &drafts.Account{Name: name, DisplayName: display, Role: role, ContactPointID: cp, PasswordHash: "x", Disabled: disabled}
		if err := st.CreateAccount(ctx, "admin", a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	f.a1 = account("a1", "李联络", drafts.RoleLiaison, f.cpA.ID, false)
	f.a2 = account("a2", "王联络", drafts.RoleLiaison, f.cpA.ID, false)
	f.a3 = account("a3", "停用联络", drafts.RoleLiaison, f.cpA.ID, true)
	f.b1 = account("b1", "陈联络", drafts.RoleLiaison, f.cpB.ID, false)
	f.member = account("m1", "赵委员", drafts.RoleMember, 0, false)
	return f
}

// open stores a consultation for aud (and contact points cps) from an
// hour ago for days.
func (f *fixture) open(t *testing.T, aud drafts.Audience, cps []int64, days float64) *drafts.Consultation {
	t.Helper()
	c := &drafts.Consultation{VersionID: f.version.ID, Audience: aud, ContactPointIDs: cps, OpensAt: f.now.Add(-time.Hour),
		ClosesAt: f.now.Add(time.Duration(days * 24 * float64(time.Hour)))}
	if err := f.st.CreateConsultation(context.Background(), "staff", c); err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fixture) service(cfg notifications.Config) *notifications.Service {
	cfg.Now = func() time.Time { return f.now }
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	return notifications.New(f.st, cfg)
}

// kinds returns account a's notices as "kind:consultation" strings.
func (f *fixture) kinds(t *testing.T, svc *notifications.Service, a *drafts.Account) []string {
	t.Helper()
	p, err := svc.List(context.Background(), a, 1)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range p.Messages {
		out = append(out, string(m.Kind)+":"+itoa(m.ConsultationID))
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func sweep(t *testing.T, svc *notifications.Service) notifications.SweepResult {
	t.Helper()
	r, err := svc.Sweep(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestService_Sweep checks who is told what and when: the liaisons of the
// contact point a consultation asks (not the disabled one, not another
// contact point's), the members for a members' consultation, nobody for a
// public one; a reminder when it closes within three days, once, and again
// when it is extended; none for a consultation opened inside the window.
func TestService_Sweep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		svc := f.service(notifications.Config{})
		toA := f.open(t, drafts.AudienceContactPoints, []int64{f.cpA.ID}, 10)
		members := f.open(t, drafts.AudienceMembers, nil, 20)
		f.open(t, drafts.AudiencePublic, nil, 10)

		if r := sweep(t, svc); !r.Ran || r.Notices != 3 {
			t.Fatalf("first sweep %+v, want 3 notices (a1, a2, the member)", r)
		}
		if r := sweep(t, svc); r.Notices != 0 {
			t.Fatalf("second sweep created %d notices", r.Notices)
		}
		a := "addressed:" + itoa(toA.ID)
		for _, c := range []struct {
			who  *drafts.Account
			want []string
		}{{f.a1, []string{a}}, {f.a2, []string{a}}, {f.a3, nil}, {f.b1, nil}, {f.member, []string{"addressed:" + itoa(members.ID)}}} {
			if got := f.kinds(t, svc, c.who); strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("%s: %v, want %v", c.who.Name, got, c.want)
			}
		}
		p, _ := svc.List(ctx, f.a1, 1)
		m := p.Messages[0]
		if p.Unread != 1 || !m.Unread || !strings.Contains(m.Text, "三元里街道基层立法联系点") || !strings.Contains(m.Title, "湿地条例") ||
			m.Action != "/dashboard?consultation="+itoa(toA.ID)+"#meeting-h" || m.Link != "/consultations/"+itoa(toA.ID) {
			t.Errorf("a1's notice %+v (unread %d)", m, p.Unread)
		}

		// Seven and a half days on: within three days of the closing.
		f.now = f.now.Add(7*24*time.Hour + 12*time.Hour)
		if r := sweep(t, svc); r.Notices != 2 {
			t.Fatalf("reminder sweep %+v, want 2 (a1, a2)", r)
		}
		sweep(t, svc)
		if got := f.kinds(t, svc, f.a1); len(got) != 2 || got[0] != "reminder:"+itoa(toA.ID) {
			t.Errorf("a1 after the reminder: %v", got)
		}
		// Extended by a week, then three days before the new closing: a
		// second reminder.
		if _, err := st.DB().Exec(rebind(st, `UPDATE consultations SET closes_at = ? WHERE id = ?`), toA.ClosesAt.Add(7*24*time.Hour), toA.ID); err != nil {
			t.Fatal(err)
		}
		if r := sweep(t, svc); r.Notices != 0 {
			t.Errorf("extended, not yet due: %d notices", r.Notices)
		}
		f.now = f.now.Add(7 * 24 * time.Hour)
		if r := sweep(t, svc); r.Notices != 2 {
			t.Errorf("reminder of the new closing: %+v", r)
		}
		// Opened with two days left (now, by the store's clock too): the
		// notice that addresses it is the reminder.
		f.now = time.Now().UTC()
		short := f.open(t, drafts.AudienceContactPoints, []int64{f.cpB.ID}, 2)
		if got := (sweep(t, svc)); got.Notices != 1 {
			t.Errorf("short consultation: %+v", got)
		}
		if got := f.kinds(t, svc, f.b1); len(got) != 1 || got[0] != "addressed:"+itoa(short.ID) {
			t.Errorf("b1: %v", got)
		}
		// Read.
		if n, err := svc.MarkRead(ctx, f.a1, 0); err != nil || n != 3 {
			t.Errorf("MarkRead = %d, %v", n, err)
		}
		if n, _ := svc.Unread(ctx, f.a1); n != 0 {
			t.Errorf("unread after MarkRead: %d", n)
		}
		if n, _ := svc.Unread(ctx, f.a2); n != 3 {
			t.Errorf("a2 unread: %d", n)
		}
		// Shown on the notices page, a2's notices are read, and say
		// Unread this once.
		if p, err := svc.Show(ctx, f.a2, 1); err != nil || len(p.Messages) != 3 || !p.Messages[0].Unread {
			t.Errorf("Show = %+v, %v", p, err)
		}
		if p, _ := svc.Show(ctx, f.a2, 1); p.Messages[0].Unread || p.Unread != 0 {
			t.Errorf("shown again, a2's notices %+v", p)
		}
		// A liaison set up after the consultation was addressed is told
		// on the next sweep.
		late := &drafts.Account{Name: "a4", DisplayName: "新联络员", Role: drafts.RoleLiaison, ContactPointID: f.cpB.ID, PasswordHash: "x"}
		if err := st.CreateAccount(ctx, "admin", late); err != nil {
			t.Fatal(err)
		}
		if r := sweep(t, svc); r.Notices != 1 {
			t.Errorf("late liaison: %+v", r)
		}
	})
}

// rebind writes q's placeholders for st's dialect (a test's direct SQL).
func rebind(st *store.Store, q string) string {
	if st.Dialect() != store.Postgres {
		return q
	}
	n := 0
	var b strings.Builder
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestService_Mail sends notices by e-mail to an SMTP server started here:
// only to who gave an address, once, again after a failure, and not at
// all without a mailer.
func TestService_Mail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		srv := smtptest.Start(t)
		mailer, err := notifications.ParseSMTP(srv.URL("lifa", "s3cret", "lifa@example.org"))
		if err != nil {
			t.Fatal(err)
		}
		svc := f.service(notifications.Config{Mailer: mailer, SiteURL: "https://lifa.example.org/"})
		if _, err := svc.SetEmail(ctx, f.a1, " li@example.org "); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetEmail(ctx, f.a2, "not an address"); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("bad address: %v", err)
		}
		srv.SetFail(true)
		c := f.open(t, drafts.AudienceContactPoints, []int64{f.cpA.ID}, 10)
		if err := svc.Addressed(ctx, c); err != nil {
			t.Fatal(err)
		}
		if r := sweep(t, svc); r.Notices != 0 || r.Mailed != 0 || r.Failed != 1 {
			t.Fatalf("sweep while the SMTP server refuses: %+v", r)
		}
		srv.SetFail(false)
		if r := sweep(t, svc); r.Mailed != 1 {
			t.Fatalf("sweep after the failure: %+v", r)
		}
		if r := sweep(t, svc); r.Mailed != 0 {
			t.Fatalf("mailed twice: %+v", r)
		}
		msgs := srv.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d messages", len(msgs))
		}
		m := msgs[0]
		if m.From != "lifa@example.org" || len(m.To) != 1 || m.To[0] != "li@example.org" || m.Auth != "lifa:s3cret" ||
			!strings.HasPrefix(m.Subject, "【立法】征求意见：") || !strings.Contains(m.Body, "李联络，您好") ||
			!strings.Contains(m.Body, "https://lifa.example.org/dashboard?consultation="+itoa(c.ID)) {
			t.Errorf("message %+v", m)
		}
		// Without a mailer nothing is queued for e-mail.
		plain := f.service(notifications.Config{})
		f.open(t, drafts.AudienceContactPoints, []int64{f.cpA.ID}, 10)
		if r := sweep(t, plain); r.Notices != 2 || r.Mailed != 0 {
			t.Errorf("sweep without a mailer %+v", r)
		}
		if r := sweep(t, svc); r.Mailed != 0 {
			t.Errorf("notices made without a mailer were mailed: %+v", r)
		}
	})
}

// eachDSN runs fn on a SQLite file and on a PostgreSQL schema (skipped
// without LIFA_TEST_POSTGRES), which fn may open several times.
func eachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "lifa.db")) })
	t.Run("postgres", func(t *testing.T) {
		dsn, _ := storetest.PostgresDSN(t)
		fn(t, dsn)
	})
}

// TestService_Cluster runs the sweep on several nodes at once (several
// stores on one database, as nodes sharing PostgreSQL) and restarts one
// that stopped after claiming an e-mail: every notice exists once and
// every e-mail is sent once.
func TestService_Cluster(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		var nodes []*store.Store
		for range 3 {
			st, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			nodes = append(nodes, st)
		}
		f := newFixture(t, nodes[0])
		srv := smtptest.Start(t)
		mailer, err := notifications.ParseSMTP(srv.URL("", "", "lifa@example.org"))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []*drafts.Account{f.a1, f.a2, f.b1} {
			if _, err := notifications.New(nodes[0], notifications.Config{}).SetEmail(ctx, a, a.Name+"@example.org"); err != nil {
				t.Fatal(err)
			}
		}
		var svcs []*notifications.Service
		for _, st := range nodes {
			svcs = append(svcs, notifications.New(st, notifications.Config{Mailer: mailer, Now: func() time.Time { return f.now },
				MailClaimTTL: 300 * time.Millisecond}))
		}
		// A node claims the first e-mail and stops before sending it.
		c := f.open(t, drafts.AudienceContactPoints, nil, 10)
		if err := svcs[0].Addressed(ctx, c); err != nil {
			t.Fatal(err)
		}
		if claimed, err := nodes[0].ClaimMail(ctx, time.Minute, 1); err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %v, %v", claimed, err)
		}
		// The others sweep at once, many times over.
		var wg sync.WaitGroup
		for i := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := svcs[i%len(svcs)].Sweep(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got := len(srv.Messages()); got != 2 {
			t.Errorf("%d e-mails before the stopped node's claim ran out, want 2", got)
		}
		time.Sleep(400 * time.Millisecond)
		for _, svc := range svcs {
			sweep(t, svc)
		}
		msgs := srv.Messages()
		to := map[string]int{}
		for _, m := range msgs {
			to[m.To[0]]++
		}
		if len(msgs) != 3 || to["a1@example.org"] != 1 || to["a2@example.org"] != 1 || to["b1@example.org"] != 1 {
			t.Errorf("e-mails: %v", to)
		}
		var n int
		if err := nodes[0].DB().QueryRow(`SELECT COUNT(*) FROM notices`).Scan(&n); err != nil || n != 3 {
			t.Errorf("%d notices, %v; want 3", n, err)
		}
	})
}
