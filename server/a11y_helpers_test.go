package server

// Helpers of the accessibility and untranslated-UI tests
// (a11y_browser_test.go): the demo with a visitor of every role, the
// browser, axe-core, and a breadth-first crawl of the pages a visitor
// reaches.

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/drafts/demo"
)

// visitor is someone the tests take through the demo: the public (no
// session) or a signed-in account of one role.
type visitor struct {
	label   string      // for test names: public, staff, admin, member, liaison
	role    drafts.Role // "" for the public
	account string      // the account's name
	session string      // its session token ("" for the public)
}

// a11yDemo is the demo data served on a loopback port with a search index,
// and a visitor of every role.
type a11yDemo struct {
	*testServer
	base     string
	visitors []visitor
}

// a11yPassword is the password of the accounts these tests create.
const a11yPassword = "password-a11y-123"

// startA11yDemo serves the demo as `lifa serve --demo` loads it (the
// texts, and demo.Setup's people, consultations, opinions, meeting and
// answers) and signs in a visitor of every role: the demo's own account of
// the role when there is one, else one created here.
func startA11yDemo(t *testing.T) *a11yDemo {
	t.Helper()
	ts := newSearchServer(t, true)
	if _, err := demo.Setup(context.Background(), ts.store); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = ts.Serve(ln) }()
	d := &a11yDemo{testServer: ts, base: "http://" + ln.Addr().String()}
	d.visitors = append(d.visitors, visitor{label: "public"})
	for _, r := range []drafts.Role{drafts.RoleStaff, drafts.RoleAdmin, drafts.RoleMember, drafts.RoleLiaison} {
		a := d.accountOf(t, r)
		tok, _, err := ts.store.CreateSession(context.Background(), a.ID, drafts.SessionLifetime)
		if err != nil {
			t.Fatal(err)
		}
		d.visitors = append(d.visitors, visitor{label: string(r), role: r, account: a.Name, session: tok})
	}
	return d
}

// accountOf returns an enabled account of role r, creating "a11y-<role>"
// (a liaison of the first contact point, created too when there is none)
// when the demo has none.
func (d *a11yDemo) accountOf(t *testing.T, r drafts.Role) *drafts.Account {
	t.Helper()
	ctx := context.Background()
	list, err := d.store.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.Role == r && !a.Disabled {
			return a
		}
	}
	return d.createAccount(t, "a11y-"+string(r), r)
}

// createAccount creates an account named name with role r and a11yPassword.
func (d *a11yDemo) createAccount(t *testing.T, name string, r drafts.Role) *drafts.Account {
	t.Helper()
	ctx := context.Background()
	acc := accounts.New(d.store)
	in := accounts.NewAccount{Name: name, DisplayName: "无障碍测试" + r.Label(), Role: r, Password: a11yPassword}
	if r == drafts.RoleLiaison {
		cps, err := d.store.ContactPoints(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(cps) == 0 {
			cp, err := acc.CreateContactPoint(ctx, "test", drafts.ContactPoint{Name: "无障碍测试联系点", Region: "越秀区"})
			if err != nil {
				t.Fatal(err)
			}
			cps = append(cps, cp)
		}
		in.ContactPointID = cps[0].ID
	}
	a, err := acc.Create(ctx, "test", in)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// needBrowser returns a headless Chromium of the given window size that
// lives for timeout. Without Chromium the test is skipped, or fails under
// CI=true, where .ci/run has installed it.
func needBrowser(t *testing.T, width, height int, timeout time.Duration) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing: .ci/run installs it (apt-get install -y chromium)", chromiumPath)
		}
		t.Skipf("browser test skipped: %s not found (apt-get install -y chromium)", chromiumPath)
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil { // start the browser without a deadline
		cancelCtx()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// axeVersion is the axe-core release .ci/run installs.
const axeVersion = "4.14.1"

// axeSource returns axe-core's axe.min.js: from $LIFA_AXE_JS, or from the
// npm cache directory .ci/run installs it into
// (${XDG_CACHE_HOME:-~/.cache}/lifa-axe). Without it the test is skipped,
// or fails under CI=true.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("LIFA_AXE_JS")
	if path == "" {
		cache, err := os.UserCacheDir()
		if err == nil {
			path = filepath.Join(cache, "lifa-axe", "node_modules", "axe-core", "axe.min.js")
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		msg := fmt.Sprintf("axe-core not found at %q (install it with `npm install --prefix ~/.cache/lifa-axe axe-core@%s`, "+
			"as .ci/run does, or set LIFA_AXE_JS to an axe.min.js)", path, axeVersion)
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but " + msg)
		}
		t.Skip("accessibility test skipped: " + msg)
	}
	return string(b)
}

// axeViolation is one rule axe-core found broken on a page, with a few
// of the elements that break it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n      %s  %s\n        %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", " "))
	}
	return b.String()
}

