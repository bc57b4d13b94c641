package server

import (
	"crypto/subtle"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// One CSRF rule for every write: an unsafe request (anything but GET,
// HEAD and OPTIONS) that the session cookie authenticates must carry the
// session's CSRF token, in the X-CSRF-Token header (scripts: GET
// /api/v1/me returns it) or the form field csrf (every form of a signed-in
// page has it; web.Page.CSRF). Requests authenticated by a header (an API
// token, the admin token) carry no ambient credential and need no token.
// The sign-in endpoints are exempt: they authenticate by the name and
// password (or token) they carry, not by the cookie. This is on top of
// net/http.CrossOriginProtection, which every request passes: the token also
// covers old browsers that send neither Sec-Fetch-Site nor Origin.

// credentialRoutes are the routes that authenticate by what the request
// carries; a session cookie sent along does not authenticate them.
var credentialRoutes = map[string]bool{
	"POST /admin/login":  true,
	"POST /api/v1/login": true,
}

// csrfMiddleware applies the rule; it runs after checkInput, which has
// parsed the form.
func (s *Server) csrfMiddleware(c *gin.Context) {
	if isSafeMethod(c.Request.Method) || credentialRoutes[c.Request.Method+" "+c.FullPath()] {
		c.Next()
		return
	}
	if _, err := s.account(c); err != nil {
		s.renderError(c, err)
		return
	}
	v, ok := c.Get(sessionKey)
	if !ok {
		c.Next() // not authenticated by the cookie
		return
	}
	want := v.(*drafts.Session).CSRF
	tok := c.GetHeader("X-CSRF-Token")
	if tok == "" {
		tok = c.Request.PostFormValue(csrfField)
	}
	if tok == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(want)) != 1 {
		s.renderError(c, drafts.Errorf(drafts.EFORBIDDEN, "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。"))
		return
	}
	c.Next()
}
