package accreditation_test

import (
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestNonObjectionRound runs a whole round under the default practice.
func TestNonObjectionRound(t *testing.T) {
	w := newWorld(t)
	r := w.open(t)
	if r.Policy.Version != 1 || r.Policy.Rule != accreditation.NonObjection || r.Policy.Threshold != 1 {
		t.Fatalf("round opened under %+v", r.Policy)
	}
	// Applications close 21 local days later at 18:00 in New York.
	if want := accreditation.Deadline(testenv.Start, 21, 18, w.body.Location()); !r.ApplicationsClose.Equal(want) {
		t.Fatalf("applications close %v, want %v", r.ApplicationsClose, want)
	}
	ngo := w.apply(t, w.ngoFocal, w.ngo.ID)
	think := w.apply(t, w.thinkFocal, w.think.ID)
	eco := w.apply(t, w.ecosocFocal, w.ecosoc.ID)
	if eco.Kind != accreditation.KindNotification || ngo.Kind != accreditation.KindApplication {
		t.Fatalf("kinds %s %s", eco.Kind, ngo.Kind)
	}
	if !strings.HasPrefix(ngo.Tracking, "GM-R1-") {
		t.Fatalf("tracking %q", ngo.Tracking)
	}
	// The receipt quotes the tracking number.
	m := w.e.SMTP.WaitFor(t, 10*time.Second, testenv.To("ngo.focal@example.org"))
	if !strings.Contains(m.Subject+m.Text, ngo.Tracking) {
		t.Fatalf("receipt without the tracking number: %q\n%s", m.Subject, m.Text)
	}

	w.screen(t, ngo, think, eco)
	if w.status(t, eco.ID) != accreditation.Accredited {
		t.Fatal("an ECOSOC notification was not accredited on screening")
	}
	r = w.circulate(t, r)
	if r.Status != accreditation.RoundCirculating || w.status(t, ngo.ID) != accreditation.Circulated {
		t.Fatalf("after circulation: %s, %s", r.Status, w.status(t, ngo.ID))
	}
	w.e.SMTP.WaitFor(t, 10*time.Second, testenv.To("ken.delegate@example.org"))
	for _, m := range w.e.SMTP.Messages() {
		if testenv.To("pse.delegate@example.org")(m) && strings.Contains(m.Subject, "circulated") {
			t.Error("an observer State's delegate was asked to object")
		}
	}

	object(t, w, w.rus, "RUS", ngo, "General basis: concerns.")
	p := object(t, w, w.ken, "KEN", think, "")
	// Kenya thinks again before the deadline.
	if err := w.e.Accreditation.WithdrawPosition(ctx, w.ken, p.ID); err != nil {
		t.Fatal(err)
	}
	// One State holds one position at a time.
	_, err := w.e.Accreditation.TakePosition(ctx, w.rus, ngo.ID, accreditation.PositionInput{State: "RUS"})
	kindOf(t, err, plenary.KindConflict)

	// The job runs before the deadline: nothing is decided.
	w.decideAt(t, r.ObjectionsClose.Add(-time.Second))
	if w.status(t, ngo.ID) != accreditation.Circulated {
		t.Fatal("decided before the deadline")
	}
	w.decideAt(t, r.ObjectionsClose)
	if w.status(t, ngo.ID) != accreditation.Rejected || w.status(t, think.ID) != accreditation.Accredited {
		t.Fatalf("outcomes %s %s", w.status(t, ngo.ID), w.status(t, think.ID))
	}
	// Running it again changes nothing.
	w.decideAt(t, r.ObjectionsClose.Add(time.Hour))

	f, err := w.e.Accreditation.Round(ctx, plenary.Public("en"), w.body.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if f.Status != accreditation.RoundDecided || f.Applied != 2 || f.Circulated != 2 || f.Blocked != 1 || f.Accredited != 1 || f.ECOSOC != 1 {
		t.Fatalf("figures %+v", f)
	}
	list, err := w.e.Accreditation.Accredited(ctx, plenary.Public("en"), w.body.ID, accreditation.Filter{}, "en", func(string) string { return "" })
	if err != nil || len(list) != 2 {
		t.Fatalf("%d accredited, %v", len(list), err)
	}
	// Each applicant is told.
	w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("think.focal@example.org")(m) && strings.Contains(m.Subject, "accredited")
	})
	rej := w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("ngo.focal@example.org")(m) && strings.Contains(m.Subject, "Decision")
	})
	if strings.Contains(rej.Text, "Russia") || strings.Contains(rej.Text, "RUS") || strings.Contains(rej.Text, "concerns") {
		t.Fatalf("the rejection names the objector:\n%s", rej.Text)
	}
}

