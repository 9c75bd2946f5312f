package account_test

// Tests for the defects a review found: each failed before its fix.

import (
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// A focal point offers roles; an offer gives no rights until accepted, and the focal
// point learns nothing about the person's other roles or whether they had an account.
func TestFocalPointOffersNeedConsent(t *testing.T) {
	e := testenv.New(t)
	c := newCast(t, e)
	poc, err := e.Accounts.Get(ctx, plenary.System("test"), c.poc.UserID)
	if err != nil {
		t.Fatal(err)
	}
	// An existing account and a new one get the same answer (a name is asked for both).
	_, errExisting := e.Accounts.Grant(ctx, c.focal, account.GrantInput{Email: poc.Email,
		Grant: plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: c.ngo.ID}})
	_, errNew := e.Accounts.Grant(ctx, c.focal, account.GrantInput{Email: "new@example.org",
		Grant: plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: c.ngo.ID}})
	if fieldProblem(t, errExisting, "name") != "field.required" || fieldProblem(t, errNew, "name") != "field.required" {
		t.Fatalf("existing: %v; new: %v", errExisting, errNew)
	}
	g, err := e.Accounts.Grant(ctx, c.focal, account.GrantInput{Email: poc.Email, Name: "Anyone", Lang: "en",
		Grant: plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: c.ngo.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if !g.Pending() {
		t.Fatal("a focal point's grant took effect without consent")
	}
	// No rights yet.
	a := e.Actor(t, poc)
	if a.HasForOrganization(plenary.RoleRepresentative, c.ngo.ID) {
		t.Fatal("a pending role gives rights")
	}
	if _, err := e.Organizations.Get(ctx, a, c.ngo.ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Fatalf("the organization is visible before acceptance: %v", err)
	}
	// The focal point sees the person's name and address and this offer, nothing else.
	view, err := e.Accounts.Get(ctx, c.focal, poc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(view.Grants) != 1 || view.Grants[0].Role != plenary.RoleRepresentative || view.TOTPEnabled || !view.LastSignInAt.IsZero() {
		t.Fatalf("the focal point sees %+v", view)
	}
	// The person is invited to accept, accepts, and then holds the role.
	m := e.SMTP.WaitFor(t, 10*time.Second, testenv.To(poc.Email))
	if m.Subject != "You are invited to act for an organization in plenary" {
		t.Fatalf("mail %q", m.Subject)
	}
	if err := e.Accounts.AcceptRole(ctx, c.focal, g.ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Fatalf("the focal point accepted for the person: %v", err)
	}
	if err := e.Accounts.AcceptRole(ctx, a, g.ID); err != nil {
		t.Fatal(err)
	}
	if !e.Actor(t, poc).HasForOrganization(plenary.RoleRepresentative, c.ngo.ID) {
		t.Fatal("accepted role not held")
	}
	if err := e.Accounts.AcceptRole(ctx, a, g.ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Fatalf("accepted twice: %v", err)
	}
}

func TestDeclineAnOffer(t *testing.T) {
	e := testenv.New(t)
	c := newCast(t, e)
	g, err := e.Accounts.Grant(ctx, c.focal, account.GrantInput{Email: c.chair.Name + "x@example.org", Name: "X", Lang: "en",
		Grant: plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: c.ngo.ID}})
	if err != nil {
		t.Fatal(err)
	}
	chair, _ := e.Accounts.Get(ctx, plenary.System("test"), c.chair.UserID)
	// Someone else cannot decline it.
	if err := e.Accounts.DeclineRole(ctx, e.Actor(t, chair), g.ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Fatalf("another person declined: %v", err)
	}
	// An accepted role cannot be "declined" (that would be revoking it without the rules).
	member, _ := e.Accounts.Get(ctx, plenary.System("test"), c.member.ID)
	if err := e.Accounts.DeclineRole(ctx, c.representative, member.Grants[0].ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Fatalf("declined an accepted role: %v", err)
	}
}

// A new account made by a focal point accepts its role by setting its password.
func TestInvitationAcceptsTheOffer(t *testing.T) {
	e := testenv.New(t)
	c := newCast(t, e)
	if _, err := e.Accounts.Grant(ctx, c.focal, account.GrantInput{Email: "newrep@example.org", Name: "New Rep", Lang: "es",
		Grant: plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: c.ngo.ID}}); err != nil {
		t.Fatal(err)
	}
	_, token := linkIn(t, e.SMTP.WaitFor(t, 10*time.Second, testenv.To("newrep@example.org")))
	u, err := e.Accounts.SetPasswordWithLink(ctx, visitor(""), token, "una frase larga y secreta")
	if err != nil {
		t.Fatal(err)
	}
	if !e.Actor(t, u).HasForOrganization(plenary.RoleRepresentative, c.ngo.ID) {
		t.Fatal("the role was not accepted with the invitation")
	}
}

func TestLastActiveSecretariat(t *testing.T) {
	e := testenv.New(t)
	a := e.CreateUser(t, "a@example.org", "A", plenary.Grant{Role: plenary.RoleSecretariat})
	b := e.CreateUser(t, "b@example.org", "B", plenary.Grant{Role: plenary.RoleSecretariat})
	// Disabling the other is fine; then the remaining one cannot lose the role.
	if err := e.Accounts.SetDisabled(ctx, e.Actor(t, a), b.ID, true); err != nil {
		t.Fatal(err)
	}
	ga, _ := e.Accounts.Get(ctx, plenary.System("test"), a.ID)
	kind(t, e.Accounts.Revoke(ctx, e.Actor(t, a), account.RevokeInput{GrantID: ga.Grants[0].ID}), plenary.KindConflict)
	// Nor can the system disable the last active holder.
	kind(t, e.Accounts.SetDisabled(ctx, plenary.System("test"), a.ID, true), plenary.KindConflict)
}

