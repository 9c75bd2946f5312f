package registration_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/registration"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestDelegation: a delegate registers their State's delegation, with a note verbale and
// one head; the Secretariat approves; changes after approval go back to pending; mails
// reach the delegate in French.
func TestDelegation(t *testing.T) {
	w := newWorld(t)
	d, err := w.reg.RegisterDelegation(ctx, w.fra, w.sess.ID, "fra")
	if err != nil {
		t.Fatal(err)
	}
	if d.State != "FRA" || d.Status != registration.Pending {
		t.Fatalf("delegation %+v", d)
	}
	m := w.e.SMTP.WaitFor(t, 10*time.Second, testenv.To("fra.delegate@example.org"))
	if m.Lang != "fr" || !strings.Contains(m.Subject, "Inscription") || !strings.Contains(m.Text, "France") {
		t.Errorf("receipt not in French: %s %q\n%s", m.Lang, m.Subject, m.Text)
	}
	_, err = w.reg.RegisterDelegation(ctx, w.fra, w.sess.ID, "FRA")
	kindOf(t, err, plenary.KindConflict)
	if _, err := w.reg.RegisterDelegation(ctx, w.secretariat, w.sess.ID, "XXX"); !isInvalid(err, "state") {
		t.Errorf("an unknown State: %v", err)
	}

	head, err := w.reg.AddMember(ctx, w.fra, d.ID, registration.PersonInput{Name: "  Claire   Dubois ", Function: registration.HeadOfDelegation,
		Gender: registration.Female, Email: "Claire.Dubois@Diplomatie.example", UserID: w.fra.UserID, Consent: true})
	if err != nil {
		t.Fatal(err)
	}
	if head.Name != "Claire Dubois" || head.Category != registration.MemberState || head.Status != registration.Pending {
		t.Errorf("head %+v", head)
	}
	if _, err := w.reg.AddMember(ctx, w.fra, d.ID, member("Jean Martin", registration.HeadOfDelegation, registration.Male, true)); !isInvalid(err, "function") {
		t.Errorf("a second head: %v", err)
	}
	if _, err := w.reg.AddMember(ctx, w.fra, d.ID, registration.PersonInput{Name: "X", Function: "ambassador", Gender: "?", Email: "no"}); !isInvalid(err, "function") || !isInvalid(err, "gender") || !isInvalid(err, "email") {
		t.Errorf("bad member: %v", err)
	}
	adviser, err := w.reg.AddMember(ctx, w.fra, d.ID, registration.PersonInput{Name: "Jean Martin", Function: registration.Adviser,
		Gender: registration.Male, UserID: w.member.UserID})
	if err != nil {
		t.Fatal(err)
	}

	// Credentials: a note verbale in PDF, checked by content.
	_, err = w.reg.DecideDelegation(ctx, w.secretariat, d.ID, true, "")
	if message(err) != "registration.letter_required" {
		t.Errorf("approved without credentials: %v", err)
	}
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 64)...)
	if _, err := w.reg.AttachCredentials(ctx, w.fra, d.ID, files.Upload{Name: "note-verbale.pdf", Data: exe}); !isInvalid(err, "letter") {
		t.Errorf("a renamed executable: %v", err)
	}
	if _, err := w.reg.AttachCredentials(ctx, w.fra, d.ID, files.Upload{Name: "big.pdf", Data: append([]byte("%PDF-"), make([]byte, registration.MaxLetter)...)}); !isInvalid(err, "letter") {
		t.Errorf("a note verbale over 5 MiB: %v", err)
	}
	if d, err = w.reg.AttachCredentials(ctx, w.fra, d.ID, files.Upload{Name: "note-verbale.pdf", Data: notePDF}); err != nil || d.LetterFileID == 0 {
		t.Fatalf("credentials: %+v, %v", d, err)
	}
	// A member is approved with the delegation, not before.
	_, err = w.reg.Decide(ctx, w.secretariat, head.ID, true, "")
	if message(err) != "registration.delegation_not_approved" {
		t.Errorf("member approved before the delegation: %v", err)
	}
	if _, err := w.reg.DecideDelegation(ctx, w.secretariat, d.ID, false, " "); !isInvalid(err, "reason") {
		t.Errorf("rejected without a reason: %v", err)
	}
	if d, err = w.reg.DecideDelegation(ctx, w.secretariat, d.ID, true, ""); err != nil || d.Status != registration.Approved {
		t.Fatalf("approval: %+v, %v", d, err)
	}
	d, err = w.reg.Delegation(ctx, w.fra, d.ID)
	if err != nil || len(d.Members) != 2 || d.Members[0].Status != registration.Approved || d.Members[1].Status != registration.Approved {
		t.Fatalf("members after approval: %+v, %v", d.Members, err)
	}
	w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("fra.delegate@example.org")(m) && m.Lang == "fr" && strings.Contains(m.Subject, "approuvée")
	})
	w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("member@example.org")(m) && m.Lang == "en" && strings.Contains(m.Subject, "approved")
	})

	// The adviser's account takes part; the head's (the delegate's) too.
	for _, who := range []plenary.Actor{w.member, w.fra} {
		if ok, err := w.reg.Participates(ctx, who, w.sess.ID); err != nil || !ok {
			t.Errorf("%s does not take part: %v", who.Name, err)
		}
	}
	if ok, _ := w.reg.Participates(ctx, w.ken, w.sess.ID); ok {
		t.Error("Kenya's delegate takes part")
	}
	if ok, _ := w.reg.Participates(ctx, w.public, w.sess.ID); ok {
		t.Error("the public takes part")
	}
	// meeting shows the remote link to participants through Participates.
	meetings := meeting.NewService(w.e.DB.Meetings(), w.e.Clock, w.reg)
	if p, err := meetings.Get(ctx, w.member, w.sess.ID); err != nil || !p.RemoteLink {
		t.Errorf("a participant does not see the remote link: %v", err)
	}

	// Changing an approved member puts them back to pending; an unchanged save does not.
	same := registration.PersonInput{Name: "Jean Martin", Function: registration.Adviser, Gender: registration.Male, UserID: w.member.UserID}
	if r, err := w.reg.Update(ctx, w.fra, adviser.ID, same); err != nil || r.Status != registration.Approved {
		t.Errorf("unchanged: %+v, %v", r, err)
	}
	same.Function = registration.Delegate
	if r, err := w.reg.Update(ctx, w.fra, adviser.ID, same); err != nil || r.Status != registration.Pending {
		t.Errorf("changed after approval: %+v, %v", r, err)
	}
	if ok, _ := w.reg.Participates(ctx, w.member, w.sess.ID); ok {
		t.Error("a pending member takes part")
	}
	// The Secretariat rejects them, with a reason sent to the delegate in French.
	if r, err := w.reg.Decide(ctx, w.secretariat, adviser.ID, false, "Pas de lien avec la délégation."); err != nil || r.Status != registration.Rejected {
		t.Fatalf("rejection: %+v, %v", r, err)
	}
	m = w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("fra.delegate@example.org")(m) && strings.Contains(m.Subject, "non approuvée")
	})
	if m.Lang != "fr" || !strings.Contains(m.Text, "Pas de lien avec la délégation.") {
		t.Errorf("rejection mail: %s %q\n%s", m.Lang, m.Subject, m.Text)
	}
	_, err = w.reg.Decide(ctx, w.secretariat, adviser.ID, true, "")
	kindOf(t, err, plenary.KindConflict)

	// An observer State's delegation is counted as such.
	_, pseHead := w.delegation(t, w.pse, "PSE", member("Riyad Mansour", registration.HeadOfDelegation, registration.Male, true))
	if pseHead.Category != registration.ObserverState {
		t.Errorf("observer State's member: %s", pseHead.Category)
	}

	// Withdrawing the delegation withdraws its members.
	if d, err = w.reg.WithdrawDelegation(ctx, w.fra, d.ID); err != nil || d.Status != registration.Withdrawn {
		t.Fatalf("withdrawal: %+v, %v", d, err)
	}
	if ok, _ := w.reg.Participates(ctx, w.fra, w.sess.ID); ok {
		t.Error("a withdrawn delegation takes part")
	}
	// …and registering it again reopens it.
	if d, err = w.reg.RegisterDelegation(ctx, w.fra, w.sess.ID, "FRA"); err != nil || d.Status != registration.Pending {
		t.Errorf("registered again: %+v, %v", d, err)
	}
}

