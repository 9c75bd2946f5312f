package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// The group-commit writer.
//
// On SQLite every commit with synchronous=FULL waits for an fsync, and there is one
// writer connection: committing each submission on its own caps throughput at the
// disk's fsync rate. Batch instead lets one goroutine gather the writes waiting at a
// given moment into one transaction, each in its own savepoint, and pay one fsync for
// all of them. Callers are answered only after that commit, so an acknowledged write is
// as durable as with Transact.

const (
	defaultBatchSize  = 256
	defaultBatchQueue = 10000

	// busyRetryAfter is what a refused caller is told to wait: a full queue drains in
	// well under a second (tens of transactions of a few milliseconds each).
	busyRetryAfter = time.Second
)

var (
	errQueueFull   = errors.New("store: too many writes waiting")
	errBatchClosed = errors.New("store: the database is closing")
)

// BatchStats describes the work of Batch since Open, for metrics.
type BatchStats struct {
	Batches  int64 // transactions begun (on PostgreSQL, one per call)
	Items    int64 // functions run in them
	MaxBatch int64 // the most functions run in one transaction
	Busy     int64 // calls refused because BatchQueue callers were already inside
	Waiting  int64 // callers inside Batch now
}

type batcher struct {
	size  int   // functions per transaction at most (SQLite)
	limit int64 // callers inside Batch at most

	// waiting counts the callers holding a place: from admission until their item is
	// answered or, if they gave up, until the writer discards it. It bounds the memory
	// and the latency a burst can cause, and keeps the queue below its capacity, so
	// sending to it never blocks.
	waiting atomic.Int64

	// mu orders sends to queue before Close closes it (a send on a closed channel
	// panics); Batch takes it shared, so callers do not wait for one another.
	mu     sync.RWMutex
	closed bool
	queue  chan *batchItem // SQLite only
	// stopped is closed when the writer has answered everything and returned.
	stopped chan struct{}

	batches, items, maxBatch, busy atomic.Int64

	// stmts are the writer's prepared statements (see stmtCache); only the writer
	// goroutine touches them.
	stmts stmtCache
}

// The states of an item: a caller whose context ends while its item is queued takes it
// back (queued → abandoned) and returns; once the writer has taken it (queued →
// started) the caller must wait for the outcome, because fn's writes may commit.
const (
	itemQueued int32 = iota
	itemStarted
	itemAbandoned
)

type batchItem struct {
	ctx    context.Context
	fn     func(*Tx) error
	state  atomic.Int32
	result chan error // buffered: the writer never waits for the caller
}

func (db *DB) startBatch(opts Options) {
	b := &batcher{size: opts.BatchSize, limit: int64(opts.BatchQueue), stopped: make(chan struct{})}
	if b.size <= 0 {
		b.size = defaultBatchSize
	}
	if b.limit <= 0 {
		b.limit = defaultBatchQueue
	}
	db.batch = b
	if db.dialect != SQLite {
		close(b.stopped) // no writer goroutine: PostgreSQL takes concurrent writers
		return
	}
	b.queue = make(chan *batchItem, b.limit)
	go db.writeBatches()
}

// stopBatch refuses new calls, and on SQLite waits until the writer has run every
// queued item and answered its caller.
func (db *DB) stopBatch() {
	b := db.batch
	if b == nil {
		return
	}
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		if b.queue != nil {
			close(b.queue)
		}
	}
	b.mu.Unlock()
	<-b.stopped
	b.stmts.close()
}

// BatchStats returns the counters of Batch.
func (db *DB) BatchStats() BatchStats {
	b := db.batch
	return BatchStats{
		Batches: b.batches.Load(), Items: b.items.Load(), MaxBatch: b.maxBatch.Load(),
		Busy: b.busy.Load(), Waiting: b.waiting.Load(),
	}
}

