package search

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/parse"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// memSource is an in-memory Source: regulations, versions and an ordered
// change log, like the store. The tests run on the real store
// (testStore); this fake is left to the bulk benchmarks (bench_test.go,
// similar_bench_test.go), so that they measure the index and not SQLite,
// and to the opinion flood test (floodSource says why).
type memSource struct {
	mu      sync.Mutex
	regs    map[int64]*drafts.Regulation
	vers    map[int64]*drafts.Version
	changes []drafts.Change
	nextID  int64
	// encoded, when set, holds the documents as JSON, as the store does,
	// decoded by Version; vers then have no Document.
	encoded map[int64][]byte
}

func newMemSource() *memSource {
	return &memSource{regs: map[int64]*drafts.Regulation{}, vers: map[int64]*drafts.Version{}}
}

func (m *memSource) log(entity, op string, id int64) {
	m.changes = append(m.changes, drafts.Change{Seq: int64(len(m.changes) + 1), Entity: entity, ID: id, Op: op, At: time.Now()})
}

func (m *memSource) addRegulation(title, committee string) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.nextID++
	id := m.nextID
	m.regs[id] = &drafts.Regulation{ID: id, Title: title, Committee: committee, Kind: drafts.KindEnact}
	m.log("regulation", "create", id)
	return id
}

// setLevel sets a regulation's level and region, as an edit would (a
// change for the follower).
func (m *memSource) setLevel(id int64, level drafts.Level, region string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.regs[id].Level, m.regs[id].Region = level, region
	m.log("regulation", "update", id)
}

func (m *memSource) addVersion(regID int64, stage, date string, doc *drafts.Document) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.nextID++
	id := m.nextID
	seq := 1
	for _, v := range m.vers {
		if v.RegulationID == regID && v.Seq >= seq {
			seq = v.Seq + 1
		}
	}
	m.vers[id] = &drafts.Version{ID: id, RegulationID: regID, Seq: seq, Stage: stage, StageName: stage + "名", Label: stage, Date: date, Document: doc}
	m.log("version", "create", id)
	return id
}

