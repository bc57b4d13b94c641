package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-contrib/gzip"
	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// contentSecurityPolicy allows only the site's own scripts, styles and
// forms: templates must not use inline scripts, inline styles or style
// attributes.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// middleware installs the middleware every request passes, in order:
// request id, access log, recovery (inside the access log, so a panic is
// logged with its 500), security headers, body limit, cross-origin
// protection, the text rule (edge.go), the CSRF token (csrf.go), gzip.
func (s *Server) middleware() {
	s.instrument() // first, so that it times everything (metrics.go)
	cop := http.NewCrossOriginProtection()
	s.engine.Use(
		s.requestIDMiddleware,
		s.accessLog,
		s.recoverMiddleware,
		securityHeaders,
		s.limitBody,
		func(c *gin.Context) {
			if err := cop.Check(c.Request); err != nil {
				s.renderError(c, &drafts.Error{Code: drafts.EFORBIDDEN, Message: "跨站请求被拒绝。", Err: err})
				return
			}
		},
		s.checkInput,     // edge.go: the text rule on path, query and form
		s.csrfMiddleware, // csrf.go: the one CSRF rule
		gzip.Gzip(gzip.DefaultCompression, gzip.WithCustomShouldCompressFn(shouldGzip)),
	)
	s.engine.NoRoute(s.notFound)
	s.engine.NoMethod(s.methodNotAllowed)
}

// shouldGzip compresses responses for clients that accept gzip, except
// downloads of original files (.docx is already compressed) and responses
// a handler has encoded itself.
func shouldGzip(c *gin.Context) bool {
	if !strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") || c.Request.Method == http.MethodHead {
		return false
	}
	p := c.Request.URL.Path
	return !strings.HasSuffix(p, "/file") && !isPrecompressed(c)
}

type ctxKey int

const requestIDKey ctxKey = 0

// requestID returns the id of the request being served.
func requestID(c *gin.Context) string {
	id, _ := c.Request.Context().Value(requestIDKey).(string)
	return id
}

// requestIDMiddleware gives each request a random id, returned in
// X-Request-ID and added to every log line logged with the request's
// context.
func (s *Server) requestIDMiddleware(c *gin.Context) {
	var b [8]byte
	_, _ = rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), requestIDKey, id))
	c.Header("X-Request-ID", id)
	c.Next()
}

// requestIDHandler is a slog.Handler that adds the request id found in the
// context to every record.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id, ok := ctx.Value(requestIDKey).(string); ok {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// recoverMiddleware turns a panic into a logged 500.
func (s *Server) recoverMiddleware(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.ErrorContext(c.Request.Context(), "panic", slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
			s.renderError(c, fmt.Errorf("panic: %v", v))
		}
	}()
	c.Next()
}

// accessLog logs one line per request.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	status := c.Writer.Status()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	s.log.LogAttrs(c.Request.Context(), level, "request",
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.Int("status", status),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("duration", time.Since(start)),
		slog.String("ip", c.ClientIP()),
	)
}

// securityHeaders sets the headers every response carries.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	c.Next()
}

// smallBodies are routes whose bodies are bounded below
// Config.MaxBodyBytes ("METHOD /gin/path" → bytes).
var smallBodies = map[string]int64{
	"POST /api/v1/versions/:id/opinions":      maxOpinionBody,
	"POST /api/v1/consultations/:id/opinions": maxOpinionBody,
	"POST /consultations/:id/opinion":         maxOpinionBody,
}

// limitBody bounds every request body to Config.MaxBodyBytes (or the
// route's smaller bound in smallBodies); reading past it fails with
// *http.MaxBytesError, which renderError turns into 413.
func (s *Server) limitBody(c *gin.Context) {
	limit := s.cfg.MaxBodyBytes
	if n, ok := smallBodies[c.Request.Method+" "+c.FullPath()]; ok {
		limit = n
	}
	if c.Request.ContentLength > limit {
		s.renderError(c, &drafts.Error{Code: drafts.ETOOLARGE,
			Message: fmt.Sprintf("请求内容过大（上限 %s）。", byteSize(limit))})
		return
	}
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	}
	c.Next()
}

// byteSize writes n as 20 MB or 64 KB.
func byteSize(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// isTooLarge reports whether err is a body that exceeded its limit.
func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}
