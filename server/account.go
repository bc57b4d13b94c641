package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/accounts"
)

// registerAccountPages registers the signed-in user's own pages: API
// tokens and the password change.
func (s *Server) registerAccountPages(pages *gin.RouterGroup) {
	own := s.requirePerm(drafts.PermOwnAccount)
	pages.GET("/account/tokens", own, s.handle(s.tokensPage))
	pages.POST("/account/tokens", own, s.handle(s.tokensAction))
	pages.GET("/account/password", own, s.handle(s.passwordPage))
	pages.POST("/account/password", own, s.handle(s.passwordAction))
}

// tokensData is the data of account/tokens.html.
type tokensData struct {
	Account *drafts.Account // whose tokens
	Self    bool            // the signed-in user's own
	Tokens  []*drafts.APIToken
	// NewToken is the token just created, shown this once.
	NewToken    string
	CSRF        string
	Done, Error string
}

// tokenOwner reads the account parameter (raw) and returns the account
// whose tokens the request manages (accounts.Service.TokenOwner).
func (s *Server) tokenOwner(c *gin.Context, raw string) (*drafts.Account, bool, error) {
	me, err := s.account(c)
	if err != nil {
		return nil, false, err
	}
	id, _ := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	if raw != "" && id <= 0 {
		return nil, false, drafts.Errorf(drafts.EINVALID, "用户编号无效。")
	}
	return s.accounts.TokenOwner(c.Request.Context(), me, id)
}

// tokensPage is GET /account/tokens[?account=ID]: the user's API tokens.
func (s *Server) tokensPage(c *gin.Context) error {
	a, self, err := s.tokenOwner(c, c.Query("account"))
	if err != nil {
		return err
	}
	return s.renderTokens(c, http.StatusOK, tokensData{Account: a, Self: self})
}

func (s *Server) renderTokens(c *gin.Context, status int, d tokensData) error {
	list, err := s.accounts.Tokens(c.Request.Context(), d.Account.ID)
	if err != nil {
		return err
	}
	d.Tokens, d.CSRF = list, s.csrfToken(c)
	b, err := s.tmpl.Execute("account/tokens.html", s.page(c, "API 令牌", d))
	if err != nil {
		return err
	}
	// The page may hold a token shown once: never store it.
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", b)
	return nil
}

// tokensAction is POST /account/tokens: action=create (label) or
// action=revoke (id), for the form's account.
func (s *Server) tokensAction(c *gin.Context) error {
	a, self, err := s.tokenOwner(c, c.PostForm("account"))
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	d := tokensData{Account: a, Self: self}
	switch c.PostForm("action") {
	case "create":
		tok, k, err := s.accounts.CreateToken(ctx, s.actorName(c), a.ID, c.PostForm("label"))
		if drafts.ErrorCode(err) == drafts.EINVALID {
			d.Error = drafts.ErrorMessage(err)
			return s.renderTokens(c, http.StatusBadRequest, d)
		} else if err != nil {
			return err
		}
		d.NewToken, d.Done = tok, fmt.Sprintf("已创建令牌“%s”。", k.Label)
		return s.renderTokens(c, http.StatusCreated, d)
	case "revoke":
		id, _ := strconv.ParseInt(c.PostForm("id"), 10, 64)
		k, err := s.accounts.RevokeToken(ctx, s.actorName(c), a.ID, id)
		if err != nil {
			return err
		}
		d.Done = fmt.Sprintf("已撤销令牌“%s”，使用它的请求将被拒绝。", k.Label)
		return s.renderTokens(c, http.StatusOK, d)
	}
	return drafts.Errorf(drafts.EINVALID, "未知操作。")
}

// passwordData is the data of account/password.html.
type passwordData struct {
	Account     *drafts.Account
	CSRF        string
	Done, Error string
	MinLength   int
}

// passwordPage is GET /account/password.
func (s *Server) passwordPage(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	if err := accounts.HasPassword(a); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "account/password.html", "修改密码",
		passwordData{Account: a, CSRF: s.csrfToken(c), MinLength: drafts.MinPasswordLength})
}

// passwordAction is POST /account/password: current, new and repeated
// password (accounts.Service.ChangePassword). Every session of the account
// ends; this browser gets a fresh one and stays signed in.
func (s *Server) passwordAction(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	d := passwordData{Account: a, CSRF: s.csrfToken(c), MinLength: drafts.MinPasswordLength}
	sess, tok, err := s.accounts.ChangePassword(c.Request.Context(), a, c.PostForm("current"), c.PostForm("new"), c.PostForm("confirm"))
	if err != nil {
		if drafts.ErrorCode(err) == drafts.EINTERNAL {
			return err
		}
		d.Error = drafts.ErrorMessage(err)
		return s.render(c, ErrorStatus(err), "account/password.html", "修改密码", d)
	}
	s.setSessionCookie(c, tok, sess.ExpiresAt)
	d.CSRF = sess.CSRF
	d.Done = "密码已修改。其他设备上的登录已失效，需要用新密码重新登录。"
	return s.render(c, http.StatusOK, "account/password.html", "修改密码", d)
}
