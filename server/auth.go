package server

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/web/httpx"
)

// Who makes a request, and what they may do.
//
// A request is made by an account (drafts.Account) or by the public
// (nil). The account comes from the session cookie of a signed-in browser,
// or from "Authorization: Bearer lifa_…" — an account's API token, or the
// admin token, which acts as the administrator "admin"
// (accounts.TokenAccount). What an account may do is the one permissions
// table in drafts (drafts.Account.Can), checked by requirePerm on every
// route that needs more than the public; unsafe requests authenticated by
// the cookie also carry the session's CSRF token (httpx.CSRF, sessionCSRF).

// sessionCookie holds a signed-in account's session token.
const sessionCookie = "lifa_session"

// Gin context keys of the request's account and session.
const (
	accountKey = "lifa.account"
	sessionKey = "lifa.session"
)

// account returns the account making the request, nil for the public. The
// answer is kept on the request. A bad bearer token is EUNAUTHORIZED; a
// stale session cookie is cleared and the request is the public's.
func (s *Server) account(c *gin.Context) (*drafts.Account, error) {
	if v, ok := c.Get(accountKey); ok {
		a, _ := v.(*drafts.Account)
		return a, nil
	}
	a, err := s.identify(c)
	if err != nil {
		return nil, err
	}
	c.Set(accountKey, a)
	return a, nil
}

func (s *Server) identify(c *gin.Context) (*drafts.Account, error) {
	ctx := c.Request.Context()
	if h := c.GetHeader("Authorization"); h != "" {
		if tok, ok := accounts.BearerToken(h); ok {
			return s.accounts.TokenAccount(ctx, tok)
		}
		return nil, nil // not a Lifa credential
	}
	tok, err := c.Cookie(sessionCookie)
	if err != nil || tok == "" {
		return nil, nil
	}
	sess, a, err := s.accounts.Session(ctx, tok)
	if drafts.ErrorCode(err) == drafts.EUNAUTHORIZED {
		s.clearSessionCookie(c)
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	c.Set(sessionKey, sess)
	return a, nil
}

// idAndAccount reads the path's id and the request's account, what most
// handlers of one resource start with.
func (s *Server) idAndAccount(c *gin.Context) (int64, *drafts.Account, error) {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	a, err := s.account(c)
	return id, a, err
}

// actorName is the audit-log name of the request's account, "" for the
// public.
func (s *Server) actorName(c *gin.Context) string {
	if a, _ := s.account(c); a != nil {
		return a.Name
	}
	return ""
}

// requirePerm lets through the accounts that have permission p. The public
// gets 401 (a page: the login page, and back afterwards), other accounts
// 403.
func (s *Server) requirePerm(p drafts.Permission) gin.HandlerFunc {
	return func(c *gin.Context) {
		a, err := s.account(c)
		if err != nil {
			s.renderError(c, err)
			return
		}
		if a == nil {
			s.denyAnonymous(c)
			return
		}
		if !a.Can(p) {
			s.renderError(c, drafts.Errorf(drafts.EFORBIDDEN, "您的账号（%s）没有进行此操作的权限。", a.Role.Label()))
			return
		}
		if s.mustChangePassword(c, a) {
			return
		}
		c.Next()
	}
}

// passwordPath is the page where an account changes its password.
const passwordPath = "/account/password"

// mustChangePassword holds up a signed-in browser whose password an
// administrator reset: page views go to the password page (and on
// afterwards), anything else is refused, until the account has chosen a
// new password. API tokens are other credentials and are not held up.
func (s *Server) mustChangePassword(c *gin.Context, a *drafts.Account) bool {
	if !a.MustChangePassword || c.Request.URL.Path == passwordPath {
		return false
	}
	if _, viaSession := c.Get(sessionKey); !viaSession {
		return false
	}
	if !httpx.IsAPI(c) && c.Request.Method == http.MethodGet {
		c.Redirect(http.StatusSeeOther, passwordPath+"?next="+url.QueryEscape(c.Request.URL.RequestURI()))
		c.Abort()
		return true
	}
	s.renderError(c, drafts.Errorf(drafts.EFORBIDDEN, "管理员已重置您的密码，请先在“修改密码”页面设置新密码。"))
	return true
}

// denyAnonymous answers a request that needs an account: a page GET is
// sent to the login page (and back afterwards), anything else gets 401.
func (s *Server) denyAnonymous(c *gin.Context) {
	if !httpx.IsAPI(c) && c.Request.Method == http.MethodGet {
		c.Redirect(http.StatusSeeOther, "/admin/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
		c.Abort()
		return
	}
	s.renderError(c, drafts.Errorf(drafts.EUNAUTHORIZED, "请先登录，或在请求头中提供令牌（Authorization: Bearer …）。"))
}

// csrfToken returns the CSRF token to put in the request's forms, "" when
// there is no session.
func (s *Server) csrfToken(c *gin.Context) string {
	tok, _, _ := s.sessionCSRF(c)
	return tok
}

// sessionCSRF is the CSRF token of the session cookie that authenticates
// the request; ok false when none does (httpx.CSRF).
func (s *Server) sessionCSRF(c *gin.Context) (tok string, ok bool, err error) {
	if _, err := s.account(c); err != nil {
		return "", false, err
	}
	if v, ok := c.Get(sessionKey); ok {
		return v.(*drafts.Session).CSRF, true, nil
	}
	return "", false, nil
}

func (s *Server) setSessionCookie(c *gin.Context, tok string, exp time.Time) {
	ck := httpx.Cookie(sessionCookie, tok, s.cfg.SecureCookies)
	ck.Expires, ck.MaxAge = exp, int(time.Until(exp).Seconds())
	http.SetCookie(c.Writer, ck)
}

func (s *Server) clearSessionCookie(c *gin.Context) {
	ck := httpx.Cookie(sessionCookie, "", s.cfg.SecureCookies)
	ck.MaxAge = -1
	http.SetCookie(c.Writer, ck)
}
