package store

import (
	"context"
	"fmt"

	"lifa/drafts"
)

// ContactPointTake is one consultation a contact point took part in (it
// submitted opinions that are not hidden, or held a meeting), with the
// reading it was on and the contact point's own figures in it.
type ContactPointTake struct {
	Consultation    *drafts.Consultation `json:"consultation"`
	RegulationTitle string               `json:"regulation_title"`
	StageName       string               `json:"stage_name"`
	VersionLabel    string               `json:"version_label,omitempty"`
	ContactPointCounts
}

// ContactPointCounts are a contact point's figures in a consultation.
type ContactPointCounts struct {
	// Opinions are the contact point's opinions (hidden ones not
	// counted); Answered of them have an answer, Adopted were answered
	// 采纳 and Partly 部分采纳.
	Opinions int `json:"opinions"`
	Answered int `json:"answered"`
	Adopted  int `json:"adopted"`
	Partly   int `json:"partly"`
	// Meetings are its meetings (座谈会) for the consultation and
	// Participants the people who took part in them.
	Meetings     int `json:"meetings"`
	Participants int `json:"participants"`
}

// Add adds o to c.
func (c *ContactPointCounts) Add(o ContactPointCounts) {
	c.Opinions += o.Opinions
	c.Answered += o.Answered
	c.Adopted += o.Adopted
	c.Partly += o.Partly
	c.Meetings += o.Meetings
	c.Participants += o.Participants
}

// ContactPointTakes returns the consultations contact point id took part
// in, newest first (by closing time). An unknown contact point has none.
func (s *Store) ContactPointTakes(ctx context.Context, id int64) ([]*ContactPointTake, error) {
	var out []*ContactPointTake
	err := s.read(ctx, func(t *tx) error {
		cons, err := findConsultations(ctx, t, `SELECT `+consultationColumns+` FROM consultations c
			JOIN versions v ON v.id = c.version_id
			WHERE EXISTS (SELECT 1 FROM opinions o WHERE o.consultation_id = c.id AND o.contact_point_id = ? AND o.status <> 'hidden')
			   OR EXISTS (SELECT 1 FROM meetings m WHERE m.consultation_id = c.id AND m.contact_point_id = ?)
			ORDER BY c.closes_at DESC, c.id DESC`, id, id)
		if err != nil {
			return err
		}
		for _, c := range cons {
			tk := &ContactPointTake{Consultation: c}
			if err := t.queryRow(ctx, `SELECT r.title, COALESCE(st.name, v.stage), v.label FROM versions v
				JOIN regulations r ON r.id = v.regulation_id LEFT JOIN stages st ON st.code = v.stage
				WHERE v.id = ?`, c.VersionID).Scan(&tk.RegulationTitle, &tk.StageName, &tk.VersionLabel); err != nil {
				return fmt.Errorf("contact point take %d: %w", c.ID, err)
			}
			if err := t.queryRow(ctx, `SELECT COUNT(*),
				COALESCE(SUM(CASE WHEN disposition <> '' THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN disposition = ? THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN disposition = ? THEN 1 ELSE 0 END), 0)
				FROM opinions WHERE consultation_id = ? AND contact_point_id = ? AND status <> 'hidden'`,
				string(drafts.DispositionAdopted), string(drafts.DispositionPartly), c.ID, id).
				Scan(&tk.Opinions, &tk.Answered, &tk.Adopted, &tk.Partly); err != nil {
				return fmt.Errorf("contact point opinions: %w", err)
			}
			if err := t.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(participants), 0) FROM meetings
				WHERE consultation_id = ? AND contact_point_id = ?`, c.ID, id).Scan(&tk.Meetings, &tk.Participants); err != nil {
				return fmt.Errorf("contact point meetings: %w", err)
			}
			out = append(out, tk)
		}
		return nil
	})
	return out, err
}

// VersionName names a reading: its regulation's title, its stage and
// label.
type VersionName struct {
	RegulationID    int64  `json:"regulation_id"`
	RegulationTitle string `json:"regulation_title"`
	StageName       string `json:"stage_name"`
	Label           string `json:"label,omitempty"`
}

// VersionNames returns the names of versions ids (unknown ones left out).
func (s *Store) VersionNames(ctx context.Context, ids []int64) (map[int64]VersionName, error) {
	out := map[int64]VersionName{}
	err := s.read(ctx, func(t *tx) error {
		for _, id := range ids {
			if _, ok := out[id]; ok {
				continue
			}
			var n VersionName
			err := t.queryRow(ctx, `SELECT r.id, r.title, COALESCE(st.name, v.stage), v.label FROM versions v
				JOIN regulations r ON r.id = v.regulation_id LEFT JOIN stages st ON st.code = v.stage
				WHERE v.id = ?`, id).Scan(&n.RegulationID, &n.RegulationTitle, &n.StageName, &n.Label)
			if isNoRows(err) {
				continue
			} else if err != nil {
				return fmt.Errorf("version name %d: %w", id, err)
			}
			out[id] = n
		}
		return nil
	})
	return out, err
}
