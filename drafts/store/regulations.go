package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"lifa/drafts"
)

// Limits on regulation metadata.
const (
	maxTitle = 200
	maxShort = 100
)

// regulationColumns are selected by findRegulations, with the latest
// version's columns (all NULL when the regulation has none).
const regulationColumns = `r.id, r.title, r.kind, r.committee, r.status, r.status_set, r.level, r.region, r.created_at, r.updated_at,
	v.id, v.seq, v.stage, st.name, v.label, v.version_date, v.explanation, v.filename, v.format,
	v.sha256, v.articles, v.uploaded_by, v.created_at`

const regulationFrom = ` FROM regulations r
	LEFT JOIN versions v ON v.regulation_id = r.id
		AND v.seq = (SELECT MAX(x.seq) FROM versions x WHERE x.regulation_id = r.id
			AND NOT EXISTS (SELECT 1 FROM version_withdrawals w WHERE w.version_id = x.id))
	LEFT JOIN stages st ON st.code = v.stage`

// ListRegulations returns all regulations, most recently updated first, each
// with its latest reading (without Document) in Latest, nil when it has none.
// A withdrawn version is never the latest.
func (s *Store) ListRegulations(ctx context.Context) ([]*drafts.Regulation, error) {
	var out []*drafts.Regulation
	err := s.read(ctx, func(t *tx) error {
		var err error
		out, err = findRegulations(ctx, t, `ORDER BY r.updated_at DESC, r.id DESC`)
		return err
	})
	return out, err
}

// Regulation returns the regulation id with its latest version (without
// Document); ENOTFOUND when there is none.
func (s *Store) Regulation(ctx context.Context, id int64) (*drafts.Regulation, error) {
	var r *drafts.Regulation
	err := s.read(ctx, func(t *tx) error {
		var err error
		r, err = findRegulation(ctx, t, id)
		return err
	})
	return r, err
}

func findRegulation(ctx context.Context, t *tx, id int64) (*drafts.Regulation, error) {
	rs, err := findRegulations(ctx, t, `WHERE r.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, notFound("法规项目", id)
	}
	return rs[0], nil
}

func findRegulations(ctx context.Context, t *tx, where string, args ...any) ([]*drafts.Regulation, error) {
	rows, err := t.query(ctx, `SELECT `+regulationColumns+regulationFrom+` `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("regulations: %w", err)
	}
	defer rows.Close()
	var out []*drafts.Regulation
	for rows.Next() {
		r, err := scanRegulation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// nullVersion receives the nullable columns of a LEFT JOINed version.
type nullVersion struct {
	id, seq, articles                                                      *int64
	stage, stageName, label, date, expl, filename, format, sha, uploadedBy *string
	createdAt                                                              *sql.NullTime
}

func scanRegulation(rows interface{ Scan(...any) error }) (*drafts.Regulation, error) {
	var r drafts.Regulation
	var kind, level string
	var statusSet int
	var nv nullVersion
	nv.createdAt = &sql.NullTime{}
	if err := rows.Scan(&r.ID, &r.Title, &kind, &r.Committee, &r.Status, &statusSet, &level, &r.Region, &r.CreatedAt, &r.UpdatedAt,
		&nv.id, &nv.seq, &nv.stage, &nv.stageName, &nv.label, &nv.date, &nv.expl, &nv.filename, &nv.format,
		&nv.sha, &nv.articles, &nv.uploadedBy, nv.createdAt); err != nil {
		return nil, fmt.Errorf("scan regulation: %w", err)
	}
	r.Kind, r.Level = drafts.Kind(kind), drafts.Level(level)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	if nv.id != nil {
		r.Latest = &drafts.Version{
			ID: *nv.id, RegulationID: r.ID, Seq: int(*nv.seq), Stage: deref(nv.stage), StageName: deref(nv.stageName),
			Label: deref(nv.label), Date: deref(nv.date), Explanation: deref(nv.expl), Filename: deref(nv.filename),
			Format: deref(nv.format), SHA256: deref(nv.sha), Articles: int(*nv.articles),
			UploadedBy: deref(nv.uploadedBy), CreatedAt: nv.createdAt.Time.UTC(),
		}
	}
	r.StatusSet = statusSet != 0
	r.Status = statusOf(&r)
	return &r, nil
}

// statusOf is a regulation's status: the one staff set, else the stage of
// its latest reading, else 起草中.
func statusOf(r *drafts.Regulation) string {
	switch {
	case r.StatusSet && r.Status != "":
		return r.Status
	case r.Latest != nil:
		return r.Latest.StageName
	}
	return defaultStatus
}

// defaultStatus is the status of a project without readings.
const defaultStatus = "起草中"

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// CreateRegulation validates r, stores it and sets its ID, CreatedAt and
// UpdatedAt. A Status given is kept (StatusSet); without one the status
// follows the stage of the latest reading (起草中 before the first).
// EINVALID for an empty title, an unknown kind or level, or a field too long.
func (s *Store) CreateRegulation(ctx context.Context, actor string, r *drafts.Regulation) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	r.Title = strings.TrimSpace(r.Title)
	r.Committee = strings.TrimSpace(r.Committee)
	r.Status = strings.TrimSpace(r.Status)
	r.Level = drafts.Level(strings.TrimSpace(string(r.Level)))
	r.Region = strings.TrimSpace(r.Region)
	r.StatusSet = r.Status != ""
	if !r.StatusSet {
		r.Status = defaultStatus
	}
	if err := validateRegulation(r); err != nil {
		return err
	}
	return s.write(ctx, func(t *tx) error {
		now := s.now()
		id, err := t.insert(ctx, `INSERT INTO regulations (title, kind, committee, status, status_set, level, region, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, r.Title, string(r.Kind), r.Committee, r.Status,
			boolInt(r.StatusSet), string(r.Level), r.Region, now, now)
		if err != nil {
			return fmt.Errorf("insert regulation: %w", err)
		}
		detail, _ := json.Marshal(map[string]string{"title": r.Title, "kind": string(r.Kind),
			"committee": r.Committee, "status": r.Status, "level": string(r.Level), "region": r.Region})
		if err := s.record(ctx, t, now, actor, "regulation.create", "regulation", id, "create", string(detail)); err != nil {
			return err
		}
		r.ID, r.CreatedAt, r.UpdatedAt, r.Latest = id, now, now, nil
		return nil
	})
}

