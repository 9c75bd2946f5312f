package store_test

import (
	"context"
	"testing"

	"github.com/plenary-platform/plenary/internal/store"
)

// TestExclusive: on PostgreSQL, work of one name runs once at a time across every
// connection (so across instances): a second caller while the first runs is turned away,
// and once the first is done the name is free again, even if its context has ended. On
// SQLite, whose database has one instance, the work always runs.
func TestExclusive(t *testing.T) {
	db, _ := openBatch(t, store.Options{})
	pg := db.Dialect() == store.Postgres
	inside, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		_, err := db.Exclusive(ctx, "receipts", func(context.Context) error {
			close(inside)
			<-release
			return nil
		})
		first <- err
	}()
	<-inside
	ran, err := db.Exclusive(ctx, "receipts", func(context.Context) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if ran == pg {
		t.Errorf("a second run while the first runs: ran=%v on %v", ran, db.Dialect())
	}
	if ran, err := db.Exclusive(ctx, "another name", func(context.Context) error { return nil }); err != nil || !ran {
		t.Errorf("another name: ran=%v %v", ran, err)
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	ran, err = db.Exclusive(cancelled, "receipts", func(context.Context) error { cancel(); return nil })
	if err != nil || !ran {
		t.Fatalf("after the first: ran=%v %v", ran, err)
	}
	if ran, err := db.Exclusive(ctx, "receipts", func(context.Context) error { return nil }); err != nil || !ran {
		t.Errorf("after a run whose context ended: ran=%v %v", ran, err)
	}
}
