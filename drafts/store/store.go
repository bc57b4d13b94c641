// Package store keeps Lifa's regulations, their immutable versions, the audit
// log and the ordered change log in SQL: SQLite by default (modernc.org/sqlite,
// pure Go, one file, WAL) or PostgreSQL (pgx) for deployments that outgrow one
// machine. One schema, written once, serves both.
//
// Every public method runs in one transaction; every write also appends to the
// audit log (who, when, what) and, where derived data must follow, to the
// change log. Errors are *drafts.Error with ENOTFOUND, EINVALID or ECONFLICT
// where the caller can act on them; anything else is internal.
//
// For other files of this package (opinions, search state …): write SQL with
// `?` placeholders and run it through the helpers in this file: s.write for a
// write transaction (it serialises change-log appends on PostgreSQL), s.read
// for reads; inside, tx.exec / tx.query / tx.queryRow rebind placeholders, and
// s.record appends the audit and change entries. Migrations are numbered
// files in migrations/: NNNN_name.sql for both dialects, or the pair
// NNNN_name.sqlite.sql / NNNN_name.postgres.sql; in them {{ID}} is an
// auto-increment primary key, {{TIMESTAMP}} a time column and {{BLOB}} bytes.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"lifa/drafts"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "modernc.org/sqlite"             // database/sql driver "sqlite"
)

// The two dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// changeLockKey is the PostgreSQL advisory lock taken by every write
// transaction, so that change-log sequence numbers commit in order and a
// follower reading "after seq N" never skips a late-committing lower seq.
const changeLockKey = 7_432_001

// Store is Lifa's database. It is safe for concurrent use.
type Store struct {
	db      *sql.DB
	dialect string
	now     func() time.Time
	docs    *docCache
	// opinionStmtCache caches the prepared multi-row opinion inserts
	// (opinions.go), keyed by row count.
	opinionStmtCache sync.Map
}

// Open opens (creating if needed) the database dsn names and applies the
// pending migrations. dsn is "postgres://…" (or "postgresql://…") for
// PostgreSQL; anything else is a SQLite file path or "file:…" URI, to which
// Open adds the pragmas Lifa needs (WAL, busy_timeout, foreign_keys,
// synchronous NORMAL, temp_store MEMORY) unless the DSN already sets them,
// and makes write transactions BEGIN IMMEDIATE.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }, docs: newDocCache(docCacheSize)}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.dialect = Postgres
		s.db, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		s.db.SetMaxOpenConns(16)
		s.db.SetMaxIdleConns(8)
		s.db.SetConnMaxIdleTime(5 * time.Minute)
	} else {
		s.dialect = SQLite
		d, err := sqliteDSN(dsn)
		if err != nil {
			return nil, err
		}
		s.db, err = sql.Open("sqlite", d)
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		s.db.SetMaxOpenConns(8)
		s.db.SetMaxIdleConns(8)
		s.db.SetConnMaxIdleTime(0)
		if strings.Contains(d, ":memory:") || strings.Contains(d, "mode=memory") {
			// Every connection would get its own empty in-memory database.
			s.db.SetMaxOpenConns(1)
		}
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("open %s database: %w", s.dialect, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	if err := s.seedStages(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// sqliteDSN turns a path or file: URI into a modernc.org/sqlite DSN with the
// pragmas every pooled connection needs, creating the parent directory.
func sqliteDSN(dsn string) (string, error) {
	if dsn == "" {
		return "", drafts.Errorf(drafts.EINVALID, "未指定数据库")
	}
	path, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", fmt.Errorf("sqlite dsn %q: %w", dsn, err)
	}
	if path != ":memory:" && path != "" && q.Get("mode") != "memory" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return "", fmt.Errorf("create database directory: %w", err)
		}
	}
	have := strings.ToLower(strings.Join(q["_pragma"], ","))
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)", "temp_store(MEMORY)"} {
		name, _, _ := strings.Cut(p, "(")
		if !strings.Contains(have, name) {
			q.Add("_pragma", p)
		}
	}
	if q.Get("_txlock") == "" {
		// Write transactions take the write lock at BEGIN, so two writers
		// wait on busy_timeout instead of failing on lock upgrade.
		// Read-only transactions stay deferred.
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode(), nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB returns the underlying database handle, for diagnostics and tests.
// Code that changes data belongs in this package, where it runs in
// s.write with an audit entry.
func (s *Store) DB() *sql.DB { return s.db }

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect }

// tx is a transaction that rebinds `?` placeholders for its dialect.
type tx struct {
	tx      *sql.Tx
	dialect string
}

func (t *tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, rebind(t.dialect, q), args...)
}

func (t *tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, rebind(t.dialect, q), args...)
}

func (t *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, rebind(t.dialect, q), args...)
}

// insert runs an INSERT … RETURNING <column> and returns the new id.
func (t *tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(ctx, q, args...).Scan(&id)
	return id, err
}

// read runs fn in a read-only transaction.
func (s *Store) read(ctx context.Context, fn func(*tx) error) error {
	t, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer t.Rollback()
	if err := fn(&tx{t, s.dialect}); err != nil {
		return err
	}
	return t.Commit()
}

