package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/audit"
	"lifa/drafts/store"
	"lifa/web"
	"lifa/web/httpx"
)

// registerAuditRoutes registers the audit log (操作日志): every write, who
// did it and when, newest first, a page at a time (drafts/audit).
func (s *Server) registerAuditRoutes(api, pages *gin.RouterGroup) {
	view := s.requirePerm(drafts.PermViewAudit)
	api.GET("/audit", view, s.handle(s.apiAudit))
	pages.GET("/admin/audit", view, s.handle(s.auditPage))
}

// apiAudit is GET /api/v1/audit?entity=&entity_id=&actor=&action=&limit=&offset=.
func (s *Server) apiAudit(c *gin.Context) error {
	f, err := audit.ParseFilter(c.Request.URL.Query())
	if err != nil {
		return err
	}
	if f.Limit, f.Offset, err = listWindow(c); err != nil {
		return err
	}
	list, total, err := s.audit.Entries(c.Request.Context(), f)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"entries": httpx.NonNil(list), "total": total})
	return nil
}

// auditPage is GET /admin/audit: the audit log with filters and a pager.
func (s *Server) auditPage(c *gin.Context) error {
	f, err := audit.ParseFilter(c.Request.URL.Query())
	if err != nil {
		return err
	}
	n, err := httpx.PageNumber(c)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = audit.PageSize, (n-1)*audit.PageSize
	p, err := s.audit.Page(c.Request.Context(), f)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "admin/audit.html", "操作日志", struct {
		*audit.Page
		Filter store.AuditFilter
		Pager  web.Pager
	}{p, f, httpx.Pager(c, p.Total, n, audit.PageSize, "操作日志分页")})
}
