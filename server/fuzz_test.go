package server

import (
	"net/url"
	"strings"
	"testing"

	"lifa/drafts"
)

// FuzzSafeNext checks that the login redirect never leaves the site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/regulations/1?x=1#art-2", "//evil.com", "/\\evil.com", "https://evil.com", "javascript:alert(1)", "/%2F%2Fevil.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := drafts.SafeRedirect(next)
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") {
			t.Fatalf("SafeRedirect(%q) = %q", next, got)
		}
		u, err := url.Parse(got)
		if err == nil && (u.Host != "" || u.Scheme != "") {
			t.Fatalf("safeNext(%q) = %q leaves the site", next, got)
		}
	})
}

// FuzzArticleParam checks the article path parameter (12, 10-1, 10之1).
func FuzzArticleParam(f *testing.F) {
	for _, s := range []string{"12", "10-1", "10之1", "", "-1", "1-", "٣", "12 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := articleParam.FindStringSubmatch(s)
		if m == nil {
			return
		}
		for _, r := range m[1] + m[2] {
			if r < '0' || r > '9' {
				t.Fatalf("%q matched with non-digits %q", s, m)
			}
		}
	})
}
