package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/accounts"
)

// registerLoginRoutes registers signing in and out: the login page (name
// and password, or the admin token) and the same for scripts.
func (s *Server) registerLoginRoutes(api, pages *gin.RouterGroup) {
	pages.GET("/admin/login", s.handle(s.loginPage))
	pages.POST("/admin/login", s.handle(s.login))
	pages.POST("/admin/logout", s.handle(s.logout))
	api.POST("/login", s.handle(s.apiLogin))
	api.POST("/logout", s.handle(s.apiLogout))
	api.GET("/me", s.handle(s.apiMe))
}

// loginData is the data of admin/login.html.
type loginData struct {
	Next, Error, Name string
}

func (s *Server) loginPage(c *gin.Context) error {
	return s.render(c, http.StatusOK, "admin/login.html", "登录", loginData{Next: drafts.SafeRedirect(c.Query("next"))})
}

// login is POST /admin/login: an account signs in with its name and
// password; the admin token is exchanged for an ordinary session of the
// token's account. Either way the cookie holds only a session.
func (s *Server) login(c *gin.Context) error {
	tok := strings.TrimSpace(c.PostForm("token"))
	next := drafts.SafeRedirect(c.PostForm("next"))
	name := strings.TrimSpace(c.PostForm("name"))
	var a *drafts.Account
	var sess *drafts.Session
	var stok string
	var err error
	if err = s.checkSignIn(c, name); err == nil {
		a, sess, stok, err = s.accounts.SignInForm(c.Request.Context(), name, c.PostForm("password"), tok)
	}
	if drafts.ErrorCode(err) == drafts.EUNAUTHORIZED {
		return s.render(c, http.StatusUnauthorized, "admin/login.html", "登录",
			loginData{Next: next, Error: drafts.ErrorMessage(err), Name: name})
	} else if err != nil {
		return err
	}
	s.setSessionCookie(c, stok, sess.ExpiresAt)
	if a != nil && a.MustChangePassword {
		return s.seeOther(c, passwordPath+"?next="+url.QueryEscape(next), "管理员已重置您的密码，请先设置新密码。")
	}
	c.Redirect(http.StatusSeeOther, next)
	return nil
}

// signOut ends the request's session, if any.
func (s *Server) signOut(c *gin.Context) {
	if tok, err := c.Cookie(sessionCookie); err == nil && tok != "" {
		if err := s.accounts.SignOut(c.Request.Context(), tok); err != nil {
			s.log.WarnContext(c.Request.Context(), "logout", "err", err)
		}
	}
	s.clearSessionCookie(c)
}

func (s *Server) logout(c *gin.Context) error {
	s.signOut(c)
	c.Redirect(http.StatusSeeOther, "/")
	return nil
}

// apiLogin is POST /api/v1/login {"name", "password"}: starts a session
// (cookie) for scripts and the browser tests; GET /api/v1/me then gives
// the CSRF token to send in X-CSRF-Token.
func (s *Server) apiLogin(c *gin.Context) error {
	var in accounts.Credentials
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.checkSignIn(c, in.Name); err != nil {
		return err
	}
	a, sess, tok, err := s.accounts.SignIn(c.Request.Context(), in.Name, in.Password)
	if err != nil {
		return err
	}
	s.setSessionCookie(c, tok, sess.ExpiresAt)
	c.JSON(http.StatusOK, gin.H{"account": a})
	return nil
}

// apiLogout is POST /api/v1/logout.
func (s *Server) apiLogout(c *gin.Context) error {
	s.signOut(c)
	c.Status(http.StatusNoContent)
	return nil
}

// apiMe is GET /api/v1/me: the signed-in account and, for a session, the
// CSRF token for unsafe requests.
func (s *Server) apiMe(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	if a == nil {
		return drafts.Errorf(drafts.EUNAUTHORIZED, "未登录。")
	}
	c.JSON(http.StatusOK, gin.H{"account": a, "csrf": s.csrfToken(c)})
	return nil
}
