package store_test

import (
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/store"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// BenchmarkAuditedChange measures the ordinary write path: one durable transaction (fsync
// on every commit on SQLite) with a change and its chained audit event.
func BenchmarkAuditedChange(b *testing.B) {
	dir, url := testenv.Database(b)
	if url == "" {
		url = "sqlite:" + dir + "/plenary.db"
	}
	db, err := store.Open(ctx, url, store.Options{}) // durable, as in production
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	i := 0
	for b.Loop() {
		i++
		err := db.Accounts().InTx(ctx, func(tx account.Tx) error {
			if err := tx.SetSignedIn(ctx, 1, time.Now()); err != nil {
				return err
			}
			return tx.Audit(ctx, audit.New(plenary.System("bench"), time.Now(), "bench.changed", "bench", i, map[string]string{"n": "1"}))
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
