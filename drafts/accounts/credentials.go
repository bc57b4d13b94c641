package accounts

import "strings"

// BearerToken returns the Lifa token of an Authorization header
// ("Bearer lifa_…", the scheme in any case); ok false for any other
// credential, which is not Lifa's to judge.
func BearerToken(header string) (tok string, ok bool) {
	scheme, rest, _ := strings.Cut(header, " ")
	tok = strings.TrimSpace(rest)
	if !strings.EqualFold(scheme, "Bearer") || !strings.HasPrefix(tok, "lifa_") {
		return "", false
	}
	return tok, true
}

// Credentials are the body of POST /api/v1/login: an account's name and
// password (SignIn).
type Credentials struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// TokenRequest is the body of POST /api/v1/accounts/{id}/tokens: the new
// token's label (CreateToken).
type TokenRequest struct {
	Label string `json:"label"`
}
