package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/drafts/store"
	"lifa/web"
)

// registerAccountAdminRoutes registers the administration of accounts
// and contact points: the page /admin/accounts and its API.
func (s *Server) registerAccountAdminRoutes(api, pages *gin.RouterGroup) {
	admin := s.requirePerm(drafts.PermManageAccounts)
	api.GET("/accounts", admin, s.handle(s.apiAccounts))
	api.POST("/accounts", admin, s.handle(s.apiCreateAccount))
	api.PATCH("/accounts/:id", admin, s.handle(s.apiUpdateAccount))
	api.POST("/accounts/:id/tokens", admin, s.handle(s.apiCreateToken))
	api.POST("/contact-points", admin, s.handle(s.apiCreateContactPoint))
	api.GET("/contact-points", s.requirePerm(drafts.PermOwnAccount), s.handle(s.apiContactPoints))
	pages.GET("/admin/accounts", admin, s.handle(s.adminAccountsPage))
	pages.POST("/admin/accounts", admin, s.handle(s.adminAccountsAction))
}

// apiAccounts is GET /api/v1/accounts[?q=…&role=…&limit=N&offset=M]:
// the accounts by login name (at most 1,000 a request) and how many match.
func (s *Server) apiAccounts(c *gin.Context) error {
	f, err := accountFilter(c)
	if err != nil {
		return err
	}
	if f.Limit, f.Offset, err = listWindow(c); err != nil {
		return err
	}
	if f.Limit == 0 {
		f.Limit = 1000
	}
	d, err := s.accounts.Directory(c.Request.Context(), f)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"accounts": nonNil(d.Accounts), "total": d.Total})
	return nil
}

// accountFilter reads ?q= and ?role= of the account lists.
func accountFilter(c *gin.Context) (store.AccountFilter, error) {
	f := store.AccountFilter{Query: c.Query("q")}
	if r := c.Query("role"); r != "" {
		role, err := drafts.ParseRole(r)
		if err != nil {
			return f, err
		}
		f.Role = role
	}
	return f, nil
}

// apiCreateAccount is POST /api/v1/accounts.
func (s *Server) apiCreateAccount(c *gin.Context) error {
	var in accounts.NewAccount
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.accounts.Create(c.Request.Context(), s.actorName(c), in)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, a)
	return nil
}

// apiUpdateAccount is PATCH /api/v1/accounts/{id}: role, display name,
// contact point, disabled, password.
func (s *Server) apiUpdateAccount(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in accounts.Update
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	me, err := s.account(c)
	if err != nil {
		return err
	}
	a, err := s.accounts.Update(c.Request.Context(), me, id, in)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, a)
	return nil
}

// apiCreateToken is POST /api/v1/accounts/{id}/tokens: a new API token
// for the account, shown once.
func (s *Server) apiCreateToken(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Label string `json:"label"`
	}
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	tok, k, err := s.accounts.CreateToken(c.Request.Context(), s.actorName(c), id, in.Label)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, gin.H{"token": tok, "id": k.ID, "label": k.Label})
	return nil
}

// apiContactPoints is GET /api/v1/contact-points (any account).
func (s *Server) apiContactPoints(c *gin.Context) error {
	cps, err := s.accounts.ContactPoints(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"contact_points": nonNil(cps)})
	return nil
}

// apiCreateContactPoint is POST /api/v1/contact-points.
func (s *Server) apiCreateContactPoint(c *gin.Context) error {
	var in drafts.ContactPoint
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	cp, err := s.accounts.CreateContactPoint(c.Request.Context(), s.actorName(c), in)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, cp)
	return nil
}

// adminData is the data of admin/accounts.html.
type adminData struct {
	*accounts.Directory
	Filter store.AccountFilter
	Pager  web.Pager
	Roles  []drafts.Role
	Me     *drafts.Account
	CSRF   string
	// Error and In are a refused creation form and what was typed.
	Error string
	In    accounts.NewAccount
	// Here is this page's address with its query, where the forms return.
	Here string
}

