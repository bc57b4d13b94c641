package store

import (
	"context"
	"fmt"

	"lifa/drafts"
)

// PublishFeedback records that the feedback p names (a contact point's
// letter, or the public feedback when p.ContactPointID is 0) is published,
// and sets p's fields. Publishing again changes nothing and returns the
// first publication with created false. EINVALID when p.ToVersionID is not
// a reading of the consultation's regulation; ENOTFOUND for an unknown
// consultation, contact point or reading.
func (s *Store) PublishFeedback(ctx context.Context, actor string, p *drafts.FeedbackPublication) (created bool, err error) {
	if err := checkActor(actor); err != nil {
		return false, err
	}
	err = s.write(ctx, func(t *tx) error {
		var reg int64
		if err := t.queryRow(ctx, `SELECT v.regulation_id FROM consultations c JOIN versions v ON v.id = c.version_id
			WHERE c.id = ?`, p.ConsultationID).Scan(&reg); isNoRows(err) {
			return notFound("征求意见", p.ConsultationID)
		} else if err != nil {
			return err
		}
		if p.ContactPointID != 0 {
			var n int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM contact_points WHERE id = ?`, p.ContactPointID).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return notFound("联系点", p.ContactPointID)
			}
		}
		if p.ToVersionID != 0 {
			var vreg int64
			if err := t.queryRow(ctx, `SELECT regulation_id FROM versions WHERE id = ?`, p.ToVersionID).Scan(&vreg); isNoRows(err) {
				return notFound("版本", p.ToVersionID)
			} else if err != nil {
				return err
			}
			if vreg != reg {
				return drafts.Errorf(drafts.EINVALID, "版本 %d 不是该征求意见所属法规项目的版本。", p.ToVersionID)
			}
		}
		have, err := findPublications(ctx, t, `WHERE consultation_id = ? AND contact_point_id = ?`, p.ConsultationID, p.ContactPointID)
		if err != nil {
			return err
		}
		if len(have) > 0 {
			*p = *have[0]
			return nil
		}
		created = true
		p.PublishedBy, p.PublishedAt = actor, s.now()
		if _, err := t.exec(ctx, `INSERT INTO feedback_publications (consultation_id, contact_point_id, to_version_id,
			published_by, published_at) VALUES (?, ?, ?, ?, ?)`, p.ConsultationID, p.ContactPointID, nullID(p.ToVersionID),
			actor, p.PublishedAt); err != nil {
			return fmt.Errorf("insert feedback publication: %w", err)
		}
		return s.record(ctx, t, p.PublishedAt, actor, "feedback.publish", "consultation", p.ConsultationID, "",
			auditJSON(map[string]any{"contact_point_id": p.ContactPointID, "to_version_id": p.ToVersionID}))
	})
	return created, err
}

// FeedbackFilter selects publications of feedback; zero fields do not
// filter.
type FeedbackFilter struct {
	ConsultationID int64
	ContactPointID int64
}

// FeedbackPublications returns the publications matching f, newest first.
func (s *Store) FeedbackPublications(ctx context.Context, f FeedbackFilter) ([]*drafts.FeedbackPublication, error) {
	var out []*drafts.FeedbackPublication
	err := s.read(ctx, func(t *tx) error {
		var err error
		out, err = findPublications(ctx, t, `WHERE (CAST(? AS BIGINT) = 0 OR consultation_id = ?) AND (CAST(? AS BIGINT) = 0 OR contact_point_id = ?)
			ORDER BY published_at DESC, consultation_id DESC, contact_point_id`,
			f.ConsultationID, f.ConsultationID, f.ContactPointID, f.ContactPointID)
		return err
	})
	return out, err
}

func findPublications(ctx context.Context, t *tx, where string, args ...any) ([]*drafts.FeedbackPublication, error) {
	rows, err := t.query(ctx, `SELECT consultation_id, contact_point_id, COALESCE(to_version_id, 0), published_by,
		published_at FROM feedback_publications `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("feedback publications: %w", err)
	}
	defer rows.Close()
	var out []*drafts.FeedbackPublication
	for rows.Next() {
		var p drafts.FeedbackPublication
		if err := rows.Scan(&p.ConsultationID, &p.ContactPointID, &p.ToVersionID, &p.PublishedBy, &p.PublishedAt); err != nil {
			return nil, err
		}
		p.PublishedAt = p.PublishedAt.UTC()
		out = append(out, &p)
	}
	return out, rows.Err()
}
