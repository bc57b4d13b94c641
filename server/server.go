package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-contrib/gzip"
	"github.com/gin-gonic/gin"

	"lifa/drafts/accounts"
	"lifa/drafts/audit"
	"lifa/drafts/consultations"
	"lifa/drafts/notifications"
	"lifa/drafts/readings"
	"lifa/drafts/store"
	"lifa/search"
	"lifa/server/limits"
	"lifa/server/metrics"
	"lifa/server/openapi"
	"lifa/web"
	"lifa/web/httpx"
)

// Config is the server's configuration. main fills it from flags and LIFA_*
// variables; the zero value of every field has a sensible default.
type Config struct {
	// TrustedProxies lists the proxy addresses or CIDRs whose
	// X-Forwarded-For is believed. Empty: none, ClientIP is the peer address.
	TrustedProxies []string
	// MaxBodyBytes bounds every request body (uploads included); larger
	// bodies get 413. Default 20 MiB.
	MaxBodyBytes int64
	// MaxJSONBytes bounds JSON request bodies. Default 2 MiB.
	MaxJSONBytes int64
	// Logger receives every log line; a request id is added to lines logged
	// with a request's context. Default: slog.Default().
	Logger *slog.Logger
	// AppVersion is shown in the footer and in /healthz.
	AppVersion string
	// SecureCookies marks cookies Secure (set when serving over HTTPS,
	// usually behind a proxy).
	SecureCookies bool
	// ReadTimeout, WriteTimeout and IdleTimeout configure the http.Server.
	// Defaults 30 s, 60 s and 120 s.
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// RefusalDelay is how long a refused sign-in, receipt look-up or
	// public opinion (429) is held before it is answered, so that a client
	// retrying in a loop makes about one attempt a second per connection
	// and costs the readers no CPU. Default 1 s; negative: answer at once.
	RefusalDelay time.Duration
}

// Server is Lifa's HTTP server: the gin engine with its routes and the
// templates, over the workflow packages (readings, consultations,
// accounts) that hold every rule. Create it with New.
type Server struct {
	cfg    Config
	store  *store.Store
	log    *slog.Logger
	engine *gin.Engine
	tmpl   *web.Templates
	api    *openapi.Document

	readings      *readings.Service
	consultations *consultations.Service
	accounts      *accounts.Service
	audit         *audit.Service
	search        search.Holder // the full-text index (search.go)

	// closers run, in reverse order, when the server shuts down (after the
	// HTTP server has stopped, before the store is closed).
	closers []func() error

	limits   *limits.Set      // shared rate-limit state (throttle.go, WithLimits)
	metrics  *metrics.Metrics // Prometheus instrumentation (metrics.go, WithMetrics); nil: none
	ready    ReadyConfig      // when /readyz says ready (system.go)
	throttle *throttles       // sign-in and receipt limits (throttle.go)
	tarpit   *httpx.Tarpit    // holds refused requests (throttle.go)
	opinions opinionLimits    // public opinions per client (opinions.go)
	pages    *versionPages    // rendered version pages (version_cache.go)

	notices   *notifications.Service // notices to liaisons and members (notices.go)
	noticeCfg notifications.Config
	flash     *httpx.Flashes // the messages of post → redirect → get (render.go)

	mu       sync.Mutex
	httpSrv  *http.Server
	listener net.Listener
}

// Option customises a Server in New.
type Option func(*Server) error

// WithCloser registers fn to run when the server shuts down, before the
// store is closed (e.g. closing a search index).
func WithCloser(fn func() error) Option {
	return func(s *Server) error { s.closers = append(s.closers, fn); return nil }
}

