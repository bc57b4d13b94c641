package server

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/web"
)

// registerSystemRoutes registers /healthz, /readyz, the static files and the
// OpenAPI document.
func (s *Server) registerSystemRoutes(e *gin.Engine) {
	e.GET("/healthz", s.healthz)
	e.HEAD("/healthz", s.healthz)
	e.GET("/readyz", s.readyz) // readyz.go
	e.HEAD("/readyz", s.readyz)
	files := http.StripPrefix("/static/", http.FileServerFS(web.Static()))
	static := func(c *gin.Context) {
		if c.Query("v") != "" {
			c.Header("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			c.Header("Cache-Control", "public, max-age=3600")
		}
		files.ServeHTTP(c.Writer, c.Request)
	}
	e.GET("/static/*file", static)
	e.HEAD("/static/*file", static)
	e.GET("/api/openapi.json", func(c *gin.Context) {
		c.Data(http.StatusOK, "application/json; charset=utf-8", s.api.json)
	})
}

// healthz answers 200 when the server can reach its store, 503 otherwise,
// and says the state of the search index.
func (s *Server) healthz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.DB().PingContext(ctx); err != nil {
		s.log.ErrorContext(ctx, "healthz: store unreachable", "error", err.Error())
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable"})
		return
	}
	// The server serves while the index is rebuilt: "search" says whether
	// searches work yet (ready, rebuilding, failed or off).
	c.JSON(http.StatusOK, gin.H{"status": "ok", "version": s.cfg.AppVersion, "search": s.search.status()})
}
