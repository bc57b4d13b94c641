package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkCluster_Load measures, with wrk, the version page of 公司法 2023
// (16 connections, 8 s) and then public opinions/s (as fast as the server
// answers, from LIFA_LOAD_CLIENTS connections, default 64, for
// LIFA_LOAD_SECONDS, default 10) on:
//
//	sqlite   one node on SQLite, direct
//	postgres one node on PostgreSQL, direct
//	lb1      one node on PostgreSQL behind HAProxy
//	lb3      three nodes on PostgreSQL behind HAProxy
//
// Every run starts on a fresh database (PostgreSQL: LIFA_TEST_POSTGRES);
// the nodes index opinions as configured by default (deferred during a
// flood), so the figures are the cost of taking opinions in.
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
			var c *cluster
			base := ""
			switch mode {
			case "sqlite":
				srv := startOpinionServer(b, buildLifa(b), b.TempDir())
				c = &cluster{t: b, token: srv.token,
					nodes: []*clusterNode{{name: "n1", addr: strings.TrimPrefix(srv.url, "http://"), srv: srv}}}
				base = srv.url
			default:
				n := 1
				if mode == "lb3" {
					n = 3
				}
				// Opinions are indexed as in production: during a flood,
				// later (search.Follow), not within the second the test needs.
				c = newCluster(b, n, "--opinion-index-lag", "10m")
				c.findToken()
				base = c.nodes[0].url()
				if mode != "postgres" {
					base = c.lb
				}
			}
			benchLoad(b, wrk, c, base, mode != "sqlite")
		})
	}
}

// benchLoad runs the two wrk loads against base (a node of c or its
// balancer) and reports the figures: throughput, latency, and the CPU
// time each component spent per request (c's lifa processes, PostgreSQL's
// processes when pg, c's balancer, and wrk itself); then it waits until
// every node's index has the opinions and reports the lifa CPU time that
// took per opinion and node. Capacity on other machines is computed from
// these (server/deploy/CAPACITY.md).
func benchLoad(b *testing.B, wrk string, c *cluster, base string, pg bool) {
	var pids []int
	for _, n := range c.nodes {
		pids = append(pids, n.srv.cmd.Process.Pid)
	}
	lb := 0
	if c.haproc != nil && base == c.lb {
		lb = c.haproc.Process.Pid
	}
	vid := openConsultationVersion(b, base)
	page := base + fmt.Sprintf("/versions/%d", companyLawVersion(b, base))
	clients := envInt("LIFA_LOAD_CLIENTS", 64)
	secs := envInt("LIFA_LOAD_SECONDS", 10)
	script, _ := filepath.Abs(filepath.Join("testdata", "opinion_post.lua"))
	var wrkCPU time.Duration
	run := func(args ...string) wrkResult {
		var ru0, ru1 syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru0)
		out, err := exec.Command(wrk, args...).CombinedOutput()
		if err != nil {
			b.Fatalf("wrk %v: %v\n%s", args, err, out)
		}
		syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru1)
		wrkCPU = time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
		return parseWrk(string(out))
	}
	// cpu is the CPU time used so far by lifa, PostgreSQL and the balancer.
	cpu := func() [3]time.Duration { // lifa, PostgreSQL, balancer
		var t [3]time.Duration
		for _, p := range pids {
			t[0] += procCPU(p)
		}
		t[1] = postgresCPU()
		if lb != 0 {
			t[2] = procCPU(lb)
		}
		return t
	}
	report := func(what string, n int, c0, c1 [3]time.Duration) {
		if n == 0 {
			return
		}
		for i, who := range []string{"lifa", "pg", "lb"} {
			if who == "lb" && lb == 0 || who == "pg" && !pg {
				continue
			}
			// A PostgreSQL backend that exits takes its CPU time with it.
			b.ReportMetric(max(0, float64((c1[i]-c0[i]).Microseconds())/float64(n)), who+"-cpu-µs/"+what)
		}
		b.ReportMetric(float64(wrkCPU.Microseconds())/float64(n), "wrk-cpu-µs/"+what)
	}
	// Pages first: after the opinions, the index followers would be
	// catching up on them meanwhile.
	run("-t1", "-c1", "-d1s", page) // warm the page caches
	c0 := cpu()
	pages := run("-t2", "-c16", "-d8s", "--latency", page)
	report("page", pages.requests, c0, cpu())
	c0 = cpu()
	var wal0 string
	if pg {
		c.admin.QueryRow(`SELECT pg_current_wal_lsn()::text`).Scan(&wal0)
	}
	posts := run("-t2", fmt.Sprintf("-c%d", clients), fmt.Sprintf("-d%ds", secs), "--latency", "--timeout", "10s", "-s", script,
		fmt.Sprintf("%s/api/v1/versions/%d/opinions", base, vid))
	accepted := posts.requests - posts.non2xx
	report("opinion", accepted, c0, cpu())
	if pg && accepted > 0 {
		var wal float64
		c.admin.QueryRow(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)`, wal0).Scan(&wal)
		b.ReportMetric(wal/float64(accepted), "wal-bytes/opinion")
	}
	// The index followers catch up once the flood is over.
	c0 = cpu()
	start := time.Now()
	for _, n := range c.nodes {
		c.waitSearch(n.url(), "建议增加湿地保护志愿者制度", accepted, 10*time.Minute)
	}
	c1 := cpu()
	if accepted > 0 {
		b.ReportMetric(float64((c1[0]-c0[0]).Microseconds())/float64(accepted*len(c.nodes)), "index-cpu-µs/opinion/node")
		b.Logf("every node's index had the %d opinions %v after the flood", accepted, time.Since(start).Round(time.Millisecond))
	}
	b.ReportMetric(float64(accepted)/float64(secs), "opinions/s")
	b.ReportMetric(float64(posts.p99.Microseconds())/1000, "post-p99-ms")
	b.ReportMetric(pages.rps, "pages/s")
	b.ReportMetric(float64(pages.p99.Microseconds())/1000, "page-p99-ms")
	load, _ := os.ReadFile("/proc/loadavg")
	b.Logf("%s: %d opinions accepted of %d posted in %ds; %d pages; load %s", base, accepted, posts.requests, secs,
		pages.requests, strings.Join(strings.Fields(string(load))[:3], " "))
}

// postgresCPU is the CPU time used by the PostgreSQL server's processes
// now running (all of them: the benchmark's database is the only busy one).
func postgresCPU() time.Duration {
	var t time.Duration
	procs, _ := filepath.Glob("/proc/[0-9]*/comm")
	for _, p := range procs {
		if b, err := os.ReadFile(p); err == nil && strings.TrimSpace(string(b)) == "postgres" {
			var pid int
			fmt.Sscan(filepath.Base(filepath.Dir(p)), &pid)
			t += procCPU(pid)
		}
	}
	return t
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
