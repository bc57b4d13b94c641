package server

// The staff pages that upload a version: the form, and the preview of what
// the parser made of the upload, confirmed before the version exists.

import (
	"fmt"
	"net/http"
	"runtime"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts/readings"
	"lifa/web"
	"lifa/web/httpx"
)

// newVersionPage is the staff form to upload a new version.
func (s *Server) newVersionPage(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	f, err := s.readings.UploadForm(c.Request.Context(), id, nil, nil)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "versions/new.html", "上传新版本", f)
}

// createVersionForm handles the staff upload form: the upload is parsed
// and kept, and the person is sent to its preview (its structure and the
// parser's warnings) to confirm it. A refused upload shows the form again
// with the reason and what was typed.
func (s *Server) createVersionForm(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	in, err := s.readUpload(c)
	if err == nil {
		if len(in.Data) > 256<<10 {
			defer collectSoon()
		}
		var p *readings.Pending
		if p, err = s.readings.PreviewUpload(c.Request.Context(), s.actorName(c), id, in); err == nil {
			c.Redirect(http.StatusSeeOther, fmt.Sprintf("/regulations/%d/versions/preview?token=%s", id, p.Token))
			return nil
		}
	}
	if !httpx.IsRefusal(err) {
		return err
	}
	f, ferr := s.readings.UploadForm(c.Request.Context(), id, &in, err)
	if ferr != nil {
		return ferr
	}
	return s.render(c, httpx.Status(err), "versions/new.html", "上传新版本", f)
}

// previewData is the data of versions/preview.html: the page and the
// text's table of contents.
type previewData struct {
	*readings.PreviewPage
	Layout web.Layout
}

// previewVersionPage shows an upload waiting for confirmation: what the
// parser made of it and what it warns about, with the button that creates
// the version.
func (s *Server) previewVersionPage(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.readings.PreviewPage(c.Request.Context(), s.actorName(c), id, c.Query("token"))
	if err != nil {
		return err
	}
	d := previewData{PreviewPage: p, Layout: web.LayoutDocument(p.Pending.Document)}
	return s.render(c, http.StatusOK, "versions/preview.html", "确认上传的文本", d)
}

// confirmVersionForm creates the version the person confirmed.
func (s *Server) confirmVersionForm(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	v, err := s.readings.ConfirmUpload(c.Request.Context(), s.actorName(c), id, c.PostForm("token"))
	if err != nil {
		return s.seeOtherError(c, fmt.Sprintf("/regulations/%d/versions/new", id), err)
	}
	s.versionCreated(c, v, "version created")
	return s.seeOther(c, fmt.Sprintf("/versions/%d", v.ID), fmt.Sprintf("已创建%s（%d 条）。", v.Name(), v.Articles))
}

// apiWithdrawVersion is POST /api/v1/versions/{id}/withdraw {"reason"}.
func (s *Server) apiWithdrawVersion(c *gin.Context) error {
	id, reason, err := s.reasonRequest(c)
	if err != nil {
		return err
	}
	v, err := s.readings.Withdraw(c.Request.Context(), s.actorName(c), id, reason)
	return replyJSON(c, http.StatusOK, v, err)
}

// withdrawVersionForm is the version page's 撤回此版本.
func (s *Server) withdrawVersionForm(c *gin.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	target := fmt.Sprintf("/versions/%d", id)
	if _, err := s.readings.Withdraw(c.Request.Context(), s.actorName(c), id, c.PostForm("reason")); err != nil {
		return s.seeOtherError(c, target+"#withdraw", err)
	}
	return s.seeOther(c, target, "已撤回此版本；它仍保留，并标明已撤回。")
}

// collectSoon runs two garbage collections, one and two seconds after a
// large request (a version upload, a meeting file). Such a request leaves
// a heap goal of twice its peak, an idle server collects only every two
// minutes, and the runtime returns freed memory to the system only from
// the collection after the one that lowered the goal: 200 MB of garbage
// stayed resident for two to four minutes after one upload. (Nothing is
// kept: the caches that did keep large versions are bounded in bytes.)
func collectSoon() {
	time.AfterFunc(time.Second, func() {
		runtime.GC()
		time.AfterFunc(time.Second, runtime.GC)
	})
}
