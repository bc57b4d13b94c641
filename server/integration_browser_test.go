package server

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lifa/drafts"
)

// Browser tests of amendment decisions (修改决定) and similar provisions
// (类似规定). With LIFA_SCREENSHOTS=DIR each step is also photographed at
// 1280×900 and 390×844, for people to look at.

// shots photographs the page at both sizes into $LIFA_SCREENSHOTS, if set.
func (b browserSteps) shots(name string) {
	b.t.Helper()
	dir := os.Getenv("LIFA_SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, size := range [][2]int64{{1280, 900}, {390, 844}} {
		b.do("viewport", chromedp.EmulateViewport(size[0], size[1]), chromedp.Sleep(150*time.Millisecond))
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			b.t.Fatalf("screenshot %s: %v", name, err)
		}
		file := filepath.Join(dir, name+"-"+strconv.FormatInt(size[0], 10)+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			b.t.Fatal(err)
		}
	}
	b.do("viewport", chromedp.EmulateViewport(390, 844))
}

// poll waits until js is true.
func (b browserSteps) poll(js string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](js)); err != nil {
		b.t.Fatalf("wait for %s: %v", js, err)
	}
}

func (b browserSteps) eval(js string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return s
}

// TestBrowser_AmendmentDecision: staff open the 对照表, follow 生成修改决定,
// read the decision and download it as Word.
func TestBrowser_AmendmentDecision(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	ts := newTestServer(t)
	reg, vs := amendProject(t, ts, amendTexts...)
	newAccount(t, ts.Server, "staff1", "王工作", drafts.RoleStaff, 0)
	base := serveTest(t, ts.Server)

	b.login(base, "staff1", "/regulations/"+itoa(reg)+"/compare")
	b.do("open the 对照表", chromedp.WaitVisible(css(".lifa-compare")))
	b.do("follow 生成修改决定", chromedp.Click(css(`a[href^="/regulations/`+itoa(reg)+`/amendment?"]`)),
		chromedp.WaitVisible(css("article.decision")))
	title := b.text(".decision-title")
	items := b.eval(`String(document.querySelectorAll('.decision-item').length)`)
	first := b.text(".decision-item p")
	b.shots("amendment-decision")
	// The decision's meta, filled in and generated again.
	b.do("fill in who decides", chromedp.Click(css(".amend-meta summary")),
		chromedp.SendKeys(css("#am-body"), "广州市人民代表大会常务委员会"),
		chromedp.SetValue(css("#am-date"), "2025-12-17"),
		chromedp.Click(css(".amend-picker button[type=submit]")),
		chromedp.WaitVisible(css(".decision-adopted")))
	titled := b.text(".decision-title")
	adopted := b.text(".decision-adopted")
	// The Word download, as the browser gets it.
	word := b.eval(`(async () => {
		const a = [...document.querySelectorAll('a')].find(a => a.textContent.includes('下载 Word'));
		const r = await fetch(a.href);
		const buf = new Uint8Array(await r.arrayBuffer());
		return [r.status, r.headers.get('Content-Type'), decodeURIComponent(r.headers.get('Content-Disposition')),
			String.fromCharCode(buf[0], buf[1]), a.getAttribute('href')].join(' | ');
	})()`)

	if title != "关于修改《湿地条例》的决定" || items != "3" || !strings.HasPrefix(first, "一、将第二条修改为") {
		t.Errorf("decision: %q, %s items, first %q", title, items, first)
	}
	if titled != "广州市人民代表大会常务委员会关于修改《湿地条例》的决定" || !strings.HasPrefix(adopted, "（2025年12月17日") {
		t.Errorf("with meta: %q %q", titled, adopted)
	}
	if !strings.HasPrefix(word, "200 | application/vnd.openxmlformats-officedocument.wordprocessingml.document | attachment") ||
		!strings.Contains(word, "湿地条例-修改决定-1-2.docx") || !strings.Contains(word, "| PK |") ||
		!strings.Contains(word, "from="+itoa(vs[0])) || !strings.Contains(word, "body=") {
		t.Errorf("Word download: %s", word)
	}
}

