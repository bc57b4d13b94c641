package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/demo"
	"lifa/drafts/parse"
	"lifa/drafts/readings"
	"lifa/drafts/store"
)

// opFixture is a server with the real 广州市湿地保护规定 as a version and a
// public consultation on it that is open now (since fixtureStart - 24 h).
type opFixture struct {
	*testServer
	version *drafts.Version
	cons    *drafts.Consultation
}

// fixtureStart is when the tests started, to the minute.
var fixtureStart = time.Now().UTC().Truncate(time.Minute)

func newOpFixtureB(b *testing.B) *opFixture {
	return newOpFixtureTB(b, OpinionConfig{RatePerMinute: -1})
}

func newOpFixture(t *testing.T, cfg OpinionConfig) *opFixture { return newOpFixtureTB(t, cfg) }

func newOpFixtureTB(t testing.TB, cfg OpinionConfig, opts ...Option) *opFixture {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "lifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	return newOpFixtureOn(t, st, cfg, opts...)
}

// newOpFixtureOn is newOpFixtureTB on an open store (e.g. PostgreSQL).
func newOpFixtureOn(t testing.TB, st *store.Store, cfg OpinionConfig, opts ...Option) *opFixture {
	t.Helper()
	ts := newTestServerOn(t, st, append([]Option{WithOpinionConfig(cfg)}, opts...)...)
	ctx := context.Background()
	data, err := demo.File("guangzhou-wetland-protection-2020.md")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parse.Parse("wetland.md", data)
	if err != nil {
		t.Fatal(err)
	}
	r := &drafts.Regulation{Title: "广州市湿地保护规定（修订）", Kind: drafts.KindRevise}
	if err := ts.store.CreateRegulation(ctx, "staff", r); err != nil {
		t.Fatal(err)
	}
	v, err := ts.store.CreateVersion(ctx, "staff", drafts.NewVersion{RegulationID: r.ID, Stage: "consultation",
		Filename: "wetland.md", Data: data, Document: doc})
	if err != nil {
		t.Fatal(err)
	}
	c := &drafts.Consultation{VersionID: v.ID, Audience: drafts.AudiencePublic, Title: "公开征求意见",
		OpensAt: fixtureStart.Add(-24 * time.Hour), ClosesAt: fixtureStart.Add(30 * 24 * time.Hour)}
	if err := ts.store.CreateConsultation(ctx, "staff", c); err != nil {
		t.Fatal(err)
	}
	return &opFixture{testServer: ts, version: v, cons: c}
}

