package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/web"
)

// page returns the layout data of a page for this request.
func (s *Server) page(c *gin.Context, title string, data any) web.Page {
	p := web.Page{Title: title, AppVersion: s.cfg.AppVersion, Data: data, Query: c.Query("q"), Flash: s.takeFlash(c),
		LargeText: largeText(c), Path: pagePath(c)}
	if a, _ := s.account(c); a != nil {
		p.Actor = a.DisplayName
		if p.Actor == "" {
			p.Actor = a.Name
		}
		p.CSRF = s.csrfToken(c)
		p.Role = a.Role
		if n, err := s.notices.Unread(c.Request.Context(), a); err == nil {
			p.Unread = n
		} else {
			s.log.WarnContext(c.Request.Context(), "unread notices", "err", err)
		}
	}
	return p
}

// render renders the named page template with data under the layout.
// The template is executed into a buffer first: a failing template gives
// an error page, never half a page.
func (s *Server) render(c *gin.Context, status int, name, title string, data any) error {
	return s.renderPage(c, status, name, s.page(c, title, data))
}

// renderPage renders a prepared web.Page (set Nav, Query … first).
func (s *Server) renderPage(c *gin.Context, status int, name string, p web.Page) error {
	b, err := s.tmpl.Execute(name, p)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-cache")
	if p.Flash != nil && p.Flash.Secret != "" {
		c.Header("Cache-Control", "no-store") // a secret shown once
	}
	c.Data(status, "text/html; charset=utf-8", b)
	return nil
}

// decodeJSON reads a JSON request body into v, refusing unknown fields,
// bodies over Config.MaxJSONBytes and text Lifa does not accept (invalid
// UTF-8, which encoding/json would silently replace, and control
// characters in any string: drafts.CheckStrings).
func (s *Server) decodeJSON(c *gin.Context, v any) error {
	// A form body was parsed (and so consumed) by checkInput; reading it as
	// JSON would find nothing and answer 请求体为空, which misleads.
	if ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data" {
		return drafts.Errorf(drafts.EINVALID, "请求体应为 JSON：请将 Content-Type 设为 application/json（收到的是 %s）。", ct)
	}
	raw, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxJSONBytes))
	if err != nil {
		if isTooLarge(err) {
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
		if isTooLarge(err) {
			return &drafts.Error{Code: drafts.ETOOLARGE, Message: "请求内容过大。", Err: err}
		}
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

// queryInt reads the query parameter name as an integer in [min, max];
// 0 when absent (or empty). A value that is not an integer, or is out of
// range, is EINVALID with a Chinese message naming the parameter.
func queryInt(c *gin.Context, name string, min, max int64) (int64, error) {
	v := strings.TrimSpace(c.Query(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < min || n > max {
		return 0, drafts.Errorf(drafts.EINVALID, "参数 %s 应为 %d 到 %d 之间的整数。", name, min, max)
	}
	return n, nil
}

// pathID parses the path parameter name as a positive id: EINVALID (400)
// for anything else (/versions/abc), ENOTFOUND is left to the lookup.
func pathID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, drafts.Errorf(drafts.EINVALID, "编号 %q 无效：应为正整数。", c.Param(name))
	}
	return id, nil
}

// nonNil returns list, or an empty list for nil, so that JSON says [] and
// not null.
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
