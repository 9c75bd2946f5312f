package testenv

import (
	"context"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/directory"
)

// Secretariat makes a Secretariat account (with its second factor) and returns it with
// its actor.
func (e *Env) Secretariat(t testing.TB, email string) plenary.Actor {
	t.Helper()
	return e.Actor(t, e.CreateUser(t, email, "Secretariat "+email, plenary.Grant{Role: plenary.RoleSecretariat}))
}

// Contact is what a test needs of a verified Point of Contact.
type Contact struct {
	directory.Contact
	Email string
	Lang  string
}

// VerifiedContact makes state take part in the directory (if it does not already) and
// gives it a verified Point of Contact with this address, language and function, the way
// the Secretariat does it: nomination, then verification, which gives the person the
// Point of Contact role (and an account with an invitation if they have none).
func (e *Env) VerifiedContact(t testing.TB, secretariat plenary.Actor, state, email, name, lang string, fn directory.Function) Contact {
	t.Helper()
	c := e.NominatedContact(t, secretariat, state, email, name, lang, fn)
	v, err := e.Directory.Verify(context.Background(), secretariat, c.ID)
	if err != nil {
		t.Fatalf("testenv: verify %s: %v", email, err)
	}
	return Contact{Contact: v, Email: email, Lang: lang}
}

// NominatedContact makes state take part in the directory and nominates a contact, not
// verified.
func (e *Env) NominatedContact(t testing.TB, secretariat plenary.Actor, state, email, name, lang string, fn directory.Function) Contact {
	t.Helper()
	ctx := context.Background()
	if p, err := e.Directory.Participation(ctx, secretariat, state); err != nil || p.Status != directory.Participating {
		if _, err := e.Directory.SetParticipation(ctx, secretariat, state, directory.Participating, ""); err != nil {
			t.Fatalf("testenv: participation of %s: %v", state, err)
		}
	}
	c, err := e.Directory.Nominate(ctx, secretariat, directory.NominationInput{State: state, Function: fn, Details: directory.Details{
		Name: name, Title: "Counsellor", Organisation: "Ministry of Foreign Affairs", Emails: []string{email},
		Phones: []string{"+41 22 917 12 34"}, Languages: []string{lang}, Lang: lang, TimeZone: "Europe/Zurich", Always: true}})
	if err != nil {
		t.Fatalf("testenv: nominate %s: %v", email, err)
	}
	return Contact{Contact: c, Email: email, Lang: lang}
}
