package openapi

import (
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	d, err := Load("lifa_session")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(d.JSON), `"name": "lifa_session"`) {
		t.Error("the session cookie scheme does not name lifa_session")
	}
	ops := d.Operations()
	if len(ops) < 10 || !strings.HasPrefix(ops[0], "DELETE ") && !strings.HasPrefix(ops[0], "GET ") {
		t.Errorf("Operations() = %d operations, first %q", len(ops), ops[0])
	}
}

func TestPath(t *testing.T) {
	for in, want := range map[string]string{
		"/api/v1/regulations":                    "/api/v1/regulations",
		"/api/v1/regulations/:id":                "/api/v1/regulations/{id}",
		"/api/v1/versions/:id/articles/:article": "/api/v1/versions/{id}/articles/{article}",
		"/static/*file":                          "/static/{file}",
	} {
		if got := Path(in); got != want {
			t.Errorf("Path(%q) = %q, want %q", in, got, want)
		}
	}
}
