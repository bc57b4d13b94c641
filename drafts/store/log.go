package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"lifa/drafts"
)

// DefaultChangeLimit is how many changes ChangesSince returns when limit <= 0.
const DefaultChangeLimit = 1000

// ChangesSince returns up to limit change-log entries with Seq > afterSeq, in
// Seq order. Followers (the search index) apply them and remember the last Seq.
func (s *Store) ChangesSince(ctx context.Context, afterSeq int64, limit int) ([]drafts.Change, error) {
	if limit <= 0 {
		limit = DefaultChangeLimit
	}
	var out []drafts.Change
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT seq, entity, entity_id, op, at FROM changes WHERE seq > ? ORDER BY seq LIMIT ?`,
			afterSeq, limit)
		if err != nil {
			return fmt.Errorf("changes: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var c drafts.Change
			if err := rows.Scan(&c.Seq, &c.Entity, &c.ID, &c.Op, &c.At); err != nil {
				return fmt.Errorf("scan change: %w", err)
			}
			c.At = c.At.UTC()
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

// LastChangeSeq returns the Seq of the newest change-log entry, 0 when empty.
func (s *Store) LastChangeSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := s.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM changes`).Scan(&seq)
	})
	return seq, err
}

// AuditLog returns the newest limit audit entries, newest first (all when
// limit <= 0).
func (s *Store) AuditLog(ctx context.Context, limit int) ([]drafts.AuditEntry, error) {
	q := `SELECT id, actor, at, action, entity, entity_id, detail FROM audit_log ORDER BY id DESC`
	args := []any{}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	var out []drafts.AuditEntry
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("audit log: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var e drafts.AuditEntry
			if err := rows.Scan(&e.ID, &e.Actor, &e.At, &e.Action, &e.Entity, &e.EntityID, &e.Detail); err != nil {
				return fmt.Errorf("scan audit entry: %w", err)
			}
			e.At = e.At.UTC()
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// Setting returns the value stored under key; ENOTFOUND when unset.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.read(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
		if isNoRows(err) {
			return drafts.Errorf(drafts.ENOTFOUND, "设置项 %q 不存在", key)
		}
		return err
	})
	return v, err
}

// SetSetting stores value under key, replacing any previous value. The audit
// log records the key (actor "system"), never the value: settings hold
// secrets such as the admin token's hash.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	if strings.TrimSpace(key) == "" {
		return drafts.Errorf(drafts.EINVALID, "设置项名称不能为空")
	}
	return s.write(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return fmt.Errorf("set setting %s: %w", key, err)
		}
		detail := fmt.Sprintf(`{"key":%q}`, key)
		return s.record(ctx, t, s.now(), "system", "setting.set", "setting", 0, "", detail)
	})
}

// Backup writes a consistent copy of the SQLite database to path (VACUUM
// INTO), safe while other connections and processes read and write.
// ECONFLICT when path exists; EINVALID on PostgreSQL, which is backed up
// with its own tools (pg_dump).
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect != SQLite {
		return drafts.Errorf(drafts.EINVALID, "PostgreSQL 数据库请使用 pg_dump 备份")
	}
	if path == "" {
		return drafts.Errorf(drafts.EINVALID, "未指定备份文件")
	}
	if _, err := os.Stat(path); err == nil {
		return drafts.Errorf(drafts.ECONFLICT, "备份文件 %s 已存在", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
