package httpx

import (
	"mime"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestAttachment: the UTF-8 name survives a round trip through the
// standard library's parser (as browsers read filename*), the fallback is
// ASCII, and nothing in a title can break out of the header or the
// directory.
func TestAttachment(t *testing.T) {
	for _, tt := range []struct{ name, fallback, want, wantFallback string }{
		{"广州市湿地保护规定-一审稿-意见汇总-2026-12-06.docx", "opinions-3.docx",
			"广州市湿地保护规定-一审稿-意见汇总-2026-12-06.docx", "opinions-3.docx"},
		{`a/b\c:"d"; e=f (1)'s.csv`, `x"y;z.csv`, `a-b-c--d-; e=f (1)'s.csv`, `x-y_z.csv`},
		{"..", "", "lifa", "lifa"},
	} {
		w := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(w)
		Attachment(c, tt.name, tt.fallback)
		h := w.Header().Get("Content-Disposition")
		typ, params, err := mime.ParseMediaType(h)
		if err != nil || typ != "attachment" {
			t.Fatalf("%q: %v", h, err)
		}
		// mime prefers filename* and decodes it.
		if params["filename"] != tt.want {
			t.Errorf("%q: name %q, want %q", h, params["filename"], tt.want)
		}
		_, plain, _ := mime.ParseMediaType(`attachment; filename="` + asciiFilename(safeFilename(tt.fallback)) + `"`)
		if plain["filename"] != tt.wantFallback {
			t.Errorf("fallback %q, want %q", plain["filename"], tt.wantFallback)
		}
	}
}