// axeTags are the rules run: WCAG 2.1 A and AA, which GB/T 37668 follows.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']`

// runAxe injects axe-core into the current page and returns the serious
// and critical violations of axeTags.
func runAxe(ctx context.Context, axe string) ([]axeViolation, error) {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](
		"if (!window.axe) {"+axe+"\n}")); err != nil {
		return nil, fmt.Errorf("inject axe-core: %w", err)
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {
		runOnly: {type: 'tag', values: `+axeTags+`}, resultTypes: ['violations']
	}).then(function (r) {
		return r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
			.map(function (v) { return {id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.slice(0, 4).map(function (n) {
					return {target: n.target.join(' '), html: n.html.slice(0, 160), summary: n.failureSummary || ''};
				})}; });
	})`, chromedp.EvalAwaitPromise))
}

// dataTextClass marks the containers of data rather than interface: the
// texts of regulations and of opinions, which may quote Latin words
// ("PM2.5") that are no untranslated interface.
const dataTextClass = "data-text"

// uiTextJS collects the interface text of the page: every text node
// outside script and style (what innerText shows and what a screen reader
// reads: hidden and collapsed text too), the title, and the attributes
// people read or hear: title, aria-label, placeholder, alt, and the value
// of input buttons. Left out: the data containers (dataTextClass) and
// literal text one types or presses (code, kbd, samp: a command, a key,
// a request number).
const uiTextJS = `(function () {
	var skip = 'script, style, noscript, code, kbd, samp, .` + dataTextClass + `';
	var out = [];
	function add(kind, s) { s = (s || '').trim(); if (/[A-Za-z]/.test(s)) out.push({kind: kind, text: s.slice(0, 200)}); }
	add('title', document.title);
	var w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (var n = w.nextNode(); n; n = w.nextNode()) {
		if (n.parentElement && !n.parentElement.closest(skip)) add('text', n.nodeValue);
	}
	document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt], input[type=submit], input[type=button], input[type=reset]').forEach(function (el) {
		if (el.closest(skip)) return;
		['title', 'aria-label', 'placeholder', 'alt'].forEach(function (a) { if (el.hasAttribute(a)) add(a, el.getAttribute(a)); });
		if (el.matches('input[type=submit], input[type=button], input[type=reset]')) add('value', el.value);
	});
	return out;
})()`

// uiText is one piece of interface text with a Latin letter in it.
type uiText struct {
	Kind string `json:"kind"` // text, title, aria-label, placeholder, alt, value
	Text string `json:"text"`
}

// latinAllowed are the Latin words the interface may show: names of
// the product and of formats, protocols and programs people know by them.
var latinAllowed = map[string]bool{
	"Lifa": true, "API": true, "JSON": true, "CSV": true, "Word": true, "Excel": true, "PDF": true,
	"OpenAPI": true, "SMTP": true, "URL": true, "ID": true,
}

var (
	// latinWord is a word of Latin letters, with the character before it
	// (a dot makes it a file name extension: .docx).
	latinWord = regexp.MustCompile(`(^|.)([A-Za-z]+)`)
	// receiptNumber is an opinion's receipt number (drafts.Receipt), data.
	receiptNumber = regexp.MustCompile(`YJ-[0-9A-Z]{5}-[0-9A-Z]{6}`)
)

// untranslated returns the Latin words of texts outside latinAllowed, each
// with the text it was found in. Data is left out: the strings in data
// (account names, the build version), receipt numbers and file name
// extensions.
func untranslated(texts []uiText, data []string) []string {
	var out []string
	for _, tx := range texts {
		s := receiptNumber.ReplaceAllString(tx.Text, " ")
		for _, d := range data {
			if d != "" {
				s = strings.ReplaceAll(s, d, " ")
			}
		}
		var bad []string
		for _, m := range latinWord.FindAllStringSubmatch(s, -1) {
			if m[1] != "." && !latinAllowed[m[2]] {
				bad = append(bad, m[2])
			}
		}
		if len(bad) > 0 {
			out = append(out, fmt.Sprintf("%s in %s %q", strings.Join(bad, ","), tx.Kind, tx.Text))
		}
	}
	return out
}

// crawl is a breadth-first walk over the pages a visitor reaches by links.
type crawl struct {
	t       *testing.T
	ctx     context.Context
	base    string
	v       visitor
	client  *http.Client
	perKind int // pages visited of one kind (pageKind) at most
	max     int // pages visited at most
}

// crawlPage is a page the crawl opened in the browser.
type crawlPage struct {
	url, kind, from string
}

var digits = regexp.MustCompile(`[0-9]+`)

// pageKind names the page type of a URL: its path with numbers as N.
// The query (filters, pages of a list) does not make another type.
func pageKind(u *url.URL) string { return digits.ReplaceAllString(u.Path, "N") }

// skipPath reports whether a same-site link leads to no page: the API,
// static files, scripts and downloads are found out by their content type.
func skipPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/compare/assets/") ||
		p == "/admin/logout"
}

// signIn gives the browser the visitor's session cookie (or none).
func (c *crawl) signIn() error {
	return chromedp.Do(c.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			return err
		}
		if c.v.session == "" {
			return nil
		}
		_, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: sessionCookie, Value: c.v.session,
			URL: c.base + "/"})
		return err
	}))
}

// fetchKind asks the server for u as the visitor would and returns the
// status and media type, to find broken links and downloads before the
// browser opens them.
func (c *crawl) fetchKind(u string) (int, string, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return 0, "", err
	}
	if c.v.session != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: c.v.session})
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return resp.StatusCode, mt, nil
}

// run visits the seeds and every HTML page linked from a visited page,
// breadth first, calling visit on each page once the browser has it open.
// A link that answers an error status is reported as broken.
func (c *crawl) run(seeds []string, visit func(p crawlPage)) []crawlPage {
	c.t.Helper()
	if c.client == nil {
		c.client = &http.Client{Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if err := c.signIn(); err != nil {
		c.t.Fatalf("set the session cookie: %v", err)
	}
	queue := make([]crawlPage, 0, len(seeds))
	for _, s := range seeds {
		queue = append(queue, crawlPage{url: c.base + s, from: "(start)"})
	}
	seen := map[string]bool{}
	kinds := map[string]int{}
	var visited []crawlPage
	for len(queue) > 0 && len(visited) < c.max {
		p := queue[0]
		queue = queue[1:]
		u, err := url.Parse(p.url)
		if err != nil || seen[p.url] {
			continue
		}
		seen[p.url] = true
		p.kind = pageKind(u)
		if kinds[p.kind] >= c.perKind {
			continue
		}
		status, mt, err := c.fetchKind(p.url)
		switch {
		case err != nil:
			c.t.Errorf("%s: GET %s (linked from %s): %v", c.v.label, p.url, p.from, err)
			continue
		case status >= 400:
			c.t.Errorf("%s: broken link: %s answers %d (linked from %s)", c.v.label, p.url, status, p.from)
			continue
		case status >= 300 || mt != "text/html":
			continue // a redirect (followed when the page links to its target) or a download
		}
		kinds[p.kind]++
		if err := chromedp.Do(c.ctx, chromedp.Navigate(p.url)); err != nil {
			c.t.Errorf("%s: open %s: %v", c.v.label, p.url, err)
			continue
		}
		visit(p)
		visited = append(visited, p)
		links, err := chromedp.Run(c.ctx, chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll('a[href]'), function (a) {
				return typeof a.href === 'string' ? a.href : new URL(a.href.baseVal, location.href).href; // SVG links
			})`))
		if err != nil {
			c.t.Errorf("%s: links of %s: %v", c.v.label, p.url, err)
			continue
		}
		for _, l := range links {
			lu, err := url.Parse(l)
			if err != nil || lu.Scheme+"://"+lu.Host != c.base || skipPath(lu.Path) {
				continue
			}
			lu.Fragment = ""
			if s := lu.String(); !seen[s] {
				queue = append(queue, crawlPage{url: s, from: p.url})
			}
		}
	}
	return visited
}

// accountNames returns the names of every account, longest first (data:
// people choose them, in Latin letters).
func (d *a11yDemo) accountNames(t *testing.T) []string {
	t.Helper()
	list, err := d.store.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range list {
		names = append(names, a.Name)
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	return names
}
