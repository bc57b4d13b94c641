package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/notifications"
	"lifa/drafts/notifications/smtptest"
	"lifa/drafts/store"
)

// TestPages_Notices checks the wiring of notices: opening a consultation
// for a contact point tells its liaison at once (the header's count, the
// notices page, the API), showing the page marks them read, the e-mail
// form keeps a refused address and redirects after a good one; with
// --smtp the background sweep e-mails the notice.
func TestPages_Notices(t *testing.T) {
	mail := smtptest.Start(t)
	mailer, err := notifications.ParseSMTP(mail.URL("lifa", "pw", "lifa@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	f := newOpFixtureTB(t, OpinionConfig{RatePerMinute: -1}, WithNotices(NoticeConfig{Mailer: mailer, Every: 50 * time.Millisecond,
		SiteURL: "https://lifa.example.org"}))
	ctx := context.Background()
	cp := f.addContactPoint(t, "三元里街道基层立法联系点", "")
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	name := "李联络"
	if _, err := f.store.UpdateAccount(ctx, "admin", mustAccount(t, f, "liaison1").ID, store.AccountUpdate{DisplayName: &name}); err != nil {
		t.Fatal(err)
	}
	si := f.login(t, "liaison1")
	if w := f.form(si, "/notices/email", url.Values{"email": {"li@"}}); w.Code != http.StatusBadRequest ||
		!strings.Contains(w.Body.String(), `value="li@"`) || !strings.Contains(w.Body.String(), "无效") {
		t.Errorf("bad address = %d %s", w.Code, w.Body)
	}
	w := f.form(si, "/notices/email", url.Values{"email": {"li@example.org"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/notices" {
		t.Fatalf("address = %d %s", w.Code, w.Header().Get("Location"))
	}

	c, err := f.consultations.Open(ctx, "staff", consultations.NewConsultation{VersionID: f.version.ID,
		Audience: drafts.AudienceContactPoints, ContactPointIDs: []int64{cp.ID}, OpensAt: fixtureStart, ClosesAt: fixtureStart.Add(20 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	home := f.page(si, "/").Body.String()
	if !strings.Contains(home, `<span class="badge" id="unread">1</span>`) || !strings.Contains(home, `id="actor">李联络<`) {
		t.Errorf("header lacks the unread count or the person's name:\n%s", home[:min(len(home), 2000)])
	}
	page := f.page(si, "/notices").Body.String()
	if !strings.Contains(page, "三元里街道基层立法联系点") || !strings.Contains(page, "/dashboard?consultation="+itoa(c.ID)) ||
		!strings.Contains(page, `<span class="tag">新</span>`) || !strings.Contains(page, `value="li@example.org"`) {
		t.Errorf("notices page:\n%s", page)
	}
	if home := f.page(si, "/").Body.String(); strings.Contains(home, `id="unread"`) {
		t.Error("notices shown are still counted unread")
	}
	var p notifications.Page
	w = f.req(si, http.MethodGet, "/api/v1/me/notices", nil, false)
	decode(t, w, &p)
	if w.Code != http.StatusOK || p.Total != 1 || p.Unread != 0 || p.Email != "li@example.org" || !p.Mail {
		t.Errorf("API = %d %s", w.Code, w.Body)
	}
	if w := f.req(si, http.MethodPut, "/api/v1/me/notices/email", map[string]string{"email": "x"}, true); w.Code != http.StatusBadRequest {
		t.Errorf("API bad address = %d", w.Code)
	}
	msgs := mail.WaitFor(1, 10*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != "li@example.org" || !strings.Contains(msgs[0].Body, "李联络，您好") ||
		!strings.Contains(msgs[0].Body, "https://lifa.example.org/consultations/"+itoa(c.ID)) {
		t.Errorf("e-mails %+v", msgs)
	}
}

func mustAccount(t *testing.T, f *opFixture, name string) *drafts.Account {
	t.Helper()
	a, err := f.store.AccountByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
