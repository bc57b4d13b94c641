package server

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"lifa/drafts"
	"lifa/drafts/consultations"
)

// TestBrowser_EveryPage crawls the demo (as `lifa serve --demo` loads it)
// breadth-first from the home page, as the public and as an account of
// each role, and on every page type runs axe-core (WCAG 2.1 A and AA: no
// serious or critical violation) and looks for untranslated interface
// text (Latin words outside latinAllowed, outside the regulation and
// opinion texts). A link that answers an error is a failure too. With LIFA_SHOTS=<dir> it saves a
// screenshot of each page type at 1280x900 and 390x844.
func TestBrowser_EveryPage(t *testing.T) {
	axe := axeSource(t)
	ctx := needBrowser(t, 1280, 900, 20*time.Minute)
	d := startA11yDemo(t)
	shots := os.Getenv("LIFA_SHOTS")
	if shots != "" {
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatalf("LIFA_SHOTS: %v", err)
		}
	}
	data := append(d.accountNames(t), d.cfg.AppVersion)
	// The crawl starts at the home page, a search, and a receipt (linked
	// from nowhere: its number is given to the one who wrote the opinion).
	op, err := d.store.Opinion(context.Background(), 1)
	if err != nil {
		t.Fatalf("the demo's first opinion: %v", err)
	}
	seeds := []string{"/", "/search?q=" + url.QueryEscape("湿地"), "/receipts?r=" + url.QueryEscape(op.Receipt)}
	for _, v := range d.visitors {
		t.Run(v.label, func(t *testing.T) {
			reported := map[string]bool{} // each problem once per visitor, with the first page showing it
			report := func(p crawlPage, what, problem string) {
				t.Helper()
				if key := p.kind + "\x00" + what + "\x00" + problem; !reported[key] {
					reported[key] = true
					t.Errorf("%s on %s (%s):\n    %s", what, p.url, p.kind, problem)
				}
			}
			check := func(p crawlPage) {
				t.Helper()
				violations, err := runAxe(ctx, axe)
				if err != nil {
					t.Fatalf("axe on %s: %v", p.url, err)
				}
				for _, vi := range violations {
					report(p, "axe", vi.String())
				}
				texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]uiText](uiTextJS))
				if err != nil {
					t.Fatalf("interface text of %s: %v", p.url, err)
				}
				for _, w := range untranslated(texts, data) {
					if !reported["latin\x00"+w] { // the header's words once, not on every page
						reported["latin\x00"+w] = true
						report(p, "untranslated", w)
					}
				}
				if shots != "" && !reported["shot\x00"+p.kind] { // the first page of each kind
					reported["shot\x00"+p.kind] = true
					screenshot(t, ctx, shots, v.label, p.kind)
				}
			}
			c := &crawl{t: t, ctx: ctx, base: d.base, v: v, perKind: 2, max: 80}
			pages := c.run(seeds, check)
			// The error page is linked from nowhere.
			if err := chromedp.Do(ctx, chromedp.Navigate(d.base+"/regulations/999999")); err != nil {
				t.Fatal(err)
			}
			check(crawlPage{url: d.base + "/regulations/999999", kind: "(error page)"})
			kinds := map[string]bool{}
			for _, p := range pages {
				kinds[p.kind] = true
			}
			t.Logf("%s: %d pages of %d kinds: %s", v.label, len(pages), len(kinds), strings.Join(slices.Sorted(maps.Keys(kinds)), " "))
			if len(pages) < 5 {
				t.Errorf("the crawl reached only %d pages", len(pages))
			}
		})
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// screenshot saves the current page at desktop and phone size under dir.
func screenshot(t *testing.T, ctx context.Context, dir, who, kind string) {
	t.Helper()
	name := who + "_" + strings.Trim(unsafeName.ReplaceAllString(kind, "_"), "_")
	for _, size := range [][2]int64{{1280, 900}, {390, 844}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[1])); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s_%d.png", name, size[0])), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The phone again with the larger text (the class the 大字 cookie sets).
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.classList.add('text-large')`)); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+"_390_large.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}

// TestBrowser_KeyboardForms fills and submits the main forms with the
// keyboard alone — the search box, the public opinion form, the sign-in
// form, the staff's answer to an opinion and a liaison's meeting — and
// checks at every Tab stop that the focus is visible.
func TestBrowser_KeyboardForms(t *testing.T) {
	ctx := needBrowser(t, 1280, 900, 4*time.Minute)
	d := startA11yDemo(t)
	k := keyboard{t: t, ctx: ctx}
	bg := context.Background()

	// Search: the box comes after the skip link and the brand.
	k.open(d.base + "/")
	k.tabTo("#site-q", 4)
	k.typeText("湿地 保护")
	k.press("\r")
	k.waitFor(`location.pathname === '/search' && !!document.querySelector('.hit, .result, main li a[href^="/versions/"]')`)
	k.tabTo(`main a[href^="/versions/"]`, 40)
	k.press("\r")
	k.waitFor(`location.pathname.indexOf('/versions/') === 0`)

	// A public opinion on 第一条 of the open public consultation.
	cons, err := d.consultations.List(bg, consultations.ListQuery{OpenNow: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var public *drafts.Consultation
	for _, c := range cons {
		if c.Audience == drafts.AudiencePublic {
			public = c
		}
	}
	if public == nil {
		t.Fatalf("the demo has no open public consultation among %d", len(cons))
	}
	k.open(fmt.Sprintf("%s/consultations/%d", d.base, public.ID))
	k.tabTo(`a[href$="/opinion?article=1"]`, 40)
	k.press("\r")
	k.waitFor(`!!document.getElementById('opinion-form')`)
	k.tabTo("#text", 20)
	k.typeText("建议增加湿地保护宣传教育的内容。")
	k.tabTo("#name", 3)
	k.typeText("键盘用户")
	k.tabTo(`#opinion-form button[type=submit]`, 4)
	k.press("\r")
	k.waitFor(`!!document.getElementById('receipt')`)
	if r := k.eval(`document.getElementById('receipt').textContent.trim()`); !receiptNumber.MatchString(r) {
		t.Errorf("after the opinion the page shows receipt %q", r)
	}

	// Sign in as staff with name and password.
	staff := d.createAccount(t, "kb-staff", drafts.RoleStaff)
	k.signIn(d.base, staff)

	// Answer an unanswered opinion: tick it, go back to the answer, choose
	// 采纳 with the arrow key, give the reason, press 答复.
	k.open(d.base + "/staff/opinions?status=&disposition=none")
	id := k.eval(`(document.querySelector('input.op-select') || {}).value || ''`)
	if id == "" {
		t.Fatal("the inbox lists no unanswered opinion")
	}
	k.tabTo("#sel-"+id, 80)
	k.press(" ")
	k.tabBackTo("#a-disp", 12)
	k.press(kb.ArrowDown)
	if v := k.eval(`document.getElementById('a-disp').value`); v == "" {
		t.Fatal("the arrow key chose no disposition")
	}
	k.tabTo("#a-reason", 2)
	k.typeText("已在修改稿中增加。")
	k.tabTo("#answer", 2)
	k.press("\r")
	k.waitFor(`!!document.querySelector('.flash.form-done')`)
	opID, _ := strconv.ParseInt(id, 10, 64)
	if op, err := d.store.Opinion(bg, opID); err != nil || op.Disposition == drafts.DispositionNone {
		t.Errorf("opinion %s after the answer by keyboard: %+v, %v", id, op, err)
	}

	// A liaison signs in and submits a meeting with one row of opinions.
	k.signOut()
	liaison := d.createAccount(t, "kb-liaison", drafts.RoleLiaison)
	k.signIn(d.base, liaison)
	k.open(d.base + "/dashboard")
	k.tabTo(`#consultation_id input[type=radio]`, 80)
	k.press(" ")
	k.tabTo("#date", 4)
	k.typeDate(time.Now().In(drafts.ChinaTime))
	k.tabTo("#place", 4)
	k.typeText("北京街道办事处会议室")
	k.tabTo("#participants", 2)
	k.typeText("12")
	k.tabTo("#article_1", 3)
	k.typeText("第五条")
	k.tabTo("#text_1", 2)
	k.typeText("建议明确街道在湿地巡查中的职责。")
	k.tabTo(`#meeting-form button[type=submit]`, 30)
	k.press("\r")
	k.waitFor(`location.pathname === '/dashboard' && !!document.querySelector('.flash.form-done')`)
	if msg := k.eval(`document.querySelector('.flash').textContent`); !strings.Contains(msg, "已提交座谈会意见 1 条") {
		t.Errorf("after the meeting the dashboard says %q", msg)
	}
}

