package server

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/reports"
	"lifa/web/httpx"
)

// reportRoutes serves the reports on a reading (修改情况的汇报 / 审议结果的报告)
// and the feedback on consultations (feedback.go) over the reports
// workflows.
type reportRoutes struct {
	*Server
	reports *reports.Service
}

// newReportRoutes returns the handlers of reports and feedback. The
// reports workflows keep no state of their own (the comparisons are the
// readings workflows'), so each register function may make its own.
func (s *Server) newReportRoutes() *reportRoutes {
	return &reportRoutes{Server: s, reports: reports.New(s.store, s.readings, reports.Config{})}
}

// registerReportRoutes registers the reports of a regulation: the list,
// drafting one, the editor with its revisions, marking one final, the
// .docx; and their API (reports_api.go).
func (s *Server) registerReportRoutes(api, pages *gin.RouterGroup) {
	h := s.newReportRoutes()
	view := s.requirePerm(drafts.PermViewOpinions)
	write := s.requirePerm(drafts.PermAnswer)
	api.GET("/regulations/:id/reports", view, s.handle(h.apiList))
	api.POST("/regulations/:id/reports", write, s.handle(h.apiCreate))
	api.GET("/regulations/:id/reports/draft", view, s.handle(h.apiDraft))
	api.GET("/regulations/:id/reports/:rid", view, s.handle(h.apiReport))
	api.PUT("/regulations/:id/reports/:rid", write, s.handle(h.apiSave))
	api.GET("/regulations/:id/reports/:rid/revisions", view, s.handle(h.apiRevisions))
	api.POST("/regulations/:id/reports/:rid/final", write, s.handle(h.apiFinal))
	api.GET("/regulations/:id/reports/:rid/docx", view, s.handle(h.apiDocx))
	pages.GET("/regulations/:id/reports", write, s.handle(h.indexPage))
	pages.POST("/regulations/:id/reports", write, s.handle(h.createForm))
	pages.GET("/reports/:rid", write, s.handle(h.editPage))
	pages.POST("/reports/:rid", write, s.handle(h.saveForm))
	pages.POST("/reports/:rid/final", write, s.handle(h.finalForm))
	pages.POST("/reports/:rid/redraft", write, s.handle(h.redraftForm))
	pages.GET("/reports/:rid/docx", write, s.handle(h.docxPage))
}

// reportIndexData is the data of reports/index.html.
type reportIndexData struct {
	*reports.Index
	Kinds []drafts.ReportKind
	CSRF  string
}

// indexPage is GET /regulations/{id}/reports: the regulation's reports and
// the form to draft one.
func (h *reportRoutes) indexPage(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	idx, err := h.reports.List(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "reports/index.html", "修改情况的汇报",
		reportIndexData{Index: idx, Kinds: drafts.ReportKinds, CSRF: h.csrfToken(c)})
}

// createForm is POST /regulations/{id}/reports (from, to, kind): drafts
// the report and opens it in the editor.
func (h *reportRoutes) createForm(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	from, to, kind, err := reports.ParsePair(c.PostForm("from"), c.PostForm("to"), c.PostForm("kind"))
	if err == nil {
		var r *reports.Report
		if r, err = h.reports.Create(c.Request.Context(), h.actorName(c), id, from, to, kind); err == nil {
			return h.seeOther(c, "/reports/"+strconv.FormatInt(r.ID, 10), "已根据数据起草报告（第 1 稿），请修改后保存。")
		}
	}
	return h.seeOtherError(c, "/regulations/"+strconv.FormatInt(id, 10)+"/reports", err)
}

// reportEditorData is the data of reports/edit.html.
type reportEditorData struct {
	*reports.Editor
	Error string
	CSRF  string
}

