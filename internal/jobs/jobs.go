// Package jobs runs work after the change that causes it has committed: e-mails, and
// periodic work such as cleaning up expired sessions. It wraps River, on SQLite and on
// PostgreSQL.
//
// Domain packages define their jobs as plain structs with a Kind method (plenary.Job)
// and insert them through their store's transaction; this package never imports a
// domain. cmd/plenary registers each job's worker, a service method, with Handle.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/plenary-platform/plenary"
)

// Periodic is a job inserted on a schedule. River elects one leader among the instances,
// so each fires once however many instances run.
type Periodic struct {
	ID    string
	Every time.Duration
	Job   plenary.Job
}

// Config tunes the runner.
type Config struct {
	// Workers holds the worker of every job kind. Nil makes an insert-only runner, for
	// commands that change data but do not process jobs (`plenary user create`).
	Workers  *river.Workers
	Periodic []Periodic
	// MaxWorkers bounds the jobs worked at once by this instance.
	MaxWorkers int
	// PollInterval is how often to look for new jobs on SQLite (which has no
	// notifications); River's default when zero.
	PollInterval time.Duration
	Logger       *slog.Logger
}

// Runner inserts and works jobs.
type Runner struct {
	lite *river.Client[*sql.Tx]
	pg   *river.Client[pgx.Tx]
}

// New makes a runner on SQLite (db, with its single writer connection) or PostgreSQL
// (pool, when not nil).
func New(db *sql.DB, pool *pgxpool.Pool, cfg Config) (*Runner, error) {
	rc := &river.Config{Logger: cfg.Logger, FetchPollInterval: cfg.PollInterval}
	if cfg.PollInterval > 0 && cfg.PollInterval < 100*time.Millisecond {
		rc.FetchCooldown = cfg.PollInterval // River requires cooldown <= poll interval
	}
	if cfg.Logger == nil {
		rc.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Workers != nil {
		if cfg.MaxWorkers <= 0 {
			cfg.MaxWorkers = 10
		}
		rc.Workers = cfg.Workers
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.MaxWorkers}}
		for _, p := range cfg.Periodic {
			job := p.Job
			rc.PeriodicJobs = append(rc.PeriodicJobs, river.NewPeriodicJob(
				river.PeriodicInterval(p.Every),
				func() (river.JobArgs, *river.InsertOpts) { return job, nil },
				&river.PeriodicJobOpts{ID: p.ID, RunOnStart: true},
			))
		}
	}
	r := &Runner{}
	var err error
	if pool != nil {
		r.pg, err = river.NewClient(riverpgxv5.New(pool), rc)
	} else {
		r.lite, err = river.NewClient(riversqlite.New(db), rc)
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return r, nil
}

// Migrate creates or upgrades River's own tables.
func Migrate(ctx context.Context, db *sql.DB, pool *pgxpool.Pool) error {
	var err error
	if pool != nil {
		var m *rivermigrate.Migrator[pgx.Tx]
		if m, err = rivermigrate.New(riverpgxv5.New(pool), nil); err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
	} else {
		var m *rivermigrate.Migrator[*sql.Tx]
		if m, err = rivermigrate.New(riversqlite.New(db), nil); err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
	}
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// InsertTx inserts job in tx, so that it exists if and only if tx commits. conn is the
// connection tx runs on; PostgreSQL needs it (see connTx).
func (r *Runner) InsertTx(ctx context.Context, tx *sql.Tx, conn *sql.Conn, job plenary.Job) error {
	if r.lite != nil {
		_, err := r.lite.InsertTx(ctx, tx, job, nil)
		return err
	}
	if conn == nil {
		return errors.New("jobs: PostgreSQL insert needs the transaction's connection")
	}
	return conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("jobs: unexpected driver connection %T", driverConn)
		}
		_, err := r.pg.InsertTx(ctx, connTx{c.Conn()}, job, nil)
		return err
	})
}

// Start begins working jobs and firing schedules.
func (r *Runner) Start(ctx context.Context) error {
	if r.lite != nil {
		return r.lite.Start(ctx)
	}
	return r.pg.Start(ctx)
}

// Stop waits for running jobs to finish (until ctx ends) and stops.
func (r *Runner) Stop(ctx context.Context) error {
	if r.lite != nil {
		return r.lite.Stop(ctx)
	}
	return r.pg.Stop(ctx)
}

// Handle registers fn as the worker of jobs of type T.
func Handle[T river.JobArgs](w *river.Workers, fn func(context.Context, T) error) {
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, j *river.Job[T]) error {
		return fn(ctx, j.Args)
	}))
}

// connTx presents the pgx connection under an open database/sql transaction as a
// pgx.Tx. River's PostgreSQL driver inserts through pgx, while plenary's transactions run
// through database/sql (so that one query layer serves both databases); River's
// database/sql driver is not available at the River version we pin. The connection is
// already inside our transaction, so everything River runs on it commits or rolls back
// with the change. It is valid only inside sql.Conn.Raw.
type connTx struct{ conn *pgx.Conn }

var _ pgx.Tx = connTx{}

var errManaged = errors.New("jobs: the transaction is managed by database/sql")

func (t connTx) Begin(context.Context) (pgx.Tx, error) { return nil, errManaged }
func (t connTx) Commit(context.Context) error          { return errManaged }
func (t connTx) Rollback(context.Context) error        { return errManaged }
func (t connTx) CopyFrom(ctx context.Context, table pgx.Identifier, cols []string, src pgx.CopyFromSource) (int64, error) {
	return t.conn.CopyFrom(ctx, table, cols, src)
}
func (t connTx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return t.conn.SendBatch(ctx, b)
}
func (t connTx) LargeObjects() pgx.LargeObjects { return pgx.LargeObjects{} }
func (t connTx) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return t.conn.Prepare(ctx, name, sql)
}
func (t connTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return t.conn.Exec(ctx, sql, args...)
}
func (t connTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return t.conn.Query(ctx, sql, args...)
}
func (t connTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return t.conn.QueryRow(ctx, sql, args...)
}
func (t connTx) Conn() *pgx.Conn { return t.conn }
