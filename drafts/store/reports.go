package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"lifa/drafts"
)

// maxReportContent bounds one revision of a report, in bytes.
const maxReportContent = 4 << 20

// CreateReport stores a new report on reading r.ToVersionID compared with
// r.FromVersionID, with its first revision (content, note), and sets r's
// fields. EINVALID for an unknown kind, an empty or overlong title, empty
// content, or readings that are not two different readings of
// r.RegulationID; ENOTFOUND for an unknown regulation or reading;
// ECONFLICT when the two readings already have a report.
func (s *Store) CreateReport(ctx context.Context, actor string, r *drafts.Report, content []byte, note string) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	if err := checkReport(r.Kind, r.Title, content); err != nil {
		return err
	}
	if r.FromVersionID == r.ToVersionID {
		return drafts.Errorf(drafts.EINVALID, "报告要比较两个不同的版本。")
	}
	return s.write(ctx, func(t *tx) error {
		if err := regulationExists(ctx, t, r.RegulationID); err != nil {
			return err
		}
		for _, v := range []int64{r.FromVersionID, r.ToVersionID} {
			var reg int64
			if err := t.queryRow(ctx, `SELECT regulation_id FROM versions WHERE id = ?`, v).Scan(&reg); isNoRows(err) {
				return notFound("版本", v)
			} else if err != nil {
				return err
			}
			if reg != r.RegulationID {
				return drafts.Errorf(drafts.EINVALID, "版本 %d 不属于法规项目 %d。", v, r.RegulationID)
			}
		}
		var have int64
		err := t.queryRow(ctx, `SELECT id FROM reports WHERE from_version_id = ? AND to_version_id = ?`,
			r.FromVersionID, r.ToVersionID).Scan(&have)
		if err == nil {
			return drafts.Errorf(drafts.ECONFLICT, "这两个版本之间已有报告（编号 %d），请在其上修改。", have)
		} else if !isNoRows(err) {
			return err
		}
		now := s.now()
		r.Revisions, r.FinalSeq, r.FinalBy, r.FinalAt = 1, 0, "", nil
		r.CreatedBy, r.CreatedAt, r.UpdatedBy, r.UpdatedAt = actor, now, actor, now
		r.ID, err = t.insert(ctx, `INSERT INTO reports (regulation_id, from_version_id, to_version_id, kind, title,
			revisions, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id`,
			r.RegulationID, r.FromVersionID, r.ToVersionID, string(r.Kind), r.Title, actor, now, actor, now)
		if err != nil {
			return fmt.Errorf("insert report: %w", err)
		}
		if err := insertRevision(ctx, t, r.ID, 1, content, note, actor, now); err != nil {
			return err
		}
		return s.record(ctx, t, now, actor, "report.create", "report", r.ID, "",
			auditJSON(map[string]any{"regulation_id": r.RegulationID, "from": r.FromVersionID, "to": r.ToVersionID,
				"kind": r.Kind, "seq": 1, "note": note}))
	})
}

func checkReport(kind drafts.ReportKind, title string, content []byte) error {
	if _, err := drafts.ParseReportKind(string(kind)); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(title)); n == 0 || n > maxTitle {
		return drafts.Errorf(drafts.EINVALID, "报告标题不能为空，最多 %d 字。", maxTitle)
	}
	if len(content) == 0 {
		return drafts.Errorf(drafts.EINVALID, "报告内容不能为空。")
	}
	if len(content) > maxReportContent {
		return drafts.Errorf(drafts.ETOOLARGE, "报告内容过长（最多 %d MB）。", maxReportContent>>20)
	}
	return nil
}