// TestRepresentativesAndObservers: accreditation to the body (or its parent), the limit,
// and observers of intergovernmental organizations.
func TestRepresentativesAndObservers(t *testing.T) {
	w := newWorld(t)
	// Not accredited.
	_, err := w.reg.RegisterRepresentative(ctx, w.ngoFocal, w.sess.ID, w.ngo.ID, person("Ana Lima", registration.Female, true))
	if message(err) != "registration.not_accredited" {
		t.Errorf("not accredited: %v", err)
	}
	var regs []registration.Registration
	for _, name := range []string{"Ana Lima", "Omar Haddad"} {
		r, err := w.reg.RegisterRepresentative(ctx, w.ecoFocal, w.sess.ID, w.eco.ID, person(name, registration.Female, true))
		if err != nil {
			t.Fatal(err)
		}
		regs = append(regs, r)
	}
	if regs[0].Category != registration.Representative || regs[0].Status != registration.Pending {
		t.Errorf("representative %+v", regs[0])
	}
	w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("eco.focal@example.org")(m) && strings.Contains(m.Text, "Global Network Initiative")
	})
	// The limit (2) counts pending and approved registrations.
	_, err = w.reg.RegisterRepresentative(ctx, w.ecoFocal, w.sess.ID, w.eco.ID, person("Third", registration.Male, true))
	if message(err) != "registration.limit_reached" {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := w.reg.Decide(ctx, w.secretariat, regs[0].ID, false, "Not a member of the organization."); err != nil {
		t.Fatal(err)
	}
	third, err := w.reg.RegisterRepresentative(ctx, w.ecoFocal, w.sess.ID, w.eco.ID, person("Third", registration.Male, true))
	if err != nil {
		t.Fatalf("a place freed by a rejection: %v", err)
	}
	if _, err := w.reg.Withdraw(ctx, w.ecoFocal, third.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.reg.Withdraw(ctx, w.ecoFocal, third.ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("withdrawn twice: %v", err)
	}
	if _, err := w.reg.RegisterRepresentative(ctx, w.ecoFocal, w.sess.ID, w.eco.ID, person("Fourth", registration.Other, false)); err != nil {
		t.Errorf("a place freed by a withdrawal: %v", err)
	}

	// A thematic group's session: accredited to the parent body is enough.
	tg := w.session(t, w.group.ID, meeting.Thematic, 1)
	if _, err := w.reg.RegisterRepresentative(ctx, w.ecoFocal, tg.ID, w.eco.ID, person("Ana Lima", registration.Female, true)); err != nil {
		t.Errorf("thematic group via the parent's accreditation: %v", err)
	}

	// Observers: intergovernmental organizations and UN entities, without accreditation.
	obs, err := w.reg.RegisterObserver(ctx, w.igoFocal, w.sess.ID, w.igo.ID, person("Li Wei", registration.Male, true))
	if err != nil || obs.Category != registration.Observer {
		t.Fatalf("observer: %+v, %v", obs, err)
	}
	_, err = w.reg.RegisterObserver(ctx, w.ngoFocal, w.sess.ID, w.ngo.ID, person("Ana Lima", registration.Female, true))
	if message(err) != "registration.not_observer" {
		t.Errorf("an NGO as observer: %v", err)
	}
	if _, err := w.reg.RegisterRepresentative(ctx, w.ecoFocal, w.sess.ID, w.eco.ID, registration.PersonInput{Name: "X", Function: registration.Adviser, Gender: registration.Male}); !isInvalid(err, "function") {
		t.Errorf("a representative with a delegation function: %v", err)
	}

	// Sponsorship: requested by the focal point, granted by the Secretariat with a note.
	r := regs[1]
	if _, err := w.reg.RequestSponsorship(ctx, w.ecoFocal, r.ID, " "); !isInvalid(err, "justification") {
		t.Errorf("a request without justification: %v", err)
	}
	if r, err = w.reg.RequestSponsorship(ctx, w.ecoFocal, r.ID, "Travel from Nairobi; no budget for it."); err != nil || r.Sponsorship != registration.Requested {
		t.Fatalf("request: %+v, %v", r, err)
	}
	_, err = w.reg.RequestSponsorship(ctx, w.ecoFocal, r.ID, "Again.")
	kindOf(t, err, plenary.KindConflict)
	_, err = w.reg.DecideSponsorship(ctx, w.ecoFocal, r.ID, true, "")
	kindOf(t, err, plenary.KindForbidden)
	if _, err := w.reg.DecideSponsorship(ctx, w.secretariat, r.ID, false, ""); !isInvalid(err, "note") {
		t.Errorf("declined without a note: %v", err)
	}
	if r, err = w.reg.DecideSponsorship(ctx, w.secretariat, r.ID, true, "Economy class, daily allowance for 5 days."); err != nil || r.Sponsorship != registration.Granted {
		t.Fatalf("grant: %+v, %v", r, err)
	}
	m := w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("eco.focal@example.org")(m) && strings.Contains(m.Subject, "Travel funding")
	})
	if !strings.Contains(m.Text, "Economy class") {
		t.Errorf("the note is not in the mail: %s", m.Text)
	}
	_, err = w.reg.DecideSponsorship(ctx, w.secretariat, r.ID, false, "No.")
	kindOf(t, err, plenary.KindConflict)
}

