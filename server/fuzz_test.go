package server

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/cnum"
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

// FuzzArticleParam checks the one reader of an article in a path
// (drafts.ParseArticleKey: 12, 10-1, 10之1, 第十条之一): what it accepts is
// an article, and reads back the same from its anchor's form and from its
// Chinese name; what it refuses is EINVALID.
func FuzzArticleParam(f *testing.F) {
	for _, s := range []string{"12", "10-1", "10之1", "第十条之一", "十", "", "0", "-1", "1-", "٣", "12 ", "１２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		num, sub, err := drafts.ParseArticleKey(s)
		if err != nil {
			if drafts.ErrorCode(err) != drafts.EINVALID {
				t.Fatalf("%q: %v, want EINVALID", s, err)
			}
			return
		}
		if num <= 0 || sub < 0 {
			t.Fatalf("%q read as article %d-%d", s, num, sub)
		}
		key, name := strconv.Itoa(num), "第"+cnum.Format(num)+"条"
		if sub > 0 {
			key, name = key+"-"+strconv.Itoa(sub), name+"之"+cnum.Format(sub)
		}
		for _, again := range []string{key, name} {
			if n, m, err := drafts.ParseArticleKey(again); n != num || m != sub || err != nil {
				t.Fatalf("%q read as %d-%d, but %q as %d-%d, %v", s, num, sub, again, n, m, err)
			}
		}
	})
}
