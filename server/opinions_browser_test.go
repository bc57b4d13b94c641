package server

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lifa/drafts"
)

// serve starts the fixture's server on a free loopback port.
func (f *opFixture) serve(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = f.Serve(ln) }()
	return "http://" + ln.Addr().String()
}

// browserSteps wraps a chromedp context with helpers that fail the test.
type browserSteps struct {
	t   *testing.T
	ctx context.Context
}

func (b browserSteps) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func (b browserSteps) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (b browserSteps) value(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("value of %s: %v", sel, err)
	}
	return s
}

func (b browserSteps) login(base, name, next string) {
	b.t.Helper()
	b.do("sign in as "+name,
		chromedp.Navigate(base+"/admin/login?next="+next),
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#password"), "password-123"),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS("main h1")))
}

func css(s string) chromedp.CSS { return chromedp.CSS(s) }

func TestBrowser_PublicCommentAndReceipt(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	base := f.serve(t)
	b.do("open the consultation and the form for 第一条",
		chromedp.Navigate(fmt.Sprintf("%s/consultations/%d", base, f.cons.ID)),
		chromedp.Click(css(`a[href$="/opinion?article=1"]`)),
		chromedp.WaitVisible(css("#article-text")))
	// Select 湿地生态功能 in the article as a reader would, then quote it.
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`(function(){
			var p = document.querySelector('#article-text p');
			var node = p.firstChild, i = node.textContent.indexOf('湿地生态功能');
			var r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 6);
			var s = window.getSelection(); s.removeAllRanges(); s.addRange(r); return i;
		})()`)); err != nil {
		t.Fatal(err)
	}
	b.do("quote and write", chromedp.Click(css("#quote-selection")))
	quote := b.value("#quote")
	b.do("submit",
		chromedp.SendKeys(css("#text"), "建议把“湿地生态功能”改为“湿地生态系统功能”。"),
		chromedp.SendKeys(css("#name"), "李市民"),
		chromedp.Submit(css("#text")),
		chromedp.WaitVisible(css("#receipt")))
	receipt := b.text("#receipt")
	if quote != "湿地生态功能" {
		t.Errorf("quote = %q", quote)
	}
	op, err := f.store.OpinionByReceipt(context.Background(), receipt)
	if err != nil || op.Quote != "湿地生态功能" || op.Article != 1 || op.Name != "李市民" {
		t.Fatalf("stored %+v, %v", op, err)
	}
	v, _ := f.readings.Version(context.Background(), f.version.ID)
	if got := string([]rune(v.Document.Articles[0].Text)[op.QuoteStart:op.QuoteEnd]); got != op.Quote {
		t.Errorf("offsets point at %q", got)
	}
	f.store.AnswerOpinions(context.Background(), "staff", []int64{op.ID},
		drafts.Answer{Disposition: drafts.DispositionAdopted, Reason: "已采纳，第一条改为“湿地生态系统功能”。"})
	b.do("read the answer by receipt",
		chromedp.Navigate(base+"/receipts"),
		chromedp.SendKeys(css("#r"), strings.ToLower(receipt)),
		chromedp.Submit(css("#r")),
		chromedp.WaitVisible(css("#answer")))
	if disp, answer := b.text("#disposition"), b.text("#answer"); disp != "采纳" || !strings.Contains(answer, "湿地生态系统功能") {
		t.Errorf("receipt page shows %q / %q", disp, answer)
	}
}

func TestBrowser_ContactPointMeeting(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	cp := f.addContactPoint(t, "三元里街道基层立法联系点", "")
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	// The meeting form offers the consultations addressed to the contact point.
	v, _ := f.another(t, drafts.AudienceContactPoints, []int64{cp.ID}, fixtureStart.Add(-time.Hour), fixtureStart.Add(10*24*time.Hour))
	base := f.serve(t)
	b.login(base, "liaison1", "/dashboard")
	b.do("fill in the meeting",
		chromedp.WaitVisible(css("#place")),
		chromedp.SetValue(css("#date"), "2026-11-18"),
		chromedp.SendKeys(css("#place"), "三元里街道议事厅"),
		chromedp.SendKeys(css("#participants"), "18"),
		chromedp.SendKeys(css("#article_1"), "第三条"),
		chromedp.SendKeys(css("#text_1"), "居民建议明确区级湿地保护经费。"),
		chromedp.SendKeys(css("#article_2"), "第二十条"),
		chromedp.SendKeys(css("#text_2"), "建议加大对非法捕捞的处罚。"),
		chromedp.SendKeys(css("#text_3"), "总体赞成。"),
		chromedp.Submit(css("#place")),
		chromedp.WaitVisible(css(".flash")))
	if done := b.text(".flash"); !strings.Contains(done, "3 条") {
		t.Errorf("done = %q", done)
	}
	st, _ := f.store.OpinionStats(context.Background(), v.ID)
	if st.Opinions != 3 || st.People != 18 {
		t.Errorf("stats = %+v", st)
	}
}

func TestBrowser_StaffAnswerGroup(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	letter := "强烈建议将海珠湿地周边候鸟栖息地纳入重点保护范围，迁徙季节禁止施工和夜间强光照明。"
	for _, txt := range []string{letter, letter + "——张三", strings.Replace(letter, "强烈", "", 1), "建议提高罚款。"} {
		if code, m := f.post(map[string]any{"article": 10, "text": txt}); code != 201 {
			t.Fatalf("post = %d %v", code, m)
		}
	}
	base := f.serve(t)
	b.login(base, "staff1", fmt.Sprintf("/staff/opinions?version=%d", f.version.ID))
	b.do("answer the group",
		chromedp.WaitVisible(css("#group-1")),
		chromedp.SetValue(css("#a-disp"), "部分采纳"),
		chromedp.SendKeys(css("#a-reason"), "候鸟栖息地已列入第十条重点保护范围。"),
		chromedp.Click(css("#group-1")),
		chromedp.WaitVisible(css(".form-done")))
	if done := b.text(".form-done"); !strings.Contains(done, "已答复 3 条意见") {
		t.Errorf("done = %q", done)
	}
	ops, _, _ := f.store.Opinions(context.Background(), drafts.OpinionFilter{VersionID: f.version.ID, Disposition: "部分采纳"})
	if len(ops) != 3 {
		t.Errorf("%d opinions answered, want 3", len(ops))
	}
}
