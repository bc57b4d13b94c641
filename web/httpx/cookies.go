package httpx

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// Cookie is a cookie of the whole site that scripts cannot read, sent on
// same-site requests and top-level navigations; secure marks it Secure.
// Set MaxAge (negative: delete it) or Expires.
func Cookie(name, value string, secure bool) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode}
}

// The larger-text mode (大字, 适老化): the 大字 switch in the header posts
// to SetTextSize, a cookie remembers the choice for a year, and the layout
// puts class="text-large" on <html> of every page rendered for a browser
// that has it (LargeText), so the text never flashes small first. It is a
// preference of the browser, not of an account: the public uses it too.

// TextSizeCookie holds "large" while the larger text is on.
const TextSizeCookie = "lifa_text"

// textSizeMaxAge is how long the choice is remembered: a year.
const textSizeMaxAge = 365 * 24 * 60 * 60

// SetTextSize is POST /text-size: it turns the larger text on (size=large)
// or off (any other size) and goes back to the page the switch was on
// (next, a path on this site; "/" otherwise).
func SetTextSize(secure bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		ck := Cookie(TextSizeCookie, "large", secure)
		ck.MaxAge = textSizeMaxAge
		if c.PostForm("size") != "large" {
			ck.Value, ck.MaxAge = "", -1
		}
		http.SetCookie(c.Writer, ck)
		c.Redirect(http.StatusSeeOther, drafts.SafeRedirect(c.PostForm("next")))
	}
}

// LargeText reports whether the browser asked for the larger text.
func LargeText(c *gin.Context) bool {
	v, err := c.Cookie(TextSizeCookie)
	return err == nil && v == "large"
}

// PagePath is where the 大字 switch comes back to: the page itself when it
// was got with GET, else the home page (a form's answer is not a page to
// post to again). The query's next parameter is left out.
func PagePath(c *gin.Context) string {
	if c.Request.Method != http.MethodGet {
		return "/"
	}
	u := *c.Request.URL
	if q := u.Query(); q.Has("next") {
		// A sign-in's next is a redirect target from the visitor's URL:
		// the switch need not carry it (SafeRedirect would clean it anyway).
		q.Del("next")
		u.RawQuery = q.Encode()
	}
	return u.RequestURI()
}
