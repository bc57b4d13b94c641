package server

import (
	"fmt"
	"math"
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/reports"
	"lifa/web/httpx"
)

// The JSON API of reports: /api/v1/regulations/{id}/reports…

// reportsList is the answer of GET /api/v1/regulations/{id}/reports.
type reportsList struct {
	Reports []*drafts.Report `json:"reports"`
}

// apiList is GET /api/v1/regulations/{id}/reports: the regulation's
// reports, newest first.
func (h *reportRoutes) apiList(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	idx, err := h.reports.List(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, reportsList{idx.Reports})
	return nil
}

// apiCreate is POST /api/v1/regulations/{id}/reports: drafts the report on
// reading to compared with reading from and saves it as revision 1.
func (h *reportRoutes) apiCreate(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	var in reports.NewReport
	if err := h.decodeJSON(c, &in); err != nil {
		return err
	}
	r, err := h.reports.Create(c.Request.Context(), h.actorName(c), id, in.From, in.To, in.Kind)
	if err != nil {
		return err
	}
	c.Header("Location", fmt.Sprintf("/api/v1/regulations/%d/reports/%d", id, r.ID))
	c.JSON(http.StatusCreated, r)
	return nil
}

// apiDraft is GET /api/v1/regulations/{id}/reports/draft?from=&to=&kind=:
// the report drafted from the data, not saved.
func (h *reportRoutes) apiDraft(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	from, to, kind, err := reports.ParsePair(c.Query("from"), c.Query("to"), c.Query("kind"))
	if err != nil {
		return err
	}
	d, err := h.reports.Draft(c.Request.Context(), id, from, to, kind)
	return replyJSON(c, http.StatusOK, d, err)
}

// openOf returns report {rid} of regulation {id} at ?revision=N (0: the
// latest). ENOTFOUND for a report of another regulation.
func (h *reportRoutes) openOf(c *gin.Context) (*reports.Report, error) {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return nil, err
	}
	rid, err := httpx.PathID(c, "rid")
	if err != nil {
		return nil, err
	}
	rev, err := httpx.QueryInt(c, "revision", 1, math.MaxInt32)
	if err != nil {
		return nil, err
	}
	return h.reports.OpenOf(c.Request.Context(), id, rid, int(rev))
}

// apiReport is GET /api/v1/regulations/{id}/reports/{rid}[?revision=N]:
// the report with a revision's content (sections referencing opinion ids),
// the opinions it may name, the problems and the revisions.
func (h *reportRoutes) apiReport(c *gin.Context) error {
	r, err := h.openOf(c)
	return replyJSON(c, http.StatusOK, r, err)
}

// apiSave is PUT /api/v1/regulations/{id}/reports/{rid}: saves the next
// revision; 409 when another was saved since base.
func (h *reportRoutes) apiSave(c *gin.Context) error {
	r, err := h.openOf(c)
	if err != nil {
		return err
	}
	var in reports.SaveBody
	if err := h.decodeJSON(c, &in); err != nil {
		return err
	}
	saved, err := h.reports.Save(c.Request.Context(), h.actorName(c), r.ID, in.Base, in.Content, in.Note)
	return replyJSON(c, http.StatusOK, saved, err)
}

// revisionsList is the answer of GET …/reports/{rid}/revisions.
type revisionsList struct {
	Revisions []*drafts.ReportRevision `json:"revisions"`
}

// apiRevisions is GET /api/v1/regulations/{id}/reports/{rid}/revisions:
// who saved each revision and when, newest first.
func (h *reportRoutes) apiRevisions(c *gin.Context) error {
	r, err := h.openOf(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, revisionsList{r.History})
	return nil
}

// apiFinal is POST /api/v1/regulations/{id}/reports/{rid}/final: marks a
// revision final.
func (h *reportRoutes) apiFinal(c *gin.Context) error {
	r, err := h.openOf(c)
	if err != nil {
		return err
	}
	var in reports.FinalBody
	if err := h.decodeJSON(c, &in); err != nil {
		return err
	}
	rep, err := h.reports.MarkFinal(c.Request.Context(), h.actorName(c), r.ID, in.Revision)
	return replyJSON(c, http.StatusOK, rep, err)
}

// apiDocx is GET /api/v1/regulations/{id}/reports/{rid}/docx[?revision=N]:
// a revision as .docx (by default the final one, else the latest).
func (h *reportRoutes) apiDocx(c *gin.Context) error {
	r, err := h.openOf(c)
	if err != nil {
		return err
	}
	rev, _ := httpx.QueryInt(c, "revision", 1, math.MaxInt32)
	name, data, err := h.reports.Docx(c.Request.Context(), r.ID, int(rev))
	if err != nil {
		return err
	}
	sendDocx(c, name, data)
	return nil
}