// Two Secretariat members removing each other at the same time leave one.
func TestLastSecretariatUnderConcurrency(t *testing.T) {
	e := testenv.New(t)
	a := e.CreateUser(t, "a@example.org", "A", plenary.Grant{Role: plenary.RoleSecretariat})
	b := e.CreateUser(t, "b@example.org", "B", plenary.Grant{Role: plenary.RoleSecretariat})
	ga, _ := e.Accounts.Get(ctx, plenary.System("test"), a.ID)
	gb, _ := e.Accounts.Get(ctx, plenary.System("test"), b.ID)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		errs[0] = e.Accounts.Revoke(ctx, e.Actor(t, a), account.RevokeInput{GrantID: gb.Grants[0].ID})
	}()
	go func() {
		defer wg.Done()
		errs[1] = e.Accounts.Revoke(ctx, e.Actor(t, b), account.RevokeInput{GrantID: ga.Grants[0].ID})
	}()
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("both or neither succeeded: %v, %v", errs[0], errs[1])
	}
	page, err := e.Accounts.List(ctx, plenary.System("test"), "", plenary.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	left := 0
	for _, u := range page.Items {
		for _, g := range u.Grants {
			if g.Role == plenary.RoleSecretariat {
				left++
			}
		}
	}
	if left != 1 {
		t.Fatalf("%d Secretariat roles left", left)
	}
}

func TestRevokeChecksWhatThePageShowed(t *testing.T) {
	e := testenv.New(t)
	c := newCast(t, e)
	member, _ := e.Accounts.Get(ctx, plenary.System("test"), c.member.ID)
	err := e.Accounts.Revoke(ctx, c.secretariat, account.RevokeInput{GrantID: member.Grants[0].ID, UserID: c.chair.UserID})
	kind(t, err, plenary.KindNotFound)
	err = e.Accounts.Revoke(ctx, c.secretariat, account.RevokeInput{GrantID: member.Grants[0].ID, OrganizationID: c.igo.ID})
	kind(t, err, plenary.KindNotFound)
}

func TestTokensAfterRoleChanges(t *testing.T) {
	e := testenv.New(t)
	u := e.CreateUser(t, "li@example.org", "Li Wei")
	a := e.Actor(t, u)
	writeTok, wt, err := e.Accounts.CreateToken(ctx, a, account.TokenInput{Name: "w", Scopes: []plenary.Scope{plenary.ScopeWrite}, Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	readTok, _, err := e.Accounts.CreateToken(ctx, a, account.TokenInput{Name: "r", Scopes: []plenary.Scope{plenary.ScopeRead}, Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	ra, err := e.Accounts.AuthenticateToken(ctx, readTok, "")
	if err != nil {
		t.Fatal(err)
	}
	kind(t, e.Accounts.RevokeToken(ctx, ra, wt.ID), plenary.KindForbidden)
	// Given a role that requires a second factor, the account's tokens stop working
	// until one is set up.
	if _, err := e.Accounts.Grant(ctx, plenary.System("test"), account.GrantInput{Email: u.Email,
		Grant: plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"}}); err != nil {
		t.Fatal(err)
	}
	_, err = e.Accounts.AuthenticateToken(ctx, writeTok, "")
	kind(t, err, plenary.KindUnauthenticated)
	if _, err := e.Accounts.SetUpSecondFactor(ctx, plenary.System("test"), u.ID, testenv.TOTPSeed); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accounts.AuthenticateToken(ctx, writeTok, ""); err != nil {
		t.Fatal(err)
	}
	// Resetting the second factor (a lost telephone) revokes the tokens.
	if err := e.Accounts.ResetSecondFactor(ctx, plenary.System("test"), u.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.Accounts.AuthenticateToken(ctx, writeTok, "")
	kind(t, err, plenary.KindUnauthenticated)
}

func TestSearchFoldsEveryScript(t *testing.T) {
	e := testenv.New(t)
	e.CreateUser(t, "yuri@example.org", "Юрий Петров")
	e.CreateUser(t, "emilie@example.org", "Émilie Durand")
	for q, want := range map[string]string{"юрий": "yuri@example.org", "ПЕТРОВ": "yuri@example.org", "émilie": "emilie@example.org", "DURAND": "emilie@example.org", "EXAMPLE.ORG": ""} {
		page, err := e.Accounts.List(ctx, plenary.System("test"), q, plenary.PageRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if want == "" {
			if len(page.Items) != 2 {
				t.Errorf("%q found %d", q, len(page.Items))
			}
			continue
		}
		if len(page.Items) != 1 || page.Items[0].Email != want {
			t.Errorf("%q found %v", q, page.Items)
		}
	}
}

func TestNamesArePlainText(t *testing.T) {
	e := testenv.New(t)
	for _, name := range []string{"Evil\u202Egnp", "Two\nLines", "Nul\x00"} {
		_, err := e.Accounts.Create(ctx, plenary.System("test"), account.CreateInput{Email: "x@example.org", Name: name, Lang: "en"})
		if fieldProblem(t, err, "name") != "field.plain_text" {
			t.Errorf("%q: %v", name, err)
		}
	}
}
