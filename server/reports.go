package server

import (
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/reports"
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
	id, err := pathID(c, "id")
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
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	from, to, kind, err := reportPair(c.PostForm("from"), c.PostForm("to"), c.PostForm("kind"))
	if err == nil {
		var r *reports.Report
		if r, err = h.reports.Create(c.Request.Context(), h.actorName(c), id, from, to, kind); err == nil {
			return h.seeOther(c, "/reports/"+strconv.FormatInt(r.ID, 10), "已根据数据起草报告（第 1 稿），请修改后保存。")
		}
	}
	return h.seeOtherError(c, "/regulations/"+strconv.FormatInt(id, 10)+"/reports", err)
}

// reportPair reads the readings and the kind of a report to draft; empty
// values are 0 and "" (the latest two readings, the kind by stage).
func reportPair(from, to, kind string) (int64, int64, drafts.ReportKind, error) {
	var ids [2]int64
	for i, v := range []string{from, to} {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, "", drafts.Errorf(drafts.EINVALID, "请选择要比较的两个版本。")
		}
		ids[i] = n
	}
	if kind = strings.TrimSpace(kind); kind != "" {
		k, err := drafts.ParseReportKind(kind)
		return ids[0], ids[1], k, err
	}
	return ids[0], ids[1], "", nil
}

// reportEditorData is the data of reports/edit.html.
type reportEditorData struct {
	*reports.Report
	Edit reports.Edit
	// Sections are Edit's sections with what the editor shows beside them.
	Sections []editorSection
	// ReadOnly is set for an earlier revision (?rev=N).
	ReadOnly bool
	Error    string
	CSRF     string
}

// editorSection is a section as the editor shows it.
type editorSection struct {
	reports.SectionEdit
	Changes []reports.ChangeRef
	Grouped bool
	Linked  []reports.OpinionRef
	// Missing are ids of opinions the report does not know (typed in a
	// refused form).
	Missing []int64
	Opinion string // the ids as typed: "12, 15"
	// Anchor is the row of the section's change on the comparison page
	// (art-8, old-art-17 for a deleted article); "" for none.
	Anchor string
}

// editorSections joins an edit's sections to what the report knows of
// them: their changes by id, their opinions by id (and the ids as typed,
// when given).
func editorSections(r *reports.Report, e reports.Edit, typed map[string]string) []editorSection {
	secs := map[string]reports.Section{}
	for _, s := range r.Content.Sections {
		secs[s.ID] = s
	}
	ops := map[int64]reports.OpinionRef{}
	for _, o := range r.Opinions {
		ops[o.ID] = o
	}
	out := make([]editorSection, len(e.Sections))
	for i, se := range e.Sections {
		es := editorSection{SectionEdit: se, Changes: secs[se.ID].Changes, Grouped: secs[se.ID].Grouped}
		if len(es.Changes) > 0 && !es.Grouped && r.Comparison != nil && es.Changes[0].Index < len(r.Comparison.Changes) {
			ch := &r.Comparison.Changes[es.Changes[0].Index]
			switch {
			case len(ch.New) > 0:
				es.Anchor = drafts.ArticleAnchor(ch.New[0].Num, ch.New[0].Sub)
			case len(ch.Old) > 0:
				es.Anchor = "old-" + drafts.ArticleAnchor(ch.Old[0].Num, ch.Old[0].Sub)
			}
		}
		ids := make([]string, len(se.Opinions))
		for k, id := range se.Opinions {
			ids[k] = strconv.FormatInt(id, 10)
			if o, ok := ops[id]; ok {
				es.Linked = append(es.Linked, o)
			} else {
				es.Missing = append(es.Missing, id)
			}
		}
		es.Opinion = strings.Join(ids, ", ")
		if t, ok := typed[se.ID]; ok {
			es.Opinion = t
		}
		out[i] = es
	}
	return out
}

// editPage is GET /reports/{rid}[?rev=N]: the editor on the latest
// revision, or an earlier revision to read.
func (h *reportRoutes) editPage(c *gin.Context) error {
	rid, err := pathID(c, "rid")
	if err != nil {
		return err
	}
	rev, err := queryInt(c, "rev", 1, 1<<30)
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
	return h.render(c, status, "reports/edit.html", r.Content.Title, reportEditorData{Report: r, Edit: e,
		Sections: editorSections(r, e, typed), ReadOnly: r.Revision.Seq != r.Revisions, Error: msg, CSRF: h.csrfToken(c)})
}

