package web

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestNewPager(t *testing.T) {
	u, _ := url.Parse("/staff/opinions?version=2&status=pending&page=3")
	p := NewPager(u, 238, 3, 50)
	if p.Pages != 5 || p.From != 101 || p.To != 150 || p.Offset() != 100 || p.Past() {
		t.Errorf("pager = %+v, offset %d", p, p.Offset())
	}
	if p.Prev != "/staff/opinions?page=2&status=pending&version=2" || p.Next != "/staff/opinions?page=4&status=pending&version=2" {
		t.Errorf("prev %q next %q", p.Prev, p.Next)
	}
	var nums []string
	for _, l := range p.Links {
		switch {
		case l.Gap:
			nums = append(nums, "…")
		case l.Current:
			nums = append(nums, "["+itoa(l.Page)+"]")
		default:
			nums = append(nums, itoa(l.Page))
		}
	}
	if got := strings.Join(nums, " "); got != "1 2 [3] 4 5" {
		t.Errorf("links %s", got)
	}
	if l := p.Links[0]; l.URL != "/staff/opinions?status=pending&version=2" {
		t.Errorf("page 1 link %q keeps no page parameter", l.URL)
	}

	p = NewPager(u, 1000, 10, 20)
	nums = nil
	for _, l := range p.Links {
		if l.Gap {
			nums = append(nums, "…")
		} else {
			nums = append(nums, itoa(l.Page))
		}
	}
	if got := strings.Join(nums, " "); got != "1 … 8 9 10 11 12 … 50" {
		t.Errorf("links %s", got)
	}

	last := NewPager(u, 238, 5, 50)
	if last.Next != "" || last.From != 201 || last.To != 238 {
		t.Errorf("last page %+v", last)
	}
	past := NewPager(u, 238, 9, 50)
	if !past.Past() || past.From != 0 || past.Prev != "/staff/opinions?page=5&status=pending&version=2" || past.Next != "" {
		t.Errorf("past the end %+v", past)
	}
	one := NewPager(u, 0, 1, 50)
	if one.Pages != 1 || one.Links != nil || one.Prev != "" || one.Next != "" || one.Past() {
		t.Errorf("empty list %+v", one)
	}
}

func TestRender_Pager(t *testing.T) {
	ts, err := Parse()
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("/admin/audit?actor=a%26b")
	var b strings.Builder
	p := NewPager(u, 120, 2, 50)
	p.Label = "审计日志分页"
	if err := ts.Render(&b, "layout/pager.html", p); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`aria-label="审计日志分页"`, `第 51–100 条，共 120 条 · 第 2/3 页`,
		`href="/admin/audit?actor=a%26b" rel="prev"`, `href="/admin/audit?actor=a%26b&amp;page=3" rel="next"`,
		`<span aria-current="page">2</span>`} {
		if !strings.Contains(out, want) {
			t.Errorf("pager lacks %s:\n%s", want, out)
		}
	}
	b.Reset()
	if err := ts.Render(&b, "layout/pager.html", NewPager(u, 10, 1, 50)); err != nil || strings.TrimSpace(b.String()) != "" {
		t.Errorf("one page renders %q (%v), want nothing", b.String(), err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
