package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkCluster_Load measures, with wrk, public opinions/s (as fast as
// the server answers, from LIFA_LOAD_CLIENTS connections, default 64, for
// LIFA_LOAD_SECONDS, default 10) and then the version page of 公司法 2023
// (16 connections, 8 s) on:
//
//	sqlite   one node on SQLite, direct
//	postgres one node on PostgreSQL, direct
//	lb1      one node on PostgreSQL behind HAProxy
//	lb3      three nodes on PostgreSQL behind HAProxy
//
// Every run starts on a fresh database (PostgreSQL: LIFA_TEST_POSTGRES).
// Needs wrk (and haproxy for lb*); skips without. For example:
//
//	LIFA_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	  go test -run '^$' -bench 'Cluster_Load/lb3' -benchtime 1x .
func BenchmarkCluster_Load(b *testing.B) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		b.Skip("wrk not installed (apt-get install -y wrk)")
	}
	for _, mode := range []string{"sqlite", "postgres", "lb1", "lb3"} {
		b.Run(mode, func(b *testing.B) {
			var base string
			var pids []int
			switch mode {
			case "sqlite":
				srv := startOpinionServer(b, buildLifa(b), b.TempDir())
				base, pids = srv.url, []int{srv.cmd.Process.Pid}
			default:
				n := 1
				if mode == "lb3" {
					n = 3
				}
				c := newCluster(b, n)
				base = c.nodes[0].url()
				if mode != "postgres" {
					base = c.lb
				}
				for _, n := range c.nodes {
					pids = append(pids, n.srv.cmd.Process.Pid)
				}
			}
			benchLoad(b, wrk, base, pids)
		})
	}
}

// benchLoad runs the two wrk loads against base and reports the figures;
// pids are the lifa processes whose CPU time is counted.
func benchLoad(b *testing.B, wrk, base string, pids []int) {
	vid := openConsultationVersion(b, base)
	page := base + fmt.Sprintf("/versions/%d", companyLawVersion(b, base))
	clients := envInt("LIFA_LOAD_CLIENTS", 64)
	secs := envInt("LIFA_LOAD_SECONDS", 10)
	script, _ := filepath.Abs(filepath.Join("testdata", "opinion_post.lua"))
	run := func(args ...string) wrkResult {
		out, err := exec.Command(wrk, args...).CombinedOutput()
		if err != nil {
			b.Fatalf("wrk %v: %v\n%s", args, err, out)
		}
		return parseWrk(string(out))
	}
	cpu := func() time.Duration {
		var t time.Duration
		for _, p := range pids {
			t += procCPU(p)
		}
		return t
	}
	cpu0 := cpu()
	posts := run("-t2", fmt.Sprintf("-c%d", clients), fmt.Sprintf("-d%ds", secs), "--latency", "--timeout", "10s", "-s", script,
		fmt.Sprintf("%s/api/v1/versions/%d/opinions", base, vid))
	accepted := posts.requests - posts.non2xx
	postCPU := cpu() - cpu0
	run("-t1", "-c1", "-d1s", page) // warm the page caches
	cpu0 = cpu()
	pages := run("-t2", "-c16", "-d8s", "--latency", page)
	pageCPU := cpu() - cpu0
	b.ReportMetric(float64(accepted)/float64(secs), "opinions/s")
	b.ReportMetric(float64(posts.p99.Microseconds())/1000, "post-p99-ms")
	b.ReportMetric(pages.rps, "pages/s")
	b.ReportMetric(float64(pages.p99.Microseconds())/1000, "page-p99-ms")
	if accepted > 0 {
		b.ReportMetric(float64(postCPU.Microseconds())/float64(accepted), "lifa-cpu-µs/opinion")
	}
	if pages.requests > 0 {
		b.ReportMetric(float64(pageCPU.Microseconds())/float64(pages.requests), "lifa-cpu-µs/page")
	}
	load, _ := os.ReadFile("/proc/loadavg")
	b.Logf("%s: %d opinions accepted of %d posted in %ds; %d pages; load %s", base, accepted, posts.requests, secs,
		pages.requests, strings.Join(strings.Fields(string(load))[:3], " "))
}

// companyLawVersion is the id of the demo's 公司法 2023, the version page
// the README's figures use (266 articles).
func companyLawVersion(b testing.TB, base string) int64 {
	resp, err := http.Get(base + "/api/v1/regulations")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Regulations []struct {
			Title  string `json:"title"`
			Latest struct {
				ID int64 `json:"id"`
			} `json:"latest"`
		} `json:"regulations"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		b.Fatal(err)
	}
	for _, r := range out.Regulations {
		if strings.Contains(r.Title, "公司法") {
			return r.Latest.ID
		}
	}
	b.Fatal("no 公司法 in the demo")
	return 0
}
