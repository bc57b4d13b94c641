package server

import (
	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/store"
)

func storeConsultationFilter(versionID int64) store.ConsultationFilter {
	return store.ConsultationFilter{VersionID: versionID}
}

// registerOpinionRoutes registers the opinions area: public comment,
// receipts, consultations, the staff inbox, contact points, summaries and
// the admin API for accounts.
func (s *Server) registerOpinionRoutes(api, pages *gin.RouterGroup) {
	s.startOpinionWriter()
	view := s.requirePerm(drafts.PermViewOpinions)

	// Public.
	api.POST("/versions/:id/opinions", s.handle(s.apiCreateOpinion))
	api.GET("/versions/:id/opinions/stats", s.handle(s.apiOpinionStats))
	api.GET("/versions/:id/opinions/heatmap.svg", s.handle(s.apiHeatMap))
	api.GET("/receipts/:receipt", s.handle(s.apiReceipt))
	api.GET("/consultations", s.handle(s.apiConsultations))
	api.GET("/consultations/:id", s.handle(s.apiConsultation))

	// Staff.
	api.GET("/versions/:id/opinions", view, s.handle(s.apiListOpinions))
	api.GET("/versions/:id/opinions/follow", view, s.handle(s.apiFollowOpinions))
	api.POST("/versions/:id/opinions/regroup", view, s.handle(s.apiRegroup))
	api.GET("/versions/:id/opinions/summary", s.requirePerm(drafts.PermExport), s.handle(s.apiOpinionSummary))
	api.POST("/opinions/answer", s.requirePerm(drafts.PermAnswer), s.handle(s.apiAnswerOpinions))
	api.POST("/opinions/moderate", s.requirePerm(drafts.PermModerate), s.handle(s.apiModerateOpinions))
	api.GET("/opinions/writer", view, s.handle(s.apiWriterStats))
	api.POST("/consultations", s.requirePerm(drafts.PermManageConsultations), s.handle(s.apiCreateConsultation))
	api.GET("/consultations/:id/responses", view, s.handle(s.apiConsultationResponses))

	// Contact points and members.
	api.POST("/meetings", s.requirePerm(drafts.PermSubmitForPoint), s.handle(s.apiCreateMeeting))
	api.GET("/me/opinions", s.requireAccount(), s.handle(s.apiMyOpinions))
	api.GET("/me/consultations", s.requireAccount(), s.handle(s.apiMyConsultations))
	api.GET("/contact-points", s.requireAccount(), s.handle(s.apiContactPoints))

	// Administration.
	admin := s.requirePerm(drafts.PermManageAccounts)
	api.GET("/accounts", admin, s.handle(s.apiAccounts))
	api.POST("/accounts", admin, s.handle(s.apiCreateAccount))
	api.PATCH("/accounts/:id", admin, s.handle(s.apiUpdateAccount))
	api.POST("/accounts/:id/tokens", admin, s.handle(s.apiCreateToken))
	api.POST("/contact-points", admin, s.handle(s.apiCreateContactPoint))

	s.registerOpinionPages(pages)
}
