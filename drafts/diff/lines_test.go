package diff

import (
	"reflect"
	"testing"
)

func TestLinePairs(t *testing.T) {
	for _, tc := range []struct {
		a, b []string
		want [][2]int
	}{
		{nil, []string{"甲"}, nil},
		{[]string{"甲", "乙", "丙"}, []string{"甲", "丙"}, [][2]int{{0, 0}, {2, 1}}},
		{[]string{"甲", "乙", "丙", "丁"}, []string{"乙", "新", "丁", "甲"}, [][2]int{{1, 0}, {3, 2}}},
		{[]string{"甲", "乙"}, []string{"丙", "丁"}, nil},
	} {
		if got := LinePairs(tc.a, tc.b); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("LinePairs(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
