package server

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/web"
	"lifa/web/httpx"
)

// TestSeeOther_FlashShownOnce: a form handler's seeOther redirects with a
// signed flash cookie; the next page shows the message once and clears
// the cookie; a forged or altered cookie shows nothing.
func TestSeeOther_FlashShownOnce(t *testing.T) {
	ts := newTestServer(t)
	ts.engine.GET("/test/flash", ts.handle(func(c *gin.Context) error {
		return ts.seeOther(c, "/?from=test", "已答复 <5> 条意见。")
	}))
	ts.engine.GET("/test/flash-error", ts.handle(func(c *gin.Context) error {
		return ts.seeOtherError(c, "/", drafts.Errorf(drafts.EINVALID, "请先选择意见。"))
	}))
	ts.engine.GET("/test/flash-secret", ts.handle(func(c *gin.Context) error {
		return ts.seeOtherFlash(c, "/", web.Flash{Text: "已重置密码。", Secret: "s3cret-Pass", SecretLabel: "临时密码"})
	}))
	ts.engine.GET("/test/flash-internal", ts.handle(func(c *gin.Context) error {
		return ts.seeOtherError(c, "/", errors.New("disk on fire"))
	}))
	cookieOf := func(w *http.Response) string {
		for _, c := range w.Cookies() {
			if c.Name == httpx.FlashCookie {
				return c.Value
			}
		}
		return ""
	}

	w := ts.get("/test/flash")
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/?from=test" {
		t.Fatalf("seeOther: %d %q", w.Code, w.Header().Get("Location"))
	}
	v := cookieOf(w.Result())
	if v == "" || strings.Contains(v, "答复") {
		t.Fatalf("flash cookie %q", v)
	}
	w = ts.do(http.MethodGet, "/", nil, map[string]string{"Cookie": httpx.FlashCookie + "=" + v}, false)
	body := w.Body.String()
	if !strings.Contains(body, `<div class="flash form-done" role="status"><p>已答复 &lt;5&gt; 条意见。</p></div>`) {
		t.Errorf("the page after the redirect does not show the message:\n%s", body)
	}
	if c := w.Result().Cookies(); len(c) == 0 || c[0].Name != httpx.FlashCookie || c[0].MaxAge >= 0 {
		t.Errorf("the flash cookie is not cleared: %v", c)
	}

	flip := []byte(v)
	flip[len(flip)/2] ^= 1
	for _, bad := range []string{string(flip), v[:len(v)-2], "garbage", v + "A"} {
		w = ts.do(http.MethodGet, "/", nil, map[string]string{"Cookie": httpx.FlashCookie + "=" + bad}, false)
		if strings.Contains(w.Body.String(), `class="flash`) {
			t.Errorf("cookie %q shows a flash", bad)
		}
	}

	w = ts.get("/test/flash-error")
	w = ts.do(http.MethodGet, "/", nil, map[string]string{"Cookie": httpx.FlashCookie + "=" + cookieOf(w.Result())}, false)
	if !strings.Contains(w.Body.String(), `<div class="flash form-error" role="alert"><p>请先选择意见。</p></div>`) {
		t.Errorf("refusal not shown:\n%s", w.Body)
	}
	// A secret rides sealed: not readable in the cookie, shown once on a
	// page the browser does not store.
	w = ts.get("/test/flash-secret")
	if v := cookieOf(w.Result()); strings.Contains(v, "s3cret") {
		t.Errorf("the secret is readable in the cookie %q", v)
	}
	w = ts.do(http.MethodGet, "/", nil, map[string]string{"Cookie": httpx.FlashCookie + "=" + cookieOf(w.Result())}, false)
	if !strings.Contains(w.Body.String(), `value="s3cret-Pass"`) || w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("secret flash: Cache-Control %q\n%s", w.Header().Get("Cache-Control"), w.Body)
	}
	if w = ts.get("/test/flash-internal"); w.Code != http.StatusInternalServerError || cookieOf(w.Result()) != "" {
		t.Errorf("an internal error redirects: %d", w.Code)
	}
}
