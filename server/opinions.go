package server

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/server/limits"
	"lifa/web"
	"lifa/web/httpx"
)

// OpinionConfig configures the public comment safeguards: the rate
// limit and the batch of the opinion writer (consultations.OpinionConfig).
type OpinionConfig = consultations.OpinionConfig

// maxOpinionBody bounds the body of a submitted opinion: 5,000 characters
// of text at up to 4 bytes each, JSON escaping and the other fields.
const maxOpinionBody = 64 << 10

// WithOpinionConfig sets the public comment safeguards.
func WithOpinionConfig(cfg OpinionConfig) Option {
	return func(s *Server) error { s.opinions.cfg = cfg; return nil }
}

// opinionLimits is the per-client limit on public opinions, kept in the
// shared limits (throttle.go).
type opinionLimits struct {
	cfg     OpinionConfig
	limiter *limits.Limiter // nil: no limit
}

// checkOpinionRate counts a public opinion of the request's client:
// ERATELIMIT (with Retry-After) over the limit. Accounts are not limited.
func (s *Server) checkOpinionRate(c *gin.Context, a *drafts.Account) error {
	if a != nil || s.opinions.limiter == nil {
		return nil
	}
	return s.allowAll(c, []*limits.Limiter{s.opinions.limiter}, c.ClientIP(), "提交")
}

// registerOpinionRoutes registers submitting opinions and reading what
// became of them: the public's, members' and liaisons' opinions, receipts,
// the public statistics and heat map of a version.
func (s *Server) registerOpinionRoutes(api, pages *gin.RouterGroup) {
	api.POST("/versions/:id/opinions", s.handle(s.apiCreateOpinion))
	api.POST("/consultations/:id/opinions", s.handle(s.apiCreateConsultationOpinion))
	api.GET("/versions/:id/opinions/stats", s.handle(s.apiOpinionStats))
	api.GET("/versions/:id/opinions/heatmap.svg", s.handle(s.apiHeatMap))
	api.GET("/consultations/:id/heatmap.svg", s.handle(s.apiConsultationHeatMap))
	api.GET("/receipts/:receipt", s.handle(s.apiReceipt))
	pages.POST("/consultations/:id/opinion", s.handle(s.submitOpinionForm))
	pages.GET("/receipts", s.handle(s.receiptPage))
}

// submit files an opinion of the request's visitor (consultations.Service.Submit).
func (s *Server) submit(c *gin.Context, in consultations.Submission) (*drafts.Opinion, error) {
	a, err := s.account(c)
	if err != nil {
		return nil, err
	}
	if err := s.checkOpinionRate(c, a); err != nil {
		return nil, err
	}
	in.ClientIP = c.ClientIP()
	return s.consultations.Submit(c.Request.Context(), a, in)
}

// apiCreateOpinion is POST /api/v1/versions/{id}/opinions: an opinion on
// a version, filed under the consultation that asks its sender.
func (s *Server) apiCreateOpinion(c *gin.Context) error { return s.createOpinion(c, false) }

// apiCreateConsultationOpinion is POST /api/v1/consultations/{id}/opinions:
// an opinion sent to this consultation, which takes it or refuses it
// (404 when the sender may not see it, 403 when it does not ask the
// sender, 409 outside its period) — never filing it under another.
func (s *Server) apiCreateConsultationOpinion(c *gin.Context) error { return s.createOpinion(c, true) }

// createOpinion submits the opinion of the JSON body to version {id}, or
// to consultation {id}, and answers 201 {"id", "receipt", "status"} only
// after the opinion is committed.
func (s *Server) createOpinion(c *gin.Context, toConsultation bool) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	var in consultations.OpinionInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	sub := consultations.Submission{VersionID: id, Opinion: in}
	if toConsultation {
		sub = consultations.Submission{ConsultationID: id, Opinion: in}
	}
	op, err := s.submit(c, sub)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, gin.H{"id": op.ID, "receipt": op.Receipt, "status": op.Status})
	return nil
}