// TestLimitRace: focal points racing for an organization's last places never register
// more than the limit.
func TestLimitRace(t *testing.T) {
	w := newWorld(t)
	if _, err := w.reg.RegisterRepresentative(ctx, w.ecoFocal, w.sess.ID, w.eco.ID, person("First", registration.Female, true)); err != nil {
		t.Fatal(err)
	}
	// One place is left (limit 2); a second focal point of the same organization races.
	other := w.e.Actor(t, w.e.CreateUser(t, "eco.focal2@example.org", "Eco2", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: w.eco.ID}))
	const n = 32
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			who := w.ecoFocal
			if i%2 == 1 {
				who = other
			}
			_, errs[i] = w.reg.RegisterRepresentative(ctx, who, w.sess.ID, w.eco.ID, person("Racer", registration.Male, true))
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case message(err) != "registration.limit_reached":
			t.Errorf("racer: %v", err)
		}
	}
	rs, err := w.reg.SessionRegistrations(ctx, w.secretariat, w.sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if won != 1 || len(rs) != 2 {
		t.Errorf("%d racers won, %d registrations; want 1 and 2", won, len(rs))
	}
}

// TestClosing: registration closes at the end of its day in the body's time zone; then
// only the Secretariat registers; nobody but the Secretariat withdraws after the session.
func TestClosing(t *testing.T) {
	w := newWorld(t)
	d, err := w.reg.RegisterDelegation(ctx, w.fra, w.sess.ID, "FRA")
	if err != nil {
		t.Fatal(err)
	}
	// 13 March ends at midnight in New York: 04:00 UTC on the 14th (daylight saving time).
	if c := registration.Closes(w.sess, w.gm); !c.Equal(time.Date(2026, 3, 14, 4, 0, 0, 0, time.UTC)) {
		t.Fatalf("closes %v", c)
	}
	w.e.Clock.Set(time.Date(2026, 3, 14, 3, 59, 0, 0, time.UTC))
	r, err := w.reg.RegisterRepresentative(ctx, w.ecoFocal, w.sess.ID, w.eco.ID, person("Ana Lima", registration.Female, true))
	if err != nil {
		t.Fatalf("a minute before closing: %v", err)
	}
	w.e.Clock.Set(time.Date(2026, 3, 14, 4, 0, 0, 0, time.UTC))
	_, err = w.reg.RegisterRepresentative(ctx, w.ecoFocal, w.sess.ID, w.eco.ID, person("Omar Haddad", registration.Male, true))
	if message(err) != "registration.closed" {
		t.Errorf("after closing: %v", err)
	}
	_, err = w.reg.AddMember(ctx, w.fra, d.ID, member("Claire Dubois", registration.HeadOfDelegation, registration.Female, true))
	if message(err) != "registration.closed" {
		t.Errorf("a member after closing: %v", err)
	}
	if _, err := w.reg.AddMember(ctx, w.secretariat, d.ID, member("Claire Dubois", registration.HeadOfDelegation, registration.Female, true)); err != nil {
		t.Errorf("the Secretariat after closing: %v", err)
	}
	if _, err := w.reg.RegisterRepresentative(ctx, w.secretariat, w.sess.ID, w.eco.ID, person("Omar Haddad", registration.Male, true)); err != nil {
		t.Errorf("the Secretariat registers a representative after closing: %v", err)
	}
	// Withdrawal stays open until the session ends (20 March, New York).
	w.e.Clock.Set(time.Date(2026, 3, 21, 4, 0, 0, 0, time.UTC))
	_, err = w.reg.Withdraw(ctx, w.ecoFocal, r.ID)
	if message(err) != "registration.session_ended" {
		t.Errorf("withdrawn after the session: %v", err)
	}
	w.e.Clock.Set(time.Date(2026, 3, 21, 3, 59, 0, 0, time.UTC))
	if _, err := w.reg.Withdraw(ctx, w.ecoFocal, r.ID); err != nil {
		t.Errorf("withdrawn on the last day: %v", err)
	}
}

