package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lifa/drafts/demo"
	"lifa/drafts/store"
)

// chromiumPath is Debian's Chromium, which the browser tests drive.
const chromiumPath = "/usr/bin/chromium"

// startDemoServer serves the demo data on a free loopback port and
// returns its base URL.
func startDemoServer(t *testing.T) (string, *Server) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "lifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, st); err != nil {
		st.Close()
		t.Fatal(err)
	}
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, st)
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
	})
	return "http://" + ln.Addr().String(), s
}

// newBrowser starts headless Chromium in a phone-sized window for a
// minute (needBrowser: skipped without Chromium, failed under CI=true).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return needBrowser(t, 390, 844, 60*time.Second) // a phone
}

// TestBrowser_HomeToArticle opens the home page, follows a regulation to a
// version and finds 第一条's text at its anchor, on a phone-sized window.
func TestBrowser_HomeToArticle(t *testing.T) {
	ctx := newBrowser(t)
	base, s := startDemoServer(t)

	regs, err := s.store.ListRegulations(context.Background())
	if err != nil || len(regs) == 0 {
		t.Fatalf("demo regulations: %v, %v", len(regs), err)
	}
	latest, err := s.store.Version(context.Background(), regs[0].Latest.ID)
	if err != nil {
		t.Fatal(err)
	}
	first := latest.Document.Articles[0]

	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}

	run("open home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(".reg-card h3 a")))
	// keyboard: the first Tab lands on the skip link
	run("tab", chromedp.KeyEvent("\t"))
	focused := eval(`document.activeElement.className`)
	run("follow regulation", chromedp.Click(css(`.reg-card h3 a[href="/regulations/`+itoa(regs[0].ID)+`"]`)),
		chromedp.WaitVisible(css(".timeline")))
	regTitle := text("main h1")
	run("follow version", chromedp.Click(css(".timeline-item h3 a")), // newest version first
		chromedp.WaitVisible(css("#art-1")))
	verHeading := text(".version-head h1")
	run("follow article link", chromedp.Click(css("#art-1 .art-label")))
	target := eval(`document.querySelector(':target') ? document.querySelector(':target').id : ''`)
	firstText := text("#art-1")
	overflow := eval(`String(document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)`) == "true"

	if focused != "skip-link" {
		t.Errorf("first Tab focused %q, want the skip link", focused)
	}
	if regTitle != regs[0].Title {
		t.Errorf("regulation page title %q, want %q", regTitle, regs[0].Title)
	}
	if verHeading == "" {
		t.Error("version page has no heading")
	}
	if target != "art-1" {
		t.Errorf(":target is %q, want art-1", target)
	}
	want := first.Paragraphs[0].Text
	if !strings.HasPrefix(strings.TrimSpace(firstText), "第一条") || !strings.Contains(firstText, want) {
		t.Errorf("#art-1 reads %q, want 第一条 and %q", firstText, want)
	}
	if overflow {
		t.Error("the version page scrolls sideways on a 390 px wide phone")
	}
}
