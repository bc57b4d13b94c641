package server

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"lifa/server/openapi"
)

// TestOpenAPI_MatchesRoutes checks that every /api route is in the OpenAPI
// document and every documented operation is routed.
func TestOpenAPI_MatchesRoutes(t *testing.T) {
	ts := newTestServer(t)
	routed := map[string]bool{}
	for _, r := range ts.engine.Routes() {
		if !strings.HasPrefix(r.Path, "/api/") || r.Method == http.MethodHead {
			continue
		}
		routed[r.Method+" "+openAPIPath(r.Path)] = true
	}
	documented := map[string]bool{}
	for _, op := range ts.api.Operations() {
		documented[op] = true
	}
	var missing, extra []string
	for op := range routed {
		if !documented[op] {
			missing = append(missing, op)
		}
	}
	for op := range documented {
		if !routed[op] {
			extra = append(extra, op)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("routes missing from the OpenAPI document (add them to server/openapi/<area>.json):\n  %s", strings.Join(missing, "\n  "))
	}
	if len(extra) > 0 {
		t.Errorf("documented operations with no route:\n  %s", strings.Join(extra, "\n  "))
	}
	if len(routed) < 10 {
		t.Errorf("only %d API routes found", len(routed))
	}
}

func TestOpenAPI_Served(t *testing.T) {
	ts := newTestServer(t)
	w := ts.get("/api/openapi.json")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/openapi.json: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	decode(t, w, &doc)
	if doc.OpenAPI != "3.1.0" || doc.Paths["/api/v1/regulations/{id}/versions"]["post"] == nil {
		t.Errorf("document lacks the version upload: %v", doc.OpenAPI)
	}
	// every $ref points at a defined schema
	var raw map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &raw)
	schemas := raw["components"].(map[string]any)["schemas"].(map[string]any)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				name := strings.TrimPrefix(ref, "#/components/schemas/")
				if schemas[name] == nil {
					t.Errorf("dangling $ref %s", ref)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(raw)

	// Security: the three ways to sign in are described, and an operation
	// that needs an account accepts each of them.
	info := raw["info"].(map[string]any)["description"].(string)
	for _, want := range []string{"API 令牌", "管理令牌", "lifa_session", "X-CSRF-Token", "rate_limited", "closed", "405"} {
		if !strings.Contains(info, want) {
			t.Errorf("info.description does not mention %s", want)
		}
	}
	schemes := raw["components"].(map[string]any)["securitySchemes"].(map[string]any)
	for _, name := range []string{"apiToken", "adminToken", "sessionCookie"} {
		if sc, ok := schemes[name].(map[string]any); !ok || sc["description"] == "" {
			t.Errorf("security scheme %s missing or undescribed", name)
		}
	}
	sec, _ := json.Marshal(raw["paths"].(map[string]any)["/api/v1/regulations"].(map[string]any)["post"].(map[string]any)["security"])
	if string(sec) != `[{"apiToken":[]},{"adminToken":[]},{"sessionCookie":[]}]` {
		t.Errorf("POST /api/v1/regulations security = %s", sec)
	}
}

// openAPIPath turns a gin path into an OpenAPI path (openapi.Path).
func openAPIPath(ginPath string) string { return openapi.Path(ginPath) }
