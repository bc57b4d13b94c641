package server

import "lifa/web/httpx"

// routes registers every route: one register function per page group,
// each in the file named after it.
func (s *Server) routes() {
	api := s.engine.Group("/api/v1")
	pages := s.engine.Group("")

	s.registerSystemRoutes(s.engine)         // system.go: /healthz, /static/, /api/openapi.json
	s.registerLoginRoutes(api, pages)        // login.go
	s.registerAccountPages(pages)            // account.go: one's own tokens and password
	s.registerAccountAdminRoutes(api, pages) // admin_accounts.go
	s.registerHomeRoutes(api, pages)         // home.go
	s.registerRegulationRoutes(api, pages)   // regulations.go
	s.registerVersionRoutes(api, pages)      // versions.go, version_page.go
	s.registerCompareRoutes(api, pages)      // compare.go
	s.registerSearchRoutes(api, pages)       // search.go
	s.registerConsultationRoutes(api, pages) // consultations.go
	s.registerOpinionRoutes(api, pages)      // opinions.go
	s.registerInboxRoutes(api, pages)        // inbox.go
	s.registerSummaryRoutes(api, pages)      // summary.go
	s.registerDashboardRoutes(api, pages)    // dashboard.go
	s.registerAmendmentRoutes(api, pages)    // amendment.go: 修改决定
	s.registerSimilarRoutes(api, pages)      // similar.go: 类似规定
	s.registerContactPointRoutes(api, pages) // contact_points.go
	s.registerNoticeRoutes(api, pages)       // notices.go
	s.registerReportRoutes(api, pages)       // reports.go, reports_api.go: 修改情况的汇报
	s.registerFeedbackRoutes(api, pages)     // feedback.go: 意见采纳情况反馈, 公开反馈
	s.registerAuditRoutes(api, pages)        // audit.go: 操作日志

	pages.POST("/text-size", httpx.SetTextSize(s.cfg.SecureCookies)) // 大字 (web/httpx)
}
