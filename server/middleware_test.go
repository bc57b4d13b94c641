package server

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"

	"lifa/drafts/store"
)

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) lines() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s.b.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

func newLoggedServer(t *testing.T, cfg Config) (*Server, *syncBuffer) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "lifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	var buf syncBuffer
	cfg.Logger = slog.New(slog.NewJSONHandler(&buf, nil))
	s, err := New(cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	return s, &buf
}

func TestMiddleware_LogsAndRecovery(t *testing.T) {
	s, logs := newLoggedServer(t, Config{})
	s.engine.GET("/api/v1/panic", func(c *gin.Context) { panic("boom") })

	w := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/v1/panic", nil)
	req.RemoteAddr = "192.0.2.7:5555"
	req.Header.Set("X-Forwarded-For", "203.0.113.9") // not trusted by default
	s.Handler().ServeHTTP(w, req)
	if w.Code != 500 || !strings.Contains(w.Body.String(), `"code":"internal"`) || strings.Contains(w.Body.String(), "boom") {
		t.Fatalf("panic: %d %s", w.Code, w.Body)
	}
	id := w.Header().Get("X-Request-ID")
	var sawPanic, sawAccess bool
	for _, l := range logs.lines() {
		if l["request_id"] != id {
			t.Errorf("log line without the request id: %v", l)
		}
		switch l["msg"] {
		case "panic":
			sawPanic = true
		case "request":
			sawAccess = true
			if l["ip"] != "192.0.2.7" || l["status"] != float64(500) {
				t.Errorf("access log: %v", l)
			}
		}
	}
	if !sawPanic || !sawAccess {
		t.Errorf("logs: %v", logs.lines())
	}
}

func TestMiddleware_TrustedProxy(t *testing.T) {
	s, logs := newLoggedServer(t, Config{TrustedProxies: []string{"192.0.2.0/24"}})
	req := httptest.NewRequest("GET", "/healthz", nil)
	req.RemoteAddr = "192.0.2.7:5555"
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	s.Handler().ServeHTTP(httptest.NewRecorder(), req)
	ls := logs.lines()
	if len(ls) == 0 || ls[len(ls)-1]["ip"] != "203.0.113.9" {
		t.Errorf("behind a trusted proxy the client is the forwarded address: %v", ls)
	}
	if _, err := New(Config{TrustedProxies: []string{"not-an-ip"}}, s.store); err == nil {
		t.Error("a bad proxy address was accepted")
	}
}
