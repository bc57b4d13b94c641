package accounts

import "testing"

func TestBearerToken(t *testing.T) {
	for h, want := range map[string]string{
		"Bearer lifa_abc":    "lifa_abc",
		"bearer  lifa_abc ":  "lifa_abc",
		"Basic dXNlcjpwYXNz": "",
		"Bearer other":       "",
		"lifa_abc":           "",
	} {
		if tok, ok := BearerToken(h); tok != want || ok != (want != "") {
			t.Errorf("BearerToken(%q) = %q, %v", h, tok, ok)
		}
	}
}
