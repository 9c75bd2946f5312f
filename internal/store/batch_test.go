package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/jobs"
	"github.com/plenary-platform/plenary/internal/store"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// openBatch gives a test a migrated store of its own opened with opts, and its URL, to
// open it again.
func openBatch(t *testing.T, opts store.Options) (*store.DB, string) {
	t.Helper()
	dir, url := testenv.Database(t)
	if url == "" {
		url = "sqlite:" + dir + "/plenary.db"
	}
	opts.NotDurable = true
	db, err := store.Open(ctx, url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, url
}

// put is a batched write of one row.
func put(key string) func(*store.Tx) error {
	return func(tx *store.Tx) error { return tx.PutSetting(ctx, key, "v", time.Now()) }
}

// settings returns the keys of the settings starting with prefix.
func settings(t *testing.T, db *store.DB, prefix string) map[string]bool {
	t.Helper()
	rows, err := db.SQLDB().QueryContext(ctx, "SELECT key FROM settings WHERE key LIKE $1", prefix+"%")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out[k] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// waitFor polls cond until it holds, for states reached by other goroutines.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestBatchConcurrent: many callers at once are all answered; those whose function
// fails (an error of its own, a unique violation, a panic) get their own error and leave
// nothing behind, and the others are all committed.
func TestBatchConcurrent(t *testing.T) {
	db, _ := openBatch(t, store.Options{})
	err := db.Accounts().InTx(ctx, func(tx account.Tx) error {
		_, err := tx.CreateUser(ctx, account.NewUser{Email: "taken@example.org", Name: "T", Lang: "en", At: time.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	const n = 2000
	boom := errors.New("boom")
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := fmt.Sprintf("batch-%04d", i)
			errs[i] = db.Batch(ctx, func(tx *store.Tx) error {
				if err := tx.PutSetting(ctx, key, "v", time.Now()); err != nil {
					return err
				}
				switch {
				case i%10 == 3:
					return boom
				case i%10 == 7:
					_, err := tx.CreateUser(ctx, account.NewUser{Email: "taken@example.org", Name: "Again", Lang: "en", At: time.Now()})
					return err
				case i == 1001:
					panic("bad request")
				}
				return nil
			})
		}()
	}
	wg.Wait()
	got := settings(t, db, "batch-")
	for i, err := range errs {
		key := fmt.Sprintf("batch-%04d", i)
		var ok bool
		switch {
		case i%10 == 3:
			ok = errors.Is(err, boom)
		case i%10 == 7:
			ok = plenary.ErrorKind(err) == plenary.KindConflict
		case i == 1001:
			ok = plenary.ErrorKind(err) == plenary.KindInternal
		default:
			ok = err == nil
		}
		if !ok {
			t.Errorf("%s: unexpected outcome %v", key, err)
		}
		if got[key] != (err == nil) {
			t.Errorf("%s: answered %v, but saved: %v", key, err, got[key])
		}
	}
	st := db.BatchStats()
	if st.Items != n || st.Waiting != 0 || st.Busy != 0 {
		t.Errorf("stats %+v", st)
	}
	if db.Dialect() == store.SQLite && (st.MaxBatch < 2 || st.Batches >= n) {
		t.Errorf("no grouping happened: %+v", st)
	}
	t.Logf("%+v", st)
}

type batchJob struct {
	N int `json:"n"`
}

func (batchJob) Kind() string { return "test.batch" }

// TestBatchEnqueue: jobs inserted by batched functions exist if and only if their
// function's writes commit, River's own savepoints nesting inside the batch's.
func TestBatchEnqueue(t *testing.T) {
	db, _ := openBatch(t, store.Options{})
	runner, err := jobs.New(db.SQLDB(), db.Pool(), jobs.Config{}) // insert-only
	if err != nil {
		t.Fatal(err)
	}
	db.SetJobs(runner)
	boom := errors.New("boom")
	const n = 200
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Batch(ctx, func(tx *store.Tx) error {
				if err := tx.PutSetting(ctx, fmt.Sprintf("job-%03d", i), "v", time.Now()); err != nil {
					return err
				}
				if err := tx.Enqueue(ctx, batchJob{N: i}); err != nil {
					return err
				}
				if i%5 == 0 {
					return boom
				}
				return nil
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if (i%5 == 0) != errors.Is(err, boom) || (i%5 != 0 && err != nil) {
			t.Errorf("%d: %v", i, err)
		}
	}
	var jobCount int
	err = db.SQLDB().QueryRowContext(ctx, "SELECT count(*) FROM river_job WHERE kind = $1", batchJob{}.Kind()).Scan(&jobCount)
	if err != nil {
		t.Fatal(err)
	}
	if want := n - n/5; jobCount != want || len(settings(t, db, "job-")) != want {
		t.Fatalf("%d jobs and %d rows, want %d of each", jobCount, len(settings(t, db, "job-")), want)
	}
}

// TestBatchBusy: beyond BatchQueue callers inside Batch, the next is refused at once
// with a time to retry after; the others are unaffected.
func TestBatchBusy(t *testing.T) {
	db, _ := openBatch(t, store.Options{BatchQueue: 4})
	release := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Batch(ctx, func(tx *store.Tx) error {
				<-release // on SQLite the first holds the writer and the others queue
				return put(fmt.Sprintf("busy-%d", i))(tx)
			})
		}()
	}
	waitFor(t, "four callers inside Batch", func() bool { return db.BatchStats().Waiting == 4 })
	start := time.Now()
	err := db.Batch(ctx, put("busy-refused"))
	if !errors.Is(err, plenary.ErrUnavailable) || plenary.RetryAfter(err) <= 0 {
		t.Fatalf("fifth caller: %v (retry after %v), want unavailable with a retry time", err, plenary.RetryAfter(err))
	}
	if time.Since(start) > time.Second {
		t.Fatalf("the refusal took %v", time.Since(start))
	}
	close(release)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("caller %d: %v", i, err)
		}
	}
	if got := settings(t, db, "busy-"); len(got) != 4 || got["busy-refused"] {
		t.Fatalf("saved %v", got)
	}
	if st := db.BatchStats(); st.Busy != 1 || st.Waiting != 0 {
		t.Fatalf("stats %+v", st)
	}
	// Room again.
	if err := db.Batch(ctx, put("busy-after")); err != nil {
		t.Fatal(err)
	}
}

// TestBatchCancelWhileQueued: a caller whose context ends while it waits in the queue
// returns at once, and its function never runs.
func TestBatchCancelWhileQueued(t *testing.T) {
	db, _ := openBatch(t, store.Options{})
	if db.Dialect() != store.SQLite {
		t.Skip("PostgreSQL has no queue: Batch is Transact")
	}
	release, holding := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- db.Batch(ctx, func(tx *store.Tx) error {
			close(holding)
			<-release
			return put("cancel-first")(tx)
		})
	}()
	<-holding
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	ran := false
	err := db.Batch(cctx, func(tx *store.Tx) error {
		ran = true
		return put("cancel-second")(tx)
	})
	if !errors.Is(err, context.DeadlineExceeded) || plenary.ErrorKind(err) != plenary.KindUnavailable {
		t.Fatalf("queued caller: %v", err)
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	// The writer has discarded the abandoned item by the time the next call returns.
	if err := db.Batch(ctx, put("cancel-third")); err != nil {
		t.Fatal(err)
	}
	got := settings(t, db, "cancel-")
	if ran || got["cancel-second"] || len(got) != 2 {
		t.Fatalf("abandoned function ran: %v, saved %v", ran, got)
	}
	if st := db.BatchStats(); st.Waiting != 0 {
		t.Fatalf("stats %+v", st)
	}
}

// TestBatchCancelAfterStart: a caller whose context ends while its function runs is
// told the truth: nil only if its writes committed. On SQLite, the function has started
// in the shared transaction, so it runs to the end and commits.
func TestBatchCancelAfterStart(t *testing.T) {
	db, _ := openBatch(t, store.Options{})
	cctx, cancel := context.WithCancel(ctx)
	err := db.Batch(cctx, func(tx *store.Tx) error {
		cancel()
		return tx.PutSetting(cctx, "started-1", "v", time.Now())
	})
	saved := settings(t, db, "started-")["started-1"]
	if saved != (err == nil) {
		t.Fatalf("answered %v, saved %v", err, saved)
	}
	if db.Dialect() == store.SQLite && err != nil {
		t.Fatalf("started function not committed: %v", err)
	}
}

// TestBatchBrokenTransaction: when the shared transaction breaks part-way, the callers
// whose functions ran in it are all told so (nothing of theirs is saved), and the
// functions not yet run go on in a new transaction.
func TestBatchBrokenTransaction(t *testing.T) {
	db, _ := openBatch(t, store.Options{})
	if db.Dialect() != store.SQLite {
		t.Skip("PostgreSQL has no shared transaction")
	}
	release, holding := make(chan struct{}), make(chan struct{})
	fns := map[string]func(*store.Tx) error{
		"blocker": func(tx *store.Tx) error {
			close(holding)
			<-release
			return put("broken-blocker")(tx)
		},
		"a": put("broken-a"),
		"b": put("broken-b"),
		// Ends the shared transaction behind the writer's back, as SQLite itself does on
		// a full disk or an I/O error.
		"rollback": func(tx *store.Tx) error { return tx.RawExec(ctx, "ROLLBACK") },
		"d":        put("broken-d"),
		"e":        put("broken-e"),
	}
	order := []string{"blocker", "a", "b", "rollback", "d", "e"}
	errs := make([]error, len(order))
	var wg sync.WaitGroup
	for i, name := range order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Batch(ctx, fns[name])
		}()
		// One at a time, so that the queue holds them in this order.
		if i == 0 {
			<-holding
		}
		waitFor(t, name+" queued", func() bool { return db.BatchStats().Waiting == int64(i+1) })
	}
	close(release)
	wg.Wait()
	for i, name := range order {
		failed := name == "a" || name == "b" || name == "rollback"
		if (errs[i] != nil) != failed {
			t.Errorf("%s: %v", name, errs[i])
		}
	}
	got := settings(t, db, "broken-")
	if len(got) != 3 || !got["broken-blocker"] || !got["broken-d"] || !got["broken-e"] {
		t.Fatalf("saved %v", got)
	}
}

