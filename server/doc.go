// Package server is Lifa's HTTP server: gin routes for the HTML pages and
// the JSON API under /api/v1, the admin token, and the middleware every
// request passes (request id, recovery, access log, security headers with
// CSP, body limit → 413, cross-origin write protection, gzip).
//
// main builds it with New(cfg, store, options…), serves with Serve or
// ListenAndServe and stops with Shutdown, which also runs the registered
// closers and closes the store. Handler returns the http.Handler for tests.
//
// # Adding routes (one file per area, one line in routes.go)
//
// Write server/<area>.go with
//
//	func (s *Server) registerCompareRoutes(api, pages *gin.RouterGroup) {
//		api.GET("/regulations/:id/compare", s.handle(s.apiCompare))
//		pages.GET("/regulations/:id/compare", s.handle(s.comparePage))
//		api.POST("/…", s.requireWriter(), s.handle(s.apiSomething)) // every write
//	}
//
// and add the one line s.registerCompareRoutes(api, pages) in routes.go.
// api is the /api/v1 group, pages the root group. Handlers are
// func(c *gin.Context) error wrapped with s.handle: return a *drafts.Error
// (drafts.Errorf(drafts.ENOTFOUND, "中文说明")) and the adapter writes
// {"error":{"code":…,"message":…}} under /api and the HTML error page
// elsewhere, with the status from the one table statusOf in errors.go. Any
// other error is logged and shown as a generic 500. Useful helpers:
// pathID(c, "id"), s.decodeJSON(c, &v) (size-limited, unknown fields
// refused), s.actor(c) / s.actorName(c) (the audit-log name for store
// writes), s.render(c, status, "area/page.html", title, data).
//
// # Templates
//
// Put pages in web/templates/<area>/<page>.html. Each file must define the
// template named by its path and may define partials prefixed with its
// folder:
//
//	{{define "compare/show.html"}}{{template "layout/header.html" .}}
//	  … {{.Data.Whatever}} …
//	{{template "layout/footer.html" .}}{{end}}
//
// Pages receive a web.Page (Title, Actor, Query, Data …); your data is in
// .Data. Templates are parsed once in New, so a broken template or a
// duplicated name fails the start-up. No inline <script>, <style> or style=
// attributes: the CSP forbids them; add CSS to web/static/lifa.css (or your
// own web/static/<area>.css linked from your template with
// {{static "<area>.css"}}) and JS to web/static/<area>.js. Extra template
// functions: pass WithTemplateFuncs(template.FuncMap{…}) to New. Link to an
// article with web.Anchor / web.ArticleAnchor: /versions/12#art-10-1.
// The header holds a search box (GET /search?q=…) on every page.
//
// # OpenAPI
//
// Every /api route must be in the OpenAPI document served at
// /api/openapi.json. Add server/openapi/<area>.json with the shape
// {"paths": {"/api/v1/…/{id}": {"get": {…}}}, "components": {"schemas": {…}}};
// the fragments are embedded and merged at start-up (a path+method or
// schema defined twice is an error). Shared schemas in core.json (Error,
// Regulation, Version, Document, Article …) can be referenced with
// {"$ref": "#/components/schemas/Version"}. TestOpenAPI_MatchesRoutes fails
// when a route is undocumented or a documented operation is not routed.
//
// # Hooks
//
//   - Indexing: Config.OnVersionCreated (or Option OnVersionCreated) is
//     called with the new version, Document included, after it is stored and
//     before the upload's response is sent. Its time is the uploader's wait:
//     keep it short, or hand work to a goroutine.
//   - Home page: WithHomeHook adds data under homeData.Extra[key]; the
//     section "正在征求意见" is web/templates/home/consultations.html, which
//     the opinions area may replace (it receives the whole page: .Data.Extra).
//   - Shutdown: WithCloser(fn) runs fn before the store is closed (e.g. to
//     close a search index).
//   - Areas that need their own dependency (a search index) define an Option
//     in their file that sets a field they add to Server, and main passes it.
//
// # Who may write
//
// Every write route uses s.requireWriter(). It asks the identifiers in
// s.identifiers in turn who makes the request (identity.go); until accounts
// exist there is one, the admin token (admintoken.go): "Authorization:
// Bearer lifa_…" for the API, or the cookie set by the staff login form at
// /admin/login. The accounts area adds its session identifier to the list
// (in New, or via an Option) and returns an *Actor with Writer set for
// staff; requireWriter itself does not change. Browser form posts are
// protected against cross-site requests by net/http.CrossOriginProtection
// for every route.
//
// # Version pages are cached
//
// Versions are immutable, so /versions/:id renders the text once per
// version (cache.go) and serves anonymous visitors a cached page, plain or
// gzipped, revalidated against the regulation's title. Requests with a
// query string (e.g. ?hl=… from search) or a signed-in actor are rendered
// afresh around the cached text.
package server
