package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"lifa/drafts"
)

// auditJSON encodes an audit detail.
func auditJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// CreateConsultation stores a consultation on an existing version and sets
// its ID. EINVALID for bad fields or unknown contact points, ENOTFOUND for
// an unknown version.
func (s *Store) CreateConsultation(ctx context.Context, actor string, c *drafts.Consultation) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if c.Audience != drafts.AudienceContactPoints {
		c.ContactPointIDs = nil
	}
	return s.write(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, `SELECT regulation_id FROM versions WHERE id = ?`, c.VersionID).Scan(&c.RegulationID); isNoRows(err) {
			return notFound("版本", c.VersionID)
		} else if err != nil {
			return err
		}
		c.CreatedBy = actor
		c.CreatedAt = s.now()
		c.OpensAt, c.ClosesAt = c.OpensAt.UTC(), c.ClosesAt.UTC()
		id, err := t.insert(ctx, `INSERT INTO consultations (version_id, title, audience, opens_at, closes_at, instructions,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.VersionID, c.Title, string(c.Audience), c.OpensAt, c.ClosesAt, c.Instructions, actor, c.CreatedAt)
		if err != nil {
			return fmt.Errorf("insert consultation: %w", err)
		}
		c.ID = id
		for _, cp := range c.ContactPointIDs {
			var n int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM contact_points WHERE id = ?`, cp).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return drafts.Errorf(drafts.EINVALID, "联系点 %d 不存在。", cp)
			}
			if _, err := t.exec(ctx, `INSERT INTO consultation_contact_points (consultation_id, contact_point_id) VALUES (?, ?)`,
				id, cp); err != nil {
				return fmt.Errorf("insert consultation contact point: %w", err)
			}
		}
		return s.record(ctx, t, c.CreatedAt, actor, "consultation.create", "consultation", id, "",
			auditJSON(map[string]any{"version_id": c.VersionID, "audience": c.Audience, "opens_at": c.OpensAt,
				"closes_at": c.ClosesAt, "contact_point_ids": c.ContactPointIDs}))
	})
}

// ConsultationFilter selects consultations; zero fields do not filter.
type ConsultationFilter struct {
	VersionID int64
	// OpenAt, when set, keeps the consultations open at that instant.
	OpenAt time.Time
	// ContactPointID keeps the consultations that ask this contact point
	// (public ones, all-contact-point ones and those choosing it).
	ContactPointID int64
}

const consultationColumns = `c.id, c.version_id, v.regulation_id, c.title, c.audience, c.opens_at, c.closes_at,
	c.instructions, c.created_by, c.created_at`

// Consultations returns the consultations matching f, closing soonest first.
func (s *Store) Consultations(ctx context.Context, f ConsultationFilter) ([]*drafts.Consultation, error) {
	q := `SELECT ` + consultationColumns + ` FROM consultations c JOIN versions v ON v.id = c.version_id WHERE 1 = 1`
	var args []any
	if f.VersionID != 0 {
		q += ` AND c.version_id = ?`
		args = append(args, f.VersionID)
	}
	if !f.OpenAt.IsZero() {
		q += ` AND c.opens_at <= ? AND c.closes_at > ?`
		args = append(args, f.OpenAt.UTC(), f.OpenAt.UTC())
	}
	if f.ContactPointID != 0 {
		q += ` AND (c.audience = 'public' OR (c.audience = 'contact_points' AND (
			NOT EXISTS (SELECT 1 FROM consultation_contact_points x WHERE x.consultation_id = c.id)
			OR EXISTS (SELECT 1 FROM consultation_contact_points x WHERE x.consultation_id = c.id AND x.contact_point_id = ?))))`
		args = append(args, f.ContactPointID)
	}
	q += ` ORDER BY c.closes_at, c.id`
	var out []*drafts.Consultation
	err := s.read(ctx, func(t *tx) error {
		var err error
		out, err = findConsultations(ctx, t, q, args...)
		return err
	})
	return out, err
}

