package testenv

import (
	"context"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/meeting"
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

// Meeting makes the Global Mechanism (code gm, New York time), a substantive session
// over the five days from Start, and its first meeting, three hours from Start, formal,
// open to the public or closed.
func (e *Env) Meeting(t testing.TB, public bool) (body.Body, meeting.Meeting) {
	t.Helper()
	ctx, sys := context.Background(), plenary.System("test")
	gm, err := e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security"}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.Meetings.CreateSession(ctx, sys, meeting.SessionInput{BodyID: gm.ID, Kind: meeting.Substantive,
		StartsOn: Start, EndsOn: Start.AddDate(0, 0, 4)})
	if err != nil {
		t.Fatal(err)
	}
	m, err := e.Meetings.CreateMeeting(ctx, sys, s.ID, meeting.MeetingInput{StartsAt: Start, EndsAt: Start.Add(3 * time.Hour),
		Formal: true, Public: public})
	if err != nil {
		t.Fatal(err)
	}
	return gm, m
}
