package server

// routes registers every route. Each area of Lifa has one register
// function, called here; add yours as one line.
func (s *Server) routes() {
	api := s.engine.Group("/api/v1")
	pages := s.engine.Group("")

	s.registerSystemRoutes(s.engine) // /healthz, /static/, /api/openapi.json
	s.registerAdminRoutes(api, pages)
	s.registerAuthRoutes(api, pages) // server/auth.go: accounts, sessions, API tokens
	s.registerHomeRoutes(api, pages)
	s.registerRegulationRoutes(api, pages)
	s.registerVersionRoutes(api, pages)
	s.registerCompareRoutes(api, pages) // server/compare.go
	s.registerSearchRoutes(api, pages)  // server/search.go
	s.registerOpinionRoutes(api, pages) // server/opinions*.go
}
