package store_test

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
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

// BenchmarkBatch measures the group-commit writer: many callers at once, each writing one
// small row durably (fsync on every commit on SQLite), as submissions arrive when a
// consultation closes. Compare rows/s with BenchmarkTransact, the same writes committed
// one by one.
func BenchmarkBatch(b *testing.B) { benchmarkWrites(b, (*store.DB).Batch) }

// BenchmarkTransact is BenchmarkBatch's writes through Transact.
func BenchmarkTransact(b *testing.B) { benchmarkWrites(b, (*store.DB).Transact) }

func benchmarkWrites(b *testing.B, write func(*store.DB, context.Context, func(*store.Tx) error) error) {
	for _, want := range []int{8, 64, 256} {
		// RunParallel starts parallelism × GOMAXPROCS goroutines.
		p := max(1, want/runtime.GOMAXPROCS(0))
		b.Run(fmt.Sprintf("callers=%d", p*runtime.GOMAXPROCS(0)), func(b *testing.B) {
			dir, url := testenv.Database(b)
			if url == "" {
				url = "sqlite:" + dir + "/plenary.db"
			}
			db, err := store.Open(ctx, url, store.Options{}) // durable, as in production
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			var n atomic.Int64
			b.SetParallelism(p)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					key := fmt.Sprintf("bench-%d", n.Add(1))
					err := write(db, ctx, func(tx *store.Tx) error { return tx.PutSetting(ctx, key, "v", time.Now()) })
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			if st := db.BatchStats(); st.Batches > 0 {
				b.ReportMetric(float64(st.Items)/float64(st.Batches), "rows/batch")
			}
		})
	}
}