// Batch runs fn in a transaction like Transact, and returns nil only once fn's writes
// are committed durably. It is the write path for many small independent writes at once
// (consultation submissions, acknowledgements).
//
// On SQLite one goroutine runs the functions waiting at a given moment, up to
// Options.BatchSize of them, in one transaction on the writer connection, each inside
// its own savepoint, and commits once: one fsync for all of them. A function that
// returns an error has its own writes rolled back and its error returned, while the
// others commit. A function that panics is treated the same way, its panic becoming
// an internal error (with the stack, for the log) for its caller alone, on both
// databases. If the commit fails, every caller whose function had succeeded gets the
// error: none is told its write was saved. Batch sizes adapt by themselves: under low
// load a batch holds one function, under high load as many as are waiting.
//
// On PostgreSQL a commit is durable and many connections write at once, so Batch is
// Transact.
//
// Overload: when Options.BatchQueue callers are already inside Batch, it returns at once
// an error of KindUnavailable with a RetryAfter, rather than queueing without bound.
//
// Cancellation: ctx is honoured while the call waits in the queue: if it ends there, fn
// never runs and Batch returns an error of KindUnavailable wrapping ctx.Err(). Once fn
// has started on SQLite, Batch waits for the commit whatever ctx does, and fn's
// statements ignore ctx's cancellation and deadline: returning early could tell a
// caller that nothing happened while its writes are then committed, and interrupting a
// statement would make SQLite roll back the whole shared transaction. So fn must be
// short, and must not block on anything but the database.
//
// fn runs on the writer goroutine, holding the only SQLite write connection: it must
// not call Transact or Batch itself (it would wait for itself forever), nor keep tx
// after it returns. Each Tx method, Enqueue included, works as in Transact: the jobs
// fn enqueues exist if and only if its writes commit.
func (db *DB) Batch(ctx context.Context, fn func(*Tx) error) error {
	b := db.batch
	if b.waiting.Add(1) > b.limit {
		b.waiting.Add(-1)
		b.busy.Add(1)
		return unavailable(errQueueFull)
	}
	if db.dialect != SQLite {
		defer b.waiting.Add(-1)
		if err := b.enterPostgres(); err != nil {
			return err
		}
		defer b.mu.RUnlock()
		b.batches.Add(1)
		b.items.Add(1)
		raise(&b.maxBatch, 1)
		// As on SQLite, a panic in fn is its caller's error rather than a crash.
		return db.Transact(ctx, func(t *Tx) error { return runFn(fn, t) })
	}
	if err := ctx.Err(); err != nil {
		b.waiting.Add(-1)
		return translate(err)
	}
	it := &batchItem{ctx: ctx, fn: fn, result: make(chan error, 1)}
	if err := b.enqueue(it); err != nil {
		b.waiting.Add(-1)
		return err
	}
	// From here the writer gives the place back (b.waiting) when it answers or discards
	// the item.
	select {
	case err := <-it.result:
		return err
	case <-ctx.Done():
		if it.state.CompareAndSwap(itemQueued, itemAbandoned) {
			return translate(ctx.Err())
		}
		// The writer took the item first: its writes may commit, so wait to say whether
		// they did.
		return <-it.result
	}
}

// enterPostgres holds the lock shared for the whole call, so that Close does not
// return while a PostgreSQL Batch is still running.
func (b *batcher) enterPostgres() error {
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return unavailable(errBatchClosed)
	}
	return nil
}

func (b *batcher) enqueue(it *batchItem) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return unavailable(errBatchClosed)
	}
	select {
	case b.queue <- it:
		return nil
	default:
		// Cannot happen while waiting bounds the items to the queue's capacity; refusing
		// is still better than blocking a caller.
		b.busy.Add(1)
		return unavailable(errQueueFull)
	}
}

// unavailable is Batch's refusal. "error.unavailable" tells the user that plenary is
// very busy and to try again in a moment, which is the case; cause is for the log.
func unavailable(cause error) error {
	return &plenary.Error{Kind: plenary.KindUnavailable, Message: "error.unavailable", RetryAfter: busyRetryAfter, Err: cause}
}

