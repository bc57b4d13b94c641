package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"lifa/drafts"
)

// Queries of the staff's work on regulation projects (issue 12): withdrawn
// versions, projects of the same title, the stages of the legislative
// process, and uploads waiting for confirmation.

// AllVersions returns every version of regulation regulationID, oldest
// first, withdrawn ones included (marked by Withdrawn). ENOTFOUND when the
// regulation does not exist.
func (s *Store) AllVersions(ctx context.Context, regulationID int64) ([]*drafts.Version, error) {
	return s.versions(ctx, regulationID, true)
}

// WithdrawVersion marks version id withdrawn (撤回) with reason: it stays
// readable at its address but is no longer one of the regulation's
// readings (Versions, Latest, the search index, the comparisons). A
// withdrawal is permanent. ENOTFOUND for an unknown version, EINVALID
// without a reason, ECONFLICT when it is withdrawn already.
func (s *Store) WithdrawVersion(ctx context.Context, actor string, id int64, reason string) (*drafts.Version, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return nil, drafts.Errorf(drafts.EINVALID, "请说明撤回的理由。")
	case utf8.RuneCountInString(reason) > 500:
		return nil, drafts.Errorf(drafts.EINVALID, "撤回理由不能超过 500 个字。")
	}
	var out *drafts.Version
	err := s.write(ctx, func(t *tx) error {
		v, err := scanVersion(t.queryRow(ctx, `SELECT `+versionColumns+versionFrom+` WHERE v.id = ?`, id))
		if isNoRows(err) {
			return notFound("版本", id)
		} else if err != nil {
			return err
		}
		if v.Withdrawn != nil {
			return drafts.Errorf(drafts.ECONFLICT, "该版本已于%s撤回。", drafts.FormatDateTime(v.Withdrawn.At))
		}
		now := s.now()
		if _, err := t.exec(ctx, `INSERT INTO version_withdrawals (version_id, reason, withdrawn_by, withdrawn_at)
			VALUES (?, ?, ?, ?)`, id, reason, actor, now); err != nil {
			return fmt.Errorf("withdraw version: %w", err)
		}
		if _, err := t.exec(ctx, `UPDATE regulations SET updated_at = ? WHERE id = ?`, now, v.RegulationID); err != nil {
			return fmt.Errorf("touch regulation: %w", err)
		}
		// The audit entry names the version; the change log names the
		// regulation, whose readings (and latest one) the index redoes.
		if err := s.record(ctx, t, now, actor, "version.withdraw", "version", id, "",
			auditJSON(map[string]any{"regulation_id": v.RegulationID, "seq": v.Seq, "label": v.Label, "reason": reason})); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO changes (entity, entity_id, op, at) VALUES ('regulation', ?, 'update', ?)`,
			v.RegulationID, now); err != nil {
			return fmt.Errorf("change log: %w", err)
		}
		v.Withdrawn = &drafts.Withdrawal{Reason: reason, By: actor, At: now}
		out = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RegulationsTitled returns the regulations whose title is title once
// spaces are removed (全角 or not), oldest first.
func (s *Store) RegulationsTitled(ctx context.Context, title string) ([]*drafts.Regulation, error) {
	key := titleKey(title)
	var out []*drafts.Regulation
	err := s.read(ctx, func(t *tx) error {
		all, err := findRegulations(ctx, t, `ORDER BY r.id`)
		if err != nil {
			return err
		}
		for _, r := range all {
			if titleKey(r.Title) == key {
				out = append(out, r)
			}
		}
		return nil
	})
	return out, err
}

// ValidateRegulation checks r's fields as CreateRegulation does (EINVALID),
// for a workflow that checks more before creating it.
func ValidateRegulation(r *drafts.Regulation) error { return validateRegulation(r) }

// titleKey is a title compared for sameness: without spaces of any width.
func titleKey(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\u3000' || r == '\t' }), "")
}

// Stage limits.
const maxStageName = 20

// CreateStage adds a stage of the legislative process. EINVALID for an
// empty or overlong code or name, ECONFLICT when the code or name exists.
func (s *Store) CreateStage(ctx context.Context, actor string, st drafts.Stage) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	st.Code, st.Name = strings.TrimSpace(st.Code), strings.TrimSpace(st.Name)
	if err := validateStage(st); err != nil {
		return err
	}
	return s.write(ctx, func(t *tx) error {
		stages, err := findStages(ctx, t)
		if err != nil {
			return err
		}
		if _, ok := drafts.FindStage(stages, st.Code); ok {
			return drafts.Errorf(drafts.ECONFLICT, "代码 %q 已被使用。", st.Code)
		}
		if _, ok := drafts.FindStage(stages, st.Name); ok {
			return drafts.Errorf(drafts.ECONFLICT, "已有名为“%s”的阶段。", st.Name)
		}
		if _, err := t.exec(ctx, `INSERT INTO stages (code, name, position) VALUES (?, ?, ?)`, st.Code, st.Name, st.Position); err != nil {
			return fmt.Errorf("insert stage: %w", err)
		}
		return s.record(ctx, t, s.now(), actor, "stage.create", "stage", int64(st.Position), "",
			auditJSON(map[string]any{"code": st.Code, "name": st.Name, "position": st.Position}))
	})
}

// UpdateStage renames or moves stage code (the versions keep the code,
// so they show the new name). ENOTFOUND, EINVALID, ECONFLICT for a name
// another stage has.
func (s *Store) UpdateStage(ctx context.Context, actor, code, name string, position int) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	st := drafts.Stage{Code: code, Name: strings.TrimSpace(name), Position: position}
	if err := validateStage(st); err != nil {
		return err
	}
	return s.write(ctx, func(t *tx) error {
		stages, err := findStages(ctx, t)
		if err != nil {
			return err
		}
		old, ok := stageByCode(stages, code)
		if !ok {
			return drafts.Errorf(drafts.ENOTFOUND, "审议阶段 %q 不存在。", code)
		}
		if other, ok := drafts.FindStage(stages, st.Name); ok && other.Code != code {
			return drafts.Errorf(drafts.ECONFLICT, "已有名为“%s”的阶段。", st.Name)
		}
		if old == st {
			return nil
		}
		if _, err := t.exec(ctx, `UPDATE stages SET name = ?, position = ? WHERE code = ?`, st.Name, st.Position, code); err != nil {
			return fmt.Errorf("update stage: %w", err)
		}
		return s.record(ctx, t, s.now(), actor, "stage.update", "stage", int64(st.Position), "",
			auditJSON(map[string]any{"code": code, "name": st.Name, "previous": old.Name, "position": st.Position}))
	})
}

// DeleteStage removes stage code. ECONFLICT while a version is at it,
// ENOTFOUND.
func (s *Store) DeleteStage(ctx context.Context, actor, code string) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	return s.write(ctx, func(t *tx) error {
		stages, err := findStages(ctx, t)
		if err != nil {
			return err
		}
		old, ok := stageByCode(stages, code)
		if !ok {
			return drafts.Errorf(drafts.ENOTFOUND, "审议阶段 %q 不存在。", code)
		}
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM versions WHERE stage = ?`, code).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return drafts.Errorf(drafts.ECONFLICT, "“%s”已有 %d 个版本使用，不能删除；可以改名。", old.Name, n)
		}
		if _, err := t.exec(ctx, `DELETE FROM stages WHERE code = ?`, code); err != nil {
			return fmt.Errorf("delete stage: %w", err)
		}
		return s.record(ctx, t, s.now(), actor, "stage.delete", "stage", int64(old.Position), "",
			auditJSON(map[string]any{"code": code, "name": old.Name}))
	})
}

