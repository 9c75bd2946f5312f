package web_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func accountInput(email, name string, grants ...plenary.Grant) account.CreateInput {
	return account.CreateInput{Email: email, Name: name, Lang: "en", Password: testenv.Password, Grants: grants}
}

func orgInput(name string) organization.Input {
	return organization.Input{Type: organization.Academia, HQState: "BRA", Names: plenary.Localized{"en": name}}
}

// accTestWorld is a body with an open round, for accrediting organizations quickly.
type accTestWorld struct {
	e      *testenv.Env
	bodyID int64
	sys    plenary.Actor
	n      int
}

func accWorld(t *testing.T, e *testenv.Env) *accTestWorld {
	t.Helper()
	sys := plenary.System("test")
	b, err := e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York", Names: plenary.Localized{"en": "Global Mechanism"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.OpenRound(ctx, sys, b.ID, accreditation.OpenInput{}); err != nil {
		t.Fatal(err)
	}
	return &accTestWorld{e: e, bodyID: b.ID, sys: sys}
}

// accredit records an organization in ECOSOC status and accredits it on its notification.
func (w *accTestWorld) accredit(t *testing.T, typ organization.Type, hq string, names plenary.Localized) organization.Organization {
	t.Helper()
	w.n++
	o, err := w.e.Organizations.Create(ctx, w.sys, organization.Input{Type: typ, HQState: hq, ECOSOC: organization.SpecialStatus, Names: names})
	if err != nil {
		t.Fatal(err)
	}
	email := fmt.Sprintf("focal%d@example.org", w.n)
	focal := w.e.Actor(t, w.e.CreateUser(t, email, "Focal", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: o.ID}))
	a, err := w.e.Accreditation.Start(ctx, focal, w.bodyID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Accreditation.Update(ctx, focal, a.ID, accreditation.DossierInput{ContactName: "Focal", ContactEmail: email}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Accreditation.Submit(ctx, focal, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Accreditation.Screen(ctx, w.sys, a.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	return o
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