// writeBatches is the writer goroutine: it takes everything waiting, up to a batch,
// runs it, and starts again, until Close closes the queue and the queue is empty.
func (db *DB) writeBatches() {
	b := db.batch
	defer close(b.stopped)
	items := make([]*batchItem, 0, b.size)
	for it := range b.queue {
		items = append(items[:0], it)
	fill:
		for len(items) < b.size {
			select {
			case it, ok := <-b.queue:
				if !ok {
					break fill
				}
				items = append(items, it)
			default:
				break fill
			}
		}
		for rest := items; len(rest) > 0; {
			rest = db.runBatch(rest)
		}
		clear(items) // let the items and their functions be collected
	}
}

// answer gives the caller its place in the queue back, then its outcome (in this order
// so that the counter is right when the caller returns).
func (b *batcher) answer(it *batchItem, err error) {
	b.waiting.Add(-1)
	it.result <- err
}

// The savepoint of each function. River's SQLite driver names its own savepoints
// river_savepoint_NN, so they nest inside ours without clashing.
const (
	savepoint         = "SAVEPOINT plenary_batch"
	rollbackSavepoint = "ROLLBACK TO plenary_batch"
	releaseSavepoint  = "RELEASE plenary_batch"
)

// runBatch runs items in one transaction and answers their callers. If the transaction
// breaks part-way (a savepoint cannot be set, rolled back to or released: SQLite rolls a
// transaction back by itself on some errors, such as a full disk), it answers the
// functions already run with the error and returns the items not yet started, for a
// new transaction.
func (db *DB) runBatch(items []*batchItem) (rest []*batchItem) {
	b := db.batch
	// Not any caller's context: database/sql rolls a transaction back when the context
	// it began with ends, and this one is shared.
	ctx := context.Background()
	sqltx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		err = translate(err)
		for _, it := range items {
			if b.take(it) {
				b.answer(it, err)
			}
		}
		return nil
	}
	// Prepare, after this transaction, the statements it ran unprepared: the writer's
	// connection is free only between transactions.
	defer b.stmts.prepareWanted(db.write)
	dtx := detachedTx{tx: sqltx, stmts: &b.stmts}
	t := &Tx{db: db, tx: sqltx, q: query.New(dtx), detached: true}
	done := make([]*batchItem, 0, len(items)) // run, succeeded, awaiting the commit
	n := int64(0)
	var broken error
	for i, it := range items {
		if !b.take(it) {
			continue
		}
		if err := it.ctx.Err(); err != nil {
			// The caller gave up as the writer took the item: it waits for an answer,
			// and nothing of it has run.
			b.answer(it, translate(err))
			continue
		}
		n++
		if _, err := dtx.ExecContext(ctx, savepoint); err != nil {
			broken = err
			done = append(done, it)
			rest = items[i+1:]
			break
		}
		ferr := runFn(it.fn, t)
		if ferr != nil {
			if _, err := dtx.ExecContext(ctx, rollbackSavepoint); err != nil {
				broken = err
				b.answer(it, ferr)
				rest = items[i+1:]
				break
			}
		}
		if _, err := dtx.ExecContext(ctx, releaseSavepoint); err != nil {
			broken = err
			if ferr != nil {
				b.answer(it, ferr)
			} else {
				done = append(done, it)
			}
			rest = items[i+1:]
			break
		}
		if ferr != nil {
			// Rolled back to its savepoint: nothing of it can commit, whatever happens
			// to the others, so its caller need not wait.
			b.answer(it, ferr)
			continue
		}
		done = append(done, it)
	}
	if n > 0 {
		b.batches.Add(1)
		b.items.Add(n)
		raise(&b.maxBatch, n)
	}
	if broken != nil {
		_ = sqltx.Rollback()
		err := translate(fmt.Errorf("store: batch transaction broken: %w", broken))
		for _, it := range done {
			b.answer(it, err)
		}
		return rest
	}
	err = sqltx.Commit()
	if err != nil {
		err = translate(err)
	}
	for _, it := range done {
		b.answer(it, err)
	}
	return nil
}

