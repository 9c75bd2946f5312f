// Package testenv is what plenary's tests run on: a fresh database per test (SQLite by
// default; PostgreSQL when PLENARY_TEST_POSTGRES is set, on a throwaway cluster the
// harness starts itself), a clock the test controls, a real SMTP server in-process that
// catches what plenary sends, and a whole application wired as in production.
//
// Only tests import it.
package testenv
