package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/search"
)

// withTestIndex opens a search index in dir on the server's store and
// hands it to the server (WithSearch); *ix is set to it.
func withTestIndex(dir string, ix **search.Index) Option {
	return func(s *Server) error {
		i, err := search.Open(context.Background(), dir, s.store, search.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			return err
		}
		*ix = i
		if err := WithCloser(i.Close)(s); err != nil {
			return err
		}
		return WithSearch(i)(s)
	}
}

// searchHits runs an API search as si (nil: anonymous) and returns its hits.
func (f *opFixture) searchHits(t *testing.T, si *signedIn, q string) []search.Hit {
	t.Helper()
	w := f.page(si, "/api/v1/search?q="+url.QueryEscape(q))
	if w.Code != http.StatusOK {
		t.Fatalf("search %q = %d %s", q, w.Code, w.Body)
	}
	var res struct {
		Total int          `json:"total"`
		Hits  []search.Hit `json:"hits"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	return res.Hits
}

func opinionHits(hits []search.Hit) []search.Hit {
	var out []search.Hit
	for _, h := range hits {
		if h.Kind == "opinion" {
			out = append(out, h)
		}
	}
	return out
}

// TestSearch_OpinionsStaffOnly: a public opinion reaches the index through
// the change-log follower; staff and admins find its words, the public,
// members and liaisons do not, on the API and on the results page.
func TestSearch_OpinionsStaffOnly(t *testing.T) {
	var ix *search.Index
	f := newOpFixtureTB(t, OpinionConfig{RatePerMinute: -1}, withTestIndex(filepath.Join(t.TempDir(), "search"), &ix))
	ctx := context.Background()
	cp := f.addContactPoint(t, "海珠区基层立法联系点", "")
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	f.addAccount(t, "member1", drafts.RoleMember, 0)
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	staff, member, liaison := f.login(t, "staff1"), f.login(t, "member1"), f.login(t, "liaison1")

	const words = "鹭鸟夜栖"
	code, m := f.post(map[string]any{"article": 12, "text": "建议划定" + words + "区域，禁止夜间灯光直射。", "name": "王某"})
	if code != http.StatusCreated {
		t.Fatalf("POST opinion = %d %v", code, m)
	}
	id := int64(m["id"].(float64))
	if n, err := ix.CatchUp(ctx); err != nil || n == 0 {
		t.Fatalf("CatchUp = %d, %v", n, err)
	}

	hits := opinionHits(f.searchHits(t, staff, words))
	if len(hits) != 1 || hits[0].OpinionID != id || hits[0].VersionID != f.version.ID || hits[0].Article.Num != 12 ||
		!strings.HasPrefix(hits[0].Ref, "待审核") || !strings.Contains(hits[0].SnippetHTML, "<mark>"+words+"</mark>") {
		t.Fatalf("staff opinion hits = %+v", hits)
	}
	if w := f.bearer(f.token, "/api/v1/search?q="+url.QueryEscape(words)); !strings.Contains(w.Body.String(), `"kind":"opinion"`) {
		t.Errorf("admin token search = %s", w.Body)
	}
	for name, si := range map[string]*signedIn{"anonymous": nil, "member": member, "liaison": liaison} {
		if all := f.searchHits(t, si, words); len(all) != 0 {
			t.Errorf("%s sees %d hits: %+v", name, len(all), all)
		}
		// (The page repeats the query; the opinion's other words must not appear.)
		if w := f.page(si, "/search?q="+url.QueryEscape(words)); w.Code != http.StatusOK || strings.Contains(w.Body.String(), "夜间灯光") ||
			strings.Contains(w.Body.String(), "opinion-hit") || strings.Contains(w.Body.String(), "/staff/opinions?") {
			t.Errorf("%s results page = %d, shows the opinion", name, w.Code)
		}
	}
	// Article words are still found by everyone, without opinions.
	if all := f.searchHits(t, nil, "湿地"); len(all) == 0 || len(opinionHits(all)) != 0 {
		t.Errorf("anonymous 湿地: %d hits, %d opinions", len(all), len(opinionHits(all)))
	}

	// The staff results page marks the hit 意见, with its article and
	// status, and links to the inbox entry, which shows it.
	w := f.page(staff, "/search?q="+url.QueryEscape(words))
	body := w.Body.String()
	link := fmt.Sprintf("/staff/opinions?article=12&amp;opinion=%d&amp;version=%d#op-%d", id, f.version.ID, id)
	for _, want := range []string{`class="hit opinion-hit"`, ">意见<", "对第十二条的意见 #" + fmt.Sprint(id), "待审核", link, "<mark>" + words + "</mark>"} {
		if !strings.Contains(body, want) {
			t.Errorf("staff results page lacks %q", want)
		}
	}
	target, _, _ := strings.Cut(strings.ReplaceAll(link, "&amp;", "&"), "#") // browsers keep the fragment
	inbox := f.page(staff, target)
	if inbox.Code != http.StatusOK || !strings.Contains(inbox.Body.String(), fmt.Sprintf(`id="op-%d"`, id)) {
		t.Errorf("inbox entry = %d %s", inbox.Code, inbox.Body)
	}

	// Moderation reaches the index through the change log: the hidden
	// opinion stays findable by staff, marked 已屏蔽 with the reason.
	w = f.req(staff, http.MethodPost, "/api/v1/opinions/moderate", map[string]any{"ids": []int64{id}, "status": "hidden", "reason": "重复提交"}, true)
	if w.Code != http.StatusOK {
		t.Fatalf("moderate = %d %s", w.Code, w.Body)
	}
	if _, err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if hits := opinionHits(f.searchHits(t, staff, words)); len(hits) != 1 || !strings.HasPrefix(hits[0].Ref, "已屏蔽：重复提交") {
		t.Errorf("hidden opinion hits = %+v", hits)
	}
	if all := f.searchHits(t, nil, words); len(all) != 0 {
		t.Errorf("anonymous sees the hidden opinion: %+v", all)
	}

	// A rebuilt index (the change-log entries lie before its Seq) gets the
	// opinions from the rebuild itself.
	ix2, err := search.Open(ctx, filepath.Join(t.TempDir(), "search2"), f.store, search.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	res, err := ix2.Search(ctx, search.Request{Q: words, Visibility: search.Staff})
	if err != nil {
		t.Fatal(err)
	}
	if !ix2.Status().Rebuilt || len(res.Hits) != 1 {
		t.Fatalf("rebuilt index: rebuilt %v, %d opinion hits, want 1", ix2.Status().Rebuilt, len(res.Hits))
	}
}

// withoutOpinions hides the store's search.OpinionSource: the follower
// then only records the Seq of opinion changes (the state before opinions
// joined the index), for comparison.
type withoutOpinions struct{ search.Source }

// BenchmarkAPI_PublicOpinionIndexed is BenchmarkAPI_PublicOpinion with
// the search index's follower running (every 500 ms, as in lifa serve),
// once indexing opinions and once skipping them: compare opinions/s to see
// what indexing opinions costs the public path on the same cores.
// follower-opinions/s is how fast the follower indexed them (including the
// catch-up after the load), catchup-ms how far it lagged behind.
func BenchmarkAPI_PublicOpinionIndexed(b *testing.B) {
	for _, indexed := range []bool{true, false} {
		name := map[bool]string{true: "opinions-indexed", false: "opinions-skipped"}[indexed]
		b.Run(name, func(b *testing.B) { benchIndexedOpinions(b, indexed) })
	}
}

func benchIndexedOpinions(b *testing.B, indexed bool) {
	var ix *search.Index
	opt := func(s *Server) error {
		var src search.Source = s.store
		if !indexed {
			src = withoutOpinions{s.store}
		}
		i, err := search.Open(context.Background(), filepath.Join(b.TempDir(), "search"), src, search.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			return err
		}
		ix = i
		if err := WithCloser(i.Close)(s); err != nil {
			return err
		}
		return WithSearch(i)(s)
	}
	f := newOpFixtureTB(b, OpinionConfig{RatePerMinute: -1}, opt)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go ix.Follow(ctx, 500*time.Millisecond)
	target := fmt.Sprintf("/api/v1/versions/%d/opinions", f.version.ID)
	body := []byte(`{"article": 12, "text": "建议增加湿地保护志愿者制度，鼓励市民参与。", "name": "王某", "contact": "13800000000"}`)
	b.SetParallelism(32)
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := f.do(http.MethodPost, target, bytes.NewReader(body), map[string]string{"Content-Type": "application/json"}, false)
			if w.Code != http.StatusCreated {
				b.Errorf("POST = %d %s", w.Code, w.Body)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "opinions/s")
	loadEnd := time.Now()
	last, err := f.store.LastChangeSeq(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	for ix.LastSeq() < last {
		time.Sleep(10 * time.Millisecond)
	}
	b.ReportMetric(time.Since(loadEnd).Seconds()*1000, "catchup-ms")
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "follower-opinions/s")
}