// saveForm is POST /reports/{rid}: the editor's form saved as the next
// revision. A refused form is shown again as typed, with the reason.
func (h *reportRoutes) saveForm(c *gin.Context) error {
	rid, err := pathID(c, "rid")
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(c.PostForm("base"))
	e, typed, err := editForm(c)
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
	return h.renderEditor(c, ErrorStatus(err), r, e, typed, drafts.ErrorMessage(err))
}

// editForm reads the editor's form: the text fields, and for each section
// (field sec, in page order) its order, heading, text, conclusion,
// opinion ids and whether it is deleted; a new section from the new_…
// fields when any is filled. It returns the opinion ids as typed, by
// section id, and the first problem with them; the edit holds every
// section even then, so that a refused form shows what was typed.
func editForm(c *gin.Context) (reports.Edit, map[string]string, error) {
	e := reports.Edit{Title: c.PostForm("title"), Occasion: c.PostForm("occasion"), Salutation: c.PostForm("salutation"),
		Opening: c.PostForm("opening"), Closing: c.PostForm("closing"), Signature: c.PostForm("signature"),
		Date: c.PostForm("date"), Annex: c.PostForm("annex") != ""}
	type placed struct {
		order float64
		sec   reports.SectionEdit
	}
	var list []placed
	typed := map[string]string{}
	var bad error
	for i, id := range append(c.PostFormArray("sec"), "new") {
		f := func(name string) string { return c.PostForm(name + "_" + id) }
		se := reports.SectionEdit{ID: id, Heading: f("heading"), Text: f("text"), Conclusion: f("conclusion")}
		if id == "new" {
			if strings.TrimSpace(se.Heading+se.Text+se.Conclusion+f("opinions")) == "" {
				continue
			}
			se.ID = ""
		}
		if f("delete") != "" {
			continue
		}
		ops, err := opinionIDs(f("opinions"), i+1)
		if err != nil && bad == nil {
			bad = err
		}
		se.Opinions, typed[se.ID] = ops, f("opinions")
		order, err := strconv.ParseFloat(strings.TrimSpace(f("order")), 64)
		if err != nil {
			order = float64(i + 1)
		}
		list = append(list, placed{order, se})
	}
	sort.SliceStable(list, func(a, b int) bool { return list[a].order < list[b].order })
	for _, p := range list {
		e.Sections = append(e.Sections, p.sec)
	}
	return e, typed, bad
}

// opinionIDs reads opinion ids separated by commas or spaces.
func opinionIDs(s string, section int) ([]int64, error) {
	out := []int64{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' || r == '　' }) {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil || n <= 0 {
			return nil, drafts.Errorf(drafts.EINVALID, "第 %d 部分的意见编号“%s”不是有效的编号。", section, f)
		}
		out = append(out, n)
	}
	return out, nil
}

// finalForm is POST /reports/{rid}/final (rev): marks a revision final.
func (h *reportRoutes) finalForm(c *gin.Context) error {
	rid, err := pathID(c, "rid")
	if err != nil {
		return err
	}
	target := "/reports/" + strconv.FormatInt(rid, 10)
	rev, err := strconv.Atoi(c.PostForm("rev"))
	if err != nil {
		return h.seeOtherError(c, target, drafts.Errorf(drafts.EINVALID, "请指明要定稿的稿次。"))
	}
	if _, err := h.reports.MarkFinal(c.Request.Context(), h.actorName(c), rid, rev); err != nil {
		return h.seeOtherError(c, target, err)
	}
	return h.seeOther(c, target, "已将第 "+strconv.Itoa(rev)+" 稿设为定稿。")
}

// redraftForm is POST /reports/{rid}/redraft (base): drafts the report
// anew from the data and saves it as the next revision.
func (h *reportRoutes) redraftForm(c *gin.Context) error {
	rid, err := pathID(c, "rid")
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
	rid, err := pathID(c, "rid")
	if err != nil {
		return err
	}
	rev, err := queryInt(c, "rev", 1, 1<<30)
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
