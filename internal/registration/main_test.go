package registration_test

import (
	"context"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/registration"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

// A tiny but real PDF: the check is by content.
var notePDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// world is the Global Mechanism with a thematic group, a session, and its people: the
// Secretariat, a Chair, delegates of France (writing in French), Kenya and the State of
// Palestine (an observer State), an accredited organization (by its ECOSOC status), one
// that is not, and an intergovernmental organization, each with a focal point.
type world struct {
	e                       *testenv.Env
	reg                     *registration.Service
	gm, group               body.Body
	sess                    meeting.Session
	secretariat, chair      plenary.Actor
	fra, ken, pse           plenary.Actor
	eco, ngo, igo           organization.Organization
	ecoFocal, ngoFocal      plenary.Actor
	igoFocal, public, roSec plenary.Actor
	member                  plenary.Actor // a person with an account, to link to a registration
}

func newWorld(t *testing.T) *world {
	t.Helper()
	e := testenv.New(t)
	w := &world{e: e, public: plenary.Public("en")}
	w.reg = registration.NewService(e.DB.Registration(), e.Clock, e.Mailer.Templates, e.Config.BaseURL)
	sys := plenary.System("test")
	var err error
	if w.gm, err = e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security", "fr": "Mécanisme mondial sur la sécurité des TIC"}}); err != nil {
		t.Fatal(err)
	}
	if w.group, err = e.Bodies.Create(ctx, sys, body.Input{Code: "gm-tg1", ParentID: w.gm.ID, TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Dedicated thematic group on capacity-building"}}); err != nil {
		t.Fatal(err)
	}
	user := func(email string, g ...plenary.Grant) account.User { return e.CreateUser(t, email, email[:4], g...) }
	actor := func(email string, g ...plenary.Grant) plenary.Actor { return e.Actor(t, user(email, g...)) }
	w.secretariat = actor("secretariat@example.org", plenary.Grant{Role: plenary.RoleSecretariat})
	w.roSec = w.secretariat
	w.roSec.Scopes = []plenary.Scope{plenary.ScopeRead}
	w.chair = actor("chair@example.org", plenary.Grant{Role: plenary.RoleChair})
	w.fra = actor("fra.delegate@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	if _, err := e.Accounts.UpdateProfile(ctx, w.fra, account.ProfileInput{Name: "Claire Dubois", Lang: "fr"}); err != nil {
		t.Fatal(err)
	}
	w.ken = actor("ken.delegate@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "KEN"})
	w.pse = actor("pse.delegate@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "PSE"})
	w.member = actor("member@example.org")
	org := func(name string, typ organization.Type, status organization.ECOSOC) organization.Organization {
		o, err := e.Organizations.Create(ctx, sys, organization.Input{Type: typ, HQState: "CHE", ECOSOC: status, Names: plenary.Localized{"en": name}})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	w.eco = org("Global Network Initiative", organization.NGO, organization.SpecialStatus)
	w.ngo = org("Institute for Digital Peace", organization.NGO, organization.NoStatus)
	w.igo = org("International Telecommunication Union", organization.UNEntity, organization.NoStatus)
	w.ecoFocal = actor("eco.focal@example.org", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: w.eco.ID})
	w.ngoFocal = actor("ngo.focal@example.org", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: w.ngo.ID})
	w.igoFocal = actor("igo.focal@example.org", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: w.igo.ID})
	w.accredit(t)
	w.sess = w.session(t, w.gm.ID, meeting.Substantive, 2)
	return w
}

// accredit accredits the organization with ECOSOC status to the Global Mechanism, the
// way the accreditation service does: its notification is accredited on screening.
func (w *world) accredit(t *testing.T) {
	t.Helper()
	acc := w.e.Accreditation
	if _, err := acc.OpenRound(ctx, w.secretariat, w.gm.ID, accreditation.OpenInput{}); err != nil {
		t.Fatal(err)
	}
	a, err := acc.Start(ctx, w.ecoFocal, w.gm.ID, w.eco.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Update(ctx, w.ecoFocal, a.ID, accreditation.DossierInput{Purpose: "Freedom of expression online.",
		Programmes: "Policy research.", UNInteractions: "Inputs to the OEWG.", ContactName: "Sofia Rossi", ContactEmail: "contact@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Submit(ctx, w.ecoFocal, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Screen(ctx, w.secretariat, a.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := acc.Standing(ctx, w.secretariat, w.gm.ID, w.eco.ID); err != nil || !ok {
		t.Fatalf("not accredited: %v", err)
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// session is held 16–20 March 2026; registration closes on 13 March (New York).
func (w *world) session(t *testing.T, bodyID int64, kind meeting.Kind, limit int) meeting.Session {
	t.Helper()
	s, err := w.e.Meetings.CreateSession(ctx, w.secretariat, meeting.SessionInput{BodyID: bodyID, Kind: kind,
		StartsOn: date(2026, 3, 16), EndsOn: date(2026, 3, 20), RemoteURL: "https://meet.example.org/gm",
		RepresentativeLimit: limit, RegistrationCloses: date(2026, 3, 13)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func person(name string, g registration.Gender, consent bool) registration.PersonInput {
	return registration.PersonInput{Name: name, Gender: g, Consent: consent}
}

func member(name string, f registration.Function, g registration.Gender, consent bool) registration.PersonInput {
	return registration.PersonInput{Name: name, Function: f, Gender: g, Consent: consent}
}

// delegation registers a State's delegation with its credentials, approved with a head.
func (w *world) delegation(t *testing.T, delegate plenary.Actor, iso3 string, head registration.PersonInput) (registration.Delegation, registration.Registration) {
	t.Helper()
	d, err := w.reg.RegisterDelegation(ctx, delegate, w.sess.ID, iso3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.reg.AttachCredentials(ctx, delegate, d.ID, files.Upload{Name: "note-verbale.pdf", Data: notePDF}); err != nil {
		t.Fatal(err)
	}
	h, err := w.reg.AddMember(ctx, delegate, d.ID, head)
	if err != nil {
		t.Fatal(err)
	}
	if d, err = w.reg.DecideDelegation(ctx, w.secretariat, d.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	return d, h
}

func kindOf(t *testing.T, err error, want plenary.Kind) {
	t.Helper()
	if err == nil || plenary.ErrorKind(err) != want {
		t.Fatalf("error %v, want kind %v", err, want)
	}
}

func message(err error) string {
	m, _ := plenary.ErrorMessage(err)
	return m
}

func isInvalid(err error, field string) bool {
	v, ok := err.(*plenary.ValidationError)
	if !ok {
		return false
	}
	_, has := v.For(field)
	return has
}
