package httpx

import (
	"crypto/subtle"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// CSRFField is the hidden form field carrying the session's CSRF token.
const CSRFField = "csrf"

// CSRF is the one CSRF rule for every write: an unsafe request (anything
// but GET, HEAD and OPTIONS) that the session cookie authenticates must
// carry the session's CSRF token, in the X-CSRF-Token header or the form
// field csrf. session returns the token of the request's session, ok false
// when no session cookie authenticates it (no cookie, or an API token:
// a header carries no ambient credential). The routes in exempt ("POST
// /admin/login") authenticate by what they carry and need no token. This is
// on top of CrossOrigin: the token also covers old browsers that send
// neither Sec-Fetch-Site nor Origin. It runs after CheckInput, which has
// parsed the form.
func CSRF(exempt map[string]bool, session func(*gin.Context) (token string, ok bool, err error), fail Fail) gin.HandlerFunc {
	return func(c *gin.Context) {
		if IsSafe(c.Request.Method) || exempt[c.Request.Method+" "+c.FullPath()] {
			c.Next()
			return
		}
		want, ok, err := session(c)
		if err != nil {
			fail(c, err)
			return
		}
		if !ok {
			c.Next()
			return
		}
		tok := c.GetHeader("X-CSRF-Token")
		if tok == "" {
			tok = c.Request.PostFormValue(CSRFField)
		}
		if tok == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(want)) != 1 {
			fail(c, drafts.Errorf(drafts.EFORBIDDEN, "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。"))
			return
		}
		c.Next()
	}
}
