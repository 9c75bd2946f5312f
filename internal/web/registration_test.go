package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/registration"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// A tiny but real PDF: uploads are checked by content.
var noteVerbale = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var idAtEnd = regexp.MustCompile(`/(\d+)$`)

// lastID reads the number at the end of a redirect's path.
func lastID(t *testing.T, res response) string {
	t.Helper()
	m := idAtEnd.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("no id in %q", res.Header.Get("Location"))
	}
	return m[1]
}

// TestRegistrationThroughPages: France's delegate registers the delegation with its note
// verbale and members; the Secretariat approves it; an accredited organization's focal
// point registers representatives up to the session's limit and is told, in French,
// when past it; travel funding is asked and granted; the public list names only the
// approved participants who consented, without e-mail addresses; the note verbale goes
// to the Secretariat and France's delegates only.
func TestRegistrationThroughPages(t *testing.T) {
	e := testenv.New(t)
	w := accWorld(t, e)
	org := w.accredit(t, organization.NGO, "KEN", plenary.Localized{"en": "Nairobi Cyber Forum", "fr": "Forum cyber de Nairobi"})
	sess, err := e.Meetings.CreateSession(ctx, w.sys, meeting.SessionInput{BodyID: w.bodyID, Kind: meeting.Substantive,
		StartsOn: day(2026, 3, 16), EndsOn: day(2026, 3, 20), RepresentativeLimit: 2, RegistrationCloses: day(2026, 3, 13)})
	if err != nil {
		t.Fatal(err)
	}
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	fraU := e.CreateUser(t, "claire@diplomatie.example", "Claire Dubois", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	kenU := e.CreateUser(t, "wanjiru@example.org", "Wanjiru Kamau", plenary.Grant{Role: plenary.RoleDelegate, State: "KEN"})
	chairU := e.CreateUser(t, "chair@example.org", "The Chair", plenary.Grant{Role: plenary.RoleChair})
	focalU := e.CreateUser(t, "achieng@forum.example", "Achieng Otieno", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID})

	base := "/sessions/" + itoa(sess.ID)
	reg := base + "/registration"
	pub := newBrowser(t, e)
	mustContain(t, pub.get("/en"+base).Body, `href="/en`+base+`/participants"`, `href="/en`+base+`/figures"`)
	if res := pub.get("/en" + reg); res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "/sign-in") {
		t.Errorf("the public at the registration page: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	// France's delegate registers the delegation.
	fra := newSignedIn(t, e, fraU)
	mustContain(t, expect(t, "delegate's page", fra.get("/en"+reg), 200).Body, "Register the delegation", "France")
	del := reg + "/delegations/" + lastID(t, expect(t, "register", fra.post("/en"+reg+"/delegations", url.Values{"state": {"FRA"}}), 303))
	res := expect(t, "twice", fra.post("/fr"+reg+"/delegations", url.Values{"state": {"FRA"}}), 409)
	mustContain(t, res.Body, "déjà inscrite")

	// The note verbale: a program renamed .pdf is refused, in French; the PDF is taken.
	res = expect(t, "program as note", fra.postFile("/fr"+del+"/credentials", nil, "letter", "note.pdf", []byte("MZ\x90\x00program")), 422)
	mustContain(t, res.Body, `href="#field-letter"`, "pas au format PDF")
	expect(t, "no file", fra.postFile("/en"+del+"/credentials", nil, "letter", "", nil), 422)
	expect(t, "note verbale", fra.postFile("/en"+del+"/credentials", nil, "letter", "note-verbale.pdf", noteVerbale), 303)

	// Members: mistakes come back on the form with what was typed.
	res = expect(t, "bad member", fra.post("/en"+del+"/members", url.Values{"name": {""}, "email": {"claire@diplomatie.example"}, "function": {"ambassador"}}), 422)
	mustContain(t, res.Body, `href="#field-name"`, `href="#field-function"`, `href="#field-gender"`, `value="claire@diplomatie.example"`)
	expect(t, "head", fra.post("/en"+del+"/members", url.Values{"name": {"Claire Dubois"}, "function": {"head_of_delegation"},
		"gender": {"female"}, "email": {"claire@diplomatie.example"}, "consent": {"on"}, "self": {"on"}}), 303)
	res = expect(t, "second head", fra.post("/es"+del+"/members", url.Values{"name": {"Jean Martin"}, "function": {"head_of_delegation"}, "gender": {"male"}}), 422)
	mustContain(t, res.Body, `value="Jean Martin"`, "ya tiene")
	expect(t, "adviser", fra.post("/en"+del+"/members", url.Values{"name": {"Discreet Adviser"}, "function": {"adviser"},
		"gender": {"male"}, "email": {"adviser@diplomatie.example"}}), 303)
	mustContain(t, fra.get("/en"+del).Body, "Claire Dubois", "Head of delegation", "Discreet Adviser", "Pending", "Download the note verbale")

	// Kenya's delegate does not see France's delegation; the focal point neither.
	ken := newSignedIn(t, e, kenU)
	expect(t, "Kenya reads France", ken.get("/en"+del), 404)
	mustNotContain(t, expect(t, "Kenya's page", ken.get("/en"+reg), 200).Body, "Claire Dubois")

	// The Secretariat: a rejection needs a reason; then it approves.
	sec := newSignedIn(t, e, admin)
	res = expect(t, "manage", sec.get("/en"+reg+"/manage?status=pending"), 200)
	mustContain(t, res.Body, "France", "Pending", "Reject, with a reason")
	res = expect(t, "reject without reason", sec.post("/en"+del+"/decide", url.Values{"decision": {"reject"}, "reason": {" "}}), 422)
	mustContain(t, res.Body, `href="#field-reason"`)
	expect(t, "no decision", sec.post("/en"+del+"/decide", url.Values{}), 422)
	expect(t, "approve", sec.post("/en"+del+"/decide", url.Values{"decision": {"approve"}}), 303)
	mustContain(t, sec.get("/en"+del).Body, "Approved")
	expect(t, "decided twice", sec.post("/en"+del+"/decide", url.Values{"decision": {"approve"}}), 409)
	mustNotContain(t, sec.get("/en"+reg+"/manage?status=pending").Body, "Reject, with a reason")

	// The note verbale is a download for the Secretariat and France's delegates only.
	for who, b := range map[string]*browser{"secretariat": sec, "France": fra} {
		res := expect(t, who+" downloads", b.get("/en"+del+"/credentials"), 200)
		if res.Body != string(noteVerbale) || res.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: the note verbale as %v", who, res.Header)
		}
	}
	chair := newSignedIn(t, e, chairU)
	focal := newSignedIn(t, e, focalU)
	for who, b := range map[string]*browser{"Kenya": ken, "the Chair": chair, "the focal point": focal} {
		expect(t, who+" downloads", b.get("/en"+del+"/credentials"), 404)
	}
	expect(t, "the public downloads", pub.get("/en"+del+"/credentials"), 303)
	// The Chair reads the approved delegation, without the note verbale or e-mails.
	res = expect(t, "the Chair reads France", chair.get("/en"+del), 200)
	mustContain(t, res.Body, "Claire Dubois")
	mustNotContain(t, res.Body, "diplomatie.example", "/credentials", "Record the decision")

	// The focal point registers representatives up to the limit (2).
	res = expect(t, "focal's page", focal.get("/en"+reg), 200)
	mustContain(t, res.Body, "Nairobi Cyber Forum", "Register a representative")
	form := reg + "/organizations/" + itoa(org.ID)
	mustContain(t, expect(t, "form", focal.get("/en"+form+"/new"), 200).Body, "A representative of Nairobi Cyber Forum", `name="consent" value="on" checked`)
	res = expect(t, "bad person", focal.post("/en"+form, url.Values{"name": {"Ana Lima"}, "gender": {"female"}, "email": {"not-an-address"}}), 422)
	mustContain(t, res.Body, `href="#field-email"`, `value="Ana Lima"`, `value="not-an-address"`)
	ana := reg + "/registrations/" + lastID(t, expect(t, "Ana", focal.post("/en"+form, url.Values{"name": {"Ana Lima"}, "gender": {"female"},
		"email": {"ana@forum.example"}, "consent": {"on"}}), 303))
	omar := reg + "/registrations/" + lastID(t, expect(t, "Omar", focal.post("/en"+form, url.Values{"name": {"Omar Haddad"}, "gender": {"male"}}), 303))
	res = expect(t, "past the limit", focal.post("/fr"+form, url.Values{"name": {"Troisième Personne"}, "gender": {"other"}}), 409)
	mustContain(t, res.Body, `lang="fr"`, "limite : 2", `value="Troisième Personne"`, `class="error-summary"`)
	expect(t, "another organization", focal.get("/en"+reg+"/organizations/"+itoa(org.ID+1000)+"/new"), 403)
	expect(t, "Kenya registers for the forum", ken.post("/en"+form, url.Values{"name": {"X"}, "gender": {"male"}}), 403)
	// An intergovernmental organization registers observers, accredited or not.
	igo, err := e.Organizations.Create(ctx, w.sys, organization.Input{Type: organization.Intergovernmental, HQState: "CHE",
		Names: plenary.Localized{"en": "Regional Cyber Agency"}})
	if err != nil {
		t.Fatal(err)
	}
	obs := lastID(t, expect(t, "observer", sec.post("/en"+reg+"/organizations/"+itoa(igo.ID), url.Values{"name": {"Ines Vogel"},
		"gender": {"female"}}), 303))
	if got, err := e.Registration.Registration(ctx, w.sys, commID(t, obs)); err != nil || got.Category != registration.Observer {
		t.Errorf("the agency's person is registered as %q (%v)", got.Category, err)
	}

	// Travel funding: asked by the focal point, granted by the Secretariat.
	res = expect(t, "no justification", focal.post("/en"+ana+"/sponsorship", url.Values{"justification": {""}}), 422)
	mustContain(t, res.Body, `href="#field-justification"`)
	expect(t, "sponsorship", focal.post("/en"+ana+"/sponsorship", url.Values{"justification": {"Travel from Nairobi; no budget for it."}}), 303)
	mustContain(t, sec.get("/en"+reg+"/manage").Body, "Travel from Nairobi", "Grant")
	expect(t, "decline without note", sec.post("/en"+ana+"/sponsorship/decide", url.Values{"sponsorship": {"decline"}}), 422)
	expect(t, "grant", sec.post("/en"+ana+"/sponsorship/decide", url.Values{"sponsorship": {"grant"}, "note": {"Economy class."}}), 303)
	mustContain(t, focal.get("/en"+ana).Body, "Granted", "Economy class.")

	// The Secretariat approves both representatives.
	for _, p := range []string{ana, omar} {
		expect(t, "approve "+p, sec.post("/en"+p+"/decide", url.Values{"decision": {"approve"}}), 303)
	}

	// The public list: approved and consenting only, without e-mails, in six languages.
	for _, lang := range plenary.Languages {
		for _, p := range []string{base + "/participants", base + "/figures"} {
			res := expect(t, lang+p, pub.get("/"+lang+p), 200)
			mustNotContain(t, res.Body, "diplomatie.example", "forum.example", "Discreet Adviser", "Omar Haddad", "Economy class", "Travel from Nairobi")
			if m := regexp.MustCompile(`reg\.[a-z_.]+`).FindString(stripTags(res.Body)); m != "" {
				t.Errorf("%s%s shows a message key %q", lang, p, m)
			}
		}
	}
	res = pub.get("/en" + base + "/participants")
	mustContain(t, res.Body, "France", "Claire Dubois", "Head of delegation", "Nairobi Cyber Forum", "Ana Lima")
	mustContain(t, pub.get("/fr"+base+"/participants").Body, "Forum cyber de Nairobi", "Chef de délégation")
	res = pub.get("/en" + base + "/figures")
	mustContain(t, res.Body, "Approved participants: 4", "Western European and other States")

	// The Chair reads the approved head of delegation without her e-mail address.
	rs, err := e.Registration.SessionRegistrations(ctx, w.sys, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	var head registration.Registration
	for _, r := range rs {
		if r.Function == registration.HeadOfDelegation {
			head = r
		}
	}
	res = expect(t, "the Chair reads the head", chair.get("/en"+reg+"/registrations/"+itoa(head.ID)), 200)
	mustContain(t, res.Body, "Claire Dubois")
	mustNotContain(t, res.Body, "claire@diplomatie.example")
	mustContain(t, fra.get("/en"+reg+"/registrations/"+itoa(head.ID)).Body, "claire@diplomatie.example")

	// Her account is linked: as an approved participant she gets the remote link.
	if ok, err := e.Registration.Participates(ctx, e.Actor(t, fraU), sess.ID); err != nil || !ok {
		t.Errorf("the head of delegation does not take part: %v", err)
	}

	// Every registration page renders in the six languages for the people concerned.
	for _, lang := range plenary.Languages {
		for _, c := range []struct {
			b    *browser
			path string
		}{{fra, reg}, {fra, del}, {sec, reg + "/manage"}, {sec, ana}, {focal, reg}, {focal, form + "/new"}, {chair, reg}, {ken, reg}} {
			res := expect(t, lang+c.path, c.b.get("/"+lang+c.path), 200)
			mustContain(t, res.Body, `<html lang="`+lang+`" dir="`+plenary.Direction(lang)+`">`)
			if m := regexp.MustCompile(`[a-z_]+\.[a-z_]+\.[a-z_.]+|reg\.[a-z_]+`).FindString(stripTags(res.Body)); m != "" && !strings.Contains(m, "example") {
				t.Errorf("%s%s shows a message key %q", lang, c.path, m)
			}
		}
	}

	// Withdrawing the delegation withdraws its members.
	expect(t, "withdraw", fra.post("/en"+del+"/withdraw", nil), 303)
	mustContain(t, fra.get("/en"+del).Body, "Withdrawn")
	mustNotContain(t, pub.get("/en"+base+"/participants").Body, "Claire Dubois")
}

// TestRegistrationOfAnotherSession: a delegation or registration is reached only through
// its own session's address.
func TestRegistrationOfAnotherSession(t *testing.T) {
	e := testenv.New(t)
	w := accWorld(t, e)
	mk := func() meeting.Session {
		s, err := e.Meetings.CreateSession(ctx, w.sys, meeting.SessionInput{BodyID: w.bodyID, Kind: meeting.Substantive,
			StartsOn: day(2026, 3, 16), EndsOn: day(2026, 3, 20), RepresentativeLimit: 2, RegistrationCloses: day(2026, 3, 13)})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := mk(), mk()
	fraU := e.CreateUser(t, "claire@diplomatie.example", "Claire Dubois", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	d, err := e.Registration.RegisterDelegation(ctx, e.Actor(t, fraU), a.ID, "FRA")
	if err != nil {
		t.Fatal(err)
	}
	fra := newSignedIn(t, e, fraU)
	own := "/en/sessions/" + itoa(a.ID) + "/registration/delegations/" + itoa(d.ID)
	other := "/en/sessions/" + itoa(b.ID) + "/registration/delegations/" + itoa(d.ID)
	expect(t, "own session", fra.get(own), 200)
	expect(t, "another session", fra.get(other), 404)
	expect(t, "upload through another session", fra.postFile(other+"/credentials", nil, "letter", "note.pdf", noteVerbale), 404)
	expect(t, "withdraw through another session", fra.post(other+"/withdraw", nil), 404)
	if got, err := e.Registration.Delegation(ctx, e.Actor(t, fraU), d.ID); err != nil || got.Status != registration.Pending || got.LetterFileID != 0 {
		t.Errorf("the delegation changed through another session: %+v %v", got, err)
	}
}
