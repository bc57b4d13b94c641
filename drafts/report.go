package drafts

import "time"

// ReportKind says which report on a reading a Report is.
type ReportKind string

// The kinds of report on a reading.
const (
	// ReportChanges is the 修改情况的汇报 made to the standing committee
	// at a reading that continues the review.
	ReportChanges ReportKind = "changes"
	// ReportResult is the 审议结果的报告 made with the text put to the vote.
	ReportResult ReportKind = "result"
)

// ReportKinds lists the kinds in display order.
var ReportKinds = []ReportKind{ReportChanges, ReportResult}

// Label returns the kind's Chinese name: 修改情况的汇报 or 审议结果的报告.
func (k ReportKind) Label() string {
	switch k {
	case ReportChanges:
		return "修改情况的汇报"
	case ReportResult:
		return "审议结果的报告"
	}
	return string(k)
}

// ParseReportKind returns the kind named by its code or its label, or
// EINVALID.
func ParseReportKind(s string) (ReportKind, error) {
	for _, k := range ReportKinds {
		if s == string(k) || s == k.Label() {
			return k, nil
		}
	}
	return "", Errorf(EINVALID, "报告种类“%s”无效，应为修改情况的汇报（changes）或审议结果的报告（result）。", s)
}

// Report is a report on a reading (修改情况的汇报 / 审议结果的报告): what
// changed between reading FromVersionID and reading ToVersionID of one
// regulation and which opinions on the earlier reading led to it. Its text
// is kept as revisions (ReportRevision), one per save, never changed;
// FinalSeq names the revision marked final (0: none yet).
type Report struct {
	ID            int64      `json:"id"`
	RegulationID  int64      `json:"regulation_id"`
	FromVersionID int64      `json:"from_version_id"`
	ToVersionID   int64      `json:"to_version_id"`
	Kind          ReportKind `json:"kind"`
	// Title is the latest revision's title.
	Title string `json:"title"`
	// Revisions is the number of revisions, so the latest one's Seq.
	Revisions int        `json:"revisions"`
	FinalSeq  int        `json:"final_seq"`
	FinalBy   string     `json:"final_by,omitempty"`
	FinalAt   *time.Time `json:"final_at,omitempty"`
	CreatedBy string     `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedBy string     `json:"updated_by"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// ReportRevision is one saved text of a report. Content is the text as the
// reports workflow encodes it (JSON); lists of revisions leave it empty.
type ReportRevision struct {
	ReportID int64     `json:"report_id"`
	Seq      int       `json:"seq"`
	Note     string    `json:"note,omitempty"`
	SavedBy  string    `json:"saved_by"`
	SavedAt  time.Time `json:"saved_at"`
	Content  []byte    `json:"-"`
}

// FeedbackPublication records that the feedback on a consultation's
// opinions was published: the letter to one contact point (意见采纳情况反馈,
// ContactPointID > 0) or the public feedback (公开反馈, ContactPointID 0).
// ToVersionID is the reading the changes are shown in (0: none yet).
type FeedbackPublication struct {
	ConsultationID int64     `json:"consultation_id"`
	ContactPointID int64     `json:"contact_point_id"`
	ToVersionID    int64     `json:"to_version_id,omitempty"`
	PublishedBy    string    `json:"published_by"`
	PublishedAt    time.Time `json:"published_at"`
}
