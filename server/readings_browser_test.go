package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lifa/drafts"
	"lifa/drafts/demo"
	"lifa/drafts/readings"
)

// Browser tests of issue 12, workflow 1 (staff run a reading). With
// LIFA_SCREENSHOTS=DIR each new page is photographed (b.shots).

// readingFixture is the opinions fixture (a regulation, its 征求意见稿 and
// an open public consultation on it) with a 一审稿 after it, a clerk
// signed in, and the server's base URL.
type readingFixture struct {
	*opFixture
	second *drafts.Version
	base   string
	b      browserSteps
}

func newReadingFixture(t *testing.T, role ...drafts.Role) *readingFixture {
	t.Helper()
	b := browserSteps{t, newBrowser(t)}
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	data, err := demo.File("guangzhou-wetland-protection-2020.md")
	if err != nil {
		t.Fatal(err)
	}
	v2, err := f.readings.ImportUpload(context.Background(), "staff", f.version.RegulationID,
		readings.Upload{Stage: "first-reading", Filename: "wetland.md", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	r := drafts.RoleStaff
	if len(role) > 0 {
		r = role[0]
	}
	f.addAccount(t, "clerk", r, 0)
	rf := &readingFixture{opFixture: f, second: v2, base: f.serve(t), b: b}
	b.do("open the sign-in page", chromedp.Navigate(rf.base+"/admin/login"),
		chromedp.SendKeys(css("#name"), "clerk"), chromedp.SendKeys(css("#password"), staffPassword))
	b.follow("sign in", chromedp.Submit(css("#password")))
	return rf
}

func (f *readingFixture) open(path string, waitFor string) {
	f.b.t.Helper()
	f.b.do("open "+path, chromedp.Navigate(f.base+path), chromedp.WaitVisible(css(waitFor)))
}

// TestBrowser_StartConsultationFromVersion: the version page's link opens
// the form with the reading named and the title proposed (no version
// number to type); the consultation opens on that reading.
func TestBrowser_StartConsultationFromVersion(t *testing.T) {
	f := newReadingFixture(t)
	b := f.b
	f.open(fmt.Sprintf("/versions/%d", f.second.ID), "#new-consultation")
	b.follow("follow 就此版本发起征求意见", chromedp.Click(css("#new-consultation")))
	b.shots("consultation-new")
	if got := b.text("#consulted-on"); !strings.Contains(got, "广州市湿地保护规定（修订）") || !strings.Contains(got, "一审稿") {
		t.Errorf("the form names %q", got)
	}
	if n := b.eval(`String(document.querySelectorAll('input[name=version_id]:not([type=hidden])').length)`); n != "0" {
		t.Errorf("%s visible version number fields", n)
	}
	if title := b.value("#title"); !strings.Contains(title, "一审稿") {
		t.Errorf("proposed title %q", title)
	}
	b.follow("open it", chromedp.Click(css(`form[action="/staff/consultations/new"] button[type=submit]`)))
	if got := b.text(".flash"); !strings.Contains(got, "已发起征求意见") {
		t.Errorf("flash %q", got)
	}
	if href := b.attr(".meta a[href^='/versions/']", "href"); href != fmt.Sprintf("/versions/%d", f.second.ID) {
		t.Errorf("the consultation is on %s", href)
	}
}

// TestBrowser_ManageConsultation: a clerk extends a consultation, then
// closes it early; both appear in the page's change log with the reasons,
// and in the audit log.
func TestBrowser_ManageConsultation(t *testing.T) {
	f := newReadingFixture(t)
	b := f.b
	f.open(fmt.Sprintf("/consultations/%d", f.cons.ID), "#manage-consultation")
	b.follow("open the edit form", chromedp.Click(css("#manage-consultation")))
	b.shots("consultation-edit")
	later := f.cons.ClosesAt.Add(10 * 24 * time.Hour).In(drafts.ChinaTime).Format(drafts.LocalInputLayout)
	b.do("extend by ten days", chromedp.SetValue(css("#closes_at"), later), chromedp.SendKeys(css("#reason"), "应联系点要求延长十日"))
	b.follow("save", chromedp.Click(css(`form[action$="/edit"] button[type=submit]`)))
	if got := b.text("#changes"); !strings.Contains(got, "延长征求意见期") || !strings.Contains(got, "应联系点要求延长十日") {
		t.Errorf("change log after extending: %q", got)
	}
	b.follow("open the edit form again", chromedp.Click(css("#manage-consultation")))
	b.do("give a reason", chromedp.SendKeys(css("#close-reason"), "草案需作重大修改，另行征求意见"))
	b.follow("close early", chromedp.Click(css("#close-now")))
	b.shots("consultation-changes")
	log := b.text("#changes")
	if !strings.Contains(log, "提前结束征求意见") || !strings.Contains(log, "草案需作重大修改") || strings.Index(log, "提前结束") > strings.Index(log, "延长") {
		t.Errorf("change log after closing: %q", log)
	}
	if status := b.text(".cons-status"); !strings.Contains(status, "已") {
		t.Errorf("status after closing: %q", status)
	}
	if n := b.eval(`String(document.querySelectorAll('a[href*="/opinion?article"]').length)`); n != "0" {
		t.Errorf("%s opinion links on a closed consultation", n)
	}
	f.open(fmt.Sprintf("/admin/audit?entity=consultation&entity_id=%d", f.cons.ID), "main h1")
	if got := b.text("main"); !strings.Contains(got, "延长征求意见期") || !strings.Contains(got, "提前结束征求意见") || !strings.Contains(got, "草案需作重大修改") {
		t.Errorf("the audit log reads %q", got)
	}
}

// TestBrowser_EditProject: the project's metadata and status; a status
// left empty follows the latest reading's stage.
func TestBrowser_EditProject(t *testing.T) {
	f := newReadingFixture(t)
	b := f.b
	reg := fmt.Sprintf("/regulations/%d", f.version.RegulationID)
	f.open(reg, "#edit-regulation")
	if got := b.text("main .meta"); !strings.Contains(got, "状态：一审稿") {
		t.Errorf("status before editing: %q", got)
	}
	b.follow("edit", chromedp.Click(css("#edit-regulation")))
	b.shots("regulation-edit")
	b.eval(`document.getElementById("committee").value = ""; ""`)
	b.do("set committee and status", chromedp.SendKeys(css("#committee"), "城建环保工作委员会"), chromedp.SendKeys(css("#status"), "暂缓审议"))
	b.follow("save", chromedp.Click(css(`form[action$="/edit"] button[type=submit]`)))
	if got := b.text("main .meta"); !strings.Contains(got, "状态：暂缓审议") || !strings.Contains(got, "城建环保工作委员会") {
		t.Errorf("after saving: %q", got)
	}
	b.follow("edit again", chromedp.Click(css("#edit-regulation")))
	b.eval(`document.getElementById("status").value = ""; ""`)
	b.follow("clear the status", chromedp.Click(css(`form[action$="/edit"] button[type=submit]`)))
	if got := b.text("main .meta"); !strings.Contains(got, "状态：一审稿") {
		t.Errorf("after clearing the status: %q", got)
	}
}

// TestBrowser_WithdrawVersion: a reading uploaded by mistake is withdrawn:
// its page says so, the project page and the 对照表 default leave it out,
// the API's latest is the reading before, and the audit log has it.
func TestBrowser_WithdrawVersion(t *testing.T) {
	f := newReadingFixture(t)
	b := f.b
	f.open(fmt.Sprintf("/versions/%d", f.second.ID), "#withdraw")
	b.do("open the withdraw form", chromedp.Click(css("#withdraw summary")), chromedp.SendKeys(css("#withdraw-reason"), "误传了旧文本"))
	b.follow("withdraw", chromedp.Click(css("#withdraw button[type=submit]")))
	b.shots("version-withdrawn")
	if got := b.text("#withdrawn"); !strings.Contains(got, "此版本已撤回") || !strings.Contains(got, "误传了旧文本") {
		t.Errorf("withdrawn note %q", got)
	}
	f.open(fmt.Sprintf("/regulations/%d", f.version.RegulationID), ".timeline")
	if n := b.eval(`String(document.querySelectorAll('.timeline a[href="/versions/` + itoa(f.second.ID) + `"]').length)`); n != "0" {
		t.Error("the withdrawn reading is in the timeline")
	}
	if got := b.eval(`document.getElementById("withdrawn-versions").textContent`); !strings.Contains(got, "误传了旧文本") {
		t.Errorf("withdrawn list %q", got)
	}
	if got := b.text("main .meta"); !strings.Contains(got, "状态：征求意见稿") {
		t.Errorf("status after withdrawal: %q", got)
	}
	w := f.get(fmt.Sprintf("/api/v1/regulations/%d", f.version.RegulationID))
	var r drafts.Regulation
	decode(t, w, &r)
	if r.Latest == nil || r.Latest.ID != f.version.ID {
		t.Errorf("API latest %+v", r.Latest)
	}
	f.open("/admin/audit?entity=version", "main h1")
	if got := b.text("main"); !strings.Contains(got, "撤回版本") {
		t.Error("the audit log does not show the withdrawal")
	}
	// A second regulation-wide reading makes a comparison; the withdrawn
	// one is not its default.
	v3, err := f.readings.ImportUpload(context.Background(), "staff", f.version.RegulationID,
		readings.Upload{Stage: "second-reading", Filename: "a.md", Data: []byte("# 广州市湿地保护规定\n第一条　为了保护湿地，制定本规定。\n")})
	if err != nil {
		t.Fatal(err)
	}
	f.open(fmt.Sprintf("/regulations/%d/compare", f.version.RegulationID), "#cmp-from")
	if from, to := b.value("#cmp-from"), b.value("#cmp-to"); from != itoa(f.version.ID) || to != itoa(v3.ID) {
		t.Errorf("default comparison %s → %s, want %d → %d", from, to, f.version.ID, v3.ID)
	}
}

// TestBrowser_UploadPreview: an upload with a repeated 第一条 and a skipped
// number is shown with its structure and warnings; only the confirmation
// creates the version.
func TestBrowser_UploadPreview(t *testing.T) {
	f := newReadingFixture(t)
	b := f.b
	f.open(fmt.Sprintf("/regulations/%d/versions/new", f.version.RegulationID), "#text")
	text := "广州市湿地保护规定\n第一章　总则\n第一条　为了保护湿地，制定本规定。\n第一条　本规定适用于本市。\n第三条　本规定自公布之日起施行。\n"
	b.do("paste the text", chromedp.SetValue(css("#stage"), "second-reading"), chromedp.SetValue(css("#text"), text))
	b.follow("upload", chromedp.Click(css(`form[action$="/versions/new"] button[type=submit]`)))
	b.shots("version-preview")
	warn := b.text("#preview-warnings")
	if !strings.Contains(warn, "条文序号重复") || !strings.Contains(warn, "缺少") {
		t.Errorf("warnings %q", warn)
	}
	if got := b.text("#preview-count"); !strings.Contains(got, "共 3 条") {
		t.Errorf("count %q", got)
	}
	if vs, _ := f.store.Versions(context.Background(), f.version.RegulationID); len(vs) != 2 {
		t.Fatalf("%d readings before confirming, want 2", len(vs))
	}
	b.follow("confirm", chromedp.Click(css("#confirm-upload")))
	if got := b.text(".flash"); !strings.Contains(got, "已创建二审稿") {
		t.Errorf("flash %q", got)
	}
	if vs, _ := f.store.Versions(context.Background(), f.version.RegulationID); len(vs) != 3 {
		t.Errorf("%d readings after confirming, want 3", len(vs))
	}
}

// TestBrowser_DuplicateTitle: a project of an existing title is flagged
// with a link to it, and created when the clerk confirms.
func TestBrowser_DuplicateTitle(t *testing.T) {
	f := newReadingFixture(t)
	b := f.b
	f.open("/regulations/new", "#title")
	b.do("type the title", chromedp.SendKeys(css("#title"), "广州市湿地保护规定（修订）"))
	b.follow("create", chromedp.Click(css(`form[action="/regulations/new"] button[type=submit]`)))
	b.shots("regulation-duplicate")
	if got := b.text("#duplicate"); !strings.Contains(got, "广州市湿地保护规定（修订）") {
		t.Fatalf("duplicate note %q", got)
	}
	if href := b.attr("#duplicate a", "href"); href != fmt.Sprintf("/regulations/%d", f.version.RegulationID) {
		t.Errorf("link to %q", href)
	}
	b.do("confirm", chromedp.Click(css("#allow_duplicate")))
	b.follow("create anyway", chromedp.Click(css(`form[action="/regulations/new"] button[type=submit]`)))
	if got := b.text(".flash"); !strings.Contains(got, "已新建") {
		t.Errorf("flash %q", got)
	}
}

// TestBrowser_StagesAdmin: an administrator follows the accounts page's
// link, adds a stage, renames it and removes it.
func TestBrowser_StagesAdmin(t *testing.T) {
	f := newReadingFixture(t, drafts.RoleAdmin)
	b := f.b
	f.open("/admin/accounts", `a[href="/admin/stages"]`)
	b.follow("follow the link", chromedp.Click(css(`a[href="/admin/stages"]`)))
	b.do("add 四审稿", chromedp.SendKeys(css("#stage-name"), "四审稿"), chromedp.SendKeys(css("#stage-code"), "fourth-reading"))
	b.follow("add", chromedp.Click(css(`form[action="/admin/stages"] button[type=submit]`)))
	b.shots("admin-stages")
	if got := b.text("#stages"); !strings.Contains(got, "fourth-reading") {
		t.Fatalf("stages %q", got)
	}
	b.eval(`document.querySelector('#stage-fourth-reading input[name=name]').value = "第四次审议稿"; ""`)
	b.follow("rename", chromedp.Click(css("#stage-fourth-reading button[type=submit]")))
	if got := b.value("#stage-fourth-reading input[name=name]"); got != "第四次审议稿" {
		t.Errorf("renamed to %q", got)
	}
	b.follow("delete a stage in use", chromedp.Click(css("#stage-first-reading .danger")))
	if got := b.text(".flash"); !strings.Contains(got, "不能删除") {
		t.Errorf("deleting a stage in use: %q", got)
	}
	b.follow("delete", chromedp.Click(css("#stage-fourth-reading .danger")))
	if n := b.eval(`String(document.querySelectorAll('#stage-fourth-reading').length)`); n != "0" {
		t.Error("the stage is still listed")
	}
}

// TestBrowser_ReadingLinks: a version page links to the previous and next
// readings and to the comparison with the previous one; the project page
// shows its open consultation.
func TestBrowser_ReadingLinks(t *testing.T) {
	f := newReadingFixture(t)
	b := f.b
	f.open(fmt.Sprintf("/versions/%d", f.version.ID), "#next-reading")
	if n := b.eval(`String(document.querySelectorAll('#prev-reading, #compare-prev').length)`); n != "0" {
		t.Errorf("the first reading has %s links back", n)
	}
	b.follow("next reading", chromedp.Click(css("#next-reading")))
	b.shots("version-around")
	if href := b.attr("#prev-reading", "href"); href != fmt.Sprintf("/versions/%d", f.version.ID) {
		t.Errorf("previous reading %q", href)
	}
	b.follow("compare with the previous", chromedp.Click(css("#compare-prev")))
	if from, to := b.value("#cmp-from"), b.value("#cmp-to"); from != itoa(f.version.ID) || to != itoa(f.second.ID) {
		t.Errorf("comparison %s → %s", from, to)
	}
	f.open(fmt.Sprintf("/regulations/%d", f.version.RegulationID), "#open-consultations")
	b.shots("regulation-open")
	if href := b.attr("#open-consultations a", "href"); href != fmt.Sprintf("/consultations/%d", f.cons.ID) {
		t.Errorf("open consultation link %q", href)
	}
	// The public sees it too.
	if body := f.get(fmt.Sprintf("/regulations/%d", f.version.RegulationID)).Body.String(); !strings.Contains(body, `id="open-consultations"`) {
		t.Error("the public does not see the open consultation")
	}
}
