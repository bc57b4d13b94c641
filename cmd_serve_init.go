package main

import (
	"context"
	"fmt"

	"lifa/drafts/store"
)

// initLockKey is the PostgreSQL advisory lock held while a starting node
// initialises an empty database (admin token, demonstration data), so that
// nodes started at once do it once: without it two nodes each created an
// admin token and printed it, and only the last one written worked.
const initLockKey = 7_432_002

// firstStartLocked runs fn holding the initialisation lock on PostgreSQL
// (other nodes starting at the same time wait for it), and simply runs fn
// on SQLite, where only one process opens the database.
func firstStartLocked(ctx context.Context, st *store.Store, fn func() error) error {
	if st.Dialect() != store.Postgres {
		return fn()
	}
	conn, err := st.DB().Conn(ctx)
	if err != nil {
		return fmt.Errorf("initialisation lock: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", initLockKey); err != nil {
		return fmt.Errorf("initialisation lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", initLockKey)
	return fn()
}
