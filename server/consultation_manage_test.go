package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
)

// TestManageAPI: PATCH a consultation changes only the fields given; close
// ends it with a reason; a version is withdrawn once; each needs the
// permission.
func TestManageAPI(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	cons := "/api/v1/consultations/" + itoa(f.cons.ID)
	later := f.cons.ClosesAt.Add(7 * 24 * time.Hour)
	patch := func(body string, auth bool) *httptest.ResponseRecorder {
		return f.do(http.MethodPatch, cons, strings.NewReader(body), map[string]string{"Content-Type": "application/json"}, auth)
	}
	if w := patch(`{"closes_at":"`+later.Format(time.RFC3339)+`"}`, false); w.Code != http.StatusUnauthorized {
		t.Errorf("anonymous PATCH: %d", w.Code)
	}
	w := patch(`{"closes_at":"`+later.Format(time.RFC3339)+`","reason":"延长七日"}`, true)
	var got drafts.Consultation
	decode(t, w, &got)
	if w.Code != 200 || !got.ClosesAt.Equal(later) || got.Title != f.cons.Title {
		t.Fatalf("PATCH: %d %+v", w.Code, got)
	}
	if w := patch(`{"closes_at":"2001-01-01T00:00:00Z"}`, true); w.Code != http.StatusBadRequest {
		t.Errorf("closing time in the past: %d %s", w.Code, w.Body)
	}
	if w := f.postJSON(cons+"/close", map[string]string{"reason": ""}, true); w.Code != http.StatusBadRequest {
		t.Errorf("close without a reason: %d", w.Code)
	}
	if w := f.postJSON(cons+"/close", map[string]string{"reason": "草案撤回"}, true); w.Code != 200 {
		t.Errorf("close: %d %s", w.Code, w.Body)
	}
	if w := f.postJSON(cons+"/close", map[string]string{"reason": "再次"}, true); w.Code < 400 {
		t.Errorf("close a closed one: %d", w.Code)
	}
	ver := "/api/v1/versions/" + itoa(f.version.ID) + "/withdraw"
	if w := f.postJSON(ver, map[string]string{"reason": "误传"}, true); w.Code != 200 || !strings.Contains(w.Body.String(), `"withdrawn"`) {
		t.Errorf("withdraw: %d %s", w.Code, w.Body)
	}
	if w := f.postJSON(ver, map[string]string{"reason": "误传"}, true); w.Code != http.StatusConflict {
		t.Errorf("withdraw twice: %d", w.Code)
	}
	if w := f.get("/api/v1/versions/" + itoa(f.version.ID)); w.Code != 200 || !strings.Contains(w.Body.String(), "误传") {
		t.Errorf("a withdrawn version is still served, marked: %d", w.Code)
	}
}
