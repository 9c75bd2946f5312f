package account_test

import (
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// cast is one of every kind of actor, for tables of who may do what.
type cast struct {
	public, secretariat, secretariatReadToken, chair, delegate, poc, focal, representative, observer plenary.Actor
	ngo, igo                                                                                         organization.Organization
	member                                                                                           account.User // a representative of ngo
}

func newCast(t *testing.T, e *testenv.Env) cast {
	t.Helper()
	sys := plenary.System("test")
	var c cast
	var err error
	c.ngo, err = e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "CHE", Names: plenary.Localized{"en": "Institute for Digital Peace"}})
	if err != nil {
		t.Fatal(err)
	}
	c.igo, err = e.Organizations.Create(ctx, sys, organization.Input{Type: organization.Intergovernmental, HQState: "SGP", Names: plenary.Localized{"en": "Regional Cyber Cooperation Organization"}})
	if err != nil {
		t.Fatal(err)
	}
	c.public = visitor("192.0.2.1")
	c.secretariat = e.Actor(t, e.CreateUser(t, "secretariat@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat}))
	c.secretariatReadToken = c.secretariat
	c.secretariatReadToken.Scopes = []plenary.Scope{plenary.ScopeRead}
	c.chair = e.Actor(t, e.CreateUser(t, "chair@example.org", "Carlos", plenary.Grant{Role: plenary.RoleChair}))
	c.delegate = e.Actor(t, e.CreateUser(t, "delegate@example.org", "Claire", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"}))
	c.poc = e.Actor(t, e.CreateUser(t, "poc@example.org", "Yuki", plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"}))
	c.focal = e.Actor(t, e.CreateUser(t, "focal@example.org", "Sofia", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: c.ngo.ID}))
	c.member = e.CreateUser(t, "rep@example.org", "Li", plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: c.ngo.ID})
	c.representative = e.Actor(t, c.member)
	c.observer = e.Actor(t, e.CreateUser(t, "observer@example.org", "Dmitri", plenary.Grant{Role: plenary.RoleObserver, OrganizationID: c.igo.ID}))
	return c
}

func (c cast) all() []struct {
	name  string
	actor plenary.Actor
} {
	return []struct {
		name  string
		actor plenary.Actor
	}{
		{"public", c.public}, {"secretariat", c.secretariat}, {"secretariat read-only token", c.secretariatReadToken},
		{"chair", c.chair}, {"delegate", c.delegate}, {"point of contact", c.poc}, {"focal point", c.focal},
		{"representative", c.representative}, {"observer", c.observer},
	}
}

// check asserts that err allows or refuses as wanted.
func check(t *testing.T, who string, err error, allowed bool) {
	t.Helper()
	testenv.Allowed(t, who, err, allowed)
}

func TestAccountAuthorizationPerRole(t *testing.T) {
	e := testenv.New(t)
	c := newCast(t, e)
	n := 0
	next := func() string { n++; return "person" + string(rune('a'+n)) + "@example.org" }

	for _, tc := range c.all() {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.actor
			is := func(names ...string) bool {
				for _, n := range names {
					if n == tc.name {
						return true
					}
				}
				return false
			}

			_, err := e.Accounts.List(ctx, a, "", plenary.PageRequest{})
			check(t, "list users", err, is("secretariat", "secretariat read-only token"))

			_, err = e.Accounts.Create(ctx, a, account.CreateInput{Email: next(), Name: "New Person", Lang: "en"})
			check(t, "create user", err, is("secretariat"))

			_, err = e.Accounts.Grant(ctx, a, account.GrantInput{Email: next(), Name: "New Rep", Lang: "fr",
				Grant: plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: c.ngo.ID}})
			check(t, "grant representative of the NGO", err, is("secretariat", "focal point"))

			_, err = e.Accounts.Grant(ctx, a, account.GrantInput{Email: next(), Name: "New Chair", Lang: "fr",
				Grant: plenary.Grant{Role: plenary.RoleChair}})
			check(t, "grant chair", err, is("secretariat"))

			_, err = e.Accounts.Grant(ctx, a, account.GrantInput{Email: next(), Name: "New Focal", Lang: "fr",
				Grant: plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: c.ngo.ID}})
			check(t, "grant focal point", err, is("secretariat"))

			_, err = e.Accounts.Get(ctx, a, c.member.ID)
			check(t, "read a member's account", err, is("secretariat", "secretariat read-only token", "focal point", "representative"))

			_, _, err = e.Accounts.CreateToken(ctx, a, account.TokenInput{Name: "script", Scopes: []plenary.Scope{plenary.ScopeRead}, Days: 30})
			check(t, "create an API token", err, a.SignedIn() && a.Scopes == nil)

			if !is("secretariat") { // the Secretariat's own success is tested in TestDisabledAccount
				check(t, "disable an account", e.Accounts.SetDisabled(ctx, a, c.member.ID, true), false)
			}
		})
	}
}

