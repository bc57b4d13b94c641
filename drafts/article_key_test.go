package drafts

import "testing"

func TestParseArticleKey(t *testing.T) {
	for in, want := range map[string][2]int{
		"12": {12, 0}, "10-1": {10, 1}, "10之1": {10, 1}, "第十条之一": {10, 1}, "十": {10, 0},
		"第12条": {12, 0}, "十之一": {10, 1}, "１０-２": {10, 2}, "第十二条第二款": {12, 0},
	} {
		if num, sub, err := ParseArticleKey(in); err != nil || num != want[0] || sub != want[1] {
			t.Errorf("ParseArticleKey(%q) = %d, %d, %v; want %d, %d", in, num, sub, err, want[0], want[1])
		}
	}
	for _, bad := range []string{"", "x", "0", "整体", "10-x", "-1", "1-", "10-0", "10之", "10-1-1", "99999999999999999999"} {
		if _, _, err := ParseArticleKey(bad); ErrorCode(err) != EINVALID {
			t.Errorf("ParseArticleKey(%q): %v, want EINVALID", bad, err)
		}
	}
}
