package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/parse"
)

// versionInput is an uploaded version before parsing.
type versionInput struct {
	Stage, Label, Date, Explanation string
	Filename                        string
	Data                            []byte
}

// uploadFormats are the file name extensions a version may be uploaded as.
var uploadFormats = map[string]bool{".txt": true, ".md": true, ".markdown": true, ".docx": true}

// multipartVersion reads a version from a multipart form: the file in
// "file" or pasted text in "text", and the fields stage, label, date and
// explanation.
func (s *Server) multipartVersion(c *gin.Context) (versionInput, error) {
	in := versionInput{}
	if err := c.Request.ParseMultipartForm(8 << 20); err != nil {
		if isTooLarge(err) || strings.Contains(err.Error(), "request body too large") {
			return in, &drafts.Error{Code: drafts.ETOOLARGE,
				Message: fmt.Sprintf("上传内容过大（上限 %d MB）。", s.cfg.MaxBodyBytes>>20), Err: err}
		}
		return in, &drafts.Error{Code: drafts.EINVALID, Message: "无法读取上传的表单。", Err: err}
	}
	in.Stage = c.PostForm("stage")
	in.Label = c.PostForm("label")
	in.Date = c.PostForm("date")
	in.Explanation = c.PostForm("explanation")
	fh, err := c.FormFile("file")
	switch {
	case err == nil && fh.Size > 0:
		f, err := fh.Open()
		if err != nil {
			return in, err
		}
		defer f.Close()
		// Exactly the file's size: io.ReadAll would grow its buffer by
		// doubling, tens of megabytes of garbage for a 20 MB file.
		in.Data = make([]byte, fh.Size)
		if _, err = io.ReadFull(f, in.Data); err != nil {
			return in, err
		}
		in.Filename = filepath.Base(fh.Filename)
	case err == nil || errors.Is(err, http.ErrMissingFile):
		text := c.PostForm("text")
		if strings.TrimSpace(text) == "" {
			return in, drafts.Errorf(drafts.EINVALID, "请选择要上传的文件，或粘贴全文。")
		}
		in.Data = []byte(strings.ReplaceAll(text, "\r\n", "\n"))
		in.Filename = "正文.txt"
	default:
		return in, &drafts.Error{Code: drafts.EINVALID, Message: "无法读取上传的文件。", Err: err}
	}
	return in, nil
}

// createVersion parses an uploaded version, stores it and calls the
// version-created hooks (e.g. the search index) before returning.
func (s *Server) createVersion(ctx context.Context, actor string, regulationID int64, in versionInput) (*drafts.Version, error) {
	if len(in.Data) > 256<<10 {
		defer collectSoon() // accepted or refused, parsing it left garbage
	}
	ext := strings.ToLower(filepath.Ext(in.Filename))
	if !uploadFormats[ext] {
		return nil, drafts.Errorf(drafts.EINVALID, "不支持的文件类型 %q：请上传 .txt、.md 或 .docx 文件。", ext)
	}
	if strings.TrimSpace(in.Stage) == "" {
		return nil, drafts.Errorf(drafts.EINVALID, "请指明审议阶段（stage），例如“一审稿”或 first-reading。")
	}
	if len(in.Data) == 0 {
		return nil, drafts.Errorf(drafts.EINVALID, "上传的文件是空的。")
	}
	doc, err := parse.Parse(in.Filename, in.Data)
	if err != nil {
		var de *drafts.Error
		if errors.As(err, &de) {
			return nil, err
		}
		return nil, &drafts.Error{Code: drafts.EINVALID,
			Message: "无法解析上传的文件，请确认它是 UTF-8 或 GB18030 编码的文本、Markdown 或 Word（.docx）文件。", Err: err}
	}
	if len(doc.Articles) == 0 {
		return nil, drafts.Errorf(drafts.EINVALID, "上传的文本中没有找到任何条文（第一条、第二条……）。")
	}
	if err := doc.CheckSize(); err != nil {
		return nil, err
	}
	if err := doc.CheckText(); err != nil {
		return nil, err
	}
	v, err := s.store.CreateVersion(ctx, actor, drafts.NewVersion{
		RegulationID: regulationID,
		Stage:        strings.TrimSpace(in.Stage),
		Label:        strings.TrimSpace(in.Label),
		Date:         strings.TrimSpace(in.Date),
		Explanation:  strings.TrimSpace(strings.ReplaceAll(in.Explanation, "\r\n", "\n")),
		Filename:     in.Filename,
		Data:         in.Data,
		Document:     doc,
	})
	if err != nil {
		return nil, err
	}
	if v.Document == nil {
		v.Document = doc
	}
	s.log.InfoContext(ctx, "version created", slog.Int64("version", v.ID),
		slog.Int64("regulation", regulationID), slog.Int("articles", v.Articles), slog.String("actor", actor))
	for _, h := range s.versionCreated {
		h(ctx, v)
	}
	return v, nil
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

// versionForm is the data of versions/new.html.
type versionForm struct {
	Regulation *drafts.Regulation
	Stages     []drafts.Stage
	versionInput
	Text  string
	Error string
}

func (s *Server) versionFormData(c *gin.Context) (*versionForm, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return nil, err
	}
	ctx := c.Request.Context()
	r, err := s.store.Regulation(ctx, id)
	if err != nil {
		return nil, err
	}
	stages, err := s.store.Stages(ctx)
	if err != nil {
		return nil, err
	}
	return &versionForm{Regulation: r, Stages: stages}, nil
}

// newVersionPage is the staff form to upload a new version.
func (s *Server) newVersionPage(c *gin.Context) error {
	f, err := s.versionFormData(c)
	if err != nil {
		return err
	}
	if r := f.Regulation; r.Latest != nil {
		f.Stage = r.Latest.Stage
	}
	return s.render(c, http.StatusOK, "versions/new.html", "上传新版本", f)
}

// createVersionForm handles the staff upload form; a refused upload shows
// the form again with the reason.
func (s *Server) createVersionForm(c *gin.Context) error {
	f, err := s.versionFormData(c)
	if err != nil {
		return err
	}
	in, err := s.multipartVersion(c)
	if err == nil {
		var v *drafts.Version
		v, err = s.createVersion(c.Request.Context(), s.actorName(c), f.Regulation.ID, in)
		if err == nil {
			c.Redirect(http.StatusSeeOther, fmt.Sprintf("/versions/%d", v.ID))
			return nil
		}
	}
	code := drafts.ErrorCode(err)
	if code != drafts.EINVALID && code != drafts.ETOOLARGE && code != drafts.ECONFLICT {
		return err
	}
	f.versionInput = in
	if in.Filename == "正文.txt" {
		f.Text = string(in.Data)
	}
	f.Data = nil
	f.Error = drafts.ErrorMessage(err)
	return s.render(c, ErrorStatus(err), "versions/new.html", "上传新版本", f)
}