// statusLabel is a status in the audit log: (随阶段) marks one that
// follows the latest reading's stage.
func statusLabel(status string, set bool) string {
	if set {
		return status
	}
	return status + "（随阶段）"
}

func validateRegulation(r *drafts.Regulation) error {
	switch {
	case r.Title == "":
		return drafts.Errorf(drafts.EINVALID, "法规名称不能为空")
	case utf8.RuneCountInString(r.Title) > maxTitle:
		return drafts.Errorf(drafts.EINVALID, "法规名称不能超过 %d 个字", maxTitle)
	case !drafts.ValidKind(r.Kind):
		return drafts.Errorf(drafts.EINVALID, "立法类型须为制定、修订、修正或废止，而不是 %q", string(r.Kind))
	case utf8.RuneCountInString(r.Committee) > maxShort:
		return drafts.Errorf(drafts.EINVALID, "负责机构不能超过 %d 个字", maxShort)
	case utf8.RuneCountInString(r.Status) > maxShort:
		return drafts.Errorf(drafts.EINVALID, "状态不能超过 %d 个字", maxShort)
	case !drafts.ValidLevel(r.Level):
		return drafts.Errorf(drafts.EINVALID, "效力级别须为法律、行政法规、地方性法规或规章，而不是 %q", string(r.Level))
	case utf8.RuneCountInString(r.Region) > maxShort:
		return drafts.Errorf(drafts.EINVALID, "地区不能超过 %d 个字", maxShort)
	}
	return nil
}

// UpdateRegulation changes the non-nil fields of u and returns the updated
// regulation. A Status of "" lets the status follow the latest reading's
// stage again; any other sets it. ENOTFOUND for an unknown id, EINVALID for
// invalid values. An update that changes nothing writes nothing.
func (s *Store) UpdateRegulation(ctx context.Context, actor string, id int64, u drafts.RegulationUpdate) (*drafts.Regulation, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	var out *drafts.Regulation
	err := s.write(ctx, func(t *tx) error {
		r, err := findRegulation(ctx, t, id)
		if err != nil {
			return err
		}
		changed := map[string][2]string{}
		set := func(field string, dst *string, v *string) {
			if v == nil {
				return
			}
			nv := strings.TrimSpace(*v)
			if nv != *dst {
				changed[field] = [2]string{*dst, nv}
				*dst = nv
			}
		}
		kind, level := string(r.Kind), string(r.Level)
		set("title", &r.Title, u.Title)
		set("kind", &kind, u.Kind)
		set("committee", &r.Committee, u.Committee)
		set("level", &level, u.Level)
		set("region", &r.Region, u.Region)
		if u.Status != nil {
			was, wasSet := r.Status, r.StatusSet
			r.Status = strings.TrimSpace(*u.Status)
			r.StatusSet = r.Status != ""
			r.Status = statusOf(r)
			if r.Status != was || r.StatusSet != wasSet {
				changed["status"] = [2]string{statusLabel(was, wasSet), statusLabel(r.Status, r.StatusSet)}
			}
		}
		r.Kind, r.Level = drafts.Kind(kind), drafts.Level(level)
		if err := validateRegulation(r); err != nil {
			return err
		}
		out = r
		if len(changed) == 0 {
			return nil
		}
		now := s.now()
		if _, err := t.exec(ctx, `UPDATE regulations SET title = ?, kind = ?, committee = ?, status = ?, status_set = ?,
			level = ?, region = ?, updated_at = ? WHERE id = ?`, r.Title, kind, r.Committee, r.Status, boolInt(r.StatusSet),
			level, r.Region, now, id); err != nil {
			return fmt.Errorf("update regulation: %w", err)
		}
		r.UpdatedAt = now
		detail, _ := json.Marshal(changed)
		return s.record(ctx, t, now, actor, "regulation.update", "regulation", id, "update", string(detail))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RegulationWithText returns the regulation that has a version whose text
// is doc's (the same content hash as CreateVersion records: the title and
// articles, whatever the file's format), with its latest version;
// ENOTFOUND when no version has it. `lifa import --each` uses it to skip
// files imported before.
func (s *Store) RegulationWithText(ctx context.Context, doc *drafts.Document) (*drafts.Regulation, error) {
	sum := sha256.Sum256([]byte(documentText(doc)))
	var r *drafts.Regulation
	err := s.read(ctx, func(t *tx) error {
		var id int64
		err := t.queryRow(ctx, `SELECT regulation_id FROM versions WHERE sha256 = ? ORDER BY id LIMIT 1`,
			hex.EncodeToString(sum[:])).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return drafts.Errorf(drafts.ENOTFOUND, "没有内容相同的版本")
		}
		if err != nil {
			return fmt.Errorf("version by content: %w", err)
		}
		r, err = findRegulation(ctx, t, id)
		return err
	})
	return r, err
}
