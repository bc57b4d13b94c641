package server

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/web/httpx"
)

// registerAmendmentRoutes adds amendment decisions (修改决定, issue 13):
// the decision written from two readings — a page beside the 对照表, and
// text, JSON or .docx from the API — and, for staff, applying an issued
// decision to a reading to make the next one (paste or upload → the report
// of every item → confirm → new version).
func (s *Server) registerAmendmentRoutes(api, pages *gin.RouterGroup) {
	edit := s.requirePerm(drafts.PermEditRegulations)
	api.GET("/regulations/:id/amendment", s.handle(s.apiAmendment))
	api.POST("/versions/:id/apply", edit, s.handle(s.apiApplyDecision))

	pages.GET("/regulations/:id/amendment", s.handle(s.amendmentPage))
	pages.GET("/versions/:id/apply", edit, s.handle(s.applyForm))
	pages.POST("/versions/:id/apply", edit, s.handle(s.applyReport))
	pages.POST("/versions/:id/apply/confirm", edit, s.handle(s.applyConfirm))
}

// loadAmendment reads ?from=V&to=W (as the 对照表's) and the decision's
// meta (body, meeting, date, effective, law) and writes the decision.
func (s *Server) loadAmendment(c *gin.Context) (*readings.Amendment, error) {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return nil, err
	}
	from, to, meta, err := readings.ParseAmendmentQuery(c.Request.URL.Query())
	if err != nil {
		return nil, err
	}
	return s.readings.Amendment(c.Request.Context(), id, from, to, meta)
}

// apiAmendment is GET /api/v1/regulations/{id}/amendment?from=&to=&format=:
// the decision as JSON (default), text or .docx.
func (s *Server) apiAmendment(c *gin.Context) error {
	format := c.DefaultQuery("format", "json")
	if format != "json" && format != "text" && format != "docx" {
		return drafts.Errorf(drafts.EINVALID, "参数 format 只能是 json、text 或 docx。")
	}
	a, err := s.loadAmendment(c)
	if err != nil {
		return err
	}
	dec := a.Decision
	switch format {
	case "text":
		c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(dec.Text()))
	case "docx":
		var b bytes.Buffer
		if err := dec.WriteDocx(&b); err != nil {
			return err
		}
		name, fallback := a.Filename()
		httpx.Attachment(c, name, fallback)
		c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b.Bytes())
	default:
		c.JSON(http.StatusOK, a.JSON())
	}
	return nil
}

// amendmentPage is GET /regulations/{id}/amendment?from=V&to=W: the
// decision beside the 对照表, with its downloads.
func (s *Server) amendmentPage(c *gin.Context) error {
	a, err := s.loadAmendment(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "compare/amendment.html", "关于修改《"+a.Regulation.Title+"》的决定（草稿）", a)
}

// readDecision reads a decision from a request: JSON {"text", "stage",
// "label", "date", "dry_run"}, or a form (multipart or url-encoded) with a
// file in "file" or the text in "text", and stage, label, date, dry_run.
// dry_run may also be a query parameter.
func (s *Server) readDecision(c *gin.Context) (readings.DecisionUpload, bool, error) {
	var in readings.DecisionUpload
	dry := c.Query("dry_run")
	isJSON, err := httpx.UploadIsJSON(c, "multipart/form-data", "application/x-www-form-urlencoded")
	switch {
	case err != nil:
		return in, false, err
	case isJSON:
		var j readings.PastedDecision
		if err := s.decodeJSON(c, &j); err != nil {
			return in, false, err
		}
		in = j.DecisionUpload()
		if j.DryRun != nil && *j.DryRun {
			dry = "true"
		}
	default:
		in = readings.DecisionUpload{Text: c.PostForm("text"), Stage: c.PostForm("stage"), Label: c.PostForm("label"),
			Date: c.PostForm("date")}
		if d := c.PostForm("dry_run"); d != "" {
			dry = d
		}
		name, data, err := httpx.FormFile(c, "file")
		if err != nil {
			return in, false, err
		}
		in.Filename, in.Data = name, data
	}
	isDry, err := readings.ParseDryRun(dry)
	return in, isDry, err
}