func insertRevision(ctx context.Context, t *tx, id int64, seq int, content []byte, note, actor string, at any) error {
	if _, err := t.exec(ctx, `INSERT INTO report_revisions (report_id, seq, content, note, saved_by, saved_at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, seq, string(content), note, actor, at); err != nil {
		return fmt.Errorf("insert report revision: %w", err)
	}
	return nil
}

const reportColumns = `id, regulation_id, from_version_id, to_version_id, kind, title, revisions, final_seq, final_by,
	final_at, created_by, created_at, updated_by, updated_at`

func scanReport(row interface{ Scan(...any) error }) (*drafts.Report, error) {
	var r drafts.Report
	var kind string
	var finalAt sql.NullTime
	if err := row.Scan(&r.ID, &r.RegulationID, &r.FromVersionID, &r.ToVersionID, &kind, &r.Title, &r.Revisions,
		&r.FinalSeq, &r.FinalBy, &finalAt, &r.CreatedBy, &r.CreatedAt, &r.UpdatedBy, &r.UpdatedAt); err != nil {
		return nil, err
	}
	r.Kind = drafts.ReportKind(kind)
	if finalAt.Valid {
		at := finalAt.Time.UTC()
		r.FinalAt = &at
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return &r, nil
}

func findReport(ctx context.Context, t *tx, id int64) (*drafts.Report, error) {
	r, err := scanReport(t.queryRow(ctx, `SELECT `+reportColumns+` FROM reports WHERE id = ?`, id))
	if isNoRows(err) {
		return nil, notFound("报告", id)
	}
	return r, err
}

// Report returns report id; ENOTFOUND when there is none.
func (s *Store) Report(ctx context.Context, id int64) (*drafts.Report, error) {
	var r *drafts.Report
	err := s.read(ctx, func(t *tx) error {
		var err error
		r, err = findReport(ctx, t, id)
		return err
	})
	return r, err
}

// Reports returns the reports of regulation regulationID, newest first.
func (s *Store) Reports(ctx context.Context, regulationID int64) ([]*drafts.Report, error) {
	var out []*drafts.Report
	err := s.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+reportColumns+` FROM reports WHERE regulation_id = ? ORDER BY id DESC`, regulationID)
		if err != nil {
			return fmt.Errorf("reports: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanReport(rows)
			if err != nil {
				return fmt.Errorf("scan report: %w", err)
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// SaveReportRevision saves content as the next revision of report id and
// returns the report as it now is. base is the revision the edit started
// from: ECONFLICT when someone saved another since. EINVALID as
// CreateReport for the title and content; ENOTFOUND for an unknown report.
func (s *Store) SaveReportRevision(ctx context.Context, actor string, id int64, base int, title string, content []byte, note string) (*drafts.Report, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	var r *drafts.Report
	err := s.write(ctx, func(t *tx) error {
		var err error
		if r, err = findReport(ctx, t, id); err != nil {
			return err
		}
		if err := checkReport(r.Kind, title, content); err != nil {
			return err
		}
		if base != r.Revisions {
			return drafts.Errorf(drafts.ECONFLICT, "报告已由%s另存为第 %d 稿，请重新打开后再修改。", r.UpdatedBy, r.Revisions)
		}
		now := s.now()
		r.Revisions++
		r.Title, r.UpdatedBy, r.UpdatedAt = title, actor, now
		if _, err := t.exec(ctx, `UPDATE reports SET revisions = ?, title = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
			r.Revisions, title, actor, now, id); err != nil {
			return fmt.Errorf("update report: %w", err)
		}
		if err := insertRevision(ctx, t, id, r.Revisions, content, note, actor, now); err != nil {
			return err
		}
		return s.record(ctx, t, now, actor, "report.save", "report", id, "",
			auditJSON(map[string]any{"seq": r.Revisions, "note": note}))
	})
	return r, err
}