func TestLateObjectionRefused(t *testing.T) {
	w := newWorld(t)
	r := w.open(t)
	a := w.apply(t, w.ngoFocal, w.ngo.ID)
	w.screen(t, a)
	r = w.circulate(t, r)
	p := object(t, w, w.fra, "FRA", a, "")
	w.e.Clock.Set(r.ObjectionsClose) // the deadline itself is too late
	_, err := w.e.Accreditation.TakePosition(ctx, w.rus, a.ID, accreditation.PositionInput{State: "RUS"})
	kindOf(t, err, plenary.KindConflict)
	if message(err) != "accreditation.circulation_closed" {
		t.Fatalf("late objection: %v", err)
	}
	var perr *plenary.Error
	if e, ok := err.(*plenary.Error); ok {
		perr = e
	}
	if perr == nil || !strings.Contains(perr.Args["Deadline"].(string), r.ObjectionsClose.UTC().Format(time.RFC3339)) {
		t.Fatalf("the refusal does not give the deadline: %+v", perr)
	}
	kindOf(t, w.e.Accreditation.WithdrawPosition(ctx, w.fra, p.ID), plenary.KindConflict)
	w.decideAt(t, r.ObjectionsClose)
	if w.status(t, a.ID) != accreditation.Rejected {
		t.Fatal("the objection made in time did not count")
	}
	_, err = w.e.Accreditation.TakePosition(ctx, w.rus, a.ID, accreditation.PositionInput{State: "RUS"})
	kindOf(t, err, plenary.KindConflict)
}

// TestPolicyChangedMidRound: a round keeps the rules it opened under.
func TestPolicyChangedMidRound(t *testing.T) {
	w := newWorld(t)
	r := w.open(t)
	a := w.apply(t, w.ngoFocal, w.ngo.ID)
	w.screen(t, a)
	r = w.circulate(t, r)
	w.setPolicy(t, func(in *accreditation.PolicyInput) {
		in.Threshold = 3
		in.ObjectorsSeenBy = []accreditation.Audience{accreditation.Everyone}
	})
	object(t, w, w.rus, "RUS", a, "")
	// The public does not see the objector: the round's policy says nobody does.
	v, err := w.e.Accreditation.Get(ctx, w.ngoFocal, a.ID)
	if err != nil || len(v.Positions) != 0 {
		t.Fatalf("positions shown under the new policy: %+v %v", v.Positions, err)
	}
	w.decideAt(t, r.ObjectionsClose)
	if w.status(t, a.ID) != accreditation.Rejected {
		t.Fatal("the new threshold was applied to a round opened before it")
	}
	// The next round uses the new version.
	w.e.Clock.Advance(time.Hour)
	r2 := w.open(t)
	if r2.Policy.Version != 2 || r2.Policy.Threshold != 3 {
		t.Fatalf("next round under %+v", r2.Policy)
	}
}

