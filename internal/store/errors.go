package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/plenary-platform/plenary"
)

// translate turns driver errors into plenary's error kinds, so that services can react
// to "not found" or "conflict" without knowing which database is underneath. Anything
// else becomes an internal error that keeps the driver's message for the log.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var perr *plenary.Error
	var verr *plenary.ValidationError
	if errors.As(err, &perr) || errors.As(err, &verr) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &plenary.Error{Kind: plenary.KindNotFound, Message: "error.not_found", Err: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &plenary.Error{Kind: plenary.KindUnavailable, Message: "error.unavailable", Err: err}
	}
	var serr *sqlite.Error
	if errors.As(err, &serr) {
		switch serr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY,
			sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, sqlite3.SQLITE_CONSTRAINT_CHECK:
			return &plenary.Error{Kind: plenary.KindConflict, Message: "error.conflict", Err: err}
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return &plenary.Error{Kind: plenary.KindUnavailable, Message: "error.unavailable", Err: err}
		}
	}
	var pgerr *pgconn.PgError
	if errors.As(err, &pgerr) {
		switch pgerr.Code {
		case "23505", "23503", "23514": // unique, foreign key, check
			return &plenary.Error{Kind: plenary.KindConflict, Message: "error.conflict", Err: err}
		case "53300", "57P03": // too many connections, cannot connect now
			return &plenary.Error{Kind: plenary.KindUnavailable, Message: "error.unavailable", Err: err}
		}
	}
	return plenary.Internal(err)
}

// retryable reports whether a PostgreSQL transaction failed only because it raced
// another one, and may simply be run again.
func retryable(err error) bool {
	var pgerr *pgconn.PgError
	return errors.As(err, &pgerr) && (pgerr.Code == "40001" || pgerr.Code == "40P01")
}
