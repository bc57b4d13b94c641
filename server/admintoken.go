package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/store"
)

// adminTokenSetting is the store setting holding the admin token's SHA-256.
const adminTokenSetting = "admin_token_sha256"

// adminCookie is the cookie the staff login form sets; it holds the token.
const adminCookie = "lifa_admin"

// adminActorName is the audit-log name of writes made with the admin token.
const adminActorName = "admin"

// EnsureAdminToken creates the admin token if the store has none: a random
// token whose SHA-256 is stored with SetSetting. It returns the token and
// true when it created one (the caller prints it once; it cannot be shown
// again), or "" and false when a token already exists.
func EnsureAdminToken(ctx context.Context, st *store.Store) (string, bool, error) {
	_, err := st.Setting(ctx, adminTokenSetting)
	if err == nil {
		return "", false, nil
	}
	if drafts.ErrorCode(err) != drafts.ENOTFOUND {
		return "", false, fmt.Errorf("read admin token: %w", err)
	}
	tok, err := ResetAdminToken(ctx, st)
	return tok, err == nil, err
}

// ResetAdminToken replaces the admin token with a new random one and
// returns it.
func ResetAdminToken(ctx context.Context, st *store.Store) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	tok := "lifa_" + base64.RawURLEncoding.EncodeToString(b[:])
	if err := st.SetSetting(ctx, adminTokenSetting, hashToken(tok)); err != nil {
		return "", fmt.Errorf("store admin token: %w", err)
	}
	return tok, nil
}

func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// checkAdminToken reports whether tok is the admin token.
func (s *Server) checkAdminToken(ctx context.Context, tok string) (bool, error) {
	want, err := s.store.Setting(ctx, adminTokenSetting)
	if drafts.ErrorCode(err) == drafts.ENOTFOUND {
		return false, nil
	} else if err != nil {
		return false, err
	}
	got := hashToken(tok)
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1, nil
}

// adminTokenIdentity recognises the admin token in "Authorization: Bearer"
// or in the staff login cookie.
func (s *Server) adminTokenIdentity(c *gin.Context) (*Actor, error) {
	tok, fromHeader := "", false
	if h := c.GetHeader("Authorization"); h != "" {
		scheme, rest, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || !strings.HasPrefix(strings.TrimSpace(rest), "lifa_") {
			return nil, nil // another identifier may know this scheme
		}
		tok, fromHeader = strings.TrimSpace(rest), true
	} else if ck, err := c.Cookie(adminCookie); err == nil && ck != "" {
		tok = ck
	} else {
		return nil, nil
	}
	ok, err := s.checkAdminToken(c.Request.Context(), tok)
	if err != nil {
		return nil, err
	}
	if !ok {
		if !fromHeader {
			s.clearAdminCookie(c)
			return nil, nil
		}
		return nil, drafts.Errorf(drafts.EUNAUTHORIZED, "管理令牌无效。")
	}
	return &Actor{Name: adminActorName, Role: "admin", Writer: true}, nil
}

func (s *Server) setAdminCookie(c *gin.Context, tok string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: adminCookie, Value: tok, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: 12 * 3600})
}

func (s *Server) clearAdminCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: adminCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// registerAdminRoutes registers the staff login with the admin token.
func (s *Server) registerAdminRoutes(api, pages *gin.RouterGroup) {
	pages.GET("/admin/login", s.handle(s.loginPage))
	pages.POST("/admin/login", s.handle(s.login))
	pages.POST("/admin/logout", s.handle(s.logout))
}

type loginData struct {
	Next, Error, Name string
}

func (s *Server) loginPage(c *gin.Context) error {
	return s.render(c, http.StatusOK, "admin/login.html", "登录", loginData{Next: safeNext(c.Query("next"))})
}

func (s *Server) login(c *gin.Context) error {
	tok := strings.TrimSpace(c.PostForm("token"))
	next := safeNext(c.PostForm("next"))
	if name := strings.TrimSpace(c.PostForm("name")); name != "" || tok == "" {
		// An account signs in with name and password (auth.go).
		if _, err := s.signIn(c, name, c.PostForm("password")); err != nil {
			if drafts.ErrorCode(err) != drafts.EUNAUTHORIZED {
				return err
			}
			return s.render(c, http.StatusUnauthorized, "admin/login.html", "登录",
				loginData{Next: next, Error: drafts.ErrorMessage(err), Name: name})
		}
		c.Redirect(http.StatusSeeOther, next)
		return nil
	}
	ok, err := s.checkAdminToken(c.Request.Context(), tok)
	if err != nil {
		return err
	}
	if !ok {
		return s.render(c, http.StatusUnauthorized, "admin/login.html", "工作人员登录",
			loginData{Next: next, Error: "管理令牌不正确。"})
	}
	s.setAdminCookie(c, tok)
	c.Redirect(http.StatusSeeOther, next)
	return nil
}

func (s *Server) logout(c *gin.Context) error {
	s.signOut(c)
	s.clearAdminCookie(c)
	c.Redirect(http.StatusSeeOther, "/")
	return nil
}

// safeNext keeps redirects on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
