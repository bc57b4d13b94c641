package store

import (
	"context"
	"fmt"
	"time"

	"lifa/drafts"
)

// ConsultationUpdate changes a consultation after it was opened: its
// title and instructions, or its closing time (extended, or brought
// forward to close it early). Action names the audit entry
// (consultation.update, consultation.extend, consultation.close); the
// workflow (drafts/consultations) decides it and checks the values.
type ConsultationUpdate struct {
	Action       string
	Title        string
	Instructions string
	ClosesAt     time.Time
	Reason       string
}

// UpdateConsultation writes u to consultation id and records in the audit
// log what changed, from what to what, and why. ENOTFOUND.
func (s *Store) UpdateConsultation(ctx context.Context, actor string, id int64, u ConsultationUpdate) (*drafts.Consultation, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	var out *drafts.Consultation
	err := s.write(ctx, func(t *tx) error {
		list, err := findConsultations(ctx, t, `SELECT `+consultationColumns+` FROM consultations c
			JOIN versions v ON v.id = c.version_id WHERE c.id = ?`, id)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return notFound("征求意见", id)
		}
		c := list[0]
		detail := map[string]any{}
		if u.Title != c.Title {
			detail["title"] = u.Title
			detail["from"] = c.Title
		}
		if u.Instructions != c.Instructions {
			detail["instructions"] = u.Instructions
		}
		u.ClosesAt = u.ClosesAt.UTC()
		if !u.ClosesAt.Equal(c.ClosesAt) {
			detail["closes_at"] = drafts.FormatDateTime(u.ClosesAt)
			detail["previous"] = drafts.FormatDateTime(c.ClosesAt)
		}
		out = c
		if len(detail) == 0 {
			return nil
		}
		if u.Reason != "" {
			detail["reason"] = u.Reason
		}
		if _, err := t.exec(ctx, `UPDATE consultations SET title = ?, instructions = ?, closes_at = ? WHERE id = ?`,
			u.Title, u.Instructions, u.ClosesAt, id); err != nil {
			return fmt.Errorf("update consultation: %w", err)
		}
		c.Title, c.Instructions, c.ClosesAt = u.Title, u.Instructions, u.ClosesAt
		return s.record(ctx, t, s.now(), actor, u.Action, "consultation", id, "update", auditJSON(detail))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ConsultationsOfRegulation returns the consultations on any version of
// regulation regulationID, closing soonest first; open ones only when
// openAt is set (those open at that instant).
func (s *Store) ConsultationsOfRegulation(ctx context.Context, regulationID int64, openAt time.Time) ([]*drafts.Consultation, error) {
	q := `SELECT ` + consultationColumns + ` FROM consultations c JOIN versions v ON v.id = c.version_id
		WHERE v.regulation_id = ?`
	args := []any{regulationID}
	if !openAt.IsZero() {
		q += ` AND c.opens_at <= ? AND c.closes_at > ?`
		args = append(args, openAt.UTC(), openAt.UTC())
	}
	var out []*drafts.Consultation
	err := s.read(ctx, func(t *tx) error {
		var err error
		out, err = findConsultations(ctx, t, q+` ORDER BY c.closes_at, c.id`, args...)
		return err
	})
	return out, err
}
