package server

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// statusOf maps each drafts error code to one HTTP status. Codes not listed
// (and errors that are not *drafts.Error) are 500.
var statusOf = map[string]int{
	drafts.EINVALID:      http.StatusBadRequest,
	drafts.EUNAUTHORIZED: http.StatusUnauthorized,
	drafts.EFORBIDDEN:    http.StatusForbidden,
	drafts.ENOTFOUND:     http.StatusNotFound,
	drafts.ECONFLICT:     http.StatusConflict,
	drafts.ECLOSED:       http.StatusConflict,
	drafts.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	drafts.ERATELIMIT:    http.StatusTooManyRequests,
	drafts.EUNAVAILABLE:  http.StatusServiceUnavailable,
	drafts.EMETHOD:       http.StatusMethodNotAllowed,
	drafts.EINTERNAL:     http.StatusInternalServerError,
}

// titleOf is the heading of the HTML error page per code.
var titleOf = map[string]string{
	drafts.EINVALID:      "请求有误",
	drafts.EUNAUTHORIZED: "需要登录",
	drafts.EFORBIDDEN:    "没有权限",
	drafts.ENOTFOUND:     "页面不存在",
	drafts.ECONFLICT:     "操作冲突",
	drafts.ECLOSED:       "征求意见已截止",
	drafts.ETOOLARGE:     "上传内容过大",
	drafts.ERATELIMIT:    "请求过于频繁",
	drafts.EUNAVAILABLE:  "服务暂不可用",
	drafts.EMETHOD:       "不支持的请求方法",
	drafts.EINTERNAL:     "服务器内部错误",
}

// ErrorStatus returns the HTTP status for err (see statusOf).
func ErrorStatus(err error) int {
	if st, ok := statusOf[drafts.ErrorCode(classify(err))]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// classify turns errors from the standard library that have a safe meaning
// (body too large) into *drafts.Error.
func classify(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &drafts.Error{Code: drafts.ETOOLARGE, Message: "请求内容过大。", Err: err}
	}
	return err
}

// handlerFunc is what Lifa's handlers are: they write a response and return
// nil, or return an error and write nothing.
type handlerFunc func(c *gin.Context) error

// handle adapts a handlerFunc to gin: an error goes to renderError.
func (s *Server) handle(h handlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.renderError(c, err)
		}
	}
}

// isAPI reports whether the request is for the JSON API.
func isAPI(c *gin.Context) bool {
	return strings.HasPrefix(c.Request.URL.Path, "/api/")
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

// renderError writes err as JSON ({"error":{"code","message"}}) for /api
// and as the HTML error page otherwise, with the status from statusOf.
// Internal errors are logged with their cause; people only see a generic
// message.
func (s *Server) renderError(c *gin.Context, err error) {
	err = classify(err)
	code := drafts.ErrorCode(err)
	status := ErrorStatus(err)
	msg := drafts.ErrorMessage(err)
	ctx := c.Request.Context()
	if status >= 500 {
		s.log.ErrorContext(ctx, "request failed", slog.String("error", err.Error()),
			slog.String("path", c.Request.URL.Path))
	} else {
		s.log.DebugContext(ctx, "request refused", slog.String("code", code), slog.String("error", err.Error()))
	}
	c.Abort()
	if c.Writer.Written() {
		return
	}
	if code == drafts.EUNAVAILABLE && c.Writer.Header().Get("Retry-After") == "" {
		c.Header("Retry-After", "2")
	}
	if code == drafts.EUNAUTHORIZED && isAPI(c) {
		c.Header("WWW-Authenticate", `Bearer realm="lifa"`)
	}
	if isAPI(c) || !acceptsHTML(c) {
		c.JSON(status, apiError{apiErrorBody{Code: code, Message: msg, RequestID: requestID(c)}})
		return
	}
	title := titleOf[code]
	if title == "" {
		title = titleOf[drafts.EINTERNAL]
	}
	page := s.page(c, title, struct{ Message string }{msg})
	page.RequestID = requestID(c)
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(status)
	if rerr := s.tmpl.Render(c.Writer, "errors/error.html", page); rerr != nil {
		s.log.ErrorContext(ctx, "render error page", slog.String("error", rerr.Error()))
	}
}

// acceptsHTML reports whether a non-API request wants a page; requests
// from scripts asking only for JSON get JSON errors.
func acceptsHTML(c *gin.Context) bool {
	a := c.GetHeader("Accept")
	return a == "" || strings.Contains(a, "text/html") || strings.Contains(a, "*/*")
}

// notFound is the handler for unknown routes.
func (s *Server) notFound(c *gin.Context) {
	s.renderError(c, drafts.Errorf(drafts.ENOTFOUND, "您要找的页面不存在。"))
}

// methodNotAllowed answers a known path asked with another method (gin
// has set the Allow header).
func (s *Server) methodNotAllowed(c *gin.Context) {
	allow := strings.ReplaceAll(c.Writer.Header().Get("Allow"), ", ", "、")
	s.renderError(c, drafts.Errorf(drafts.EMETHOD, "此地址不支持 %s 请求（可用：%s）。", c.Request.Method, allow))
}
