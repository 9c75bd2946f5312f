package web_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/registration"
	"github.com/plenary-platform/plenary/internal/survey"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// The set-up functions of leakRegistry: each builds its domain's confidential facts in the
// world through the services, as their users would, and says who may read them.

// pdfWith is a tiny but real PDF (uploads are checked by content) carrying text.
func pdfWith(text string) []byte {
	return []byte("%PDF-1.4\n% " + text + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// accountFacts: who has an account, the links that let a person set a password, and
// what signs a person in.
func accountFacts(t *testing.T, w *leakWorld) []fact {
	e := w.e
	// The Secretariat invites someone: the link goes to them alone. They open it (the
	// log must keep its path without the token).
	if _, err := e.Accounts.Create(ctx, w.actor(t, "secretariat"), account.CreateInput{Email: "nadia.newcomer@example.org",
		Name: "Nadia Newcomer", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	invitation := e.SMTP.WaitFor(t, 10*time.Second, testenv.To("nadia.newcomer@example.org"))
	m := regexp.MustCompile(`/password/set\?token=([A-Za-z0-9_.~-]{20,})`).FindStringSubmatch(invitation.Text)
	if m == nil {
		t.Fatalf("no link in the invitation:\n%s", invitation.Text)
	}
	if res := newBrowser(t, e).get("/en/password/set?token=" + m[1]); res.StatusCode != 200 {
		t.Fatalf("the invitation's link: %d", res.StatusCode)
	}
	// A token made and never shown again; the part after what the token list shows.
	token, _, err := e.Accounts.CreateToken(ctx, w.actor(t, "plain"), account.TokenInput{Name: "script", Scopes: []plenary.Scope{plenary.ScopeRead}, Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	return []fact{
		{name: "the address and name of someone signed in with no role", secrets: []string{w.email("plain"), w.users["plain"].Name},
			mayRead: []string{"secretariat", "plain"}, mailTo: w.emails("plain")},
		{name: "the link of an invitation to set a password", secrets: []string{m[1]}, mailed: true,
			mailTo: []string{"nadia.newcomer@example.org"}},
		{name: "what signs a person in: password hashes, second-factor seeds, API tokens",
			secrets: []string{"$argon2id$", testenv.TOTPSeed, token[len(account.TokenPrefix)+6:]},
			nobody:  "kept hashed or sealed: no page, response or e-mail shows them once made"},
	}
}

// organizationFacts: who holds a role for an organization, by address.
func organizationFacts(t *testing.T, w *leakWorld) []fact {
	return []fact{
		{name: "the address of an organization's representative", secrets: []string{w.email("representative")},
			mayRead: []string{"secretariat", "focal", "representative"}, mailTo: w.emails("representative", "focal", "secretariat")},
	}
}

// accWithin are the pages that may name an objecting State: accreditation's, the
// accredited lists, and the home page.
var accWithin = regexp.MustCompile(`^/$|^(/api/v1)?(/bodies/[^/]+)?/(accreditation|accredited)(/|$)`)

// accreditationFacts: who objected to an application and why, under gm's default rules
// (the Chair, the Secretariat and the objecting State's own delegates) while the
// application circulates and after the decision; under oewg's rules also the States
// whose request to the Chair was answered; and the applicant's contact person.
func accreditationFacts(t *testing.T, w *leakWorld) []fact {
	e, acc := w.e, w.e.Accreditation
	sec, chair := w.actor(t, "secretariat"), w.actor(t, "chair")
	gm, oewg := w.bodies["gm"].ID, w.bodies["oewg"].ID
	d := accreditation.DefaultPolicy()
	if _, err := acc.SetPolicy(ctx, sec, oewg, accreditation.PolicyInput{Eligible: d.Eligible, FastTrack: d.FastTrack, Rule: d.Rule,
		Threshold: d.Threshold, ApplicationDays: d.ApplicationDays, CirculationDays: d.CirculationDays, DeadlineHour: d.DeadlineHour,
		ReasonMode: d.ReasonMode, Validity: d.Validity, ReapplyAfterReject: d.ReapplyAfterReject,
		ObjectorsSeenBy: []accreditation.Audience{accreditation.StatesOnRequest},
		ReasonsSeenBy:   []accreditation.Audience{accreditation.StatesOnRequest}}); err != nil {
		t.Fatal(err)
	}
	open := func(body int64) accreditation.Round {
		r, err := acc.OpenRound(ctx, sec, body, accreditation.OpenInput{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// The forum's applications name its contact person; the others a generic one.
	contact := accreditation.DossierInput{Purpose: "Policy research.", Programmes: "Training.", UNInteractions: "None.",
		ContactName: "Wairimu Njeri-Contact", ContactEmail: "contact.person@ncpf.example", ContactPhone: "+254 20 765 4321"}
	apply := func(focal plenary.Actor, body, org int64) accreditation.Application {
		a, err := acc.Start(ctx, focal, body, org)
		if err != nil {
			t.Fatal(err)
		}
		dossier := contact
		if org != w.orgs["ncpf"].ID {
			dossier.ContactName, dossier.ContactEmail, dossier.ContactPhone = "Office", "office@example.org", ""
		}
		if _, err := acc.Update(ctx, focal, a.ID, dossier); err != nil {
			t.Fatal(err)
		}
		if _, err := acc.AttachLetter(ctx, focal, a.ID, files.Upload{Name: "l.pdf", Data: letterPDF}); err != nil {
			t.Fatal(err)
		}
		if a, err = acc.Submit(ctx, focal, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := acc.Screen(ctx, sec, a.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		w.use("applications", a.ID)
		return a
	}
	circulate := func(rs ...accreditation.Round) []accreditation.Round {
		var last time.Time
		for _, r := range rs {
			if r.ApplicationsClose.After(last) {
				last = r.ApplicationsClose
			}
		}
		e.Clock.Set(last.Add(time.Minute))
		var out []accreditation.Round
		for _, r := range rs {
			c, err := acc.Circulate(ctx, sec, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, c)
		}
		return out
	}
	object := func(role string, a accreditation.Application, state, reason string) {
		if _, err := acc.TakePosition(ctx, w.actor(t, role), a.ID, accreditation.PositionInput{State: state, Stance: accreditation.Object,
			Reason: reason}); err != nil {
			t.Fatal(err)
		}
	}
	const (
		reasonDecided     = "Funding from undisclosed sources"
		reasonCirculating = "Affiliated with a party to a pending dispute"
		reasonOnRequest   = "Statements inconsistent with the Charter"
		chairNote         = "Answered at the informal meeting of the bureau"
	)
	focal, meridianFocal := w.actor(t, "focal"), w.e.Actor(t, e.CreateUser(t, "meridian.focal@example.org", "Meridian Focal",
		plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: w.orgs["meridian"].ID}))

	// The first rounds: the Nairobi forum applies to both bodies, Meridian to oewg.
	r1, o1 := open(gm), open(oewg)
	ncpfGM := apply(focal, gm, w.orgs["ncpf"].ID)
	ncpfOEWG := apply(focal, oewg, w.orgs["ncpf"].ID)
	meridian := apply(meridianFocal, oewg, w.orgs["meridian"].ID)
	rounds := circulate(r1, o1)
	object("fra_delegate", ncpfGM, "FRA", reasonDecided)
	object("deu_delegate", meridian, "DEU", reasonOnRequest)
	// Brazil may not ask under gm's rules; under oewg's it asks about Meridian and the
	// Chair answers.
	if _, err := acc.RequestDisclosure(ctx, w.actor(t, "bra_delegate"), ncpfGM.ID, "BRA"); err == nil {
		t.Fatal("a disclosure request under rules that do not offer it")
	}
	req, err := acc.RequestDisclosure(ctx, w.actor(t, "bra_delegate"), meridian.ID, "BRA")
	if err != nil {
		t.Fatal(err)
	}
	if err := acc.AnswerDisclosure(ctx, chair, req.ID, chairNote); err != nil {
		t.Fatal(err)
	}
	// The deadlines: the forum is rejected by gm and accredited to oewg; Meridian is
	// rejected.
	deadline := rounds[0].ObjectionsClose
	if rounds[1].ObjectionsClose.After(deadline) {
		deadline = rounds[1].ObjectionsClose
	}
	e.Clock.Set(deadline)
	if err := acc.DecideDue(ctx, accreditation.DecideJob{}); err != nil {
		t.Fatal(err)
	}
	for a, want := range map[int64]accreditation.Status{ncpfGM.ID: accreditation.Rejected, ncpfOEWG.ID: accreditation.Accredited,
		meridian.ID: accreditation.Rejected} {
		if v, err := acc.Get(ctx, w.sys, a); err != nil || v.Status != want {
			t.Fatalf("decision on %d: %v %v, want %v", a, v.Status, err, want)
		}
	}
	e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To(w.email("focal"))(m) && strings.Contains(m.Subject, "Decision")
	})
	// gm's second round: the other lab applies; France objects while it circulates.
	r2 := open(gm)
	lab := apply(w.actor(t, "other_focal"), gm, w.orgs["lab"].ID)
	r2 = circulate(r2)[0]
	object("fra_delegate", lab, "FRA", reasonCirculating)
	w.afterCrawl = append(w.afterCrawl, func(t *testing.T) {
		if now := e.Clock.Now(); !now.Before(r2.ObjectionsClose) {
			t.Errorf("the clock (%v) passed gm's second round's deadline (%v): its application no longer circulated", now, r2.ObjectionsClose)
		}
	})
	w.use("rounds", 1, 2)

	france, germany := w.stateNames(t, "FRA"), w.stateNames(t, "DEU")
	staff := func(and ...string) []string { return append([]string{"secretariat", "chair"}, and...) }
	// France's own people hear of France's business by e-mail (the survey tells its team
	// and nominator of its questionnaire, drafts and versions): its name may reach them,
	// the reasons France gave never do.
	frenchNames := w.emails(staff("fra_delegate", "fra_nominator", "fra_editor", "fra_submitter")...)
	return []fact{
		{name: "who objected to an application still circulating, and why (default rules)", secrets: []string{reasonCirculating},
			names: france, within: accWithin, mailNames: true,
			mayRead: staff("fra_delegate"), mailTo: frenchNames,
			mailToFor: map[string][]string{reasonCirculating: w.emails(staff("fra_delegate")...)}},
		{name: "who objected to an application rejected on it, and why (default rules)", secrets: []string{reasonDecided},
			names: france, within: accWithin, mailNames: true,
			mayRead: staff("fra_delegate"), mailTo: frenchNames,
			mailToFor: map[string][]string{reasonDecided: w.emails(staff("fra_delegate")...)}},
		{name: "who objected and why, told to a State that asked the Chair (rules sharing on request)", secrets: []string{reasonOnRequest},
			names: germany, within: accWithin, mailNames: true,
			mayRead: staff("deu_delegate", "bra_delegate"), mailTo: w.emails(staff("deu_delegate", "bra_delegate")...)},
		{name: "the Chair's answer to a State's request", secrets: []string{chairNote},
			mayRead: staff("bra_delegate"), mailTo: w.emails(staff("bra_delegate")...)},
		{name: "an applicant's contact person", secrets: []string{contact.ContactName, contact.ContactEmail, contact.ContactPhone},
			mayRead: staff("focal", "representative"), mailTo: append(w.emails(staff("focal", "representative")...), contact.ContactEmail)},
	}
}

// meetingFacts: a session of oewg, with a public and a closed meeting, whose remote link
// is for the Chair, the Secretariat and the approved participants (registration's entry
// approves Brazil's head of delegation and the representative).
func meetingFacts(t *testing.T, w *leakWorld) []fact {
	e := w.e
	today := e.Clock.Now().Truncate(24 * time.Hour)
	const remote = "https://meet.example.int/oewg-room-7731-kestrel"
	s, err := e.Meetings.CreateSession(ctx, w.sys, meeting.SessionInput{BodyID: w.bodies["oewg"].ID, Kind: meeting.Substantive,
		StartsOn: today.AddDate(0, 0, 14), EndsOn: today.AddDate(0, 0, 18), RemoteURL: remote, RepresentativeLimit: 3,
		RegistrationCloses: today.AddDate(0, 0, 10)})
	if err != nil {
		t.Fatal(err)
	}
	w.session = s
	w.use("sessions", s.ID)
	for i, public := range []bool{true, false} {
		at := s.StartsOn.Add(time.Duration(14+i*4) * time.Hour)
		m, err := e.Meetings.CreateMeeting(ctx, w.sys, s.ID, meeting.MeetingInput{StartsAt: at, EndsAt: at.Add(3 * time.Hour), Formal: true, Public: public})
		if err != nil {
			t.Fatal(err)
		}
		w.meetings = append(w.meetings, m)
		w.use("meetings", i+1, m.ID)
	}
	return []fact{
		{name: "a session's remote link", secrets: []string{remote},
			mayRead: []string{"secretariat", "chair", "bra_delegate", "representative"},
			mailTo:  w.emails("secretariat", "chair", "bra_delegate", "representative")},
	}
}

// registrationFacts: Brazil's delegation with its note verbale, a member who did not
// consent to the public list and members' addresses; the forum's representative with
// travel funding; a registration waiting for a decision.
func registrationFacts(t *testing.T, w *leakWorld) []fact {
	reg, sec := w.e.Registration, w.actor(t, "secretariat")
	bra, focal := w.actor(t, "bra_delegate"), w.actor(t, "focal")
	const (
		note          = "NV/BRA/2026/0117"
		adviser       = "Discreet Adviser"
		adviserEmail  = "adviser@itamaraty.example"
		justification = "Travel from Nairobi; no budget for it."
		funding       = "Economy class, Nairobi to New York."
		repEmail      = "remy.travel@forum.example"
		pending       = "Wairimu Pending"
		pendingEmail  = "wairimu@forum.example"
	)
	d, err := reg.RegisterDelegation(ctx, bra, w.session.ID, "BRA")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reg.AttachCredentials(ctx, bra, d.ID, files.Upload{Name: "note-verbale.pdf", Data: pdfWith(note)}); err != nil {
		t.Fatal(err)
	}
	for _, in := range []registration.PersonInput{
		{Name: w.users["bra_delegate"].Name, Function: registration.HeadOfDelegation, Gender: registration.Male, Email: w.email("bra_delegate"),
			UserID: w.users["bra_delegate"].ID, Consent: true},
		{Name: adviser, Function: registration.Adviser, Gender: registration.Male, Email: adviserEmail},
	} {
		r, err := reg.AddMember(ctx, bra, d.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		w.use("registrations", r.ID)
	}
	if _, err := reg.DecideDelegation(ctx, sec, d.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	r, err := reg.RegisterRepresentative(ctx, focal, w.session.ID, w.orgs["ncpf"].ID, registration.PersonInput{Name: w.users["representative"].Name,
		Gender: registration.Male, Email: repEmail, UserID: w.users["representative"].ID, Consent: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reg.RequestSponsorship(ctx, focal, r.ID, justification); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.DecideSponsorship(ctx, sec, r.ID, true, funding); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Decide(ctx, sec, r.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	p, err := reg.RegisterRepresentative(ctx, focal, w.session.ID, w.orgs["ncpf"].ID, registration.PersonInput{Name: pending,
		Gender: registration.Female, Email: pendingEmail, Consent: true})
	if err != nil {
		t.Fatal(err)
	}
	w.use("delegations", d.ID)
	w.use("registrations", r.ID, p.ID)
	base := "/sessions/" + itoa(w.session.ID) + "/registration"
	w.page(base+"/manage?status=pending", base+"/delegations/"+itoa(d.ID), base+"/registrations/"+itoa(r.ID),
		base+"/registrations/"+itoa(p.ID))
	return []fact{
		{name: "a delegation's note verbale", secrets: []string{note},
			mayRead: []string{"secretariat", "bra_delegate"}, mailTo: w.emails("secretariat", "bra_delegate")},
		{name: "a delegate who did not consent to the public list", secrets: []string{adviser},
			mayRead: []string{"secretariat", "chair", "bra_delegate"}, mailTo: w.emails("secretariat", "chair", "bra_delegate")},
		{name: "a delegation member's address", secrets: []string{adviserEmail},
			mayRead: []string{"secretariat", "bra_delegate"}, mailTo: append(w.emails("secretariat", "bra_delegate"), adviserEmail)},
		{name: "a request for travel funding and the registered address", secrets: []string{justification, funding, repEmail},
			mayRead: []string{"secretariat", "focal", "representative"}, mailTo: append(w.emails("secretariat", "focal", "representative"), repEmail)},
		{name: "a registration waiting for a decision", secrets: []string{pending, pendingEmail},
			mayRead: []string{"secretariat", "focal"}, mailTo: append(w.emails("secretariat", "focal"), pendingEmail)},
	}
}

// floorFacts: the list of speakers of a closed meeting, with a written statement: for the
// Secretariat, the Chair and States' delegates.
func floorFacts(t *testing.T, w *leakWorld) []fact {
	fl, chair := w.e.Floor, w.actor(t, "chair")
	const (
		speaker   = "Ambassador Tereza Quaresma-Lins"
		statement = "Closed-session statement QX-3318"
	)
	closed := w.meetings[1]
	l, err := fl.OpenList(ctx, chair, closed.ID, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	en, err := fl.Inscribe(ctx, chair, l.ID, floor.InscribeInput{State: "BRA", SpeakerName: speaker})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fl.Next(ctx, chair, l.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := fl.AttachStatement(ctx, chair, l.ID, en.ID, "en", files.Upload{Name: "statement.pdf", Data: pdfWith(statement)}); err != nil {
		t.Fatal(err)
	}
	w.use("speakers", l.ID, en.ID)
	w.use("speaker-lists", l.ID)
	readers := []string{"secretariat", "chair", "fra_delegate", "deu_delegate", "bra_delegate"}
	return []fact{
		{name: "a closed meeting's list of speakers and statements", secrets: []string{speaker, statement},
			mayRead: readers, mailTo: w.emails(readers...)},
	}
}

// documentFacts: documents for States only, closed ones (the Chair and the Secretariat),
// and one whose publication is scheduled (the Secretariat until then).
func documentFacts(t *testing.T, w *leakWorld) []fact {
	docs := w.e.Documents
	gm := w.bodies["gm"].ID
	register := func(symbol, title, body string, access document.Access, at time.Time, pdf []byte) {
		d, err := docs.Register(ctx, w.sys, document.Input{BodyID: gm, Symbol: symbol, Kind: document.KindConferenceRoomPaper,
			Status: document.StatusFinal, Access: access, OriginalLanguage: "en", Title: title})
		if err != nil {
			t.Fatal(err)
		}
		in := document.TextInput{Language: "en", Title: title, Body: body}
		if pdf != nil {
			in.PDF = &files.Upload{Name: "paper.pdf", Data: pdf}
		}
		if _, err := docs.SetText(ctx, w.sys, d.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := docs.Publish(ctx, w.sys, d.ID, at); err != nil {
			t.Fatal(err)
		}
		w.use("documents", d.ID)
	}
	now := w.e.Clock.Now()
	register("A/AC.292/2026/2", "Annual progress report", "The Mechanism reports on its work.", document.AccessPublic, time.Time{}, pdfWith("public report"))
	register("A/AC.292/2026/CRP.7", "Secret negotiating paper", "A clause on undersea cables, the Kestrel clause.", document.AccessStates,
		time.Time{}, pdfWith("States-only annex KS-71"))
	register("A/AC.292/2026/CRP.9", "Restricted non-paper of the Chair", "The Osprey formula for the final report.", document.AccessClosed,
		time.Time{}, pdfWith("Closed annex OS-29"))
	register("A/AC.292/2026/INF.3", "Embargoed annotated programme", "The Heron sequence of the high-level segment.", document.AccessPublic,
		now.AddDate(1, 0, 0), pdfWith("Embargoed annex HR-88"))
	w.use("languages", "en")
	for _, q := range []string{"negotiating", "Kestrel", "Osprey", "Heron", "paper", "annotated"} {
		w.page("/documents?q="+q, "/bodies/gm/documents?q="+q)
		w.query("q", q)
	}
	w.page("/documents/export.csv", "/documents/export.json", "/bodies/gm/documents/feed.atom", "/bodies/oewg/documents/feed.atom")
	states := []string{"secretariat", "chair", "fra_delegate", "deu_delegate", "bra_delegate",
		"jpn_contact", "jpn_technical", "ken_contact", "mex_contact", "rus_contact", "unverified"}
	return []fact{
		{name: "a document for States only", secrets: []string{"A/AC.292/2026/CRP.7", "Secret negotiating paper", "Kestrel clause", "KS-71"},
			mayRead: states},
		{name: "a closed document", secrets: []string{"A/AC.292/2026/CRP.9", "Restricted non-paper", "Osprey formula", "OS-29"},
			mayRead: []string{"secretariat", "chair"}},
		{name: "a document before its publication", secrets: []string{"A/AC.292/2026/INF.3", "Embargoed annotated programme", "Heron sequence", "HR-88"},
			mayRead: []string{"secretariat"}},
	}
}

// consultationFacts: input waiting for moderation, withdrawn, or rejected with a reason
// (for its author and the Secretariat), and the address of an author without an account
// (for nobody: the receipt only).
func consultationFacts(t *testing.T, w *leakWorld) []fact {
	e, cons := w.e, w.e.Consultations
	d, err := e.Documents.Register(ctx, w.sys, document.Input{BodyID: w.bodies["gm"].ID, Symbol: "A/AC.292/2026/CRP.4",
		Kind: document.KindConferenceRoomPaper, Status: document.StatusDraft, Title: "Zero draft of the annual report"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.SetText(ctx, w.sys, d.ID, document.TextInput{Language: "en", Title: "Zero draft of the annual report",
		Body: "1. States reaffirm the framework.\n\n2. States will nominate Points of Contact.\n\n3. The Mechanism will report annually."}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.Publish(ctx, w.sys, d.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	w.use("documents", d.ID)
	now := e.Clock.Now()
	c, err := cons.Open(ctx, w.sys, d.ID, consultation.Input{OpensAt: now, ClosesAt: now.AddDate(0, 1, 0),
		LateRule: consultation.LateRefused, Eligibility: consultation.EligibleAnyone, Moderated: true})
	if err != nil {
		t.Fatal(err)
	}
	w.use("consultations", c.ID)
	plain := w.actor(t, "plain")
	submit := func(actor plenary.Actor, in consultation.SubmitInput) consultation.Submission {
		in.Language = "en"
		r, err := cons.Submit(ctx, actor, c.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		w.use("submissions", r.Submission.ID)
		w.use("tracking", r.Submission.Tracking)
		w.page("/submissions/track?tracking=" + r.Submission.Tracking)
		return r.Submission
	}
	const (
		pendingText   = "Pending input on the tidal-basin clause"
		withdrawnText = "Withdrawn input on the lantern clause"
		rejectedText  = "Rejected input on aquifer mapping"
		reason        = "Off-topic remarks about aquifers"
		laylaEmail    = "layla.hassan@example.org"
	)
	pending := submit(plain, consultation.SubmitInput{Text: pendingText})
	withdrawn := submit(plain, consultation.SubmitInput{Text: withdrawnText})
	if _, err := cons.Withdraw(ctx, plain, withdrawn.Tracking, ""); err != nil {
		t.Fatal(err)
	}
	rejected := submit(plain, consultation.SubmitInput{Text: rejectedText})
	if _, err := cons.Moderate(ctx, w.actor(t, "secretariat"), rejected.ID, false, reason); err != nil {
		t.Fatal(err)
	}
	layla := submit(plenary.Public("en"), consultation.SubmitInput{Name: "Layla Hassan", Email: laylaEmail, Text: "Public input on capacity building"})
	if _, err := cons.Moderate(ctx, w.actor(t, "secretariat"), layla.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if err := cons.SendReceipts(ctx, consultation.ReceiptsJob{}); err != nil {
		t.Fatal(err)
	}
	e.SMTP.WaitFor(t, 10*time.Second, testenv.To(laylaEmail))
	// The author opens the link of a receipt, as its e-mail offers.
	receipt := e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To(w.email("plain"))(m) && strings.Contains(m.Subject, pending.Tracking)
	})
	link := regexp.MustCompile(`/[a-z]{2}/submissions/track\?tracking=[A-Z0-9-]+`).FindString(receipt.Text)
	if link == "" {
		t.Fatalf("no link in the receipt:\n%s", receipt.Text)
	}
	newBrowser(t, e).get(link)
	w.page("/consultations/" + itoa(c.ID) + "/moderation")
	author := []string{"secretariat", "plain"}
	return []fact{
		{name: "input waiting for moderation", secrets: []string{pendingText}, mayRead: author, mailTo: w.emails("plain")},
		{name: "input its author withdrew", secrets: []string{withdrawnText}, mayRead: author, mailTo: w.emails("plain")},
		{name: "input rejected, and why", secrets: []string{rejectedText, reason}, mayRead: author, mailTo: w.emails("plain")},
		// Given to the author (by e-mail too) and the Secretariat; with the author's
		// address it reads and withdraws input sent without an account.
		{name: "a submission's tracking number", secrets: []string{pending.Tracking, withdrawn.Tracking, rejected.Tracking},
			mayRead: author, mailTo: w.emails("plain")},
		{name: "the address of an author without an account", secrets: []string{laylaEmail}, mailed: true, mailTo: []string{laylaEmail}},
	}
}

func contactDetails(name, email, phone string) directory.Details {
	return directory.Details{Name: name, Title: "Duty officer", Organisation: "Ministry", Emails: []string{email},
		Phones: []string{phone}, Languages: []string{"en"}, Lang: "en", TimeZone: "Asia/Tokyo", Always: true}
}

// directoryFacts: the Points of Contact directory is read only by the Secretariat and the
// verified contacts of participating States (and a State's nominator reads its own
// State's entries): Japan's verified contacts, a nomination awaiting verification, the
// contact of a State that left.
func directoryFacts(t *testing.T, w *leakWorld) []fact {
	e := w.e
	secretariat := w.actor(t, "secretariat")
	for _, st := range []string{"JPN", "KEN", "RUS", "FRA", "MEX"} {
		if _, err := e.Directory.SetParticipation(ctx, secretariat, st, directory.Participating, ""); err != nil {
			t.Fatal(err)
		}
	}
	// contact nominates and verifies a person whose account the world made; then their
	// second factor, as the role requires.
	contact := func(role, state string, fn directory.Function, phone string) directory.Contact {
		t.Helper()
		nominator := secretariat
		if state == "JPN" {
			nominator = w.actor(t, "jpn_nominator")
		}
		u := w.users[role]
		c, err := e.Directory.Nominate(ctx, nominator, directory.NominationInput{State: state, Function: fn,
			Details: contactDetails(u.Name, u.Email, phone)})
		if err != nil {
			t.Fatal(err)
		}
		if c, err = e.Directory.Verify(ctx, secretariat, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Accounts.SetUpSecondFactor(ctx, w.sys, u.ID, testenv.TOTPSeed); err != nil {
			t.Fatal(err)
		}
		w.use("contacts", c.ID)
		w.use("entries", c.ID)
		return c
	}
	contact("jpn_contact", "JPN", directory.Diplomatic, "+81 3 5501 8421")
	contact("jpn_technical", "JPN", directory.Technical, "+81 3 6205 7777")
	contact("ken_contact", "KEN", directory.Technical, "+254 20 555 0199")
	contact("mex_contact", "MEX", directory.Diplomatic, "+52 55 3686 5100")
	contact("rus_contact", "RUS", directory.Diplomatic, "+7 495 555 0142")
	// A nomination the Secretariat has not verified.
	p, err := e.Directory.Nominate(ctx, w.actor(t, "jpn_nominator"), directory.NominationInput{State: "JPN", Function: directory.Technical,
		Details: contactDetails("Haruto Shimizu", "pending.h@mofa.example.jp", "+81 3 5501 9999")})
	if err != nil {
		t.Fatal(err)
	}
	w.use("contacts", p.ID)
	w.use("entries", p.ID)
	// Russia leaves the directory: its contact reads nothing, and nobody but the
	// Secretariat reads its entry.
	if _, err := e.Directory.SetParticipation(ctx, secretariat, "RUS", directory.Left, ""); err != nil {
		t.Fatal(err)
	}
	w.use("states", "JPN", "KEN", "RUS", "FRA", "MEX", "USA", "BRA", "DEU")

	// E-mail: a contact's details go only to the contact, to the Secretariat and to the
	// same State's contacts (an escalation names the silent colleague), and a nomination's
	// also to the State's nominator.
	japan := []string{w.email("jpn_contact"), w.email("jpn_technical"), w.email("secretariat"), w.email("jpn_nominator")}
	nomination := []string{w.email("secretariat"), w.email("jpn_nominator"), "pending.h@mofa.example.jp"}
	return []fact{
		{name: "Japan's verified contacts",
			secrets: []string{"Ayumi Kagerou", w.email("jpn_contact"), "+81 3 5501 8421", "Kenji Morisaki", w.email("jpn_technical"), "+81 3 6205 7777"},
			mayRead: []string{"secretariat", "jpn_nominator", "jpn_contact", "jpn_technical", "ken_contact", "mex_contact"}, mailTo: japan},
		{name: "Japan's nomination awaiting verification", secrets: []string{"Haruto Shimizu", "pending.h@mofa.example.jp", "+81 3 5501 9999"},
			mayRead: []string{"secretariat", "jpn_nominator"}, mailTo: nomination,
			mailToFor: map[string][]string{"+81 3 5501 9999": {w.email("secretariat"), w.email("jpn_nominator")}}},
		{name: "the contact of a State that left", secrets: []string{w.email("rus_contact"), "+7 495 555 0142"},
			// the contact's own account page shows their address
			mayRead: []string{"secretariat", "rus_contact"}, mailTo: w.emails("rus_contact", "secretariat")},
	}
}

// pingFacts: acknowledgement links (their contact's alone), a State's silence (the
// Secretariat's and the State's own contacts'), and a round that chose one State.
func pingFacts(t *testing.T, w *leakWorld) []fact {
	e := w.e
	secretariat := w.actor(t, "secretariat")
	// A round of pings: Kenya and Mexico answer, Japan does not, and Japan's contacts hear
	// of it.
	round, err := e.Pings.CreateRound(ctx, secretariat, ping.RoundInput{Title: "Test round", Scope: ping.ScopeAll, Hours: 48})
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"ken_contact", "mex_contact"} {
		pending, err := e.Pings.Pending(ctx, w.actor(t, role))
		if err != nil || len(pending) != 1 {
			t.Fatalf("%s's pending pings: %v %v", role, pending, err)
		}
		if _, err := e.Pings.AcknowledgeInApp(ctx, w.actor(t, role), pending[0].Request.ID); err != nil {
			t.Fatal(err)
		}
	}
	e.Clock.Set(round.EscalateAt)
	if err := e.Pings.Tick(ctx, ping.TickJob{}); err != nil {
		t.Fatal(err)
	}
	e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool { return strings.Contains(m.Subject, "has not answered") })
	// A drill for Kenya alone, not answered yet.
	const drill = "Drill Kestrel-7"
	only, err := e.Pings.CreateRound(ctx, secretariat, ping.RoundInput{Title: drill, Scope: ping.ScopeStates, States: []string{"KEN"}, Hours: 72})
	if err != nil {
		t.Fatal(err)
	}
	w.use("pings", round.ID, only.ID)
	w.use("rounds", round.ID, only.ID)

	// Every link, and whose it is; one is opened (not used), so that the log has its path.
	links := map[string][]string{}
	var secrets []string
	contacts := map[int64]string{}
	for _, role := range []string{"jpn_contact", "jpn_technical", "ken_contact", "mex_contact"} {
		for _, c := range mustReachable(t, w, role) {
			contacts[c] = w.email(role)
		}
	}
	for _, r := range []ping.Round{round, only} {
		qs, err := e.DB.Pings().Requests(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			tok := e.Pings.Token(q)
			secrets = append(secrets, tok)
			links[tok] = []string{contacts[q.ContactID]}
		}
	}
	if len(secrets) != 5 {
		t.Fatalf("%d pings, want 5", len(secrets))
	}
	e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool { return strings.Contains(m.Subject, drill) })
	if res := newBrowser(t, e).get("/en/pings/acknowledge/" + secrets[0]); res.StatusCode != 200 {
		t.Fatalf("a link opened: %d", res.StatusCode)
	}
	return []fact{
		{name: "acknowledgement links", secrets: secrets, mailed: true, mailToFor: links,
			logPatterns: []*regexp.Regexp{regexp.MustCompile(`/pings/acknowledge/[A-Za-z0-9_-]{20,}`)}},
		{name: "a State's silence", names: w.stateNames(t, "JPN"), within: regexp.MustCompile(`^(/api/v1)?/pings(/|$)`),
			mayRead: []string{"secretariat", "jpn_contact", "jpn_technical"}},
		{name: "a round that chose one State", secrets: []string{drill},
			mayRead: []string{"secretariat", "ken_contact"}, mailTo: w.emails("secretariat", "ken_contact")},
	}
}

// mustReachable returns the directory entries of a verified contact.
func mustReachable(t *testing.T, w *leakWorld, role string) []int64 {
	t.Helper()
	rs, err := w.e.Directory.Reachable(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, r := range rs {
		if r.UserID == w.users[role].ID {
			out = append(out, r.ContactID)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s is no verified contact", role)
	}
	return out
}

// communicationFacts: what two States' contacts write to each other (theirs alone), and
// what one of them shared with the Secretariat.
func communicationFacts(t *testing.T, w *leakWorld) []fact {
	comms := w.e.Communications
	jpn, ken := w.actor(t, "jpn_contact"), w.actor(t, "ken_contact")
	// Japan writes to Kenya; Kenya answers. Neither shares it with the Secretariat.
	msg, err := comms.Send(ctx, jpn, communication.Input{From: "JPN", To: "KEN", Kind: communication.IncidentNotification,
		Urgency: communication.Urgent, Description: "Beaconing from AS64501 towards the grid operator",
		RequestedAction: "Block sinkhole 198.51.100.77 at the national exchange"})
	if err != nil {
		t.Fatal(err)
	}
	reply, err := comms.Reply(ctx, ken, msg.ID, communication.Input{Kind: communication.InformationRequest,
		Urgency: communication.Urgent, Description: "Kenyan CIRT confirms indicator Nyati-42"})
	if err != nil {
		t.Fatal(err)
	}
	// Kenya writes to Japan with a sample and shares it with the Secretariat; Japan's
	// answer is not shared.
	shared, err := comms.Send(ctx, ken, communication.Input{From: "KEN", To: "JPN", Kind: communication.AssistanceRequest,
		Urgency: communication.Priority, Description: "The Mbuni-9 phishing kit targets both ministries", RequestedAction: "Take down the kit's hosting",
		Attachments: []files.Upload{{Name: "mbuni-sample.pdf", Data: pdfWith("Mbuni payload sample")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := comms.Share(ctx, ken, shared.ID); err != nil {
		t.Fatal(err)
	}
	answer, err := comms.Reply(ctx, jpn, shared.ID, communication.Input{Urgency: communication.Priority,
		Description: "Japan blocked the Kawasemi-3 domains"})
	if err != nil {
		t.Fatal(err)
	}
	// Nobody acknowledges the urgent ones in time: they are escalated, by e-mail to both
	// States' contacts (which never carries what was written).
	w.e.Clock.Advance(communication.Urgent.Window() + time.Minute)
	if err := comms.EscalateDue(ctx, communication.EscalateJob{}); err != nil {
		t.Fatal(err)
	}
	w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool { return strings.HasPrefix(m.Subject, "Unanswered:") })
	w.use("communications", msg.ID, reply.ID, shared.ID, answer.ID)
	w.use("attachments", 1)
	parties := []string{"jpn_contact", "jpn_technical", "ken_contact"}
	return []fact{
		// What States write to each other never travels by e-mail, to anyone.
		{name: "a communication between Japan and Kenya", secrets: []string{"AS64501", "198.51.100.77", "Nyati-42"}, mayRead: parties},
		{name: "a communication shared with the Secretariat", secrets: []string{"Mbuni-9", "mbuni-sample.pdf", "Mbuni payload sample"},
			mayRead: append(parties, "secretariat")},
		{name: "the answer to a shared communication, not shared", secrets: []string{"Kawasemi-3"}, mayRead: parties},
	}
}

// auditFacts: the audit trail is the Secretariat's.
func auditFacts(t *testing.T, w *leakWorld) []fact {
	// The first events (the bodies made with the world), whose hashes the chain keeps.
	var events []audit.Event
	for page := (plenary.PageRequest{Limit: plenary.MaxPageSize}); ; {
		got, err := w.e.Audit.List(ctx, w.sys, audit.Filter{}, page)
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, got.Items...)
		if got.Next == "" {
			break
		}
		page.Cursor = got.Next
	}
	if len(events) < 10 {
		t.Fatalf("%d audit events", len(events))
	}
	var hashes []string
	for _, ev := range events[len(events)-3:] {
		hashes = append(hashes, ev.Hash)
	}
	return []fact{{name: "the audit trail", secrets: hashes, mayRead: []string{"secretariat"}}}
}

// frameworkFacts: the framework the survey is built on, imported from the demo's file and
// published; then a second version drafted, whose new element is the Secretariat's until
// it is published.
func frameworkFacts(t *testing.T, w *leakWorld) []fact {
	fw, sec := w.e.Frameworks, w.actor(t, "secretariat")
	f, err := fw.Create(ctx, sec, framework.Input{Code: "ict-security", Names: plenary.Localized{"en": "Framework of responsible State behaviour"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := fw.StartDraft(ctx, sec, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(frameworkFile)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, err := fw.Import(ctx, sec, v.ID, file); err != nil {
		t.Fatal(err)
	}
	if w.framework, err = fw.Publish(ctx, sec, v.ID, "First version"); err != nil {
		t.Fatal(err)
	}
	const draftTitle = "Draft norm (l) on post-quantum migration, Sparrowhawk wording"
	v2, err := fw.StartDraft(ctx, sec, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.SaveElement(ctx, sec, v2.ID, "", framework.ElementInput{Code: "norm.l", Parent: "norms", Kind: "norm",
		Titles: plenary.Localized{"en": draftTitle}}); err != nil {
		t.Fatal(err)
	}
	w.use("frameworks", f.Code)
	w.use("versions", v.Number, v2.Number, itoa(int64(v.Number))+".csv", itoa(int64(v2.Number))+".csv")
	w.use("elements", "norm.c", "norm.l")
	w.page("/frameworks/ict-security/diff?from=1&to=2")
	return []fact{
		{name: "a draft framework element's title", secrets: []string{draftTitle}, mayRead: []string{"secretariat"}},
	}
}

// surveyFacts: the 2026 questionnaire on the framework's first version, open. France's
// team drafts a private answer with its evidence and a comment, and submits it as a
// private version: its team's alone (the Secretariat knows only that France answered).
// Kenya publishes a version to States only; Japan one to the public. No e-mail carries an
// answer or a comment, even a public one.
func surveyFacts(t *testing.T, w *leakWorld) []fact {
	sv, sec := w.e.Survey, w.actor(t, "secretariat")
	q, err := sv.CreateQuestionnaire(ctx, sec, survey.QuestionnaireInput{BodyID: w.bodies["gm"].ID, Cycle: "2026",
		FrameworkVersionID: w.framework.ID, Titles: plenary.Localized{"en": "2026 national survey of implementation"}})
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(questionnaireFile)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, err := sv.ImportQuestions(ctx, sec, q.ID, file); err != nil {
		t.Fatal(err)
	}
	if q, err = sv.SetStatus(ctx, sec, q.ID, survey.Open); err != nil {
		t.Fatal(err)
	}
	const (
		franceText     = "Private FRA assessment: the Sparrowhawk CERT lacks forensic staff"
		franceComment  = "FRA team note: check the Sparrowhawk staffing figures first"
		franceEvidence = "fra-sparrowhawk-annex.pdf"
		franceAnnex    = "Sparrowhawk forensic annex FA-52"
		kenyaText      = "Kenyan position for States: the Simba CSIRT covers all 47 counties"
		japanText      = "Public answer of Japan: the Tanuki exercise ran in all prefectures"
	)
	answer := func(role, state string, in ...survey.AnswerInput) survey.Version {
		t.Helper()
		a := w.actor(t, role)
		res, err := sv.Save(ctx, a, q.ID, state, in)
		if err != nil || len(res.Conflicts) > 0 {
			t.Fatalf("%s answers: %+v %v", role, res, err)
		}
		if state == "FRA" { // France's editor comments; France's submitter submits
			if _, err := sv.Comment(ctx, a, q.ID, state, "norm.c.status", franceComment); err != nil {
				t.Fatal(err)
			}
			a = w.actor(t, "fra_submitter")
		}
		v, err := sv.Submit(ctx, a, q.ID, state)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	answer("fra_editor", "FRA", survey.AnswerInput{Question: "norm.c.status", Value: survey.Value{Choice: survey.Partly, Text: franceText}, Language: "en"},
		survey.AnswerInput{Question: "law.evidence", Language: "en", File: &files.Upload{Name: franceEvidence, Data: pdfWith(franceAnnex)}})
	ken := answer("ken_submitter", "KEN", survey.AnswerInput{Question: "norm.c.status", Value: survey.Value{Choice: survey.Yes, Text: kenyaText}, Language: "en"})
	if _, err := sv.SetLevel(ctx, w.actor(t, "ken_submitter"), ken.ID, survey.StatesOnly); err != nil {
		t.Fatal(err)
	}
	jpn := answer("jpn_nominator", "JPN", survey.AnswerInput{Question: "norm.c.status", Value: survey.Value{Choice: survey.Yes, Text: japanText}, Language: "en"})
	if _, err := sv.SetLevel(ctx, w.actor(t, "jpn_nominator"), jpn.ID, survey.Public); err != nil {
		t.Fatal(err)
	}
	d, err := sv.Workspace(ctx, w.actor(t, "fra_editor"), q.ID, "FRA")
	if err != nil {
		t.Fatal(err)
	}
	w.use("survey", q.ID)
	w.use("evidence", d.Answers["law.evidence"].Value.FileID)
	w.use("states", "FRA", "KEN", "JPN")
	base := "/survey/" + itoa(q.ID)
	w.page(base+"/compare?states=FRA,KEN,JPN&element=norm.c", base+"/compare?question=norm.c.status", base+"/aggregate?question=norm.c.status",
		base+"/published.csv", base+"/published.json", base+"/states/FRA/export.csv?version=1", base+"/states/FRA/export.docx?version=1")
	france := []string{"fra_editor", "fra_submitter"}
	// Those acting for a State, and the Secretariat.
	states := []string{"secretariat", "fra_delegate", "deu_delegate", "bra_delegate", "jpn_nominator", "fra_nominator", "unverified",
		"jpn_contact", "jpn_technical", "ken_contact", "mex_contact", "rus_contact", "fra_editor", "fra_submitter", "ken_submitter"}
	return []fact{
		// No mailTo: no e-mail may carry any of it, to anyone.
		{name: "France's private answer, its evidence and its team's comment",
			secrets: []string{franceText, franceComment, franceEvidence, franceAnnex}, mayRead: france},
		{name: "Kenya's answer published to States only", secrets: []string{kenyaText}, mayRead: states},
		{name: "Japan's public answer (never in an e-mail)", secrets: []string{japanText}, mayRead: w.roles()},
	}
}

// followupFacts: France's submitter reports privately on a recommendation of an adopted
// report, with a note and a file; Kenya's reports for States only; Japan's publicly. The
// recommendation links to norm (c), so that the State's page shows its published survey
// answers beside its reports (the survey's facts say who reads those). The rest of each
// team is told by e-mail that the State reported, never what. Who reported is named only
// to the State's team and the Secretariat, on the follow-up's pages (elsewhere a team's
// page names its members).
func followupFacts(t *testing.T, w *leakWorld) []fact {
	fu, sec := w.e.FollowUp, w.actor(t, "secretariat")
	d, err := w.e.Documents.Register(ctx, sec, document.Input{BodyID: w.bodies["gm"].ID, Symbol: "A/75/816", Kind: document.KindReport,
		Status: document.StatusFinal, Access: document.AccessPublic, OriginalLanguage: "en", Title: "Final report of the Working Group"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Documents.SetText(ctx, sec, d.ID, document.TextInput{Language: "en", Title: "Final report of the Working Group",
		Body: "The OEWG recommends that\n\n31. States protect critical infrastructure."}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Documents.Publish(ctx, sec, d.ID, w.e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, ps, err := w.e.Documents.Paragraphs(ctx, sec, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err := fu.MarkParagraph(ctx, sec, followup.MarkInput{BodyID: w.bodies["gm"].ID, DocumentID: d.ID, ParagraphKey: ps[1].Key,
		Kind: followup.Recommendation, Code: "rec.31", Links: []followup.Link{{Framework: "ict-security", Element: "norm.c"}}})
	if err != nil {
		t.Fatal(err)
	}
	const (
		franceNote  = "Private FRA follow-up: the Kestrel grid operators missed the audit"
		franceFile  = "fra-kestrel-audit.pdf"
		franceAnnex = "Kestrel audit annex KA-17"
		kenyaNote   = "Kenyan follow-up for States: the Twiga drills cover every county"
		japanNote   = "Public follow-up of Japan: the Kitsune grid rules are in force"
	)
	fra, err := fu.Report(ctx, w.actor(t, "fra_submitter"), followup.ReportInput{CommitmentID: c.ID, State: "FRA", Status: "under_way",
		Note: franceNote, NoteLanguage: "en", EvidenceFile: &files.Upload{Name: franceFile, Data: pdfWith(franceAnnex)}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fu.Report(ctx, w.actor(t, "ken_submitter"), followup.ReportInput{CommitmentID: c.ID, State: "KEN", Status: "planned",
		Note: kenyaNote, NoteLanguage: "en", Level: followup.StatesOnly}); err != nil {
		t.Fatal(err)
	}
	if _, err := fu.Report(ctx, w.actor(t, "jpn_nominator"), followup.ReportInput{CommitmentID: c.ID, State: "JPN", Status: "implemented",
		Note: japanNote, NoteLanguage: "en", Level: followup.Public}); err != nil {
		t.Fatal(err)
	}
	w.use("commitments", c.ID)
	w.use("evidence", fra.Evidence.FileID)
	w.page("/follow-up/commitments/new?document="+itoa(d.ID), "/follow-up/follow?version="+itoa(w.framework.ID))
	// Those acting for a State, and the Secretariat: who reads what is published to States.
	states := []string{"secretariat", "fra_delegate", "deu_delegate", "bra_delegate", "jpn_nominator", "fra_nominator", "unverified",
		"jpn_contact", "jpn_technical", "ken_contact", "mex_contact", "rus_contact", "fra_editor", "fra_submitter", "ken_submitter"}
	followUp := regexp.MustCompile(`^/follow-up`)
	return []fact{
		// No mailTo: the team's e-mail says only that the State reported.
		{name: "France's private follow-up report, its note and evidence", secrets: []string{franceNote, franceFile, franceAnnex},
			mayRead: []string{"fra_editor", "fra_submitter"}},
		{name: "Kenya's follow-up report for States", secrets: []string{kenyaNote}, mayRead: states},
		{name: "Japan's public follow-up report (never in an e-mail)", secrets: []string{japanNote}, mayRead: w.roles()},
		// The Secretariat knows that France reported privately, and who did, not what.
		{name: "who made France's private follow-up report", names: []string{w.users["fra_submitter"].Name}, within: followUp,
			mayRead: []string{"fra_editor", "fra_submitter", "secretariat"}},
		{name: "who made Kenya's follow-up report for States", names: []string{w.users["ken_submitter"].Name}, within: followUp,
			mayRead: []string{"ken_submitter", "secretariat"}},
		{name: "who made Japan's public follow-up report", names: []string{w.users["jpn_nominator"].Name}, within: followUp,
			mayRead: []string{"jpn_nominator", "secretariat"}},
	}
}
