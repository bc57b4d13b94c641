package server

import (
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/web/httpx"
)

func (s *Server) registerVersionRoutes(api, pages *gin.RouterGroup) {
	edit := s.requirePerm(drafts.PermEditRegulations)
	api.GET("/regulations/:id/versions", s.handle(s.apiListVersions))
	api.POST("/regulations/:id/versions", edit, s.handle(s.apiCreateVersion))
	api.GET("/versions/:id", s.handle(s.apiVersion))
	api.GET("/versions/:id/document", s.handle(s.apiVersionDocument))
	api.GET("/versions/:id/file", s.handle(s.apiVersionFile))
	api.GET("/versions/:id/articles/:article", s.handle(s.apiArticle))

	api.POST("/versions/:id/withdraw", edit, s.handle(s.apiWithdrawVersion))

	pages.GET("/versions/:id", s.handle(s.versionPage))
	pages.POST("/versions/:id/withdraw", edit, s.handle(s.withdrawVersionForm))
	pages.GET("/regulations/:id/versions/new", edit, s.handle(s.newVersionPage))
	pages.POST("/regulations/:id/versions/new", edit, s.handle(s.createVersionForm))
	pages.GET("/regulations/:id/versions/preview", edit, s.handle(s.previewVersionPage))
	pages.POST("/regulations/:id/versions/confirm", edit, s.handle(s.confirmVersionForm))
}

func (s *Server) apiListVersions(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.readings.Project(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"versions": httpx.NonNil(p.Versions)})
	return nil
}

// apiCreateVersion creates a version from a multipart upload (field
// "file", plus stage, label, date, explanation) or from JSON
// {"stage","label","date","explanation","text","filename"}.
func (s *Server) apiCreateVersion(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	var in readings.Upload
	isJSON, err := httpx.UploadIsJSON(c, "multipart/form-data")
	switch {
	case err != nil:
		return err
	case isJSON:
		var j readings.PastedUpload
		if err := s.decodeJSON(c, &j); err != nil {
			return err
		}
		in = j.Upload()
	default:
		if in, err = s.readUpload(c); err != nil {
			return err
		}
	}
	if len(in.Data) > 256<<10 {
		defer collectSoon() // accepted or refused, parsing it left garbage
	}
	v, err := s.readings.ImportUpload(c.Request.Context(), s.actorName(c), id, in)
	if err != nil {
		return err
	}
	s.versionCreated(c, v, "version created")
	c.Header("Location", fmt.Sprintf("/api/v1/versions/%d", v.ID))
	c.JSON(http.StatusCreated, withoutDocument(v))
	return nil
}

// readUpload reads a version from a multipart form (parsed by checkInput):
// the file in "file" or pasted text in "text", and the fields stage,
// label, date and explanation.
func (s *Server) readUpload(c *gin.Context) (readings.Upload, error) {
	in := readings.Upload{Stage: c.PostForm("stage"), Label: c.PostForm("label"), Date: c.PostForm("date"),
		Explanation: c.PostForm("explanation")}
	name, data, err := httpx.FormFile(c, "file")
	switch {
	case err != nil:
		return in, err
	case data != nil:
		in.Filename, in.Data = name, data
	case strings.TrimSpace(c.PostForm("text")) == "":
		return in, drafts.Errorf(drafts.EINVALID, "请选择要上传的文件，或粘贴全文。")
	default:
		in.Data, in.Filename = []byte(c.PostForm("text")), readings.PastedName
	}
	return in, nil
}

// versionCreated logs a new version, with what made it (attrs), and
// indexes it for search before the response is sent (the index's follower
// would otherwise pick it up from the change log within a second).
func (s *Server) versionCreated(c *gin.Context, v *drafts.Version, msg string, attrs ...any) {
	ctx := c.Request.Context()
	s.log.InfoContext(ctx, msg, append([]any{slog.Int64("version", v.ID), slog.Int64("regulation", v.RegulationID),
		slog.Int("articles", v.Articles), slog.String("actor", s.actorName(c))}, attrs...)...)
	if ix := s.search.Index(); ix != nil {
		if err := ix.IndexVersion(ctx, v.ID); err != nil {
			s.log.ErrorContext(ctx, "search: index new version", "version", v.ID, "err", err)
		}
	}
}

// withoutDocument returns a copy of v without its parsed text.
func withoutDocument(v *drafts.Version) *drafts.Version {
	cp := *v
	cp.Document = nil
	return &cp
}

func (s *Server) apiVersion(c *gin.Context) error {
	v, err := s.versionFromPath(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, withoutDocument(v))
	return nil
}

func (s *Server) apiVersionDocument(c *gin.Context) error {
	v, err := s.versionFromPath(c)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "public, max-age=86400")
	c.JSON(http.StatusOK, v.Document)
	return nil
}

func (s *Server) apiVersionFile(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	name, data, err := s.readings.File(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, readings.ContentType(name), data)
	return nil
}

func (s *Server) apiArticle(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	num, sub, err := drafts.ParseArticleKey(c.Param("article"))
	if err != nil {
		return err
	}
	a, err := s.readings.Article(c.Request.Context(), id, num, sub)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, a)
	return nil
}

// versionFromPath loads the version named by the :id parameter, with its
// Document.
func (s *Server) versionFromPath(c *gin.Context) (*drafts.Version, error) {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return nil, err
	}
	return s.readings.Version(c.Request.Context(), id)
}
