package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/store"
)

// TestChangeWatch runs two servers on one database, as two nodes: a
// regulation renamed through one shows on the other's version page within
// the watch interval, not the regulation cache's TTL.
func TestChangeWatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lifa.db")
	stA, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	a := newTestServerOn(t, stA)
	reg, v := a.mustCreate(t, "两节点缓存测试规定", "guangzhou-wetland-protection.md", "一审稿")
	stB, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Config{Logger: a.log}, stB, WithChangeWatch(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Shutdown(context.Background()) })
	page := func() string {
		rec := httptest.NewRecorder()
		b.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/versions/"+itoa(v.ID), nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("B's version page: %d", rec.Code)
		}
		return rec.Body.String()
	}
	if !strings.Contains(page(), "两节点缓存测试规定") {
		t.Fatal("B's page lacks the title")
	}
	title := "两节点缓存测试规定（修订）"
	if _, err := stA.UpdateRegulation(context.Background(), "test", reg.ID, drafts.RegulationUpdate{Title: &title}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for !strings.Contains(page(), title) {
		if time.Since(start) > regulationTTL/2 {
			t.Fatalf("B still shows the old title after %v (the cache's TTL is %v)", time.Since(start), regulationTTL)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
