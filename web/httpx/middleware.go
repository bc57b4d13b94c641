package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

type ctxKey int

const requestIDKey ctxKey = 0

// RequestID returns the id of the request being served.
func RequestID(c *gin.Context) string {
	id, _ := c.Request.Context().Value(requestIDKey).(string)
	return id
}

// SetRequestID gives each request a random id, returned in X-Request-ID
// and added to every log line logged with the request's context by a
// logger from Logger.
func SetRequestID(c *gin.Context) {
	var b [8]byte
	_, _ = rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), requestIDKey, id))
	c.Header("X-Request-ID", id)
	c.Next()
}

// Logger returns a logger that adds the request id found in the context to
// every record of h.
func Logger(h slog.Handler) *slog.Logger { return slog.New(requestIDHandler{h}) }

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

// Recover turns a panic into a logged 500.
func Recover(log *slog.Logger, fail Fail) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.ErrorContext(c.Request.Context(), "panic", slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
				fail(c, fmt.Errorf("panic: %v", v))
			}
		}()
		c.Next()
	}
}

// AccessLog logs one line per request.
func AccessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		log.LogAttrs(c.Request.Context(), level, "request",
			slog.String("method", c.Request.Method),
			slog.String("path", c.Request.URL.Path),
			slog.Int("status", status),
			slog.Int("bytes", c.Writer.Size()),
			slog.Duration("duration", time.Since(start)),
			slog.String("ip", c.ClientIP()),
		)
	}
}

// contentSecurityPolicy allows only the site's own scripts, styles and
// forms: templates must not use inline scripts, inline styles or style
// attributes.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// SecurityHeaders sets the headers every response carries.
func SecurityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	c.Next()
}

// CrossOrigin refuses cross-origin unsafe requests
// (http.CrossOriginProtection).
func CrossOrigin(fail Fail) gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	return func(c *gin.Context) {
		if err := cop.Check(c.Request); err != nil {
			fail(c, &drafts.Error{Code: drafts.EFORBIDDEN, Message: "跨站请求被拒绝。", Err: err})
		}
	}
}

// LimitBody bounds every request body to limit bytes, or the route's
// smaller bound in small ("METHOD /gin/path" → bytes); reading past it
// fails with *http.MaxBytesError, which Classify turns into 413.
func LimitBody(limit int64, small map[string]int64, fail Fail) gin.HandlerFunc {
	return func(c *gin.Context) {
		limit := limit
		if n, ok := small[c.Request.Method+" "+c.FullPath()]; ok {
			limit = n
		}
		if c.Request.ContentLength > limit {
			fail(c, &drafts.Error{Code: drafts.ETOOLARGE, Message: fmt.Sprintf("请求内容过大（上限 %s）。", ByteSize(limit))})
			return
		}
		if c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		}
		c.Next()
	}
}

// What text Lifa accepts is one rule (drafts.CheckText): valid UTF-8
// without control characters except newline and tab, carriage returns
// normalised. It is enforced at the edge for everything a request carries
// as text — the path, the query, form fields and the names of uploaded
// files (CheckInput), JSON strings (DecodeJSON) and the parsed text of an
// uploaded version (its workflow) — so both databases see the same text
// and a refusal is a 400 that says why, never a 500 from the database.

// maxFormMemory is how much of a multipart form's files is kept in
// memory; the rest goes to temporary files (an uploaded file is read once,
// by its handler).
const maxFormMemory = 1 << 20

// CheckInput refuses a request whose path, query or form fields hold text
// Lifa does not accept. It parses url-encoded and multipart forms of unsafe
// requests itself, so that a form too large (over maxBody) or malformed is
// refused here with 413 or 400 (gin's PostForm would ignore the error), and
// normalises their newlines in place.
func CheckInput(maxBody int64, fail Fail) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := CheckURL(c.Request.URL); err != nil {
			fail(c, err)
			return
		}
		if !IsSafe(c.Request.Method) {
			if err := parseForm(c.Request, maxBody); err != nil {
				fail(c, err)
				return
			}
		}
		c.Next()
	}
}

// parseForm parses a url-encoded or multipart body and checks its fields
// and file names; other bodies are left to their handler.
func parseForm(r *http.Request, maxBody int64) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch ct {
	case "application/x-www-form-urlencoded":
		err = r.ParseForm()
	case "multipart/form-data":
		err = r.ParseMultipartForm(maxFormMemory)
	default:
		return nil
	}
	if err != nil {
		if IsTooLarge(err) || errors.Is(err, http.ErrNotMultipart) && r.ContentLength > maxBody {
			return &drafts.Error{Code: drafts.ETOOLARGE, Message: fmt.Sprintf("请求内容过大（上限 %d MB）。", maxBody>>20), Err: err}
		}
		if err.Error() == "multipart: message too large" {
			return &drafts.Error{Code: drafts.ETOOLARGE, Message: "表单内容过大。", Err: err}
		}
		return &drafts.Error{Code: drafts.EINVALID, Message: "无法读取提交的表单。", Err: err}
	}
	for _, vals := range []url.Values{r.PostForm, r.Form} {
		for k, vs := range vals {
			if err := drafts.CheckText("字段名", k); err != nil {
				return err
			}
			for i, v := range vs {
				if vs[i], err = drafts.CleanText(k, v); err != nil {
					return err
				}
			}
		}
	}
	if r.MultipartForm != nil {
		for k, fhs := range r.MultipartForm.File {
			for _, fh := range fhs {
				if err := drafts.CheckText(k+" 的文件名", fh.Filename); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
