package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"lifa/drafts"
)

// MaxFileSize is the largest original file a version may keep.
const MaxFileSize = 20 << 20

const versionColumns = `v.id, v.regulation_id, v.seq, v.stage, COALESCE(st.name, v.stage), v.label, v.version_date,
	v.explanation, v.filename, v.format, v.sha256, v.articles, v.uploaded_by, v.created_at,
	w.reason, w.withdrawn_by, w.withdrawn_at`

// versionFrom joins a version's stage and withdrawal (versionColumns).
const versionFrom = ` FROM versions v LEFT JOIN stages st ON st.code = v.stage
	LEFT JOIN version_withdrawals w ON w.version_id = v.id`

// Versions returns the readings of regulation regulationID, oldest first,
// without their Document: its versions except those withdrawn (撤回),
// which AllVersions includes. ENOTFOUND when the regulation does not exist.
func (s *Store) Versions(ctx context.Context, regulationID int64) ([]*drafts.Version, error) {
	return s.versions(ctx, regulationID, false)
}

func (s *Store) versions(ctx context.Context, regulationID int64, withdrawn bool) ([]*drafts.Version, error) {
	var out []*drafts.Version
	err := s.read(ctx, func(t *tx) error {
		if err := regulationExists(ctx, t, regulationID); err != nil {
			return err
		}
		q := `SELECT ` + versionColumns + versionFrom + ` WHERE v.regulation_id = ?`
		if !withdrawn {
			q += ` AND w.version_id IS NULL`
		}
		rows, err := t.query(ctx, q+` ORDER BY v.seq`, regulationID)
		if err != nil {
			return fmt.Errorf("versions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scanVersion(rows)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}

func regulationExists(ctx context.Context, t *tx, id int64) error {
	var one int
	err := t.queryRow(ctx, `SELECT 1 FROM regulations WHERE id = ?`, id).Scan(&one)
	if isNoRows(err) {
		return notFound("法规项目", id)
	}
	return err
}

func scanVersion(rows interface{ Scan(...any) error }, extra ...any) (*drafts.Version, error) {
	var v drafts.Version
	var reason, by *string
	var at sql.NullTime
	dest := append([]any{&v.ID, &v.RegulationID, &v.Seq, &v.Stage, &v.StageName, &v.Label, &v.Date,
		&v.Explanation, &v.Filename, &v.Format, &v.SHA256, &v.Articles, &v.UploadedBy, &v.CreatedAt,
		&reason, &by, &at}, extra...)
	if err := rows.Scan(dest...); err != nil {
		return nil, fmt.Errorf("scan version: %w", err)
	}
	v.CreatedAt = v.CreatedAt.UTC()
	if by != nil {
		v.Withdrawn = &drafts.Withdrawal{Reason: deref(reason), By: *by, At: at.Time.UTC()}
	}
	return &v, nil
}

// Version returns version id with its parsed Document; ENOTFOUND when there
// is none. The Document may be shared with other callers (the store keeps
// recently decoded documents, which never change): treat it as read-only.
func (s *Store) Version(ctx context.Context, id int64) (*drafts.Version, error) {
	var v *drafts.Version
	err := s.read(ctx, func(t *tx) error {
		cached := s.docs.get(id)
		q := `SELECT ` + versionColumns + `, v.document` + versionFrom + ` WHERE v.id = ?`
		var doc []byte
		extra := []any{&doc}
		if cached != nil {
			q = `SELECT ` + versionColumns + versionFrom + ` WHERE v.id = ?`
			extra = nil
		}
		var err error
		v, err = scanVersion(t.queryRow(ctx, q, id), extra...)
		if isNoRows(err) {
			return notFound("版本", id)
		} else if err != nil {
			return err
		}
		if cached != nil {
			v.Document = cached
			return nil
		}
		v.Document = new(drafts.Document)
		if err := json.Unmarshal(doc, v.Document); err != nil {
			return fmt.Errorf("version %d: decode document: %w", id, err)
		}
		s.docs.put(id, v.Document)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// VersionArticles returns the articles of version id without the rest
// of its document (drafts.DecodeArticles: no paragraphs or source
// lines); ENOTFOUND when there is none. It is what the search index's
// rebuild reads of every version: a recently decoded document is taken
// from the store's cache, and one read here is not put into it, so that
// a rebuild does not fill the cache with every version.
func (s *Store) VersionArticles(ctx context.Context, id int64) ([]*drafts.Article, error) {
	if doc := s.docs.get(id); doc != nil {
		return doc.Articles, nil
	}
	var arts []*drafts.Article
	err := s.read(ctx, func(t *tx) error {
		var doc []byte
		err := t.queryRow(ctx, `SELECT document FROM versions WHERE id = ?`, id).Scan(&doc)
		if isNoRows(err) {
			return notFound("版本", id)
		} else if err != nil {
			return err
		}
		if arts, err = drafts.DecodeArticles(doc); err != nil {
			return fmt.Errorf("version %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return arts, nil
}

// VersionFile returns the name and bytes of the file version id was created
// from; ENOTFOUND when there is no such version.
func (s *Store) VersionFile(ctx context.Context, id int64) (filename string, data []byte, err error) {
	err = s.read(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `SELECT filename, data FROM version_files WHERE version_id = ?`, id).Scan(&filename, &data)
		if isNoRows(err) {
			return notFound("版本", id)
		}
		if data == nil {
			data = []byte{}
		}
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return filename, data, nil
}

// CreateVersion stores a new version of in.RegulationID with the next
// sequence number and returns it (without Document). ENOTFOUND when the
// regulation does not exist; EINVALID for an unknown stage, a bad date or a
// missing document; ETOOLARGE for a file over MaxFileSize.
func (s *Store) CreateVersion(ctx context.Context, actor string, in drafts.NewVersion) (*drafts.Version, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	if in.Document == nil {
		return nil, drafts.Errorf(drafts.EINVALID, "版本缺少解析后的文本")
	}
	if len(in.Data) > MaxFileSize {
		return nil, drafts.Errorf(drafts.ETOOLARGE, "文件过大（上限 %d MB）", MaxFileSize>>20)
	}
	in.Date = strings.TrimSpace(in.Date)
	if in.Date != "" {
		if _, err := time.Parse("2006-01-02", in.Date); err != nil {
			return nil, drafts.Errorf(drafts.EINVALID, "日期须为 YYYY-MM-DD 格式，而不是 %q", in.Date)
		}
	}
	in.Label = strings.TrimSpace(in.Label)
	if utf8.RuneCountInString(in.Label) > maxShort {
		return nil, drafts.Errorf(drafts.EINVALID, "版本名称不能超过 %d 个字", maxShort)
	}
	in.Filename = filepath.Base(strings.ReplaceAll(strings.TrimSpace(in.Filename), `\`, "/"))
	if in.Filename == "." || in.Filename == "/" {
		in.Filename = ""
	}
	format := in.Format
	if format == "" {
		format = in.Document.Format
	}
	if format == "" {
		format = formatOf(in.Filename)
	}
	text := in.Text
	if text == "" {
		text = documentText(in.Document)
	}
	sum := sha256.Sum256([]byte(text))
	docJSON, err := json.Marshal(in.Document)
	if err != nil {
		return nil, fmt.Errorf("encode document: %w", err)
	}
	data := in.Data
	if data == nil {
		data = []byte{}
	}
	var v *drafts.Version
	err = s.write(ctx, func(t *tx) error {
		if err := regulationExists(ctx, t, in.RegulationID); err != nil {
			return err
		}
		stages, err := findStages(ctx, t)
		if err != nil {
			return err
		}
		st, ok := drafts.FindStage(stages, in.Stage)
		if !ok {
			return drafts.Errorf(drafts.EINVALID, "未知的阶段 %q", in.Stage)
		}
		label := in.Label
		if label == "" {
			label = st.Name
		}
		var seq int
		if err := t.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM versions WHERE regulation_id = ?`,
			in.RegulationID).Scan(&seq); err != nil {
			return fmt.Errorf("next seq: %w", err)
		}
		now := s.now()
		v = &drafts.Version{
			RegulationID: in.RegulationID, Seq: seq, Stage: st.Code, StageName: st.Name, Label: label,
			Date: in.Date, Explanation: in.Explanation, Filename: in.Filename, Format: format,
			SHA256: hex.EncodeToString(sum[:]), Articles: len(in.Document.Articles), UploadedBy: actor, CreatedAt: now,
		}
		v.ID, err = t.insert(ctx, `INSERT INTO versions (regulation_id, seq, stage, label, version_date, explanation,
			filename, format, sha256, articles, uploaded_by, created_at, document)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			v.RegulationID, v.Seq, v.Stage, v.Label, v.Date, v.Explanation, v.Filename, v.Format, v.SHA256,
			v.Articles, v.UploadedBy, v.CreatedAt, string(docJSON))
		if err != nil {
			return fmt.Errorf("insert version: %w", err)
		}
		if _, err := t.exec(ctx, `INSERT INTO version_files (version_id, filename, data) VALUES (?, ?, ?)`,
			v.ID, v.Filename, data); err != nil {
			return fmt.Errorf("insert version file: %w", err)
		}
		if _, err := t.exec(ctx, `UPDATE regulations SET updated_at = ? WHERE id = ?`, now, v.RegulationID); err != nil {
			return fmt.Errorf("touch regulation: %w", err)
		}
		detail, _ := json.Marshal(map[string]any{"regulation_id": v.RegulationID, "seq": v.Seq, "stage": v.Stage,
			"label": v.Label, "filename": v.Filename, "sha256": v.SHA256, "articles": v.Articles, "bytes": len(data)})
		return s.record(ctx, t, now, actor, "version.create", "version", v.ID, "create", string(detail))
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// UpdateVersion always fails: versions are immutable once created, and a
// correction is a new version. ENOTFOUND when version id does not exist,
// ECONFLICT otherwise. (The database refuses such updates too.)
func (s *Store) UpdateVersion(ctx context.Context, actor string, id int64, u drafts.VersionUpdate) error {
	err := s.read(ctx, func(t *tx) error {
		var one int
		err := t.queryRow(ctx, `SELECT 1 FROM versions WHERE id = ?`, id).Scan(&one)
		if isNoRows(err) {
			return notFound("版本", id)
		}
		return err
	})
	if err != nil {
		return err
	}
	return drafts.Errorf(drafts.ECONFLICT, "版本一经创建不可修改；如需更正，请上传新版本。")
}

// formatOf guesses a version's format from its file name.
func formatOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return "markdown"
	case ".docx":
		return "docx"
	}
	return "text"
}

// documentText is the text hashed when the caller gives none: the title and
// every article's label and text, one per line.
func documentText(d *drafts.Document) string {
	var b strings.Builder
	b.WriteString(d.Title)
	b.WriteByte('\n')
	for _, a := range d.Articles {
		b.WriteString(a.Label)
		b.WriteByte(' ')
		b.WriteString(a.Text)
		b.WriteByte('\n')
	}
	return b.String()
}
