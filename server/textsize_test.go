package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"lifa/web/httpx"
)

// TestTextSize switches the larger text on and off and checks that every
// page, the cached anonymous version page among them, carries it on <html>
// while the cookie says so.
func TestTextSize(t *testing.T) {
	ts := newTestServer(t)
	_, v := ts.mustCreate(t, "广州市湿地保护规定", "guangzhou-wetland-protection.md", "first-reading")
	page := "/versions/" + itoa(v.ID)
	const large = `<html lang="zh-CN" class="text-large">`

	post := func(size, next string) *http.Response {
		t.Helper()
		form := url.Values{"size": {size}, "next": {next}}.Encode()
		w := ts.do(http.MethodPost, "/text-size", strings.NewReader(form),
			map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, false)
		if w.Code != http.StatusSeeOther {
			t.Fatalf("POST /text-size size=%s: %d %s", size, w.Code, w.Body)
		}
		return w.Result()
	}
	get := func(target, cookie string) string {
		t.Helper()
		h := map[string]string{}
		if cookie != "" {
			h["Cookie"] = cookie
		}
		w := ts.do(http.MethodGet, target, nil, h, false)
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", target, w.Code)
		}
		return w.Body.String()
	}

	// The anonymous page is cached before anyone asks for larger text.
	if body := get(page, ""); strings.Contains(body, "text-large") || !strings.Contains(body, `aria-pressed="false">大字</button>`) {
		t.Fatalf("plain version page: no switch, or larger text without asking:\n%.600s", body)
	}

	resp := post("large", page+"?hl=%E6%B9%BF")
	if loc := resp.Header.Get("Location"); loc != page+"?hl=%E6%B9%BF" {
		t.Errorf("switching on goes to %q, want back to the page", loc)
	}
	var ck *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == httpx.TextSizeCookie {
			ck = c
		}
	}
	if ck == nil || ck.Value != "large" || ck.MaxAge < 300*24*3600 || !ck.HttpOnly || ck.Path != "/" {
		t.Fatalf("switching on set cookie %+v, want %s=large for a year on /", ck, httpx.TextSizeCookie)
	}
	for _, target := range []string{page, "/", "/search", "/admin/login", "/no-such-page"} {
		w := ts.do(http.MethodGet, target, nil, map[string]string{"Cookie": ck.Name + "=" + ck.Value}, false)
		if body := w.Body.String(); !strings.Contains(body, large) || !strings.Contains(body, `aria-pressed="true">大字</button>`) {
			t.Errorf("GET %s with the cookie (%d): no larger text on <html> or the switch not pressed", target, w.Code)
		}
	}

	resp = post("normal", "//evil.example/")
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Errorf("a next off the site leads to %q, want /", loc)
	}
	for _, c := range resp.Cookies() {
		if c.Name == httpx.TextSizeCookie && (c.Value != "" || c.MaxAge >= 0) {
			t.Errorf("switching off left the cookie %+v", c)
		}
	}
	if body := get(page, ""); strings.Contains(body, "text-large") {
		t.Error("the cached anonymous page has the larger text")
	}
}
