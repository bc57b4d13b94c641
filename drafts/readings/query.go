package readings

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"lifa/drafts"
	"lifa/drafts/amend"
)

// FromTo reads ?from=V&to=W, the version ids of the two readings the
// 对照表 and the 修改决定 compare (0 when absent: Compare's defaults).
// EINVALID for an id that is not a positive integer.
func FromTo(q url.Values) (from, to int64, err error) {
	if from, err = drafts.IntParam("from", q.Get("from"), 1, math.MaxInt64); err != nil {
		return 0, 0, err
	}
	to, err = drafts.IntParam("to", q.Get("to"), 1, math.MaxInt64)
	return from, to, err
}

// ParseAmendmentQuery reads what Amendment.Query writes: the two readings
// (FromTo) and the decision's meta (body, meeting, date, effective, law).
// FromTo's errors.
func ParseAmendmentQuery(q url.Values) (from, to int64, meta amend.Meta, err error) {
	meta = amend.Meta{Body: q.Get("body"), Meeting: q.Get("meeting"), Date: q.Get("date"),
		Effective: q.Get("effective"), Law: q.Get("law")}
	from, to, err = FromTo(q)
	return from, to, meta, err
}

// ParseDryRun reads the dry_run parameter of applying a decision: "",
// "0" or "false" apply it, "1" or "true" only try. EINVALID otherwise.
func ParseDryRun(s string) (bool, error) {
	switch s {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, drafts.Errorf(drafts.EINVALID, "参数 dry_run 只能是 true 或 false。")
}

// ParsePosition reads a stage's position as typed in a form: -1, which
// CreateStage and UpdateStage refuse with their message, for anything
// but an integer.
func ParsePosition(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return n
}

// HistoryQuery is the article whose history (条文沿革) is asked for:
// ?version=V&article=N&sub=S.
type HistoryQuery struct {
	Version  int64
	Num, Sub int
}

// ParseHistoryQuery reads a HistoryQuery. EINVALID, saying in Chinese
// what to give, when the version or the article is missing or wrong.
func ParseHistoryQuery(q url.Values) (HistoryQuery, error) {
	vid, err := drafts.IntParam("version", q.Get("version"), 1, math.MaxInt64)
	if err != nil {
		return HistoryQuery{}, err
	}
	if vid == 0 {
		return HistoryQuery{}, drafts.Errorf(drafts.EINVALID, "请用 version 参数指定版本。")
	}
	num, err := drafts.IntParam("article", q.Get("article"), 1, 100000)
	if err != nil || num == 0 {
		return HistoryQuery{}, drafts.Errorf(drafts.EINVALID, "请用 article 参数指定条文序号（如 article=12）。")
	}
	sub, err := drafts.IntParam("sub", q.Get("sub"), 0, 1000)
	if err != nil {
		return HistoryQuery{}, err
	}
	return HistoryQuery{Version: vid, Num: int(num), Sub: int(sub)}, nil
}
