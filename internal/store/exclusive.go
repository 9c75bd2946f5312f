package store

import (
	"context"
	"hash/fnv"
)

// exclusiveLockBase puts the keys of Exclusive in their own space of PostgreSQL's
// advisory locks (the audit chain and accreditation rounds use others).
const exclusiveLockBase = 7_362_000_000_000

// Exclusive runs fn unless another instance is running work of the same name, and
// reports whether it ran. On PostgreSQL, where several instances share the database, it
// holds a session advisory lock on a connection of its own for as long as fn runs; if
// another session holds it, fn does not run. On SQLite one instance owns the database,
// so fn always runs (callers keep their own in-process guard).
func (db *DB) Exclusive(ctx context.Context, name string, fn func(context.Context) error) (bool, error) {
	if db.dialect != Postgres {
		return true, fn(ctx)
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	key := exclusiveLockBase + int64(h.Sum32())
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return false, translate(err)
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&got); err != nil {
		return false, translate(err)
	}
	if !got {
		return false, nil
	}
	// Unlocked on the same connection even if ctx has ended, so that the lock never
	// outlives the work (closing the connection would end it too, but it goes back to
	// the pool, still holding the lock).
	defer func() { _, _ = conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", key) }()
	return true, fn(ctx)
}
