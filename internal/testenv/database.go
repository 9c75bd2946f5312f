package testenv

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/app"
	"github.com/plenary-platform/plenary/internal/config"
	"github.com/plenary-platform/plenary/internal/secret"
)

// CheapArgon2 makes password hashing fast in tests; the parameters are stored in each
// hash, so verification is the same code as in production.
var CheapArgon2 = account.Argon2Params{Memory: 1024, Time: 1, Threads: 1}

// sqliteTemplate is a migrated database file that each test copies: migrating takes far
// longer than copying.
var sqliteTemplate struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// Database returns a fresh database, migrated and with the States loaded, for one test:
// as a data directory holding plenary.db (SQLite), or as a PostgreSQL URL when the run
// uses PostgreSQL. Set both into a config.Config.
func Database(t testing.TB) (dataDir, databaseURL string) {
	t.Helper()
	if Postgres() {
		if cluster.adminURL == "" {
			t.Fatal("testenv: PLENARY_TEST_POSTGRES is set but TestMain does not call testenv.Main")
		}
		return t.TempDir(), pgDatabase(t, func(url string) error {
			cfg := config.Default()
			cfg.DatabaseURL = url
			return migrate(cfg)
		})
	}
	sqliteTemplate.once.Do(func() {
		sqliteTemplate.dir, sqliteTemplate.err = os.MkdirTemp("", "plenary-sqlite-")
		if sqliteTemplate.err != nil {
			return
		}
		cfg := config.Default()
		cfg.DataDir = sqliteTemplate.dir
		sqliteTemplate.path = cfg.SQLitePath()
		sqliteTemplate.err = migrate(cfg)
	})
	if sqliteTemplate.err != nil {
		t.Fatalf("testenv: SQLite template: %v", sqliteTemplate.err)
	}
	dir := t.TempDir()
	if err := copyFile(sqliteTemplate.path, filepath.Join(dir, "plenary.db")); err != nil {
		t.Fatalf("testenv: copy database: %v", err)
	}
	return dir, ""
}

// migrate migrates the database of cfg through the application, as `plenary migrate`
// does.
func migrate(cfg config.Config) error {
	cfg.SecretKey = secret.Generate().String()
	if err := cfg.Validate(); err != nil {
		return err
	}
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, app.Options{InsertOnly: true, NotDurable: true, Argon2: &CheapArgon2},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Migrate(ctx)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