// TestBatchClose: Close while callers wait answers every one of them (on SQLite by
// running what is queued), and Batch after Close refuses at once.
func TestBatchClose(t *testing.T) {
	db, url := openBatch(t, store.Options{})
	release, holding := make(chan struct{}), make(chan struct{})
	const n = 100
	errs := make([]error, n+1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		errs[n] = db.Batch(ctx, func(tx *store.Tx) error {
			close(holding)
			<-release
			return put("close-first")(tx)
		})
	}()
	<-holding
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Batch(ctx, put(fmt.Sprintf("close-%03d", i)))
		}()
	}
	waitFor(t, "every caller inside Batch", func() bool { return db.BatchStats().Waiting == n+1 })
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	time.Sleep(20 * time.Millisecond) // let Close begin
	close(release)
	answered := make(chan struct{})
	go func() { wg.Wait(); close(answered) }()
	select {
	case <-answered:
	case <-time.After(10 * time.Second):
		t.Fatal("callers left waiting after Close")
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if err := db.Batch(ctx, put("close-late")); !errors.Is(err, plenary.ErrUnavailable) {
		t.Fatalf("Batch after Close: %v", err)
	}
	again, err := store.Open(ctx, url, store.Options{NotDurable: true})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	got := settings(t, again, "close-")
	acknowledged := 0
	for _, err := range errs {
		if err == nil {
			acknowledged++
		} else if db.Dialect() == store.SQLite {
			t.Errorf("queued caller refused: %v", err)
		}
	}
	if len(got) != acknowledged || got["close-late"] {
		t.Fatalf("%d rows saved, %d callers acknowledged", len(got), acknowledged)
	}
}
