package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/web"
)

func (s *Server) registerVersionRoutes(api, pages *gin.RouterGroup) {
	api.GET("/regulations/:id/versions", s.handle(s.apiListVersions))
	api.POST("/regulations/:id/versions", s.requireWriter(), s.handle(s.apiCreateVersion))
	api.GET("/versions/:id", s.handle(s.apiVersion))
	api.GET("/versions/:id/document", s.handle(s.apiVersionDocument))
	api.GET("/versions/:id/file", s.handle(s.apiVersionFile))
	api.GET("/versions/:id/articles/:article", s.handle(s.apiArticle))

	pages.GET("/versions/:id", s.handle(s.versionPage))
	pages.GET("/regulations/:id/versions/new", s.requireWriter(), s.handle(s.newVersionPage))
	pages.POST("/regulations/:id/versions/new", s.requireWriter(), s.handle(s.createVersionForm))
}

// --- JSON API ---

func (s *Server) apiListVersions(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	vs, err := s.store.Versions(c.Request.Context(), id)
	if err != nil {
		return err
	}
	if vs == nil {
		vs = []*drafts.Version{}
	}
	c.JSON(http.StatusOK, gin.H{"versions": vs})
	return nil
}

// apiCreateVersion creates a version from a multipart upload (field
// "file", plus stage, label, date, explanation) or from JSON
// {"stage","label","date","explanation","text","filename"}.
func (s *Server) apiCreateVersion(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in versionInput
	ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	switch ct {
	case "multipart/form-data":
		if in, err = s.multipartVersion(c); err != nil {
			return err
		}
	case "application/json", "":
		var j struct {
			Stage       string `json:"stage"`
			Label       string `json:"label"`
			Date        string `json:"date"`
			Explanation string `json:"explanation"`
			Filename    string `json:"filename"`
			Text        string `json:"text"`
		}
		if err := s.decodeJSON(c, &j); err != nil {
			return err
		}
		in = versionInput{Stage: j.Stage, Label: j.Label, Date: j.Date, Explanation: j.Explanation,
			Filename: j.Filename, Data: []byte(j.Text)}
		if in.Filename == "" {
			in.Filename = "正文.txt"
		}
	default:
		return drafts.Errorf(drafts.EINVALID, "不支持的内容类型 %q：请用 multipart/form-data 上传文件，或用 application/json 提交文本。", ct)
	}
	v, err := s.createVersion(c.Request.Context(), s.actorName(c), id, in)
	if err != nil {
		return err
	}
	c.Header("Location", fmt.Sprintf("/api/v1/versions/%d", v.ID))
	c.JSON(http.StatusCreated, withoutDocument(v))
	return nil
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
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	name, data, err := s.store.VersionFile(c.Request.Context(), id)
	if err != nil {
		return err
	}
	ctype := "text/plain; charset=utf-8"
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".md", ".markdown":
		ctype = "text/markdown; charset=utf-8"
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, ctype, data)
	return nil
}

// articleParam matches an article in a path: 12, 10-1 or 10之1.
var articleParam = regexp.MustCompile(`^(\d+)(?:(?:-|之)(\d+))?$`)

func (s *Server) apiArticle(c *gin.Context) error {
	v, err := s.versionFromPath(c)
	if err != nil {
		return err
	}
	m := articleParam.FindStringSubmatch(c.Param("article"))
	if m == nil {
		return drafts.Errorf(drafts.EINVALID, "条文编号 %q 无效：应为 12 或 10-1（第十条之一）。", c.Param("article"))
	}
	num, _ := strconv.Atoi(m[1])
	sub := 0
	if m[2] != "" {
		sub, _ = strconv.Atoi(m[2])
	}
	if v.Document != nil {
		for _, a := range v.Document.Articles {
			if a.Num == num && a.Sub == sub {
				c.JSON(http.StatusOK, a)
				return nil
			}
		}
	}
	return drafts.Errorf(drafts.ENOTFOUND, "该版本没有第 %s 条。", c.Param("article"))
}

// versionFromPath loads the version named by the :id parameter, with its
// Document, from the cache of immutable versions when it is there.
func (s *Server) versionFromPath(c *gin.Context) (*drafts.Version, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return nil, err
	}
	return s.store.Version(c.Request.Context(), id)
}

// --- pages ---

// isPrecompressed reports whether the request is for a page whose handler
// compresses the response itself: the version page for anonymous visitors,
// served from its cache.
func isPrecompressed(c *gin.Context) bool {
	if c.Request.URL.RawQuery != "" || c.GetHeader("Authorization") != "" || c.GetHeader("Cookie") != "" {
		return false
	}
	p := c.Request.URL.Path
	if !strings.HasPrefix(p, "/versions/") {
		return false
	}
	rest := p[len("/versions/"):]
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return rest != ""
}

