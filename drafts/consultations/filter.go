package consultations

import (
	"math"
	"net/url"

	"lifa/drafts"
)

// Bounds of the numbers an opinion filter may give: MaxOffset the offset
// of a listing, maxArticleNum the article numbers (as
// drafts.Opinion.Normalize), maxLimit the opinions at a time.
const (
	MaxOffset     = 10_000_000
	maxArticleNum = 100000
	maxLimit      = 5000
)

// ParseOpinionFilter reads the filters of the inbox and of the opinion
// lists from a query string (source, status, disposition, q, article,
// limit, offset, group, contact_point, consultation) for the opinions on
// version versionID (0: not set). EINVALID naming the parameter for a
// number that is not an integer in its range, or for an unknown
// disposition ("none" is the opinions not answered).
func ParseOpinionFilter(q url.Values, versionID int64) (drafts.OpinionFilter, error) {
	f := drafts.OpinionFilter{VersionID: versionID, Source: drafts.Source(q.Get("source")), Status: q.Get("status"),
		Disposition: q.Get("disposition"), Query: q.Get("q")}
	ints := []struct {
		name     string
		dst      *int
		min, max int64
	}{
		{"article", &f.Article, -1, maxArticleNum},
		{"limit", &f.Limit, 0, maxLimit},
		{"offset", &f.Offset, 0, MaxOffset},
	}
	for _, p := range ints {
		n, err := drafts.IntParam(p.name, q.Get(p.name), p.min, p.max)
		if err != nil {
			return f, err
		}
		*p.dst = int(n)
	}
	for name, dst := range map[string]*int64{"group": &f.GroupID, "contact_point": &f.ContactPointID, "consultation": &f.ConsultationID} {
		n, err := drafts.IntParam(name, q.Get(name), 0, math.MaxInt64)
		if err != nil {
			return f, err
		}
		*dst = n
	}
	if f.Disposition != "" && f.Disposition != "none" {
		if _, err := drafts.ParseDisposition(f.Disposition); err != nil {
			return f, err
		}
	}
	return f, nil
}

// MatchingFilter is the filter of the inbox page whose query string is q,
// for answering every opinion it matches: EINVALID when the page has no
// version chosen.
func MatchingFilter(q url.Values) (*drafts.OpinionFilter, error) {
	vid, err := drafts.IntParam("version", q.Get("version"), 1, math.MaxInt64)
	if err != nil {
		return nil, err
	}
	if vid == 0 {
		return nil, drafts.Errorf(drafts.EINVALID, "请先选择版本。")
	}
	f, err := ParseOpinionFilter(q, vid)
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// ParseListQuery reads which consultations to list from a query string:
// ?version_id=N and ?open=true (or 1; false, 0 or absent: all). EINVALID
// for anything else.
func ParseListQuery(q url.Values) (ListQuery, error) {
	vid, err := drafts.IntParam("version_id", q.Get("version_id"), 1, math.MaxInt64)
	if err != nil {
		return ListQuery{}, err
	}
	lq := ListQuery{VersionID: vid}
	switch q.Get("open") {
	case "true", "1":
		lq.OpenNow = true
	case "", "false", "0":
	default:
		return ListQuery{}, drafts.Errorf(drafts.EINVALID, "open 应为 true 或 false。")
	}
	return lq, nil
}

// ParseFollowQuery reads where to follow the opinions on version from:
// ?to=N (0: the next reading), ?unchanged=true and the opinion filters
// (ParseOpinionFilter). EINVALID as ParseOpinionFilter.
func ParseFollowQuery(q url.Values, from int64) (FollowQuery, error) {
	to, err := drafts.IntParam("to", q.Get("to"), 1, math.MaxInt64)
	if err != nil {
		return FollowQuery{}, err
	}
	f, err := ParseOpinionFilter(q, from)
	return FollowQuery{From: from, To: to, Filter: f, UnchangedOnly: q.Get("unchanged") == "true"}, err
}

// ParseInboxQuery reads the inbox's query string: ?version=, the opinion
// filters (ParseOpinionFilter) and ?opinion=, the opinion to show first;
// the page is the caller's. EINVALID as ParseOpinionFilter.
func ParseInboxQuery(q url.Values) (InboxQuery, error) {
	vid, err := drafts.IntParam("version", q.Get("version"), 0, math.MaxInt64)
	if err != nil {
		return InboxQuery{}, err
	}
	f, err := ParseOpinionFilter(q, vid)
	if err != nil {
		return InboxQuery{}, err
	}
	op, err := drafts.IntParam("opinion", q.Get("opinion"), 0, math.MaxInt64)
	return InboxQuery{VersionID: vid, Filter: f, OpinionID: op}, err
}

// ParseFormArticle reads the article an opinion form is opened on:
// ?article=N (0: the draft as a whole) and ?sub=M. EINVALID naming the
// parameter outside 0 to 100,000 and 0 to 1,000.
func ParseFormArticle(q url.Values) (OpinionInput, error) {
	art, err := drafts.IntParam("article", q.Get("article"), 0, maxArticleNum)
	if err != nil {
		return OpinionInput{}, err
	}
	sub, err := drafts.IntParam("sub", q.Get("sub"), 0, 1000)
	return OpinionInput{Article: int(art), ArticleSub: int(sub)}, err
}

// NamesTo refuses a follow query that does not name the later reading
// (EINVALID), as the API must; the page follows into the next reading.
func (q FollowQuery) NamesTo() error {
	if q.To == 0 {
		return drafts.Errorf(drafts.EINVALID, "请用 to 参数指定后一版本。")
	}
	return nil
}
