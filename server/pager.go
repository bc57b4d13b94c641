package server

import (
	"github.com/gin-gonic/gin"

	"lifa/web"
)

// maxPage bounds the page a list may be asked for.
const maxPage = 100_000

// pageOf reads ?page=N (1 when absent) for a list of size items a page and
// returns the pager of the request's URL with total items (web.NewPager),
// labelled label for screen readers. Fetch the page's items with
// p.Offset() and p.Size. EINVALID for a page that is not a number from 1
// to maxPage.
//
// Handlers that learn the total only with the items read the page first
// with pageNumber and build the pager afterwards with pagerFor.
func pageOf(c *gin.Context, total, size int, label string) (web.Pager, error) {
	n, err := pageNumber(c)
	if err != nil {
		return web.Pager{}, err
	}
	return pagerFor(c, total, n, size, label), nil
}

// pageNumber reads ?page=N: 1 when absent, EINVALID outside 1..maxPage.
func pageNumber(c *gin.Context) (int, error) {
	n, err := queryInt(c, web.PageParam, 1, maxPage)
	if err != nil {
		return 0, err
	}
	return max(int(n), 1), nil
}

// pagerFor is the pager of page n of total items at the request's URL.
func pagerFor(c *gin.Context, total, n, size int, label string) web.Pager {
	p := web.NewPager(c.Request.URL, total, n, size)
	p.Label = label
	return p
}