// ReportRevisions lists the revisions of report id, newest first, without
// their content. ENOTFOUND for an unknown report.
func (s *Store) ReportRevisions(ctx context.Context, id int64) ([]*drafts.ReportRevision, error) {
	var out []*drafts.ReportRevision
	err := s.read(ctx, func(t *tx) error {
		if _, err := findReport(ctx, t, id); err != nil {
			return err
		}
		rows, err := t.query(ctx, `SELECT report_id, seq, note, saved_by, saved_at FROM report_revisions
			WHERE report_id = ? ORDER BY seq DESC`, id)
		if err != nil {
			return fmt.Errorf("report revisions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var rv drafts.ReportRevision
			if err := rows.Scan(&rv.ReportID, &rv.Seq, &rv.Note, &rv.SavedBy, &rv.SavedAt); err != nil {
				return err
			}
			rv.SavedAt = rv.SavedAt.UTC()
			out = append(out, &rv)
		}
		return rows.Err()
	})
	return out, err
}

// ReportRevision returns revision seq of report id with its content; seq 0
// is the latest. ENOTFOUND for an unknown report or revision.
func (s *Store) ReportRevision(ctx context.Context, id int64, seq int) (*drafts.ReportRevision, error) {
	var rv drafts.ReportRevision
	err := s.read(ctx, func(t *tx) error {
		r, err := findReport(ctx, t, id)
		if err != nil {
			return err
		}
		if seq == 0 {
			seq = r.Revisions
		}
		if seq < 1 || seq > r.Revisions {
			// Past the revisions, and (on PostgreSQL) past the seq
			// column's int4 too: nothing to look up.
			return drafts.Errorf(drafts.ENOTFOUND, "报告 %d 没有第 %d 稿。", id, seq)
		}
		var content string
		err = t.queryRow(ctx, `SELECT report_id, seq, note, saved_by, saved_at, content FROM report_revisions
			WHERE report_id = ? AND seq = ?`, id, seq).Scan(&rv.ReportID, &rv.Seq, &rv.Note, &rv.SavedBy, &rv.SavedAt, &content)
		if isNoRows(err) {
			return drafts.Errorf(drafts.ENOTFOUND, "报告 %d 没有第 %d 稿。", id, seq)
		}
		rv.Content, rv.SavedAt = []byte(content), rv.SavedAt.UTC()
		return err
	})
	if err != nil {
		return nil, err
	}
	return &rv, nil
}

// MarkReportFinal marks revision seq of report id as the final one (定稿),
// in place of any marked before, and returns the report. ENOTFOUND for an
// unknown report or revision.
func (s *Store) MarkReportFinal(ctx context.Context, actor string, id int64, seq int) (*drafts.Report, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	var r *drafts.Report
	err := s.write(ctx, func(t *tx) error {
		var err error
		if r, err = findReport(ctx, t, id); err != nil {
			return err
		}
		if seq < 1 || seq > r.Revisions {
			return drafts.Errorf(drafts.ENOTFOUND, "报告 %d 没有第 %d 稿。", id, seq)
		}
		now := s.now()
		prev := r.FinalSeq
		r.FinalSeq, r.FinalBy, r.FinalAt = seq, actor, &now
		if _, err := t.exec(ctx, `UPDATE reports SET final_seq = ?, final_by = ?, final_at = ? WHERE id = ?`,
			seq, actor, now, id); err != nil {
			return fmt.Errorf("mark report final: %w", err)
		}
		return s.record(ctx, t, now, actor, "report.final", "report", id, "",
			auditJSON(map[string]any{"seq": seq, "previous": prev}))
	})
	return r, err
}

// ReadingRecord is what a reading gathered: its consultations, every
// opinion on it (hidden ones included, with their status), the meetings
// contact points held for its consultations, and the contact points.
type ReadingRecord struct {
	Consultations []*drafts.Consultation
	Opinions      []*drafts.Opinion
	Meetings      []*drafts.Meeting
	ContactPoints []*drafts.ContactPoint
}

// ReadingRecord returns what version versionID gathered, in one read:
// consultations by opening time, opinions and meetings by id. Unlike
// Opinions it has no limit. An unknown version has an empty record.
func (s *Store) ReadingRecord(ctx context.Context, versionID int64) (*ReadingRecord, error) {
	rec := &ReadingRecord{}
	err := s.read(ctx, func(t *tx) error {
		var err error
		rec.Consultations, err = findConsultations(ctx, t, `SELECT `+consultationColumns+` FROM consultations c
			JOIN versions v ON v.id = c.version_id WHERE c.version_id = ? ORDER BY c.opens_at, c.id`, versionID)
		if err != nil {
			return err
		}
		if rec.Opinions, err = findOpinions(ctx, t, `SELECT `+opinionColumns+` FROM opinions o
			WHERE o.version_id = ? ORDER BY o.id`, versionID); err != nil {
			return err
		}
		if rec.Meetings, err = findMeetings(ctx, t, `WHERE consultation_id IN
			(SELECT id FROM consultations WHERE version_id = ?) ORDER BY id`, versionID); err != nil {
			return err
		}
		rec.ContactPoints, err = findContactPoints(ctx, t)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// findOpinions runs q, a query of opinionColumns.
func findOpinions(ctx context.Context, t *tx, q string, args ...any) ([]*drafts.Opinion, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("opinions: %w", err)
	}
	defer rows.Close()
	var out []*drafts.Opinion
	for rows.Next() {
		o, err := scanOpinion(rows)
		if err != nil {
			return nil, fmt.Errorf("scan opinion: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// findMeetings returns the meetings selected by where (with its ORDER BY).
func findMeetings(ctx context.Context, t *tx, where string, args ...any) ([]*drafts.Meeting, error) {
	rows, err := t.query(ctx, `SELECT id, contact_point_id, consultation_id, meeting_date, place, participants, note,
		created_by, created_at FROM meetings `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("meetings: %w", err)
	}
	defer rows.Close()
	var out []*drafts.Meeting
	for rows.Next() {
		var m drafts.Meeting
		if err := rows.Scan(&m.ID, &m.ContactPointID, &m.ConsultationID, &m.Date, &m.Place, &m.Participants,
			&m.Note, &m.CreatedBy, &m.CreatedAt); err != nil {
			return nil, err
		}
		m.CreatedAt = m.CreatedAt.UTC()
		out = append(out, &m)
	}
	return out, rows.Err()
}

// findContactPoints returns every contact point by name.
func findContactPoints(ctx context.Context, t *tx) ([]*drafts.ContactPoint, error) {
	rows, err := t.query(ctx, `SELECT id, name, region, address, created_at FROM contact_points ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("contact points: %w", err)
	}
	defer rows.Close()
	var out []*drafts.ContactPoint
	for rows.Next() {
		var cp drafts.ContactPoint
		if err := rows.Scan(&cp.ID, &cp.Name, &cp.Region, &cp.Address, &cp.CreatedAt); err != nil {
			return nil, err
		}
		cp.CreatedAt = cp.CreatedAt.UTC()
		out = append(out, &cp)
	}
	return out, rows.Err()
}
