package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Dialect names the database behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Options tune how a database is opened.
type Options struct {
	// NotDurable turns off fsync on every commit (SQLite synchronous=NORMAL instead of
	// FULL). Only tests set it: in production a change acknowledged to a user must
	// survive a power cut.
	NotDurable bool
	// MaxConns bounds the PostgreSQL pool of this instance (0: pgxpool's default).
	MaxConns int32
	// BatchSize bounds the functions that Batch runs in one SQLite transaction (0: 256).
	BatchSize int
	// BatchQueue bounds the callers inside Batch at once, waiting or running (0: 10,000);
	// beyond it Batch refuses at once with KindUnavailable (see Batch).
	BatchQueue int
}

// JobInserter inserts a job inside a transaction of this store, so that the job exists
// if and only if the transaction commits. The job runner implements it; conn is the
// connection the transaction runs on (PostgreSQL needs it to reach the driver).
type JobInserter interface {
	InsertTx(ctx context.Context, tx *sql.Tx, conn *sql.Conn, job plenary.Job) error
}

// DB is plenary's database.
type DB struct {
	dialect Dialect
	// write takes every transaction. On SQLite it holds exactly one connection, so that
	// writers queue in Go instead of failing on a busy database; on PostgreSQL it is the
	// pool.
	write *sql.DB
	// read serves reads outside transactions: a pool of read-only connections on SQLite
	// (WAL lets them read while the writer writes), the same pool on PostgreSQL.
	read *sql.DB
	// pool is the pgx pool behind write and read on PostgreSQL (River uses it directly).
	pool *pgxpool.Pool
	path string // the SQLite file

	jobs      JobInserter
	q         *query.Queries // bound to the read pool
	readStmts *preparedDB    // q's statements on SQLite
	batch     *batcher       // the group-commit writer behind Batch
}

// Open opens the database that url names: "postgres://…" or "postgresql://…" for
// PostgreSQL, "sqlite:PATH" or a plain file path for SQLite. It does not migrate.
func Open(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	var db *DB
	var err error
	if strings.HasPrefix(rawURL, "postgres://") || strings.HasPrefix(rawURL, "postgresql://") {
		db, err = openPostgres(ctx, rawURL, opts)
	} else {
		db, err = openSQLite(ctx, strings.TrimPrefix(rawURL, "sqlite:"), opts)
	}
	if err != nil {
		return nil, err
	}
	db.startBatch(opts)
	return db, nil
}

func openSQLite(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: empty SQLite path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create data directory: %w", err)
		}
	}
	sync := "FULL"
	if opts.NotDurable {
		sync = "NORMAL"
	}
	// The time format stores UTC text that sorts and compares correctly; foreign keys are
	// off by default in SQLite; busy_timeout covers the moments a checkpoint holds the lock.
	common := url.Values{}
	common.Add("_pragma", "busy_timeout(10000)")
	common.Add("_pragma", "foreign_keys(1)")
	common.Set("_time_format", "sqlite")
	common.Set("_texttotime", "1")

	w := cloneValues(common)
	w.Add("_pragma", "journal_mode(WAL)")
	w.Add("_pragma", "synchronous("+sync+")")
	// Batch sets a savepoint per function, and SQLite journals each page a savepoint
	// first changes in a sub-journal: a temporary file, once it passes 64 KiB, written
	// to at every insert of a burst (an eighth of the server's time). In memory it is
	// emptied at every release, and never touches the disk; durability is the WAL's.
	w.Add("_pragma", "temp_store(MEMORY)")
	// Immediate transactions take the write lock at BEGIN, so a transaction never fails
	// half-way because another connection (River's, the command line's) started writing.
	w.Set("_txlock", "immediate")
	write, err := sql.Open("sqlite", "file:"+path+"?"+w.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}

	r := cloneValues(common)
	r.Add("_pragma", "query_only(1)")
	read, err := sql.Open("sqlite", "file:"+path+"?"+r.Encode())
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	n := max(4, 2*runtime.NumCPU())
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	db := &DB{dialect: SQLite, write: write, read: read, path: path, readStmts: &preparedDB{db: read}}
	db.q = query.New(db.readStmts)
	return db, nil
}

func openPostgres(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("store: parse PostgreSQL URL: %w", redactURLError(err))
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	// Every instance writes times in UTC; the session time zone only matters for text
	// conversions, which we never rely on, but keeps psql output readable.
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect to PostgreSQL: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to PostgreSQL: %w", err)
	}
	sqldb := stdlib.OpenDBFromPool(pool)
	db := &DB{dialect: Postgres, write: sqldb, read: sqldb, pool: pool}
	db.q = query.New(sqldb)
	return db, nil
}

// redactURLError keeps passwords out of error messages (and so out of logs).
func redactURLError(err error) error {
	return errors.New(strings.SplitN(err.Error(), ":", 2)[0] + ": invalid connection URL")
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// Dialect tells which database this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// SQLDB returns the connection pool that takes writes (River on SQLite needs it).
func (db *DB) SQLDB() *sql.DB { return db.write }

// Pool returns the pgx pool on PostgreSQL, and nil on SQLite.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// SetJobs connects the job runner, which is built after the store because its workers
// call services that use the store.
func (db *DB) SetJobs(j JobInserter) { db.jobs = j }

// Ping checks that the database answers, for /readyz.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return err
	}
	return db.write.PingContext(ctx)
}

