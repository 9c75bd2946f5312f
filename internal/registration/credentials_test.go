package registration_test

import (
	"bytes"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/registration"
)

// TestCredentialsAndContacts: a note verbale is read by the Secretariat and the State's
// own delegates only; e-mail addresses and what was said about travel funding are read
// by the Secretariat, the registrant and the person, not by the Chair.
func TestCredentialsAndContacts(t *testing.T) {
	w := newWorld(t)
	d, err := w.reg.RegisterDelegation(ctx, w.fra, w.sess.ID, "FRA")
	if err != nil {
		t.Fatal(err)
	}
	// No note verbale yet: not found, even for those who may read one.
	_, err = w.reg.Credentials(ctx, w.fra, d.ID)
	kindOf(t, err, plenary.KindNotFound)
	if _, err := w.reg.AttachCredentials(ctx, w.fra, d.ID, files.Upload{Name: "note-verbale.pdf", Data: notePDF}); err != nil {
		t.Fatal(err)
	}
	head, err := w.reg.AddMember(ctx, w.fra, d.ID, registration.PersonInput{Name: "Claire Dubois", Function: registration.HeadOfDelegation,
		Gender: registration.Female, Email: "claire.dubois@diplomatie.example", Consent: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.reg.DecideDelegation(ctx, w.secretariat, d.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := w.reg.RequestSponsorship(ctx, w.fra, head.ID, "Travel from Paris."); err != nil {
		t.Fatal(err)
	}
	for _, who := range []plenary.Actor{w.fra, w.secretariat} {
		f, err := w.reg.Credentials(ctx, who, d.ID)
		if err != nil || !bytes.Equal(f.Data, notePDF) || f.ContentType != "application/pdf" {
			t.Errorf("%s reads the note verbale: %v", who.Name, err)
		}
	}
	for _, who := range []plenary.Actor{w.chair, w.ken, w.ecoFocal, w.member} {
		_, err := w.reg.Credentials(ctx, who, d.ID)
		kindOf(t, err, plenary.KindNotFound)
	}
	_, err = w.reg.Credentials(ctx, w.public, d.ID)
	kindOf(t, err, plenary.KindUnauthenticated)

	// The Chair reads the approved head of delegation, without contacts.
	r, err := w.reg.Registration(ctx, w.chair, head.ID)
	if err != nil || r.Name != "Claire Dubois" || r.Email != "" || r.SponsorshipReason != "" {
		t.Errorf("the Chair reads %+v, %v", r, err)
	}
	got, err := w.reg.Delegation(ctx, w.chair, d.ID)
	if err != nil || len(got.Members) != 1 || got.Members[0].Email != "" {
		t.Errorf("the Chair reads the delegation %+v, %v", got, err)
	}
	rs, err := w.reg.SessionRegistrations(ctx, w.chair, w.sess.ID)
	if err != nil || len(rs) != 1 || rs[0].Email != "" {
		t.Errorf("the Chair lists %+v, %v", rs, err)
	}
	for _, who := range []plenary.Actor{w.fra, w.secretariat} {
		r, err := w.reg.Registration(ctx, who, head.ID)
		if err != nil || r.Email != "claire.dubois@diplomatie.example" || r.SponsorshipReason != "Travel from Paris." {
			t.Errorf("%s reads %+v, %v", who.Name, r, err)
		}
	}

	// The public list names organizations in their languages.
	rep, err := w.reg.RegisterRepresentative(ctx, w.ecoFocal, w.sess.ID, w.eco.ID, person("Ana Lima", registration.Female, true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.reg.Decide(ctx, w.secretariat, rep.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	groups, err := w.reg.Participants(ctx, w.public, w.sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(groups); n != 2 || groups[1].Organization.Text("en") != "Global Network Initiative" || groups[0].Organization != nil {
		t.Errorf("groups: %+v", groups)
	}
}
