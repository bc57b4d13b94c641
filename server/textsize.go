package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// The larger-text mode (大字, 适老化): the 大字 switch in the header posts
// here, a cookie remembers the choice for a year, and the layout puts
// class="text-large" on <html> of every page rendered for a browser that
// has it, so the text never flashes small first. It is a preference of
// the browser, not of an account: the public uses it too.

// textSizeCookie holds "large" while the larger text is on.
const textSizeCookie = "lifa_text"

// textSizeMaxAge is how long the choice is remembered: a year.
const textSizeMaxAge = 365 * 24 * 60 * 60

func (s *Server) registerTextSizeRoutes(pages *gin.RouterGroup) {
	pages.POST("/text-size", s.handle(s.setTextSize))
}

// setTextSize turns the larger text on (size=large) or off (any other
// size) and goes back to the page the switch was on (next, a path on this
// site; "/" otherwise).
func (s *Server) setTextSize(c *gin.Context) error {
	ck := &http.Cookie{Name: textSizeCookie, Value: "large", Path: "/", MaxAge: textSizeMaxAge,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode}
	if c.PostForm("size") != "large" {
		ck.Value, ck.MaxAge = "", -1
	}
	http.SetCookie(c.Writer, ck)
	c.Redirect(http.StatusSeeOther, drafts.SafeRedirect(c.PostForm("next")))
	return nil
}

// largeText reports whether the browser asked for the larger text.
func largeText(c *gin.Context) bool {
	v, err := c.Cookie(textSizeCookie)
	return err == nil && v == "large"
}

// pagePath is where the 大字 switch comes back to: the page itself when it
// was got with GET, else the home page (a form's answer is not a page to
// post to again). The query's next parameter is left out.
func pagePath(c *gin.Context) string {
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
