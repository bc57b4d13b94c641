package server

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/audit"
	"lifa/drafts/store"
	"lifa/web"
)

// registerAuditRoutes registers the audit log (操作日志): every write, who
// did it and when, newest first, a page at a time (drafts/audit).
func (s *Server) registerAuditRoutes(api, pages *gin.RouterGroup) {
	view := s.requirePerm(drafts.PermViewAudit)
	api.GET("/audit", view, s.handle(s.apiAudit))
	pages.GET("/admin/audit", view, s.handle(s.auditPage))
}

// auditPageSize is how many entries the audit log page shows.
const auditPageSize = 50

// auditFilter reads ?entity=&entity_id=&actor=&action= of the audit log.
func auditFilter(c *gin.Context) (store.AuditFilter, error) {
	f := store.AuditFilter{Entity: c.Query("entity"), Actor: strings.TrimSpace(c.Query("actor")), ActionPrefix: c.Query("action")}
	if err := audit.CheckFilter(f); err != nil {
		return f, err
	}
	id, err := queryInt(c, "entity_id", 1, 1<<62)
	f.EntityID = id
	return f, err
}

// apiAudit is GET /api/v1/audit?entity=&entity_id=&actor=&action=&limit=&offset=.
func (s *Server) apiAudit(c *gin.Context) error {
	f, err := auditFilter(c)
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
	c.JSON(http.StatusOK, gin.H{"entries": nonNil(list), "total": total})
	return nil
}

// auditPage is GET /admin/audit: the audit log with filters and a pager.
func (s *Server) auditPage(c *gin.Context) error {
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	n, err := pageNumber(c)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = auditPageSize, (n-1)*auditPageSize
	p, err := s.audit.Page(c.Request.Context(), f)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "admin/audit.html", "操作日志", struct {
		*audit.Page
		Filter store.AuditFilter
		Pager  web.Pager
	}{p, f, pagerFor(c, p.Total, n, auditPageSize, "操作日志分页")})
}
