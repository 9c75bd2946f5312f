package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

func TestHashCoversEveryField(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)
	base := audit.ComputeHash(audit.Genesis, at, 7, "Amina", "user.created", "user", "9", `{"a":"b"}`, "192.0.2.1")
	for name, h := range map[string]string{
		"prev":    audit.ComputeHash("1"+audit.Genesis[1:], at, 7, "Amina", "user.created", "user", "9", `{"a":"b"}`, "192.0.2.1"),
		"time":    audit.ComputeHash(audit.Genesis, at.Add(time.Microsecond), 7, "Amina", "user.created", "user", "9", `{"a":"b"}`, "192.0.2.1"),
		"actor":   audit.ComputeHash(audit.Genesis, at, 8, "Amina", "user.created", "user", "9", `{"a":"b"}`, "192.0.2.1"),
		"name":    audit.ComputeHash(audit.Genesis, at, 7, "Amin", "user.created", "user", "9", `{"a":"b"}`, "192.0.2.1"),
		"action":  audit.ComputeHash(audit.Genesis, at, 7, "Amina", "user.updated", "user", "9", `{"a":"b"}`, "192.0.2.1"),
		"object":  audit.ComputeHash(audit.Genesis, at, 7, "Amina", "user.created", "users", "9", `{"a":"b"}`, "192.0.2.1"),
		"id":      audit.ComputeHash(audit.Genesis, at, 7, "Amina", "user.created", "user", "90", `{"a":"b"}`, "192.0.2.1"),
		"details": audit.ComputeHash(audit.Genesis, at, 7, "Amina", "user.created", "user", "9", `{"a":"c"}`, "192.0.2.1"),
		"ip":      audit.ComputeHash(audit.Genesis, at, 7, "Amina", "user.created", "user", "9", `{"a":"b"}`, "192.0.2.2"),
		// Fields are length-prefixed: moving a character between two fields changes the hash.
		"boundary": audit.ComputeHash(audit.Genesis, at, 7, "Amina", "user.created", "use", "r9", `{"a":"b"}`, "192.0.2.1"),
	} {
		if h == base {
			t.Errorf("changing %s does not change the hash", name)
		}
	}
	// Nanoseconds below the microsecond are not kept by PostgreSQL, so they are not hashed.
	if audit.ComputeHash(audit.Genesis, at.Add(999), 7, "Amina", "user.created", "user", "9", `{"a":"b"}`, "192.0.2.1") != base {
		t.Error("sub-microsecond time changes the hash")
	}
}

func TestReadersPerRole(t *testing.T) {
	e := testenv.New(t)
	ctx := context.Background()
	admin := e.Actor(t, e.CreateUser(t, "s@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat}))
	readToken := admin
	readToken.Scopes = []plenary.Scope{plenary.ScopeRead}
	for _, tc := range []struct {
		name    string
		actor   plenary.Actor
		allowed bool
	}{
		{"public", plenary.Public("en"), false},
		{"secretariat", admin, true},
		{"secretariat read-only token", readToken, true},
		{"system", plenary.System("cli"), true},
		{"chair", e.Actor(t, e.CreateUser(t, "c@example.org", "Carlos", plenary.Grant{Role: plenary.RoleChair})), false},
		{"delegate", e.Actor(t, e.CreateUser(t, "d@example.org", "Claire", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})), false},
		{"point of contact", e.Actor(t, e.CreateUser(t, "p@example.org", "Yuki", plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"})), false},
	} {
		_, errList := e.Audit.List(ctx, tc.actor, audit.Filter{}, plenary.PageRequest{})
		_, errVerify := e.Audit.Verify(ctx, tc.actor)
		for what, err := range map[string]error{"list": errList, "verify": errVerify} {
			if tc.allowed && err != nil {
				t.Errorf("%s %s: %v", tc.name, what, err)
			}
			if !tc.allowed {
				if k := plenary.ErrorKind(err); k != plenary.KindForbidden && k != plenary.KindUnauthenticated {
					t.Errorf("%s %s: want a refusal, got %v", tc.name, what, err)
				}
			}
		}
	}
	// Creating those accounts was audited, and the chain holds.
	page, err := e.Audit.List(ctx, admin, audit.Filter{}, plenary.PageRequest{Limit: 2})
	if err != nil || len(page.Items) != 2 || page.Next == "" {
		t.Fatalf("first page: %d items, next %q, %v", len(page.Items), page.Next, err)
	}
	next, err := e.Audit.List(ctx, admin, audit.Filter{}, plenary.PageRequest{Limit: 2, Cursor: page.Next})
	if err != nil || len(next.Items) == 0 || next.Items[0].ID >= page.Items[1].ID {
		t.Fatalf("second page: %+v %v", next.Items, err)
	}
	rep, err := e.Audit.Verify(ctx, admin)
	if err != nil || !rep.Intact() || rep.Events < 5 {
		t.Fatalf("%s %v", rep, err)
	}
}
