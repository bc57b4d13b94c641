package search

import (
	"context"
	"math"
	"net/url"
	"strconv"
	"testing"

	"lifa/drafts"
)

// TestSearch_PageBounds sends page and size values whose product overflows
// int against a real index. Before the bound was checked by division,
// (page-1)*size wrapped to a small offset, passed the check, and bleve
// panicked in its own per-shard goroutine, killing the test binary.
func TestSearch_PageBounds(t *testing.T) {
	src := newTestStore(t)
	reg := src.addRegulation("测试条例", "")
	src.addVersion(reg, "draft", "", doc("停车场应当设置停车泊位。", "停车泊位不得挪作他用。"))
	ix, _ := openTest(t, src)
	ctx := context.Background()
	for _, r := range []Request{
		{Q: "停车", Page: 144115188075855873, Size: 64},
		{Q: "停车", Page: 461168601842738792},
		{Q: "停车", Page: math.MaxInt, Size: MaxSize},
		{Q: "停车", Page: maxFrom/MaxSize + 2, Size: MaxSize},
		{Q: "停车", Page: -1},
		{Q: "停车", Size: -1},
		{Q: "停车", Page: math.MinInt},
	} {
		if _, err := ix.Search(ctx, r); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("page %d size %d: %v, want EINVALID", r.Page, r.Size, err)
		}
	}
	// The last page within the bound is still served.
	if _, err := ix.Search(ctx, Request{Q: "停车", Page: maxFrom/MaxSize + 1, Size: MaxSize}); err != nil {
		t.Errorf("last allowed page: %v", err)
	}
	for _, v := range []url.Values{
		{"q": {"停车"}, "page": {"144115188075855873"}, "size": {"64"}},
		{"q": {"停车"}, "page": {"99999999999999999999999"}},
		{"q": {"停车"}, "size": {strconv.FormatInt(math.MaxInt64, 10)}},
		{"q": {"停车"}, "regulation": {"-5"}},
	} {
		if _, err := RequestFromValues(v); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("%v: %v, want EINVALID", v, err)
		}
	}
}
