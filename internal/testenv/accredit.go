package testenv

import (
	"context"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
)

// Accredit accredits an organization with ECOSOC consultative status to a body the way
// the service does it: the Secretariat opens a round, the focal point applies, and the
// application is accredited on screening (the ECOSOC fast track of the default rules).
func (e *Env) Accredit(t testing.TB, secretariat, focal plenary.Actor, bodyID, orgID int64) {
	t.Helper()
	ctx := context.Background()
	acc := e.Accreditation
	if _, err := acc.OpenRound(ctx, secretariat, bodyID, accreditation.OpenInput{}); err != nil && plenary.ErrorKind(err) != plenary.KindConflict {
		t.Fatal(err)
	}
	a, err := acc.Start(ctx, focal, bodyID, orgID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Update(ctx, focal, a.ID, accreditation.DossierInput{Purpose: "Research on cyber norms.",
		Programmes: "Policy research.", UNInteractions: "Inputs to the OEWG.", ContactName: "Amina Njoroge", ContactEmail: "contact@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Submit(ctx, focal, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Screen(ctx, secretariat, a.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := acc.Standing(ctx, secretariat, bodyID, orgID); err != nil || !ok {
		t.Fatalf("not accredited: %v", err)
	}
}