// submitOpinionForm is POST /consultations/{id}/opinion: the opinion form.
// The opinion goes to this consultation or is refused. On success a
// redirect to its receipt (post, redirect, get: reloading it submits
// nothing); on a refusal the form again with the message and what was
// typed.
func (s *Server) submitOpinionForm(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	in := consultations.ReadOpinionForm(formValues(c))
	op, err := s.submit(c, consultations.Submission{ConsultationID: id, Opinion: in})
	switch drafts.ErrorCode(err) {
	case "":
		return s.seeOther(c, "/receipts?new=1&r="+url.QueryEscape(op.Receipt), "")
	case drafts.EINTERNAL, drafts.ENOTFOUND:
		return err
	}
	return s.renderOpinionForm(c, id, httpx.Status(err), drafts.ErrorMessage(err), in)
}

// receiptPage is GET /receipts?r=…[&new=1]: the status and answer of an
// opinion, and after submitting one its receipt number to keep
// (consultations.ReceiptPage). A look-up over the client's limit is
// refused (429).
func (s *Server) receiptPage(c *gin.Context) error {
	var a *drafts.Account
	if strings.TrimSpace(c.Query("r")) != "" {
		if err := s.checkReceipt(c); err != nil {
			return err
		}
		var err error
		if a, err = s.account(c); err != nil {
			return err
		}
	}
	p, err := s.consultations.ReceiptPage(c.Request.Context(), c.Query("r"), c.Query("new") == "1", a)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	return s.render(c, http.StatusOK, "opinions/receipt.html", p.Title(), p)
}

// apiReceipt is GET /api/v1/receipts/{receipt}, limited per client.
func (s *Server) apiReceipt(c *gin.Context) error {
	if err := s.checkReceipt(c); err != nil {
		return err
	}
	a, err := s.account(c)
	if err != nil {
		return err
	}
	r, err := s.consultations.Receipt(c.Request.Context(), c.Param("receipt"), a)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, r)
	return nil
}

// apiOpinionStats is GET /api/v1/versions/{id}/opinions/stats: the
// statistics 共收到 N 人次提出的 M 条意见 that the visitor may see.
func (s *Server) apiOpinionStats(c *gin.Context) error {
	id, a, err := s.idAndAccount(c)
	if err != nil {
		return err
	}
	st, _, err := s.consultations.VersionStats(c.Request.Context(), id, a)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"opinions": st.Opinions, "people": st.People, "text": st.String()})
	return nil
}

// heatMapSVG draws counts, each cell linked to its article on version
// versionID's page.
func heatMapSVG(counts []consultations.ArticleCount, versionID int64) template.HTML {
	cells := make([]web.HeatCell, len(counts))
	for i, n := range counts {
		cells[i] = web.HeatCell{Article: n.Article.Num, ArticleSub: n.Article.Sub, Count: n.Count,
			Href: fmt.Sprintf("/versions/%d#%s", versionID, n.Article.Anchor())}
	}
	return web.HeatMapSVG(cells, 20)
}

// apiConsultationHeatMap is GET /api/v1/consultations/{id}/heatmap.svg:
// the opinions per article of this consultation (not of the version's
// other consultations), for who may see it.
func (s *Server) apiConsultationHeatMap(c *gin.Context) error { return s.heatMap(c, true) }

// apiHeatMap is GET /api/v1/versions/{id}/opinions/heatmap.svg, for who
// may see every consultation on the version.
func (s *Server) apiHeatMap(c *gin.Context) error { return s.heatMap(c, false) }

// heatMap answers the heat map of consultation {id}, or of version {id}.
func (s *Server) heatMap(c *gin.Context, ofConsultation bool) error {
	id, a, err := s.idAndAccount(c)
	if err != nil {
		return err
	}
	vid, counts := id, []consultations.ArticleCount(nil)
	if ofConsultation {
		vid, counts, err = s.consultations.ConsultationArticleCounts(c.Request.Context(), id, a)
	} else {
		counts, err = s.consultations.VersionArticleCounts(c.Request.Context(), id, a)
	}
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "image/svg+xml; charset=utf-8", []byte(heatMapSVG(counts, vid)))
	return nil
}
