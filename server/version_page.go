package server

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/drafts/store"
	"lifa/web"
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
	Opinions *versionOpinions
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

// versionOpinions is what the version page shows of the consultation that
// concerns the visitor (consultations.Service.ForVisitor): a banner with
// the period and deadline (or that the period has closed) and, while it is
// open, a link under every article to the opinion form for that article.
type versionOpinions struct {
	ID       int64  // the consultation
	Title    string // the consultation's title ("" when it has none)
	Open     bool
	Closed   bool   // the period is over
	Opens    string // 2026年11月19日 10:00 (Beijing time)
	Closes   string
	FormURL  string // /consultations/{id}/opinion; add ?article=N[&sub=M]
	Audience string // who is asked (label)
	// Others are the version's other open consultations, listed with
	// this one for staff, who see every consultation: the public and a
	// liaison see only the one that asks them.
	Others   []*versionOpinions
	closesAt time.Time
}

// Every is the consultation with the others open on the version.
func (vo *versionOpinions) Every() []*versionOpinions {
	return append([]*versionOpinions{vo}, vo.Others...)
}

// key is what the version page's cached anonymous copy depends on.
func (vo *versionOpinions) key() string {
	if vo == nil {
		return ""
	}
	return fmt.Sprintf("\x00op:%d:%t:%t", vo.ID, vo.Open, vo.Closed)
}

// versionPage shows one version's text: table of contents, chapters,
// articles with anchors (#art-12, #art-10-1), and the banner of the
// consultation that asks the visitor. Anonymous requests without a query
// are served a cached page (version_cache.go).
func (s *Server) versionPage(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	vv, err := s.versionView(c, id)
	if err != nil {
		return err
	}
	now := time.Now()
	r, all := s.pages.regulation(vv.version.RegulationID, now)
	if r == nil {
		p, err := s.readings.Project(ctx, vv.version.RegulationID)
		if err != nil {
			return err
		}
		r, all = p.Regulation, append(append([]*drafts.Version(nil), p.Versions...), p.Withdrawn...)
		s.pages.putRegulation(r, all, now)
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
	vo := banner(cons, s.consultations.Now())
	if vo != nil && vo.Open && a.Can(drafts.PermViewOpinions) {
		if vo.Others, err = s.otherOpen(c, id, vo.ID); err != nil {
			return err
		}
	}
	key := r.Title + vo.key() + aroundKey(around)
	cacheable := a == nil && isPrecompressed(c) // no query, no credentials: the gzip middleware is off
	if cacheable {
		if pg := vv.page(key); pg != nil {
			writePage(c, pg)
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
	pg := newCachedPage(key, b)
	vv.setPage(pg)
	writePage(c, pg)
	return nil
}

// aroundKey is what the cached page depends on of the neighbours.
func aroundKey(n readings.Neighbours) string {
	id := func(v *drafts.Version) int64 {
		if v == nil {
			return 0
		}
		return v.ID
	}
	return fmt.Sprintf("\x00n:%d:%d:%t", id(n.Prev), id(n.Next), n.Withdrawn != nil)
}

// banner is the version page's banner of consultation c at now, nil for
// no consultation.
func banner(c *drafts.Consultation, now time.Time) *versionOpinions {
	if c == nil {
		return nil
	}
	return &versionOpinions{ID: c.ID, Title: c.Title, Open: c.IsOpen(now), Closed: !now.Before(c.ClosesAt),
		Opens: drafts.FormatDateTime(c.OpensAt), Closes: drafts.FormatDateTime(c.ClosesAt),
		FormURL: fmt.Sprintf("/consultations/%d/opinion", c.ID), Audience: c.Audience.Label(), closesAt: c.ClosesAt}
}

// otherOpen returns the banners of the consultations open on version id
// besides consultation except, closing soonest first.
func (s *Server) otherOpen(c *gin.Context, id, except int64) ([]*versionOpinions, error) {
	list, err := s.store.Consultations(c.Request.Context(), store.ConsultationFilter{VersionID: id})
	if err != nil {
		return nil, err
	}
	now := s.consultations.Now()
	var out []*versionOpinions
	for _, k := range list {
		if k.ID != except && k.IsOpen(now) {
			out = append(out, banner(k, now))
		}
	}
	slices.SortStableFunc(out, func(x, y *versionOpinions) int { return x.closesAt.Compare(y.closesAt) })
	return out, nil
}

// versionView returns the cached rendering of a version's text, rendering
// and caching it on first use.
func (s *Server) versionView(c *gin.Context, id int64) (*versionView, error) {
	if vv := s.pages.get(id); vv != nil {
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
	s.pages.put(id, vv)
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
