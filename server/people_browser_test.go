package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lifa/drafts"
	"lifa/drafts/notifications"
	"lifa/drafts/notifications/smtptest"
)

// phone makes the browser's viewport a phone's, 390 × 844.
func (b browserSteps) phone() {
	b.t.Helper()
	b.do("phone viewport", chromedp.EmulateViewport(390, 844))
}

// TestBrowser_LiaisonNotifiedMeeting is the path of a contact point's
// liaison on a phone: staff address a consultation to the contact point;
// the liaison sees the unread count in the header, opens the notice, lands
// on the meeting form with that consultation chosen, adds a row, mistypes
// an article in it, gets the form back with everything typed and the row
// marked "第 6 行", corrects it, and after the redirect sees the meeting
// with its regulation and the contact point's public page counting it.
// The notice is e-mailed too, to the SMTP server the test runs.
func TestBrowser_LiaisonNotifiedMeeting(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	mail := smtptest.Start(t)
	mailer, err := notifications.ParseSMTP(mail.URL("lifa", "pw", "lifa@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	f := newOpFixtureTB(t, OpinionConfig{RatePerMinute: -1}, WithNotices(NoticeConfig{Mailer: mailer, Every: 100 * time.Millisecond}))
	cp := f.addContactPoint(t, "三元里街道基层立法联系点", "白云区三元里街道")
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	base := f.serve(t)
	b.phone()
	b.login(base, "liaison1", "/notices")
	b.do("give an e-mail address", chromedp.SendKeys(css("#email"), "liaison1@example.org"), chromedp.Submit(css("#email")),
		chromedp.WaitVisible(css(".flash")))
	if got := b.text(".flash"); !strings.Contains(got, "liaison1@example.org") {
		t.Errorf("flash after the e-mail form: %q", got)
	}

	_, pts := f.another(t, drafts.AudienceContactPoints, []int64{cp.ID}, fixtureStart.Add(-time.Hour), fixtureStart.Add(20*24*time.Hour))
	b.do("open the dashboard", chromedp.Navigate(base+"/dashboard"), chromedp.WaitVisible(css("#unread")))
	if n := b.text("#unread"); n != "1" {
		t.Errorf("unread count %q", n)
	}
	b.do("open the notice", chromedp.Click(css("#notices-link")), chromedp.WaitVisible(css(".notice-new")))
	if got := b.text(".notice-new"); !strings.Contains(got, "三元里街道基层立法联系点") || !strings.Contains(got, "广州市湿地保护规定") {
		t.Errorf("notice reads %q", got)
	}
	b.do("follow it to the meeting form", chromedp.Click(css(".notice-new a.button")), chromedp.WaitVisible(css("#place")))
	if got := b.eval(`document.querySelector('input[name=consultation_id]:checked').value`); got != itoa(pts.ID) {
		t.Errorf("the form chose consultation %s, want %d", got, pts.ID)
	}
	rows := [][2]string{{"第三条", "居民建议明确区级湿地保护经费。"}, {"", "总体赞成。"}, {"第十二条", "界标要标明举报电话。"},
		{"第二十条", "建议加大对非法捕捞的处罚。"}, {"第五十二条", "平衡车不得进入湿地。"}, {"第九百条", "条文号写错的一条。"}}
	b.do("fill in the meeting", chromedp.SetValue(css("#date"), "2026-11-18"), chromedp.SendKeys(css("#place"), "三元里街道议事厅"),
		chromedp.SendKeys(css("#participants"), "18"), chromedp.Click(css("#more-rows")), chromedp.WaitVisible(css("#text_6")))
	for i, r := range rows {
		n := i + 1
		if r[0] != "" {
			b.do("article", chromedp.SendKeys(css(fmt.Sprintf("#article_%d", n)), r[0]))
		}
		b.do("text", chromedp.SendKeys(css(fmt.Sprintf("#text_%d", n)), r[1]))
	}
	b.do("submit", chromedp.Click(css("#meeting-form button[type=submit]")), chromedp.WaitVisible(css("#meeting-error")))
	if got := b.text("#meeting-error"); !strings.Contains(got, "第 6 行") || !strings.Contains(got, "第九百条") || strings.Contains(got, "条意见") {
		t.Errorf("the refusal reads %q", got)
	}
	if place, text1, art6 := b.value("#place"), b.value("#text_1"), b.value("#article_6"); place != "三元里街道议事厅" ||
		text1 != rows[0][1] || art6 != "第九百条" {
		t.Errorf("the refused form kept place %q, row 1 %q, row 6 %q", place, text1, art6)
	}
	if cls := b.eval(`document.getElementById('row-6').className`); !strings.Contains(cls, "row-error") {
		t.Errorf("row 6 is not marked: %q", cls)
	}
	b.do("correct row 6", chromedp.SetValue(css("#article_6"), "第二十九条"), chromedp.Click(css("#meeting-form button[type=submit]")),
		chromedp.WaitVisible(css(".flash")))
	if got := b.text(".flash"); !strings.Contains(got, "已提交座谈会意见 6 条") {
		t.Errorf("flash after the meeting: %q", got)
	}
	if url := b.eval(`location.pathname + location.hash`); url != "/dashboard#meetings" {
		t.Errorf("after the meeting the browser is at %s, want the dashboard (post, redirect, get)", url)
	}
	if got := b.text(".meeting-list"); !strings.Contains(got, "广州市湿地保护规定（修订）") || !strings.Contains(got, "6 条意见") {
		t.Errorf("the meeting reads %q", got)
	}
	if got := b.text("#my-opinions"); !strings.Contains(got, "第二十九条") || !strings.Contains(got, "广州市湿地保护规定（修订）") {
		t.Errorf("opinions read %q", got)
	}
	if href := b.eval(`document.querySelector('a[href$="meeting-template.xlsx"]').getAttribute('href')`); href != "/dashboard/meeting-template.xlsx" {
		t.Errorf("Excel template link %q", href)
	}
	b.do("open the contact point's public page", chromedp.Click(css(".meta a[href^='/contact-points/']")), chromedp.WaitVisible(css("#cp-totals")))
	if got := b.text("#cp-totals"); !strings.Contains(got, "6 条") || !strings.Contains(got, "18 人次") {
		t.Errorf("public page figures %q", got)
	}
	if overflow := b.eval(`String(document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)`); overflow != "false" {
		t.Error("the contact point's page scrolls sideways on a phone")
	}
	msgs := mail.WaitFor(1, 10*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != "liaison1@example.org" || !strings.Contains(msgs[0].Subject, "征求意见") {
		t.Errorf("e-mails %+v", msgs)
	}
}

// TestBrowser_MemberNotified is a committee member's path: a consultation
// addressed to members shows in the header's count; the notice leads to the
// consultation, where the member comments on an article and gets a receipt;
// three days before the closing a reminder comes.
func TestBrowser_MemberNotified(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.addAccount(t, "member1", drafts.RoleMember, 0)
	_, c := f.another(t, drafts.AudienceMembers, nil, fixtureStart.Add(-time.Hour), fixtureStart.Add(10*24*time.Hour))
	base := f.serve(t)
	b.phone()
	b.login(base, "member1", "/")
	if n := b.text("#unread"); n != "1" {
		t.Errorf("unread count %q", n)
	}
	b.do("open the notice and follow it", chromedp.Click(css("#notices-link")), chromedp.WaitVisible(css(".notice-new")),
		chromedp.Click(css(".notice-new a.button")), chromedp.WaitVisible(css(".cons-articles")))
	if got := b.eval(`location.pathname`); got != fmt.Sprintf("/consultations/%d", c.ID) {
		t.Errorf("the notice led to %s", got)
	}
	b.do("comment on 第一条", chromedp.Click(css(`a[href$="/opinion?article=1"]`)), chromedp.WaitVisible(css("#text")),
		chromedp.SendKeys(css("#text"), "建议写明湿地的定义。"), chromedp.Submit(css("#text")), chromedp.WaitVisible(css("#receipt")))
	op, err := f.store.OpinionByReceipt(context.Background(), b.text("#receipt"))
	if err != nil || op.ConsultationID != c.ID || op.Source != drafts.SourceMember {
		t.Fatalf("stored %+v, %v", op, err)
	}
	// Seven days on, the sweep reminds the member.
	sw := notifications.New(f.store, notifications.Config{Now: func() time.Time { return fixtureStart.Add(7*24*time.Hour + time.Hour) }})
	if r, err := sw.Sweep(context.Background()); err != nil || r.Notices != 1 {
		t.Fatalf("reminder sweep %+v, %v", r, err)
	}
	b.do("the reminder", chromedp.Navigate(base+"/notices"), chromedp.WaitVisible(css(".notice-new")))
	if got := b.text(".notice-new"); !strings.Contains(got, "即将截止") {
		t.Errorf("reminder reads %q", got)
	}
}