func TestSecretariatDecision(t *testing.T) {
	w := newWorld(t)
	w.setPolicy(t, func(in *accreditation.PolicyInput) { in.Rule = accreditation.SecretariatDecision })
	r := w.open(t)
	a := w.apply(t, w.ngoFocal, w.ngo.ID)
	b := w.apply(t, w.thinkFocal, w.think.ID)
	w.screen(t, a, b)
	r = w.circulate(t, r)
	object(t, w, w.rus, "RUS", a, "")
	w.decideAt(t, r.ObjectionsClose)
	if w.status(t, a.ID) != accreditation.Circulated {
		t.Fatal("the deadline decided what the Secretariat decides")
	}
	kindOf(t, w.e.Accreditation.DecideByDecision(ctx, w.chair, a.ID, true), plenary.KindForbidden)
	if err := w.e.Accreditation.DecideByDecision(ctx, w.secretariat, a.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := w.e.Accreditation.DecideByDecision(ctx, w.secretariat, b.ID, false); err != nil {
		t.Fatal(err)
	}
	if w.status(t, a.ID) != accreditation.Accredited || w.status(t, b.ID) != accreditation.Rejected {
		t.Fatal("the Secretariat's decisions were not recorded")
	}
	f, _ := w.e.Accreditation.Round(ctx, plenary.Public("en"), w.body.ID, r.Number)
	if f.Status != accreditation.RoundDecided {
		t.Fatalf("round %s after every decision", f.Status)
	}
}

func TestParticipantsDecision(t *testing.T) {
	w := newWorld(t)
	w.setPolicy(t, func(in *accreditation.PolicyInput) { in.Rule = accreditation.ParticipantsDecision })
	r := w.open(t)
	a := w.apply(t, w.ngoFocal, w.ngo.ID)
	b := w.apply(t, w.thinkFocal, w.think.ID)
	w.screen(t, a, b)
	r = w.circulate(t, r)
	for _, s := range []struct {
		who   plenary.Actor
		state string
	}{{w.fra, "FRA"}, {w.ken, "KEN"}} {
		if _, err := w.e.Accreditation.TakePosition(ctx, s.who, a.ID, accreditation.PositionInput{State: s.state, Stance: accreditation.Support}); err != nil {
			t.Fatal(err)
		}
	}
	object(t, w, w.rus, "RUS", a, "")
	w.decideAt(t, r.ObjectionsClose)
	if w.status(t, a.ID) != accreditation.Accredited || w.status(t, b.ID) != accreditation.Rejected {
		t.Fatalf("outcomes %s (2 for, 1 against) and %s (silence)", w.status(t, a.ID), w.status(t, b.ID))
	}
}

func TestSupportOnlyUnderParticipantsRule(t *testing.T) {
	w := newWorld(t)
	r := w.open(t)
	a := w.apply(t, w.ngoFocal, w.ngo.ID)
	w.screen(t, a)
	w.circulate(t, r)
	_, err := w.e.Accreditation.TakePosition(ctx, w.fra, a.ID, accreditation.PositionInput{State: "FRA", Stance: accreditation.Support})
	if message(err) != "stance:field.choice" {
		t.Fatal(err)
	}
}

func TestScreeningAndResubmission(t *testing.T) {
	w := newWorld(t)
	w.open(t)
	a := w.apply(t, w.ngoFocal, w.ngo.ID)
	if _, err := w.e.Accreditation.Screen(ctx, w.secretariat, a.ID, false, ""); message(err) != "note:field.required" {
		t.Fatalf("incomplete without saying why: %v", err)
	}
	if _, err := w.e.Accreditation.Screen(ctx, w.secretariat, a.ID, false, "Please add your programmes of 2025."); err != nil {
		t.Fatal(err)
	}
	m := w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("ngo.focal@example.org")(m) && strings.Contains(m.Text, "programmes of 2025")
	})
	if !strings.Contains(m.Subject, a.Tracking) {
		t.Fatalf("subject %q", m.Subject)
	}
	if _, err := w.e.Accreditation.Update(ctx, w.ngoFocal, a.ID, accreditation.DossierInput{Purpose: "P", Programmes: "Programmes of 2025",
		UNInteractions: "U", ContactName: "S", ContactEmail: "c@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Accreditation.Submit(ctx, w.ngoFocal, a.ID); err != nil {
		t.Fatal(err)
	}
	w.screen(t, a)
	// Changing a screened application sends it back to screening.
	if _, err := w.e.Accreditation.Update(ctx, w.ngoFocal, a.ID, accreditation.DossierInput{Purpose: "P2", Programmes: "P",
		UNInteractions: "U", ContactName: "S", ContactEmail: "c@example.org"}); err != nil {
		t.Fatal(err)
	}
	if w.status(t, a.ID) != accreditation.Submitted {
		t.Fatalf("status %s after editing a screened application", w.status(t, a.ID))
	}
}

