package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"lifa/drafts"
)

// CreateOpinions stores opinions entered by a signed-in account (a member,
// a liaison, or staff on someone's behalf), optionally with the meeting
// they were gathered at, in one transaction. The meeting's ID is set and
// copied to the opinions. Opinions from accounts are published at once.
func (s *Store) CreateOpinions(ctx context.Context, actor string, m *drafts.Meeting, ops []*drafts.Opinion) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	if len(ops) == 0 {
		return drafts.Errorf(drafts.EINVALID, "没有要提交的意见。")
	}
	if m != nil {
		if err := m.Validate(); err != nil {
			return err
		}
	}
	return s.write(ctx, func(t *tx) error {
		now := s.now()
		if m != nil {
			m.CreatedBy, m.CreatedAt = actor, now
			id, err := t.insert(ctx, `INSERT INTO meetings (contact_point_id, consultation_id, meeting_date, place,
				participants, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				m.ContactPointID, m.ConsultationID, m.Date, m.Place, m.Participants, m.Note, actor, now)
			if err != nil {
				return fmt.Errorf("insert meeting: %w", err)
			}
			m.ID = id
			if err := s.record(ctx, t, now, actor, "meeting.create", "meeting", id, "",
				auditJSON(map[string]any{"date": m.Date, "place": m.Place, "participants": m.Participants, "opinions": len(ops)})); err != nil {
				return err
			}
			for _, op := range ops {
				op.MeetingID = id
			}
		}
		for _, op := range ops {
			if op.Status == "" {
				op.Status = drafts.StatusPublished
			}
		}
		return s.insertOpinions(ctx, t, actor, ops)
	})
}

const opinionColumns = `o.id, o.receipt, o.version_id, o.consultation_id, o.article, o.article_sub, o.paragraph, o.item,
	o.quote, o.quote_start, o.quote_end, o.body, o.author_name, o.contact, o.source, COALESCE(o.contact_point_id, 0),
	COALESCE(o.meeting_id, 0), COALESCE(o.account_id, 0), o.status, o.hidden_reason, o.norm_hash, o.group_id,
	o.disposition, o.answer, o.answered_by, o.answered_at, o.client_ip, o.created_at`

func scanOpinion(row interface{ Scan(...any) error }) (*drafts.Opinion, error) {
	var o drafts.Opinion
	var src, disp string
	var answeredAt sql.NullTime
	if err := row.Scan(&o.ID, &o.Receipt, &o.VersionID, &o.ConsultationID, &o.Article, &o.ArticleSub, &o.Paragraph,
		&o.Item, &o.Quote, &o.QuoteStart, &o.QuoteEnd, &o.Text, &o.Name, &o.Contact, &src, &o.ContactPointID,
		&o.MeetingID, &o.AccountID, &o.Status, &o.HiddenReason, &o.NormHash, &o.GroupID, &disp, &o.Answer,
		&o.AnsweredBy, &answeredAt, &o.ClientIP, &o.CreatedAt); err != nil {
		return nil, err
	}
	o.Source, o.Disposition = drafts.Source(src), drafts.Disposition(disp)
	if answeredAt.Valid {
		tm := answeredAt.Time.UTC()
		o.AnsweredAt = &tm
	}
	o.CreatedAt = o.CreatedAt.UTC()
	return &o, nil
}

// Opinion returns opinion id; ENOTFOUND when there is none.
func (s *Store) Opinion(ctx context.Context, id int64) (*drafts.Opinion, error) {
	var o *drafts.Opinion
	err := s.read(ctx, func(t *tx) error {
		var err error
		o, err = scanOpinion(t.queryRow(ctx, `SELECT `+opinionColumns+` FROM opinions o WHERE o.id = ?`, id))
		if isNoRows(err) {
			return notFound("意见", id)
		}
		return err
	})
	return o, err
}

// OpinionByReceipt returns the opinion with receipt number receipt (in
// canonical form, see drafts.ParseReceipt); ENOTFOUND when there is none.
func (s *Store) OpinionByReceipt(ctx context.Context, receipt string) (*drafts.Opinion, error) {
	var o *drafts.Opinion
	err := s.read(ctx, func(t *tx) error {
		var err error
		o, err = scanOpinion(t.queryRow(ctx, `SELECT `+opinionColumns+` FROM opinions o WHERE o.receipt = ?`, receipt))
		if isNoRows(err) {
			return drafts.Errorf(drafts.ENOTFOUND, "没有回执号为 %s 的意见。", receipt)
		}
		return err
	})
	return o, err
}

func opinionWhere(f drafts.OpinionFilter) (string, []any) {
	var w []string
	var args []any
	add := func(cond string, a ...any) {
		w = append(w, cond)
		args = append(args, a...)
	}
	if f.VersionID != 0 {
		add(`o.version_id = ?`, f.VersionID)
	}
	if f.ConsultationID != 0 {
		add(`o.consultation_id = ?`, f.ConsultationID)
	}
	switch {
	case f.Article > 0:
		add(`o.article = ?`, f.Article)
	case f.Article < 0:
		add(`o.article = 0`)
	}
	if f.Source != "" {
		add(`o.source = ?`, string(f.Source))
	}
	if f.Status != "" {
		add(`o.status = ?`, f.Status)
	}
	switch f.Disposition {
	case "":
	case "none":
		add(`o.disposition = ''`)
	default:
		add(`o.disposition = ?`, f.Disposition)
	}
	if f.ContactPointID != 0 {
		add(`o.contact_point_id = ?`, f.ContactPointID)
	}
	if f.GroupID != 0 {
		add(`(o.group_id = ? OR o.id = ?)`, f.GroupID, f.GroupID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		add(`o.body LIKE ?`, "%"+strings.NewReplacer("%", "", "_", "").Replace(q)+"%")
	}
	if len(w) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(w, " AND "), args
}

// Opinions returns the opinions matching f in submission order, and how
// many match in all (for paging). Limit defaults to 100, at most 5,000.
func (s *Store) Opinions(ctx context.Context, f drafts.OpinionFilter) ([]*drafts.Opinion, int, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	f.Limit = min(f.Limit, 5000)
	where, args := opinionWhere(f)
	var out []*drafts.Opinion
	var total int
	err := s.read(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM opinions o`+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count opinions: %w", err)
		}
		rows, err := t.query(ctx, `SELECT `+opinionColumns+` FROM opinions o`+where+` ORDER BY o.id LIMIT ? OFFSET ?`,
			append(args, f.Limit, f.Offset)...)
		if err != nil {
			return fmt.Errorf("opinions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			o, err := scanOpinion(rows)
			if err != nil {
				return fmt.Errorf("scan opinion: %w", err)
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	return out, total, err
}

// ModerateOpinions publishes or hides opinions (status drafts.StatusPublished
// or drafts.StatusHidden); hiding needs a reason. Nothing is deleted.
// Returns how many opinions changed. EINVALID, ENOTFOUND.
func (s *Store) ModerateOpinions(ctx context.Context, actor string, ids []int64, status, reason string) (int, error) {
	if err := checkActor(actor); err != nil {
		return 0, err
	}
	reason = strings.TrimSpace(reason)
	switch status {
	case drafts.StatusPublished:
		reason = ""
	case drafts.StatusHidden:
		if reason == "" {
			return 0, drafts.Errorf(drafts.EINVALID, "屏蔽意见须说明理由。")
		}
	default:
		return 0, drafts.Errorf(drafts.EINVALID, "审核状态无效。")
	}
	if len(ids) == 0 {
		return 0, drafts.Errorf(drafts.EINVALID, "请选择意见。")
	}
	n := 0
	err := s.write(ctx, func(t *tx) error {
		now := s.now()
		for _, id := range ids {
			res, err := t.exec(ctx, `UPDATE opinions SET status = ?, hidden_reason = ? WHERE id = ?`, status, reason, id)
			if err != nil {
				return fmt.Errorf("moderate opinion: %w", err)
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return notFound("意见", id)
			}
			n++
			if err := s.record(ctx, t, now, actor, "opinion.moderate", "opinion", id, "update",
				auditJSON(map[string]any{"status": status, "reason": reason})); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// AnswerOpinions gives opinions ids the answer a (disposition and reason),
// replacing any earlier answer; each change is audited. Returns how many
// were answered. EINVALID, ENOTFOUND.
func (s *Store) AnswerOpinions(ctx context.Context, actor string, ids []int64, a drafts.Answer) (int, error) {
	if err := checkActor(actor); err != nil {
		return 0, err
	}
	if err := a.Validate(); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, drafts.Errorf(drafts.EINVALID, "请选择要答复的意见。")
	}
	n := 0
	err := s.write(ctx, func(t *tx) error {
		now := s.now()
		for _, id := range ids {
			res, err := t.exec(ctx, `UPDATE opinions SET disposition = ?, answer = ?, answered_by = ?, answered_at = ? WHERE id = ?`,
				string(a.Disposition), a.Reason, actor, now, id)
			if err != nil {
				return fmt.Errorf("answer opinion: %w", err)
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return notFound("意见", id)
			}
			n++
			if err := s.record(ctx, t, now, actor, "opinion.answer", "opinion", id, "update",
				auditJSON(map[string]any{"disposition": a.Disposition, "reason": a.Reason, "batch": len(ids)})); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}