// TestBrowser_ApplyDecision: staff open a version, choose
// 依修改决定生成修正文本, paste a decision, read the report of every item,
// confirm, and land on the new version.
func TestBrowser_ApplyDecision(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	ts := newTestServer(t)
	reg, vs := amendProject(t, ts, amendTexts...)
	newAccount(t, ts.Server, "staff1", "王工作", drafts.RoleStaff, 0)
	dec := ts.get("/api/v1/regulations/" + itoa(reg) + "/amendment?format=text&date=2025-12-17").Body.String()
	base := serveTest(t, ts.Server)

	b.login(base, "staff1", "/versions/"+itoa(vs[0]))
	b.do("follow 依修改决定生成修正文本", chromedp.Click(css(`a[href="/versions/`+itoa(vs[0])+`/apply"]`)),
		chromedp.WaitVisible(css("#decision-text")))
	b.shots("apply-form")
	// A wrong item first: the report says which and offers no confirmation.
	bad := strings.Replace(dec, "将第二条", "将第十二条", 1)
	b.do("check a wrong decision", chromedp.SetValue(css("#decision-text"), bad),
		chromedp.Click(css(".apply-form button[type=submit]")), chromedp.WaitVisible(css(".apply-report")))
	failSummary := b.text(".apply-summary")
	failItem := b.text(".apply-item-fail")
	confirmShown := b.eval(`String(!!document.querySelector('form[action$="/apply/confirm"]'))`)
	b.shots("apply-report-fail")
	// Corrected in the box the report offers.
	b.do("check the corrected decision", chromedp.SetValue(css("#decision-text"), dec),
		chromedp.Click(css(".apply-form button[type=submit]")), chromedp.WaitVisible(css("#apply-stage")))
	okSummary := b.text(".apply-summary")
	okItems := b.eval(`String(document.querySelectorAll('.apply-item-ok').length)`)
	b.shots("apply-report")
	if n := versionCount(t, ts, reg); n != 2 {
		t.Fatalf("%d versions before confirming, want 2", n)
	}
	b.do("confirm", chromedp.SetValue(css("#apply-stage"), "promulgated"),
		chromedp.SendKeys(css("#apply-label"), "2025年修正"),
		chromedp.Click(css(`form[action$="/apply/confirm"] button[type=submit]`)),
		chromedp.WaitVisible(css(".version-head")))
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	head := b.text(".version-head")
	flash := b.eval(`(document.querySelector('.flash') || {}).textContent || ''`)
	b.shots("apply-new-version")

	if !strings.Contains(failSummary, "其中 1 项不能适用") || !strings.Contains(failItem, "第十二条") || confirmShown != "false" {
		t.Errorf("report of a wrong decision: %q / %q / confirm shown %s", failSummary, failItem, confirmShown)
	}
	if !strings.Contains(okSummary, "全部可以适用") || okItems != "3" {
		t.Errorf("report: %q, %s items apply", okSummary, okItems)
	}
	if n := versionCount(t, ts, reg); n != 3 {
		t.Errorf("%d versions after confirming, want 3", n)
	}
	if !strings.Contains(loc, "/versions/") || strings.HasSuffix(loc, "/versions/"+itoa(vs[0])) ||
		!strings.Contains(head, "公布") || !strings.Contains(head, "2025年修正") || !strings.Contains(flash, "已依修改决定生成第 3 版") {
		t.Errorf("after confirming: %s, head %q, flash %q", loc, head, flash)
	}
}

