package search

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"lifa/drafts"
)

func doc(articles ...string) *drafts.Document {
	d := &drafts.Document{Title: "测试"}
	for i, a := range articles {
		d.Articles = append(d.Articles, &drafts.Article{Num: i + 1, Label: "第" + string([]rune("一二三四五六七八九")[i]) + "条", Text: a})
	}
	return d
}

func total(t *testing.T, ix *Index, r Request) uint64 {
	t.Helper()
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("search %+v: %v", r, err)
	}
	return res.Total
}

func TestIndex_OpenRebuildsMissing(t *testing.T) {
	src := newTestStore(t)
	reg := src.addRegulation("广州市停车场条例", "城建环资委")
	src.addVersion(reg, "draft", "2024-01-01", doc("停车泊位应当规范设置。"))
	ix, dir := openTest(t, src)
	st := ix.Status()
	if !st.Rebuilt || st.Reason != "索引不存在" || st.LastSeq != 2 {
		t.Fatalf("status %+v", st)
	}
	if n := total(t, ix, Request{Q: "停车泊位"}); n != 1 {
		t.Fatalf("hits %d", n)
	}
	if name, err := readPointer(dir); err != nil || !strings.HasPrefix(name, "index-") {
		t.Fatalf("pointer %q %v", name, err)
	}
}

func TestIndex_Empty(t *testing.T) {
	src := newTestStore(t)
	ix, _ := openTest(t, src)
	if n := total(t, ix, Request{Q: "罚款"}); n != 0 {
		t.Fatalf("hits %d", n)
	}
	reg := src.addRegulation("广州市停车场条例", "")
	src.addVersion(reg, "draft", "", doc("违反规定的，处罚款。"))
	if _, err := ix.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := total(t, ix, Request{Q: "罚款"}); n != 1 {
		t.Fatalf("hits %d", n)
	}
}