func findConsultations(ctx context.Context, t *tx, q string, args ...any) ([]*drafts.Consultation, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("consultations: %w", err)
	}
	var out []*drafts.Consultation
	for rows.Next() {
		var c drafts.Consultation
		var aud string
		if err := rows.Scan(&c.ID, &c.VersionID, &c.RegulationID, &c.Title, &aud, &c.OpensAt, &c.ClosesAt,
			&c.Instructions, &c.CreatedBy, &c.CreatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan consultation: %w", err)
		}
		c.Audience = drafts.Audience(aud)
		c.OpensAt, c.ClosesAt, c.CreatedAt = c.OpensAt.UTC(), c.ClosesAt.UTC(), c.CreatedAt.UTC()
		out = append(out, &c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range out {
		if c.Audience != drafts.AudienceContactPoints {
			continue
		}
		r, err := t.query(ctx, `SELECT contact_point_id FROM consultation_contact_points WHERE consultation_id = ? ORDER BY contact_point_id`, c.ID)
		if err != nil {
			return nil, err
		}
		for r.Next() {
			var id int64
			if err := r.Scan(&id); err != nil {
				r.Close()
				return nil, err
			}
			c.ContactPointIDs = append(c.ContactPointIDs, id)
		}
		r.Close()
	}
	return out, nil
}

// Consultation returns consultation id; ENOTFOUND when there is none.
func (s *Store) Consultation(ctx context.Context, id int64) (*drafts.Consultation, error) {
	var out []*drafts.Consultation
	err := s.read(ctx, func(t *tx) error {
		var err error
		out, err = findConsultations(ctx, t, `SELECT `+consultationColumns+` FROM consultations c
			JOIN versions v ON v.id = c.version_id WHERE c.id = ?`, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, notFound("征求意见", id)
	}
	return out[0], nil
}

// ConsultationFor returns the consultation on version versionID that is
// open at now and admits opinions from source (and contact point cpID).
// ECLOSED when none is open (the message says when the last one closed or
// the next one opens), ENOTFOUND when the version was never open to that
// source.
func (s *Store) ConsultationFor(ctx context.Context, versionID int64, now time.Time, source drafts.Source, cpID int64) (*drafts.Consultation, error) {
	cs, err := s.Consultations(ctx, ConsultationFilter{VersionID: versionID})
	if err != nil {
		return nil, err
	}
	var best *drafts.Consultation
	for _, c := range cs {
		if !c.Admits(source, cpID) {
			continue
		}
		if c.IsOpen(now) {
			return c, nil
		}
		// Remember the most relevant closed one: the next to open, else
		// the last to close.
		if best == nil || (now.Before(c.OpensAt) && (!now.Before(best.OpensAt) || c.OpensAt.Before(best.OpensAt))) ||
			(!now.Before(best.ClosesAt) && !now.Before(c.ClosesAt) && c.ClosesAt.After(best.ClosesAt)) {
			best = c
		}
	}
	if best == nil {
		return nil, drafts.Errorf(drafts.ECLOSED, "该版本未向您征求意见。")
	}
	return nil, best.CheckOpen(now)
}

// InsertOpinions stores a batch of validated opinions in one transaction:
// receipts are made here when missing, ids set, the change log gets one
// entry per opinion (staff search follows it) and the audit log one entry
// per batch. It is the CommitFunc of the public group-commit writer.
//
// On SQLite the batches run on one dedicated connection whose automatic
// checkpoints are off (see Checkpoint), so that no commit on the request
// path pays for copying the write-ahead log into the database.
func (s *Store) InsertOpinions(ctx context.Context, batch []*drafts.Opinion) error {
	if len(batch) == 0 {
		return nil
	}
	if s.dialect != SQLite {
		return s.write(ctx, func(t *tx) error {
			return s.insertOpinions(ctx, t, "public", batch)
		})
	}
	wc, err := s.opinionWriterConn(ctx)
	if err != nil {
		return err
	}
	wc.mu.Lock()
	defer wc.mu.Unlock()
	if wc.conn == nil {
		return drafts.Errorf(drafts.EINTERNAL, "意见写入连接已关闭。")
	}
	t, err := wc.conn.BeginTx(ctx, nil)
	if err != nil {
		// A broken connection is replaced on the next batch.
		s.opinionStmtCache.CompareAndDelete(writerConnKey, wc)
		wc.conn.Close()
		wc.conn = nil
		return fmt.Errorf("begin: %w", err)
	}
	defer t.Rollback()
	if err := s.insertOpinions(ctx, &tx{t, s.dialect}, "public", batch); err != nil {
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// writerConnKey is the key of the writer's connection in opinionStmtCache.
const writerConnKey = "opinion-writer-conn"

// writerConn is the dedicated SQLite connection of InsertOpinions.
type writerConn struct {
	mu   sync.Mutex
	conn *sql.Conn
}

func (s *Store) opinionWriterConn(ctx context.Context) (*writerConn, error) {
	if v, ok := s.opinionStmtCache.Load(writerConnKey); ok {
		return v.(*writerConn), nil
	}
	c, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("opinion writer connection: %w", err)
	}
	if _, err := c.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
		c.Close()
		return nil, fmt.Errorf("opinion writer connection: %w", err)
	}
	wc := &writerConn{conn: c}
	if v, loaded := s.opinionStmtCache.LoadOrStore(writerConnKey, wc); loaded {
		c.Close()
		return v.(*writerConn), nil
	}
	return wc, nil
}

// CloseOpinionWriter returns the opinion writer's dedicated connection to
// the pool and checkpoints; call it when the writer has stopped, before
// Close.
func (s *Store) CloseOpinionWriter(ctx context.Context) error {
	if v, ok := s.opinionStmtCache.LoadAndDelete(writerConnKey); ok {
		wc := v.(*writerConn)
		wc.mu.Lock()
		if wc.conn != nil {
			wc.conn.Close()
			wc.conn = nil
		}
		wc.mu.Unlock()
	}
	return s.Checkpoint(ctx)
}

func (s *Store) insertOpinions(ctx context.Context, t *tx, actor string, batch []*drafts.Opinion) error {
	now := s.now()
	for _, op := range batch {
		if op.Receipt == "" {
			op.Receipt = drafts.NewReceipt()
		}
		if op.Status == "" {
			op.Status = drafts.StatusPending
		}
		if op.NormHash == "" {
			op.NormHash = drafts.OpinionNormHash(op.Text)
		}
		op.CreatedAt = now
	}
	var err error
	if t.dialect == SQLite {
		err = s.insertOpinionsSQLite(ctx, t, batch, now)
	} else {
		err = insertOpinionsEach(ctx, t, batch, now)
	}
	if err != nil {
		return err
	}
	return s.record(ctx, t, now, actor, "opinion.create", "opinion", batch[0].ID, "",
		auditJSON(map[string]any{"count": len(batch), "first_id": batch[0].ID, "last_id": batch[len(batch)-1].ID}))
}

const opinionInsertColumns = `id, receipt, version_id, consultation_id, article, article_sub, paragraph, item, quote,
	quote_start, quote_end, body, author_name, contact, source, contact_point_id, meeting_id, account_id, status,
	norm_hash, client_ip, created_at`

func opinionArgs(op *drafts.Opinion, now time.Time) []any {
	return []any{op.Receipt, op.VersionID, op.ConsultationID, op.Article, op.ArticleSub, op.Paragraph, op.Item,
		op.Quote, op.QuoteStart, op.QuoteEnd, op.Text, op.Name, op.Contact, string(op.Source), nullID(op.ContactPointID),
		nullID(op.MeetingID), nullID(op.AccountID), op.Status, op.NormHash, op.ClientIP, now}
}

// insertOpinionsEach inserts row by row with RETURNING id (PostgreSQL,
// where ids come from the identity sequence).
func insertOpinionsEach(ctx context.Context, t *tx, batch []*drafts.Opinion, now time.Time) error {
	ins, err := t.tx.PrepareContext(ctx, rebind(t.dialect, `INSERT INTO opinions (`+opinionInsertColumns[4:]+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`))
	if err != nil {
		return fmt.Errorf("prepare opinion insert: %w", err)
	}
	defer ins.Close()
	chg, err := t.tx.PrepareContext(ctx, rebind(t.dialect, `INSERT INTO changes (entity, entity_id, op, at) VALUES ('opinion', ?, 'create', ?)`))
	if err != nil {
		return fmt.Errorf("prepare change insert: %w", err)
	}
	defer chg.Close()
	for _, op := range batch {
		if err := ins.QueryRowContext(ctx, opinionArgs(op, now)...).Scan(&op.ID); err != nil {
			return fmt.Errorf("insert opinion: %w", err)
		}
		if _, err := chg.ExecContext(ctx, op.ID, now); err != nil {
			return fmt.Errorf("change log opinion: %w", err)
		}
	}
	return nil
}

// sqliteChunks are the row counts of the prepared multi-row INSERTs a
// batch is cut into (largest first). Fixed sizes let SQLite parse each
// statement once per connection instead of once per batch.
var sqliteChunks = []int{64, 8, 1}

// opinionStmts returns the prepared statements inserting n opinions and
// their n change-log entries, prepared once on the database and reused in
// transactions (database/sql re-uses a statement already prepared on the
// transaction's connection).
func (s *Store) opinionStmts(ctx context.Context, n int) (*sql.Stmt, *sql.Stmt, error) {
	if v, ok := s.opinionStmtCache.Load(n); ok {
		p := v.([2]*sql.Stmt)
		return p[0], p[1], nil
	}
	var q, c strings.Builder
	q.WriteString(`INSERT INTO opinions (` + opinionInsertColumns + `) VALUES `)
	c.WriteString(`INSERT INTO changes (entity, entity_id, op, at) VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			q.WriteByte(',')
			c.WriteByte(',')
		}
		q.WriteString(`(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
		c.WriteString(`('opinion',?,'create',?)`)
	}
	ins, err := s.db.PrepareContext(ctx, q.String())
	if err != nil {
		return nil, nil, fmt.Errorf("prepare opinion insert: %w", err)
	}
	chg, err := s.db.PrepareContext(ctx, c.String())
	if err != nil {
		ins.Close()
		return nil, nil, fmt.Errorf("prepare change insert: %w", err)
	}
	if v, loaded := s.opinionStmtCache.LoadOrStore(n, [2]*sql.Stmt{ins, chg}); loaded {
		ins.Close()
		chg.Close()
		p := v.([2]*sql.Stmt)
		return p[0], p[1], nil
	}
	return ins, chg, nil
}

// insertOpinionsSQLite inserts a batch with multi-row INSERTs and ids
// assigned here: the transaction holds SQLite's write lock from BEGIN
// (_txlock=immediate), so MAX(id)+1 … cannot race another writer. Row by
// row, database/sql's per-statement overhead cost as much as SQLite's
// own work; one statement per batch cost a parse per batch.
func (s *Store) insertOpinionsSQLite(ctx context.Context, t *tx, batch []*drafts.Opinion, now time.Time) error {
	var next int64
	if err := t.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM opinions`).Scan(&next); err != nil {
		return fmt.Errorf("next opinion id: %w", err)
	}
	for len(batch) > 0 {
		n := 1
		for _, size := range sqliteChunks {
			if len(batch) >= size {
				n = size
				break
			}
		}
		part := batch[:n]
		batch = batch[n:]
		ins, chg, err := s.opinionStmts(ctx, n)
		if err != nil {
			return err
		}
		args := make([]any, 0, n*22)
		cargs := make([]any, 0, n*2)
		for _, op := range part {
			next++
			op.ID = next
			args = append(append(args, op.ID), opinionArgs(op, now)...)
			cargs = append(cargs, op.ID, now)
		}
		if _, err := t.tx.StmtContext(ctx, ins).ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("insert opinions: %w", err)
		}
		if _, err := t.tx.StmtContext(ctx, chg).ExecContext(ctx, cargs...); err != nil {
			return fmt.Errorf("change log opinions: %w", err)
		}
	}
	return nil
}

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

// GroupMembers returns the ids of the opinions in the group whose
// representative is groupID (including it).
func (s *Store) GroupMembers(ctx context.Context, groupID int64) ([]int64, error) {
	var ids []int64
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id FROM opinions WHERE group_id = ? OR id = ? ORDER BY id`, groupID, groupID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	return ids, err
}

// RegroupOpinions recomputes the groups of identical and near-identical
// opinions on version versionID (drafts.GroupOpinions) and stores each
// opinion's group (the representative's id; 0 when alone). It returns the
// groups, largest first.
func (s *Store) RegroupOpinions(ctx context.Context, versionID int64) ([]drafts.OpinionGroup, error) {
	var in []drafts.GroupInput
	old := map[int64]int64{}
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id, body, group_id FROM opinions WHERE version_id = ? ORDER BY id`, versionID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var g drafts.GroupInput
			var gid int64
			if err := rows.Scan(&g.ID, &g.Text, &gid); err != nil {
				return err
			}
			in = append(in, g)
			old[g.ID] = gid
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	groups := drafts.GroupOpinions(in)
	want := make(map[int64]int64, len(in))
	for _, g := range groups {
		for _, m := range g.Members {
			want[m] = g.Representative
		}
	}
	var changed [][2]int64
	for id, gid := range old {
		if want[id] != gid {
			changed = append(changed, [2]int64{id, want[id]})
		}
	}
	if len(changed) == 0 {
		return groups, nil
	}
	err = s.write(ctx, func(t *tx) error {
		for _, c := range changed {
			if _, err := t.exec(ctx, `UPDATE opinions SET group_id = ? WHERE id = ?`, c[1], c[0]); err != nil {
				return fmt.Errorf("set group: %w", err)
			}
		}
		return nil
	})
	return groups, err
}

// OpinionStats returns the public statistics of version versionID:
// opinions received (hidden ones excluded) and the number of people who
// made them (each public or member opinion counts one person; a meeting
// counts its participants once).
func (s *Store) OpinionStats(ctx context.Context, versionID int64) (drafts.OpinionStats, error) {
	var st drafts.OpinionStats
	err := s.read(ctx, func(t *tx) error {
		var alone, meetings int
		if err := t.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN meeting_id IS NULL THEN 1 ELSE 0 END), 0)
			FROM opinions WHERE version_id = ? AND status <> 'hidden'`, versionID).Scan(&st.Opinions, &alone); err != nil {
			return fmt.Errorf("opinion stats: %w", err)
		}
		if err := t.queryRow(ctx, `SELECT COALESCE(SUM(participants), 0) FROM meetings m WHERE EXISTS (
			SELECT 1 FROM opinions o WHERE o.meeting_id = m.id AND o.version_id = ? AND o.status <> 'hidden')`,
			versionID).Scan(&meetings); err != nil {
			return fmt.Errorf("meeting stats: %w", err)
		}
		st.People = alone + meetings
		return nil
	})
	return st, err
}

// ArticleSummary is one row of the opinion summary (意见汇总): the
// opinions on one article (0: the draft as a whole) counted by source and
// by disposition.
type ArticleSummary struct {
	Article       int            `json:"article"`
	ArticleSub    int            `json:"article_sub,omitempty"`
	Total         int            `json:"total"`
	BySource      map[string]int `json:"by_source"`
	ByDisposition map[string]int `json:"by_disposition"` // "" = unanswered
}

// OpinionSummary returns per-article counts for version versionID (hidden
// opinions excluded), in article order.
func (s *Store) OpinionSummary(ctx context.Context, versionID int64) ([]*ArticleSummary, error) {
	var out []*ArticleSummary
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT article, article_sub, source, disposition, COUNT(*) FROM opinions
			WHERE version_id = ? AND status <> 'hidden' GROUP BY article, article_sub, source, disposition
			ORDER BY article, article_sub`, versionID)
		if err != nil {
			return fmt.Errorf("opinion summary: %w", err)
		}
		defer rows.Close()
		var cur *ArticleSummary
		for rows.Next() {
			var art, sub, n int
			var src, disp string
			if err := rows.Scan(&art, &sub, &src, &disp, &n); err != nil {
				return err
			}
			if cur == nil || cur.Article != art || cur.ArticleSub != sub {
				cur = &ArticleSummary{Article: art, ArticleSub: sub, BySource: map[string]int{}, ByDisposition: map[string]int{}}
				out = append(out, cur)
			}
			cur.Total += n
			cur.BySource[src] += n
			cur.ByDisposition[disp] += n
		}
		return rows.Err()
	})
	return out, err
}