func TestRevokePerRole(t *testing.T) {
	e := testenv.New(t)
	c := newCast(t, e)
	member, err := e.Accounts.Get(ctx, c.secretariat, c.member.ID)
	if err != nil {
		t.Fatal(err)
	}
	grant := member.Grants[0].ID
	for _, tc := range c.all() {
		if tc.name == "focal point" || tc.name == "secretariat" {
			continue // allowed: checked below, as it takes the role away
		}
		check(t, tc.name+" revokes a representative", e.Accounts.Revoke(ctx, tc.actor, account.RevokeInput{GrantID: grant}), false)
	}
	check(t, "focal point revokes a representative", e.Accounts.Revoke(ctx, c.focal, account.RevokeInput{GrantID: grant}), true)
	g, err := e.Accounts.Grant(ctx, c.secretariat, account.GrantInput{Email: c.member.Email,
		Grant: plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: c.ngo.ID}})
	if err != nil {
		t.Fatal(err)
	}
	check(t, "secretariat revokes a representative", e.Accounts.Revoke(ctx, c.secretariat, account.RevokeInput{GrantID: g.ID}), true)

	// The focal point cannot take away its own role; only the Secretariat can.
	focal, _ := e.Accounts.Get(ctx, c.secretariat, c.focal.UserID)
	check(t, "focal point revokes itself", e.Accounts.Revoke(ctx, c.focal, account.RevokeInput{GrantID: focal.Grants[0].ID}), false)
}

func TestLastSecretariatStays(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "amina@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat})
	u, _ := e.Accounts.Get(ctx, plenary.System("test"), admin.ID)
	kind(t, e.Accounts.Revoke(ctx, e.Actor(t, admin), account.RevokeInput{GrantID: u.Grants[0].ID}), plenary.KindConflict)
	// With a second Secretariat member, the first may go.
	e.CreateUser(t, "second@example.org", "Second", plenary.Grant{Role: plenary.RoleSecretariat})
	if err := e.Accounts.Revoke(ctx, e.Actor(t, admin), account.RevokeInput{GrantID: u.Grants[0].ID}); err != nil {
		t.Fatal(err)
	}
}

func TestGrantValidation(t *testing.T) {
	e := testenv.New(t)
	c := newCast(t, e)
	for _, tc := range []struct {
		name  string
		grant plenary.Grant
		field string
		msg   string
	}{
		{"unknown role", plenary.Grant{Role: "king"}, "role", "field.choice"},
		{"delegate without State", plenary.Grant{Role: plenary.RoleDelegate}, "state", "field.required"},
		{"delegate of an unknown State", plenary.Grant{Role: plenary.RoleDelegate, State: "XXX"}, "state", "field.unknown_state"},
		{"chair for a State", plenary.Grant{Role: plenary.RoleChair, State: "FRA"}, "state", "account.role_not_for_state"},
		{"representative without organization", plenary.Grant{Role: plenary.RoleRepresentative}, "organization", "field.required"},
		{"representative of an unknown organization", plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: 9999}, "organization", "field.unknown_organization"},
		{"observer of an NGO", plenary.Grant{Role: plenary.RoleObserver, OrganizationID: c.ngo.ID}, "role", "account.observer_needs_intergovernmental"},
		{"representative of an IGO", plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: c.igo.ID}, "role", "account.representative_needs_stakeholder"},
		{"role held already", plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: c.ngo.ID}, "role", "account.role_already_held"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.Accounts.Grant(ctx, c.secretariat, account.GrantInput{Email: c.member.Email, Grant: tc.grant})
			if got := fieldProblem(t, err, tc.field); got != tc.msg {
				t.Fatalf("%s: %s, want %s", tc.field, got, tc.msg)
			}
		})
	}
	_, err := e.Accounts.Create(ctx, c.secretariat, account.CreateInput{Email: "REP@example.org", Name: "Dup", Lang: "en"})
	if fieldProblem(t, err, "email") != "account.email_taken" {
		t.Fatal(err)
	}
	_, err = e.Accounts.Create(ctx, c.secretariat, account.CreateInput{Email: "x@example.org", Name: "", Lang: "de"})
	if fieldProblem(t, err, "name") != "field.required" || fieldProblem(t, err, "lang") != "field.choice" {
		t.Fatal(err)
	}
}

