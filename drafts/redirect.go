package drafts

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxRedirectLen bounds a redirect target.
const maxRedirectLen = 2048

// SafeRedirect returns next when it is a clean path on this site (the
// target of the redirect after signing in, or of a form's "next" field),
// else "/". Accepted: an absolute path ("/versions/3?hl=x#art-2") without
// scheme or host, that does not start with "//" or "/\", holds no
// backslash, no white space and no control or invisible format character,
// is valid UTF-8, and stays so once percent-decoded (a double-encoded
// "/%252F%252Fevil.example" is refused too). Browsers drop tabs and new
// lines from a Location and read "\" as "/", so "/\t/evil.example" and
// "/\evil.example" would leave the site.
func SafeRedirect(next string) string {
	if !cleanSitePath(next) {
		return "/"
	}
	dec, err := url.PathUnescape(next)
	if err != nil || !cleanSitePath(dec) {
		return "/"
	}
	return next
}

func cleanSitePath(p string) bool {
	if len(p) == 0 || len(p) > maxRedirectLen || p[0] != '/' || !utf8.ValidString(p) {
		return false
	}
	if len(p) > 1 && (p[1] == '/' || p[1] == '\\') {
		return false
	}
	for _, r := range p {
		if r == '\\' || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return false
		}
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	return strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(u.Path, "//")
}