// editPage is GET /reports/{rid}[?rev=N]: the editor on the latest
// revision, or an earlier revision to read.
func (h *reportRoutes) editPage(c *gin.Context) error {
	rid, err := httpx.PathID(c, "rid")
	if err != nil {
		return err
	}
	rev, err := httpx.QueryInt(c, "rev", 1, 1<<30)
	if err != nil {
		return err
	}
	r, err := h.reports.Open(c.Request.Context(), rid, int(rev))
	if err != nil {
		return err
	}
	return h.renderEditor(c, http.StatusOK, r, reports.EditOf(r.Content), nil, "")
}

// renderEditor renders the editor on edit e of report r; typed are the
// opinion ids of a refused form as typed, by section id.
func (h *reportRoutes) renderEditor(c *gin.Context, status int, r *reports.Report, e reports.Edit, typed map[string]string, msg string) error {
	return h.render(c, status, "reports/edit.html", r.Content.Title,
		reportEditorData{Editor: reports.EditorOf(r, e, typed), Error: msg, CSRF: h.csrfToken(c)})
}

// saveForm is POST /reports/{rid}: the editor's form saved as the next
// revision. A refused form is shown again as typed, with the reason.
func (h *reportRoutes) saveForm(c *gin.Context) error {
	rid, err := httpx.PathID(c, "rid")
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(c.PostForm("base"))
	e, typed, err := reports.ReadEdit(formValues(c))
	if err == nil {
		if _, err = h.reports.Save(c.Request.Context(), h.actorName(c), rid, base, e, c.PostForm("note")); err == nil {
			return h.seeOther(c, "/reports/"+strconv.FormatInt(rid, 10), "已保存为新的一稿。")
		}
	}
	if drafts.ErrorCode(err) == drafts.EINTERNAL {
		return err
	}
	r, oerr := h.reports.Open(c.Request.Context(), rid, max(base, 1))
	if oerr != nil {
		return err
	}
	return h.renderEditor(c, httpx.Status(err), r, e, typed, drafts.ErrorMessage(err))
}

// finalForm is POST /reports/{rid}/final (rev): marks a revision final.
func (h *reportRoutes) finalForm(c *gin.Context) error {
	rid, err := httpx.PathID(c, "rid")
	if err != nil {
		return err
	}
	target := "/reports/" + strconv.FormatInt(rid, 10)
	rev, err := reports.ParseRevision(c.PostForm("rev"))
	if err != nil {
		return h.seeOtherError(c, target, err)
	}
	if _, err := h.reports.MarkFinal(c.Request.Context(), h.actorName(c), rid, rev); err != nil {
		return h.seeOtherError(c, target, err)
	}
	return h.seeOther(c, target, "已将第 "+strconv.Itoa(rev)+" 稿设为定稿。")
}

// redraftForm is POST /reports/{rid}/redraft (base): drafts the report
// anew from the data and saves it as the next revision.
func (h *reportRoutes) redraftForm(c *gin.Context) error {
	rid, err := httpx.PathID(c, "rid")
	if err != nil {
		return err
	}
	target := "/reports/" + strconv.FormatInt(rid, 10)
	base, _ := strconv.Atoi(c.PostForm("base"))
	if _, err := h.reports.Redraft(c.Request.Context(), h.actorName(c), rid, base); err != nil {
		return h.seeOtherError(c, target, err)
	}
	return h.seeOther(c, target, "已按最新的答复重新起草，保存为新的一稿。")
}

// docxPage is GET /reports/{rid}/docx[?rev=N]: the report as .docx (the
// final revision, else the latest, unless rev names one).
func (h *reportRoutes) docxPage(c *gin.Context) error {
	rid, err := httpx.PathID(c, "rid")
	if err != nil {
		return err
	}
	rev, err := httpx.QueryInt(c, "rev", 1, 1<<30)
	if err != nil {
		return err
	}
	name, data, err := h.reports.Docx(c.Request.Context(), rid, int(rev))
	if err != nil {
		return err
	}
	sendDocx(c, name, data)
	return nil
}

// sendDocx answers with a Word document named name.
func sendDocx(c *gin.Context, name string, data []byte) {
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data)
}