// TestBrowser_SimilarPanel: the public open 类似规定 under an article with
// the keyboard, filter, close it with Escape, and open a provision side by
// side.
func TestBrowser_SimilarPanel(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	f := newSimilarFixture(t)
	base := serveTest(t, f.Server)
	sz := "/versions/" + itoa(f.szVersion)

	b.do("open the version page", chromedp.Navigate(base+sz+"#art-1"), chromedp.WaitVisible(css("#art-1 button.similar-button")))
	before := b.eval(`String(document.querySelectorAll('.similar-panel').length)`)
	b.do("open 类似规定 with the keyboard", chromedp.Focus(css("#art-1 button.similar-button")), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(css("#art-1 .similar-hit")))
	expanded := b.eval(`document.querySelector('#art-1 button.similar-button').getAttribute('aria-expanded')`)
	firstHit := b.text("#art-1 .similar-hit .similar-src")
	live := b.eval(`document.querySelector('#art-1 [role=status]').textContent`)
	b.shots("similar-panel")
	// A filter that finds nothing: the panel says so and focus goes to it.
	b.do("filter by 规章", chromedp.Click(css(`#art-1 input[name=level][value="规章"]`)),
		chromedp.Click(css("#art-1 .similar-filter button[type=submit]")))
	b.poll(`!document.querySelector('#art-1 .similar-panel').hasAttribute('aria-busy') && !document.querySelector('#art-1 .similar-hit')`)
	empty := b.text("#art-1 .similar-status")
	focused := b.eval(`document.activeElement.className`)
	b.do("clear the filter", chromedp.Click(css(`#art-1 input[name=level][value="规章"]`)),
		chromedp.Click(css("#art-1 .similar-filter button[type=submit]")), chromedp.WaitVisible(css("#art-1 .similar-hit")))
	// Escape closes the panel and gives focus back to its button.
	b.do("escape", chromedp.Focus(css("#art-1 .similar-status")), chromedp.KeyEvent("\x1b"))
	closed := b.eval(`document.querySelector('#art-1 .similar-panel').hidden + ' ' + document.activeElement.className`)
	b.do("open again and follow 并排对照", chromedp.Click(css("#art-1 button.similar-button")),
		chromedp.Click(css("#art-1 .similar-actions a")), chromedp.WaitVisible(css(".similar-beside")))
	beside := b.text(".similar-beside")
	marks := b.eval(`document.querySelectorAll('.similar-beside .cell.old del').length + ' ' + document.querySelectorAll('.similar-beside .cell.new ins').length`)
	overflow := b.eval(`String(document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)`)
	b.shots("similar-beside")

	if before != "0" || expanded != "true" || !strings.Contains(firstHit, "广州市湿地保护规定") || !strings.Contains(live, "类似规定") {
		t.Errorf("panel: %s panels before, expanded %s, first hit %q, live %q", before, expanded, firstHit, live)
	}
	if !strings.Contains(empty, "没有找到类似规定") || focused != "similar-status" {
		t.Errorf("filtered: %q, focus on %q", empty, focused)
	}
	if closed != "true link similar-button" {
		t.Errorf("after Escape: %q", closed)
	}
	if !strings.Contains(beside, "深圳市湿地保护条例") || !strings.Contains(beside, "广州市湿地保护规定") || strings.HasPrefix(marks, "0") ||
		strings.HasSuffix(marks, " 0") || overflow != "false" {
		t.Errorf("side by side: %q, marks %s, scrolls sideways %s", beside, marks, overflow)
	}
}

// TestBrowser_SimilarWhileRebuilding: on a consultation page, while the
// search index is being rebuilt, 类似规定 opens and says so in Chinese.
func TestBrowser_SimilarWhileRebuilding(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	f := newOpFixtureTB(t, OpinionConfig{RatePerMinute: -1}, WithSearchPending())
	base := serveTest(t, f.Server)
	b.do("open the consultation", chromedp.Navigate(base+"/consultations/"+itoa(f.cons.ID)),
		chromedp.WaitVisible(css("#art-1 button.similar-button")))
	b.do("open 类似规定", chromedp.Click(css("#art-1 button.similar-button")), chromedp.WaitVisible(css("#art-1 .similar-error")))
	msg := b.text("#art-1 .similar-error")
	b.shots("similar-rebuilding")
	if !strings.Contains(msg, "检索索引正在重建，请稍后再试") {
		t.Errorf("panel says %q", msg)
	}
}
