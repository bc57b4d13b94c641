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
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/store"
)

// adminTokenSetting is the store setting holding the admin token's SHA-256.
const adminTokenSetting = "admin_token_sha256"

// adminAccountSetting is the store setting holding the id of the account
// that signing in with the admin token opens a session for.
const adminAccountSetting = "admin_token_account"

// adminActorName is the audit-log name of writes made with the admin token
// in the Authorization header, and the name of the account the token
// signs in as (unless another account already has that name).
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
	// Sessions opened with the old token end with it: a new random
	// password ends every session of the token's account.
	if a, err := adminAccount(ctx, st, false); err != nil {
		return "", err
	} else if a != nil {
		if err := scramblePassword(ctx, st, a.ID); err != nil {
			return "", err
		}
	}
	return tok, nil
}

// scramblePassword gives account id an unknowable password, which also
// ends its sessions (the store does so on every password change).
func scramblePassword(ctx context.Context, st *store.Store, id int64) error {
	h, err := drafts.HashPassword(drafts.NewToken("x"), drafts.PasswordCost)
	if err != nil {
		return err
	}
	if _, err := st.UpdateAccount(ctx, adminActorName, id, store.AccountUpdate{PasswordHash: &h}); err != nil {
		return fmt.Errorf("end admin token sessions: %w", err)
	}
	return nil
}

// adminAccount returns the account that the admin token signs in as,
// creating it when create is set (an administrator whose password nobody
// knows) and enabling it again if it was disabled; nil when it does not
// exist and create is false.
func adminAccount(ctx context.Context, st *store.Store, create bool) (*drafts.Account, error) {
	if v, err := st.Setting(ctx, adminAccountSetting); err == nil {
		id, _ := strconv.ParseInt(v, 10, 64)
		a, err := st.Account(ctx, id)
		if err == nil {
			if a.Disabled && create {
				off := false
				if a, err = st.UpdateAccount(ctx, adminActorName, a.ID, store.AccountUpdate{Disabled: &off}); err != nil {
					return nil, err
				}
			}
			return a, nil
		}
		if drafts.ErrorCode(err) != drafts.ENOTFOUND {
			return nil, err
		}
	} else if drafts.ErrorCode(err) != drafts.ENOTFOUND {
		return nil, err
	}
	if !create {
		return nil, nil
	}
	h, err := drafts.HashPassword(drafts.NewToken("x"), drafts.PasswordCost)
	if err != nil {
		return nil, err
	}
	var a *drafts.Account
	for _, name := range []string{adminActorName, "admin-token", "admin-token-" + drafts.NewToken("")[:6]} {
		a = &drafts.Account{Name: name, DisplayName: "管理员（令牌登录）", Role: drafts.RoleAdmin, PasswordHash: h}
		err = st.CreateAccount(ctx, adminActorName, a)
		if drafts.ErrorCode(err) != drafts.ECONFLICT {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("admin token account: %w", err)
	}
	if err := st.SetSetting(ctx, adminAccountSetting, strconv.FormatInt(a.ID, 10)); err != nil {
		return nil, err
	}
	return a, nil
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

// adminTokenIdentity recognises the admin token in "Authorization:
// Bearer". A browser signs in with the token on the login page and gets an
// ordinary session instead (login): no cookie ever holds the token.
func (s *Server) adminTokenIdentity(c *gin.Context) (*Actor, error) {
	h := c.GetHeader("Authorization")
	if h == "" {
		return nil, nil
	}
	scheme, rest, _ := strings.Cut(h, " ")
	tok := strings.TrimSpace(rest)
	if !strings.EqualFold(scheme, "Bearer") || !strings.HasPrefix(tok, "lifa_") {
		return nil, nil // another identifier may know this scheme
	}
	ok, err := s.checkAdminToken(c.Request.Context(), tok)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, drafts.Errorf(drafts.EUNAUTHORIZED, "管理令牌无效。")
	}
	return &Actor{Name: adminActorName, Role: "admin", Writer: true}, nil
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
			switch drafts.ErrorCode(err) {
			case drafts.EUNAUTHORIZED, drafts.ERATELIMIT, drafts.EUNAVAILABLE:
			default:
				return err
			}
			return s.render(c, ErrorStatus(err), "admin/login.html", "登录",
				loginData{Next: next, Error: drafts.ErrorMessage(err), Name: name})
		}
		c.Redirect(http.StatusSeeOther, next)
		return nil
	}
	if err := s.checkSignIn(c, ""); err != nil {
		return s.render(c, ErrorStatus(err), "admin/login.html", "工作人员登录",
			loginData{Next: next, Error: drafts.ErrorMessage(err)})
	}
	ok, err := s.checkAdminToken(c.Request.Context(), tok)
	if err != nil {
		return err
	}
	if !ok {
		return s.render(c, http.StatusUnauthorized, "admin/login.html", "工作人员登录",
			loginData{Next: next, Error: "管理令牌不正确。"})
	}
	// The token is exchanged for an ordinary session of the token's
	// account, which logout ends; the cookie holds only the session.
	ctx := c.Request.Context()
	a, err := adminAccount(ctx, s.store, true)
	if err != nil {
		return err
	}
	stok, sess, err := s.store.CreateSession(ctx, a.ID, drafts.SessionLifetime)
	if err != nil {
		return err
	}
	s.setSessionCookie(c, stok, sess.ExpiresAt)
	c.Redirect(http.StatusSeeOther, next)
	return nil
}

func (s *Server) logout(c *gin.Context) error {
	s.signOut(c)
	c.Redirect(http.StatusSeeOther, "/")
	return nil
}

// safeNext keeps redirects on this site (drafts.SafeRedirect).
func safeNext(next string) string {
	return drafts.SafeRedirect(next)
}
