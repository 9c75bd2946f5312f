package registration_test

import (
	"testing"

	"github.com/plenary-platform/plenary/internal/registration"
)

// TestEditKeepsTheLink: a registration linked to the person's account stays linked when
// someone else edits it, and the Secretariat's edit of an approved registration keeps it
// approved, while the registrant's sends it back.
func TestEditKeepsTheLink(t *testing.T) {
	w := newWorld(t)
	in := person("Sofia Rossi", registration.Female, true)
	in.UserID = w.member.UserID
	r, err := w.reg.RegisterRepresentative(ctx, w.ecoFocal, w.sess.ID, w.eco.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if r, err = w.reg.Decide(ctx, w.secretariat, r.ID, true, ""); err != nil || r.Status != registration.Approved {
		t.Fatalf("approve: %+v %v", r, err)
	}
	edit := person("Sofia Rossi-Bianchi", registration.Female, true) // UserID 0: the editor did not tick "this is me"
	if r, err = w.reg.Update(ctx, w.secretariat, r.ID, edit); err != nil {
		t.Fatal(err)
	}
	if r.UserID != w.member.UserID || r.Status != registration.Approved {
		t.Errorf("after the Secretariat's edit: user %d status %s, want %d approved", r.UserID, r.Status, w.member.UserID)
	}
	edit.UserID = w.ecoFocal.UserID // the focal point ticks "this is me": it does not take the link over
	edit.Name = "Sofia Rossi"
	if r, err = w.reg.Update(ctx, w.ecoFocal, r.ID, edit); err != nil {
		t.Fatal(err)
	}
	if r.UserID != w.member.UserID || r.Status != registration.Pending {
		t.Errorf("after the focal point's edit: user %d status %s, want %d pending", r.UserID, r.Status, w.member.UserID)
	}
}
