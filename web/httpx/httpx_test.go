package httpx

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/store/storetest"
	"lifa/web"
)

// testContext is a gin context for a request to target, with cookies.
func testContext(method, target string, cookies ...*http.Cookie) (*gin.Context, *httptest.ResponseRecorder) {
	w := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(w)
	c.Request = httptest.NewRequest(method, target, nil)
	for _, ck := range cookies {
		c.Request.AddCookie(ck)
	}
	return c, w
}

func TestQueryInt(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  int64
		code  string
	}{{"", 0, ""}, {"n=7", 7, ""}, {"n=+7", 7, ""}, {"n=0", 0, drafts.EINVALID}, {"n=11", 0, drafts.EINVALID}, {"n=x", 0, drafts.EINVALID}} {
		c, _ := testContext(http.MethodGet, "/?"+tc.query)
		if n, err := QueryInt(c, "n", 1, 10); n != tc.want || drafts.ErrorCode(err) != tc.code && err != nil || (err == nil) != (tc.code == "") {
			t.Errorf("%q: %d, %v", tc.query, n, err)
		}
	}
	c, _ := testContext(http.MethodGet, "/?page=3&limit=5&offset=20")
	if n, err := PageNumber(c); n != 3 || err != nil {
		t.Errorf("page %d, %v", n, err)
	}
	if l, o, err := ListWindow(c, 10); err == nil || l != 0 || o != 0 {
		t.Errorf("offset past its bound: %d %d %v", l, o, err)
	}
}

func TestStatus(t *testing.T) {
	for err, want := range map[error]int{
		drafts.Errorf(drafts.ENOTFOUND, "无"):             404,
		drafts.Errorf(drafts.ERATELIMIT, "多"):            429,
		fmt.Errorf("wrapped: %w", &http.MaxBytesError{}): 413,
		fmt.Errorf("disk full"):                          500,
	} {
		if got := Status(err); got != want {
			t.Errorf("Status(%v) = %d, want %d", err, got, want)
		}
	}
	if Title("no-such-code") != "服务器内部错误" || Title(drafts.EFORBIDDEN) != "没有权限" {
		t.Error("error page titles")
	}
}

func TestCheckURL(t *testing.T) {
	for raw, ok := range map[string]bool{"/a?q=条例": true, "/a?q=%00": false, "/a?q=%zz": false, "/a%01": false} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckURL(u); (err == nil) != ok {
			t.Errorf("CheckURL(%s) = %v", raw, err)
		}
	}
}

func TestWaitText(t *testing.T) {
	for secs, want := range map[int]string{30: " 30 秒", 61: " 2 分钟", 3600: " 1 小时", 3720: " 1 小时 2 分钟"} {
		if got := waitText(secs); got != want {
			t.Errorf("waitText(%d) = %q, want %q", secs, got, want)
		}
	}
}

// TestFlashes_Once: a flash sealed with the store's key opens once on the
// next request; a tampered or foreign cookie shows nothing.
func TestFlashes_Once(t *testing.T) {
	st := storetest.Open(t)
	f := NewFlashes(st, false, slog.Default())
	c, w := testContext(http.MethodPost, "/x")
	f.Set(c, web.Flash{Text: strings.Repeat("意", 1000), Secret: "lifa_abc"})
	ck := w.Result().Cookies()[0]
	if ck.Name != FlashCookie || ck.MaxAge != 120 || !ck.HttpOnly || strings.Contains(ck.Value, "lifa_abc") {
		t.Fatalf("flash cookie %+v", ck)
	}
	c, w = testContext(http.MethodGet, "/", ck)
	got := NewFlashes(st, false, slog.Default()).Take(c) // another node: same key
	if got == nil || got.Secret != "lifa_abc" || len(got.Text) > maxFlashBytes {
		t.Fatalf("took %+v", got)
	}
	if cl := w.Result().Cookies(); len(cl) != 1 || cl[0].MaxAge >= 0 {
		t.Errorf("flash not cleared: %+v", cl)
	}
	ck.Value = ck.Value[:len(ck.Value)-2] + "AA"
	if c, _ := testContext(http.MethodGet, "/", ck); f.Take(c) != nil {
		t.Error("a tampered flash opened")
	}
}

// TestTarpit_Holds: a refusal is held for the delay (not past the wait)
// and says when to try again; with every slot taken it is answered at once.
func TestTarpit_Holds(t *testing.T) {
	refuse := limiterFunc(func() (bool, time.Duration) { return false, 90 * time.Second })
	allow := limiterFunc(func() (bool, time.Duration) { return true, 0 })
	tp := NewTarpit(50*time.Millisecond, 1)
	c, w := testContext(http.MethodPost, "/login")
	if err := tp.Allow(c, "k", "登录尝试", allow); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	err := tp.Allow(c, "k", "登录尝试", allow, refuse)
	if d := time.Since(t0); d < 50*time.Millisecond || drafts.ErrorCode(err) != drafts.ERATELIMIT ||
		!strings.Contains(drafts.ErrorMessage(err), "请 2 分钟后再试") || w.Header().Get("Retry-After") != "90" {
		t.Errorf("after %v: %v, Retry-After %q", d, err, w.Header().Get("Retry-After"))
	}
	tp.slots <- struct{}{}
	t0 = time.Now()
	if err := tp.Allow(c, "k", "登录尝试", refuse); err == nil || time.Since(t0) > 40*time.Millisecond {
		t.Errorf("with no slot: %v after %v", err, time.Since(t0))
	}
}

type limiterFunc func() (bool, time.Duration)

func (f limiterFunc) Allow(ctx context.Context, key string) (bool, time.Duration, bool) {
	ok, retry := f()
	return ok, retry, false
}
