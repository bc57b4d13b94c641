package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"lifa/drafts"
)

// The store serves opinions to the search index: every opinion create,
// moderation and answer appends an ("opinion", id) entry to the change
// log, and the index's follower asks SearchOpinion for the opinion's
// current state. Opinions are indexed for staff only (search.Staff), the
// hidden ones too, marked 已屏蔽 in their Ref.

const searchOpinionQuery = `SELECT o.id, o.version_id, v.regulation_id, r.title, o.article, o.article_sub, o.body,
	o.status, o.hidden_reason, o.source, o.author_name, COALESCE(cp.name, ''), o.disposition, o.created_at
	FROM opinions o JOIN versions v ON v.id = o.version_id JOIN regulations r ON r.id = v.regulation_id
	LEFT JOIN contact_points cp ON cp.id = o.contact_point_id`

// SearchOpinion returns opinion id as the search index sees it;
// ENOTFOUND when there is none. It implements drafts.IndexedOpinionSource.
func (s *Store) SearchOpinion(ctx context.Context, id int64) (*drafts.IndexedOpinion, error) {
	var o *drafts.IndexedOpinion
	err := s.read(ctx, func(t *tx) error {
		var err error
		o, err = scanSearchOpinion(t.queryRow(ctx, searchOpinionQuery+` WHERE o.id = ?`, id))
		if isNoRows(err) {
			return notFound("意见", id)
		}
		return err
	})
	return o, err
}

// SearchOpinions returns up to limit opinions with ids above afterID, in
// id order, as the search index sees them (for filling a rebuilt index).
func (s *Store) SearchOpinions(ctx context.Context, afterID int64, limit int) ([]*drafts.IndexedOpinion, error) {
	if limit <= 0 {
		limit = 500
	}
	var out []*drafts.IndexedOpinion
	err := s.read(ctx, func(t *tx) error {
		return querySearchOpinions(ctx, t, &out, ` WHERE o.id > ? ORDER BY o.id LIMIT ?`, afterID, limit)
	})
	return out, err
}

// querySearchOpinions appends to out the opinions that searchOpinionQuery
// followed by where selects.
func querySearchOpinions(ctx context.Context, t *tx, out *[]*drafts.IndexedOpinion, where string, args ...any) error {
	rows, err := t.query(ctx, searchOpinionQuery+where, args...)
	if err != nil {
		return fmt.Errorf("search opinions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanSearchOpinion(rows)
		if err != nil {
			return fmt.Errorf("scan opinion: %w", err)
		}
		*out = append(*out, o)
	}
	return rows.Err()
}

func scanSearchOpinion(row interface{ Scan(...any) error }) (*drafts.IndexedOpinion, error) {
	var o drafts.IndexedOpinion
	var status, reason, src, name, point, disp string
	var created time.Time
	if err := row.Scan(&o.ID, &o.VersionID, &o.RegulationID, &o.RegulationTitle, &o.ArticleNum, &o.ArticleSub,
		&o.Text, &status, &reason, &src, &name, &point, &disp, &created); err != nil {
		return nil, err
	}
	o.ArticleLabel = drafts.ArticleRefLabel(o.ArticleNum, o.ArticleSub)
	o.Date = created.UTC().Format(time.DateOnly)
	o.Ref = SearchOpinionRef(status, reason, drafts.Source(src), name, point, drafts.Disposition(disp))
	return &o, nil
}

// SearchOpinionRef is the reference shown with an opinion hit: its
// moderation status (with the reason when hidden), disposition, source, author or
// contact point, e.g.
// "已屏蔽：广告 · 待处理 · 社会公众 · 张三" or "已公开 · 采纳 · 基层立法联系点 · 天河区联系点".
func SearchOpinionRef(status, reason string, src drafts.Source, name, point string, disp drafts.Disposition) string {
	st := drafts.StatusLabel(status)
	if status == drafts.StatusHidden && reason != "" {
		st += "：" + reason
	}
	parts := []string{st, disp.Label(), src.Label()}
	if point != "" {
		parts = append(parts, point)
	}
	if name = strings.TrimSpace(name); name != "" {
		parts = append(parts, name)
	}
	return strings.Join(parts, " · ")
}

// SearchOpinionsByID returns the opinions among ids as the search index
// sees them, in id order; ids with no opinion are left out (the index
// removes those). It lets a follower apply a run of opinion changes with
// one query and one index batch instead of one of each per opinion.
func (s *Store) SearchOpinionsByID(ctx context.Context, ids []int64) ([]*drafts.IndexedOpinion, error) {
	var out []*drafts.IndexedOpinion
	for len(ids) > 0 {
		part := ids[:min(len(ids), 500)]
		ids = ids[len(part):]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		err := s.read(ctx, func(t *tx) error {
			return querySearchOpinions(ctx, t, &out, ` WHERE o.id IN (?`+strings.Repeat(`, ?`, len(part)-1)+`) ORDER BY o.id`, args...)
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