// accountsPageSize is how many accounts the administration page lists.
const accountsPageSize = 50

// adminAccountsPage is GET /admin/accounts[?q=…&role=…&page=N].
func (s *Server) adminAccountsPage(c *gin.Context) error {
	return s.renderAdmin(c, http.StatusOK, "", accounts.NewAccount{})
}

func (s *Server) renderAdmin(c *gin.Context, status int, errMsg string, in accounts.NewAccount) error {
	f, err := accountFilter(c)
	if err != nil {
		return err
	}
	n, err := pageNumber(c)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = accountsPageSize, (n-1)*accountsPageSize
	d, err := s.accounts.Directory(c.Request.Context(), f)
	if err != nil {
		return err
	}
	me, err := s.account(c)
	if err != nil {
		return err
	}
	return s.render(c, status, "admin/accounts.html", "用户与联系点", adminData{Directory: d, Filter: f,
		Pager: pagerFor(c, d.Total, n, accountsPageSize, "用户列表分页"), Roles: drafts.Roles, Me: me,
		CSRF: s.csrfToken(c), Error: errMsg, In: in, Here: c.Request.URL.RequestURI()})
}

// adminAccountsAction is POST /admin/accounts: create an account or a
// contact point, disable or enable an account, reset its password. Done,
// it returns to the page it came from (post, redirect, get) saying what
// was done; a refused creation shows the form again with what was typed.
func (s *Server) adminAccountsAction(c *gin.Context) error {
	ctx := c.Request.Context()
	me, err := s.account(c)
	if err != nil {
		return err
	}
	back := c.PostForm("next")
	if back == "" {
		back = "/admin/accounts"
	}
	id, _ := strconv.ParseInt(c.PostForm("id"), 10, 64)
	switch action := c.PostForm("action"); action {
	case "account":
		cp, _ := strconv.ParseInt(c.PostForm("contact_point_id"), 10, 64)
		in := accounts.NewAccount{Name: c.PostForm("name"), DisplayName: c.PostForm("display_name"),
			Role: drafts.Role(c.PostForm("role")), ContactPointID: cp, Password: c.PostForm("password")}
		a, err := s.accounts.Create(ctx, me.Name, in)
		if err != nil {
			if drafts.ErrorCode(err) == drafts.EINTERNAL {
				return err
			}
			in.Password = ""
			return s.renderAdmin(c, ErrorStatus(err), drafts.ErrorMessage(err), in)
		}
		return s.seeOther(c, back, fmt.Sprintf("已创建用户 %s（%s）。", a.Name, a.Role.Label()))
	case "contact_point":
		cp, err := s.accounts.CreateContactPoint(ctx, me.Name, drafts.ContactPoint{Name: c.PostForm("name"),
			Region: c.PostForm("region"), Address: c.PostForm("address")})
		if err != nil {
			return s.seeOtherError(c, back, err)
		}
		return s.seeOther(c, back, "已创建联系点“"+cp.Name+"”。请再新增角色为“联系点联络员”的用户，并选择这个联系点。")
	case "disable", "enable":
		a, err := s.accounts.SetDisabled(ctx, me, id, action == "disable")
		if err != nil {
			return s.seeOtherError(c, back, err)
		}
		if a.Disabled {
			return s.seeOther(c, back, "已停用用户 "+a.Name+"，其登录已失效。")
		}
		return s.seeOther(c, back, "已启用用户 "+a.Name+"。")
	case "reset":
		pw, a, err := s.accounts.ResetPassword(ctx, me, id, "")
		if err != nil {
			return s.seeOtherError(c, back, err)
		}
		return s.seeOtherFlash(c, back, web.Flash{
			Text:        "已重置用户 " + a.Name + "（" + a.DisplayName + "）的密码。请把临时密码当面或电话告知本人；对方用它登录后须先设置新密码。临时密码只显示这一次。",
			Secret:      pw,
			SecretLabel: "临时密码",
		})
	}
	return drafts.Errorf(drafts.EINVALID, "未知操作。")
}
