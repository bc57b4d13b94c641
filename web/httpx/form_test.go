package httpx

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// TestFormFile: the file's base name and bytes; nothing for a form
// without the file, an empty file or a request that is not multipart.
func TestFormFile(t *testing.T) {
	post := func(name string, data []byte) *gin.Context {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		if name != "" {
			fw, _ := mw.CreateFormFile("file", name)
			_, _ = fw.Write(data)
		}
		_ = mw.WriteField("stage", "一审稿")
		_ = mw.Close()
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = httptest.NewRequest(http.MethodPost, "/", &body)
		c.Request.Header.Set("Content-Type", mw.FormDataContentType())
		return c
	}
	if name, data, err := FormFile(post(`..\dir/草案.docx`, []byte("PK")), "file"); err != nil || name != "草案.docx" || string(data) != "PK" {
		t.Errorf("file: %q %q %v", name, data, err)
	}
	for what, c := range map[string]*gin.Context{"no file": post("", nil), "empty file": post("a.md", nil)} {
		if name, data, err := FormFile(c, "file"); err != nil || name != "" || data != nil {
			t.Errorf("%s: %q %q %v", what, name, data, err)
		}
	}
	c, _ := testContext(http.MethodPost, "/")
	if name, data, err := FormFile(c, "file"); err != nil || name != "" || data != nil {
		t.Errorf("not multipart: %q %q %v", name, data, err)
	}
}

func TestUploadIsJSON(t *testing.T) {
	for ct, want := range map[string]bool{"": true, "application/json; charset=utf-8": true, "multipart/form-data; boundary=x": false} {
		c, _ := testContext(http.MethodPost, "/")
		c.Request.Header.Set("Content-Type", ct)
		if got, err := UploadIsJSON(c, "multipart/form-data"); got != want || err != nil {
			t.Errorf("%q: %v, %v", ct, got, err)
		}
	}
	c, _ := testContext(http.MethodPost, "/")
	c.Request.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := UploadIsJSON(c, "multipart/form-data"); drafts.ErrorCode(err) != drafts.EINVALID {
		t.Errorf("a form not accepted: %v", err)
	}
}

func TestIsRefusal(t *testing.T) {
	for err, want := range map[error]bool{
		drafts.Errorf(drafts.EINVALID, "x"): true, drafts.Errorf(drafts.ETOOLARGE, "x"): true,
		drafts.Errorf(drafts.ECONFLICT, "x"): true, drafts.Errorf(drafts.ENOTFOUND, "x"): false,
		errors.New("disk"): false,
	} {
		if IsRefusal(err) != want {
			t.Errorf("IsRefusal(%v) = %v", err, !want)
		}
	}
}