func stageByCode(stages []drafts.Stage, code string) (drafts.Stage, bool) {
	for _, st := range stages {
		if st.Code == code {
			return st, true
		}
	}
	return drafts.Stage{}, false
}

func validateStage(st drafts.Stage) error {
	switch {
	case st.Name == "":
		return drafts.Errorf(drafts.EINVALID, "请填写阶段名称。")
	case utf8.RuneCountInString(st.Name) > maxStageName:
		return drafts.Errorf(drafts.EINVALID, "阶段名称不能超过 %d 个字。", maxStageName)
	case st.Code == "":
		return drafts.Errorf(drafts.EINVALID, "请填写阶段代码（英文字母、数字和连字符，例如 fourth-reading）。")
	case st.Position < 0 || st.Position > 10000:
		return drafts.Errorf(drafts.EINVALID, "顺序应为 0 到 10000 之间的数。")
	}
	for _, r := range st.Code {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') || len(st.Code) > 40 {
			return drafts.Errorf(drafts.EINVALID, "阶段代码只能由小写英文字母、数字和连字符组成（不超过 40 个），例如 fourth-reading。")
		}
	}
	return nil
}

// PendingUpload is an upload parsed and shown to the person, waiting for
// their confirmation.
type PendingUpload struct {
	Token        string
	RegulationID int64
	Actor        string
	Stage        string
	Label        string
	Date         string
	Explanation  string
	Filename     string
	Data         []byte
	CreatedAt    time.Time
}

