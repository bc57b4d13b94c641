package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"

	"lifa/drafts"
)

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