// New builds a server on an open store: it parses the templates (a broken
// template fails here, not in a request), builds the OpenAPI document and
// registers every route. The server owns st from now on: Shutdown closes it.
func New(cfg Config, st *store.Store, opts ...Option) (*Server, error) {
	if st == nil {
		return nil, errors.New("server: nil store")
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 20 << 20
	}
	if cfg.MaxJSONBytes <= 0 {
		cfg.MaxJSONBytes = 2 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = 30 * time.Second
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = 60 * time.Second
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 120 * time.Second
	}
	if cfg.RefusalDelay == 0 {
		cfg.RefusalDelay = time.Second
	}
	s := &Server{cfg: cfg, store: st, log: httpx.Logger(cfg.Logger.Handler()),
		readings: readings.New(st), accounts: accounts.New(st), audit: audit.New(st), pages: newVersionPages()}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, fmt.Errorf("server: option: %w", err)
		}
	}
	s.startNotices()
	s.consultations = consultations.New(st, s.readings, consultations.Config{MaxBatch: s.opinions.cfg.MaxBatch, Logger: s.log,
		Opened: s.consultationOpened})
	// The opinion writer drains first when the server shuts down.
	s.closers = append(s.closers, s.consultations.Close)
	s.setupThrottles()
	s.flash = httpx.NewFlashes(st, cfg.SecureCookies, s.log)
	tmpl, err := web.Parse()
	if err != nil {
		return nil, err
	}
	s.tmpl = tmpl
	if s.api, err = openapi.Load(sessionCookie); err != nil {
		return nil, err
	}

	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.RedirectTrailingSlash = true
	e.ContextWithFallback = true
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("server: trusted proxies: %w", err)
	}
	s.engine = e
	s.middleware()
	s.routes()
	return s, nil
}

// middleware installs the middleware every request passes, in order:
// metrics (first, so that they time everything), request id, access log,
// recovery (inside the access log, so a panic is logged with its 500),
// security headers, body limit, cross-origin protection, the text rule,
// the CSRF token, gzip (all in web/httpx).
func (s *Server) middleware() {
	s.instrument() // system.go
	s.engine.Use(
		httpx.SetRequestID,
		httpx.AccessLog(s.log),
		httpx.Recover(s.log, s.renderError),
		httpx.SecurityHeaders,
		httpx.LimitBody(s.cfg.MaxBodyBytes, smallBodies, s.renderError),
		httpx.CrossOrigin(s.renderError),
		httpx.CheckInput(s.cfg.MaxBodyBytes, s.renderError),
		httpx.CSRF(credentialRoutes, s.sessionCSRF, s.renderError), // auth.go
		gzip.Gzip(gzip.DefaultCompression, gzip.WithCustomShouldCompressFn(shouldGzip)),
	)
	s.engine.NoRoute(s.notFound)
	s.engine.NoMethod(s.methodNotAllowed)
}

// smallBodies are routes whose bodies are bounded below
// Config.MaxBodyBytes ("METHOD /gin/path" → bytes).
var smallBodies = map[string]int64{
	"POST /api/v1/versions/:id/opinions":      maxOpinionBody,
	"POST /api/v1/consultations/:id/opinions": maxOpinionBody,
	"POST /consultations/:id/opinion":         maxOpinionBody,
}

// credentialRoutes authenticate by the name and password (or token) they
// carry, not by the session cookie, and so need no CSRF token.
var credentialRoutes = map[string]bool{"POST /admin/login": true, "POST /api/v1/login": true}

// shouldGzip compresses responses for clients that accept gzip, except
// downloads of original files (.docx is already compressed) and responses
// a handler has encoded itself.
func shouldGzip(c *gin.Context) bool {
	if !strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") || c.Request.Method == http.MethodHead {
		return false
	}
	return !strings.HasSuffix(c.Request.URL.Path, "/file") && !isPrecompressed(c)
}

// Handler returns the server's http.Handler (for tests and for embedding).
func (s *Server) Handler() http.Handler { return s.engine }

// Serve accepts connections on ln until Shutdown is called; it returns nil
// after a graceful shutdown. Timeouts come from Config.
func (s *Server) Serve(ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.engine,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.mu.Lock()
	s.httpSrv, s.listener = hs, ln
	s.mu.Unlock()
	err := hs.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Addr returns the address the server listens on once Serve has started,
// else "".
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener == nil {
		return ""
	}
	return s.listener.Addr().String()
}

// Shutdown stops accepting connections, waits for running requests until
// ctx ends, runs the registered closers and closes the store.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	hs := s.httpSrv
	s.mu.Unlock()
	var errs []error
	if hs != nil {
		if err := hs.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("server: shutdown: %w", err))
		}
	}
	for i := len(s.closers) - 1; i >= 0; i-- {
		if err := s.closers[i](); err != nil {
			errs = append(errs, err)
		}
	}
	if err := s.store.Close(); err != nil {
		errs = append(errs, fmt.Errorf("server: close store: %w", err))
	}
	return errors.Join(errs...)
}
