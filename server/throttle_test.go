package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/drafts/consultations"
	"lifa/web/httpx"
)

// TestSignIn_Throttled: 40 wrong passwords and then the right one all
// answered normally. Now the account gets a few attempts at once and then
// 429 with Retry-After and a Chinese message saying when to try again —
// the right password too, until the delay has passed.
func TestSignIn_Throttled(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	counts := map[int]int{}
	for i := 0; i < 40; i++ {
		w := f.postJSON("/api/v1/login", map[string]string{"name": "staff1", "password": fmt.Sprintf("guess-%d", i)}, false)
		counts[w.Code]++
		if w.Code == http.StatusTooManyRequests {
			if ra := w.Header().Get("Retry-After"); ra == "" || ra == "0" {
				t.Fatalf("429 without Retry-After: %v", w.Header())
			}
			if !strings.Contains(w.Body.String(), "后再试") {
				t.Fatalf("429 message %s", w.Body)
			}
		}
	}
	if counts[http.StatusUnauthorized] != accounts.SignInAccountTiers[0].Burst || counts[http.StatusTooManyRequests] != 40-accounts.SignInAccountTiers[0].Burst {
		t.Errorf("40 wrong passwords: %v", counts)
	}
	w := f.postJSON("/api/v1/login", map[string]string{"name": "staff1", "password": "password-123"}, false)
	if w.Code != http.StatusTooManyRequests {
		t.Errorf("the right password right after 40 guesses: %d", w.Code)
	}
	// The login page says the same, with the status.
	w = f.form(nil, "/admin/login", url.Values{"name": {"STAFF1 "}, "password": {"password-123"}})
	if w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), "后再试") || w.Header().Get("Retry-After") == "" {
		t.Errorf("login form after the guesses: %d", w.Code)
	}
	// Another account, from another address, is not held back by this one…
	f.addAccount(t, "staff2", drafts.RoleStaff, 0)
	r := httptest.NewRequest("POST", "/api/v1/login", strings.NewReader(`{"name":"staff2","password":"password-123"}`))
	r.Header.Set("Content-Type", "application/json")
	r.RemoteAddr = "198.51.100.7:4242"
	w = httptest.NewRecorder()
	f.Handler().ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Errorf("another account from another address: %d %s", w.Code, w.Body)
	}
	// …but one address trying many names is.
	refused := 0
	for i := 0; i < 40; i++ {
		w := f.postJSON("/api/v1/login", map[string]string{"name": fmt.Sprintf("nobody%d", i), "password": "password-123"}, false)
		if w.Code == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused == 0 {
		t.Error("40 names from one address never refused")
	}
}

// TestReceipts_Throttled: receipt look-ups are limited per client.
func TestReceipts_Throttled(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{})
	codes := map[int]int{}
	for i := 0; i < consultations.ReceiptTier.Burst+5; i++ {
		w := f.get("/api/v1/receipts/ABCD-EFGH-JKLM")
		codes[w.Code]++
	}
	if codes[http.StatusTooManyRequests] != 5 {
		t.Errorf("receipt look-ups: %v", codes)
	}
	if w := f.get("/receipts?r=ABCD-EFGH-JKLM"); w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), "后再试") {
		t.Errorf("receipt page: %d", w.Code)
	}
}

// TestSignIn_RefusalHeld: a refused sign-in is held for RefusalDelay
// before its 429, so a client retrying in a loop (the 32-connection flood
// that took the readers' CPU with 18,000 cheap refusals a second) makes
// about one attempt a second per connection; an allowed attempt is not held.
func TestSignIn_RefusalHeld(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	const delay = time.Second
	f.tarpit = httpx.NewTarpit(delay, tarpitSlots)
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	try := func() (int, time.Duration) {
		t0 := time.Now()
		w := f.postJSON("/api/v1/login", map[string]string{"name": "staff1", "password": "wrong-password"}, false)
		return w.Code, time.Since(t0)
	}
	for i := 0; i < accounts.SignInAccountTiers[0].Burst; i++ {
		if code, d := try(); code != http.StatusUnauthorized || d >= delay {
			t.Fatalf("attempt %d: %d after %v, want 401 without the refusal delay", i+1, code, d)
		}
	}
	code, d := try()
	if code != http.StatusTooManyRequests || d < delay {
		t.Fatalf("attempt past the limit: %d after %v, want 429 after at least %v", code, d, delay)
	}
}
