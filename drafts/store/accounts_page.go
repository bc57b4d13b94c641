package store

import (
	"context"
	"fmt"
	"strings"

	"lifa/drafts"
)

// AccountFilter selects accounts for a page of the administration's list;
// zero fields do not filter.
type AccountFilter struct {
	// Query keeps the accounts whose login or display name contains it.
	Query string
	Role  drafts.Role
	// ContactPointID keeps the liaisons of one contact point.
	ContactPointID int64
	Limit, Offset  int
}

// AccountsPage returns the accounts matching f by login name, and how
// many match in all. Limit defaults to 50, at most 1,000.
func (s *Store) AccountsPage(ctx context.Context, f AccountFilter) ([]*drafts.Account, int, error) {
	var w []string
	var args []any
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + strings.NewReplacer("%", "", "_", "").Replace(q) + "%"
		w = append(w, `(name LIKE ? OR display_name LIKE ?)`)
		args = append(args, like, like)
	}
	if f.Role != "" {
		w = append(w, `role = ?`)
		args = append(args, string(f.Role))
	}
	if f.ContactPointID != 0 {
		w = append(w, `contact_point_id = ?`)
		args = append(args, f.ContactPointID)
	}
	where := ""
	if len(w) > 0 {
		where = " WHERE " + strings.Join(w, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 1000)
	var out []*drafts.Account
	var total int
	err := s.read(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM accounts`+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count accounts: %w", err)
		}
		rows, err := t.query(ctx, `SELECT `+accountColumns+` FROM accounts`+where+` ORDER BY name LIMIT ? OFFSET ?`,
			append(args, f.Limit, max(f.Offset, 0))...)
		if err != nil {
			return fmt.Errorf("accounts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAccount(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, total, err
}

// AuditFilter selects entries of the audit log; zero fields do not filter.
type AuditFilter struct {
	Entity   string // "version", "consultation", "account" …
	EntityID int64
	Actor    string
	// ActionPrefix keeps the actions starting with it ("consultation.").
	ActionPrefix  string
	Limit, Offset int
}

// AuditEntries returns the audit entries matching f, newest first, and how
// many match in all. Limit defaults to 50, at most 1,000.
func (s *Store) AuditEntries(ctx context.Context, f AuditFilter) ([]drafts.AuditEntry, int, error) {
	var w []string
	var args []any
	if f.Entity != "" {
		w = append(w, `entity = ?`)
		args = append(args, f.Entity)
	}
	if f.EntityID != 0 {
		w = append(w, `entity_id = ?`)
		args = append(args, f.EntityID)
	}
	if a := strings.TrimSpace(f.Actor); a != "" {
		w = append(w, `actor = ?`)
		args = append(args, a)
	}
	if p := strings.NewReplacer("%", "", "_", "").Replace(f.ActionPrefix); p != "" {
		w = append(w, `action LIKE ?`)
		args = append(args, p+"%")
	}
	where := ""
	if len(w) > 0 {
		where = " WHERE " + strings.Join(w, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 1000)
	var out []drafts.AuditEntry
	var total int
	err := s.read(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM audit_log`+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count audit log: %w", err)
		}
		rows, err := t.query(ctx, `SELECT id, actor, at, action, entity, entity_id, detail FROM audit_log`+where+
			` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, max(f.Offset, 0))...)
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
	return out, total, err
}
