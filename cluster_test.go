package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"text/template"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// The cluster test: three `lifa serve` nodes on one fresh PostgreSQL
// database behind a real HAProxy rendered from server/deploy/haproxy.cfg.tmpl.
// It needs LIFA_TEST_POSTGRES (a database on a server where it may create
// and drop databases) and haproxy (PATH or /usr/sbin), and skips with a
// message otherwise; .ci/run provides both. Figures it measures (failover
// gap, cross-node search lag, cache staleness) are logged with -v:
//
//	LIFA_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go test -v -run Cluster .

// cluster is the running test cluster.
type cluster struct {
	t      testing.TB
	bin    string
	dbURL  string
	admin  *sql.DB // the cluster's database, for checks
	nodes  []*clusterNode
	lb     string // http://127.0.0.1:port of the balancer
	sock   string // HAProxy's admin socket
	token  string // the admin token
	haproc *exec.Cmd
	flags  []string // every node's flags
}

type clusterNode struct {
	name string
	addr string // 127.0.0.1:port
	data string
	srv  *lifaServer
}

func (n *clusterNode) url() string { return "http://" + n.addr }

// clusterNodeFlags are the flags every node runs with: public rate limits
// off (the flood comes from one address), opinions indexed within a second
// even during a flood (the default defers them up to ten minutes to keep
// pages fast, see search.Follow), the balancer trusted for client addresses.
var clusterNodeFlags = []string{"--opinion-rate", "-1", "--opinion-index-lag", "1s", "--trusted-proxies", "127.0.0.1", "--log-level", "warn"}

// haproxyPath finds the haproxy binary, "" when there is none.
func haproxyPath() string {
	if p, err := exec.LookPath("haproxy"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/haproxy"); err == nil {
		return "/usr/sbin/haproxy"
	}
	return ""
}

// freeAddr returns a loopback address with a port nothing listens on now.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// freshDatabase creates an empty database beside the one LIFA_TEST_POSTGRES
// names and drops it when the test ends; it returns its URL.
func freshDatabase(t testing.TB, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("lifa_cluster_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Skipf("cluster test skipped: cannot create a database on %s: %v", u.Host, err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// newCluster starts n nodes at once on an empty database (node 1 with
// --demo; all of them migrate concurrently) and the balancer in front.
// Every node runs with clusterNodeFlags and then extra.
func newCluster(t testing.TB, n int, extra ...string) *cluster {
	// In CI (.ci/run installs and sets both) a missing prerequisite fails
	// the test instead of letting it pass silently.
	skip := t.Skip
	if os.Getenv("CI") == "true" {
		skip = t.Fatal
	}
	base := os.Getenv("LIFA_TEST_POSTGRES")
	if base == "" {
		skip("cluster test skipped: set LIFA_TEST_POSTGRES to a PostgreSQL database (.ci/run does)")
	}
	hp := haproxyPath()
	if hp == "" {
		skip("cluster test skipped: haproxy not installed (apt-get install haproxy; .ci/run does)")
	}
	bin := buildLifa(t)
	c := &cluster{t: t, bin: bin, dbURL: freshDatabase(t, base), flags: append(append([]string(nil), clusterNodeFlags...), extra...)}
	var err error
	if c.admin, err = sql.Open("pgx", c.dbURL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.admin.Close() })
	for i := 1; i <= n; i++ {
		c.nodes = append(c.nodes, &clusterNode{name: fmt.Sprintf("n%d", i), addr: freeAddr(t), data: t.TempDir()})
	}
	var wg sync.WaitGroup
	for i, node := range c.nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var demo []string
			if i == 0 {
				demo = append(demo, "--demo")
			}
			node.srv = c.start(node, demo...)
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	c.startBalancer(hp)
	return c
}

// start runs one node (startLifa waits until it listens).
func (c *cluster) start(n *clusterNode, extra ...string) *lifaServer {
	args := append([]string{"--db", c.dbURL, "--addr", n.addr}, c.flags...)
	return startLifa(c.t, c.bin, n.data, append(args, extra...)...)
}

// startBalancer renders server/deploy/haproxy.cfg.tmpl for the nodes and
// runs HAProxy in the foreground until the test ends.
func (c *cluster) startBalancer(hp string) {
	t := c.t
	tmpl, err := template.ParseFiles(filepath.Join("server", "deploy", "haproxy.cfg.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	type node struct{ Name, Addr string }
	data := struct {
		Listen, Check, StatsSocket string
		Nodes                      []node
	}{Listen: freeAddr(t), Check: "/readyz", StatsSocket: filepath.Join(dir, "admin.sock")}
	for _, n := range c.nodes {
		data.Nodes = append(data.Nodes, node{n.name, n.addr})
	}
	var cfg bytes.Buffer
	if err := tmpl.Execute(&cfg, data); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(path, cfg.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(hp, "-c", "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s\n%s", err, out, cfg.String())
	}
	cmd := exec.Command(hp, "-db", "-f", path)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c.haproc, c.lb, c.sock = cmd, "http://"+data.Listen, data.StatsSocket
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("haproxy output:\n%s", logs.String())
		}
	})
	up := map[string]string{}
	for _, n := range c.nodes {
		up[n.name] = "UP"
	}
	c.waitStatus(up, 20*time.Second)
	t.Logf("balancer %s, health check %s, %d nodes", c.lb, data.Check, len(c.nodes))
}

