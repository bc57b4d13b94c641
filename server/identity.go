package server

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// Actor is who makes a request, as recognised by an identifier.
type Actor struct {
	// Name is recorded as the actor in the store's audit log.
	Name string
	// Role is "admin" for the admin token; accounts (the opinions area)
	// add "staff", "member", "contact" …
	Role string
	// Writer is true for actors allowed to create and change regulations
	// and versions.
	Writer bool
}

// identifier recognises the credentials of a request. It returns
// (nil, nil) when the request carries none it knows, and an error when it
// carries bad ones (e.g. a wrong token: *drafts.Error EUNAUTHORIZED).
type identifier func(c *gin.Context) (*Actor, error)

// actor returns who makes the request, asking each identifier in turn;
// nil for anonymous requests. The answer is cached on the request.
func (s *Server) actor(c *gin.Context) (*Actor, error) {
	if v, ok := c.Get("lifa.actor"); ok {
		return v.(*Actor), nil
	}
	for _, id := range s.identifiers {
		a, err := id(c)
		if err != nil {
			return nil, err
		}
		if a != nil {
			c.Set("lifa.actor", a)
			c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), actorKey, a))
			return a, nil
		}
	}
	c.Set("lifa.actor", (*Actor)(nil))
	return nil, nil
}

// actorName returns the name of the request's actor, "" when anonymous.
func (s *Server) actorName(c *gin.Context) string {
	a, _ := s.actor(c)
	if a == nil {
		return ""
	}
	return a.Name
}

// denyAnonymous answers a request that needs a signed-in actor: a page
// GET is sent to the login page (and back afterwards), anything else gets
// 401 with msg.
func (s *Server) denyAnonymous(c *gin.Context, msg string) {
	if !isAPI(c) && c.Request.Method == http.MethodGet {
		c.Redirect(http.StatusSeeOther, "/admin/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
		c.Abort()
		return
	}
	s.renderError(c, drafts.Errorf(drafts.EUNAUTHORIZED, "%s", msg))
}

// requireWriter is the middleware on every write route (and the staff
// pages): it lets through actors with Writer set. Anonymous API requests
// get 401; anonymous page requests are sent to the login page; others 403.
func (s *Server) requireWriter() gin.HandlerFunc {
	return func(c *gin.Context) {
		a, err := s.actor(c)
		if err != nil {
			s.renderError(c, err)
			return
		}
		if a == nil {
			s.denyAnonymous(c, "请先登录，或在请求头中提供管理令牌（Authorization: Bearer …）。")
			return
		}
		if !a.Writer {
			s.renderError(c, drafts.Errorf(drafts.EFORBIDDEN, "您没有进行此操作的权限。"))
			return
		}
		c.Next()
	}
}

// OnVersionCreated registers fn to be called after a version is stored
// (see Config.OnVersionCreated).
func OnVersionCreated(fn func(context.Context, *drafts.Version)) Option {
	return func(s *Server) error { s.versionCreated = append(s.versionCreated, fn); return nil }
}
