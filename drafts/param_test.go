package drafts

import "testing"

func TestIntParam(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  int64
		bad   bool
	}{
		{"", 0, false},
		{"  ", 0, false},
		{"7", 7, false},
		{" 10 ", 10, false},
		{"1", 1, false},
		{"0", 0, true},
		{"11", 0, true},
		{"x", 0, true},
		{"3.5", 0, true},
	} {
		got, err := IntParam("page", tc.value, 1, 10)
		if tc.bad {
			if ErrorCode(err) != EINVALID || ErrorMessage(err) != "参数 page 应为 1 到 10 之间的整数。" {
				t.Errorf("IntParam(%q) = %v, %v; want EINVALID naming page", tc.value, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("IntParam(%q) = %v, %v; want %v", tc.value, got, err, tc.want)
		}
	}
}
