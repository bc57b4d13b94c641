package server

import (
	"github.com/gin-gonic/gin"

	"lifa/web"
)

// maxPage bounds the page a list may be asked for.
const maxPage = 100_000

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
