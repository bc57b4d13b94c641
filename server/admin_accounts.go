package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/drafts/store"
	"lifa/web"
	"lifa/web/httpx"
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
	f, err := accounts.ParseFilter(c.Request.URL.Query())
	if err != nil {
		return err
	}
	if f.Limit, f.Offset, err = listWindow(c); err != nil {
		return err
	}
	if f.Limit == 0 {
		f.Limit = accounts.APILimit
	}
	d, err := s.accounts.Directory(c.Request.Context(), f)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"accounts": httpx.NonNil(d.Accounts), "total": d.Total})
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
	id, err := httpx.PathID(c, "id")
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
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	var in accounts.TokenRequest
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
	c.JSON(http.StatusOK, gin.H{"contact_points": httpx.NonNil(cps)})
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

// adminAccountsPage is GET /admin/accounts[?q=…&role=…&page=N].
func (s *Server) adminAccountsPage(c *gin.Context) error {
	return s.renderAdmin(c, http.StatusOK, "", accounts.NewAccount{})
}

func (s *Server) renderAdmin(c *gin.Context, status int, errMsg string, in accounts.NewAccount) error {
	f, err := accounts.ParseFilter(c.Request.URL.Query())
	if err != nil {
		return err
	}
	n, err := httpx.PageNumber(c)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = accounts.PageSize, (n-1)*accounts.PageSize
	d, err := s.accounts.Directory(c.Request.Context(), f)
	if err != nil {
		return err
	}
	me, err := s.account(c)
	if err != nil {
		return err
	}
	return s.render(c, status, "admin/accounts.html", "用户与联系点", adminData{Directory: d, Filter: f,
		Pager: httpx.Pager(c, d.Total, n, accounts.PageSize, "用户列表分页"), Roles: drafts.Roles, Me: me,
		CSRF: s.csrfToken(c), Error: errMsg, In: in, Here: c.Request.URL.RequestURI()})
}

// adminAccountsAction is POST /admin/accounts: create an account or a
// contact point, disable or enable an account, reset its password
// (accounts.Service.Administer). Done, it returns to the page it came from
// (post, redirect, get) saying what was done; a refused creation shows the
// form again with what was typed.
func (s *Server) adminAccountsAction(c *gin.Context) error {
	me, err := s.account(c)
	if err != nil {
		return err
	}
	f, back := accounts.ReadAdminForm(formValues(c))
	done, err := s.accounts.Administer(c.Request.Context(), me, f)
	switch {
	case err == nil:
		return s.seeOtherFlash(c, back, flashOf(done))
	case err == accounts.ErrUnknownAction:
		return err
	case f.Action == "account" && drafts.ErrorCode(err) != drafts.EINTERNAL:
		f.Account.Password = ""
		return s.renderAdmin(c, httpx.Status(err), drafts.ErrorMessage(err), f.Account)
	}
	return s.seeOtherError(c, back, err)
}
