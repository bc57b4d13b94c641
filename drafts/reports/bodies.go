package reports

import (
	"strconv"

	"lifa/drafts"
)

// The bodies of the reports' and feedback's JSON API, as the server
// decodes them.

// NewReport is the body of POST /api/v1/regulations/{id}/reports: the
// report of kind Kind on reading To compared with reading From (Create).
type NewReport struct {
	From int64             `json:"from"`
	To   int64             `json:"to"`
	Kind drafts.ReportKind `json:"kind"`
}

// SaveBody is the body of PUT /api/v1/regulations/{id}/reports/{rid}
// (Save): the edit, made from revision Base, and a note.
type SaveBody struct {
	Base    int    `json:"base"`
	Note    string `json:"note"`
	Content Edit   `json:"content"`
}

// FinalBody is the body of POST …/reports/{rid}/final (MarkFinal).
type FinalBody struct {
	Revision int `json:"revision"`
}

// PublishBody is the body of the publishing POSTs (PublishPublic,
// PublishLetters): the reading the changes are shown in (0: the next one)
// and, for letters, the contact points (none: all).
type PublishBody struct {
	To              int64   `json:"to"`
	ContactPointIDs []int64 `json:"contact_point_ids"`
}

// ParseRevision reads the revision a form names (rev): EINVALID when it
// names none.
func ParseRevision(rev string) (int, error) {
	n, err := strconv.Atoi(rev)
	if err != nil {
		return 0, drafts.Errorf(drafts.EINVALID, "请指明要定稿的稿次。")
	}
	return n, nil
}
