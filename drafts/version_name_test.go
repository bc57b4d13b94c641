package drafts

import (
	"strings"
	"testing"
)

func TestVersion_Name(t *testing.T) {
	for _, tt := range []struct{ stage, label, want string }{
		{"二审稿", "二次审议稿", "二审稿（二次审议稿）"},
		{"一审稿", "一审稿", "一审稿"},
		{"一审稿", "", "一审稿"},
		{"二审稿", "修订草案（二审稿）", "修订草案（二审稿）"},
		{"公布", "2025年修订（省人大常委会批准）", "公布（2025年修订：省人大常委会批准）"},
		{"征求意见稿", "征求意见底稿（现行2020年修正文本）", "征求意见稿（征求意见底稿：现行2020年修正文本）"},
		{"公布", "2018(修正)", "公布（2018：修正）"},
		{"公布", "（修正）", "公布（修正）"},
		{"公布", "甲（乙）丙（丁）", "公布 · 甲（乙）丙（丁）"},
		{"", "草案", "草案"},
	} {
		v := &Version{StageName: tt.stage, Label: tt.label}
		got := v.Name()
		if got != tt.want {
			t.Errorf("Name(%q, %q) = %q, want %q", tt.stage, tt.label, got, tt.want)
		}
		if nested(got) {
			t.Errorf("Name(%q, %q) = %q nests brackets", tt.stage, tt.label, got)
		}
	}
}

// nested reports whether a bracket opens inside another.
func nested(s string) bool {
	depth := 0
	for _, r := range s {
		switch {
		case strings.ContainsRune("（(〔[【", r):
			depth++
			if depth > 1 {
				return true
			}
		case strings.ContainsRune("）)〕]】", r):
			depth--
		}
	}
	return false
}
