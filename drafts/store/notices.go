package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"lifa/drafts"
)

// NoticeRecipient is an account a consultation is addressed to, with the
// address its notices are e-mailed to ("" for none).
type NoticeRecipient struct {
	AccountID int64
	Email     string
}

// NoticeRecipients returns the enabled accounts consultation c is
// addressed to: for a consultation of contact points the liaisons of the
// contact points it asks (all of them when it names none), for members'
// the members; none for a public consultation.
func (s *Store) NoticeRecipients(ctx context.Context, c *drafts.Consultation) ([]NoticeRecipient, error) {
	q := `SELECT a.id, COALESCE(n.email, '') FROM accounts a LEFT JOIN notice_settings n ON n.account_id = a.id
		WHERE a.disabled = 0 AND a.role = ?`
	var args []any
	switch c.Audience {
	case drafts.AudienceMembers:
		args = append(args, string(drafts.RoleMember))
	case drafts.AudienceContactPoints:
		args = append(args, string(drafts.RoleLiaison))
		if len(c.ContactPointIDs) > 0 {
			q += ` AND a.contact_point_id IN (?` + strings.Repeat(", ?", len(c.ContactPointIDs)-1) + `)`
			for _, id := range c.ContactPointIDs {
				args = append(args, id)
			}
		}
	default:
		return nil, nil
	}
	var out []NoticeRecipient
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, q+` ORDER BY a.id`, args...)
		if err != nil {
			return fmt.Errorf("notice recipients: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r NoticeRecipient
			if err := rows.Scan(&r.AccountID, &r.Email); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// AddressedConsultations returns the consultations addressed to contact
// points or to members that have not closed at now, closing soonest first.
func (s *Store) AddressedConsultations(ctx context.Context, now time.Time) ([]*drafts.Consultation, error) {
	var out []*drafts.Consultation
	err := s.read(ctx, func(t *tx) error {
		var err error
		out, err = findConsultations(ctx, t, `SELECT `+consultationColumns+` FROM consultations c
			JOIN versions v ON v.id = c.version_id
			WHERE c.audience IN ('contact_points', 'members') AND c.closes_at > ? ORDER BY c.closes_at, c.id`, now.UTC())
		return err
	})
	return out, err
}

// AddNotices stores the notices that do not exist yet (the same account,
// consultation, kind and key) and returns those it stored, with their ID
// and CreatedAt set. Notices are derived data: they are not audited.
func (s *Store) AddNotices(ctx context.Context, ns []*drafts.Notice) ([]*drafts.Notice, error) {
	var added []*drafts.Notice
	err := s.write(ctx, func(t *tx) error {
		added = added[:0]
		now := s.now()
		for _, n := range ns {
			var id int64
			err := t.queryRow(ctx, `INSERT INTO notices (account_id, kind, consultation_id, notice_key, created_at, mail_to, mail_state)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, consultation_id, kind, notice_key) DO NOTHING RETURNING id`,
				n.AccountID, string(n.Kind), n.ConsultationID, n.Key, now, n.MailTo, n.MailState).Scan(&id)
			if isNoRows(err) {
				continue
			} else if err != nil {
				return fmt.Errorf("insert notice: %w", err)
			}
			n.ID, n.CreatedAt = id, now
			added = append(added, n)
		}
		return nil
	})
	return added, err
}

// NoticeView is a notice with what its text needs: the consultation, its
// reading and regulation, and the reader's contact point.
type NoticeView struct {
	drafts.Notice
	Consultation     *drafts.Consultation
	RegulationTitle  string
	StageName        string
	DisplayName      string // the reader's name
	ContactPointName string // the reader's contact point, "" for a member
}

const noticeViewQuery = `SELECT n.id, n.account_id, n.kind, n.consultation_id, n.notice_key, n.created_at, n.read_at,
	n.mail_to, n.mail_state, r.title, COALESCE(st.name, v.stage), a.display_name, COALESCE(cp.name, '')
	FROM notices n JOIN consultations c ON c.id = n.consultation_id JOIN versions v ON v.id = c.version_id
	JOIN regulations r ON r.id = v.regulation_id LEFT JOIN stages st ON st.code = v.stage
	JOIN accounts a ON a.id = n.account_id LEFT JOIN contact_points cp ON cp.id = a.contact_point_id`

// findNoticeViews runs noticeViewQuery with where and fills in the
// consultations.
func findNoticeViews(ctx context.Context, t *tx, where string, args ...any) ([]*NoticeView, error) {
	rows, err := t.query(ctx, noticeViewQuery+` `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("notices: %w", err)
	}
	var out []*NoticeView
	for rows.Next() {
		var v NoticeView
		var kind string
		var read sql.NullTime
		if err := rows.Scan(&v.ID, &v.AccountID, &kind, &v.ConsultationID, &v.Key, &v.CreatedAt, &read, &v.MailTo,
			&v.MailState, &v.RegulationTitle, &v.StageName, &v.DisplayName, &v.ContactPointName); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan notice: %w", err)
		}
		v.Kind, v.CreatedAt = drafts.NoticeKind(kind), v.CreatedAt.UTC()
		if read.Valid {
			r := read.Time.UTC()
			v.ReadAt = &r
		}
		out = append(out, &v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cons := map[int64]*drafts.Consultation{}
	for _, v := range out {
		if c, ok := cons[v.ConsultationID]; ok {
			v.Consultation = c
			continue
		}
		list, err := findConsultations(ctx, t, `SELECT `+consultationColumns+` FROM consultations c
			JOIN versions v ON v.id = c.version_id WHERE c.id = ?`, v.ConsultationID)
		if err != nil || len(list) == 0 {
			return nil, fmt.Errorf("notice %d consultation: %v", v.ID, err)
		}
		cons[v.ConsultationID], v.Consultation = list[0], list[0]
	}
	return out, nil
}

// NoticeList is a page of an account's notices, newest first.
type NoticeList struct {
	Notices []*NoticeView
	Total   int
	Unread  int
}

// Notices returns account accountID's notices, newest first, limit (at
// most 200) from offset, with how many it has and how many are unread.
func (s *Store) Notices(ctx context.Context, accountID int64, limit, offset int) (*NoticeList, error) {
	limit = min(max(limit, 1), 200)
	l := &NoticeList{}
	err := s.read(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END), 0)
			FROM notices WHERE account_id = ?`, accountID).Scan(&l.Total, &l.Unread); err != nil {
			return fmt.Errorf("count notices: %w", err)
		}
		var err error
		l.Notices, err = findNoticeViews(ctx, t, `WHERE n.account_id = ? ORDER BY n.id DESC LIMIT ? OFFSET ?`,
			accountID, limit, max(offset, 0))
		return err
	})
	return l, err
}

// UnreadNotices returns how many unread notices account accountID has.
func (s *Store) UnreadNotices(ctx context.Context, accountID int64) (int, error) {
	var n int
	err := s.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT COUNT(*) FROM notices WHERE account_id = ? AND read_at IS NULL`, accountID).Scan(&n)
	})
	return n, err
}