// raise sets v to n if n is larger.
func raise(v *atomic.Int64, n int64) {
	for m := v.Load(); n > m; m = v.Load() {
		if v.CompareAndSwap(m, n) {
			return
		}
	}
}

// take claims an item for the writer; false if its caller has already given up, in
// which case the writer only gives its place back.
func (b *batcher) take(it *batchItem) bool {
	if it.state.CompareAndSwap(itemQueued, itemStarted) {
		return true
	}
	b.waiting.Add(-1)
	return false
}

// runFn runs one caller's function, turning a panic into that caller's error: the
// writer serves everyone, and one bad request must not take the others down.
func runFn(fn func(*Tx) error, t *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = plenary.Internal(fmt.Errorf("store: batched function panicked: %v\n%s", p, debug.Stack()))
		}
	}()
	return fn(t)
}

// detachedTx runs the statements of a batched function without the cancellation of the
// caller's context: modernc's driver interrupts a statement whose context ends, and
// SQLite then rolls back the whole transaction, the other callers' writes included.
// It runs them through the writer's prepared statements when it has them.
type detachedTx struct {
	tx    *sql.Tx
	stmts *stmtCache
}

var _ query.DBTX = detachedTx{}

func (d detachedTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	ctx = context.WithoutCancel(ctx)
	if st := d.stmts.get(q); st != nil {
		return d.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return d.tx.ExecContext(ctx, q, args...)
}

func (d detachedTx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return d.tx.PrepareContext(context.WithoutCancel(ctx), q)
}

func (d detachedTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	ctx = context.WithoutCancel(ctx)
	if st := d.stmts.get(q); st != nil {
		return d.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return d.tx.QueryContext(ctx, q, args...)
}

func (d detachedTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	ctx = context.WithoutCancel(ctx)
	if st := d.stmts.get(q); st != nil {
		return d.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return d.tx.QueryRowContext(ctx, q, args...)
}

// stmtCache keeps the SQLite writer's statements prepared. modernc's driver parses a
// statement's text again at every call unless it is prepared, and the batched writes
// are few statements run very often (a submission, its anchors, the savepoints): parsing
// was the largest part of the writer's time in a burst. A statement is prepared on the
// writer's only connection after the first transaction that ran it, and then used by
// every later transaction (sql.Tx.StmtContext reuses a statement prepared on the same
// connection). Only the writer goroutine uses it, so it has no lock.
type stmtCache struct {
	prepared map[string]*sql.Stmt
	wanted   []string
}

// maxStmts bounds the statements kept: Batch runs a handful of distinct ones, and a
// caller building its SQL text would otherwise grow the cache without end.
const maxStmts = 64

func (c *stmtCache) get(q string) *sql.Stmt {
	if st, ok := c.prepared[q]; ok {
		return st // nil if it could not be prepared
	}
	if len(c.prepared)+len(c.wanted) < maxStmts && !slices.Contains(c.wanted, q) {
		c.wanted = append(c.wanted, q)
	}
	return nil
}

// prepareWanted prepares the statements asked for since the last call. It runs between
// transactions: the connection it prepares on is the one they need. A statement that
// fails to prepare is simply run unprepared, as before.
func (c *stmtCache) prepareWanted(db *sql.DB) {
	for _, q := range c.wanted {
		if c.prepared == nil {
			c.prepared = map[string]*sql.Stmt{}
		}
		st, err := db.PrepareContext(context.Background(), q)
		if err != nil {
			st = nil // not asked for again
		}
		c.prepared[q] = st
	}
	c.wanted = c.wanted[:0]
}

func (c *stmtCache) close() {
	for _, st := range c.prepared {
		if st != nil {
			_ = st.Close()
		}
	}
	c.prepared = nil
}
