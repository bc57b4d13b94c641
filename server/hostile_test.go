package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
	"lifa/search"
)

// hostileValues are what every parameter is sent: huge (overflowing
// int64 and (page-1)*size), negative, zero, non-numeric, NUL, invalid
// UTF-8, 10 kB long; targets also send each query parameter duplicated.
var hostileValues = []string{
	"144115188075855873", "9223372036854775807", "99999999999999999999999999", "-1", "-9223372036854775808",
	"0", "1.5", "abc", "", "\x00", "\xff\xfe", "%", strings.Repeat("9", 10<<10), strings.Repeat("停", 3414),
}

// formProbes are the values each form field is sent alone (every field
// also gets every hostile value at once).
var formProbes = []string{"99999999999999999999999999", "-1", "abc", "\x00", "\xff"}

// hostileJSON are the JSON values sent for each field of a request body.
var hostileJSON = []string{`9223372036854775807`, `99999999999999999999`, `-1`, `0`, `1e308`, `1.5`,
	`"x"`, `""`, `"\u0000"`, `null`, `[]`, `{}`, `[1,-1,99999999999999999999]`, `"` + strings.Repeat("停", 3414) + `"`}

// TestHostileParameters walks every route of /api/openapi.json and of the
// gin engine and sends each parameter the hostile values, anonymously and
// as an administrator, against a real HTTP server with a real search index
// (bleve panics in its own goroutines, beyond any recovery middleware: a
// panic there ends the process). The walk runs in a child process so that
// a crash is reported as such; the test asserts that no request answers
// 5xx and that /healthz still answers after every route.
func TestHostileParameters(t *testing.T) {
	if os.Getenv("LIFA_HOSTILE_CHILD") == "1" {
		walkHostile(t)
		return
	}
	if testing.Short() {
		t.Skip("hostile walk skipped in -short mode")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostileParameters$", "-test.timeout=10m")
	cmd.Env = append(os.Environ(), "LIFA_HOSTILE_CHILD=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	report := regexp.MustCompile(`hostile: .*`).FindString(out.String())
	if err != nil {
		tail := out.String()
		if len(tail) > 6000 {
			tail = tail[len(tail)-6000:]
		}
		t.Fatalf("the server process failed (%v) — a crash or a failed assertion:\n%s", err, tail)
	}
	if report == "" {
		t.Fatalf("the walk reported nothing:\n%s", out.String())
	}
	t.Log(report)
}

// walkHostile is the body of TestHostileParameters in the child process.
func walkHostile(t *testing.T) {
	st, backend := openWalkStore(t)
	f := newOpFixtureOn(t, st, OpinionConfig{}, withTestSearch(t.TempDir()))
	ctx := context.Background()
	admin := f.addAccount(t, "admin1", drafts.RoleAdmin, 0)
	_ = admin
	// A second reading (for comparisons and following), a contact point,
	// a liaison, an opinion and its receipt.
	w := f.postJSON(fmt.Sprintf("/api/v1/regulations/%d/versions", f.version.RegulationID),
		map[string]string{"stage": "first-reading", "text": "广州市湿地保护规定\n第一条　为了保护湿地，制定本规定。\n第二条　停车场应当设置。\n"}, true)
	if w.Code != http.StatusCreated {
		t.Fatalf("second version: %d %s", w.Code, w.Body)
	}
	cp := f.addContactPoint(t, "甲街道联系点", "")
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	if code, m := f.post(map[string]any{"article": 1, "text": "停车场的意见"}); code != http.StatusCreated {
		t.Fatalf("opinion: %d %v", code, m)
	}
	if _, err := f.search.Index().CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f.Handler())
	defer srv.Close()
	si := f.login(t, "admin1")

	routes := hostileRoutes(t, f.testServer)
	formFields := templateFieldNames(t)
	client := &http.Client{Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	sent, failures := 0, 0
	send := func(role string, method, target, ctype string, body []byte) {
		req, err := http.NewRequest(method, srv.URL+target, bytes.NewReader(body))
		if err != nil {
			// A value net/http cannot even put in a request line: send it
			// raw instead.
			req, err = http.NewRequest(method, srv.URL+"/", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.URL.Opaque = target
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if role == "admin" {
			req.AddCookie(si.cookie)
			req.Header.Set("X-CSRF-Token", si.csrf)
		}
		resp, err := client.Do(req)
		sent++
		if err != nil {
			t.Fatalf("%s %s as %s: %v (server down?)", method, shorten(target), role, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			failures++
			if failures <= 40 {
				t.Errorf("%s %s as %s (%.60q): %d", method, shorten(target), role, shorten(string(body)), resp.StatusCode)
			}
		}
	}
	healthz := func(after string) {
		resp, err := client.Get(srv.URL + "/healthz")
		sent++
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("/healthz after %s: %v %v", after, resp, err)
		}
		resp.Body.Close()
	}
	took := map[string]time.Duration{}
	for _, rt := range routes {
		start := time.Now()
		for _, role := range []string{"anonymous", "admin"} {
			if role == "admin" && (strings.HasSuffix(rt.path, "/logout")) {
				continue // would end the session the walk uses
			}
			for _, target := range rt.targets() {
				send(role, rt.method, target, "", nil)
			}
			if rt.method == http.MethodGet || rt.method == http.MethodHead {
				continue
			}
			base := rt.fill(nil)
			if strings.HasPrefix(rt.path, "/api/") {
				for _, field := range rt.bodyFields {
					for _, v := range hostileJSON {
						send(role, rt.method, base, "application/json", []byte(`{"`+field+`":`+v+`}`))
					}
				}
				send(role, rt.method, base, "application/json", []byte("{\"text\":\"\xff\"}"))
				send(role, rt.method, base, "application/json", []byte(`{"a":`+strings.Repeat("[", 10000)+`}`))
				continue
			}
			form := func(vals url.Values) {
				vals.Set("csrf", si.csrf)
				send(role, rt.method, base, "application/x-www-form-urlencoded", []byte(vals.Encode()))
			}
			for _, v := range hostileValues {
				all := url.Values{}
				for _, field := range formFields {
					all.Set(field, v)
				}
				form(all)
			}
			for _, field := range formFields {
				for _, v := range formProbes {
					form(url.Values{field: {v}})
				}
				form(url.Values{field: {"1", "-1"}})
			}
		}
		healthz(rt.method + " " + rt.path)
		took[rt.method+" "+rt.path] = time.Since(start)
	}
	if os.Getenv("LIFA_HOSTILE_TIMES") != "" {
		for k, d := range took {
			fmt.Printf("took %8.2fs %s\n", d.Seconds(), k)
		}
	}
	if failures > 0 {
		t.Errorf("%d of %d requests answered 5xx", failures, sent)
	}
	fmt.Printf("hostile: %d requests to %d routes (%d from the OpenAPI document) on %s, %d answered 5xx, server alive\n",
		sent, len(routes), countDocumented(routes), backend, failures)
}

// openWalkStore opens the store of the walk: PostgreSQL when
// LIFA_TEST_POSTGRES names one (where negative offsets and NUL failed),
// else SQLite.
func openWalkStore(t *testing.T) (*store.Store, string) {
	if os.Getenv(storetest.EnvPostgres) != "" {
		dsn, _ := storetest.PostgresDSN(t)
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		return st, "PostgreSQL"
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "lifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	return st, "SQLite"
}

// withTestSearch opens a search index under dir on the server's store.
func withTestSearch(dir string) Option {
	return func(s *Server) error {
		ix, err := search.Open(context.Background(), filepath.Join(dir, "search"), s.store, search.Options{Logger: s.log})
		if err != nil {
			return err
		}
		s.closers = append(s.closers, ix.Close)
		return WithSearch(ix)(s)
	}
}

// hostileRoute is one route to walk.
type hostileRoute struct {
	method, path string     // gin path, /versions/:id
	documented   bool       // in the OpenAPI document
	query        []string   // query parameter names to attack
	valid        url.Values // valid values for the other query parameters
	bodyFields   []string   // JSON body fields to attack
	params       []string   // path parameter names
	validParam   func(string) string
}

func countDocumented(rs []*hostileRoute) int {
	n := 0
	for _, r := range rs {
		if r.documented {
			n++
		}
	}
	return n
}

// fill returns the route's path with its parameters set: hostile values
// from over (by name), valid ones otherwise.
func (r *hostileRoute) fill(over map[string]string) string {
	parts := strings.Split(r.path, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, ":") || strings.HasPrefix(p, "*") {
			name := p[1:]
			v, ok := over[name]
			if !ok {
				v = r.validParam(name)
			}
			parts[i] = url.PathEscape(v)
		}
	}
	return strings.Join(parts, "/")
}

// targets are the request targets with one parameter hostile at a time:
// each path parameter, each query parameter, and each query parameter
// given twice.
func (r *hostileRoute) targets() []string {
	var out []string
	for _, p := range r.params {
		for _, v := range hostileValues {
			out = append(out, r.fill(map[string]string{p: v})+"?"+r.valid.Encode())
		}
	}
	base := r.fill(nil)
	for _, q := range r.query {
		for _, v := range hostileValues {
			vals := url.Values{}
			for k, vs := range r.valid {
				if k != q {
					vals[k] = vs
				}
			}
			vals.Set(q, v)
			out = append(out, base+"?"+vals.Encode())
		}
		out = append(out, base+"?"+q+"=1&"+q+"=-1&"+q+"=abc&"+r.valid.Encode())
	}
	out = append(out, base+"?"+r.valid.Encode())
	return out
}

// pageQuery are the query parameters the pages read (they have no
// OpenAPI document).
var pageQuery = []string{"q", "page", "size", "offset", "limit", "from", "to", "article", "sub", "version",
	"regulation", "next", "r", "account", "opinion", "group", "contact_point", "consultation", "stage", "scope",
	"sort", "unchanged", "hl", "source", "status", "disposition", "view", "all", "v", "format", "open", "version_id"}

// validQuery are valid values for parameters a route needs to get past
// its first check (a search needs words, following needs a later version).
// size=64 with a huge page is what overflowed (page-1)*size and crashed
// the process from inside bleve.
var validQuery = url.Values{"q": {"停车"}, "to": {"2"}, "version": {"1"}, "article": {"1"}, "size": {"64"}}

func hostileRoutes(t *testing.T, ts *testServer) []*hostileRoute {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name, In string
			} `json:"parameters"`
			RequestBody struct {
				Content map[string]struct {
					Schema map[string]any `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	w := ts.get("/api/openapi.json")
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	props := func(sc map[string]any) []string {
		if ref, ok := sc["$ref"].(string); ok {
			sc = doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
		}
		var out []string
		if p, ok := sc["properties"].(map[string]any); ok {
			for k := range p {
				out = append(out, k)
			}
		}
		sort.Strings(out)
		return out
	}
	byKey := map[string]*hostileRoute{}
	validParam := func(name string) string {
		switch name {
		case "receipt":
			return "AAAA-BBBB-CCCC"
		case "article":
			return "1"
		case "file":
			return "lifa.css"
		}
		return "1"
	}
	for _, ri := range ts.engine.Routes() {
		r := &hostileRoute{method: ri.Method, path: ri.Path, validParam: validParam, valid: url.Values{}}
		for _, p := range strings.Split(ri.Path, "/") {
			if strings.HasPrefix(p, ":") || strings.HasPrefix(p, "*") {
				r.params = append(r.params, p[1:])
			}
		}
		if !strings.HasPrefix(ri.Path, "/api/") {
			r.query = pageQuery
			if strings.HasPrefix(ri.Path, "/search") {
				r.valid.Set("q", "停车")
				r.valid.Set("size", "64")
			}
		}
		byKey[ri.Method+" "+openAPIPath(ri.Path)] = r
	}
	for p, ops := range doc.Paths {
		for m, op := range ops {
			key := strings.ToUpper(m) + " " + p
			r := byKey[key]
			if r == nil {
				t.Errorf("documented but not routed: %s", key)
				continue
			}
			r.documented = true
			for _, prm := range op.Parameters {
				if prm.In == "query" {
					r.query = append(r.query, prm.Name)
					if v := validQuery.Get(prm.Name); v != "" {
						r.valid.Set(prm.Name, v)
					}
				}
			}
			for _, ct := range op.RequestBody.Content {
				r.bodyFields = append(r.bodyFields, props(ct.Schema)...)
			}
		}
	}
	var out []*hostileRoute
	for _, r := range byKey {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].method+out[i].path < out[j].method+out[j].path })
	return out
}

// templateFieldNames are the names of the form fields of every template.
func templateFieldNames(t *testing.T) []string {
	files, err := filepath.Glob("../web/templates/*/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	seen := map[string]bool{"csrf": true}
	var out []string
	re := regexp.MustCompile(`name="([a-z_]+)"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				out = append(out, m[1])
			}
		}
	}
	sort.Strings(out)
	return out
}

func shorten(s string) string {
	if len(s) > 120 {
		return s[:120] + fmt.Sprintf("…(%d bytes)", len(s))
	}
	return s
}
