package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildLifa builds the lifa binary into a temp dir, as a user would with
// `go build`.
func buildLifa(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	// go test puts its own Go first on the PATH.
	bin := filepath.Join(t.TempDir(), "lifa")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// lifaServer is a running `lifa serve` process.
type lifaServer struct {
	cmd    *exec.Cmd
	url    string
	token  string // printed on first start only
	stderr *bytes.Buffer
	done   chan error
}

var (
	listenLine = regexp.MustCompile(`正在监听 (http://\S+)`)
	tokenLine  = regexp.MustCompile(`管理令牌.*：(lifa_\S+)`)
)

// startLifa runs `lifa serve` on a free port, with the extra flags, and
// waits until it listens.
func startLifa(t testing.TB, bin, dataDir string, extra ...string) *lifaServer {
	t.Helper()
	ls := startLifaListening(t, bin, dataDir, extra...)
	ls.waitSearchReady(t)
	return ls
}

// startLifaListening is startLifa without waiting for the search index.
func startLifaListening(t testing.TB, bin, dataDir string, extra ...string) *lifaServer {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--data", dataDir}, extra...)...)
	cmd.Env = append(os.Environ(), "LIFA_DB=", "LIFA_DEMO=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	ls := &lifaServer{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = ls.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	timeout := time.After(60 * time.Second)
	for ls.url == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("lifa serve exited before listening:\n%s", ls.stderr)
			}
			if m := tokenLine.FindStringSubmatch(l); m != nil {
				ls.token = m[1]
			}
			if m := listenLine.FindStringSubmatch(l); m != nil {
				ls.url = m[1]
			}
		case <-timeout:
			_ = cmd.Process.Kill()
			t.Fatalf("lifa serve did not start:\n%s", ls.stderr)
		}
	}
	go func() {
		for range lines {
		}
		ls.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-ls.done
		}
	})
	return ls
}

// waitSearchReady waits until /healthz says the search index is ready: the
// server listens before its index is open, and searches answer 503
// meanwhile.
func (ls *lifaServer) waitSearchReady(t testing.TB) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(ls.url + "/healthz")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(b), `"search":"ready"`) {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the search index did not become ready:\n%s", ls.stderr)
		}
	}
}

