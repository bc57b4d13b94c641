// Package server is Lifa's HTTP server: gin routes for the HTML pages and
// the JSON API under /api/v1. A handler decodes the request, calls one
// workflow and renders the result; it holds no rule of its own.
//
// # Layers
//
//	main → server → {search, web, web/httpx} → workflows (drafts/<area>) → drafts/{store, diff, parse} → drafts
//
// The rules are the workflows': drafts/readings (versions, 对照表, 修改决定),
// drafts/consultations (consultations, opinions, the inbox, meetings),
// drafts/reports (修改情况的汇报, 反馈), drafts/amend, drafts/notifications,
// drafts/accounts (accounts, sign-in and its limits, tokens, the account
// pages' forms), drafts/audit (the audit log in words).
// web holds the templates and page types; web/httpx the HTTP plumbing
// that is no handler: reading ids, integers, pages and JSON bodies, the
// one table of error codes → statuses, the middleware every request
// passes (request id, access log, recovery, security headers with the
// CSP, body limits, cross-origin protection, the text rule, CSRF), the
// sealed flash messages, the 大字 cookie, the tarpit of refused requests,
// /readyz, uploaded files and their kinds (FormFile, UploadIsJSON),
// download headers (Attachment) and the cached anonymous page with its
// byte budget (CachedPage, BudgetCache). layering_test.go keeps these
// arrows true.
//
// The server keeps the wiring: New (server.go: options, middleware order,
// timeouts), Serve and Shutdown, which drains the opinion writer, runs
// the closers (WithCloser) and closes the store; system.go (/healthz,
// /readyz, static files, metrics); throttle.go (the shared limits,
// server/limits); auth.go (who makes a request: session cookie or
// "Authorization: Bearer lifa_…", requirePerm); errors.go and render.go
// (one error adapter, the page renderer); the caches of rendered pages
// (version_cache.go; readings owns the 5-second regulation snapshot and
// the comparisons, the store the parsed documents); the OpenAPI document
// (merged by server/openapi, served by the server).
//
// # Adding a page or an API route
//
// Put the rule in a workflow first, then one file per page group, named
// after it, with its register function called from routes.go:
//
//	func (s *Server) registerThingRoutes(api, pages *gin.RouterGroup) {
//		api.GET("/things/:id", s.handle(s.apiThing))
//		pages.GET("/things/:id", s.handle(s.thingPage))
//		api.POST("/things", s.requirePerm(drafts.PermEditRegulations), s.handle(s.apiCreateThing))
//	}
//
// Handlers are func(c *gin.Context) error wrapped with s.handle: return a
// *drafts.Error (drafts.Errorf(drafts.ENOTFOUND, "中文说明")) and the adapter
// writes {"error":{"code":…,"message":…}} under /api and the HTML error
// page elsewhere, with the status of httpx.Status; any other error is
// logged and shown as a generic 500. Helpers: httpx.PathID, httpx.QueryInt,
// s.decodeJSON (size-limited, unknown fields refused, text checked),
// s.account(c) (nil for the public), s.actorName(c),
// s.render(c, status, "area/page.html", title, data) with a typed data
// struct, never gin.H. Who may do what is s.requirePerm(p) on the route
// with p from the one permissions table in drafts; rules that depend on
// the data are the workflows'.
//
// A form that changes something answers with a redirect (post → redirect
// → get): s.seeOther(c, target, "已答复 5 条意见。") shows the message once
// on the next page; a refused form is rendered again with status 4xx and
// what was typed. A list that can grow is paged: httpx.PageNumber(c) and
// httpx.Pager(c, total, n, size, label), shown with {{template
// "layout/pager.html" .Pager}}.
//
// Templates are web/templates/<area>/<page>.html, parsed once in New (a
// broken template fails the start-up); no inline scripts or styles (the
// CSP forbids them). Every /api route is documented in a fragment
// server/openapi/<area>.json, merged at start-up and served at
// /api/openapi.json; TestOpenAPI_MatchesRoutes fails on a route that is
// not documented or a documented operation that is not routed.
package server
