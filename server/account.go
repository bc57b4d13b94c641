package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/web"
	"lifa/web/httpx"
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
	CSRF    string
	Error   string
}

// tokenOwner reads the account parameter (raw) and returns the account
// whose tokens the request manages (accounts.Service.TokenOwner).
func (s *Server) tokenOwner(c *gin.Context, raw string) (*drafts.Account, bool, error) {
	me, err := s.account(c)
	if err != nil {
		return nil, false, err
	}
	id, err := accounts.ParseAccountID(raw)
	if err != nil {
		return nil, false, err
	}
	return s.accounts.TokenOwner(c.Request.Context(), me, id)
}

// tokensPage is GET /account/tokens[?account=ID]: the user's API tokens;
// a token just created is shown once, above them (the flash).
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
	return s.render(c, status, "account/tokens.html", "API 令牌", d)
}

// tokensAction is POST /account/tokens: action=create (label) or
// action=revoke (id), for the form's account; then back to the list
// (post, redirect, get), the new token shown there once.
func (s *Server) tokensAction(c *gin.Context) error {
	a, self, err := s.tokenOwner(c, c.PostForm("account"))
	if err != nil {
		return err
	}
	back := "/account/tokens"
	if !self {
		back += "?account=" + strconv.FormatInt(a.ID, 10)
	}
	id, _ := strconv.ParseInt(c.PostForm("id"), 10, 64)
	action := c.PostForm("action")
	done, err := s.accounts.ManageTokens(c.Request.Context(), s.actorName(c), a.ID, action, c.PostForm("label"), id)
	if action == "create" && drafts.ErrorCode(err) == drafts.EINVALID {
		return s.renderTokens(c, http.StatusBadRequest, tokensData{Account: a, Self: self, Error: drafts.ErrorMessage(err)})
	} else if err != nil {
		return err
	}
	return s.seeOtherFlash(c, back, flashOf(done))
}

// flashOf is the flash that shows what an account form did.
func flashOf(d accounts.Done) web.Flash {
	return web.Flash{Text: d.Text, Secret: d.Secret, SecretLabel: d.SecretLabel}
}

// passwordData is the data of account/password.html.
type passwordData struct {
	Account   *drafts.Account
	CSRF      string
	Error     string
	MinLength int
	// Next is where to go once the password is changed ("" stays here).
	Next string
}

// passwordPage is GET /account/password[?next=…]; an account whose
// password an administrator reset is sent here first.
func (s *Server) passwordPage(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	if err := accounts.HasPassword(a); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "account/password.html", "修改密码", passwordData{Account: a, CSRF: s.csrfToken(c),
		MinLength: drafts.MinPasswordLength, Next: httpx.SafeNext(c.Query("next"))})
}

// passwordAction is POST /account/password: current, new and repeated
// password (accounts.Service.ChangePassword). Every session of the account
// ends; this browser gets a fresh one, stays signed in and goes on to
// next (or back to this page), saying so.
func (s *Server) passwordAction(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	next := httpx.SafeNext(c.PostForm("next"))
	sess, tok, err := s.accounts.ChangePassword(c.Request.Context(), a, c.PostForm("current"), c.PostForm("new"), c.PostForm("confirm"))
	if err != nil {
		if drafts.ErrorCode(err) == drafts.EINTERNAL {
			return err
		}
		d := passwordData{Account: a, CSRF: s.csrfToken(c), MinLength: drafts.MinPasswordLength, Next: next,
			Error: drafts.ErrorMessage(err)}
		return s.render(c, httpx.Status(err), "account/password.html", "修改密码", d)
	}
	s.setSessionCookie(c, tok, sess.ExpiresAt)
	if next == "" {
		next = "/account/password"
	}
	return s.seeOther(c, next, "密码已修改。其他设备上的登录已失效，需要用新密码重新登录。")
}
