package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"lifa/drafts"
	"lifa/drafts/demo"
	"lifa/drafts/readings"
)

// TestBrowser_PublicOnPhone is a citizen's path on a phone (390 × 844):
// the consultation page shows 第三十条's seven items each on its own line,
// as in the text; an opinion on it lands, after the redirect, on its
// receipt naming regulation, reading, consultation and article; reloading
// submits nothing. Once answered and a next reading exists, the receipt
// says apart what became of the opinion (处理结果) and whether it is
// public (审核), and where 第三十条 went. Nothing is wider than the
// screen. With LIFA_SCREENSHOTS=DIR the pages are photographed.
func TestBrowser_PublicOnPhone(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	base := f.serve(t)
	ctx := context.Background()
	b.phone()
	b.do("open the consultation", chromedp.Navigate(fmt.Sprintf("%s/consultations/%d", base, f.cons.ID)), chromedp.WaitVisible(css("#art-30")))
	items := b.eval(`(function(){
		var ps = Array.from(document.querySelectorAll('#art-30 .cons-art-text > p'));
		var tops = ps.map(function(p){ return Math.round(p.getBoundingClientRect().top); });
		return ps.map(function(p){ return p.className; }).join(',') + ' ' + (new Set(tops).size === ps.length);
	})()`)
	if items != "para,item,item,item,item,item,item,item true" {
		t.Errorf("第三十条 shows as %q, want its paragraph and seven items on lines of their own", items)
	}
	if got := b.text("#art-30 .item"); got != "（一）围垦、开垦、填埋湿地；" {
		t.Errorf("first item %q", got)
	}
	b.noOverflow("consultation page")
	b.shots("public-consultation")
	b.screenAt("#art-30", "public-consultation-art30")

	b.do("comment on 第三十条",
		chromedp.Click(css(`#art-30 a[href$="/opinion?article=30"]`)),
		chromedp.WaitVisible(css("#text")),
		chromedp.SendKeys(css("#text"), "建议第五项改为“非法采伐树木”。"),
		chromedp.Submit(css("#text")),
		chromedp.WaitVisible(css("#receipt")))
	loc := b.eval(`location.pathname + location.search`)
	receipt := b.text("#receipt")
	if !strings.HasPrefix(loc, "/receipts?new=1&r=") || !strings.HasSuffix(loc, receipt) {
		t.Errorf("after submitting at %q (receipt %q)", loc, receipt)
	}
	for sel, want := range map[string]string{"#regulation": "广州市湿地保护规定（修订） · 征求意见稿", "#consultation": "公开征求意见", "#article": "第三十条"} {
		if got := b.text(sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	b.noOverflow("the new receipt")
	b.shots("public-receipt-new")
	b.do("reload", chromedp.Reload(), chromedp.WaitVisible(css("#receipt")))
	if _, n, _ := f.store.Opinions(ctx, drafts.OpinionFilter{VersionID: f.version.ID}); n != 1 {
		t.Errorf("%d opinions after a reload, want 1", n)
	}

	// The next reading changes 第三十条's fifth item; staff adopt the opinion.
	data, _ := demo.File("guangzhou-wetland-protection-2020.md")
	next, err := f.readings.ImportUpload(ctx, "staff", f.version.RegulationID, readings.Upload{Stage: "first-reading", Filename: "wetland.md",
		Data: []byte(strings.Replace(string(data), "（五）采伐树木；", "（五）非法采伐树木；", 1))})
	if err != nil {
		t.Fatal(err)
	}
	op, err := f.store.OpinionByReceipt(ctx, receipt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.AnswerOpinions(ctx, "staff", []int64{op.ID}, drafts.Answer{Disposition: drafts.DispositionAdopted, Reason: "已在第五项中增加“非法”。"}); err != nil {
		t.Fatal(err)
	}
	b.do("look the receipt up", chromedp.Navigate(base+"/receipts?r="+strings.ToLower(receipt)), chromedp.WaitVisible(css("#landed")))
	if got := b.text("#outcome"); got != "采纳：您的意见被采纳。" {
		t.Errorf("outcome %q", got)
	}
	if got := b.text("#moderation"); !strings.HasPrefix(got, "尚未公开") || strings.Contains(b.text("#outcome"), "审核") {
		t.Errorf("moderation %q is not said apart from the outcome", got)
	}
	if got := b.text("#answer"); got != "已在第五项中增加“非法”。" {
		t.Errorf("answer %q", got)
	}
	if got, href := b.text("#landed"), b.attr("#landed a", "href"); !strings.HasPrefix(got, "在一审稿中，第三十条的文字有修改。") ||
		href != fmt.Sprintf("/versions/%d#art-30", next.ID) {
		t.Errorf("landed %q → %q", got, href)
	}
	b.noOverflow("the answered receipt")
	b.shots("public-receipt")
}

// noOverflow fails when the page is wider than the window (a sideways
// scroll on a phone).
func (b browserSteps) noOverflow(what string) {
	b.t.Helper()
	if w := b.eval(`document.documentElement.scrollWidth + '/' + document.documentElement.clientWidth`); func() bool {
		var sw, cw int
		fmt.Sscanf(w, "%d/%d", &sw, &cw)
		return sw > cw
	}() {
		b.t.Errorf("%s scrolls sideways: %s", what, w)
	}
}

// screenAt photographs the window (a phone's screen) with sel at its top
// into $LIFA_SCREENSHOTS/name.png, if set: a long page's full screenshot
// is too tall to look at.
func (b browserSteps) screenAt(sel, name string) {
	b.t.Helper()
	dir := os.Getenv("LIFA_SCREENSHOTS")
	if dir == "" {
		return
	}
	b.do("scroll to "+sel, chromedp.ScrollIntoView(css(sel)))
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