// stop sends SIGTERM and expects a clean exit.
func (ls *lifaServer) stop(t *testing.T) {
	t.Helper()
	if err := ls.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-ls.done:
		if err != nil {
			t.Fatalf("lifa serve exited with %v:\n%s", err, ls.stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("lifa serve did not stop on SIGTERM")
	}
	if !strings.Contains(ls.stderr.String(), "msg=stopped") {
		t.Errorf("no graceful stop in the log:\n%s", ls.stderr)
	}
}

func (ls *lifaServer) request(t *testing.T, method, path, ctype string, body io.Reader, auth bool) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ls.url+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if auth {
		req.Header.Set("Authorization", "Bearer "+ls.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// TestServe_EndToEnd runs the program as a user would: start it, upload a
// .docx through the API with the admin token, read it back through the
// pages and the API, restart, and find everything still there.
func TestServe_EndToEnd(t *testing.T) {
	bin := buildLifa(t)
	data := t.TempDir()
	docx, err := os.ReadFile(filepath.Join("testdata", "e2e", "guangzhou-wetland-protection.docx"))
	if err != nil {
		t.Fatal(err)
	}

	srv := startLifa(t, bin, data)
	if srv.token == "" {
		t.Fatal("first start printed no admin token")
	}
	if code, _ := srv.request(t, "GET", "/healthz", "", nil, false); code != 200 {
		t.Fatalf("healthz: %d", code)
	}

	code, body := srv.request(t, "POST", "/api/v1/regulations", "application/json",
		strings.NewReader(`{"title":"广州市湿地保护规定（修订）","kind":"修订","committee":"城建环保工作委员会"}`), true)
	if code != 201 {
		t.Fatalf("create regulation: %d %s", code, body)
	}
	var reg struct{ ID int64 }
	_ = json.Unmarshal(body, &reg)

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("stage", "征求意见稿")
	_ = mw.WriteField("label", "征求意见稿（测试）")
	_ = mw.WriteField("explanation", "根据上位法修改。")
	fw, _ := mw.CreateFormFile("file", "湿地保护规定.docx")
	_, _ = fw.Write(docx)
	_ = mw.Close()
	if code, _ := srv.request(t, "POST", fmt.Sprintf("/api/v1/regulations/%d/versions", reg.ID), mw.FormDataContentType(),
		bytes.NewReader(buf.Bytes()), false); code != 401 {
		t.Fatalf("upload without token: %d", code)
	}
	code, body = srv.request(t, "POST", fmt.Sprintf("/api/v1/regulations/%d/versions", reg.ID), mw.FormDataContentType(),
		bytes.NewReader(buf.Bytes()), true)
	if code != 201 {
		t.Fatalf("upload: %d %s", code, body)
	}
	var ver struct {
		ID       int64
		Articles int
		Format   string
	}
	_ = json.Unmarshal(body, &ver)
	if ver.Articles != 64 || ver.Format != "docx" {
		t.Fatalf("uploaded version: %s", body)
	}

	check := func(srv *lifaServer) {
		t.Helper()
		code, page := srv.request(t, "GET", "/", "", nil, false)
		if code != 200 || !bytes.Contains(page, []byte("广州市湿地保护规定（修订）")) {
			t.Errorf("home: %d, regulation missing", code)
		}
		code, page = srv.request(t, "GET", fmt.Sprintf("/regulations/%d", reg.ID), "", nil, false)
		if code != 200 || !bytes.Contains(page, []byte("征求意见稿（测试）")) || !bytes.Contains(page, []byte("根据上位法修改。")) {
			t.Errorf("regulation page: %d", code)
		}
		code, page = srv.request(t, "GET", fmt.Sprintf("/versions/%d", ver.ID), "", nil, false)
		if code != 200 || !bytes.Contains(page, []byte(`id="art-1"`)) ||
			!bytes.Contains(page, []byte("为了加强湿地保护，维护湿地生态功能和生物多样性")) ||
			bytes.Count(page, []byte(`<section class="article"`)) != 64 {
			t.Errorf("version page: %d", code)
		}
		code, js := srv.request(t, "GET", fmt.Sprintf("/api/v1/versions/%d/articles/64", ver.ID), "", nil, false)
		if code != 200 || !bytes.Contains(js, []byte(`"label":"第六十四条"`)) {
			t.Errorf("article 64: %d %s", code, js)
		}
		code, js = srv.request(t, "GET", "/api/v1/search?q="+url.QueryEscape("湿地保护联席会议"), "", nil, false)
		var found struct {
			Total int
			Hits  []struct {
				VersionID int64 `json:"version_id"`
			}
		}
		_ = json.Unmarshal(js, &found)
		if code != 200 || found.Total == 0 || found.Hits[0].VersionID != ver.ID {
			t.Errorf("search for the uploaded text: %d %.300s", code, js)
		}
		code, file := srv.request(t, "GET", fmt.Sprintf("/api/v1/versions/%d/file", ver.ID), "", nil, false)
		if code != 200 || !bytes.Equal(file, docx) {
			t.Errorf("original file: %d, %d bytes, want %d", code, len(file), len(docx))
		}
	}
	check(srv)
	srv.stop(t)

	again := startLifa(t, bin, data)
	if again.token != "" {
		t.Error("restart printed a new admin token")
	}
	again.token = srv.token
	check(again)
	code, body = again.request(t, "PATCH", fmt.Sprintf("/api/v1/regulations/%d", reg.ID), "application/json",
		strings.NewReader(`{"status":"征求意见中"}`), true)
	if code != 200 || !bytes.Contains(body, []byte("征求意见中")) {
		t.Errorf("the admin token does not work after restart: %d %s", code, body)
	}
	again.stop(t)
}

func TestServe_UsageErrors(t *testing.T) {
	for _, args := range [][]string{{"serve", "--bogus"}, {"serve", "extra"}, {"serve", "--log-level", "loud"}, {"version", "x"}} {
		var o, e bytes.Buffer
		if code := run(args, &o, &e); code != 2 {
			t.Errorf("lifa %v: exit %d, want 2", args, code)
		}
	}
	var o, e bytes.Buffer
	if code := run([]string{"version"}, &o, &e); code != 0 || !strings.HasPrefix(o.String(), "lifa ") || !strings.Contains(o.String(), runtime.Version()) {
		t.Errorf("lifa version: %d %q", code, o.String())
	}
}
