package server

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"lifa/drafts"
)

// TestBrowser_ReportEditor drafts a report in the browser and edits it as
// a clerk would, by keyboard where it matters: move a section up, rewrite
// its text, unlink an opinion and link it again from the list, save (a new
// revision), mark it final and export it; then publish and open the
// letter to the contact point and the public feedback. With
// LIFA_SCREENSHOTS=DIR each page is photographed (b.shots).
func TestBrowser_ReportEditor(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	f := newReportFixture(t)
	f.addAccount(t, "clerk", drafts.RoleStaff, 0)
	base := f.serve(t)
	b.do("open the sign-in page", chromedp.Navigate(base+"/admin/login"),
		chromedp.SendKeys(css("#name"), "clerk"), chromedp.SendKeys(css("#password"), "password-123"))
	b.follow("sign in", chromedp.Submit(css("#password")))
	b.do("open the reports", chromedp.Navigate(fmt.Sprintf("%s/regulations/%d/reports", base, f.version.RegulationID)))
	b.shots("reports-index")
	b.follow("draft the report", chromedp.Click(css(`form[action$="/reports"] button[type=submit]`)))
	b.shots("report-editor")
	if first := strings.Join(strings.Fields(b.text("#sections > li:first-child .sec-title")), ""); first != "第1部分修改" {
		t.Fatalf("first section %q", first)
	}
	if href := b.attr("#sections > li:first-child .sec-compare", "href"); !strings.Contains(href, "/compare?from=") || !strings.Contains(href, "#art-") {
		t.Errorf("the section's link to its row of the 对照表: %q", href)
	}
	b.do("move the second section up by keyboard",
		chromedp.Focus(css("#sections > li:nth-child(2) .sec-up")), chromedp.KeyEvent("\r"))
	if id := b.attr("#sections > li:first-child", "data-id"); id != "others" {
		t.Fatalf("after moving up, the first section is %q", id)
	}
	if n, focus := b.text("#sections > li:first-child .sec-num"), b.eval(`document.activeElement.className`); n != "1" || !strings.Contains(focus, "sec-") {
		t.Errorf("numbering %q, focus on %q", n, focus)
	}
	b.poll(`document.getElementById("announce").textContent.includes("已移为第 1 部分")`)
	op := fmt.Sprint(f.adopted.ID)
	b.eval(`document.querySelector("#sections > li:first-child textarea[id^=text_]").value = ""`)
	b.do("rewrite the text and unlink the opinion",
		chromedp.SendKeys(css("#sections > li:first-child textarea[id^=text_]"), "根据有关方面的意见，建议对第三条作如下修改。"),
		chromedp.Click(css("#sections > li:nth-child(2) .op-unlink")))
	if ids := b.value("#sections > li:nth-child(2) .op-ids"); ids != "" {
		t.Errorf("after unlinking, the ids are %q", ids)
	}
	b.do("link it again from the list",
		chromedp.SendKeys(css("#sections > li:nth-child(2) .op-pick"), op), chromedp.KeyEvent("\r"))
	if ids, chips := b.value("#sections > li:nth-child(2) .op-ids"), b.eval(`String(document.querySelectorAll("#sections > li:nth-child(2) .op-chip").length)`); ids != op || chips != "1" {
		t.Errorf("after linking, ids %q and %s chips", ids, chips)
	}
	b.follow("save", chromedp.Click(css("#save")))
	if rev, first := b.text("#revision"), b.attr("#sections > li:first-child", "data-id"); !strings.Contains(rev, "第 2 稿") || first != "others" {
		t.Fatalf("after saving: %q, first section %q", rev, first)
	}
	if text := b.value("#sections > li:first-child textarea[id^=text_]"); text != "根据有关方面的意见，建议对第三条作如下修改。" {
		t.Errorf("saved text %q", text)
	}
	b.follow("mark revision 2 final", chromedp.Click(css(`#revisions form button.mark-final`)))
	if final := b.text("#final"); !strings.Contains(final, "第 2 稿") {
		t.Errorf("final %q", final)
	}
	got := b.eval(`fetch(document.getElementById("export").href).then(r => r.status + " " + r.headers.get("content-type") + " " + decodeURIComponent(r.headers.get("content-disposition")))`)
	if !strings.HasPrefix(got, "200 application/vnd.openxmlformats-officedocument.wordprocessingml.document") || !strings.Contains(got, "第2稿（定稿）.docx") {
		t.Errorf("export: %s", got)
	}
	b.shots("report-editor-saved")
	b.do("read revision 1", chromedp.Navigate(b.eval(`location.href.split("?")[0]`)+"?rev=1"), chromedp.WaitVisible(css("#read-only")))
	b.shots("report-revision")
	if href := b.attr("#export", "href"); !strings.HasSuffix(href, "/docx?rev=1") {
		t.Errorf("revision 1 exports %q", href)
	}

	// The letter and the public feedback, published by the clerk.
	b.do("open the letters", chromedp.Navigate(fmt.Sprintf("%s/staff/consultations/%d/letters", base, f.closed.ID)))
	b.follow("publish the letters", chromedp.Click(css("#publish-letters")))
	b.shots("letters")
	b.do("open the letter", chromedp.Navigate(fmt.Sprintf("%s/consultations/%d/letters/%d", base, f.closed.ID, f.cp.ID)),
		chromedp.WaitVisible(css(".letter")))
	b.shots("feedback-letter")
	b.do("open the public feedback", chromedp.Navigate(fmt.Sprintf("%s/consultations/%d/feedback", base, f.closed.ID)))
	b.follow("publish the public feedback", chromedp.Click(css("#publish")))
	b.do("read it", chromedp.WaitVisible(css("#points")))
	b.shots("public-feedback")

	// The contact point's liaison, in a browser of their own, finds the
	// letter from the dashboard.
	f.addAccount(t, "cp-liaison", drafts.RoleLiaison, f.cp.ID)
	lb := browserSteps{t, newBrowser(t)}
	lb.do("the liaison signs in", chromedp.Navigate(base+"/admin/login"),
		chromedp.SendKeys(css("#name"), "cp-liaison"), chromedp.SendKeys(css("#password"), "password-123"))
	lb.follow("sign in", chromedp.Submit(css("#password")))
	lb.do("open the dashboard", chromedp.Navigate(base+"/dashboard"))
	lb.follow("follow 意见采纳情况反馈", chromedp.Click(css("#letters-link")))
	lb.shots("my-letters")
	if n := lb.eval(`String(document.querySelectorAll("#my-letters > li").length)`); n != "1" {
		t.Fatalf("the liaison sees %s letters, want 1", n)
	}
	lb.follow("open the letter", chromedp.Click(css("#my-letters > li > a")))
	if text := lb.text(".letter"); !strings.Contains(text, f.cp.Name) || strings.Contains(text, "尚未发布") {
		t.Errorf("the liaison's letter: %q", text)
	}
}

// follow runs an action that leads to another page (a click on a
// form's button) and waits until that page has loaded.
func (b browserSteps) follow(what string, a chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if _, err := chromedp.RunResponse(b.ctx, a); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// attr returns an attribute of the first element sel matches.
func (b browserSteps) attr(sel, name string) string {
	b.t.Helper()
	return b.eval(`document.querySelector(` + jsQuote(sel) + `).getAttribute(` + jsQuote(name) + `) || ""`)
}

func jsQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }
