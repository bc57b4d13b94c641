// Package storetest opens throw-away stores for tests: a SQLite database in
// t.TempDir(), and, when the environment variable LIFA_TEST_POSTGRES names a
// PostgreSQL database (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable),
// a fresh schema in it that is dropped when the test ends. Each runs a test
// body against both.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lifa/drafts/store"
)

// EnvPostgres names the environment variable holding the PostgreSQL test DSN.
const EnvPostgres = "LIFA_TEST_POSTGRES"

// Open returns a new SQLite store in t.TempDir(), closed when the test ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "lifa.db"))
	if err != nil {
		t.Fatalf("open sqlite store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// OpenPostgres returns a store in a fresh schema of the LIFA_TEST_POSTGRES
// database, closed and dropped when the test ends. It skips the test when
// the variable is unset.
func OpenPostgres(t testing.TB) *store.Store {
	t.Helper()
	dsn, schema := PostgresDSN(t)
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open postgres store (schema %s): %v", schema, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// PostgresDSN creates a fresh schema in the LIFA_TEST_POSTGRES database and
// returns a DSN whose connections use it (search_path), and the schema name.
// The schema is dropped when the test ends. It skips the test when the
// variable is unset.
func PostgresDSN(t testing.TB) (dsn, schema string) {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skipf("PostgreSQL not tested: set %s, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable", EnvPostgres)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema = "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema %s in %s: %v", schema, EnvPostgres, err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil || !strings.HasPrefix(u.Scheme, "postgres") {
		t.Fatalf("%s must be a postgres:// URL: %q", EnvPostgres, base)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), schema
}

// Each runs fn as sub-test "sqlite" on a SQLite store and as sub-test
// "postgres" on a PostgreSQL store (skipped, with the reason, when
// LIFA_TEST_POSTGRES is unset).
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, Open(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, OpenPostgres(t)) })
}

// EachB is Each for benchmarks: sub-benchmarks "sqlite" and "postgres".
func EachB(b *testing.B, fn func(b *testing.B, s *store.Store)) {
	b.Helper()
	b.Run("sqlite", func(b *testing.B) { fn(b, Open(b)) })
	b.Run("postgres", func(b *testing.B) { fn(b, OpenPostgres(b)) })
}
