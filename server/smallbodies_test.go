package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"lifa/web/httpx"
)

// TestSmallBodies_OpinionRoutes: every route that takes an opinion bounds
// its body at maxOpinionBody, the new POST
// /api/v1/consultations/{id}/opinions as well as the version's — a body
// past it is refused with 413 before it is read, whatever the id.
func TestSmallBodies_OpinionRoutes(t *testing.T) {
	ts := newTestServer(t)
	body := `{"article": 1, "text": "` + strings.Repeat("a", 2*maxOpinionBody) + `"}`
	for _, target := range []string{"/api/v1/versions/1/opinions", "/api/v1/consultations/1/opinions"} {
		w := ts.do(http.MethodPost, target, strings.NewReader(body),
			map[string]string{"Content-Type": "application/json"}, false)
		want := fmt.Sprintf("上限 %s", httpx.ByteSize(maxOpinionBody))
		if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(apiErr(t, w).Message, want) {
			t.Errorf("%s: %d %s, want 413 naming %s", target, w.Code, w.Body, want)
		}
	}
}