// write runs fn in a write transaction and commits it if fn returns nil.
// On PostgreSQL it first takes the change-log advisory lock.
func (s *Store) write(ctx context.Context, fn func(*tx) error) error {
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer t.Rollback()
	w := &tx{t, s.dialect}
	if s.dialect == Postgres {
		if _, err := w.exec(ctx, "SELECT pg_advisory_xact_lock(?)", changeLockKey); err != nil {
			return fmt.Errorf("change lock: %w", err)
		}
	}
	if err := fn(w); err != nil {
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// record appends an audit entry (action, e.g. "version.create") and, when op
// is not empty, a change-log entry for (entity, id).
func (s *Store) record(ctx context.Context, t *tx, at time.Time, actor, action, entity string, id int64, op, detail string) error {
	if _, err := t.exec(ctx, `INSERT INTO audit_log (actor, at, action, entity, entity_id, detail)
		VALUES (?, ?, ?, ?, ?, ?)`, actor, at, action, entity, id, detail); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	if op != "" {
		if _, err := t.exec(ctx, `INSERT INTO changes (entity, entity_id, op, at) VALUES (?, ?, ?, ?)`,
			entity, id, op, at); err != nil {
			return fmt.Errorf("change log %s: %w", action, err)
		}
	}
	return nil
}

// auditJSON encodes the detail of an audit-log entry.
func auditJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// rebind turns `?` placeholders into $1, $2 … for PostgreSQL, leaving
// question marks inside quoted strings and identifiers alone.
func rebind(dialect, q string) string {
	if dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// migration is one numbered schema change.
type migration struct {
	name string // "0001_init"
	sql  string
}

// migrations returns the embedded migrations for dialect, in order.
func migrations(dialect string) ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := map[string]bool{}
	for _, e := range entries {
		base := strings.TrimSuffix(e.Name(), ".sql")
		name := base
		if d := filepath.Ext(base); d == ".sqlite" || d == ".postgres" {
			if d[1:] != dialect {
				continue
			}
			name = strings.TrimSuffix(base, d)
		}
		if len(name) < 5 || name[4] != '_' {
			return nil, fmt.Errorf("migration %s: name must start with a 4-digit number and _", e.Name())
		}
		if seen[name] {
			return nil, fmt.Errorf("migration %s: defined twice", name)
		}
		seen[name] = true
		data, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{name, expandMacros(dialect, string(data))})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].name < ms[j].name })
	return ms, nil
}

// expandMacros replaces the dialect macros of migration files.
func expandMacros(dialect, q string) string {
	var r *strings.Replacer
	if dialect == Postgres {
		r = strings.NewReplacer("{{ID}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
			"{{TIMESTAMP}}", "TIMESTAMPTZ", "{{BLOB}}", "BYTEA")
	} else {
		r = strings.NewReplacer("{{ID}}", "INTEGER PRIMARY KEY AUTOINCREMENT",
			"{{TIMESTAMP}}", "TIMESTAMP", "{{BLOB}}", "BLOB")
	}
	return r.Replace(q)
}

// migrate applies the migrations not yet recorded in schema_migrations, each
// in its own transaction. Concurrent openers wait for each other.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations(s.dialect)
	if err != nil {
		return err
	}
	err = s.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, expandMacros(s.dialect, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version TEXT PRIMARY KEY, applied_at {{TIMESTAMP}} NOT NULL)`))
		return err
	})
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, m := range ms {
		err := s.write(ctx, func(t *tx) error {
			var n int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.name).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := t.exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := t.exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, m.name, s.now())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// seedStages fills the stages table with drafts.DefaultStages when it is empty.
func (s *Store) seedStages(ctx context.Context) error {
	return s.write(ctx, func(t *tx) error {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM stages`).Scan(&n); err != nil {
			return fmt.Errorf("count stages: %w", err)
		}
		if n > 0 {
			return nil
		}
		for _, st := range drafts.DefaultStages {
			if _, err := t.exec(ctx, `INSERT INTO stages (code, name, position) VALUES (?, ?, ?)`,
				st.Code, st.Name, st.Position); err != nil {
				return fmt.Errorf("seed stage %s: %w", st.Code, err)
			}
		}
		return nil
	})
}

// Stages returns the stages ordered by position.
func (s *Store) Stages(ctx context.Context) ([]drafts.Stage, error) {
	var out []drafts.Stage
	err := s.read(ctx, func(t *tx) error {
		var err error
		out, err = findStages(ctx, t)
		return err
	})
	return out, err
}

func findStages(ctx context.Context, t *tx) ([]drafts.Stage, error) {
	rows, err := t.query(ctx, `SELECT code, name, position FROM stages ORDER BY position, code`)
	if err != nil {
		return nil, fmt.Errorf("stages: %w", err)
	}
	defer rows.Close()
	var out []drafts.Stage
	for rows.Next() {
		var st drafts.Stage
		if err := rows.Scan(&st.Code, &st.Name, &st.Position); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// notFound returns the ENOTFOUND error for what (e.g. "法规项目") and id.
func notFound(what string, id int64) error {
	return drafts.Errorf(drafts.ENOTFOUND, "%s %d 不存在", what, id)
}

// isNoRows reports whether err is sql.ErrNoRows.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// checkActor returns EINVALID when actor is empty: every write names who did it.
func checkActor(actor string) error {
	if strings.TrimSpace(actor) == "" {
		return drafts.Errorf(drafts.EINVALID, "缺少操作人")
	}
	return nil
}
