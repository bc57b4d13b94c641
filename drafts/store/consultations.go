package store

import (
	"context"
	"fmt"
	"time"

	"lifa/drafts"
)

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
		return s.record(ctx, t, c.CreatedAt, actor, "consultation.create", "consultation", id, "create",
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
