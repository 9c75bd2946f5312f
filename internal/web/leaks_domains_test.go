package web_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// The set-up functions of leakRegistry: each builds its domain's confidential facts in the
// world through the services, as their users would, and says who may read them.

// pdfWith is a tiny but real PDF (uploads are checked by content) carrying text.
func pdfWith(text string) []byte {
	return []byte("%PDF-1.4\n% " + text + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
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
