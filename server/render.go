package server

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/web"
	"lifa/web/httpx"
)

// page returns the layout data of a page for this request.
func (s *Server) page(c *gin.Context, title string, data any) web.Page {
	p := web.Page{Title: title, AppVersion: s.cfg.AppVersion, Data: data, Query: c.Query("q"), Flash: s.flash.Take(c),
		LargeText: httpx.LargeText(c), Path: httpx.PagePath(c)}
	if a, _ := s.account(c); a != nil {
		p.Actor = a.ShownName()
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

// seeOther ends a successful form submission (post → redirect → get): it
// redirects (303) to target, a path on this site, where done is shown once
// (a sealed flash cookie, httpx.Flashes).
func (s *Server) seeOther(c *gin.Context, target, done string) error {
	return s.seeOtherFlash(c, target, web.Flash{Text: done})
}

// seeOtherFlash is seeOther with a whole flash (a secret to show once).
func (s *Server) seeOtherFlash(c *gin.Context, target string, f web.Flash) error {
	s.flash.Set(c, f)
	c.Redirect(http.StatusSeeOther, drafts.SafeRedirect(target))
	return nil
}

// seeOtherError redirects like seeOther with a refusal to show, for forms
// whose input is not worth keeping (a button in a list: 停用, 撤销).
func (s *Server) seeOtherError(c *gin.Context, target string, err error) error {
	if drafts.ErrorCode(err) == drafts.EINTERNAL {
		return err
	}
	return s.seeOtherFlash(c, target, web.Flash{Text: drafts.ErrorMessage(err), Error: true})
}

// decodeJSON reads a JSON body bounded by Config.MaxJSONBytes
// (httpx.DecodeJSON); listWindow reads ?limit= and ?offset=, the offset
// bounded by maxListOffset. The other request helpers are httpx's.
func (s *Server) decodeJSON(c *gin.Context, v any) error {
	return httpx.DecodeJSON(c, v, s.cfg.MaxJSONBytes)
}

func listWindow(c *gin.Context) (limit, offset int, err error) {
	return httpx.ListWindow(c, maxListOffset)
}

// reasonRequest reads POST …/{id}/… {"reason": "…"}: the path's id and
// the reason given (closing a consultation early, withdrawing a version).
func (s *Server) reasonRequest(c *gin.Context) (id int64, reason string, err error) {
	if id, err = httpx.PathID(c, "id"); err != nil {
		return 0, "", err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	err = s.decodeJSON(c, &in)
	return id, in.Reason, err
}

// replyJSON answers v as JSON with status, or returns err (the workflow's
// refusal) to the one place that renders errors. v is evaluated before
// err is looked at: it must not reach into what a failed call returned.
func replyJSON(c *gin.Context, status int, v any, err error) error {
	if err != nil {
		return err
	}
	c.JSON(status, v)
	return nil
}

// formValues returns the fields of the request's form as c.PostForm reads
// them, for the workflows that read a form (url.Values).
func formValues(c *gin.Context) url.Values {
	c.PostForm("") // parses the form, once, as gin does
	return c.Request.PostForm
}
