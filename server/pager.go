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

// listWindow reads ?limit= (1 to 1,000; 0 when absent, for the list's
// default) and ?offset= (0 to maxListOffset) of an API list: EINVALID
// outside them.
func listWindow(c *gin.Context) (limit, offset int, err error) {
	l, err := queryInt(c, "limit", 1, 1000)
	if err != nil {
		return 0, 0, err
	}
	o, err := queryInt(c, "offset", 0, maxListOffset)
	if err != nil {
		return 0, 0, err
	}
	return int(l), int(o), nil
}
