package accreditation_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

// A tiny but real PDF: the check is by content.
var letterPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// world is a body with its people: the Secretariat, a Chair, delegates of three Member
// States and of an observer State, and organizations with their focal points.
type world struct {
	e                                         *testenv.Env
	body                                      body.Body
	secretariat, chair                        plenary.Actor
	fra, rus, ken, pse                        plenary.Actor // delegates
	ngo, think, ecosoc                        organization.Organization
	ngoFocal, thinkFocal, ecosocFocal, ngoRep plenary.Actor
}

func newWorld(t *testing.T) *world {
	t.Helper()
	e := testenv.New(t)
	w := &world{e: e}
	sys := plenary.System("test")
	var err error
	w.body, err = e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security", "fr": "Mécanisme mondial sur la sécurité des TIC"}})
	if err != nil {
		t.Fatal(err)
	}
	actor := func(email string, g ...plenary.Grant) plenary.Actor {
		return e.Actor(t, e.CreateUser(t, email, email[:4], g...))
	}
	w.secretariat = actor("secretariat@example.org", plenary.Grant{Role: plenary.RoleSecretariat})
	w.chair = actor("chair@example.org", plenary.Grant{Role: plenary.RoleChair})
	w.fra = actor("fra.delegate@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	w.rus = actor("rus.delegate@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "RUS"})
	w.ken = actor("ken.delegate@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "KEN"})
	w.pse = actor("pse.delegate@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "PSE"})
	org := func(name string, typ organization.Type, status organization.ECOSOC) organization.Organization {
		o, err := e.Organizations.Create(ctx, sys, organization.Input{Type: typ, HQState: "CHE", ECOSOC: status, Names: plenary.Localized{"en": name}})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	w.ngo = org("Institute for Digital Peace", organization.NGO, organization.NoStatus)
	w.think = org("Centre for Cyber Law", organization.Academia, organization.NoStatus)
	w.ecosoc = org("Global Network Initiative", organization.NGO, organization.SpecialStatus)
	w.ngoFocal = actor("ngo.focal@example.org", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: w.ngo.ID})
	w.ngoRep = actor("ngo.rep@example.org", plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: w.ngo.ID})
	w.thinkFocal = actor("think.focal@example.org", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: w.think.ID})
	w.ecosocFocal = actor("eco.focal@example.org", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: w.ecosoc.ID})
	return w
}

func (w *world) setPolicy(t *testing.T, change func(*accreditation.PolicyInput)) accreditation.Policy {
	t.Helper()
	d := accreditation.DefaultPolicy()
	in := accreditation.PolicyInput{Eligible: d.Eligible, FastTrack: d.FastTrack, Rule: d.Rule, Threshold: d.Threshold,
		ApplicationDays: d.ApplicationDays, CirculationDays: d.CirculationDays, DeadlineHour: d.DeadlineHour,
		ReasonMode: d.ReasonMode, Validity: d.Validity, ReapplyAfterReject: d.ReapplyAfterReject}
	change(&in)
	p, err := w.e.Accreditation.SetPolicy(ctx, w.secretariat, w.body.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (w *world) open(t *testing.T) accreditation.Round {
	t.Helper()
	r, err := w.e.Accreditation.OpenRound(ctx, w.secretariat, w.body.ID, accreditation.OpenInput{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// apply prepares and submits a complete application (or notification) for org.
func (w *world) apply(t *testing.T, focal plenary.Actor, orgID int64) accreditation.Application {
	t.Helper()
	a, err := w.e.Accreditation.Start(ctx, focal, w.body.ID, orgID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Accreditation.Update(ctx, focal, a.ID, accreditation.DossierInput{
		Purpose: "Research on the peaceful use of ICTs.", Programmes: "Norms implementation studies.",
		UNInteractions: "Written inputs to the OEWG 2021–2025.", ContactName: "Sofia Rossi", ContactEmail: "contact@example.org",
	}); err != nil {
		t.Fatal(err)
	}
	if a.Kind == accreditation.KindApplication {
		if _, err := w.e.Accreditation.AttachLetter(ctx, focal, a.ID, files.Upload{Name: "letter.pdf", Data: letterPDF}); err != nil {
			t.Fatal(err)
		}
	}
	a, err = w.e.Accreditation.Submit(ctx, focal, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (w *world) screen(t *testing.T, apps ...accreditation.Application) {
	t.Helper()
	for _, a := range apps {
		if _, err := w.e.Accreditation.Screen(ctx, w.secretariat, a.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
}

// circulate closes the window (by the clock) and circulates.
func (w *world) circulate(t *testing.T, r accreditation.Round) accreditation.Round {
	t.Helper()
	w.e.Clock.Set(r.ApplicationsClose.Add(time.Minute))
	r, err := w.e.Accreditation.Circulate(ctx, w.secretariat, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// decideAt moves the clock to t and runs the deadline job.
func (w *world) decideAt(t *testing.T, at time.Time) {
	t.Helper()
	w.e.Clock.Set(at)
	if err := w.e.Accreditation.DecideDue(ctx, accreditation.DecideJob{}); err != nil {
		t.Fatal(err)
	}
}

func (w *world) status(t *testing.T, id int64) accreditation.Status {
	t.Helper()
	v, err := w.e.Accreditation.Get(ctx, w.secretariat, id)
	if err != nil {
		t.Fatal(err)
	}
	return v.Status
}

func object(t *testing.T, w *world, who plenary.Actor, state string, a accreditation.Application, reason string) accreditation.Position {
	t.Helper()
	p, err := w.e.Accreditation.TakePosition(ctx, who, a.ID, accreditation.PositionInput{State: state, Stance: accreditation.Object, Reason: reason})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func kindOf(t *testing.T, err error, want plenary.Kind) {
	t.Helper()
	if err == nil || plenary.ErrorKind(err) != want {
		t.Fatalf("error %v, want kind %v", err, want)
	}
}

func message(err error) string {
	var e *plenary.Error
	if errors.As(err, &e) {
		return e.Message
	}
	var v *plenary.ValidationError
	if errors.As(err, &v) && len(v.Fields) > 0 {
		return v.Fields[0].Field + ":" + v.Fields[0].Message
	}
	return ""
}

func filesUpload(name string, data []byte) files.Upload { return files.Upload{Name: name, Data: data} }