// TestParticipantsAndFigures: the public list names the approved participants who
// consented; the figures count every approved participant, without names.
func TestParticipantsAndFigures(t *testing.T) {
	w := newWorld(t)
	fra, _ := w.delegation(t, w.fra, "FRA", member("Claire Dubois", registration.HeadOfDelegation, registration.Female, true))
	quiet, err := w.reg.AddMember(ctx, w.fra, fra.ID, registration.PersonInput{Name: "Discreet Adviser", Function: registration.Adviser,
		Gender: registration.Male, Email: "adviser@example.org", Consent: false})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.reg.Decide(ctx, w.secretariat, quiet.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	deputy, err := w.reg.AddMember(ctx, w.fra, fra.ID, member("Anne Deputy", registration.DeputyHead, registration.Female, true))
	if err != nil {
		t.Fatal(err)
	}
	_ = deputy // pending: neither listed nor counted
	w.delegation(t, w.ken, "KEN", member("Wanjiru Kamau", registration.HeadOfDelegation, registration.Female, true))
	rep, err := w.reg.RegisterRepresentative(ctx, w.ecoFocal, w.sess.ID, w.eco.ID, registration.PersonInput{Name: "Ana Lima",
		Gender: registration.Undisclosed, Email: "ana@example.org", UserID: w.member.UserID, Consent: true})
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
	var got []string
	for _, g := range groups {
		for _, p := range g.Participants {
			got = append(got, string(g.Category)+"/"+g.State+"/"+p.Name)
		}
	}
	want := "member_state/FRA/Claire Dubois member_state/KEN/Wanjiru Kamau representative//Ana Lima"
	if strings.Join(got, " ") != want {
		t.Errorf("participants:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if len(groups) != 3 || groups[2].OrganizationID != w.eco.ID {
		t.Errorf("groups: %+v", groups)
	}

	f, err := w.reg.Figures(ctx, w.public, w.sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if f.Total != 4 || f.ByGroup["WEOG"] != 2 || f.ByGroup["African"] != 1 || f.ByCategory[registration.MemberState] != 3 ||
		f.ByCategory[registration.Representative] != 1 || f.ByGender[registration.Female] != 2 || f.ByGender[registration.Male] != 1 ||
		f.ByGender[registration.Undisclosed] != 1 {
		t.Errorf("figures: %+v", f)
	}
}

// TestPerRole: who registers what, who decides, who reads pending registrations.
func TestPerRole(t *testing.T) {
	w := newWorld(t)
	fraDel, err := w.reg.RegisterDelegation(ctx, w.fra, w.sess.ID, "FRA")
	if err != nil {
		t.Fatal(err)
	}
	pending, err := w.reg.AddMember(ctx, w.fra, fraDel.ID, member("Claire Dubois", registration.HeadOfDelegation, registration.Female, true))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := w.reg.RegisterRepresentative(ctx, w.ecoFocal, w.sess.ID, w.eco.ID, person("Ana Lima", registration.Female, true))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name                           string
		who                            plenary.Actor
		fra, eco, decide, readFRA, all bool
	}{
		{"secretariat", w.secretariat, true, true, true, true, true},
		{"chair", w.chair, false, false, false, false, false},
		{"France's delegate", w.fra, true, false, false, true, false},
		{"Kenya's delegate", w.ken, false, false, false, false, false},
		{"the organization's focal point", w.ecoFocal, false, true, false, false, false},
		{"another focal point", w.ngoFocal, false, false, false, false, false},
		{"public", w.public, false, false, false, false, false},
		{"read-only token", w.roSec, false, false, false, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.reg.AddMember(ctx, tc.who, fraDel.ID, member("Jean "+tc.name, registration.Delegate, registration.Male, true))
			testenv.Allowed(t, "add a member to France's delegation", err, tc.fra)
			_, err = w.reg.RegisterDelegation(ctx, tc.who, w.sess.ID, "KEN")
			if tc.name == "secretariat" || tc.name == "Kenya's delegate" {
				if err != nil && plenary.ErrorKind(err) != plenary.KindConflict {
					t.Errorf("register Kenya's delegation: %v", err)
				}
			} else {
				testenv.Allowed(t, "register Kenya's delegation", err, false)
			}
			_, err = w.reg.RegisterRepresentative(ctx, tc.who, w.sess.ID, w.ngo.ID, person("X", registration.Male, true))
			if tc.name == "another focal point" || tc.name == "secretariat" {
				if message(err) != "registration.not_accredited" {
					t.Errorf("register for an organization not accredited: %v", err)
				}
			} else {
				testenv.Allowed(t, "register for another organization", err, false)
			}
			_, err = w.reg.Update(ctx, tc.who, rep.ID, person("Ana Lima "+tc.name, registration.Female, true))
			testenv.Allowed(t, "change the organization's registration", err, tc.eco)
			_, err = w.reg.Decide(ctx, tc.who, pending.ID, false, "Test")
			testenv.Allowed(t, "decide", err, tc.decide)
			_, err = w.reg.Delegation(ctx, tc.who, fraDel.ID)
			testenv.Allowed(t, "read France's pending delegation", err, tc.readFRA)
			_, err = w.reg.Registration(ctx, tc.who, rep.ID)
			testenv.Allowed(t, "read the pending representative", err, tc.all || tc.eco)
			rs, err := w.reg.SessionRegistrations(ctx, tc.who, w.sess.ID)
			if tc.who.SignedIn() {
				for _, r := range rs {
					if r.Status != registration.Approved && !tc.all && !(tc.fra && r.State == "FRA") && !(tc.eco && r.OrganizationID == w.eco.ID) {
						t.Errorf("sees someone else's pending registration %+v", r)
					}
				}
			} else {
				testenv.Allowed(t, "list registrations", err, false)
			}
			if _, err := w.reg.Participants(ctx, tc.who, w.sess.ID); err != nil {
				t.Errorf("the public list: %v", err)
			}
		})
	}
	// The Chair reads approved delegations and their approved members only.
	d, h := w.delegation(t, w.pse, "PSE", member("Riyad Mansour", registration.HeadOfDelegation, registration.Male, true))
	if got, err := w.reg.Delegation(ctx, w.chair, d.ID); err != nil || len(got.Members) != 1 {
		t.Errorf("the Chair reads an approved delegation: %+v, %v", got, err)
	}
	if r, err := w.reg.Registration(ctx, w.chair, h.ID); err != nil || r.Status != registration.Approved {
		t.Errorf("the Chair reads an approved member: %v", err)
	}
}

// TestMailsInEveryLanguage renders each registration e-mail in the six languages with
// nothing left untranslated.
func TestMailsInEveryLanguage(t *testing.T) {
	w := newWorld(t)
	for name := range registration.MailTemplates {
		for _, lang := range plenary.Languages {
			m, err := w.e.Mailer.Templates.Render(mail.Letter{To: "x@example.org", Lang: lang, Template: name, Data: map[string]string{
				"Name": "Wanjiru Kamau", "For": plenary.StateArg("KEN"), "Body": "Global Mechanism", "URL": "https://plenary.example.org/x",
				"Reason": "Conduct.", "Note": "Economy class."}})
			if err != nil {
				t.Fatalf("%s/%s: %v", name, lang, err)
			}
			for _, part := range []string{m.Subject, m.Text, m.HTML} {
				if strings.Contains(part, "mail.") || strings.Contains(part, "<no value>") || strings.Contains(part, "\x1b") {
					t.Errorf("%s/%s: untranslated text in %q", name, lang, part)
				}
			}
		}
	}
}
