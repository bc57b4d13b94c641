package drafts

import (
	"strings"
	"time"
)

// RegulationUpdate changes a regulation's metadata; nil fields stay as they are.
type RegulationUpdate struct {
	Title     *string `json:"title,omitempty"`
	Kind      *string `json:"kind,omitempty"`
	Committee *string `json:"committee,omitempty"`
	Status    *string `json:"status,omitempty"`
	Level     *string `json:"level,omitempty"`  // 法律, 行政法规, 地方性法规, 规章 or ""
	Region    *string `json:"region,omitempty"` // 广州市 …
}

// NewVersion is what the caller hands the store to create a version (a new
// reading). The caller parses the uploaded file (drafts/parse) first; the
// store keeps the parsed Document as JSON and the original bytes as they were.
type NewVersion struct {
	RegulationID int64
	// Stage is a Stage.Code ("first-reading") or a Stage.Name ("一审稿").
	Stage string
	// Label says what the version is (二次审议稿, 2021年修正); the stage's
	// name when empty.
	Label string
	// Date is YYYY-MM-DD or empty.
	Date        string
	Explanation string // 修改说明
	Filename    string
	// Format is "text", "markdown" or "docx"; taken from Document.Format
	// when empty.
	Format   string
	Data     []byte
	Document *Document
	// Text is the normalised text whose SHA-256 identifies the content.
	// When empty the store hashes the document's title and articles.
	Text string
}

// VersionUpdate is what a caller might want to change on a version. The
// store refuses every such change: versions are immutable.
type VersionUpdate struct {
	Stage       *string `json:"stage,omitempty"`
	Label       *string `json:"label,omitempty"`
	Date        *string `json:"date,omitempty"`
	Explanation *string `json:"explanation,omitempty"`
}

// AuditEntry is one line of the audit log: who did what, when.
type AuditEntry struct {
	ID       int64     `json:"id"`
	Actor    string    `json:"actor"`
	At       time.Time `json:"at"`
	Action   string    `json:"action"` // e.g. "regulation.create", "version.create"
	Entity   string    `json:"entity"` // "regulation", "version", "setting" …
	EntityID int64     `json:"entity_id"`
	Detail   string    `json:"detail"` // compact JSON of what changed
}

// ValidKind reports whether k is one of the four kinds of regulation project.
func ValidKind(k Kind) bool {
	switch k {
	case KindEnact, KindRevise, KindAmend, KindRepeal:
		return true
	}
	return false
}

// FindStage returns the stage whose code or name is s (case-insensitive for
// codes), and false when there is none.
func FindStage(stages []Stage, s string) (Stage, bool) {
	s = strings.TrimSpace(s)
	for _, st := range stages {
		if st.Name == s || strings.EqualFold(st.Code, s) {
			return st, true
		}
	}
	return Stage{}, false
}
