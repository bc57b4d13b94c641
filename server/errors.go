package server

import (
	"log/slog"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/web/httpx"
)

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

// renderError writes err as JSON ({"error":{"code","message"}}) for /api
// and as the HTML error page otherwise, with the status from httpx.Status.
// Internal errors are logged with their cause; people only see a generic
// message.
func (s *Server) renderError(c *gin.Context, err error) {
	err = httpx.Classify(err)
	code, status, msg := drafts.ErrorCode(err), httpx.Status(err), drafts.ErrorMessage(err)
	ctx := c.Request.Context()
	if status >= 500 {
		s.log.ErrorContext(ctx, "request failed", slog.String("error", err.Error()), slog.String("path", c.Request.URL.Path))
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
	if code == drafts.EUNAUTHORIZED && httpx.IsAPI(c) {
		c.Header("WWW-Authenticate", `Bearer realm="lifa"`)
	}
	if httpx.IsAPI(c) || !httpx.AcceptsHTML(c) {
		c.JSON(status, httpx.APIError{Error: httpx.ErrorBody{Code: code, Message: msg, RequestID: httpx.RequestID(c)}})
		return
	}
	page := s.page(c, httpx.Title(code), struct{ Message string }{msg})
	page.RequestID = httpx.RequestID(c)
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(status)
	if rerr := s.tmpl.Render(c.Writer, "errors/error.html", page); rerr != nil {
		s.log.ErrorContext(ctx, "render error page", slog.String("error", rerr.Error()))
	}
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
