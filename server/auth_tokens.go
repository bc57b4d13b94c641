package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// registerAccountPages registers the signed-in user's own pages: API
// tokens and the password change. Both need a signed-in account, and their
// form posts the session's CSRF token (requireAccount).
func (s *Server) registerAccountPages(pages *gin.RouterGroup) {
	pages.GET("/account/tokens", s.requireAccount(), s.handle(s.tokensPage))
	pages.POST("/account/tokens", s.requireAccount(), s.handle(s.tokensAction))
	pages.GET("/account/password", s.requireAccount(), s.handle(s.passwordPage))
	pages.POST("/account/password", s.requireAccount(), s.handle(s.passwordAction))
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

// tokenAccount returns the account whose tokens a request manages: the
// signed-in user's own, or (administrators only) the account named by
// the account parameter.
func (s *Server) tokenAccount(c *gin.Context, raw string) (*drafts.Account, bool, error) {
	me, err := s.account(c)
	if err != nil {
		return nil, false, err
	}
	id, _ := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	if raw != "" && id <= 0 {
		return nil, false, drafts.Errorf(drafts.EINVALID, "用户编号无效。")
	}
	if id == 0 || id == me.ID {
		if me.ID == 0 {
			// The admin token is no account: it has no tokens of its own.
			return nil, false, drafts.Errorf(drafts.EINVALID, "以管理令牌登录时，请在用户与联系点页面选择要管理令牌的用户。")
		}
		return me, true, nil
	}
	if !me.Can(drafts.PermManageAccounts) {
		return nil, false, drafts.Errorf(drafts.EFORBIDDEN, "只能管理自己的 API 令牌。")
	}
	a, err := s.store.Account(c.Request.Context(), id)
	if err != nil {
		return nil, false, err
	}
	return a, false, nil
}

// tokensPage is GET /account/tokens[?account=ID]: the user's API tokens.
func (s *Server) tokensPage(c *gin.Context) error {
	a, self, err := s.tokenAccount(c, c.Query("account"))
	if err != nil {
		return err
	}
	return s.renderTokens(c, http.StatusOK, tokensData{Account: a, Self: self})
}

func (s *Server) renderTokens(c *gin.Context, status int, d tokensData) error {
	list, err := s.store.APITokens(c.Request.Context(), d.Account.ID)
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
	a, self, err := s.tokenAccount(c, c.PostForm("account"))
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	d := tokensData{Account: a, Self: self}
	switch c.PostForm("action") {
	case "create":
		label := strings.TrimSpace(c.PostForm("label"))
		if label == "" {
			d.Error = "请填写令牌用途，便于日后识别和撤销。"
			return s.renderTokens(c, http.StatusBadRequest, d)
		}
		if len([]rune(label)) > 100 {
			d.Error = "令牌用途最多 100 字。"
			return s.renderTokens(c, http.StatusBadRequest, d)
		}
		tok, k, err := s.store.CreateAPIToken(ctx, s.actorName(c), a.ID, label)
		if err != nil {
			return err
		}
		d.NewToken = tok
		d.Done = fmt.Sprintf("已创建令牌“%s”。", k.Label)
		return s.renderTokens(c, http.StatusCreated, d)
	case "revoke":
		id, _ := strconv.ParseInt(c.PostForm("id"), 10, 64)
		list, err := s.store.APITokens(ctx, a.ID)
		if err != nil {
			return err
		}
		var k *drafts.APIToken
		for _, t := range list {
			if t.ID == id {
				k = t
			}
		}
		if k == nil {
			return drafts.Errorf(drafts.ENOTFOUND, "该用户没有这个 API 令牌。")
		}
		if !k.Revoked {
			if err := s.store.RevokeAPIToken(ctx, s.actorName(c), id); err != nil {
				return err
			}
		}
		d.Done = fmt.Sprintf("已撤销令牌“%s”，使用它的请求将被拒绝。", k.Label)
		return s.renderTokens(c, http.StatusOK, d)
	}
	return drafts.Errorf(drafts.EINVALID, "未知操作。")
}