// applyJSON is the API's answer to applying a decision: the report of
// every item and, when one was created, the new version (or, on a dry
// run, the amended text).
type applyJSON struct {
	Applies bool `json:"applies"`
	Failed  int  `json:"failed"`
	*readings.AppliedDecision
	AmendedText string           `json:"amended_text,omitempty"`
	Version     *drafts.Version  `json:"version,omitempty"`
	Error       *httpx.ErrorBody `json:"error,omitempty"`
}

// apiApplyDecision is POST /api/v1/versions/{id}/apply: the decision
// applied to the version; unless dry_run, the amended text becomes the
// regulation's next version (201) when every item applies, and nothing is
// created otherwise (409 with the report).
func (s *Server) apiApplyDecision(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	in, dry, err := s.readDecision(c)
	if err != nil {
		return err
	}
	var a *readings.AppliedDecision
	var v *drafts.Version
	if dry {
		a, err = s.readings.PreviewDecision(c.Request.Context(), id, in)
	} else {
		a, v, err = s.applyDecision(c, id, in)
	}
	if err != nil {
		return err
	}
	out := applyJSON{Applies: a.Applies(), Failed: a.Failed(), AppliedDecision: a}
	switch {
	case dry:
		out.AmendedText = string(a.Upload.Data)
		c.JSON(http.StatusOK, out)
	case v == nil:
		refused := a.NotCreated()
		out.Error = &httpx.ErrorBody{Code: refused.Code, Message: refused.Message, RequestID: httpx.RequestID(c)}
		c.JSON(http.StatusConflict, out)
	default:
		out.Version = withoutDocument(v)
		c.Header("Location", fmt.Sprintf("/api/v1/versions/%d", v.ID))
		c.JSON(http.StatusCreated, out)
	}
	return nil
}

// applyDecision applies a decision and, when a version was created,
// indexes it for search before the response is sent.
func (s *Server) applyDecision(c *gin.Context, id int64, in readings.DecisionUpload) (*readings.AppliedDecision, *drafts.Version, error) {
	a, v, err := s.readings.ApplyDecision(c.Request.Context(), s.actorName(c), id, in)
	if err == nil && v != nil {
		s.versionCreated(c, v, "version created from an amendment decision", slog.Int64("base", id), slog.Int("items", len(a.Items)))
	}
	return a, v, err
}

// applyPage renders versions/apply.html for the version in the path.
func (s *Server) applyPage(c *gin.Context, status int, in readings.DecisionUpload, res *readings.AppliedDecision, fail error) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.readings.ApplyPage(c.Request.Context(), id, in, res, fail)
	if err != nil {
		return err
	}
	return s.render(c, status, "versions/apply.html", d.Title(), d)
}

// applyForm is GET /versions/{id}/apply: paste or upload a decision.
func (s *Server) applyForm(c *gin.Context) error {
	return s.applyPage(c, http.StatusOK, readings.DecisionUpload{}, nil, nil)
}

// applyReport is POST /versions/{id}/apply: the decision applied without
// storing anything, item by item, with the form that confirms it.
func (s *Server) applyReport(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	in, _, err := s.readDecision(c)
	if err == nil {
		var a *readings.AppliedDecision
		if a, err = s.readings.PreviewDecision(c.Request.Context(), id, in); err == nil {
			in.Text = a.Text
			return s.applyPage(c, http.StatusOK, in, a, nil)
		}
	}
	if !httpx.IsRefusal(err) {
		return err
	}
	return s.applyPage(c, httpx.Status(err), in, nil, err)
}

// applyConfirm is POST /versions/{id}/apply/confirm: the decision the
// report showed, applied and imported as the next version; refused (the
// report again, with the reason) when an item does not apply or a field is
// wrong.
func (s *Server) applyConfirm(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	in, _, err := s.readDecision(c)
	if err != nil {
		if !httpx.IsRefusal(err) {
			return err
		}
		return s.applyPage(c, httpx.Status(err), in, nil, err)
	}
	a, v, err := s.applyDecision(c, id, in)
	switch {
	case err == nil && v != nil:
		return s.seeOther(c, fmt.Sprintf("/versions/%d", v.ID),
			fmt.Sprintf("已依修改决定生成第 %d 版（%s），共 %d 项修改。", v.Seq, v.StageName, len(a.Items)))
	case err == nil:
		err = a.NotCreated()
	case !httpx.IsRefusal(err):
		return err
	}
	return s.applyPage(c, httpx.Status(err), in, a, err)
}