// signIn signs in as a (created with a11yPassword) on the sign-in form.
func (k keyboard) signIn(base string, a *drafts.Account) {
	k.t.Helper()
	k.open(base + "/admin/login")
	k.tabTo("#name", 10)
	k.typeText(a.Name)
	k.press("\t")
	k.typeText(a11yPassword)
	k.press("\r")
	k.waitFor(`location.pathname !== '/admin/login'`)
	if who := k.eval(`(document.querySelector('.site-header .actor') || {}).textContent || ''`); !strings.Contains(who, a.DisplayName) {
		k.t.Errorf("after signing in the header names %q, want %s", who, a.DisplayName)
	}
}

// signOut forgets the session (the sign-out button is no form to test).
func (k keyboard) signOut() {
	k.t.Helper()
	if err := chromedp.Do(k.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{})
		return err
	})); err != nil {
		k.t.Fatal(err)
	}
}

// typeDate types day into the focused date field, whose segments come in
// the order of the browser's language: month, day, year in en-US;
// year first in Chinese (then the arrow key leaves the year, which takes
// up to six digits); else day, month, year.
func (k keyboard) typeDate(day time.Time) {
	k.t.Helper()
	switch lang := k.eval(`navigator.language`); {
	case lang == "en-US":
		k.typeText(day.Format("01022006"))
	case strings.HasPrefix(lang, "zh"), strings.HasPrefix(lang, "ja"), strings.HasPrefix(lang, "ko"):
		k.typeText(day.Format("2006"))
		k.press(kb.ArrowRight)
		k.typeText(day.Format("0102"))
	default:
		k.typeText(day.Format("02012006"))
	}
	if got, want := k.eval(`document.activeElement.value`), day.Format("2006-01-02"); got != want {
		k.t.Fatalf("the date field holds %q after typing %s (browser language %s)", got, want, k.eval(`navigator.language`))
	}
}

