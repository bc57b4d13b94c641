package cnum

import (
	"errors"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "零"}, {1, "一"}, {10, "十"}, {11, "十一"}, {20, "二十"}, {100, "一百"}, {101, "一百零一"},
		{105, "一百零五"}, {110, "一百一十"}, {115, "一百一十五"}, {1000, "一千"}, {1001, "一千零一"},
		{1010, "一千零一十"}, {1100, "一千一百"}, {10000, "一万"}, {10001, "一万零一"}, {10010, "一万零一十"},
		{10100, "一万零一百"}, {11000, "一万一千"}, {100000, "十万"}, {110000, "十一万"},
		{1000000, "一百万"}, {1010000, "一百零一万"}, {99999, "九万九千九百九十九"},
		{100000000, "一亿"}, {100010000, "一亿零一万"}, {-3, "负三"},
	}
	for _, tt := range tests {
		if got := Format(tt.n); got != tt.want {
			t.Errorf("Format(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"十", 10}, {"一十", 10}, {"十五", 15}, {"一十五", 15}, {"两", 2}, {"两千", 2000}, {"二百", 200},
		{"一百零五", 105}, {"一百一十", 110}, {"一千零一", 1001}, {"一千〇一", 1001}, {"一万零一百", 10100},
		{"105", 105}, {"１０５", 105}, {"零", 0}, {"〇", 0}, {"二〇二四", 2024}, {"十万", 100000},
		{"一百零一万", 1010000}, {"三万亿", 3_0000_0000_0000}, {"一亿零一万", 100010000},
	}
	for _, tt := range tests {
		got, err := Parse(tt.s)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tt.s, got, err, tt.want)
		}
	}
}

func TestParse_invalid(t *testing.T) {
	for _, s := range []string{"", "条", "十百", "百", "一百五", "一二百", "零十", "一百零", "五一十", "一百十", "百百", "１x", "十十"} {
		if n, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) = %d, want error", s, n)
		}
	}
	if _, err := Parse(""); !errors.Is(err, ErrEmpty) {
		t.Errorf("Parse(\"\") error = %v, want ErrEmpty", err)
	}
}

// TestRoundTrip checks Format and Parse are inverse for every number that
// can number an article, item or chapter.
func TestRoundTrip(t *testing.T) {
	for n := 0; n <= 99999; n++ {
		s := Format(n)
		got, err := Parse(s)
		if err != nil || got != n {
			t.Fatalf("Parse(Format(%d) = %q) = %d, %v", n, s, got, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	// Numbers as they occur in real labels (民法典 第一千二百五十九条,
	// 刑法 第一百二十条之一, dates 二〇二四年) and some near misses.
	for _, s := range []string{"一百零五", "十", "一千零一", "两", "二〇二四", "１０５", "一万零一百", "三万亿", "第一条", "之一",
		"一千二百五十九", "四百六十三", "一百二十", "二百七十三", "十一", "九十九", "一九九七", "两千零二十", "零五", "百"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("Parse(%q) = %d < 0", s, n)
		}
		// A numeral that parses with units must read back to the same number.
		back, err := Parse(Format(n))
		if err != nil || back != n {
			t.Fatalf("Parse(Format(%d)) = %d, %v (from %q)", n, back, err, s)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		Parse("一百二十三")
		Parse("九万九千九百九十九")
	}
}
