package drafts

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"lifa/drafts/cnum"
)

// Kind is what a regulation project does to the law: 制定, 修订, 修正 or 废止.
type Kind string

// The kinds of regulation project.
const (
	KindEnact  Kind = "制定"
	KindRevise Kind = "修订"
	KindAmend  Kind = "修正"
	KindRepeal Kind = "废止"
)

// Level is the rank of a regulation in the hierarchy of law (效力级别):
// 法律, 行政法规, 地方性法规 or 规章; "" when not known. Similar provisions
// filter by it, and the superior-law basis (上位法依据) of a local
// regulation is sought among 法律 and 行政法规.
type Level string

// The levels.
const (
	LevelLaw            Level = "法律"    // by the NPC or its Standing Committee
	LevelAdministrative Level = "行政法规"  // by the State Council
	LevelLocal          Level = "地方性法规" // by a local people's congress or its standing committee
	LevelRule           Level = "规章"    // by a ministry or a local government
)

// Levels lists the levels, highest first.
var Levels = []Level{LevelLaw, LevelAdministrative, LevelLocal, LevelRule}

// ValidLevel reports whether l is one of the levels or "" (not known).
func ValidLevel(l Level) bool {
	switch l {
	case "", LevelLaw, LevelAdministrative, LevelLocal, LevelRule:
		return true
	}
	return false
}

// National reports whether l is a level of national law (法律, 行政法规).
func (l Level) National() bool { return l == LevelLaw || l == LevelAdministrative }

// Regulation is a regulation project (法规项目), e.g. 广州市停车场条例（修订）.
type Regulation struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Kind      Kind   `json:"kind"`
	Committee string `json:"committee"` // responsible committee (负责的专门委员会/工作机构)
	Status    string `json:"status"`    // e.g. 起草中, 审议中, 已通过, 已公布
	// StatusSet says staff set Status; otherwise it follows the stage of
	// the latest reading (起草中 before the first).
	StatusSet bool  `json:"status_set"`
	Level     Level `json:"level"` // 法律, 行政法规, 地方性法规, 规章 or ""
	// Region is the administrative area a local regulation applies in
	// (广州市, 广东省); "" for national law or when not known.
	Region    string    `json:"region"`
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
	// Withdrawn is set when the version was withdrawn (撤回) as uploaded
	// by mistake: it is kept, but no longer a reading of the regulation.
	Withdrawn *Withdrawal `json:"withdrawn,omitempty"`
}