// another adds a version with the fixture's text and opens a consultation
// on it for aud (and contact points cps) from opens to closes.
func (f *opFixture) another(t testing.TB, aud drafts.Audience, cps []int64, opens, closes time.Time) (*drafts.Version, *drafts.Consultation) {
	t.Helper()
	ctx := context.Background()
	data, _ := demo.File("guangzhou-wetland-protection-2020.md")
	v, err := f.readings.ImportUpload(ctx, "staff", f.version.RegulationID, readings.Upload{Stage: "first-reading",
		Filename: "wetland.md", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.consultations.Open(ctx, "staff", consultations.NewConsultation{VersionID: v.ID, Audience: aud,
		ContactPointIDs: cps, OpensAt: opens, ClosesAt: closes})
	if err != nil {
		t.Fatal(err)
	}
	return v, c
}

func (f *opFixture) post(body any) (int, map[string]any) {
	w := f.postJSON(fmt.Sprintf("/api/v1/versions/%d/opinions", f.version.ID), body, false)
	var m map[string]any
	json.Unmarshal(w.Body.Bytes(), &m)
	return w.Code, m
}

func errMessage(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	s, _ := e["message"].(string)
	return s
}

func TestAPI_PublicOpinion(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	code, m := f.post(map[string]any{"article": 12, "text": "建议提高对破坏湿地行为的罚款数额。", "name": "王某", "contact": "13800000000"})
	if code != http.StatusCreated {
		t.Fatalf("POST = %d %v", code, m)
	}
	receipt, _ := m["receipt"].(string)
	if _, err := drafts.ParseReceipt(receipt); err != nil || m["id"].(float64) <= 0 {
		t.Fatalf("response %v", m)
	}
	// Stored before the 201.
	op, err := f.store.OpinionByReceipt(context.Background(), receipt)
	if err != nil || op.Article != 12 || op.Contact != "13800000000" || op.Status != drafts.StatusPending {
		t.Fatalf("stored %+v, %v", op, err)
	}
	// Anyone with the receipt reads it, without the contact details.
	w := f.get("/api/v1/receipts/" + strings.ToLower(receipt))
	if w.Code != http.StatusOK || strings.Contains(w.Body.String(), "13800000000") || !strings.Contains(w.Body.String(), "第十二条") {
		t.Fatalf("receipt = %d %s", w.Code, w.Body)
	}
	// After the answer the receipt shows it.
	if _, err := f.store.AnswerOpinions(context.Background(), "staff", []int64{op.ID},
		drafts.Answer{Disposition: drafts.DispositionAdopted, Reason: "已在第十二条中提高罚款上限。"}); err != nil {
		t.Fatal(err)
	}
	w = f.get("/api/v1/receipts/" + receipt)
	var rv consultations.Receipt
	json.Unmarshal(w.Body.Bytes(), &rv)
	if rv.Disposition != drafts.DispositionAdopted || rv.Answer == "" {
		t.Errorf("receipt after answer = %s", w.Body)
	}
	if w := f.get("/api/v1/receipts/YJ-00000-000000"); w.Code != http.StatusNotFound {
		t.Errorf("unknown receipt = %d", w.Code)
	}
	if w := f.get("/api/v1/receipts/nonsense"); w.Code != http.StatusBadRequest {
		t.Errorf("malformed receipt = %d", w.Code)
	}
	// Quote of the article's text.
	code, m = f.post(map[string]any{"article": 1, "quote": "维护湿地生态功能", "text": "赞成。"})
	if code != http.StatusCreated {
		t.Errorf("quote = %d %v", code, m)
	}
	// Whole draft.
	if code, m = f.post(map[string]any{"article": 0, "text": "总体赞成。"}); code != http.StatusCreated {
		t.Errorf("whole draft = %d %v", code, m)
	}
	w = f.get(fmt.Sprintf("/api/v1/versions/%d/opinions/stats", f.version.ID))
	if !strings.Contains(w.Body.String(), "共收到 3 人次提出的 3 条意见") {
		t.Errorf("stats = %s", w.Body)
	}
}

func TestAPI_PublicOpinionRefused(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	tests := []struct {
		name string
		body any
		raw  string
		code int
		msg  string
	}{
		{"empty text", map[string]any{"article": 1, "text": " "}, "", 400, "不能为空"},
		{"too long", map[string]any{"article": 1, "text": strings.Repeat("湿", 5001)}, "", 413, "最多 5000 字"},
		{"no such article", map[string]any{"article": 999, "text": "x"}, "", 400, "没有第九百九十九条"},
		{"quote not in article", map[string]any{"article": 1, "quote": "机动车停放", "text": "x"}, "", 400, "引用的文字不在"},
		{"honeypot", map[string]any{"article": 1, "text": "x", "website": "http://spam"}, "", 400, ""},
		{"malformed JSON", nil, `{"article": 1, "text": `, 400, "JSON"},
		{"unknown field", map[string]any{"article": 1, "text": "x", "admin": true}, "", 400, ""},
		{"wrong type", map[string]any{"article": "十二", "text": "x"}, "", 400, ""},
		{"huge body", nil, `{"article": 1, "text": "` + strings.Repeat("a", 200<<10) + `"}`, 413, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var code int
			var m map[string]any
			if tt.raw != "" {
				r := f.do(http.MethodPost, fmt.Sprintf("/api/v1/versions/%d/opinions", f.version.ID),
					bytes.NewReader([]byte(tt.raw)), map[string]string{"Content-Type": "application/json"}, false)
				code = r.Code
				json.Unmarshal(r.Body.Bytes(), &m)
			} else {
				code, m = f.post(tt.body)
			}
			if code != tt.code || !strings.Contains(errMessage(m), tt.msg) {
				t.Errorf("= %d %q, want %d containing %q", code, errMessage(m), tt.code, tt.msg)
			}
		})
	}
	if w := f.postJSON("/api/v1/versions/99999/opinions", map[string]any{"article": 1, "text": "x"}, false); w.Code != http.StatusNotFound {
		t.Errorf("unknown version = %d %s", w.Code, w.Body)
	}
	_, total, _ := f.store.Opinions(context.Background(), drafts.OpinionFilter{VersionID: f.version.ID})
	if total != 0 {
		t.Errorf("%d refused opinions were stored", total)
	}
}

func TestAPI_ClosedPeriod(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	closed, c := f.another(t, drafts.AudiencePublic, nil, fixtureStart.Add(-48*time.Hour), fixtureStart.Add(-time.Hour))
	w := f.postJSON(fmt.Sprintf("/api/v1/versions/%d/opinions", closed.ID), map[string]any{"article": 1, "text": "迟到的意见"}, false)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "征求意见期已于"+drafts.FormatDateTime(c.ClosesAt)+"截止") {
		t.Errorf("after closing = %d %s", w.Code, w.Body)
	}
	later, _ := f.another(t, drafts.AudiencePublic, nil, fixtureStart.Add(time.Hour), fixtureStart.Add(48*time.Hour))
	w = f.postJSON(fmt.Sprintf("/api/v1/versions/%d/opinions", later.ID), map[string]any{"article": 1, "text": "太早的意见"}, false)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "尚未开始") {
		t.Errorf("before opening = %d %s", w.Code, w.Body)
	}
	w = f.get("/api/v1/consultations?open=true")
	var list struct {
		Consultations []map[string]any `json:"consultations"`
	}
	json.Unmarshal(w.Body.Bytes(), &list)
	if len(list.Consultations) != 1 || list.Consultations[0]["audience"] != "public" ||
		list.Consultations[0]["version_id"].(float64) != float64(f.version.ID) || list.Consultations[0]["closes_at"] == nil {
		t.Errorf("open consultations = %s", w.Body)
	}
}