// pendingTTL is how long an unconfirmed upload is kept.
const pendingTTL = 24 * time.Hour

// SavePendingUpload keeps p until it is confirmed or a day has passed
// (older ones are removed here). ETOOLARGE for a file over MaxFileSize.
func (s *Store) SavePendingUpload(ctx context.Context, p *PendingUpload) error {
	if len(p.Data) > MaxFileSize {
		return drafts.Errorf(drafts.ETOOLARGE, "文件过大（上限 %d MB）", MaxFileSize>>20)
	}
	return s.write(ctx, func(t *tx) error {
		now := s.now()
		if _, err := t.exec(ctx, `DELETE FROM pending_uploads WHERE created_at < ?`, now.Add(-pendingTTL)); err != nil {
			return fmt.Errorf("expire pending uploads: %w", err)
		}
		if err := regulationExists(ctx, t, p.RegulationID); err != nil {
			return err
		}
		p.CreatedAt = now
		_, err := t.insert(ctx, `INSERT INTO pending_uploads (token, regulation_id, actor, stage, label, version_date,
			explanation, filename, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.Token, p.RegulationID, p.Actor, p.Stage, p.Label, p.Date, p.Explanation, p.Filename, p.Data, now)
		if err != nil {
			return fmt.Errorf("insert pending upload: %w", err)
		}
		return nil
	})
}

// PendingUpload returns the upload kept under token for actor on
// regulation regulationID. ENOTFOUND when there is none (confirmed
// already, expired, or someone else's).
func (s *Store) PendingUpload(ctx context.Context, token, actor string, regulationID int64) (*PendingUpload, error) {
	p := &PendingUpload{Token: token}
	err := s.read(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `SELECT regulation_id, actor, stage, label, version_date, explanation, filename, data, created_at
			FROM pending_uploads WHERE token = ? AND actor = ? AND regulation_id = ? AND created_at >= ?`,
			token, actor, regulationID, s.now().Add(-pendingTTL)).Scan(&p.RegulationID, &p.Actor, &p.Stage, &p.Label, &p.Date,
			&p.Explanation, &p.Filename, &p.Data, &p.CreatedAt)
		if isNoRows(err) {
			return drafts.Errorf(drafts.ENOTFOUND, "待确认的上传不存在或已过期（保留一天），请重新上传。")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// DeletePendingUpload removes the upload kept under token.
func (s *Store) DeletePendingUpload(ctx context.Context, token string) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `DELETE FROM pending_uploads WHERE token = ?`, token)
		return err
	})
}
