package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
)

// 条文沿革 shows the article's text in every reading, changed or not.
func TestPages_HistoryShowsEveryReadingsText(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	v, _ := f.another(t, drafts.AudiencePublic, nil, fixtureStart.Add(-time.Hour), fixtureStart.Add(10*24*time.Hour))
	body := f.page(nil, fmt.Sprintf("/regulations/%d/history?version=%d&article=30", v.RegulationID, v.ID)).Body.String()
	if n := strings.Count(body, "（一）围垦、开垦、填埋湿地；"); n != 2 {
		t.Errorf("第三十条's text shows %d times over two readings, want 2", n)
	}
}