// serverStatus asks HAProxy's admin socket for each node's status
// (UP, DOWN, "UP 1/2" while rising …).
func (c *cluster) serverStatus() (map[string]string, error) {
	conn, err := net.DialTimeout("unix", c.sock, time.Second)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.WriteString(conn, "show stat\n"); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(bufio.NewReader(conn))
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("# "))))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 1 {
		return nil, fmt.Errorf("show stat: %v %q", err, b)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	out := map[string]string{}
	for _, row := range rows[1:] {
		if len(row) > col["status"] && row[col["pxname"]] == "lifa_nodes" && strings.HasPrefix(row[col["svname"]], "n") {
			out[row[col["svname"]]] = row[col["status"]]
		}
	}
	return out, nil
}

// waitStatus waits until HAProxy reports every named node in its wanted
// status, and returns how long that took.
func (c *cluster) waitStatus(want map[string]string, limit time.Duration) time.Duration {
	c.t.Helper()
	start := time.Now()
	var got map[string]string
	var err error
	for time.Since(start) < limit {
		got, err = c.serverStatus()
		ok := err == nil
		for k, v := range want {
			ok = ok && got[k] == v
		}
		if ok {
			return time.Since(start)
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("balancer status %v (err %v), want %v after %v", got, err, want, limit)
	return 0
}

// findToken returns the admin token one of the nodes printed and checks
// that exactly one token was printed: a second would mean two nodes each
// created one at the same time, and one of them would not work.
func (c *cluster) findToken() {
	var printed []string
	for _, n := range c.nodes {
		if n.srv.token != "" {
			printed = append(printed, n.srv.token)
		}
	}
	if len(printed) != 1 {
		c.t.Fatalf("%d nodes printed an admin token on first start, want exactly 1", len(printed))
	}
	c.token = printed[0]
}

// do sends a request with the admin token (auth) and returns the status
// and body.
func (c *cluster) do(method, u, ctype string, body io.Reader, auth bool) (int, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if auth {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// searchTotal is the number of hits for q on a node, as staff see them
// (opinions included), over every version.
func (c *cluster) searchTotal(base, q string) (int, error) {
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/search?scope=all&size=1&q="+url.QueryEscape(q), nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var out struct {
		Total int `json:"total"`
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return 0, fmt.Errorf("search %s: %d %s", base, resp.StatusCode, b)
	}
	return out.Total, json.NewDecoder(resp.Body).Decode(&out)
}

// waitSearch waits until q has at least want hits on base and returns how
// long that took (limit: fail).
func (c *cluster) waitSearch(base, q string, want int, limit time.Duration) time.Duration {
	c.t.Helper()
	start := time.Now()
	n, err := 0, error(nil)
	for time.Since(start) < limit {
		if n, err = c.searchTotal(base, q); err == nil && n >= want {
			return time.Since(start)
		}
		// Every 10 ms for a second (lag measurements), then every 250 ms
		// (a query matching thousands of opinions costs the node CPU).
		if time.Since(start) < time.Second {
			time.Sleep(10 * time.Millisecond)
		} else {
			time.Sleep(250 * time.Millisecond)
		}
	}
	c.t.Fatalf("%s: %q has %d hits (err %v), want %d within %v", base, q, n, err, want, limit)
	return 0
}

// upload creates a regulation through node base and uploads one version
// whose second article contains word; it returns the regulation's and the
// version's ids.
func (c *cluster) upload(base, title, word string) (int64, int64) {
	c.t.Helper()
	code, b := c.do(http.MethodPost, base+"/api/v1/regulations", "application/json",
		strings.NewReader(fmt.Sprintf(`{"title":%q,"kind":"制定"}`, title)), true)
	if code != http.StatusCreated {
		c.t.Fatalf("create regulation: %d %s", code, b)
	}
	var reg struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal(b, &reg)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("stage", "一审稿")
	mw.WriteField("label", "一审稿")
	mw.WriteField("text", "第一条　为了检验集群，制定本规定。\n第二条　本规定所称"+word+"，是指只出现一次的词。\n")
	mw.Close()
	code, b = c.do(http.MethodPost, fmt.Sprintf("%s/api/v1/regulations/%d/versions", base, reg.ID), mw.FormDataContentType(), &body, true)
	if code != http.StatusCreated {
		c.t.Fatalf("upload: %d %s", code, b)
	}
	var v struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal(b, &v)
	return reg.ID, v.ID
}

// marker returns a word no other test text contains.
func marker(prefix string) string {
	const letters = "abcdefghjkmnpqrstuvwxyz"
	b := []byte{}
	for i := 0; i < 6; i++ {
		b = append(b, letters[rand.IntN(len(letters))])
	}
	return prefix + string(b)
}

func percentiles(ds []time.Duration) (p50, p99 time.Duration) {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2], s[(len(s)*99)/100]
}

func TestCluster(t *testing.T) {
	c := newCluster(t, 3)
	c.findToken()

	t.Run("MigrationsOnce", func(t *testing.T) {
		// Three nodes migrated one empty database at the same time.
		var all, distinct int
		if err := c.admin.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&all, &distinct); err != nil {
			t.Fatal(err)
		}
		if all != distinct || all == 0 {
			t.Errorf("schema_migrations: %d rows, %d distinct: a migration ran twice", all, distinct)
		}
		var stages, regs int
		c.admin.QueryRow(`SELECT COUNT(*) FROM stages`).Scan(&stages)
		c.admin.QueryRow(`SELECT COUNT(*) FROM regulations`).Scan(&regs)
		var distinctStages int
		c.admin.QueryRow(`SELECT COUNT(DISTINCT code) FROM stages`).Scan(&distinctStages)
		if stages != distinctStages || regs == 0 {
			t.Errorf("after a concurrent first start: %d stages (%d distinct), %d regulations", stages, distinctStages, regs)
		}
	})

	t.Run("FloodFailoverRejoin", func(t *testing.T) { c.floodFailover(t) })
	t.Run("SessionsAnyNode", func(t *testing.T) { c.sessions(t) })
	t.Run("SearchLag", func(t *testing.T) { c.searchLag(t) })
	t.Run("Caches", func(t *testing.T) { c.caches(t) })
	t.Run("LimitsAcrossNodes", func(t *testing.T) { c.limitsAcrossNodes(t) })
}

// limitsAcrossNodes tries wrong passwords for one account on the three
// nodes in turn: the per-account sign-in limit (5 at once) holds for the
// cluster, it does not become 5 per node. (The nodes run with the public
// opinion and receipt limits off, for the flood; sign-in is always
// limited.)
func (c *cluster) limitsAcrossNodes(t *testing.T) {
	name := marker("guess")
	answered, limited := 0, 0
	for i := 0; i < 15; i++ {
		code, body := c.do(http.MethodPost, c.nodes[i%3].url()+"/api/v1/login", "application/json",
			strings.NewReader(fmt.Sprintf(`{"name":%q,"password":"wrong %d"}`, name, i)), false)
		switch code {
		case http.StatusTooManyRequests:
			limited++
		case http.StatusUnauthorized:
			answered++
		default:
			t.Fatalf("sign-in attempt %d on %s: %d %s", i, c.nodes[i%3].name, code, body)
		}
	}
	if answered != 5 || limited != 10 {
		t.Errorf("15 wrong passwords for one account over 3 nodes: %d answered, %d refused; want the cluster-wide burst of 5 (per-node limits would answer 15)", answered, limited)
	}
	t.Logf("wrong passwords for one account over three nodes: %d answered (401), %d refused (429)", answered, limited)
}

// floodFailover posts public opinions through the balancer from many
// clients, kills one node with SIGKILL in the middle, and checks that the
// balancer takes it out, that every acknowledged opinion is stored and
// searchable on every node, and that the node comes back.
func (c *cluster) floodFailover(t *testing.T) {
	vid := openConsultationVersion(t, c.lb)
	postURL := fmt.Sprintf("%s/api/v1/versions/%d/opinions", c.lb, vid)
	word := marker("洪峰")
	const clients = 24
	flood := time.Duration(envInt("LIFA_CLUSTER_FLOOD_SECONDS", 8)) * time.Second
	cl := loadClient(clients)
	ctx, cancel := context.WithTimeout(context.Background(), flood)
	defer cancel()
	var (
		mu       sync.Mutex
		acked    []posted
		failures []time.Time
		sent     atomic.Int64
	)
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ctx.Err() == nil; n++ {
				text := fmt.Sprintf("客户端%d第%d条：%s建议明确湿地保护的经费保障。", i, n, word)
				sent.Add(1)
				r, code, err := postOpinion(ctx, cl, postURL, 1+(i+n)%30, text)
				mu.Lock()
				if r != "" {
					acked = append(acked, posted{r, text})
				} else if ctx.Err() == nil && (err != nil || code != 0) {
					failures = append(failures, time.Now())
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(flood / 3)
	victim := c.nodes[1]
	killedAt := time.Now()
	if err := victim.srv.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	<-victim.srv.done
	outAfter := c.waitStatus(map[string]string{victim.name: "DOWN"}, 10*time.Second)
	wg.Wait()
	elapsed := time.Since(start)

	gap := time.Duration(0)
	if len(failures) > 0 {
		gap = failures[len(failures)-1].Sub(killedAt)
		if first := failures[0].Sub(killedAt); first < 0 {
			t.Errorf("a request failed %v before the kill", -first)
		}
	}
	t.Logf("flood: %d requests in %v (%.0f/s), %d acknowledged (%.0f/s), %d failed; node %s killed at +%v, marked DOWN %v later; failover gap (last failure − kill) %v",
		sent.Load(), elapsed.Round(time.Millisecond), float64(sent.Load())/elapsed.Seconds(), len(acked),
		float64(len(acked))/elapsed.Seconds(), len(failures), victim.name, killedAt.Sub(start).Round(time.Millisecond),
		outAfter.Round(time.Millisecond), gap.Round(time.Millisecond))
	if len(acked) == 0 {
		t.Fatal("no opinion acknowledged")
	}
	// The balancer retries refused connections elsewhere; only requests in
	// flight on the killed node may fail.
	if len(failures) > clients {
		t.Errorf("%d requests failed, more than the %d that can be in flight on the killed node", len(failures), clients)
	}

	// Every acknowledged opinion is in the database with its text.
	receipts := make([]string, len(acked))
	want := map[string]string{}
	for i, p := range acked {
		receipts[i] = p.receipt
		want[p.receipt] = p.text
	}
	rows, err := c.admin.Query(`SELECT receipt, body FROM opinions WHERE receipt = ANY($1)`, receipts)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for rows.Next() {
		var r, body string
		if err := rows.Scan(&r, &body); err != nil {
			t.Fatal(err)
		}
		if want[r] == body {
			found++
		}
	}
	rows.Close()
	var stored int
	c.admin.QueryRow(`SELECT COUNT(*) FROM opinions WHERE body LIKE '%' || $1 || '%'`, word).Scan(&stored)
	if found != len(acked) {
		t.Fatalf("%d of %d acknowledged opinions are in the database", found, len(acked))
	}
	t.Logf("database: all %d acknowledged opinions stored (%d stored in all: the rest were committed but their answer was lost with the node)", len(acked), stored)

	// Searchable on the surviving nodes once they have caught up.
	for _, n := range []*clusterNode{c.nodes[0], c.nodes[2]} {
		d := c.waitSearch(n.url(), word, stored, 60*time.Second)
		t.Logf("%s: all %d opinions searchable %v after the flood", n.name, stored, d.Round(time.Millisecond))
	}

	// The killed node restarts on its old index, catches up, and rejoins.
	restart := time.Now()
	victim.srv = c.start(victim)
	listening := time.Since(restart)
	d := c.waitSearch(victim.url(), word, stored, 60*time.Second)
	back := c.waitStatus(map[string]string{victim.name: "UP"}, 20*time.Second)
	t.Logf("%s restarted: listening after %v, its index had all %d opinions %v later, UP in the balancer %v after that",
		victim.name, listening.Round(time.Millisecond), stored, d.Round(time.Millisecond), back.Round(time.Millisecond))
}

// sessions signs in through node 1 and uses the session on nodes 2 and 3.
func (c *cluster) sessions(t *testing.T) {
	name := marker("staff")
	code, b := c.do(http.MethodPost, c.nodes[0].url()+"/api/v1/accounts", "application/json",
		strings.NewReader(fmt.Sprintf(`{"name":%q,"display_name":"集群测试","role":"staff","password":"correct horse battery"}`, name)), true)
	if code != http.StatusCreated {
		t.Fatalf("create account: %d %s", code, b)
	}
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := cl.Post(c.nodes[0].url()+"/api/v1/login", "application/json",
		strings.NewReader(fmt.Sprintf(`{"name":%q,"password":"correct horse battery"}`, name)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login on n1: %d", resp.StatusCode)
	}
	// The cookie was set for n1's host:port; send it to the others by hand.
	u0, _ := url.Parse(c.nodes[0].url())
	cookies := jar.Cookies(u0)
	for _, n := range c.nodes[1:] {
		req, _ := http.NewRequest(http.MethodGet, n.url()+"/api/v1/me", nil)
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), name) {
			t.Errorf("%s: session from n1 gives %d %s", n.name, resp.StatusCode, b)
		}
	}
}

// searchLag uploads versions and posts opinions through node 1 and
// measures how long until node 2 finds each one.
func (c *cluster) searchLag(t *testing.T) {
	a, b := c.nodes[0], c.nodes[1]
	samples := envInt("LIFA_CLUSTER_SAMPLES", 30)
	var uploads, opinions []time.Duration
	// A random pause before each sample: without it each write follows the
	// previous find, i.e. just after n2's follower has polled, and every
	// sample waits a whole polling interval.
	jitter := func() { time.Sleep(time.Duration(rand.Int64N(int64(600 * time.Millisecond)))) }
	for i := 0; i < samples; i++ {
		jitter()
		w := marker("标记")
		c.upload(a.url(), fmt.Sprintf("集群检索延迟测试规定%d", i), w)
		uploads = append(uploads, c.waitSearch(b.url(), w, 1, 5*time.Second))
	}
	vid := openConsultationVersion(t, a.url())
	cl := loadClient(1)
	for i := 0; i < 2*samples; i++ {
		jitter()
		w := marker("意见")
		if _, code, err := postOpinion(context.Background(), cl, fmt.Sprintf("%s/api/v1/versions/%d/opinions", a.url(), vid), 3, "建议"+w+"。"); err != nil || code != http.StatusCreated {
			t.Fatalf("opinion: %d %v", code, err)
		}
		opinions = append(opinions, c.waitSearch(b.url(), w, 1, 5*time.Second))
	}
	p50, p99 := percentiles(uploads)
	o50, o99 := percentiles(opinions)
	t.Logf("cross-node search lag (upload on n1 answered → found on n2): versions p50 %v p99 %v (%d); opinions p50 %v p99 %v (%d)",
		p50.Round(time.Millisecond), p99.Round(time.Millisecond), len(uploads), o50.Round(time.Millisecond), o99.Round(time.Millisecond), len(opinions))
}

// caches checks that what one node caches is corrected on the others when
// another node changes it: a regulation's title (the version page keeps
// the title and a whole rendered page), a new consultation (the opinion
// form and the version page keep a version's consultations), and a
// comparison on versions uploaded through another node.
func (c *cluster) caches(t *testing.T) {
	a, b := c.nodes[0], c.nodes[2]
	regID, v1 := c.upload(a.url(), "集群缓存测试规定", marker("缓存"))
	pageB := fmt.Sprintf("%s/versions/%d", b.url(), v1)
	get := func(u string) (int, string) {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	// Node B renders and caches the anonymous page.
	if code, body := get(pageB); code != 200 || !strings.Contains(body, "集群缓存测试规定") {
		t.Fatalf("version page on %s: %d", b.name, code)
	}
	// Rename through node A; node B must show the new title.
	newTitle := "集群缓存测试规定（修订）"
	code, body := c.do(http.MethodPatch, fmt.Sprintf("%s/api/v1/regulations/%d", a.url(), regID), "application/json",
		strings.NewReader(fmt.Sprintf(`{"title":%q}`, newTitle)), true)
	if code != http.StatusOK {
		t.Fatalf("rename: %d %s", code, body)
	}
	renamed := time.Now()
	var stale time.Duration
	for {
		if _, body := get(pageB); strings.Contains(body, newTitle) {
			stale = time.Since(renamed)
			break
		}
		// The nodes follow the change log every 500 ms (server.WithChangeWatch);
		// without it the regulation cache's 5 s TTL would bound this.
		if time.Since(renamed) > 3*time.Second {
			t.Fatalf("%s still shows the old title 3 s after the rename on %s", b.name, a.name)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A consultation opened through node A admits opinions on node B.
	opens := time.Now().Add(-time.Minute).UTC().Format(time.RFC3339)
	closes := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	code, body = c.do(http.MethodPost, a.url()+"/api/v1/consultations", "application/json",
		strings.NewReader(fmt.Sprintf(`{"version_id":%d,"title":"集群缓存测试","audience":"public","opens_at":%q,"closes_at":%q}`, v1, opens, closes)), true)
	if code != http.StatusCreated {
		t.Fatalf("open consultation: %d %s", code, body)
	}
	opened := time.Now()
	cl := loadClient(1)
	var consStale time.Duration
	for {
		_, code, err := postOpinion(context.Background(), cl, fmt.Sprintf("%s/api/v1/versions/%d/opinions", b.url(), v1), 1, "缓存测试意见。")
		if err != nil {
			t.Fatal(err)
		}
		if code == http.StatusCreated {
			consStale = time.Since(opened)
			break
		}
		if time.Since(opened) > 15*time.Second {
			t.Fatalf("%s refuses opinions (%d) 15 s after the consultation opened on %s", b.name, code, a.name)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The version page on node B shows the consultation (its cached page
	// depends on it).
	if _, body := get(pageB); !strings.Contains(body, "/consultations/") {
		t.Errorf("%s's version page does not offer the consultation opened on %s", b.name, a.name)
	}
	// A comparison computed on node B for versions uploaded through node A.
	var mb bytes.Buffer
	mw := multipart.NewWriter(&mb)
	mw.WriteField("stage", "二审稿")
	mw.WriteField("label", "二审稿")
	mw.WriteField("text", "第一条　为了检验集群的缓存，制定本规定。\n第二条　本规定所称缓存，是指只出现一次的词。\n")
	mw.Close()
	code, body = c.do(http.MethodPost, fmt.Sprintf("%s/api/v1/regulations/%d/versions", a.url(), regID), mw.FormDataContentType(), &mb, true)
	if code != http.StatusCreated {
		t.Fatalf("second upload: %d %s", code, body)
	}
	var v2 struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal(body, &v2)
	code, body = c.do(http.MethodGet, fmt.Sprintf("%s/api/v1/regulations/%d/compare?from=%d&to=%d", b.url(), regID, v1, v2.ID), "", nil, false)
	if code != http.StatusOK || !strings.Contains(string(body), "缓存") {
		t.Errorf("compare on %s of versions uploaded on %s: %d", b.name, a.name, code)
	}
	t.Logf("caches across nodes: a title change showed on the other node's cached page after %v (the change watch); a new consultation admitted opinions there after %v (bound: the consultation cache's TTL)",
		stale.Round(time.Millisecond), consStale.Round(time.Millisecond))
}
