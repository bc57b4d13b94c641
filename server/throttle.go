package server

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/server/limits"
)

// Sign-in cannot be guessed or used to starve readers:
//
//   - every sign-in attempt (name and password, or the admin token) is
//     counted per account name and per client address in tiers of limits
//     (signInAccountTiers, signInClientTiers): a few attempts at once, then
//     growing delays — for one account 5 at once, then one per 30 s, after
//     10 one per 5 minutes, after 30 one per hour. A refused attempt gets
//     429, Retry-After and a Chinese message saying when to try again, and
//     costs no password hash;
//   - at most half the cores compute password hashes at once (bcrypt, ≈ 50
//     ms of a core each; accounts.Service.SignIn): the other half stays
//     with the readers. A sign-in that waits longer than 2 s for a slot
//     gets 503 with Retry-After instead of queueing for ever;
//   - receipt look-ups are counted per client address (receiptRule);
//   - a refused request is held for up to Config.RefusalDelay (1 s) before
//     its 429 is sent (at most tarpitSlots at once; past that it is
//     answered at once): a client that ignores Retry-After and retries in a
//     loop then makes about one attempt a second per connection instead of
//     thousands, and a waiting request costs no CPU.
//
// The counts live behind server/limits (a Backend: this process's memory
// by default; Redis or PostgreSQL so that limits hold across nodes, via
// WithLimits).

// The tiers of the sign-in limits. Every attempt is counted in each tier.
var (
	signInAccountTiers = []limits.Rule{
		{Name: "signin-account", Rate: 1.0 / 30, Burst: 5, OnError: limits.Refuse},
		{Name: "signin-account-5m", Rate: 1.0 / 300, Burst: 10, OnError: limits.Refuse},
		{Name: "signin-account-1h", Rate: 1.0 / 3600, Burst: 30, OnError: limits.Refuse},
	}
	signInClientTiers = []limits.Rule{
		{Name: "signin-client", Rate: 1.0 / 2, Burst: 30, OnError: limits.Refuse},
		{Name: "signin-client-1m", Rate: 1.0 / 60, Burst: 100, OnError: limits.Refuse},
	}
	// receiptRule: 20 look-ups at once, then 10 a minute per client.
	receiptRule = limits.Rule{Name: "receipt", Rate: limits.PerMinute(10), Burst: 20, OnError: limits.Local}
)

// WithLimits hands the server the shared limits (server/limits) that the
// sign-in and receipt throttles keep their counts in. Without it they are
// kept in this process (limits.NewMemory). The server closes the set on
// shutdown.
func WithLimits(set *limits.Set) Option {
	return func(s *Server) error { s.limits = set; return nil }
}

// tarpitSlots bounds the refused requests held at once (see tarpit).
const tarpitSlots = 1024

// throttles is the server's sign-in and receipt throttling state.
type throttles struct {
	account, client []*limits.Limiter
	receipt         *limits.Limiter
	tarpit          chan struct{} // one slot a held refusal
}

// setupThrottles creates the limits (in memory unless WithLimits gave a
// shared set) and the hashing slots; New calls it after the options.
func (s *Server) setupThrottles() {
	if s.limits == nil {
		s.limits = limits.NewSet(limits.NewMemory(), limits.SetConfig{Logger: s.log})
	}
	s.closers = append(s.closers, s.limits.Close)
	th := &throttles{receipt: s.limits.Limiter(receiptRule), tarpit: make(chan struct{}, tarpitSlots)}
	for _, r := range signInAccountTiers {
		th.account = append(th.account, s.limits.Limiter(r))
	}
	for _, r := range signInClientTiers {
		th.client = append(th.client, s.limits.Limiter(r))
	}
	s.throttle = th
	if s.opinions.cfg.RatePerMinute >= 0 {
		s.opinions.limiter = s.limits.Limiter(s.opinions.cfg.rule())
	}
}

// allowAll counts one event for key in each limiter and returns nil, or
// ERATELIMIT with the longest wait (and sets Retry-After) after holding
// the request (tarpit).
func (s *Server) allowAll(c *gin.Context, ls []*limits.Limiter, key, what string) error {
	var wait time.Duration
	for _, l := range ls {
		if ok, retry, _ := l.Allow(c.Request.Context(), key); !ok && retry > wait {
			wait = retry
		}
	}
	if wait <= 0 {
		return nil
	}
	s.tarpit(c, wait)
	secs := int(wait.Seconds() + 0.999)
	c.Header("Retry-After", strconv.Itoa(secs))
	return drafts.Errorf(drafts.ERATELIMIT, "%s过于频繁，请%s后再试。", what, waitText(secs))
}

// tarpit holds a refused request for Config.RefusalDelay (or until it may
// try again, if sooner, or the client goes away). When tarpitSlots
// requests are held already it returns at once.
func (s *Server) tarpit(c *gin.Context, wait time.Duration) {
	d := min(wait, s.cfg.RefusalDelay)
	if d <= 0 {
		return
	}
	select {
	case s.throttle.tarpit <- struct{}{}:
		defer func() { <-s.throttle.tarpit }()
	default:
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-c.Request.Context().Done():
	}
}

// waitText says a wait in seconds in Chinese: 30 秒, 5 分钟, 1 小时 2 分钟.
func waitText(secs int) string {
	switch {
	case secs < 60:
		return fmt.Sprintf(" %d 秒", secs)
	case secs < 3600:
		return fmt.Sprintf(" %d 分钟", (secs+59)/60)
	}
	h, m := secs/3600, (secs%3600+59)/60
	if m == 0 {
		return fmt.Sprintf(" %d 小时", h)
	}
	return fmt.Sprintf(" %d 小时 %d 分钟", h, m)
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
	return s.allowAll(c, s.throttle.account, strings.ToLower(strings.TrimSpace(name)), "该账号的登录尝试")
}

// checkReceipt counts a receipt look-up of the client. Like the public
// opinions' limit, it is off when OpinionConfig.RatePerMinute is negative
// (load and durability tests look up thousands of receipts from one
// address).
func (s *Server) checkReceipt(c *gin.Context) error {
	if s.opinions.cfg.RatePerMinute < 0 {
		return nil
	}
	return s.allowAll(c, []*limits.Limiter{s.throttle.receipt}, c.ClientIP(), "回执查询")
}
