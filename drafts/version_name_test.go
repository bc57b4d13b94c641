package drafts

import "testing"

func TestVersion_Name(t *testing.T) {
	for _, tt := range []struct{ stage, label, want string }{
		{"二审稿", "二次审议稿", "二审稿（二次审议稿）"},
		{"一审稿", "一审稿", "一审稿"},
		{"一审稿", "", "一审稿"},
		{"公布", "2025年修订（省人大常委会批准）", "公布 · 2025年修订（省人大常委会批准）"},
		{"公布", "2018(修正)", "公布 · 2018(修正)"},
		{"", "草案", "草案"},
	} {
		v := &Version{StageName: tt.stage, Label: tt.label}
		if got := v.Name(); got != tt.want {
			t.Errorf("Name(%q, %q) = %q, want %q", tt.stage, tt.label, got, tt.want)
		}
	}
}
