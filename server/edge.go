package server

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// What text Lifa accepts is one rule (drafts.CheckText): valid UTF-8
// without control characters except newline and tab, carriage returns
// normalised. It is enforced here, at the edge, for everything a request
// carries as text — the path, the query, form fields and the names of
// uploaded files (checkInput), JSON strings (decodeJSON) and the parsed
// text of an uploaded version (createVersion) — so both databases see the
// same text and a refusal is a 400 that says why, never a 500 from the
// database.

// maxFormMemory is how much of a multipart form's files is kept in
// memory; the rest goes to temporary files (an uploaded file is read once,
// by its handler).
const maxFormMemory = 1 << 20

// checkInput refuses a request whose path, query or form fields hold text
// Lifa does not accept. It parses url-encoded and multipart forms of unsafe
// requests itself, so that a form too large or malformed is refused here
// with 413 or 400 (gin's PostForm would ignore the error), and normalises
// their newlines in place.
func (s *Server) checkInput(c *gin.Context) {
	if err := s.checkURL(c.Request.URL); err != nil {
		s.renderError(c, err)
		return
	}
	if !isSafeMethod(c.Request.Method) {
		if err := s.parseForm(c.Request); err != nil {
			s.renderError(c, err)
			return
		}
	}
	c.Next()
}

func isSafeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// checkURL checks the path and every query parameter name and value.
func (s *Server) checkURL(u *url.URL) error {
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

// parseForm parses a url-encoded or multipart body and checks its fields
// and file names; other bodies are left to their handler.
func (s *Server) parseForm(r *http.Request) error {
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
		if isTooLarge(err) || errors.Is(err, http.ErrNotMultipart) && r.ContentLength > s.cfg.MaxBodyBytes {
			return &drafts.Error{Code: drafts.ETOOLARGE,
				Message: fmt.Sprintf("请求内容过大（上限 %d MB）。", s.cfg.MaxBodyBytes>>20), Err: err}
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
