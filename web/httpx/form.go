package httpx

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"slices"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// FormFile returns the name (without directories) and bytes of the file
// uploaded in field, or "" and nil when there is none (or it is empty).
// EINVALID when the upload cannot be read.
func FormFile(c *gin.Context, field string) (string, []byte, error) {
	fh, err := c.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) || (err == nil && fh.Size == 0) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, &drafts.Error{Code: drafts.EINVALID, Message: "无法读取上传的文件。", Err: err}
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	data := make([]byte, fh.Size)
	if _, err := io.ReadFull(f, data); err != nil {
		return "", nil, err
	}
	return filepath.Base(fh.Filename), data, nil
}

// UploadIsJSON reports whether an upload's body is JSON (application/json,
// or no Content-Type) rather than one of the forms accepted (multipart/
// form-data, application/x-www-form-urlencoded). EINVALID, saying what to
// send, for any other type.
func UploadIsJSON(c *gin.Context, forms ...string) (bool, error) {
	ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	switch {
	case ct == "application/json" || ct == "":
		return true, nil
	case slices.Contains(forms, ct):
		return false, nil
	}
	return false, drafts.Errorf(drafts.EINVALID, "不支持的内容类型 %q：请用 multipart/form-data 上传文件，或用 application/json 提交文本。", ct)
}

// IsRefusal reports whether err is a refusal to show on the form that was
// sent (EINVALID, ETOOLARGE, ECONFLICT), rather than an error page.
func IsRefusal(err error) bool {
	switch drafts.ErrorCode(err) {
	case drafts.EINVALID, drafts.ETOOLARGE, drafts.ECONFLICT:
		return true
	}
	return false
}
