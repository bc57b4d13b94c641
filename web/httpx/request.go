// Package httpx is Lifa's HTTP plumbing that is no handler: reading a
// request (ids, integers, pages, JSON bodies), the error statuses and
// bodies of responses, the middleware every request passes (request id,
// access log, recovery, security headers, body limits, the text rule at
// the edge, CSRF), the sealed flash message of post → redirect → get, the
// 大字 cookie, the tarpit that holds refused requests, and /readyz. The
// server wires them; the rules of the domain are the workflows'.
//
// Refusals are *drafts.Error; middleware reports them to a Fail the
// server gives (it renders the error page or the JSON error).
package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/web"
)

// Fail answers a request with an error (the server's error renderer).
type Fail func(c *gin.Context, err error)

// PathID parses the path parameter name as a positive id: EINVALID (400)
// for anything else (/versions/abc), ENOTFOUND is left to the lookup.
func PathID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, drafts.Errorf(drafts.EINVALID, "编号 %q 无效：应为正整数。", c.Param(name))
	}
	return id, nil
}

// QueryInt reads the query parameter name as an integer in [min, max];
// 0 when absent (or empty). A value that is not an integer, or is out of
// range, is EINVALID with a Chinese message naming the parameter.
func QueryInt(c *gin.Context, name string, min, max int64) (int64, error) {
	return drafts.IntParam(name, c.Query(name), min, max)
}

// MaxPage bounds the page a list may be asked for.
const MaxPage = 100_000

// PageNumber reads ?page=N: 1 when absent, EINVALID outside 1..MaxPage.
func PageNumber(c *gin.Context) (int, error) {
	n, err := QueryInt(c, web.PageParam, 1, MaxPage)
	if err != nil {
		return 0, err
	}
	return max(int(n), 1), nil
}

// Pager is the pager of page n of total items at the request's URL.
func Pager(c *gin.Context, total, n, size int, label string) web.Pager {
	p := web.NewPager(c.Request.URL, total, n, size)
	p.Label = label
	return p
}

// ListWindow reads ?limit= (1 to 1,000; 0 when absent, for the list's
// default) and ?offset= (0 to maxOffset) of an API list: EINVALID outside
// them.
func ListWindow(c *gin.Context, maxOffset int64) (limit, offset int, err error) {
	l, err := QueryInt(c, "limit", 1, 1000)
	if err != nil {
		return 0, 0, err
	}
	o, err := QueryInt(c, "offset", 0, maxOffset)
	if err != nil {
		return 0, 0, err
	}
	return int(l), int(o), nil
}

// SafeNext is a "next" parameter kept only when it is a path on this
// site, "" otherwise.
func SafeNext(next string) string {
	if next == "" || drafts.SafeRedirect(next) != next {
		return ""
	}
	return next
}

// IsSafe reports whether a method changes nothing (GET, HEAD, OPTIONS).
func IsSafe(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}

// IsAPI reports whether the request is for the JSON API.
func IsAPI(c *gin.Context) bool {
	return strings.HasPrefix(c.Request.URL.Path, "/api/")
}

// AcceptsHTML reports whether a non-API request wants a page; requests
// from scripts asking only for JSON get JSON errors.
func AcceptsHTML(c *gin.Context) bool {
	a := c.GetHeader("Accept")
	return a == "" || strings.Contains(a, "text/html") || strings.Contains(a, "*/*")
}

// IsTooLarge reports whether err is a body that exceeded its limit.
func IsTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// DecodeJSON reads a JSON request body of at most maxBytes into v,
// refusing unknown fields, larger bodies (ETOOLARGE) and text Lifa does
// not accept (invalid UTF-8, which encoding/json would silently replace,
// and control characters in any string: drafts.CheckStrings).
func DecodeJSON(c *gin.Context, v any, maxBytes int64) error {
	// A form body was parsed (and so consumed) by CheckInput; reading it as
	// JSON would find nothing and answer 请求体为空, which misleads.
	if ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data" {
		return drafts.Errorf(drafts.EINVALID, "请求体应为 JSON：请将 Content-Type 设为 application/json（收到的是 %s）。", ct)
	}
	raw, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBytes))
	if err != nil {
		if IsTooLarge(err) {
			return &drafts.Error{Code: drafts.ETOOLARGE, Message: "请求内容过大。", Err: err}
		}
		return &drafts.Error{Code: drafts.EINVALID, Message: "无法读取请求体。", Err: err}
	}
	if !utf8.Valid(raw) {
		return drafts.Errorf(drafts.EINVALID, "请求体不是有效的 UTF-8 文字。")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return drafts.Errorf(drafts.EINVALID, "请求体为空，应为 JSON。")
		}
		return &drafts.Error{Code: drafts.EINVALID, Message: "请求体不是有效的 JSON：" + jsonProblem(err), Err: err}
	}
	if dec.More() {
		return drafts.Errorf(drafts.EINVALID, "请求体只能包含一个 JSON 对象。")
	}
	return drafts.CheckStrings(v)
}

// jsonProblem describes a JSON decoding error in Chinese without internal
// detail.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "第 " + strconv.FormatInt(se.Offset, 10) + " 个字节处语法错误。"
	case errors.As(err, &te):
		return "字段 " + te.Field + " 的类型不对。"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "未知字段 " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "。"
	}
	return "格式错误。"
}

// NonNil returns list, or an empty list for nil, so that JSON says [] and
// not null.
func NonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// CheckURL checks the path and every query parameter name and value
// against the text rule (drafts.CheckText).
func CheckURL(u *url.URL) error {
	if err := drafts.CheckText("路径", u.Path); err != nil {
		return err
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return drafts.Errorf(drafts.EINVALID, "查询参数格式错误（%%后应为两位十六进制数）。")
	}
	for k, vs := range q {
		if err := drafts.CheckText("参数名", k); err != nil {
			return err
		}
		for _, v := range vs {
			if err := drafts.CheckText("参数 "+k, v); err != nil {
				return err
			}
		}
	}
	return nil
}
