package server

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/web"
	"lifa/web/httpx"
)

// versionData is the data of versions/show.html.
type versionData struct {
	Regulation *drafts.Regulation
	Version    *drafts.Version // without Document
	Body       template.HTML   // versions/body.html, rendered once per version
	// Warnings are the parser's notes on the text, shown to signed-in staff.
	Warnings []drafts.Warning
	// Opinions is the consultation banner, nil when no consultation asks
	// the visitor.
	Opinions *readings.Banner
	// Around are the readings before and after this one, with the
	// comparison to the previous, and its withdrawal (撤回) if any.
	Around readings.Neighbours
}

// bodyData is the data of versions/body.html.
type bodyData struct {
	Document    *drafts.Document
	Explanation string
	Layout      web.Layout
	// RegulationID and VersionID build each article's history link.
	RegulationID, VersionID int64
	// OpinionURL, when set, adds a link to that opinion form under
	// every article.
	OpinionURL string
}

// versionPage shows one version's text: table of contents, chapters,
// articles with anchors (#art-12, #art-10-1), and the banner of the
// consultation that asks the visitor. Anonymous requests without a query
// are served a cached page (version_cache.go).
func (s *Server) versionPage(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	vv, err := s.versionView(c, id)
	if err != nil {
		return err
	}
	r, all, err := s.readings.Snapshot(ctx, vv.version.RegulationID)
	if err != nil {
		return err
	}
	around := readings.Around(all, id)
	a, err := s.account(c)
	if err != nil {
		return err
	}
	cons, err := s.consultations.ForVisitor(ctx, id, a)
	if err != nil {
		return err
	}
	vo, err := s.readings.VisitorBanner(ctx, cons, id, a, s.consultations.Now())
	if err != nil {
		return err
	}
	key := r.Title + vo.Key() + around.Key()
	cacheable := a == nil && isPrecompressed(c) // no query, no credentials: the gzip middleware is off
	if cacheable {
		if pg := vv.page(key); pg != nil {
			pg.Write(c)
			return nil
		}
	}
	d := versionData{Regulation: r, Version: vv.version, Body: vv.body, Opinions: vo, Around: around}
	if vo != nil && vo.Open {
		if d.Body, err = vv.linkedBody(vo.ID, func() (template.HTML, error) {
			return s.renderBody(c, vo.FormURL)
		}); err != nil {
			return err
		}
	}
	if a != nil {
		d.Warnings = vv.warnings
	}
	b, err := s.tmpl.Execute("versions/show.html", s.page(c, vv.title(r), d))
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
	pg := httpx.NewCachedPage(key, b)
	vv.setPage(pg)
	pg.Write(c)
	return nil
}

// versionView returns the cached rendering of a version's text, rendering
// and caching it on first use.
func (s *Server) versionView(c *gin.Context, id int64) (*versionView, error) {
	if vv, ok := s.pages.Get(id); ok {
		return vv, nil
	}
	v, err := s.readings.Version(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	vv := &versionView{version: withoutDocument(v), docTitle: v.Document.Title, warnings: v.Document.Warnings}
	if vv.body, err = s.renderBody(c, ""); err != nil {
		return nil, err
	}
	s.pages.Put(id, vv, vv.cost())
	return vv, nil
}

// renderBody renders the text of the version in the path, with a link
// under every article to the opinion form at formURL when it is set.
func (s *Server) renderBody(c *gin.Context, formURL string) (template.HTML, error) {
	v, err := s.versionFromPath(c)
	if err != nil {
		return "", err
	}
	b, err := s.tmpl.Execute("versions/body.html", bodyData{Document: v.Document, Explanation: v.Explanation,
		Layout: web.LayoutDocument(v.Document), RegulationID: v.RegulationID, VersionID: v.ID, OpinionURL: formURL})
	return template.HTML(b), err
}
