package drafts

import "testing"

func TestSafeRedirect(t *testing.T) {
	bypasses := []string{
		"", "evil.example", "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example",
		"/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "\t//evil.example", " //evil.example",
		"/ /evil.example", "/\x00/evil.example", "/\x0b/evil.example", "https://evil.example", "http:evil.example",
		"javascript:alert(1)", "//evil.example/%2F..", "/%2F/evil.example", "/%5Cevil.example", "/%09/evil.example",
		"/%0A/evil.example", "/%252F%252Fevil.example", "/\u200b/evil.example", "/\u2028/evil.example",
		"/\u00a0/evil.example", "/\ufeff/evil.example", "/.\\./evil.example", "/x\\y", "/%zz", "/\xff",
		"/" + string(make([]byte, 3000)),
	}
	for _, b := range bypasses {
		if got := SafeRedirect(b); got != "/" {
			t.Errorf("SafeRedirect(%q) = %q, want /", b, got)
		}
	}
	for _, ok := range []string{"/", "/versions/3", "/versions/3?hl=%E5%81%9C#art-2", "/search?q=停车",
		"/staff/opinions?version=2&article=-1", "/@evil.example", "/admin/login?next=%2F%2Fevil"} {
		if got := SafeRedirect(ok); got != ok {
			t.Errorf("SafeRedirect(%q) = %q, want it kept", ok, got)
		}
	}
}