func TestIncompleteAreNotCirculated(t *testing.T) {
	w := newWorld(t)
	r := w.open(t)
	a := w.apply(t, w.ngoFocal, w.ngo.ID)
	draft, err := w.e.Accreditation.Start(ctx, w.thinkFocal, w.body.ID, w.think.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.e.Clock.Set(r.ApplicationsClose.Add(time.Minute))
	// Everything submitted must be screened first.
	_, err = w.e.Accreditation.Circulate(ctx, w.secretariat, r.ID)
	if message(err) != "accreditation.screen_first" {
		t.Fatal(err)
	}
	if _, err := w.e.Accreditation.Screen(ctx, w.secretariat, a.ID, false, "Missing letter."); err != nil {
		t.Fatal(err)
	}
	r, err = w.e.Accreditation.Circulate(ctx, w.secretariat, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if w.status(t, a.ID) != accreditation.NotCirculated || w.status(t, draft.ID) != accreditation.NotCirculated || r.Status != accreditation.RoundDecided {
		t.Fatalf("%s %s %s", w.status(t, a.ID), w.status(t, draft.ID), r.Status)
	}
}

func TestSubmissionChecks(t *testing.T) {
	w := newWorld(t)
	w.open(t)
	a, err := w.e.Accreditation.Start(ctx, w.ngoFocal, w.body.ID, w.ngo.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.e.Accreditation.Submit(ctx, w.ngoFocal, a.ID)
	var fields []string
	if v, ok := err.(*plenary.ValidationError); ok {
		for _, f := range v.Fields {
			fields = append(fields, f.Field)
		}
	}
	if strings.Join(fields, ",") != "purpose,programmes,un_interactions,contact_name,contact_email,letter" {
		t.Fatalf("missing fields reported: %v (%v)", fields, err)
	}
	// A renamed executable is refused, whatever its name.
	_, err = w.e.Accreditation.AttachLetter(ctx, w.ngoFocal, a.ID, filesUpload("letter.pdf", []byte("MZ\x90\x00 this is an executable")))
	if message(err) != "letter:field.file_type" {
		t.Fatal(err)
	}
	big := append(append([]byte(nil), letterPDF...), make([]byte, accreditation.MaxLetter)...)
	_, err = w.e.Accreditation.AttachLetter(ctx, w.ngoFocal, a.ID, filesUpload("big.pdf", big))
	if message(err) != "letter:field.file_too_large" {
		t.Fatal(err)
	}
	// One application per organization per round.
	_, err = w.e.Accreditation.Start(ctx, w.ngoFocal, w.body.ID, w.ngo.ID)
	if message(err) != "accreditation.already_applied" {
		t.Fatal(err)
	}
}

func TestReapplication(t *testing.T) {
	w := newWorld(t)
	w.setPolicy(t, func(in *accreditation.PolicyInput) { in.ReapplyAfterReject = false })
	r := w.open(t)
	a := w.apply(t, w.ngoFocal, w.ngo.ID)
	w.screen(t, a)
	r = w.circulate(t, r)
	object(t, w, w.rus, "RUS", a, "")
	w.decideAt(t, r.ObjectionsClose)
	w.open(t)
	_, err := w.e.Accreditation.Start(ctx, w.ngoFocal, w.body.ID, w.ngo.ID)
	if message(err) != "accreditation.no_reapplication" {
		t.Fatal(err)
	}
}

func TestWithdrawAccreditation(t *testing.T) {
	w := newWorld(t)
	r := w.open(t)
	a := w.apply(t, w.ngoFocal, w.ngo.ID)
	w.screen(t, a)
	r = w.circulate(t, r)
	w.decideAt(t, r.ObjectionsClose)
	acc, ok, err := w.e.Accreditation.Standing(ctx, w.secretariat, w.body.ID, w.ngo.ID)
	if err != nil || !ok {
		t.Fatalf("not accredited: %v", err)
	}
	if err := w.e.Accreditation.WithdrawAccreditation(ctx, w.secretariat, acc.ID, ""); message(err) != "reason:field.required" {
		t.Fatal(err)
	}
	kindOf(t, w.e.Accreditation.WithdrawAccreditation(ctx, w.ngoFocal, acc.ID, "x"), plenary.KindForbidden)
	if err := w.e.Accreditation.WithdrawAccreditation(ctx, w.secretariat, acc.ID, "Conduct at the second session."); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := w.e.Accreditation.Standing(ctx, w.secretariat, w.body.ID, w.ngo.ID); ok {
		t.Fatal("still accredited")
	}
	w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("ngo.focal@example.org")(m) && strings.Contains(m.Text, "Conduct at the second session.")
	})
}
