// Package server is Lifa's HTTP server: gin routes for the HTML pages and
// the JSON API under /api/v1, over the workflow packages that hold every
// rule (drafts/readings, drafts/consultations, drafts/accounts). A handler
// decodes the request, calls one workflow, and renders the result; the
// server adds what belongs to HTTP: sessions and cookies, CSRF, rate
// limits per client, the middleware every request passes (request id,
// recovery, access log, security headers with CSP, body limits → 413,
// cross-origin protection, the text rule at the edge, gzip), and the
// caches of rendered pages.
//
// main builds it with New(cfg, store, options…), serves with Serve and
// stops with Shutdown, which drains the opinion writer, runs the registered
// closers (WithCloser) and closes the store. Handler returns the
// http.Handler for tests.
//
// # Files
//
// One file per page group, named after it, each with its register function
// called from routes.go: home.go, regulations.go, versions.go (the API),
// version_forms.go (the upload form and its preview) and
// version_page.go (with version_cache.go), compare.go (对照表, 条文沿革),
// search.go, consultations.go (a consultation's page, the opinion form,
// opening one) and consultation_manage.go (editing, extending, closing one
// early), opinions.go (submitting opinions, receipts, statistics, the
// heat map), inbox.go (the staff inbox, answers, moderation), summary.go
// (意见汇总 and its exports, following opinions into the next reading),
// dashboard.go (liaisons and members, meetings), login.go, account.go
// (one's own tokens and password), admin_accounts.go (accounts and contact
// points), stages.go (审议阶段设置), amendment.go (修改决定: written from
// two readings, applied to one), similar.go (类似规定 and 上位法依据, the panel under each article,
// 并排对照), reports.go and reports_api.go (修改情况的汇报: drafted, edited as
// revisions, 定稿, Word), feedback.go (意见采纳情况反馈 to contact points, 公开
// 反馈 on a consultation). Around them: auth.go (who makes a request, requirePerm),
// csrf.go, edge.go, throttle.go, middleware.go, errors.go, render.go,
// openapi.go, system.go.
//
// # Adding a page or an API route
//
// Put the rule in a workflow package first (a handler that grows past
// decode → call → render is a workflow waiting to move down), then write
//
//	func (s *Server) registerThingRoutes(api, pages *gin.RouterGroup) {
//		api.GET("/things/:id", s.handle(s.apiThing))
//		pages.GET("/things/:id", s.handle(s.thingPage))
//		api.POST("/things", s.requirePerm(drafts.PermEditRegulations), s.handle(s.apiCreateThing))
//	}
//
// and add the one line s.registerThingRoutes(api, pages) in routes.go.
// Handlers are func(c *gin.Context) error wrapped with s.handle: return a
// *drafts.Error (drafts.Errorf(drafts.ENOTFOUND, "中文说明")) and the
// adapter writes {"error":{"code":…,"message":…}} under /api and the HTML
// error page elsewhere, with the status from the one table statusOf in
// errors.go. Any other error is logged and shown as a generic 500. Helpers:
// pathID(c, "id"), queryInt(c, "page", 1, 1000), s.decodeJSON(c, &v)
// (size-limited, unknown fields refused, text checked), s.account(c) (the
// account making the request, nil for the public), s.actorName(c) (its
// audit-log name), s.render(c, status, "area/page.html", title, data).
//
// # Forms and lists
//
// A form that changes something answers success with a redirect
// (post → redirect → get) so that reloading never submits it twice:
// return s.seeOther(c, target, "已答复 5 条意见。") (flash.go) shows the
// message once on the next page (web.Page.Flash, printed by the layout);
// where the result has its own address (a receipt, a version, a meeting)
// redirect there. A refused form is rendered again with status 4xx, what
// was typed and the reason. A list that can grow shows one page at a
// time: pageNumber(c) (pager.go) reads ?page=N and pagerFor(c, total, n,
// size, label) gives a web.Pager, which the template shows with {{template "layout/pager.html"
// .Pager}}; fetch the items with p.Offset() and p.Size. Staff pages that
// need room put their content in <div class="wide-page">.
//
// # Who may do what
//
// One mechanism: s.requirePerm(p) on the route, with p from the one
// permissions table in drafts (drafts.PermEditRegulations,
// drafts.PermOwnAccount for anything a signed-in account does for itself,
// …). The account comes from the session cookie of the login page, or from
// "Authorization: Bearer lifa_…" (an account's API token, or the admin
// token, which acts as the administrator "admin"). Every unsafe request
// authenticated by the cookie must carry the session's CSRF token (form
// field csrf or header X-CSRF-Token; csrf.go); rules that depend on the data
// (who may see a consultation, whose tokens one may manage) are the
// workflows'.
//
// # Templates
//
// Pages are web/templates/<area>/<page>.html; each file defines the
// template named by its path and may define partials prefixed with its
// folder. Pages receive a web.Page (Title, Actor, Query, CSRF, Data …) and
// the handler's typed data struct (never gin.H) in .Data. Templates are
// parsed once in New, so a broken template or a duplicated name fails the
// start-up. No inline <script>, <style> or style= attributes (the CSP
// forbids them): CSS in web/static, linked with {{static "<area>.css"}}.
// Link to an article with its anchor ({{anchor .Article}} or {{artAnchor
// num sub}}: /versions/12#art-10-1), drafts.ArticleAnchor in Go.
//
// # OpenAPI
//
// Every /api route must be in the OpenAPI document served at
// /api/openapi.json: add server/openapi/<area>.json with the shape
// {"paths": {"/api/v1/…/{id}": {"get": {…}}}, "components": {"schemas": {…}}};
// the fragments are embedded and merged at start-up (a path+method or
// schema defined twice is an error). TestOpenAPI_MatchesRoutes fails when
// a route is undocumented or a documented operation is not routed.
//
// # Caches
//
// Each cache has one owner. The parsed documents are the store's; the
// comparisons of two readings are readings.Service's; the consultations of
// a version (for two seconds) are consultations.Service's; the version
// page's rendered text and whole anonymous page are versionPages'
// (version_cache.go): versions are immutable, so /versions/:id renders the
// text once per version and serves anonymous visitors a cached page, plain
// or gzipped, revalidated against the regulation's title and the
// consultation banner.
package server
