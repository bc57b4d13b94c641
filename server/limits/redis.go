package limits

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// takeScript is the GCRA step on Redis' clock. KEYS[1] is the limit's key;
// ARGV are the interval and the burst in microseconds. It returns 0 when
// the event is allowed (and stored, expiring when its TAT has passed),
// else the microseconds to wait.
var takeScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local nxt = tat + interval
local allow_at = nxt - burst
if allow_at > now then return allow_at - now end
redis.call('SET', KEYS[1], nxt, 'PX', math.floor((nxt - now) / 1000) + 1)
return 0
`)

// liveScript records a node's heartbeat in a sorted set scored by Redis'
// clock and counts the nodes seen within ARGV[2] microseconds.
var liveScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], math.floor(tonumber(ARGV[2]) / 1000) + 1)
return redis.call('ZCARD', KEYS[1])
`)

// Redis keeps the limits in Redis under keys "lifa:rl:<rule>:<client>".
// Redis need keep nothing on disk: losing the state forgets who was
// limited, nothing else.
type Redis struct {
	c *redis.Client
}

// OpenRedis returns the backend on the Redis server url names
// (redis://[:password@]host:port/db). Only a malformed URL is an error: a
// server that does not answer yet is not (a node must start while Redis
// is down; its Set degrades, logs it and counts it until Redis answers),
// and reachable is what the first ping said.
func OpenRedis(ctx context.Context, url string) (r *Redis, reachable error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("limits: redis url: %w", err)
	}
	opt.DialTimeout = 500 * time.Millisecond
	opt.ReadTimeout = 500 * time.Millisecond
	opt.WriteTimeout = 500 * time.Millisecond
	opt.MaxRetries = -1 // a limit check is not worth a retry: degrade instead
	r = &Redis{c: redis.NewClient(opt)}
	if err := r.c.Ping(ctx).Err(); err != nil {
		return r, fmt.Errorf("limits: redis %s: %w", opt.Addr, err)
	}
	return r, nil
}

// Name is "redis".
func (r *Redis) Name() string { return "redis" }

// Take runs the GCRA step in Redis.
func (r *Redis) Take(ctx context.Context, key string, interval, burst int64) (time.Duration, error) {
	wait, err := takeScript.Run(ctx, r.c, []string{"lifa:rl:" + key}, interval, burst).Int64()
	if err != nil {
		return 0, fmt.Errorf("limits: redis: %w", err)
	}
	return time.Duration(wait) * time.Microsecond, nil
}

// Live records node's heartbeat and counts the nodes seen within ttl.
func (r *Redis) Live(ctx context.Context, node string, ttl time.Duration) (int, error) {
	n, err := liveScript.Run(ctx, r.c, []string{"lifa:nodes"}, node, ttl.Microseconds()).Int()
	if err != nil {
		return 0, fmt.Errorf("limits: redis: %w", err)
	}
	return n, nil
}

// Close closes the connections.
func (r *Redis) Close() error { return r.c.Close() }