// keyboard drives a page with key presses only.
type keyboard struct {
	t   *testing.T
	ctx context.Context
}

func (k keyboard) open(u string) {
	k.t.Helper()
	if err := chromedp.Do(k.ctx, chromedp.Navigate(u)); err != nil {
		k.t.Fatalf("open %s: %v", u, err)
	}
}

func (k keyboard) press(keys string) {
	k.t.Helper()
	if err := chromedp.Do(k.ctx, chromedp.KeyEvent(keys)); err != nil {
		k.t.Fatalf("press %q: %v", keys, err)
	}
}

// pressShift presses keys with Shift held.
func (k keyboard) pressShift(keys string) {
	k.t.Helper()
	if err := chromedp.Do(k.ctx, chromedp.KeyEvent(keys, chromedp.KeyModifiers(chromedp.ModifierShift))); err != nil {
		k.t.Fatalf("press Shift+%q: %v", keys, err)
	}
}

// typeText types s into the focused field.
func (k keyboard) typeText(s string) { k.t.Helper(); k.press(s) }

func (k keyboard) eval(js string) string {
	k.t.Helper()
	s, err := chromedp.Run(k.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		k.t.Fatalf("%s: %v", js, err)
	}
	return s
}

// waitFor waits up to 10 s for the JavaScript condition to hold on a
// loaded page.
func (k keyboard) waitFor(cond string) {
	k.t.Helper()
	for i := 0; i < 100; i++ {
		ok, err := chromedp.Run(k.ctx, chromedp.Evaluate[bool](`document.readyState === 'complete' && (`+cond+`)`))
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	k.t.Fatalf("timed out waiting for %s (at %s)", cond, k.eval(`location.href`))
}

// focusJS describes the focused element, and says whether its focus is
// visible: an outline at least 2 px wide, or a box shadow, while it
// matches :focus-visible (a date or time field: :focus-within).
const focusJS = `(function () {
	var e = document.activeElement;
	if (!e || e === document.body) return {what: '(nothing)', visible: false};
	var s = getComputedStyle(e);
	var what = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.getAttribute('href') ? '[href=' + e.getAttribute('href') + ']' : '') +
		' "' + (e.innerText || e.value || '').trim().slice(0, 20) + '"';
	var ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none');
	// A date or time field has the focus on a part inside it (a number, the calendar button).
	var focusVisible = e.matches(':focus-visible') ||
		e.matches('input[type=date]:focus-within, input[type=time]:focus-within, input[type=datetime-local]:focus-within');
	return {what: what, visible: focusVisible && ring};
})()`

type focused struct {
	What    string `json:"what"`
	Visible bool   `json:"visible"`
}

// tabTo presses Tab until the focused element matches sel, at most max
// times, and fails when a stop on the way shows no focus or sel is not
// reached.
func (k keyboard) tabTo(sel string, max int) { k.t.Helper(); k.stepTo(sel, max, false) }

// tabBackTo is tabTo with Shift+Tab.
func (k keyboard) tabBackTo(sel string, max int) { k.t.Helper(); k.stepTo(sel, max, true) }

func (k keyboard) stepTo(sel string, max int, back bool) {
	k.t.Helper()
	for i := 0; i < max; i++ {
		if back {
			k.pressShift("\t")
		} else {
			k.press("\t")
		}
		f, err := chromedp.Run(k.ctx, chromedp.Evaluate[focused](focusJS))
		if err != nil {
			k.t.Fatal(err)
		}
		if !f.Visible {
			k.t.Errorf("Tab stop %s on %s shows no visible focus", f.What, k.eval(`location.pathname`))
		}
		if ok, _ := chromedp.Run(k.ctx, chromedp.Evaluate[bool](`document.activeElement.matches(`+jsString(sel)+`)`)); ok {
			return
		}
	}
	k.t.Fatalf("%s not reached with %d Tabs on %s", sel, max, k.eval(`location.href`))
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBrowser_LargeText turns on the larger text (大字) with the keyboard on
// a phone, checks that it persists from page to page without a script,
// that the text is a quarter larger and that no page then scrolls
// sideways, and turns it off again.
func TestBrowser_LargeText(t *testing.T) {
	ctx := needBrowser(t, 390, 844, 3*time.Minute)
	d := startA11yDemo(t)
	k := keyboard{t: t, ctx: ctx}
	regs, err := d.store.ListRegulations(context.Background())
	if err != nil || len(regs) == 0 {
		t.Fatalf("demo regulations: %v", err)
	}
	rootSize := func() float64 {
		t.Helper()
		f, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.documentElement).fontSize)`))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	isLarge := func() bool {
		return k.eval(`document.documentElement.className + '|' + document.getElementById('text-size').getAttribute('aria-pressed')`) == "text-large|true"
	}

	k.open(d.base + "/")
	normal := rootSize()
	k.tabTo("#text-size", 12)
	k.press(" ")
	k.waitFor(`document.documentElement.classList.contains('text-large')`)
	if !isLarge() || k.eval(`location.pathname`) != "/" {
		t.Fatalf("after 大字: %s on %s", k.eval(`document.documentElement.outerHTML.slice(0, 60)`), k.eval(`location.href`))
	}
	if large := rootSize(); large < normal*1.2 {
		t.Errorf("larger text is %.1f px, normal %.1f px: want a quarter more", large, normal)
	}
	cons, err := d.consultations.List(context.Background(), consultations.ListQuery{OpenNow: true}, nil)
	if err != nil || len(cons) == 0 {
		t.Fatalf("the demo's open consultation: %v", err)
	}
	for _, p := range []string{
		fmt.Sprintf("/regulations/%d", regs[0].ID),
		fmt.Sprintf("/versions/%d", regs[0].Latest.ID), // the page cached for anonymous visitors
		fmt.Sprintf("/consultations/%d", cons[0].ID),
		fmt.Sprintf("/consultations/%d/opinion?article=1", cons[0].ID),
		"/search?q=" + url.QueryEscape("湿地"),
		"/admin/login",
	} {
		k.open(d.base + p)
		if !isLarge() {
			t.Errorf("%s forgot the larger text", p)
		}
		if k.eval(`String(document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)`) == "true" {
			t.Errorf("%s scrolls sideways on a 390 px phone with the larger text", p)
		}
	}
	k.tabTo("#text-size", 12)
	k.press("\r")
	k.waitFor(`!document.documentElement.classList.contains('text-large')`)
	if k.eval(`location.pathname`) != "/admin/login" || rootSize() != normal {
		t.Errorf("switching off: at %s with %.1f px text, want /admin/login at %.1f px", k.eval(`location.pathname`), rootSize(), normal)
	}
}

// TestBrowser_AxeFindsViolations checks the checker: on a page with an
// image without alt text and a field without a label, runAxe reports
// both, so that a crawl finding nothing means nothing was found.
func TestBrowser_AxeFindsViolations(t *testing.T) {
	axe := axeSource(t)
	ctx := needBrowser(t, 1280, 900, time.Minute)
	page := `<!doctype html><html lang="zh-CN"><head><title>测试</title></head><body><main><h1>测试</h1>` +
		`<img src="x.png"><input id="q"></main></body></html>`
	if err := chromedp.Do(ctx, chromedp.Navigate("data:text/html;charset=utf-8,"+url.PathEscape(page))); err != nil {
		t.Fatal(err)
	}
	violations, err := runAxe(ctx, axe)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, v := range violations {
		found[v.ID] = true
	}
	if !found["image-alt"] || !found["label"] {
		t.Errorf("axe-core found %v on a page with an image without alt and an unlabelled field, want image-alt and label", violations)
	}
}
