package readings

import (
	"lifa/drafts/amend"
	"lifa/drafts/diff"
)

// ComparisonJSON is the API's 对照表 (GET /api/v1/regulations/{id}/compare):
// the comparison, its regulation and the ids of its two readings. The
// fields are in the order of their names, as the API has always written
// them.
type ComparisonJSON struct {
	Changes      []diff.Change         `json:"changes"`
	Coarse       bool                  `json:"coarse"`
	Divisions    []diff.DivisionChange `json:"divisions"`
	ElapsedMS    float64               `json:"elapsed_ms"`
	From         int64                 `json:"from"`
	New          diff.Side             `json:"new"`
	Old          diff.Side             `json:"old"`
	RegulationID int64                 `json:"regulation_id"`
	Stats        diff.Stats            `json:"stats"`
	To           int64                 `json:"to"`
}

// JSON is the comparison as the API gives it.
func (cp *Comparison) JSON() ComparisonJSON {
	return ComparisonJSON{Changes: cp.Cmp.Changes, Coarse: cp.Cmp.Coarse, Divisions: cp.Cmp.Divisions,
		ElapsedMS: cp.Cmp.ElapsedMS, From: cp.From.ID, New: cp.Cmp.New, Old: cp.Cmp.Old,
		RegulationID: cp.Regulation.ID, Stats: cp.Cmp.Stats, To: cp.To.ID}
}

// AmendmentJSON is the API's 修改决定 (GET /api/v1/regulations/{id}/amendment).
type AmendmentJSON struct {
	RegulationID int64           `json:"regulation_id"`
	From         int64           `json:"from"`
	To           int64           `json:"to"`
	Decision     *amend.Decision `json:"decision"`
}

// JSON is the decision as the API gives it.
func (a *Amendment) JSON() AmendmentJSON {
	return AmendmentJSON{RegulationID: a.Regulation.ID, From: a.From.ID, To: a.To.ID, Decision: a.Decision}
}
