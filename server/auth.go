package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// sessionCookie holds a signed-in account's session token.
const sessionCookie = "lifa_session"

// csrfField is the hidden form field carrying the session's CSRF token.
const csrfField = "csrf"

// Gin context keys of the auth area.
const (
	accountKey = "lifa.account"
	sessionKey = "lifa.session"
)

// sessionIdentity recognises the session cookie of a signed-in account.
func (s *Server) sessionIdentity(c *gin.Context) (*Actor, error) {
	tok, err := c.Cookie(sessionCookie)
	if err != nil || tok == "" {
		return nil, nil
	}
	sess, a, err := s.store.Session(c.Request.Context(), tok)
	if drafts.ErrorCode(err) == drafts.EUNAUTHORIZED {
		s.clearSessionCookie(c)
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	c.Set(accountKey, a)
	c.Set(sessionKey, sess)
	return actorOf(a), nil
}

// apiTokenIdentity recognises an account's API token in
// "Authorization: Bearer lifa_…". Tokens it does not know are left to the
// admin token identifier.
func (s *Server) apiTokenIdentity(c *gin.Context) (*Actor, error) {
	h := c.GetHeader("Authorization")
	scheme, rest, _ := strings.Cut(h, " ")
	rest = strings.TrimSpace(rest)
	if !strings.EqualFold(scheme, "Bearer") || !strings.HasPrefix(rest, "lifa_") {
		return nil, nil
	}
	a, err := s.store.APITokenAccount(c.Request.Context(), rest)
	if drafts.ErrorCode(err) == drafts.EUNAUTHORIZED {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	c.Set(accountKey, a)
	return actorOf(a), nil
}

// actorOf is the server's view of an account: staff and admins may write
// regulations and versions.
func actorOf(a *drafts.Account) *Actor {
	return &Actor{Name: a.Name, Role: string(a.Role), Writer: a.Can(drafts.PermEditRegulations)}
}

// account returns the account making the request: a signed-in account or
// API token, or for the admin token an administrator account named
// "admin"; nil for the public.
func (s *Server) account(c *gin.Context) (*drafts.Account, error) {
	a, err := s.actor(c)
	if err != nil || a == nil {
		return nil, err
	}
	if v, ok := c.Get(accountKey); ok {
		return v.(*drafts.Account), nil
	}
	if a.Role == "admin" {
		return &drafts.Account{Name: a.Name, DisplayName: "管理员（令牌）", Role: drafts.RoleAdmin}, nil
	}
	return nil, nil
}

// requirePerm lets through accounts that have permission p. Anonymous
// requests get 401 (pages: the login page), others 403. (Every unsafe
// request authenticated by the session cookie has passed the CSRF check
// before it gets here: csrf.go.)
func (s *Server) requirePerm(p drafts.Permission) gin.HandlerFunc {
	return func(c *gin.Context) {
		a, err := s.account(c)
		if err != nil {
			s.renderError(c, err)
			return
		}
		if a == nil {
			s.denyAnonymous(c, "请先登录。")
			return
		}
		if !a.Can(p) {
			s.renderError(c, drafts.Errorf(drafts.EFORBIDDEN, "您的账号（%s）没有进行此操作的权限。", a.Role.Label()))
			return
		}
		c.Next()
	}
}

// requireAccount lets through any signed-in account (for pages every
// role sees, such as "my opinions").
func (s *Server) requireAccount() gin.HandlerFunc {
	return func(c *gin.Context) {
		a, err := s.account(c)
		if err != nil {
			s.renderError(c, err)
			return
		}
		if a == nil {
			s.denyAnonymous(c, "请先登录。")
			return
		}
		c.Next()
	}
}

// csrfToken returns the CSRF token to put in the request's forms, "" when
// there is no session.
func (s *Server) csrfToken(c *gin.Context) string {
	if _, err := s.actor(c); err != nil {
		return ""
	}
	if v, ok := c.Get(sessionKey); ok {
		return v.(*drafts.Session).CSRF
	}
	return ""
}

func (s *Server) setSessionCookie(c *gin.Context, tok string, exp time.Time) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: tok, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, Expires: exp, MaxAge: int(time.Until(exp).Seconds())})
}

func (s *Server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// signIn checks a name and password and starts a session. The error never
// says which of the two was wrong.
// Attempts are throttled per account and client, and the password hash is
// computed in one of the few hashing slots (throttle.go): ERATELIMIT or
// EUNAVAILABLE when refused.
func (s *Server) signIn(c *gin.Context, name, password string) (*drafts.Account, error) {
	ctx := c.Request.Context()
	if err := s.checkSignIn(c, name); err != nil {
		return nil, err
	}
	a, err := s.store.AccountByName(ctx, name)
	hash := ""
	if err == nil {
		hash = a.PasswordHash
	} else if drafts.ErrorCode(err) != drafts.ENOTFOUND {
		return nil, err
	}
	var ok bool
	if err := s.withHashSlot(c, func() { ok = drafts.CheckPasswordTiming(hash, password) }); err != nil {
		return nil, err
	}
	if !ok || a == nil || a.Disabled {
		return nil, drafts.ErrBadCredentials
	}
	tok, sess, err := s.store.CreateSession(ctx, a.ID, drafts.SessionLifetime)
	if err != nil {
		return nil, err
	}
	s.setSessionCookie(c, tok, sess.ExpiresAt)
	return a, nil
}

// signOut ends the request's session, if any.
func (s *Server) signOut(c *gin.Context) {
	if tok, err := c.Cookie(sessionCookie); err == nil && tok != "" {
		if err := s.store.DeleteSession(c.Request.Context(), tok); err != nil {
			s.log.WarnContext(c.Request.Context(), "logout", "err", err)
		}
	}
	s.clearSessionCookie(c)
}

// apiLogin is POST /api/v1/login {"name", "password"}: starts a session
// (cookie) for scripts and the browser tests; returns the account and the
// CSRF token to send in X-CSRF-Token.
func (s *Server) apiLogin(c *gin.Context) error {
	var in struct {
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.signIn(c, in.Name, in.Password)
	if err != nil {
		return err
	}
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

// registerAuthRoutes puts the session and API-token identifiers before the
// admin token's, and registers sign-in for scripts.
func (s *Server) registerAuthRoutes(api, pages *gin.RouterGroup) {
	s.identifiers = append([]identifier{s.apiTokenIdentity, s.sessionIdentity}, s.identifiers...)
	api.POST("/login", s.handle(s.apiLogin))
	api.POST("/logout", s.handle(s.apiLogout))
	api.GET("/me", s.handle(s.apiMe))
	s.registerAccountPages(pages)
}
