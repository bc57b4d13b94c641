package httpx

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
)

// Limiter counts events per key (server/limits.Limiter): ok false with the
// wait until the next one is allowed when key is over its limit.
type Limiter interface {
	Allow(ctx context.Context, key string) (ok bool, retry time.Duration, degraded bool)
}

// Tarpit holds refused requests (429) before they are answered, so that a
// client that ignores Retry-After and retries in a loop makes about one
// attempt per delay and connection instead of thousands, and a waiting
// request costs no CPU. At most slots requests are held at once; past
// that they are answered at once.
type Tarpit struct {
	delay time.Duration
	slots chan struct{}
}

// NewTarpit holds refusals for delay (none when delay ≤ 0), slots at once.
func NewTarpit(delay time.Duration, slots int) *Tarpit {
	return &Tarpit{delay: delay, slots: make(chan struct{}, slots)}
}

// Allow counts one event for key in each limiter and returns nil, or — after
// holding the request — ERATELIMIT saying when to try again (what: 登录尝试)
// with the longest wait in Retry-After.
func (t *Tarpit) Allow(c *gin.Context, key, what string, ls ...Limiter) error {
	var wait time.Duration
	for _, l := range ls {
		if ok, retry, _ := l.Allow(c.Request.Context(), key); !ok && retry > wait {
			wait = retry
		}
	}
	if wait <= 0 {
		return nil
	}
	t.hold(c, wait)
	secs := int(wait.Seconds() + 0.999)
	c.Header("Retry-After", strconv.Itoa(secs))
	return drafts.Errorf(drafts.ERATELIMIT, "%s过于频繁，请%s后再试。", what, waitText(secs))
}

// hold holds a refused request for the delay, or until it may try again
// if sooner, or the client goes away.
func (t *Tarpit) hold(c *gin.Context, wait time.Duration) {
	d := min(wait, t.delay)
	if d <= 0 {
		return
	}
	select {
	case t.slots <- struct{}{}:
		defer func() { <-t.slots }()
	default:
		return
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
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
