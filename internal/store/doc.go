// Package store keeps plenary's data in SQLite (the default, embedded) or PostgreSQL (for
// several instances), with one set of SQL queries for both.
//
// The queries live in queries/*.sql and are compiled by sqlc into package query; the
// schema lives in paired goose migrations (migrations/sqlite, migrations/postgres) with
// the same version numbers. What really differs between the two databases (locking the
// audit chain, inserting jobs) is behind the Dialect, and driver errors are translated
// to plenary's error kinds here, so that no domain package sees a driver.
//
// The store stores; it decides nothing. Rules and authorization live in the domain
// services, which reach the store through the small Store interfaces they declare.
package store
