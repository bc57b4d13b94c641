package drafts

import "time"

// Kind is what a regulation project does to the law: 制定, 修订, 修正 or 废止.
type Kind string

// The kinds of regulation project.
const (
	KindEnact  Kind = "制定"
	KindRevise Kind = "修订"
	KindAmend  Kind = "修正"
	KindRepeal Kind = "废止"
)

// Regulation is a regulation project (法规项目), e.g. 广州市停车场条例（修订）.
type Regulation struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Kind      Kind      `json:"kind"`
	Committee string    `json:"committee"` // responsible committee (负责的专门委员会/工作机构)
	Status    string    `json:"status"`    // e.g. 起草中, 审议中, 已通过, 已公布
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Latest is the newest version, filled by list queries where cheap.
	Latest *Version `json:"latest,omitempty"`
}

// Stage is a step of the legislative process (起草稿, 征求意见稿, 一审稿 …).
// Stages are data: Position orders them on the progress bar.
type Stage struct {
	Code     string `json:"code"` // stable key, e.g. "first-reading"
	Name     string `json:"name"` // 一审稿
	Position int    `json:"position"`
}

// DefaultStages are the stages a new store starts with.
var DefaultStages = []Stage{
	{"draft", "起草稿", 10},
	{"consultation", "征求意见稿", 20},
	{"first-reading", "一审稿", 30},
	{"second-reading", "二审稿", 40},
	{"third-reading", "三审稿", 50},
	{"vote", "表决稿", 60},
	{"adopted", "通过", 70},
	{"approved", "批准", 80},
	{"promulgated", "公布", 90},
}

// Version is one reading of a regulation's text. Versions are immutable
// once created: a correction is a new version.
type Version struct {
	ID           int64  `json:"id"`
	RegulationID int64  `json:"regulation_id"`
	Seq          int    `json:"seq"`   // 1, 2, 3 … within the regulation
	Stage        string `json:"stage"` // Stage.Code
	StageName    string `json:"stage_name"`
	Label        string `json:"label"` // e.g. 二次审议稿, 2021年修正
	Date         string `json:"date"`  // YYYY-MM-DD of the reading/adoption, may be empty
	// Explanation is the 修改说明 that accompanies the version.
	Explanation string    `json:"explanation"`
	Filename    string    `json:"filename"`
	Format      string    `json:"format"` // text, markdown, docx
	SHA256      string    `json:"sha256"` // of the normalised text
	Articles    int       `json:"articles"`
	UploadedBy  string    `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
	// Document is the parsed text; nil when not loaded.
	Document *Document `json:"document,omitempty"`
}

// Change is one entry of the store's ordered change log, which derived data
// (the search index) follows. Seq increases strictly.
type Change struct {
	Seq    int64     `json:"seq"`
	Entity string    `json:"entity"` // "regulation", "version", "opinion"
	ID     int64     `json:"id"`
	Op     string    `json:"op"` // "create", "update"
	At     time.Time `json:"at"`
}
