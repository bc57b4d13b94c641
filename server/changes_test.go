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
	"lifa/drafts/consultations"
	"lifa/drafts/readings"
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
		if time.Since(start) > readings.SnapshotTTL/2 {
			t.Fatalf("B still shows the old title after %v (the cache's TTL is %v)", time.Since(start), readings.SnapshotTTL)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestChangeWatch_Consultation: a consultation closed early through one
// node stops taking opinions on the other within the watch interval, not
// the consultation cache's TTL (2 s).
func TestChangeWatch_Consultation(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lifa.db")
	stA, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a := newTestServerOn(t, stA)
	_, v := a.mustCreate(t, "两节点征求意见测试规定", "guangzhou-wetland-protection.md", "一审稿")
	opens, closes := a.consultations.DefaultPeriod()
	c, err := a.consultations.Open(ctx, "staff", consultations.NewConsultation{VersionID: v.ID, Title: "公开征求意见",
		Audience: drafts.AudiencePublic, OpensAt: opens.Add(-time.Minute), ClosesAt: closes})
	if err != nil {
		t.Fatal(err)
	}
	stB, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Config{Logger: a.log}, stB, WithChangeWatch(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Shutdown(ctx) })
	open := func() bool {
		got, err := b.consultations.ForVisitor(ctx, v.ID, nil)
		if err != nil || got == nil || got.ID != c.ID {
			t.Fatalf("B's consultation of the version: %+v, %v", got, err)
		}
		return got.IsOpen(time.Now())
	}
	if !open() { // B caches the open consultation
		t.Fatal("B: the consultation is not open")
	}
	if _, err := a.consultations.CloseEarly(ctx, "staff", c.ID, "提前结束测试"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for open() {
		if time.Since(start) > time.Second {
			t.Fatalf("B still takes opinions %v after the consultation closed on A", time.Since(start))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