func TestAPI_RateLimit(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: 6, Burst: 3})
	send := func(ip, xff string) int {
		b, _ := json.Marshal(map[string]any{"article": 1, "text": "意见"})
		h := map[string]string{"Content-Type": "application/json"}
		if xff != "" {
			h["X-Forwarded-For"] = xff
		}
		req := f.do(http.MethodPost, fmt.Sprintf("/api/v1/versions/%d/opinions", f.version.ID), bytes.NewReader(b), h, false)
		_ = ip
		return req.Code
	}
	for i := 0; i < 3; i++ {
		if c := send("", ""); c != http.StatusCreated {
			t.Fatalf("request %d = %d", i, c)
		}
	}
	if c := send("", ""); c != http.StatusTooManyRequests {
		t.Fatalf("4th request = %d, want 429", c)
	}
	// X-Forwarded-For from an untrusted peer does not buy a new bucket.
	if c := send("", "203.0.113.9"); c != http.StatusTooManyRequests {
		t.Errorf("spoofed X-Forwarded-For = %d, want 429", c)
	}
}

// BenchmarkAPI_PublicOpinion posts public opinions through the handler
// (no network) from parallel goroutines: the server-side cost per opinion
// including the group commit.
func BenchmarkAPI_PublicOpinion(b *testing.B) {
	f := newOpFixtureB(b)
	url := fmt.Sprintf("/api/v1/versions/%d/opinions", f.version.ID)
	body := []byte(`{"article": 12, "text": "建议增加湿地保护志愿者制度，鼓励市民参与。", "name": "王某", "contact": "13800000000"}`)
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := f.do(http.MethodPost, url, bytes.NewReader(body), map[string]string{"Content-Type": "application/json"}, false)
			if w.Code != http.StatusCreated {
				b.Errorf("POST = %d %s", w.Code, w.Body)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "opinions/s")
	st := f.consultations.WriterStats()
	b.ReportMetric(float64(st.Opinions)/float64(max(st.Batches, 1)), "opinions/commit")
}

// BenchmarkAPI_PublicOpinionLoopback posts public opinions over loopback
// HTTP from 64 keep-alive clients to an in-process server (for profiling
// the whole request path; the e2e benchmark in package main runs the real
// binary).
func BenchmarkAPI_PublicOpinionLoopback(b *testing.B) {
	f := newOpFixtureB(b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go f.Serve(ln)
	url := fmt.Sprintf("http://%s/api/v1/versions/%d/opinions", ln.Addr(), f.version.ID)
	cl := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	body := `{"article": 12, "text": "建议增加湿地保护志愿者制度，鼓励市民参与。", "name": "王某"}`
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := cl.Post(url, "application/json", strings.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				b.Errorf("POST = %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "opinions/s")
}
