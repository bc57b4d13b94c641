package parse

import (
	"testing"
	"unicode/utf8"
)

func TestFullWidthPunct(t *testing.T) {
	for in, want := range map[string]string{
		"有下列情形之一的:":                   "有下列情形之一的：",
		"甲,乙;丙?丁!":                    "甲，乙；丙？丁！",
		"(一)申请人的姓名":                   "（一）申请人的姓名",
		"(1)申请人":                      "（1）申请人",
		"(2015年3月15日通过)":              "（2015年3月15日通过）",
		"城市公园（广场),应当":                 "城市公园（广场），应当",
		"罚款1,000元，8:30开始":             "罚款1,000元，8:30开始",
		"公式f(x)与g(y)":                 "公式f(x)与g(y)",
		"见[立法法](https://example.cn)。": "见[立法法](https://example.cn)。",
		"“规定”:":                       "“规定”：",
		"Note: (a), (b)":              "Note: (a), (b)",
		":":                           ":",
		"第十条第2款第(3)项":                 "第十条第2款第（3）项",
	} {
		if got := FullWidthPunct(in); got != want {
			t.Errorf("FullWidthPunct(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzFullWidthPunct checks that only the seven marks change, each to its
// full-width form, and that a second pass changes nothing.
func FuzzFullWidthPunct(f *testing.F) {
	for _, s := range []string{"规定:", "(一)甲,乙", "f(x)", "((中)", "）)(（"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		got := FullWidthPunct(s)
		a, b := []rune(s), []rune(got)
		if len(a) != len(b) {
			t.Fatalf("%q → %q: length changed", s, got)
		}
		for k := range a {
			if a[k] != b[k] && (a[k] >= utf8.RuneSelf || halfWidth[a[k]] != b[k]) {
				t.Fatalf("%q → %q: %q became %q", s, got, a[k], b[k])
			}
		}
		if again := FullWidthPunct(got); again != got {
			t.Fatalf("%q → %q → %q", s, got, again)
		}
	})
}
