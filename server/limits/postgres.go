package limits

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgNow is PostgreSQL's clock in microseconds since the epoch.
const pgNow = `(extract(epoch FROM clock_timestamp()) * 1000000)::bigint`

// pgSchema creates the two UNLOGGED tables (their writes skip the WAL: the
// state need not survive a crash of PostgreSQL, and is not replicated).
// They are not in the store's migrations: they belong to this package,
// hold nothing the application reads, and may be dropped at any time.
const pgSchema = `
CREATE UNLOGGED TABLE IF NOT EXISTS lifa_rate_limits (key text PRIMARY KEY, tat bigint NOT NULL);
CREATE UNLOGGED TABLE IF NOT EXISTS lifa_limit_nodes (node text PRIMARY KEY, seen bigint NOT NULL)`

// pgSchemaLock serialises the CREATE TABLEs of nodes starting at once
// (concurrent CREATE TABLE IF NOT EXISTS can fail on the catalog's unique
// index).
const pgSchemaLock = 7_432_016

// pgTake is the GCRA step (see the package comment) as one statement: the
// row is inserted or updated only when the event is allowed; no row back
// means refused.
const pgTake = `
WITH c AS (SELECT ` + pgNow + ` AS now)
INSERT INTO lifa_rate_limits AS r (key, tat)
SELECT $1, c.now + $2 FROM c
ON CONFLICT (key) DO UPDATE
   SET tat = GREATEST(r.tat, (SELECT now FROM c)) + $2
 WHERE GREATEST(r.tat, (SELECT now FROM c)) + $2 - $3 <= (SELECT now FROM c)
RETURNING 0`

// pgWait is how long a refused event waits.
const pgWait = `SELECT GREATEST(tat + $2 - $3 - ` + pgNow + `, 1) FROM lifa_rate_limits WHERE key = $1`

// Postgres keeps the limits in PostgreSQL, in a small pool of its own so
// that limit checks never wait behind the store's queries.
type Postgres struct {
	pool *pgxpool.Pool

	mu    sync.Mutex
	swept time.Time
}

// OpenPostgres connects to the database url names (the store's database
// will do), creates the tables if needed and checks that it answers.
func OpenPostgres(ctx context.Context, url string) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("limits: postgres url: %w", err)
	}
	if cfg.MaxConns > 8 || cfg.MaxConns == 0 {
		cfg.MaxConns = 8
	}
	cfg.ConnConfig.ConnectTimeout = 2 * time.Second
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("limits: postgres: %w", err)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, pgSchemaLock); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, pgSchema)
		return err
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("limits: postgres schema: %w", err)
	}
	return &Postgres{pool: pool, swept: time.Now()}, nil
}

// Name is "postgres".
func (p *Postgres) Name() string { return "postgres" }

// Take runs the GCRA step in PostgreSQL: one statement when allowed, two
// when refused. About once a minute one call also deletes the keys whose
// TAT has passed.
func (p *Postgres) Take(ctx context.Context, key string, interval, burst int64) (time.Duration, error) {
	p.sweep(ctx)
	var zero int
	err := p.pool.QueryRow(ctx, pgTake, key, interval, burst).Scan(&zero)
	if err == nil {
		return 0, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("limits: postgres: %w", err)
	}
	var wait int64
	if err := p.pool.QueryRow(ctx, pgWait, key, interval, burst).Scan(&wait); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, nil // swept meanwhile: as good as allowed next time
		}
		return 0, fmt.Errorf("limits: postgres: %w", err)
	}
	return time.Duration(wait) * time.Microsecond, nil
}

// sweep deletes expired keys at most once a minute per node.
func (p *Postgres) sweep(ctx context.Context) {
	p.mu.Lock()
	due := time.Since(p.swept) > time.Minute
	if due {
		p.swept = time.Now()
	}
	p.mu.Unlock()
	if due {
		_, _ = p.pool.Exec(ctx, `DELETE FROM lifa_rate_limits WHERE tat < `+pgNow)
	}
}

// Live records node's heartbeat and counts the nodes seen within ttl.
func (p *Postgres) Live(ctx context.Context, node string, ttl time.Duration) (int, error) {
	var n int
	err := p.pool.QueryRow(ctx, `
WITH up AS (
  INSERT INTO lifa_limit_nodes (node, seen) VALUES ($1, `+pgNow+`)
  ON CONFLICT (node) DO UPDATE SET seen = EXCLUDED.seen RETURNING node)
SELECT 1 + count(*) FROM lifa_limit_nodes
 WHERE node <> (SELECT node FROM up) AND seen > `+pgNow+` - $2`, node, ttl.Microseconds()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("limits: postgres: %w", err)
	}
	return n, nil
}

// Close closes the pool.
func (p *Postgres) Close() error { p.pool.Close(); return nil }