// ContactPointResponse says how a contact point answered a consultation.
type ContactPointResponse struct {
	ContactPoint *drafts.ContactPoint `json:"contact_point"`
	Opinions     int                  `json:"opinions"`
	Meetings     int                  `json:"meetings"`
}

// ConsultationResponses lists, for a consultation, every contact point it
// asks with how many opinions and meetings it has submitted.
func (s *Store) ConsultationResponses(ctx context.Context, consultationID int64) ([]ContactPointResponse, error) {
	c, err := s.Consultation(ctx, consultationID)
	if err != nil {
		return nil, err
	}
	cps, err := s.ContactPoints(ctx)
	if err != nil {
		return nil, err
	}
	var out []ContactPointResponse
	err = s.read(ctx, func(t *tx) error {
		for _, cp := range cps {
			if !c.Admits(drafts.SourceContactPoint, cp.ID) {
				continue
			}
			r := ContactPointResponse{ContactPoint: cp}
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM opinions WHERE consultation_id = ? AND contact_point_id = ?`,
				consultationID, cp.ID).Scan(&r.Opinions); err != nil {
				return err
			}
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM meetings WHERE consultation_id = ? AND contact_point_id = ?`,
				consultationID, cp.ID).Scan(&r.Meetings); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// Meetings returns the meetings a contact point (0: all) held, newest first.
func (s *Store) Meetings(ctx context.Context, contactPointID int64) ([]*drafts.Meeting, error) {
	var out []*drafts.Meeting
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id, contact_point_id, consultation_id, meeting_date, place, participants, note,
			created_by, created_at FROM meetings WHERE ? = 0 OR contact_point_id = ? ORDER BY meeting_date DESC, id DESC`,
			contactPointID, contactPointID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m drafts.Meeting
			if err := rows.Scan(&m.ID, &m.ContactPointID, &m.ConsultationID, &m.Date, &m.Place, &m.Participants,
				&m.Note, &m.CreatedBy, &m.CreatedAt); err != nil {
				return err
			}
			m.CreatedAt = m.CreatedAt.UTC()
			out = append(out, &m)
		}
		return rows.Err()
	})
	return out, err
}

// Checkpoint copies SQLite's write-ahead log into the database file with a
// PASSIVE checkpoint, which never blocks writers or readers. The server
// calls it in the background while opinions pour in, so that the commit
// which crosses SQLite's auto-checkpoint threshold does not pay for the
// copy and its fsync on the request path. A no-op on PostgreSQL.
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

// OpinionCount returns how many opinions version versionID has and the
// largest opinion id among them: together they change whenever an
// opinion is added (callers use them to skip regrouping).
func (s *Store) OpinionCount(ctx context.Context, versionID int64) (n int, maxID int64, err error) {
	err = s.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0) FROM opinions WHERE version_id = ?`, versionID).Scan(&n, &maxID)
	})
	return n, maxID, err
}