func (m *memSource) ChangesSince(ctx context.Context, after int64, limit int) ([]drafts.Change, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []drafts.Change
	for _, c := range m.changes {
		if c.Seq > after && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

func (m *memSource) LastChangeSeq(ctx context.Context) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return int64(len(m.changes)), nil
}

func (m *memSource) ListRegulations(ctx context.Context) ([]*drafts.Regulation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*drafts.Regulation
	for _, r := range m.regs {
		c := *r
		out = append(out, &c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (m *memSource) Regulation(ctx context.Context, id int64) (*drafts.Regulation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.regs[id]
	if !ok {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "法规不存在")
	}
	c := *r
	return &c, nil
}

func (m *memSource) Versions(ctx context.Context, regID int64) ([]*drafts.Version, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*drafts.Version
	for _, v := range m.vers {
		if v.RegulationID == regID {
			c := *v
			c.Document = nil
			out = append(out, &c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out, nil
}

func (m *memSource) Version(ctx context.Context, id int64) (*drafts.Version, error) {
	m.mu.Lock()
	v, ok := m.vers[id]
	enc := m.encoded[id]
	m.mu.Unlock()
	if !ok {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "版本不存在")
	}
	c := *v
	if enc != nil {
		c.Document = &drafts.Document{}
		if err := json.Unmarshal(enc, c.Document); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

// VersionArticles implements ArticleSource, as the store does: from the
// JSON when the documents are kept encoded.
func (m *memSource) VersionArticles(ctx context.Context, id int64) ([]*drafts.Article, error) {
	m.mu.Lock()
	v, ok := m.vers[id]
	enc := m.encoded[id]
	m.mu.Unlock()
	switch {
	case !ok:
		return nil, drafts.Errorf(drafts.ENOTFOUND, "版本不存在")
	case enc != nil:
		return drafts.DecodeArticles(enc)
	case v.Document == nil:
		return nil, nil
	}
	return v.Document.Articles, nil
}

// encode keeps the documents of the versions as JSON from now on, as the
// store keeps them, instead of parsed.
func (m *memSource) encode() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.encoded == nil {
		m.encoded = map[int64][]byte{}
	}
	for id, v := range m.vers {
		if v.Document == nil {
			continue
		}
		b, err := json.Marshal(v.Document)
		if err != nil {
			return err
		}
		m.encoded[id] = b
		v.Document = nil
	}
	return nil
}

// parseFile parses testdata/name.
func parseFile(t testing.TB, name string) *drafts.Document {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := parse.Parse(name, b)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return d
}

// sampleFiles are the testdata texts, one regulation each, except the
// three parking versions which are one regulation.
var sampleFiles = []struct {
	file, title, committee, date string
}{
	{"gz-wetland.md", "广州市湿地保护规定", "城建环资委", "2019-12-27"},
	{"bj-parking.md", "北京市机动车停车条例", "城建环资委", "2018-03-30"},
	{"sh-waste.md", "上海市生活垃圾管理条例", "城建环资委", "2019-01-31"},
	{"patent-rules.md", "中华人民共和国专利法实施细则", "法制委", "2023-12-11"},
	{"bj-rivers.md", "北京市河湖保护管理条例", "城建环资委", "2019-07-26"},
	{"cq-animal.md", "重庆市动物防疫条例", "农业农村委", "2013-07-24"},
	{"env-tax.md", "中华人民共和国环境保护税法", "财经委", "2018-10-26"},
	{"sh-entertainment.md", "上海市文化娱乐市场管理条例", "教科文卫委", "2010-09-17"},
	{"bj-seeds.md", "北京市种子条例", "农业农村委", "2022-01-10"},
}

// sample is the test corpus loaded into a real store.
type sample struct {
	src        *testStore
	parking    int64   // regulation id of 广州市停车场条例
	parkingVer []int64 // its versions, oldest first
}

func loadSample(t testing.TB) *sample {
	t.Helper()
	s := &sample{src: newTestStore(t)}
	s.parking = s.src.addRegulation("广州市停车场条例", "城建环资委")
	for _, v := range []struct{ file, stage, date string }{
		{"gz-parking-2018.md", "adopted", "2018-04-20"},
		{"gz-parking-2021.md", "adopted", "2021-10-20"},
		{"gz-parking-2025.md", "first-reading", "2025-12-17"},
	} {
		s.parkingVer = append(s.parkingVer, s.src.addVersion(s.parking, v.stage, v.date, parseFile(t, v.file)))
	}
	for _, f := range sampleFiles {
		id := s.src.addRegulation(f.title, f.committee)
		s.src.addVersion(id, "promulgated", f.date, parseFile(t, f.file))
	}
	return s
}

// testStore is the real store (SQLite in t.TempDir(), storetest.Open)
// with the few writes the tests make, each failing the test on error. It
// is the Source of the tests, and serves opinions as the server's does.
type testStore struct {
	*store.Store
	t testing.TB
}

func newTestStore(t testing.TB) *testStore {
	t.Helper()
	return &testStore{Store: storetest.Open(t), t: t}
}

// addRegulation creates a regulation (a "regulation" change) and returns its id.
func (s *testStore) addRegulation(title, committee string) int64 {
	s.t.Helper()
	r := &drafts.Regulation{Title: title, Committee: committee, Kind: drafts.KindEnact}
	if err := s.CreateRegulation(context.Background(), "staff", r); err != nil {
		s.t.Fatalf("create regulation %s: %v", title, err)
	}
	return r.ID
}

// setLevel sets a regulation's level and region by an edit (a change).
func (s *testStore) setLevel(id int64, level drafts.Level, region string) {
	s.t.Helper()
	l := string(level)
	if _, err := s.UpdateRegulation(context.Background(), "staff", id, drafts.RegulationUpdate{Level: &l, Region: &region}); err != nil {
		s.t.Fatalf("set level of regulation %d: %v", id, err)
	}
}

// rename changes a regulation's title by an edit (a change).
func (s *testStore) rename(id int64, title string) {
	s.t.Helper()
	if _, err := s.UpdateRegulation(context.Background(), "staff", id, drafts.RegulationUpdate{Title: &title}); err != nil {
		s.t.Fatalf("rename regulation %d: %v", id, err)
	}
}

// addVersion adds a reading of regulation regID (a "version" change) and
// returns its id.
func (s *testStore) addVersion(regID int64, stage, date string, d *drafts.Document) int64 {
	s.t.Helper()
	v, err := s.CreateVersion(context.Background(), "staff", drafts.NewVersion{RegulationID: regID, Stage: stage,
		Date: date, Filename: "a.md", Data: []byte(d.Title), Document: d})
	if err != nil {
		s.t.Fatalf("create version of regulation %d: %v", regID, err)
	}
	return v.ID
}

// regulationOf returns the regulation of version id.
func (s *testStore) regulationOf(id int64) int64 {
	s.t.Helper()
	v, err := s.Version(context.Background(), id)
	if err != nil {
		s.t.Fatalf("version %d: %v", id, err)
	}
	return v.RegulationID
}

// readings returns every regulation's readings with their documents, as
// the store serves them to the index, and the regulations' titles by id.
func (s *testStore) readings() ([]*drafts.Version, map[int64]string) {
	s.t.Helper()
	ctx := context.Background()
	regs, err := s.ListRegulations(ctx)
	if err != nil {
		s.t.Fatal(err)
	}
	var out []*drafts.Version
	titles := map[int64]string{}
	for _, r := range regs {
		titles[r.ID] = r.Title
		vs, err := s.Versions(ctx, r.ID)
		if err != nil {
			s.t.Fatal(err)
		}
		for _, v := range vs {
			full, err := s.Version(ctx, v.ID)
			if err != nil {
				s.t.Fatal(err)
			}
			out = append(out, full)
		}
	}
	return out, titles
}

// addConsultation opens a public consultation on version v and returns its id.
func (s *testStore) addConsultation(v int64) int64 {
	s.t.Helper()
	now := time.Now()
	c := &drafts.Consultation{VersionID: v, Title: "征求意见", Audience: drafts.AudiencePublic,
		OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(30 * 24 * time.Hour)}
	if err := s.CreateConsultation(context.Background(), "staff", c); err != nil {
		s.t.Fatalf("create consultation on version %d: %v", v, err)
	}
	return c.ID
}

// addOpinions stores n opinions with text on article art of version v in
// consultation c, in one transaction (n "opinion" changes), and returns
// their ids.
func (s *testStore) addOpinions(c, v int64, art, n int, text string) []int64 {
	s.t.Helper()
	ops := make([]*drafts.Opinion, n)
	for i := range ops {
		ops[i] = &drafts.Opinion{VersionID: v, ConsultationID: c, Article: art, Text: text, Source: drafts.SourceStaff,
			Name: "张三"}
	}
	if err := s.CreateOpinions(context.Background(), "staff", nil, ops); err != nil {
		s.t.Fatalf("create opinions: %v", err)
	}
	ids := make([]int64, n)
	for i, o := range ops {
		ids[i] = o.ID
	}
	return ids
}

// openTest opens an index for src in a temporary directory.
func openTest(t testing.TB, src Source) (*Index, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "search")
	ix, err := Open(context.Background(), dir, src, Options{LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, dir
}
