package accounts

import "strings"

// Sign-in cannot be guessed or used to starve readers:
//
//   - every attempt (name and password, or the admin token) is counted per
//     account name (SignInKey) and per client address in tiers of limits:
//     a few attempts at once, then growing delays — for one account 5 at
//     once, then one per 30 s, after 10 one per 5 minutes, after 30 one per
//     hour. The server refuses an attempt over any tier with 429 (held for
//     a moment, then saying when to try again) before a password is hashed;
//   - at most half the cores compute password hashes at once (SignIn): a
//     sign-in that waits longer than 2 s for a slot is EUNAVAILABLE.

// A Tier is one limit on sign-in attempts: Burst at once, then Rate a
// second. Name keys its counts in the shared limits.
type Tier struct {
	Name  string
	Rate  float64
	Burst int
}

// The tiers of the sign-in limits. Every attempt is counted in each tier.
var (
	SignInAccountTiers = []Tier{
		{Name: "signin-account", Rate: 1.0 / 30, Burst: 5},
		{Name: "signin-account-5m", Rate: 1.0 / 300, Burst: 10},
		{Name: "signin-account-1h", Rate: 1.0 / 3600, Burst: 30},
	}
	SignInClientTiers = []Tier{
		{Name: "signin-client", Rate: 1.0 / 2, Burst: 30},
		{Name: "signin-client-1m", Rate: 1.0 / 60, Burst: 100},
	}
)

// SignInKey is the key an account name's attempts are counted under:
// spaces around it and the case of its letters do not make another key.
func SignInKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }
