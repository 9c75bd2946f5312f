package store_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/store"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

// open gives a migrated store of its own to a test.
func open(t *testing.T) *store.DB {
	t.Helper()
	dir, url := testenv.Database(t)
	if url == "" {
		url = "sqlite:" + dir + "/plenary.db"
	}
	db, err := store.Open(ctx, url, store.Options{NotDurable: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestMigrationsPair: both dialects have the same migrations, by version and name, and
// the schema of both is at the latest version after migrating.
func TestMigrationsPair(t *testing.T) {
	list := func(d store.Dialect) []string {
		fsys, err := store.Migrations(d)
		if err != nil {
			t.Fatal(err)
		}
		names, err := fs.Glob(fsys, "*.sql")
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(names)
		return names
	}
	lite, pg := list(store.SQLite), list(store.Postgres)
	if strings.Join(lite, ",") != strings.Join(pg, ",") {
		t.Fatalf("migrations differ:\nsqlite:   %v\npostgres: %v", lite, pg)
	}
	for i, n := range lite {
		want := fmt.Sprintf("%05d_", i+1)
		if !strings.HasPrefix(n, want) {
			t.Errorf("migration %q: want version prefix %s (no gaps)", n, want)
		}
	}
	db := open(t)
	cur, latest, err := db.MigrationStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cur != latest || latest != int64(len(lite)) {
		t.Fatalf("schema at %d, latest %d, %d files", cur, latest, len(lite))
	}
}

func TestStatesLoaded(t *testing.T) {
	db := open(t)
	states, err := db.States().ListStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != 195 {
		t.Fatalf("%d States", len(states))
	}
	var fra bool
	for _, s := range states {
		if s.ISO3 == "FRA" {
			fra = s.Names["zh"] == "法国" && s.Names["ar"] == "فرنسا" && s.Group == "WEOG"
		}
	}
	if !fra {
		t.Fatal("France is not as expected")
	}
}

// TestErrorsTranslated: driver errors come out as plenary's kinds, on both databases.
func TestErrorsTranslated(t *testing.T) {
	db := open(t)
	accounts := db.Accounts()
	now := time.Now().UTC()
	err := accounts.InTx(ctx, func(tx account.Tx) error {
		_, err := tx.CreateUser(ctx, account.NewUser{Email: "a@example.org", Name: "A", Lang: "en", At: now})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = accounts.InTx(ctx, func(tx account.Tx) error {
		_, err := tx.CreateUser(ctx, account.NewUser{Email: "a@example.org", Name: "B", Lang: "en", At: now})
		return err
	})
	if plenary.ErrorKind(err) != plenary.KindConflict {
		t.Fatalf("duplicate e-mail: %v", err)
	}
	_, err = accounts.UserByID(ctx, 424242)
	if !errors.Is(err, plenary.ErrNotFound) {
		t.Fatalf("missing user: %v", err)
	}
	// A foreign key to a State that does not exist.
	err = accounts.InTx(ctx, func(tx account.Tx) error {
		u, err := tx.UserByEmail(ctx, "a@example.org")
		if err != nil {
			return err
		}
		_, err = tx.CreateGrant(ctx, account.Grant{UserID: u.ID, GrantedAt: now, Grant: plenary.Grant{Role: plenary.RoleDelegate, State: "XXX"}})
		return err
	})
	if plenary.ErrorKind(err) != plenary.KindConflict {
		t.Fatalf("dangling State: %v", err)
	}
}

// TestTimesRoundTrip: a time written comes back equal (to the microsecond, in UTC), and
// comparisons in SQL follow time order on both databases.
func TestTimesRoundTrip(t *testing.T) {
	db := open(t)
	at := time.Date(2026, 3, 29, 0, 59, 59, 123456000, time.FixedZone("CET", 3600))
	var u account.User
	err := db.Accounts().InTx(ctx, func(tx account.Tx) error {
		var err error
		u, err = tx.CreateUser(ctx, account.NewUser{Email: "t@example.org", Name: "T", Lang: "en", At: at})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Accounts().UserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(at) || got.CreatedAt.Location() != time.UTC {
		t.Fatalf("created at %v (%v), want %v", got.CreatedAt, got.CreatedAt.Location(), at.UTC())
	}
	// Sessions expiring before and after a moment: the SQL comparison must agree.
	for i, exp := range []time.Duration{-time.Second, time.Microsecond, time.Hour} {
		err := db.Accounts().InTx(ctx, func(tx account.Tx) error {
			_, err := tx.CreateSession(ctx, account.Session{UserID: u.ID, CreatedAt: at, ExpiresAt: at.Add(exp)}, fmt.Sprintf("hash%d", i))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	live, err := db.Accounts().UserSessions(ctx, u.ID, at)
	if err != nil {
		t.Fatal(err)
	}
	if len(live) != 2 {
		t.Fatalf("%d sessions live at the moment, want 2", len(live))
	}
}

func appendEvents(t *testing.T, db *store.DB, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		err := db.Accounts().InTx(ctx, func(tx account.Tx) error {
			return tx.Audit(ctx, audit.New(plenary.System("test"), time.Now(), "test.appended", "test", i,
				map[string]string{"n": fmt.Sprint(i), "text": "é ü 中文 عربي"}))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// tamper runs a statement on the audit table with its append-only triggers set aside,
// as someone with direct access to the database could.
func tamper(t *testing.T, db *store.DB, stmt string) {
	t.Helper()
	conn := db.SQLDB()
	var stmts []string
	if db.Dialect() == store.Postgres {
		stmts = []string{"ALTER TABLE audit_events DISABLE TRIGGER USER", stmt, "ALTER TABLE audit_events ENABLE TRIGGER USER"}
	} else {
		stmts = []string{"DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete", stmt}
	}
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestAuditChain(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stmt   string
		broken int64
		reason string
	}{
		{"altered details", `UPDATE audit_events SET details = '{"n":"99"}' WHERE object_id = '3'`, 4, "content"},
		{"altered actor", `UPDATE audit_events SET actor_name = 'someone else' WHERE object_id = '1'`, 2, "content"},
		{"removed event", `DELETE FROM audit_events WHERE object_id = '5'`, 7, "link"},
		{"rehashed event", `UPDATE audit_events SET details = '{}', hash = 'f00' WHERE object_id = '6'`, 7, "content"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := open(t)
			svc := audit.NewService(db.Audit())
			appendEvents(t, db, 10)
			rep, err := svc.Verify(ctx, plenary.System("test"))
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Intact() || rep.Events != 10 {
				t.Fatalf("before tampering: %s", rep)
			}
			tamper(t, db, tc.stmt)
			rep, err = svc.Verify(ctx, plenary.System("test"))
			if err != nil {
				t.Fatal(err)
			}
			// Event ids start at 1 and object ids at 0.
			if rep.Intact() || rep.BrokenAt != tc.broken || rep.Reason != tc.reason {
				t.Fatalf("after tampering: %s (reason %s), want broken at %d", rep, rep.Reason, tc.broken)
			}
		})
	}
}

func TestAuditAppendOnly(t *testing.T) {
	db := open(t)
	appendEvents(t, db, 2)
	for _, stmt := range []string{"UPDATE audit_events SET actor_name = 'x'", "DELETE FROM audit_events"} {
		if _, err := db.SQLDB().ExecContext(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want the append-only refusal", stmt, err)
		}
	}
}

// TestAuditChainUnderConcurrency: transactions appending at once (several instances on
// PostgreSQL) still make one unbroken chain.
func TestAuditChainUnderConcurrency(t *testing.T) {
	db := open(t)
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				errs <- db.Accounts().InTx(ctx, func(tx account.Tx) error {
					return tx.Audit(ctx, audit.New(plenary.System("test"), time.Now(), "test.concurrent", "worker", w, nil))
				})
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	rep, err := audit.NewService(db.Audit()).Verify(ctx, plenary.System("test"))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Intact() || rep.Events != 200 {
		t.Fatalf("%s", rep)
	}
}

// TestRollbackLeavesNothing: a failed transaction leaves neither its change nor its
// audit event behind.
func TestRollbackLeavesNothing(t *testing.T) {
	db := open(t)
	boom := errors.New("boom")
	err := db.Accounts().InTx(ctx, func(tx account.Tx) error {
		if _, err := tx.CreateUser(ctx, account.NewUser{Email: "gone@example.org", Name: "Gone", Lang: "en", At: time.Now()}); err != nil {
			return err
		}
		if err := tx.Audit(ctx, audit.New(plenary.System("test"), time.Now(), "user.created", "user", 1, nil)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if _, err := db.Accounts().UserByEmail(ctx, "gone@example.org"); !errors.Is(err, plenary.ErrNotFound) {
		t.Fatalf("user survived the rollback: %v", err)
	}
	n, err := db.Audit().CountAuditEvents(ctx)
	if err != nil || n != 0 {
		t.Fatalf("%d audit events after rollback (%v)", n, err)
	}
}
