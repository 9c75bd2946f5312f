package organization_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

var valid = organization.Input{
	Type: organization.NGO, HQState: "che", Acronym: " IDP ", Website: "https://idp.example.org", ECOSOC: organization.SpecialStatus,
	Names: plenary.Localized{"en": "  Institute  for Digital Peace ", "fr": "Institut pour la paix numérique", "es": ""},
}

func TestCreateAndUpdate(t *testing.T) {
	e := testenv.New(t)
	admin := e.Actor(t, e.CreateUser(t, "amina@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat}))
	o, err := e.Organizations.Create(ctx, admin, valid)
	if err != nil {
		t.Fatal(err)
	}
	if o.Names["en"] != "Institute for Digital Peace" || o.HQState != "CHE" || o.Acronym != "IDP" || len(o.Names) != 2 {
		t.Fatalf("normalized: %+v", o)
	}
	got, err := e.Organizations.Get(ctx, admin, o.ID)
	if err != nil || got.Names["fr"] != "Institut pour la paix numérique" || got.ECOSOC != organization.SpecialStatus {
		t.Fatalf("read back: %+v %v", got, err)
	}
	// The focal point may change it; the change is audited.
	focal := e.CreateUser(t, "sofia@example.org", "Sofia", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: o.ID})
	in := valid
	in.Names = plenary.Localized{"ar": "معهد السلام الرقمي"}
	upd, err := e.Organizations.Update(ctx, e.Actor(t, focal), o.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(upd.Names) != 1 || upd.Name("en") != "معهد السلام الرقمي" {
		t.Fatalf("names after update: %v", upd.Names)
	}
	page, err := e.Audit.List(ctx, admin, audit.Filter{ObjectType: "organization", ObjectID: itoa(o.ID)}, plenary.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[0].Action != "organization.updated" || page.Items[0].ActorUserID != focal.ID {
		t.Fatalf("audit: %+v", page.Items)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestValidation(t *testing.T) {
	e := testenv.New(t)
	admin := e.Actor(t, e.CreateUser(t, "amina@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat}))
	_, err := e.Organizations.Create(ctx, admin, organization.Input{
		Type: "club", HQState: "XXX", Website: "javascript:alert(1)", ECOSOC: "gold",
		Names: plenary.Localized{"de": "Verein", "en": strings.Repeat("a", 301)},
	})
	var v *plenary.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("want a validation error, got %v", err)
	}
	for field, msg := range map[string]string{
		"type": "field.choice", "hq_state": "field.unknown_state", "website": "field.url",
		"ecosoc": "field.choice", "names": "field.choice", "name_en": "field.too_long",
	} {
		if f, ok := v.For(field); !ok || f.Message != msg {
			t.Errorf("%s: %+v, want %s", field, f, msg)
		}
	}
	_, err = e.Organizations.Create(ctx, admin, organization.Input{Type: organization.NGO, HQState: "FRA"})
	if !errors.As(err, &v) {
		t.Fatal(err)
	}
	if f, _ := v.For("names"); f.Message != "organization.name_required" {
		t.Fatalf("no name: %v", v)
	}
}

func TestAuthorizationPerRole(t *testing.T) {
	e := testenv.New(t)
	sys := plenary.System("test")
	mine, err := e.Organizations.Create(ctx, sys, valid)
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.Business, HQState: "KEN", Names: plenary.Localized{"en": "SecureNet"}})
	if err != nil {
		t.Fatal(err)
	}
	actor := func(email string, g ...plenary.Grant) plenary.Actor {
		return e.Actor(t, e.CreateUser(t, email, "Person", g...))
	}
	secretariat := actor("s@example.org", plenary.Grant{Role: plenary.RoleSecretariat})
	readToken := secretariat
	readToken.Scopes = []plenary.Scope{plenary.ScopeRead}
	focal := actor("f@example.org", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: mine.ID})
	rep := actor("r@example.org", plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: mine.ID})
	anon := plenary.Public("en")

	for _, tc := range []struct {
		name                   string
		actor                  plenary.Actor
		create, readMine, edit bool
		readOther, listsOthers bool
		seesEmails             bool
	}{
		{"public", anon, false, false, false, false, false, false},
		{"secretariat", secretariat, true, true, true, true, true, true},
		{"secretariat read-only token", readToken, false, true, false, true, true, true},
		{"chair", actor("c@example.org", plenary.Grant{Role: plenary.RoleChair}), false, false, false, false, false, false},
		{"delegate", actor("d@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"}), false, false, false, false, false, false},
		{"point of contact", actor("p@example.org", plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"}), false, false, false, false, false, false},
		{"focal point", focal, false, true, true, false, false, true},
		{"representative", rep, false, true, false, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.Organizations.Create(ctx, tc.actor, organization.Input{Type: organization.NGO, HQState: "FRA", Names: plenary.Localized{"en": "New " + tc.name}})
			testenv.Allowed(t, "create", err, tc.create)
			_, err = e.Organizations.Get(ctx, tc.actor, mine.ID)
			testenv.Allowed(t, "read own", err, tc.readMine)
			_, err = e.Organizations.Update(ctx, tc.actor, mine.ID, valid)
			testenv.Allowed(t, "edit own", err, tc.edit)
			_, err = e.Organizations.Get(ctx, tc.actor, other.ID)
			testenv.Allowed(t, "read another", err, tc.readOther)
			page, err := e.Organizations.List(ctx, tc.actor, plenary.PageRequest{})
			if tc.actor.SignedIn() && err != nil {
				t.Fatal(err)
			}
			for _, o := range page.Items {
				if o.ID == other.ID && !tc.listsOthers {
					t.Error("lists another organization")
				}
			}
			members, err := e.Organizations.Members(ctx, tc.actor, mine.ID)
			testenv.Allowed(t, "members", err, tc.readMine)
			for _, m := range members {
				if (m.Email != "") != tc.seesEmails {
					t.Errorf("member e-mail shown: %v, want %v", m.Email != "", tc.seesEmails)
				}
			}
		})
	}
}
