package server

import (
	"net/http"
	"strings"
	"testing"
)

// TestDecodeJSON_FormContentType: a JSON body sent as a form was parsed
// (and consumed) at the edge, so decodeJSON found nothing and answered
// 请求体为空, which sent clients looking for a missing body. The answer
// now names the Content-Type expected and the one received.
func TestDecodeJSON_FormContentType(t *testing.T) {
	ts := newTestServer(t)
	body := `{"title":"某某条例","kind":"制定"}`
	for _, ct := range []string{"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8"} {
		w := ts.do(http.MethodPost, "/api/v1/regulations", strings.NewReader(body),
			map[string]string{"Content-Type": ct}, true)
		if w.Code != http.StatusBadRequest {
			t.Fatalf("%s: %d %s", ct, w.Code, w.Body)
		}
		msg := apiErr(t, w).Message
		if !strings.Contains(msg, "application/json") || strings.Contains(msg, "为空") {
			t.Errorf("%s: message %q, want it to name application/json", ct, msg)
		}
	}
	// The same body as JSON is taken.
	w := ts.do(http.MethodPost, "/api/v1/regulations", strings.NewReader(body),
		map[string]string{"Content-Type": "application/json"}, true)
	if w.Code != http.StatusCreated {
		t.Fatalf("application/json: %d %s", w.Code, w.Body)
	}
}
