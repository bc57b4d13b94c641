package server

import (
	"github.com/gin-gonic/gin"

	"lifa/drafts/accounts"
	"lifa/drafts/consultations"
	"lifa/server/limits"
	"lifa/web/httpx"
)

// Sign-in and receipt look-ups are throttled per account name and client
// address: the tiers of the limits are the workflows'
// (accounts.SignInAccountTiers, consultations.ReceiptTier and
// OpinionConfig.OpinionTier). A refused request is held by the tarpit
// (httpx.Tarpit, up to Config.RefusalDelay, tarpitSlots at once) before
// its 429 is sent. The counts live behind server/limits (this process's
// memory by default; Redis or PostgreSQL so that limits hold across
// nodes, via WithLimits).

// tarpitSlots bounds the refused requests held at once.
const tarpitSlots = 1024

// WithLimits hands the server the shared limits (server/limits) that the
// sign-in and receipt throttles keep their counts in. Without it they are
// kept in this process (limits.NewMemory). The server closes the set on
// shutdown.
func WithLimits(set *limits.Set) Option {
	return func(s *Server) error { s.limits = set; return nil }
}

// throttles are the server's sign-in and receipt limiters.
type throttles struct {
	account, client []*limits.Limiter
	receipt         *limits.Limiter
}

// setupThrottles creates the limits (in memory unless WithLimits gave a
// shared set) and the tarpit; New calls it after the options.
func (s *Server) setupThrottles() {
	if s.limits == nil {
		s.limits = limits.NewSet(limits.NewMemory(), limits.SetConfig{Logger: s.log})
	}
	s.closers = append(s.closers, s.limits.Close)
	s.tarpit = httpx.NewTarpit(s.cfg.RefusalDelay, tarpitSlots)
	th := &throttles{receipt: s.limiter(consultations.ReceiptTier, limits.Local)}
	for _, t := range accounts.SignInAccountTiers {
		th.account = append(th.account, s.limiter(t, limits.Refuse))
	}
	for _, t := range accounts.SignInClientTiers {
		th.client = append(th.client, s.limiter(t, limits.Refuse))
	}
	s.throttle = th
	if s.opinions.cfg.Limited() {
		s.opinions.limiter = s.limiter(s.opinions.cfg.OpinionTier(), limits.Local)
	}
}

// limiter is the shared limiter of tier t, degrading as on says when
// the shared state cannot be reached.
func (s *Server) limiter(t accounts.Tier, on limits.Degrade) *limits.Limiter {
	return s.limits.Limiter(limits.Rule{Name: t.Name, Rate: t.Rate, Burst: t.Burst, OnError: on})
}

// allowAll counts one event for key in each limiter: nil, or ERATELIMIT
// (429 with Retry-After) after the tarpit has held the request.
func (s *Server) allowAll(c *gin.Context, ls []*limits.Limiter, key, what string) error {
	held := make([]httpx.Limiter, len(ls))
	for i, l := range ls {
		held[i] = l
	}
	return s.tarpit.Allow(c, key, what, held...)
}

// checkSignIn counts a sign-in attempt for the account name (empty for
// the admin token) and the client address, refusing it when either is
// over its limit.
func (s *Server) checkSignIn(c *gin.Context, name string) error {
	if err := s.allowAll(c, s.throttle.client, c.ClientIP(), "登录尝试"); err != nil {
		return err
	}
	if name == "" {
		return nil
	}
	return s.allowAll(c, s.throttle.account, accounts.SignInKey(name), "该账号的登录尝试")
}

// checkReceipt counts a receipt look-up of the client. Like the public
// opinions' limit, it is off when OpinionConfig.Limited is false
// (load and durability tests look up thousands of receipts from one
// address).
func (s *Server) checkReceipt(c *gin.Context) error {
	if !s.opinions.cfg.Limited() {
		return nil
	}
	return s.allowAll(c, []*limits.Limiter{s.throttle.receipt}, c.ClientIP(), "回执查询")
}