func TestIndex_FollowAndLatest(t *testing.T) {
	ctx := context.Background()
	src := newTestStore(t)
	reg := src.addRegulation("广州市停车场条例", "城建环资委")
	v1 := src.addVersion(reg, "draft", "2024-01-01", doc("停车泊位应当规范设置。", "违反规定的，处罚款。"))
	ix, _ := openTest(t, src)

	// A new version arrives through the change log.
	v2 := src.addVersion(reg, "first-reading", "2024-06-01", doc("停车泊位应当合理设置。"))
	if n, err := ix.CatchUp(ctx); err != nil || n != 1 {
		t.Fatalf("CatchUp = %d, %v", n, err)
	}
	if got := ix.LastSeq(); got != 3 {
		t.Fatalf("LastSeq %d", got)
	}
	res, err := ix.Search(ctx, Request{Q: "停车泊位"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].VersionID != v2 || !res.Hits[0].Latest {
		t.Fatalf("latest scope: %+v", res.Hits)
	}
	if n := total(t, ix, Request{Q: "停车泊位", Scope: ScopeAll}); n != 2 {
		t.Fatalf("all scope: %d", n)
	}
	if n := total(t, ix, Request{Q: "罚款"}); n != 0 {
		t.Fatalf("罚款 only in the old version, latest scope found %d", n)
	}
	if n := total(t, ix, Request{Q: "罚款", Scope: ScopeAll}); n != 1 {
		t.Fatalf("罚款 in all scope: %d", n)
	}

	// IndexVersion (the upload hook) makes a version searchable at once;
	// the follower then has nothing to redo but records the change.
	v3 := src.addVersion(reg, "second-reading", "2024-09-01", doc("机动车停车场向社会开放。"))
	if err := ix.IndexVersion(ctx, v3); err != nil {
		t.Fatal(err)
	}
	if n := total(t, ix, Request{Q: "社会开放"}); n != 1 {
		t.Fatalf("after IndexVersion: %d", n)
	}
	if n := total(t, ix, Request{Q: "停车泊位"}); n != 0 {
		t.Fatalf("v2 still latest after v3: %d", n)
	}
	if _, err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if ix.LastSeq() != 4 {
		t.Fatalf("LastSeq %d", ix.LastSeq())
	}
	// the follower re-indexed v2 as old
	if s := ix.staleVersions(); len(s) != 0 {
		t.Fatalf("stale after CatchUp: %v", s)
	}
	if n := total(t, ix, Request{Q: "停车泊位", Scope: ScopeAll}); n != 2 {
		t.Fatalf("停车泊位 in all scope after demotion: %d", n)
	}

	// Renaming the regulation re-indexes its documents.
	src.rename(reg, "广州市机动车停车场条例")
	if _, err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	res, _ = ix.Search(ctx, Request{Q: "社会开放"})
	if res.Hits[0].RegulationTitle != "广州市机动车停车场条例" {
		t.Fatalf("title not updated: %+v", res.Hits[0])
	}
	_ = v1

	// The follower applies changes within its interval.
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go ix.Follow(fctx, 50*time.Millisecond)
	reg2 := src.addRegulation("广州市湿地保护规定", "城建环资委")
	src.addVersion(reg2, "draft", "2024-02-01", doc("湿地保护应当坚持生态优先。"))
	deadline := time.Now().Add(2 * time.Second)
	for total(t, ix, Request{Q: "生态优先"}) != 1 {
		if time.Now().After(deadline) {
			t.Fatal("follower did not index the new version within 2 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestIndex_ReopenCatchesUp(t *testing.T) {
	ctx := context.Background()
	src := newTestStore(t)
	reg := src.addRegulation("上海市生活垃圾管理条例", "")
	src.addVersion(reg, "draft", "", doc("可回收物应当交投。"))
	dir := filepath.Join(t.TempDir(), "search")
	ix, err := Open(ctx, dir, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	src.addVersion(reg, "first-reading", "", doc("有害垃圾应当单独投放。"))
	ix, err = Open(ctx, dir, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if st := ix.Status(); st.Rebuilt || st.CaughtUp != 1 || st.LastSeq != 3 {
		t.Fatalf("status %+v", st)
	}
	if n := total(t, ix, Request{Q: "有害垃圾"}); n != 1 {
		t.Fatalf("hits %d", n)
	}
	// segments written by the online index (not the builder) pass the
	// checksum check too
	for i := 0; i < 5; i++ {
		src.addVersion(reg, "second-reading", "", doc("厨余垃圾第"+strconv.Itoa(i)+"次。"))
		if _, err := ix.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
	}
	ix.Close()
	ix, err = Open(ctx, dir, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if st := ix.Status(); st.Rebuilt {
		t.Fatalf("rebuilt after online writes: %+v", st)
	}
	if n := total(t, ix, Request{Q: "厨余垃圾"}); n != 1 {
		t.Fatalf("hits %d", n)
	}
}

// TestVerifySegments: the checksum check on open looks only at the
// segments the shards' newest snapshots name. A partial segment left by a
// merge that a close interrupted, or one a merge made obsolete, is not part
// of the index (bleve deletes it on open); checking it made Open rebuild
// about one time in eight (TestIndex_ReopenCatchesUp). A named segment
// that is damaged still fails the check.
func TestVerifySegments(t *testing.T) {
	ctx := context.Background()
	src := newTestStore(t)
	reg := src.addRegulation("上海市生活垃圾管理条例", "")
	src.addVersion(reg, "draft", "", doc("可回收物应当交投。"))
	dir := filepath.Join(t.TempDir(), "search")
	ix, err := Open(ctx, dir, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	name, _ := readPointer(dir)
	path := filepath.Join(dir, name)
	store := filepath.Join(shardPath(path, 0), "store")
	named, err := rootSegments(filepath.Join(store, "root.bolt"), time.Second)
	if err != nil || len(named) == 0 {
		t.Fatalf("segments of shard 0: %v, %v", named, err)
	}
	// an interrupted merge's output: a few bytes, no checksum
	if err := os.WriteFile(filepath.Join(store, "0000000000ff.zap"), []byte("zap"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := verifySegments(path, time.Second); err != nil {
		t.Fatalf("an unnamed partial segment failed the check: %v", err)
	}
	ix, err = Open(ctx, dir, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st := ix.Status(); st.Rebuilt {
		t.Fatalf("rebuilt because of an unnamed segment: %+v", st)
	}
	ix.Close()
	if _, err := os.Stat(filepath.Join(store, "0000000000ff.zap")); !os.IsNotExist(err) {
		t.Fatalf("bleve kept the unnamed segment: %v", err)
	}
	seg := filepath.Join(store, named[0])
	b, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(seg, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := verifySegments(path, time.Second); err == nil || !strings.Contains(err.Error(), named[0]) {
		t.Fatalf("a damaged named segment: %v", err)
	}
}

func TestIndex_OpenRebuildsBadIndex(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string, src *testStore)
		reason string
	}{
		{"pointer garbage", func(t *testing.T, dir string, _ *testStore) {
			os.WriteFile(filepath.Join(dir, pointerName), []byte("../etc\n"), 0o644)
		}, "索引指针损坏"},
		{"index files gone", func(t *testing.T, dir string, _ *testStore) {
			name, _ := readPointer(dir)
			os.RemoveAll(filepath.Join(dir, name, "0", "store"))
		}, "索引无法打开"},
		{"index meta damaged", func(t *testing.T, dir string, _ *testStore) {
			name, _ := readPointer(dir)
			os.WriteFile(filepath.Join(dir, name, "1", "index_meta.json"), []byte("{"), 0o644)
		}, "索引无法打开"},
		{"segment truncated", func(t *testing.T, dir string, _ *testStore) {
			name, _ := readPointer(dir)
			segs, _ := filepath.Glob(filepath.Join(dir, name, "*", "store", "*.zap"))
			if len(segs) == 0 {
				t.Fatal("no segment file")
			}
			for _, s := range segs {
				os.Truncate(s, 100)
			}
		}, "索引"},
		{"segment bytes flipped", func(t *testing.T, dir string, _ *testStore) {
			name, _ := readPointer(dir)
			segs, _ := filepath.Glob(filepath.Join(dir, name, "*", "store", "*.zap"))
			for _, s := range segs {
				b, _ := os.ReadFile(s)
				for i := len(b) / 3; i < len(b)/3+64 && i < len(b); i++ {
					b[i] ^= 0xff
				}
				os.WriteFile(s, b, 0o600)
			}
		}, "索引"},
		{"old schema", func(t *testing.T, dir string, _ *testStore) {
			setInternal(t, dir, keySchema, "lifa-search-0")
		}, "索引结构版本"},
		{"unfinished build", func(t *testing.T, dir string, _ *testStore) {
			setInternal(t, dir, keyComplete, "")
		}, "上次重建未完成"},
		{"ahead of the store", func(t *testing.T, dir string, _ *testStore) {
			setInternal(t, dir, keyLastSeq, "99")
		}, "数据库可能已从备份恢复"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := newTestStore(t)
			reg := src.addRegulation("北京市种子条例", "")
			src.addVersion(reg, "draft", "", doc("种子生产经营者应当建立档案。"))
			dir := filepath.Join(t.TempDir(), "search")
			ix, err := Open(ctx, dir, src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			ix.Close()
			tt.damage(t, dir, src)
			ix, err = Open(ctx, dir, src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if st := ix.Status(); !st.Rebuilt || !strings.Contains(st.Reason, tt.reason) {
				t.Fatalf("status %+v, want rebuild because %q", st, tt.reason)
			}
			if n := total(t, ix, Request{Q: "建立档案"}); n != 1 {
				t.Fatalf("hits %d", n)
			}
			ents, _ := os.ReadDir(dir)
			dirs := 0
			for _, e := range ents {
				if e.IsDir() {
					dirs++
				}
			}
			if dirs != 1 {
				t.Fatalf("%d index directories left", dirs)
			}
		})
	}
}

func setInternal(t *testing.T, dir string, key []byte, val string) {
	t.Helper()
	name, _ := readPointer(dir)
	idx, err := openBleve(filepath.Join(dir, name, "1"), time.Second) // one shard is enough
	if err != nil {
		t.Fatal(err)
	}
	if val == "" {
		err = setInternalSync(idx, key, nil)
	} else {
		err = setInternalSync(idx, key, []byte(val))
	}
	if err != nil {
		t.Fatal(err)
	}
	idx.Close()
}

func TestIndex_SecondOpenerFails(t *testing.T) {
	src := newTestStore(t)
	src.addRegulation("北京市种子条例", "")
	ix, dir := openTest(t, src)
	_ = ix
	start := time.Now()
	_, err := Open(context.Background(), dir, src, Options{LockTimeout: 200 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "正被另一个进程使用") {
		t.Fatalf("second Open: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("second Open took %v", d)
	}
}

func TestRebuild_SwapWhileOpen(t *testing.T) {
	ctx := context.Background()
	src := newTestStore(t)
	reg := src.addRegulation("北京市种子条例", "")
	src.addVersion(reg, "draft", "", doc("种子生产经营者应当建立档案。"))
	ix, dir := openTest(t, src)
	old, _ := readPointer(dir)
	src.addVersion(reg, "first-reading", "", doc("种子质量检验机构应当具备条件。"))

	var progress [][2]int
	name, err := Rebuild(ctx, dir, src, Options{Progress: func(d, n int) { progress = append(progress, [2]int{d, n}) }})
	if err != nil {
		t.Fatal(err)
	}
	if name == old || len(progress) != 2 || progress[1] != [2]int{2, 2} {
		t.Fatalf("rebuild %q (old %q), progress %v", name, old, progress)
	}
	RemoveUnused(dir) // the old directory is still open: kept
	if _, err := os.Stat(filepath.Join(dir, old)); err != nil {
		t.Fatalf("open index removed: %v", err)
	}
	// The running index switches on its next step.
	if _, err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if st := ix.Status(); !strings.HasSuffix(st.Dir, name) {
		t.Fatalf("still on %s", st.Dir)
	}
	if n := total(t, ix, Request{Q: "检验机构"}); n != 1 {
		t.Fatalf("hits %d", n)
	}
	if _, err := os.Stat(filepath.Join(dir, old)); !os.IsNotExist(err) {
		t.Fatalf("old index not removed: %v", err)
	}
}

// TestShards: a regulation's documents all live in the shard shardOf
// names, both shards hold regulations, and a search sees both.
func TestShards(t *testing.T) {
	s := loadSample(t)
	ix, _ := openTest(t, s.src)
	regs, err := s.src.ListRegulations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	regsIn := make([]int, shardCount)
	for _, r := range regs {
		regsIn[shardOf(r.ID)]++
	}
	for i, n := range regsIn {
		if n == 0 {
			t.Fatalf("shard %d has no regulation of the %d in the sample", i, len(regs))
		}
	}
	var sum uint64
	for i, p := range ix.idx.parts {
		req := bleve.NewSearchRequestOptions(term(fText, "应当"), 1000, 0, false)
		res, err := p.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			ver, _ := strconv.ParseInt(strings.Split(h.ID, ":")[1], 10, 64)
			reg := ix.meta[ver].reg
			if shardOf(reg) != i || reg == 0 {
				t.Fatalf("article %s of regulation %d in shard %d, want %d", h.ID, reg, i, shardOf(reg))
			}
		}
		if res.Total == 0 {
			t.Fatalf("shard %d: no article has 应当", i)
		}
		sum += res.Total
	}
	if n := total(t, ix, Request{Q: "应当"}); n != sum {
		t.Fatalf("search finds %d, the shards hold %d", n, sum)
	}
}

// TestRebuild_ArticleSource: an index rebuilt from a source that reads
// the articles alone (the store, an ArticleSource) answers as one rebuilt
// from whole documents. Hits of equal score may come in another order
// (the loaders' order differs from rebuild to rebuild): they are
// compared in the order of their articles.
func TestRebuild_ArticleSource(t *testing.T) {
	s := loadSample(t)
	var _ ArticleSource = s.src
	lean, _ := openTest(t, s.src)
	whole, _ := openTest(t, struct{ Source }{s.src}) // Version only
	byArticle := func(hs []Hit) {
		slices.SortFunc(hs, func(a, b Hit) int {
			return cmp.Or(cmp.Compare(a.VersionID, b.VersionID), cmp.Compare(a.Article.Num, b.Article.Num), cmp.Compare(a.Article.Sub, b.Article.Sub))
		})
	}
	for _, q := range []string{"应当", "罚款", "停车泊位", "第十条", "停车场条例 第五条", "种质资源", "泊位 -收费"} {
		for _, scope := range []Scope{ScopeLatest, ScopeAll} {
			r := Request{Q: q, Scope: scope, Size: MaxSize}
			a, err := lean.Search(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			b, err := whole.Search(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if a.Total == 0 {
				t.Errorf("%q (%s): no hit", q, scope)
			}
			if a.Total > MaxSize {
				a.Hits, b.Hits = nil, nil // one page of many: ties may differ at its end
			}
			a.TookMS, b.TookMS = 0, 0
			byArticle(a.Hits)
			byArticle(b.Hits)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%q (%s): %d hits from articles alone, %d from whole documents, or they differ", q, scope, a.Total, b.Total)
			}
		}
	}
}

// TestShards_FailedShardIsAnError: when one shard cannot answer, a search
// fails instead of returning the other shard's hits as if they were all.
func TestShards_FailedShardIsAnError(t *testing.T) {
	s := loadSample(t)
	ix, _ := openTest(t, s.src)
	if _, err := ix.Search(context.Background(), Request{Q: "应当"}); err != nil {
		t.Fatal(err)
	}
	closed, err := bleve.NewMemOnly(newMapping())
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	sh := &shards{parts: []bleve.Index{ix.idx.parts[0], closed}, alias: bleve.NewIndexAlias(ix.idx.parts[0], closed)}
	if res, err := sh.SearchInContext(context.Background(), bleve.NewSearchRequest(bleve.NewMatchAllQuery())); err == nil {
		t.Fatalf("a closed shard: %d hits and no error", res.Total)
	}
}

// TestIndex_EmptyStore: an index over an empty store is built (each shard
// holds only its marker), answers with no hits, and takes the first
// regulation from the change log.
func TestIndex_EmptyStore(t *testing.T) {
	src := newTestStore(t)
	ix, _ := openTest(t, src)
	if n := total(t, ix, Request{Q: "应当"}); n != 0 {
		t.Fatalf("empty index: %d hits", n)
	}
	reg := src.addRegulation("北京市种子条例", "")
	src.addVersion(reg, "draft", "", doc("种子生产经营者应当建立档案。"))
	if _, err := ix.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := total(t, ix, Request{Q: "建立档案"}); n != 1 {
		t.Fatalf("after the first version: %d hits", n)
	}
}
