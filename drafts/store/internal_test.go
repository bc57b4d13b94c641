package store

import (
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/parse"
)

func TestRebind(t *testing.T) {
	for _, c := range []struct{ in, sqlite, postgres string }{
		{"SELECT 1", "SELECT 1", "SELECT 1"},
		{"SELECT a FROM t WHERE a = ? AND b = ?", "SELECT a FROM t WHERE a = ? AND b = ?",
			"SELECT a FROM t WHERE a = $1 AND b = $2"},
		{"SELECT '?', \"a?\" FROM t WHERE x = ?", "SELECT '?', \"a?\" FROM t WHERE x = ?",
			"SELECT '?', \"a?\" FROM t WHERE x = $1"},
		{"SELECT 'it''s ?' WHERE y = ?", "SELECT 'it''s ?' WHERE y = ?", "SELECT 'it''s ?' WHERE y = $1"},
		{"INSERT INTO t VALUES (?, '中文？', ?)", "INSERT INTO t VALUES (?, '中文？', ?)", "INSERT INTO t VALUES ($1, '中文？', $2)"},
	} {
		if got := rebind(SQLite, c.in); got != c.sqlite {
			t.Errorf("rebind(sqlite, %q) = %q", c.in, got)
		}
		if got := rebind(Postgres, c.in); got != c.postgres {
			t.Errorf("rebind(postgres, %q) = %q, want %q", c.in, got, c.postgres)
		}
	}
}

func TestSQLiteDSN(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		in       string
		path     string
		pragmas  []string
		wantLock string
	}{
		{dir + "/a/lifa.db", dir + "/a/lifa.db",
			[]string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)", "temp_store(MEMORY)"}, "immediate"},
		{"file:" + dir + "/b.db?_pragma=busy_timeout(500)&_txlock=deferred", dir + "/b.db",
			[]string{"busy_timeout(500)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "temp_store(MEMORY)"}, "deferred"},
	} {
		got, err := sqliteDSN(c.in)
		if err != nil {
			t.Fatal(err)
		}
		path, query, _ := strings.Cut(strings.TrimPrefix(got, "file:"), "?")
		q, _ := url.ParseQuery(query)
		if path != c.path || strings.Join(q["_pragma"], " ") != strings.Join(c.pragmas, " ") || q.Get("_txlock") != c.wantLock {
			t.Errorf("sqliteDSN(%q) = %q", c.in, got)
		}
	}
	if _, err := sqliteDSN(""); drafts.ErrorCode(err) != drafts.EINVALID {
		t.Errorf("empty dsn: %v", err)
	}
}

func TestMigrations(t *testing.T) {
	for _, d := range []string{SQLite, Postgres} {
		ms, err := migrations(d)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) < 3 || ms[0].name != "0001_init" || ms[1].name != "0002_immutable" {
			t.Fatalf("%s: migrations %v", d, ms)
		}
		for i, m := range ms {
			if strings.Contains(m.sql, "{{") {
				t.Errorf("%s %s: unexpanded macro", d, m.name)
			}
			if i > 0 && m.name <= ms[i-1].name {
				t.Errorf("%s: %s after %s", d, m.name, ms[i-1].name)
			}
		}
		if d == Postgres && !strings.Contains(ms[1].sql, "plpgsql") || d == SQLite && !strings.Contains(ms[1].sql, "RAISE(ABORT") {
			t.Errorf("%s got the other dialect's 0002", d)
		}
	}
}

func TestDocCache(t *testing.T) {
	c := newDocCache(2)
	d1, d2, d3 := &drafts.Document{Title: "1"}, &drafts.Document{Title: "2"}, &drafts.Document{Title: "3"}
	c.put(1, d1)
	c.put(2, d2)
	if c.get(1) != d1 { // 1 is now the most recent
		t.Fatal("miss on 1")
	}
	c.put(3, d3) // evicts 2
	if c.get(2) != nil || c.get(1) != d1 || c.get(3) != d3 {
		t.Errorf("after eviction: %v %v %v", c.get(2), c.get(1), c.get(3))
	}
	if c.order.Len() != 2 || len(c.byID) != 2 {
		t.Errorf("size %d/%d", c.order.Len(), len(c.byID))
	}
}

// FuzzRebind checks that rebinding leaves SQLite text alone and, for
// PostgreSQL, replaces exactly the placeholders outside quotes with $1…$n
// in order while keeping every other byte.
func FuzzRebind(f *testing.F) {
	for _, s := range []string{"SELECT ?", "a = ? AND b = '?' AND c = \"?\" AND d = ?", "'unterminated ?", "？?中文"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if got := rebind(SQLite, q); got != q {
			t.Fatalf("sqlite changed %q to %q", q, got)
		}
		got := rebind(Postgres, q)
		// Undo: replace each $n (n counting up) back with ?, outside quotes.
		var b strings.Builder
		var quote byte
		n := 0
		for i := 0; i < len(got); i++ {
			c := got[i]
			if quote == 0 && c == '$' {
				n++
				want := "$" + strconv.Itoa(n)
				if !strings.HasPrefix(got[i:], want) {
					// a literal $ in the input, outside quotes
					b.WriteByte(c)
					n--
					continue
				}
				b.WriteByte('?')
				i += len(want) - 1
				continue
			}
			if quote != 0 && c == quote {
				quote = 0
			} else if quote == 0 && (c == '\'' || c == '"') {
				quote = c
			}
			b.WriteByte(c)
		}
		if strings.Contains(q, "$") {
			return // the undo above cannot tell literal $1 from a placeholder
		}
		if b.String() != q {
			t.Fatalf("rebind(%q) = %q, which does not map back", q, got)
		}
	})
}

func TestOpen_Memory(t *testing.T) {
	ctx := t.Context()
	s, err := Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := &drafts.Regulation{Title: "某条例", Kind: drafts.KindEnact}
	if err := s.CreateRegulation(ctx, "测试员", r); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Regulation(ctx, r.ID); err != nil {
		t.Fatalf("in-memory store lost its data between connections: %v", err)
	}
}

// BenchmarkVersion_Uncached reads the 2023 公司法 version with the document
// cache emptied before every read: the cost of the first view of a version.
func BenchmarkVersion_Uncached(b *testing.B) {
	data, err := os.ReadFile("../demo/texts/gongsifa-2023-12-29.md")
	if err != nil {
		b.Skip("demo text not found:", err)
	}
	ctx := b.Context()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "lifa.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	doc, err := parse.Parse("gongsifa.md", data)
	if err != nil {
		b.Fatal(err)
	}
	r := &drafts.Regulation{Title: "中华人民共和国公司法", Kind: drafts.KindRevise}
	if err := s.CreateRegulation(ctx, "bench", r); err != nil {
		b.Fatal(err)
	}
	v, err := s.CreateVersion(ctx, "bench", drafts.NewVersion{RegulationID: r.ID, Stage: "adopted", Document: doc})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s.docs = newDocCache(docCacheSize)
		if _, err := s.Version(ctx, v.ID); err != nil {
			b.Fatal(err)
		}
	}
}