func TestAPITokens(t *testing.T) {
	e := testenv.New(t)
	c := newCast(t, e)
	secret, tok, err := e.Accounts.CreateToken(ctx, c.delegate, account.TokenInput{Name: "stats", Scopes: []plenary.Scope{plenary.ScopeWrite}, Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	if len(tok.Scopes) != 2 {
		t.Fatalf("write without read: %v", tok.Scopes)
	}
	a, err := e.Accounts.AuthenticateToken(ctx, secret, "192.0.2.5")
	if err != nil {
		t.Fatal(err)
	}
	if !a.HasForState(plenary.RoleDelegate, "FRA") || !a.CanWrite() || a.IP != "192.0.2.5" {
		t.Fatalf("token actor %+v", a)
	}
	// A token acts for its owner but cannot make another token.
	_, _, err = e.Accounts.CreateToken(ctx, a, account.TokenInput{Name: "child", Scopes: []plenary.Scope{plenary.ScopeRead}, Days: 30})
	kind(t, err, plenary.KindForbidden)

	readOnly, _, err := e.Accounts.CreateToken(ctx, c.delegate, account.TokenInput{Name: "read", Scopes: []plenary.Scope{plenary.ScopeRead}, Days: 0})
	if err != nil {
		t.Fatal(err)
	}
	ra, _ := e.Accounts.AuthenticateToken(ctx, readOnly, "")
	if ra.CanWrite() {
		t.Fatal("a read-only token may write")
	}
	_, err = e.Accounts.UpdateProfile(ctx, ra, account.ProfileInput{Name: "Changed", Lang: "fr"})
	kind(t, err, plenary.KindForbidden)

	// Expiry.
	e.Clock.Advance(30 * 24 * 3600 * 1e9)
	_, err = e.Accounts.AuthenticateToken(ctx, secret, "")
	kind(t, err, plenary.KindUnauthenticated)
	if _, err := e.Accounts.AuthenticateToken(ctx, readOnly, ""); err != nil {
		t.Fatalf("a token without expiry expired: %v", err)
	}
	// Revocation, by its owner only.
	check(t, "another person revokes the token", e.Accounts.RevokeToken(ctx, c.chair, tok.ID+1), false)
	if err := e.Accounts.RevokeToken(ctx, c.delegate, tok.ID+1); err != nil {
		t.Fatal(err)
	}
	_, err = e.Accounts.AuthenticateToken(ctx, readOnly, "")
	kind(t, err, plenary.KindUnauthenticated)
	// Garbage.
	for _, bad := range []string{"", "plenary_", "plenary_nope", "Bearer x"} {
		_, err := e.Accounts.AuthenticateToken(ctx, bad, "")
		kind(t, err, plenary.KindUnauthenticated)
	}
	_, _, err = e.Accounts.CreateToken(ctx, c.delegate, account.TokenInput{Name: "", Scopes: nil, Days: 7})
	if fieldProblem(t, err, "name") != "field.required" || fieldProblem(t, err, "scopes") != "field.required" || fieldProblem(t, err, "days") != "field.choice" {
		t.Fatal(err)
	}
}

// TestStateTeam: a State's nominator offers the roles of its team for that State alone;
// the person holds one only once they accept it. The Secretariat gives them at once.
// Nobody else gives them.
func TestStateTeam(t *testing.T) {
	e := testenv.New(t)
	c := newCast(t, e)
	nominator := e.Actor(t, e.CreateUser(t, "nominator@example.org", "Kenji", plenary.Grant{Role: plenary.RoleNominator, State: "JPN"}))
	offer := func(who plenary.Actor, email string, g plenary.Grant) (account.Grant, error) {
		return e.Accounts.Grant(ctx, who, account.GrantInput{Email: email, Name: "Team member", Lang: "en", Grant: g})
	}
	g, err := offer(nominator, "editor@mofa.example.jp", plenary.Grant{Role: plenary.RoleTeamEditor, State: "JPN"})
	if err != nil {
		t.Fatal(err)
	}
	if !g.Pending() {
		t.Error("a nominator's grant takes effect without the person's acceptance")
	}
	for _, r := range plenary.TeamRoles {
		_, err := offer(nominator, "other@example.org", plenary.Grant{Role: r, State: "FRA"})
		testenv.Allowed(t, "Japan's nominator gives "+string(r)+" for France", err, false)
	}
	_, err = offer(nominator, "d@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "JPN"})
	testenv.Allowed(t, "a nominator gives the delegate role", err, false)
	for _, who := range c.all() {
		if who.name == "secretariat" {
			continue
		}
		_, err := offer(who.actor, "x@example.org", plenary.Grant{Role: plenary.RoleTeamSubmitter, State: "JPN"})
		testenv.Allowed(t, who.name+" gives a team role", err, false)
	}
	g, err = offer(c.secretariat, "submitter@mofa.example.jp", plenary.Grant{Role: plenary.RoleTeamSubmitter, State: "JPN"})
	if err != nil || g.Pending() {
		t.Errorf("the Secretariat's grant: %+v %v", g, err)
	}
	u, err := e.Accounts.Get(ctx, plenary.System("test"), g.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if a := u.Actor(""); !a.OnTeam("JPN", plenary.RoleTeamSubmitter) || a.OnTeam("JPN", plenary.RoleTeamEditor) || a.OnTeam("FRA") || !a.ForAnyState() {
		t.Errorf("the submitter's actor: %+v", a.Grants)
	}
}

// TestTeamList: the State's nominator and the Secretariat list its team with addresses
// and offers; a team member sees who else is on it; nobody else sees it.
func TestTeamList(t *testing.T) {
	e := testenv.New(t)
	c := newCast(t, e)
	nominator := e.Actor(t, e.CreateUser(t, "nominator@example.org", "Kenji", plenary.Grant{Role: plenary.RoleNominator, State: "JPN"}))
	editor := e.Actor(t, e.CreateUser(t, "editor@example.org", "Editor", plenary.Grant{Role: plenary.RoleTeamEditor, State: "JPN"}))
	if _, err := e.Accounts.Grant(ctx, nominator, account.GrantInput{Email: "offered@example.org", Name: "Offered", Lang: "en",
		Grant: plenary.Grant{Role: plenary.RoleTeamReviewer, State: "JPN"}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name        string
		who         plenary.Actor
		n           int
		withAddress bool
	}{{"nominator", nominator, 2, true}, {"secretariat", c.secretariat, 2, true}, {"editor", editor, 1, false}} {
		team, err := e.Accounts.Team(ctx, tc.who, "JPN")
		if err != nil || len(team) != tc.n || (team[0].Email != "") != tc.withAddress {
			t.Errorf("%s lists %+v, %v", tc.name, team, err)
		}
		if manages := e.Accounts.MayManageTeam(tc.who, "JPN") == nil; manages != tc.withAddress {
			t.Errorf("%s manages Japan's team: %v", tc.name, manages)
		}
	}
	if e.Accounts.MayManageTeam(nominator, "FRA") == nil {
		t.Error("Japan's nominator manages France's team")
	}
	for _, who := range c.all() {
		if who.name == "secretariat" || who.name == "secretariat read-only token" {
			continue
		}
		_, err := e.Accounts.Team(ctx, who.actor, "JPN")
		testenv.Allowed(t, who.name+" lists Japan's team", err, false)
		testenv.Allowed(t, who.name+" manages Japan's team", e.Accounts.MayManageTeam(who.actor, "JPN"), false)
	}
}
