package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/store"
)

// passwordData is the data of account/password.html.
type passwordData struct {
	Account     *drafts.Account
	CSRF        string
	Done, Error string
	MinLength   int
}

// passwordPage is GET /account/password.
func (s *Server) passwordPage(c *gin.Context) error {
	a, err := s.ownAccount(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "account/password.html", "修改密码",
		passwordData{Account: a, CSRF: s.csrfToken(c), MinLength: drafts.MinPasswordLength})
}

// ownAccount is the signed-in account, refusing the admin token (which
// has no password).
func (s *Server) ownAccount(c *gin.Context) (*drafts.Account, error) {
	a, err := s.account(c)
	if err != nil {
		return nil, err
	}
	if a.ID == 0 {
		return nil, drafts.Errorf(drafts.EFORBIDDEN, "管理令牌没有密码，无法在此修改。")
	}
	return a, nil
}

// passwordAction is POST /account/password: current, new and repeated
// password. Changing the password ends every session of the account (the
// store does so); this browser gets a fresh session and stays signed in.
func (s *Server) passwordAction(c *gin.Context) error {
	a, err := s.ownAccount(c)
	if err != nil {
		return err
	}
	d := passwordData{Account: a, CSRF: s.csrfToken(c), MinLength: drafts.MinPasswordLength}
	refuse := func(status int, msg string) error {
		d.Error = msg
		return s.render(c, status, "account/password.html", "修改密码", d)
	}
	cur, next, again := c.PostForm("current"), c.PostForm("new"), c.PostForm("confirm")
	if err := s.checkSignIn(c, a.Name); err != nil {
		return refuse(ErrorStatus(err), drafts.ErrorMessage(err))
	}
	var ok bool
	if err := s.withHashSlot(c, func() { ok = drafts.CheckPasswordTiming(a.PasswordHash, cur) }); err != nil {
		return refuse(ErrorStatus(err), drafts.ErrorMessage(err))
	}
	if !ok {
		return refuse(http.StatusUnauthorized, "当前密码不正确。")
	}
	if next != again {
		return refuse(http.StatusBadRequest, "两次输入的新密码不一致。")
	}
	if next == cur {
		return refuse(http.StatusBadRequest, "新密码不能与当前密码相同。")
	}
	var h string
	if serr := s.withHashSlot(c, func() { h, err = drafts.HashPassword(next, drafts.PasswordCost) }); serr != nil {
		return refuse(ErrorStatus(serr), drafts.ErrorMessage(serr))
	}
	if err != nil {
		if drafts.ErrorCode(err) == drafts.EINTERNAL {
			return err
		}
		return refuse(ErrorStatus(err), drafts.ErrorMessage(err))
	}
	ctx := c.Request.Context()
	if _, err := s.store.UpdateAccount(ctx, a.Name, a.ID, store.AccountUpdate{PasswordHash: &h}); err != nil {
		return err
	}
	tok, sess, err := s.store.CreateSession(ctx, a.ID, drafts.SessionLifetime)
	if err != nil {
		return err
	}
	s.setSessionCookie(c, tok, sess.ExpiresAt)
	d.CSRF = sess.CSRF
	d.Done = "密码已修改。其他设备上的登录已失效，需要用新密码重新登录。"
	return s.render(c, http.StatusOK, "account/password.html", "修改密码", d)
}
