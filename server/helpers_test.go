package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/drafts/store"
	"lifa/web/httpx"
)

// testServer is a Server on a fresh SQLite store in a temp dir, with its
// admin token.
type testServer struct {
	*Server
	t     *testing.T
	token string
}

func newTestServer(t testing.TB, opts ...Option) *testServer {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "lifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	return newTestServerOn(t, st, opts...)
}

// newTestServerOn is newTestServer on an open store (e.g. PostgreSQL).
func newTestServerOn(t testing.TB, st *store.Store, opts ...Option) *testServer {
	t.Helper()
	ctx := context.Background()
	tok, created, err := accounts.New(st).EnsureAdminToken(ctx)
	if err != nil || !created {
		t.Fatalf("EnsureAdminToken = %v, %v", created, err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	// Refusals are answered at once: the throttle tests send dozens.
	s, err := New(Config{Logger: log, AppVersion: "test", RefusalDelay: -1}, st, opts...)
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	tt, _ := t.(*testing.T)
	return &testServer{Server: s, t: tt, token: tok}
}

// do performs a request; auth adds the admin token.
func (ts *testServer) do(method, target string, body io.Reader, header map[string]string, auth bool) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, body)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if auth {
		req.Header.Set("Authorization", "Bearer "+ts.token)
	}
	w := httptest.NewRecorder()
	ts.Handler().ServeHTTP(w, req)
	return w
}

func (ts *testServer) get(target string) *httptest.ResponseRecorder {
	return ts.do(http.MethodGet, target, nil, nil, false)
}

func (ts *testServer) postJSON(target string, v any, auth bool) *httptest.ResponseRecorder {
	b, _ := json.Marshal(v)
	return ts.do(http.MethodPost, target, bytes.NewReader(b), map[string]string{"Content-Type": "application/json"}, auth)
}

// upload posts a multipart version upload.
func (ts *testServer) upload(regID int64, filename string, data []byte, fields map[string]string, auth bool) *httptest.ResponseRecorder {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if filename != "" {
		fw, _ := mw.CreateFormFile("file", filename)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	return ts.do(http.MethodPost, "/api/v1/regulations/"+itoa(regID)+"/versions", &buf,
		map[string]string{"Content-Type": mw.FormDataContentType()}, auth)
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// mustCreate creates a regulation and a version from a testdata file and
// returns them.
func (ts *testServer) mustCreate(t testing.TB, title, file, stage string) (*drafts.Regulation, *drafts.Version) {
	t.Helper()
	w := ts.postJSON("/api/v1/regulations", map[string]string{"title": title, "kind": "制定"}, true)
	if w.Code != http.StatusCreated {
		t.Fatalf("create regulation: %d %s", w.Code, w.Body)
	}
	var r drafts.Regulation
	decode(t, w, &r)
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	w = ts.upload(r.ID, file, data, map[string]string{"stage": stage, "label": "测试稿", "date": "2024-01-02",
		"explanation": "修改说明：第一处。"}, true)
	if w.Code != http.StatusCreated {
		t.Fatalf("upload: %d %s", w.Code, w.Body)
	}
	var v drafts.Version
	decode(t, w, &v)
	return &r, &v
}

func decode(t testing.TB, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %q: %v", w.Body.String(), err)
	}
}

// apiErr decodes an API error body.
func apiErr(t testing.TB, w *httptest.ResponseRecorder) httpx.ErrorBody {
	t.Helper()
	var e httpx.APIError
	decode(t, w, &e)
	return e.Error
}

// adminSession signs in on the login page with the admin token and
// returns the session cookie ("lifa_session=…") and its CSRF token.
func (ts *testServer) adminSession(t testing.TB) (cookie, csrf string) {
	t.Helper()
	w := ts.do(http.MethodPost, "/admin/login", strings.NewReader(url.Values{"token": {ts.token}}.Encode()),
		map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, false)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("admin token sign-in: %d %s", w.Code, w.Body)
	}
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie && c.Value != "" {
			cookie = c.Name + "=" + c.Value
		}
	}
	if cookie == "" {
		t.Fatal("admin token sign-in set no session cookie")
	}
	w = ts.do(http.MethodGet, "/api/v1/me", nil, map[string]string{"Cookie": cookie}, false)
	var me struct {
		CSRF string `json:"csrf"`
	}
	decode(t, w, &me)
	return cookie, me.CSRF
}

// noSignInLimits turns the sign-in throttles off, for tests that sign in
// more often than a person would.
func (ts *testServer) noSignInLimits() {
	ts.throttle.account, ts.throttle.client = nil, nil
}