// versionData is the data of versions/show.html.
type versionData struct {
	Regulation *drafts.Regulation
	Version    *drafts.Version // without Document
	Body       template.HTML   // versions/body.html, rendered once per version
	// Warnings are the parser's notes on the text, shown to signed-in staff.
	Warnings []drafts.Warning
	// Opinions is the consultation banner (opinions_version.go), nil when
	// no consultation admits the visitor.
	Opinions *versionOpinions
}

// bodyData is the data of versions/body.html.
type bodyData struct {
	Document    *drafts.Document
	Explanation string
	Layout      web.Layout
	// RegulationID and VersionID build each article's history link.
	RegulationID, VersionID int64
	// OpinionURL, when set, adds a link to that opinion form under
	// every article (opinions_version.go).
	OpinionURL string
}

// versionPage shows one version's text: table of contents, chapters,
// articles with anchors (#art-12, #art-10-1). Versions are immutable, so
// the text's HTML is rendered once and cached, and anonymous requests are
// served a cached page (plain and gzipped) as long as the regulation's
// title is unchanged.
func (s *Server) versionPage(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	vb, err := s.versionBody(c, id)
	if err != nil {
		return err
	}
	now := time.Now()
	r := s.regs.get(vb.version.RegulationID, now)
	if r == nil {
		if r, err = s.store.Regulation(ctx, vb.version.RegulationID); err != nil {
			return err
		}
		s.regs.put(r, now)
	}
	a, err := s.actor(c)
	if err != nil {
		return err
	}
	vo, err := s.versionOpinionsFor(c, id)
	if err != nil {
		return err
	}
	key := r.Title + vo.key()
	cacheable := a == nil && isPrecompressed(c) // no query, no credentials: the gzip middleware is off
	if cacheable {
		if pg := vb.page(key); pg != nil {
			s.writePage(c, pg)
			return nil
		}
	}
	d := versionData{Regulation: r, Version: vb.version, Body: vb.body, Opinions: vo}
	if vo != nil && vo.Open {
		if d.Body, err = s.opinionBody(ctx, vb, vo); err != nil {
			return err
		}
	}
	if a != nil {
		d.Warnings = vb.warnings
	}
	p := s.page(c, vb.title(r), d)
	b, err := s.tmpl.Execute("versions/show.html", p)
	if err != nil {
		return err
	}
	if !cacheable {
		// Signed-in or parameterised pages are rendered for one request:
		// leave compression to the gzip middleware's faster level.
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "text/html; charset=utf-8", b)
		return nil
	}
	pg := newCachedPage(key, b)
	vb.setPage(pg)
	s.writePage(c, pg)
	return nil
}

// writePage writes a rendered page, gzipped when the client accepts it,
// with an ETag so that reloads can be answered with 304.
func (s *Server) writePage(c *gin.Context, pg *cachedPage) {
	h := c.Writer.Header()
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", pg.etag)
	if inm := c.GetHeader("If-None-Match"); inm != "" && inm == pg.etag {
		c.Status(http.StatusNotModified)
		return
	}
	if strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		c.Data(http.StatusOK, "text/html; charset=utf-8", pg.gz)
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", pg.html)
}

// cachedPage is a rendered page, plain and gzipped.
type cachedPage struct {
	key  string // what the page depends on besides the version (the regulation's title)
	html []byte
	gz   []byte
	etag string
}

func newCachedPage(key string, html []byte) *cachedPage {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(html)
	_ = zw.Close()
	sum := sha256.Sum256(html)
	return &cachedPage{key: key, html: html, gz: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

// versionBody returns the cached rendering of a version's text, rendering
// and caching it on first use.
func (s *Server) versionBody(c *gin.Context, id int64) (*versionView, error) {
	if vb := s.bodies.get(id); vb != nil {
		return vb, nil
	}
	v, err := s.store.Version(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	doc := v.Document
	if doc == nil {
		doc = &drafts.Document{}
	}
	b, err := s.tmpl.Execute("versions/body.html", bodyData{Document: doc, Explanation: v.Explanation,
		Layout: web.LayoutDocument(doc), RegulationID: v.RegulationID, VersionID: v.ID})
	if err != nil {
		return nil, err
	}
	vb := &versionView{version: withoutDocument(v), docTitle: doc.Title, body: template.HTML(b), warnings: doc.Warnings}
	s.bodies.put(id, vb)
	return vb, nil
}