// MarkNoticesRead marks account accountID's unread notices up to id upTo
// (0: all) as read and returns how many it marked.
func (s *Store) MarkNoticesRead(ctx context.Context, accountID, upTo int64) (int, error) {
	var n int64
	err := s.write(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE notices SET read_at = ? WHERE account_id = ? AND read_at IS NULL AND (CAST(? AS BIGINT) = 0 OR id <= ?)`,
			s.now(), accountID, upTo, upTo)
		if err != nil {
			return fmt.Errorf("mark notices read: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// NoticeEmail returns the address account accountID's notices are
// e-mailed to, "" for none.
func (s *Store) NoticeEmail(ctx context.Context, accountID int64) (string, error) {
	var email string
	err := s.read(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `SELECT email FROM notice_settings WHERE account_id = ?`, accountID).Scan(&email)
		if isNoRows(err) {
			return nil
		}
		return err
	})
	return email, err
}

// SetNoticeEmail sets (or, with "", clears) the address account
// accountID's notices are e-mailed to; the caller has checked it. The
// change is audited. ENOTFOUND for an unknown account.
func (s *Store) SetNoticeEmail(ctx context.Context, actor string, accountID int64, email string) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	return s.write(ctx, func(t *tx) error {
		var one int
		if err := t.queryRow(ctx, `SELECT 1 FROM accounts WHERE id = ?`, accountID).Scan(&one); isNoRows(err) {
			return notFound("用户", accountID)
		} else if err != nil {
			return err
		}
		now := s.now()
		if _, err := t.exec(ctx, `INSERT INTO notice_settings (account_id, email, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (account_id) DO UPDATE SET email = excluded.email, updated_at = excluded.updated_at`,
			accountID, email, now); err != nil {
			return fmt.Errorf("set notice email: %w", err)
		}
		return s.record(ctx, t, now, actor, "account.notice_email", "account", accountID, "",
			auditJSON(map[string]any{"email": email != ""}))
	})
}

// ClaimMail claims up to limit notices whose e-mail is pending and not
// claimed in the last ttl (a claim older than that was left by a node that
// stopped), for this caller to send, and returns them. Claims are taken in
// a write transaction, so two nodes never claim the same notice at once.
func (s *Store) ClaimMail(ctx context.Context, ttl time.Duration, limit int) ([]*NoticeView, error) {
	var out []*NoticeView
	err := s.write(ctx, func(t *tx) error {
		now := s.now()
		var err error
		out, err = findNoticeViews(ctx, t, `WHERE n.mail_state = ? AND (n.mail_claimed_at IS NULL OR n.mail_claimed_at < ?)
			ORDER BY n.id LIMIT ?`, drafts.MailPending, now.Add(-ttl), limit)
		if err != nil {
			return err
		}
		for _, v := range out {
			if _, err := t.exec(ctx, `UPDATE notices SET mail_claimed_at = ? WHERE id = ?`, now, v.ID); err != nil {
				return fmt.Errorf("claim notice mail: %w", err)
			}
		}
		return nil
	})
	return out, err
}

// MailDone records what became of notice id's e-mail: sent, or failed
// (the claim is released for another attempt; after maxAttempts failures
// the e-mail is given up as failed).
func (s *Store) MailDone(ctx context.Context, id int64, sent bool, maxAttempts int) error {
	return s.write(ctx, func(t *tx) error {
		var err error
		if sent {
			_, err = t.exec(ctx, `UPDATE notices SET mail_state = ?, mailed_at = ?, mail_claimed_at = NULL,
				mail_attempts = mail_attempts + 1 WHERE id = ?`, drafts.MailSent, s.now(), id)
		} else {
			_, err = t.exec(ctx, `UPDATE notices SET mail_attempts = mail_attempts + 1, mail_claimed_at = NULL,
				mail_state = CASE WHEN mail_attempts + 1 >= ? THEN ? ELSE mail_state END WHERE id = ?`,
				maxAttempts, drafts.MailFailed, id)
		}
		if err != nil {
			return fmt.Errorf("notice mail done: %w", err)
		}
		return nil
	})
}

// Exclusive runs fn unless another process holds the PostgreSQL advisory
// lock key (then it returns false without running fn): a job that every
// node of a cluster starts runs on one of them at a time. On SQLite, which
// one process opens, it always runs fn.
func (s *Store) Exclusive(ctx context.Context, key int64, fn func() error) (bool, error) {
	if s.dialect != Postgres {
		return true, fn()
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("exclusive %d: %w", key, err)
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err != nil {
		return false, fmt.Errorf("exclusive %d: %w", key, err)
	}
	if !got {
		return false, nil
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key)
	return true, fn()
}