// Close closes every connection. On SQLite it first lets the group-commit writer run
// every Batch already queued and answer its caller, so that no caller is left waiting.
func (db *DB) Close() error {
	db.stopBatch()
	var errs []error
	if db.readStmts != nil {
		db.readStmts.close()
	}
	if db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	errs = append(errs, db.write.Close())
	if db.pool != nil {
		db.pool.Close()
	}
	return errors.Join(errs...)
}

// Tx is one transaction. It carries the generated queries bound to the transaction and
// the methods every domain store needs (audit, jobs); domain-specific methods are in the
// files named after each domain.
type Tx struct {
	db   *DB
	tx   *sql.Tx
	conn *sql.Conn // PostgreSQL only
	q    *query.Queries
	// detached is set inside Batch on SQLite: statements ignore the cancellation of the
	// caller's context, because interrupting one would roll back the whole shared
	// transaction, other callers' writes included (see Batch).
	detached bool
}

// Transact runs fn in one transaction and commits if fn returns nil. Everything fn does
// (the change, its audit event, its jobs) commits together or not at all. On PostgreSQL
// a serialization failure or deadlock is retried a few times.
func (db *DB) Transact(ctx context.Context, fn func(*Tx) error) error {
	const attempts = 3
	var err error
	for i := 0; i < attempts; i++ {
		err = db.transactOnce(ctx, fn)
		if !retryable(err) {
			return err
		}
		time.Sleep(time.Duration(10*(i+1)) * time.Millisecond)
	}
	return err
}

func (db *DB) transactOnce(ctx context.Context, fn func(*Tx) error) (err error) {
	t := &Tx{db: db}
	if db.dialect == Postgres {
		// River's PostgreSQL driver inserts jobs through pgx itself; holding the
		// connection lets it reach the driver connection under this transaction.
		t.conn, err = db.write.Conn(ctx)
		if err != nil {
			return translate(err)
		}
		defer t.conn.Close()
		t.tx, err = t.conn.BeginTx(ctx, nil)
	} else {
		t.tx, err = db.write.BeginTx(ctx, nil)
	}
	if err != nil {
		return translate(err)
	}
	t.q = query.New(t.tx)
	defer func() {
		if p := recover(); p != nil {
			_ = t.tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = t.tx.Rollback()
		}
	}()
	if err = fn(t); err != nil {
		return err
	}
	if err = t.tx.Commit(); err != nil {
		return translate(err)
	}
	return nil
}

// Enqueue inserts a job that runs after this transaction commits.
func (t *Tx) Enqueue(ctx context.Context, job plenary.Job) error {
	if t.db.jobs == nil {
		return plenary.Internal(fmt.Errorf("store: enqueue %s: no job runner", job.Kind()))
	}
	if t.detached {
		ctx = context.WithoutCancel(ctx)
	}
	if err := t.db.jobs.InsertTx(ctx, t.tx, t.conn, job); err != nil {
		return plenary.Internal(fmt.Errorf("store: enqueue %s: %w", job.Kind(), err))
	}
	return nil
}

// preparedDB runs the read pool's queries (the generated ones, through DB.q) as prepared
// statements on SQLite. modernc's driver otherwise parses and plans a query's text at
// every call, which cost more than running it for the small reads every request makes
// (a consultation, a document and its language versions: a fifth of the server's time
// in a burst of submissions). A *sql.Stmt is safe for concurrent use and prepares
// itself on each connection of the pool as needed. PostgreSQL needs none of this: pgx
// keeps its own cache of prepared statements.
type preparedDB struct {
	db    *sql.DB
	stmts sync.Map // query text → *sql.Stmt
	n     atomic.Int32
}

// maxReadStmts bounds the statements kept: the generated queries are a few hundred, and
// a query whose text is built at run time would otherwise grow the cache without end.
const maxReadStmts = 1000

var _ query.DBTX = (*preparedDB)(nil)

// stmt returns the prepared statement of q, preparing it the first time; nil when it
// cannot (the caller runs q unprepared, and meets the error there if it is q's fault).
func (p *preparedDB) stmt(ctx context.Context, q string) *sql.Stmt {
	if st, ok := p.stmts.Load(q); ok {
		return st.(*sql.Stmt)
	}
	if p.n.Load() >= maxReadStmts {
		return nil
	}
	st, err := p.db.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	if prev, loaded := p.stmts.LoadOrStore(q, st); loaded {
		_ = st.Close() // prepared at the same time by another request
		return prev.(*sql.Stmt)
	}
	p.n.Add(1)
	return st
}

func (p *preparedDB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := p.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.db.ExecContext(ctx, q, args...)
}

func (p *preparedDB) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, q)
}

func (p *preparedDB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := p.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.db.QueryContext(ctx, q, args...)
}

func (p *preparedDB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := p.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.db.QueryRowContext(ctx, q, args...)
}

func (p *preparedDB) close() {
	p.stmts.Range(func(_, st any) bool {
		_ = st.(*sql.Stmt).Close()
		return true
	})
}
