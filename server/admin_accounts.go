package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/accounts"
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

// apiAccounts is GET /api/v1/accounts.
func (s *Server) apiAccounts(c *gin.Context) error {
	d, err := s.accounts.Directory(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"accounts": nonNil(d.Accounts)})
	return nil
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
	a, err := s.accounts.Update(c.Request.Context(), s.actorName(c), id, in)
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
	d, err := s.accounts.Directory(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"contact_points": nonNil(d.ContactPoints)})
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
	Accounts      []*drafts.Account
	ContactPoints []*drafts.ContactPoint
	Roles         []drafts.Role
	CSRF          string
	Done, Error   string
}

// adminAccountsPage is GET /admin/accounts.
func (s *Server) adminAccountsPage(c *gin.Context) error {
	return s.renderAdmin(c, http.StatusOK, "", "")
}

func (s *Server) renderAdmin(c *gin.Context, status int, done, errMsg string) error {
	d, err := s.accounts.Directory(c.Request.Context())
	if err != nil {
		return err
	}
	return s.render(c, status, "admin/accounts.html", "用户与联系点", adminData{Accounts: d.Accounts,
		ContactPoints: d.ContactPoints, Roles: drafts.Roles, CSRF: s.csrfToken(c), Done: done, Error: errMsg})
}

// adminAccountsAction is POST /admin/accounts: create an account or a
// contact point, or disable or enable an account; the page again with
// what was done or why not.
func (s *Server) adminAccountsAction(c *gin.Context) error {
	ctx := c.Request.Context()
	actor := s.actorName(c)
	var done string
	var err error
	switch c.PostForm("action") {
	case "account":
		cp, _ := strconv.ParseInt(c.PostForm("contact_point_id"), 10, 64)
		var a *drafts.Account
		if a, err = s.accounts.Create(ctx, actor, accounts.NewAccount{Name: c.PostForm("name"), DisplayName: c.PostForm("display_name"),
			Role: drafts.Role(c.PostForm("role")), ContactPointID: cp, Password: c.PostForm("password")}); err == nil {
			done = "已创建用户 " + a.Name + "。"
		}
	case "contact_point":
		var cp *drafts.ContactPoint
		if cp, err = s.accounts.CreateContactPoint(ctx, actor, drafts.ContactPoint{Name: c.PostForm("name"),
			Region: c.PostForm("region"), Address: c.PostForm("address")}); err == nil {
			done = "已创建联系点 " + cp.Name + "。"
		}
	case "disable", "enable":
		id, _ := strconv.ParseInt(c.PostForm("id"), 10, 64)
		off := c.PostForm("action") == "disable"
		_, err = s.accounts.SetDisabled(ctx, actor, id, off)
		done = map[bool]string{true: "已停用该用户。", false: "已启用该用户。"}[off]
	default:
		err = drafts.Errorf(drafts.EINVALID, "未知操作。")
	}
	if err != nil {
		if drafts.ErrorCode(err) == drafts.EINTERNAL {
			return err
		}
		return s.renderAdmin(c, ErrorStatus(err), "", drafts.ErrorMessage(err))
	}
	return s.renderAdmin(c, http.StatusOK, done, "")
}