// Withdrawal records that a version was withdrawn, by whom, when and why.
type Withdrawal struct {
	Reason string    `json:"reason"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
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

// regionRE finds an administrative area at the start of a title: two to
// seven characters and 省, 市, 自治区, 自治州, 自治县, 县 or 盟 (广州市,
// 广西壮族自治区, 延边朝鲜族自治州).
var regionRE = regexp.MustCompile(`^(\p{Han}{2,7}?)(自治区|自治州|自治县|省|市|县|盟)`)

// municipalities are written without 市 in some titles (上海口岸服务条例).
var municipalities = []string{"北京", "天津", "上海", "重庆"}

// RegionOf returns the administrative area a title begins with (广州市停车场条例
// → 广州市), "" when it names none. National titles (中华人民共和国…,
// 全国…, 国务院…) name none.
func RegionOf(title string) string {
	title = strings.TrimSpace(title)
	for _, p := range []string{"中华人民共和国", "全国", "国务院", "国家"} {
		if strings.HasPrefix(title, p) {
			return ""
		}
	}
	if m := regionRE.FindStringSubmatch(title); m != nil && !strings.ContainsAny(m[1], "省市县区") &&
		len(m[0]) < len(title) {
		return m[0]
	}
	for _, c := range municipalities {
		if strings.HasPrefix(title, c) {
			return c + "市"
		}
	}
	return ""
}

// InferLevel returns the level and region a text's own evidence makes
// clear, "" where it does not: the type in its front matter (flk files:
// type: 地方性法规), who made it (front matter office, or the 题注:
// 全国人民代表大会 → 法律, 国务院 → 行政法规, a local people's congress →
// 地方性法规, a people's government → 规章), else its title
// (中华人民共和国…法 → 法律; a title that begins with a city or province →
// 地方性法规 in that region). meta and preamble are Document.Meta and
// Document.Preamble.
func InferLevel(title string, meta map[string]string, preamble []string) (Level, string) {
	region := RegionOf(title)
	level := Level("")
	switch t := strings.TrimSpace(meta["type"]); {
	case ValidLevel(Level(t)):
		level = Level(t)
	case strings.HasSuffix(t, "规章"):
		level = LevelRule
	}
	if level == "" {
		by := meta["office"] + " " + strings.Join(preamble, " ")
		switch {
		case strings.Contains(by, "全国人民代表大会"):
			level = LevelLaw
		case strings.Contains(by, "国务院令") || strings.HasPrefix(strings.TrimSpace(meta["office"]), "国务院"):
			level = LevelAdministrative
		case region != "" && strings.Contains(by, "人民代表大会"):
			level = LevelLocal
		case strings.Contains(by, "人民政府令") || strings.HasSuffix(strings.TrimSpace(meta["office"]), "人民政府"):
			level = LevelRule
		}
	}
	if level == "" {
		switch {
		case strings.HasPrefix(title, "中华人民共和国") && strings.HasSuffix(title, "法"):
			level = LevelLaw
		case region != "":
			level = LevelLocal
		}
	}
	if level.National() {
		region = ""
	}
	return level, region
}

// dateRE finds a date as a 题注 writes it: 2018年3月30日 or
// 二〇一八年三月三十日.
var dateRE = regexp.MustCompile(`([0-9]{4}|[〇零一二三四五六七八九]{4})年([0-9]{1,2}|[一二三四五六七八九十]{1,3})月([0-9]{1,2}|[一二三四五六七八九十]{1,3})日`)

// ReadingOf returns the date (YYYY-MM-DD) and stage (Stage.Code) of the
// reading a text records of itself, "" where it records none: the
// publication date of its front matter (flk files: publish: "2025-12-17
// 00:00:00"), a 公布 text; else the last date of its 题注 and what
// happened on it — 批准 (approved), 公布 or 发布 (promulgated), 通过,
// 修正 or 修订 (adopted). meta and preamble are Document.Meta and
// Document.Preamble.
func ReadingOf(meta map[string]string, preamble []string) (date, stage string) {
	if p := strings.TrimSpace(meta["publish"]); len(p) >= 10 {
		if _, err := time.Parse("2006-01-02", p[:10]); err == nil {
			return p[:10], "promulgated"
		}
	}
	text := strings.Join(preamble, " ")
	ms := dateRE.FindAllStringSubmatchIndex(text, -1)
	if len(ms) == 0 {
		return "", ""
	}
	m := ms[len(ms)-1]
	y, mo, d := cnumber(text[m[2]:m[3]]), cnumber(text[m[4]:m[5]]), cnumber(text[m[6]:m[7]])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if y == 0 || t.Month() != time.Month(mo) || t.Day() != d {
		return "", ""
	}
	after := text[m[1]:]
	switch {
	case strings.Contains(after, "批准"):
		stage = "approved"
	case strings.Contains(after, "公布") || strings.Contains(after, "发布"):
		stage = "promulgated"
	case strings.Contains(after, "通过") || strings.Contains(after, "修正") || strings.Contains(after, "修订"):
		stage = "adopted"
	}
	return t.Format("2006-01-02"), stage
}

// cnumber reads the number of a date part: Arabic digits, or Chinese
// digits read one by one (二〇一八) or as a small numeral (三十).
func cnumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	const digits = "〇一二三四五六七八九"
	rs := []rune(s)
	if len(rs) == 4 {
		n := 0
		for _, r := range rs {
			if r == '零' {
				r = '〇'
			}
			i := strings.IndexRune(digits, r)
			if i < 0 {
				return 0
			}
			n = n*10 + utf8.RuneCountInString(digits[:i])
		}
		return n
	}
	n, err := cnum.Parse(s)
	if err != nil {
		return 0
	}
	return n
}
