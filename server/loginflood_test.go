package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/drafts/store"
)

// BenchmarkVersionPage_LoginFlood measures the version page of 公司法
// (real HTTP on loopback) from one client, idle and then under a flood of
// 32 connections signing in with wrong passwords: from one address (the
// sign-in throttle answers 429 after a few attempts) and from many
// addresses through a trusted proxy (no throttle holds; the bound on
// password hashes computed at once keeps readers their CPU). It reports
// the p50 and p99 of each phase. Before the hashing bound, bcrypt ran on
// every core and the page's p50 went from 0.3 ms to 332 ms.
//
//	go test ./server/ -run '^$' -bench LoginFlood -benchtime 1x
func BenchmarkVersionPage_LoginFlood(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "lifa.db"))
	if err != nil {
		b.Fatal(err)
	}
	tok, _, err := accounts.New(st).EnsureAdminToken(ctx)
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), TrustedProxies: []string{"127.0.0.1"}}, st)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Shutdown(ctx)
	ts := &testServer{Server: s, token: tok}
	_, v := ts.mustCreate(b, "中华人民共和国公司法", "gongsifa-2023-12-29.md", "adopted")
	h, _ := drafts.HashPassword("password-123", drafts.PasswordCost)
	if err := st.CreateAccount(ctx, "admin", &drafts.Account{Name: "staff1", Role: drafts.RoleStaff, PasswordHash: h}); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	page := srv.URL + "/versions/" + itoa(v.ID)

	read := func(d time.Duration) (p50, p99 time.Duration, n int) {
		var lat []time.Duration
		for end := time.Now().Add(d); time.Now().Before(end); {
			t0 := time.Now()
			resp, err := client.Get(page)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			lat = append(lat, time.Since(t0))
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		return lat[len(lat)/2], lat[len(lat)*99/100], len(lat)
	}
	flood := func(manyAddresses bool, d time.Duration) (p50, p99 time.Duration, n int, codes map[int]int64) {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var counts [600]atomic.Int64
		for i := 0; i < 32; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				for k := 0; ; k++ {
					select {
					case <-stop:
						return
					default:
					}
					body := fmt.Sprintf(`{"name":"user%d-%d","password":"guess-%d"}`, i, k, k)
					req, _ := http.NewRequest("POST", srv.URL+"/api/v1/login", bytes.NewBufferString(body))
					req.Header.Set("Content-Type", "application/json")
					if manyAddresses {
						req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", rand.IntN(256), rand.IntN(256), rand.IntN(256)))
					}
					resp, err := client.Do(req)
					if err != nil {
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					counts[resp.StatusCode].Add(1)
				}
			}(i)
		}
		time.Sleep(300 * time.Millisecond)
		p50, p99, n = read(d)
		close(stop)
		wg.Wait()
		codes = map[int]int64{}
		for c := range counts {
			if v := counts[c].Load(); v > 0 {
				codes[c] = v
			}
		}
		return
	}
	d := 5 * time.Second
	if s := os.Getenv("LIFA_FLOOD_SECONDS"); s != "" {
		if n, err := time.ParseDuration(s + "s"); err == nil {
			d = n
		}
	}
	read(time.Second) // warm the page cache
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ip50, ip99, in := read(d)
		op50, op99, on, ocodes := flood(false, d)
		mp50, mp99, mn, mcodes := flood(true, d)
		b.Logf("idle: p50 %v p99 %v (%d requests)", ip50, ip99, in)
		b.Logf("flood from one address: p50 %v p99 %v (%d requests; logins %v)", op50, op99, on, ocodes)
		b.Logf("flood from many addresses: p50 %v p99 %v (%d requests; logins %v)", mp50, mp99, mn, mcodes)
		b.ReportMetric(float64(ip99.Microseconds())/1000, "idle-p99-ms")
		b.ReportMetric(float64(op99.Microseconds())/1000, "flood1-p99-ms")
		b.ReportMetric(float64(mp99.Microseconds())/1000, "floodN-p99-ms")
	}
}
