package web

import (
	"net/url"
	"strconv"
)

// Pager is the navigation of one page of a list that can grow (the inbox,
// search results, consultations, accounts, the audit log, a contact
// point's opinions): which items are shown of how many, and links to the
// neighbouring pages. Build it with NewPager and render it with
//
//	{{template "layout/pager.html" .Pager}}
//
// which shows nothing when everything fits on one page.
type Pager struct {
	// Page is the page shown (1-based), Pages how many there are (at least
	// 1), Size the items per page and Total the items in all.
	Page, Pages, Size, Total int
	// From and To are the 1-based positions of the first and last item
	// shown; both 0 when the page is empty.
	From, To int
	// Prev and Next link the neighbouring pages; "" when there is none.
	Prev, Next string
	// Links are the numbered pages around the current one, with a gap
	// where pages are left out.
	Links []PageLink
	// Label names the navigation for screen readers ("意见列表分页").
	Label string
}

// PageLink is one numbered page in a Pager, or a gap (…) when Gap is set.
type PageLink struct {
	Page    int
	URL     string
	Current bool
	Gap     bool
}

// PageParam is the query parameter that selects the page.
const PageParam = "page"

// NewPager lays out page (1-based) of total items, size per page, for the
// list at u: every link keeps u's path and query and sets only the page
// (left out for page 1). A page past the last keeps its number, so the
// template can say it is empty, and links back to the last one.
func NewPager(u *url.URL, total, page, size int) Pager {
	if size <= 0 {
		size = 1
	}
	page = max(page, 1)
	total = max(total, 0)
	p := Pager{Page: page, Size: size, Total: total, Pages: max(1, (total+size-1)/size)}
	if first := (page-1)*size + 1; first <= total {
		p.From, p.To = first, min(total, page*size)
	}
	link := func(n int) string {
		q := u.Query()
		q.Del(PageParam)
		if n > 1 {
			q.Set(PageParam, strconv.Itoa(n))
		}
		if len(q) == 0 {
			return u.Path
		}
		return u.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(min(page-1, p.Pages))
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	if p.Pages == 1 {
		return p
	}
	// The first and last pages, and two on each side of the current one.
	lo, hi := max(1, page-2), min(p.Pages, page+2)
	add := func(n int) { p.Links = append(p.Links, PageLink{Page: n, URL: link(n), Current: n == page}) }
	gap := func() { p.Links = append(p.Links, PageLink{Gap: true}) }
	if lo > 1 {
		add(1)
		if lo > 2 {
			gap()
		}
	}
	for n := lo; n <= hi; n++ {
		add(n)
	}
	if hi < p.Pages {
		if hi < p.Pages-1 {
			gap()
		}
		add(p.Pages)
	}
	return p
}

// Offset is the position (0-based) of the page's first item, for the
// query that fetches it.
func (p Pager) Offset() int { return (p.Page - 1) * p.Size }

// Past reports whether the page asked for lies past the last one.
func (p Pager) Past() bool { return p.Total > 0 && p.From == 0 }
