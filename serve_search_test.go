package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lifa/drafts/store"
	"lifa/search"
)

// TestServe_ListensWithoutItsIndex: `lifa serve` used to open (and, if
// damaged, rebuild) its search index before listening — 21.7 s without a
// server after a crash — and to exit when the index was held by another
// process. It now listens at once and opens the index in the background:
// here the index is held by this test, so it never opens; pages and the
// API are served, searches answer 503, and /healthz says why.
func TestServe_ListensWithoutItsIndex(t *testing.T) {
	bin := buildLifa(t)
	data := t.TempDir()
	ls := startLifa(t, bin, data)
	ls.stop(t)

	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(data, "lifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := search.Open(ctx, filepath.Join(data, "search"), st, search.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	start := time.Now()
	ls = startLifaListening(t, bin, data)
	t.Logf("listening after %v with the index held elsewhere", time.Since(start).Round(time.Millisecond))
	get := func(path string) (int, string) {
		resp, err := http.Get(ls.url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || !(strings.Contains(body, `"search":"rebuilding"`) || strings.Contains(body, `"search":"failed"`)) {
		t.Errorf("healthz: %d %s", code, body)
	}
	for _, p := range []string{"/", "/api/v1/regulations"} {
		if code, _ := get(p); code != 200 {
			t.Errorf("%s: %d", p, code)
		}
	}
	if code, body := get("/api/v1/search?q=" + "条例"); code != http.StatusServiceUnavailable || !strings.Contains(body, "检索") {
		t.Errorf("search without its index: %d %s", code, body)
	}
	// Once the open has given up, healthz says failed.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, body := get("/healthz"); strings.Contains(body, `"search":"failed"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("healthz never said the index failed")
		}
		time.Sleep(50 * time.Millisecond)
	}
	ls.stop(t)
}
