package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

var letterPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// postFile posts a multipart form with one file, as a browser does.
func (b *browser) postFile(path string, form url.Values, field, name string, data []byte) response {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if data != nil {
		fw, _ := mw.CreateFormFile(field, name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.e.Server.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", b.e.Server.URL)
	return b.do(req)
}

func expect(t *testing.T, what string, res response, status int) response {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("%s: %d, want %d\n%s", what, res.StatusCode, status, res.Body)
	}
	return res
}

// TestAccreditationThroughPages follows a round through the pages: the Secretariat records
// the body and opens a round; a focal point applies with a letter; the Secretariat screens
// and circulates; a delegate objects; at the deadline the application is decided, and
// the public list and its export show the outcome — never the objecting State.
func TestAccreditationThroughPages(t *testing.T) {
	e := testenv.New(t)
	sys := plenary.System("test")
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	chair := e.CreateUser(t, "chair@example.org", "The Chair", plenary.Grant{Role: plenary.RoleChair})
	fra := e.CreateUser(t, "fra@example.org", "Delegate of France", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	bra := e.CreateUser(t, "bra@example.org", "Delegate of Brazil", plenary.Grant{Role: plenary.RoleDelegate, State: "BRA"})
	org, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "KEN",
		Names: plenary.Localized{"en": "Nairobi Cyber Policy Forum", "fr": "Forum de Nairobi sur la cyberpolitique"}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.Academia, HQState: "CHE",
		Names: plenary.Localized{"en": "=Geneva Cyber Lab"}})
	if err != nil {
		t.Fatal(err)
	}
	focal := e.CreateUser(t, "focal@example.org", "Wanjiru Kamau", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID})
	otherFocal := e.CreateUser(t, "lab@example.org", "Lab Focal", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: other.ID})

	sec := newBrowser(t, e)
	sec.signIn(admin)
	// The body, with a bad time zone first.
	res := expect(t, "bad body", sec.post("/en/bodies", url.Values{"code": {"gm"}, "name_en": {"Global Mechanism"}, "time_zone": {"Mars/Olympus"}}), 422)
	mustContain(t, res.Body, `href="#field-time_zone"`)
	expect(t, "body", sec.post("/en/bodies", url.Values{"code": {"gm"}, "name_en": {"Global Mechanism on ICT security"},
		"name_fr": {"Mécanisme mondial sur la sécurité des TIC"}, "time_zone": {"America/New_York"}}), 303)
	// With one body, the menu's accreditation entry goes straight to it.
	if res := sec.get("/fr/accreditation"); res.Header.Get("Location") != "/fr/accreditation/gm" {
		t.Fatalf("accreditation index: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	mustContain(t, sec.get("/fr/accreditation/gm").Body, "Accréditation au Mécanisme mondial sur la sécurité des TIC")

	// Rules: a bad form keeps what was typed and says what is wrong.
	res = expect(t, "bad rules", sec.post("/en/accreditation/gm/rules", url.Values{"rule": {"non_objection"}, "threshold": {"0"},
		"application_days": {"21"}, "circulation_days": {"14"}, "deadline_hour": {"18"}, "reason_mode": {"optional"}, "validity": {"mandate"}}), 422)
	mustContain(t, res.Body, `href="#field-eligible"`, `href="#field-threshold"`)
	expect(t, "rules", sec.post("/en/accreditation/gm/rules", url.Values{"eligible": {"ngo", "academia"}, "fast_track": {"on"},
		"rule": {"non_objection"}, "threshold": {"1"}, "application_days": {"21"}, "circulation_days": {"14"}, "deadline_hour": {"18"},
		"reason_mode": {"optional"}, "validity": {"mandate"}, "reapply": {"on"}}), 303)
	mustContain(t, sec.get("/en/accreditation/gm/rules").Body, "version 1", "Non-governmental organization, Academia")

	// A round, with a date that is not one first.
	res = expect(t, "bad round", sec.post("/en/accreditation/gm/rounds", url.Values{"applications_close": {"next week"}}), 422)
	mustContain(t, res.Body, `href="#field-applications_close"`)
	expect(t, "round", sec.post("/en/accreditation/gm/rounds", url.Values{"applications_close": {"2026-03-20"}}), 303)
	mustContain(t, sec.get("/en/accreditation/gm/rounds/1").Body, "Taking applications", "20 March 2026, 18:00")

	// The focal point applies: an empty submission lists what is missing.
	fb := newBrowser(t, e)
	fb.signIn(focal)
	res = expect(t, "start", fb.post("/en/accreditation/gm/applications", url.Values{"organization": {itoa(org.ID)}}), 303)
	edit := strings.TrimPrefix(res.Header.Get("Location"), "/en")
	app := strings.TrimSuffix(edit, "/edit")
	res = expect(t, "empty submit", fb.postFile("/en"+app, url.Values{"submit": {"1"}}, "letter", "", nil), 422)
	mustContain(t, res.Body, `href="#field-purpose"`, `href="#field-contact_email"`, `href="#field-letter"`)
	// A letter over the limit is refused, in the reader's language.
	res = expect(t, "letter too large", fb.postFile("/es"+app, nil, "letter", "big.pdf", bytes.Repeat([]byte("%PDF"), 6<<18)), 413)
	mustContain(t, res.Body, `lang="es"`, "demasiado grande")
	// A program renamed as a PDF is refused, and nothing typed is lost.
	res = expect(t, "exe as pdf", fb.postFile("/en"+app, url.Values{"purpose": {"Policy research in East Africa."}},
		"letter", "letter.pdf", []byte("MZ\x90\x00 this is a program")), 422)
	mustContain(t, res.Body, `href="#field-letter"`, "Policy research in East Africa.")
	expect(t, "save", fb.postFile("/en"+app, url.Values{"purpose": {"Policy research in East Africa."},
		"programmes": {"Capacity-building for CERTs."}, "un_interactions": {"Written input to the OEWG."},
		"contact_name": {"Wanjiru Kamau"}, "contact_email": {"focal@example.org"}}, "letter", "letter.pdf", letterPDF), 303)
	expect(t, "submit", fb.post("/en"+app+"/submit", nil), 303)
	e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("focal@example.org")(m) && strings.Contains(m.Subject, "received")
	})
	page := fb.get("/en" + app)
	mustContain(t, page.Body, "GM-R1-0001", "Submitted", "Download the letter")
	letter := fb.get("/en" + app + "/letter")
	if letter.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(letter.Header.Get("Content-Disposition"), "attachment") ||
		!bytes.Equal([]byte(letter.Body), letterPDF) {
		t.Fatalf("letter: %s %s", letter.Header.Get("Content-Type"), letter.Header.Get("Content-Disposition"))
	}
	// Another organization's focal point cannot read it, nor its letter.
	ob := newBrowser(t, e)
	ob.signIn(otherFocal)
	expect(t, "other focal point", ob.get("/en"+app), 404)
	expect(t, "other's letter", ob.get("/en"+app+"/letter"), 404)
	// A delegate does not see it before it is circulated.
	fb2 := newBrowser(t, e)
	fb2.signIn(fra)
	expect(t, "delegate before circulation", fb2.get("/en"+app), 404)

	// The other organization applies too; the Secretariat finds it incomplete.
	res = expect(t, "start other", ob.post("/en/accreditation/gm/applications", url.Values{"organization": {itoa(other.ID)}}), 303)
	otherApp := strings.TrimSuffix(strings.TrimPrefix(res.Header.Get("Location"), "/en"), "/edit")
	expect(t, "other save", ob.postFile("/en"+otherApp, url.Values{"purpose": {"Law."}, "programmes": {"Courses."},
		"un_interactions": {"None."}, "contact_name": {"Lab"}, "contact_email": {"lab@example.org"}, "submit": {"1"}}, "letter", "l.pdf", letterPDF), 303)

	// Circulating before the window closes is refused; closing, screening and circulating work.
	expect(t, "circulate too early", sec.post("/en/accreditation/gm/rounds/1/circulate", nil), 409)
	expect(t, "close", sec.post("/en/accreditation/gm/rounds/1/close", nil), 303)
	res = expect(t, "incomplete without note", sec.post("/en"+otherApp+"/screen", url.Values{"outcome": {"incomplete"}}), 422)
	mustContain(t, res.Body, `href="#field-note"`)
	expect(t, "incomplete", sec.post("/en"+otherApp+"/screen", url.Values{"outcome": {"incomplete"}, "note": {"The letter is not signed."}}), 303)
	expect(t, "screen", sec.post("/en"+app+"/screen", url.Values{"outcome": {"complete"}}), 303)
	expect(t, "circulate", sec.post("/en/accreditation/gm/rounds/1/circulate", nil), 303)
	e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("bra@example.org")(m) && strings.Contains(m.Subject, "for your consideration")
	})

	// France objects, with a reason; Brazil sees the application but not who objected.
	page = expect(t, "delegate view", fb2.get("/en"+app), 200)
	mustContain(t, page.Body, "Object to this application", "Who will know that your State objected: the Chair and the Secretariat.")
	// A stance the rules do not offer shows the application again, with the reason typed.
	res = expect(t, "support under non-objection", fb2.post("/en"+app+"/positions", url.Values{"state": {"FRA"}, "stance": {"support"},
		"reason": {"Well known to us."}}), 422)
	mustContain(t, res.Body, `href="#field-stance"`, "Well known to us.", "GM-R1-0001")
	expect(t, "object", fb2.post("/en"+app+"/positions", url.Values{"state": {"FRA"}, "stance": {"object"}, "reason": {"Not independent of a government."}}), 303)
	mustContain(t, fb2.get("/en"+app).Body, "Not independent of a government.", "France")
	// France may not object for Brazil.
	expect(t, "object for another State", fb2.post("/en"+app+"/positions", url.Values{"state": {"BRA"}, "stance": {"object"}}), 403)
	bb := newBrowser(t, e)
	bb.signIn(bra)
	page = expect(t, "brazil view", bb.get("/en"+app), 200)
	mustNotContain(t, page.Body, "France", "FRA", "Not independent")
	list := expect(t, "circulated list", bb.get("/en/accreditation/gm/rounds/1/applications"), 200)
	mustContain(t, list.Body, "GM-R1-0001")
	mustNotContain(t, list.Body, "GM-R1-0002", "France")
	// The Chair sees who objected, and why.
	cb := newBrowser(t, e)
	cb.signIn(chair)
	mustContain(t, cb.get("/en"+app).Body, "France", "Not independent of a government.", "1 objection.")

	// At the deadline the job decides; an objection after it is refused with the deadline.
	r, err := e.Accreditation.Round(ctx, sys, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	e.Clock.Set(r.ObjectionsClose)
	if err := e.Accreditation.DecideDue(ctx, accreditation.DecideJob{}); err != nil {
		t.Fatal(err)
	}
	bb.signIn(bra) // two weeks later: sessions have ended
	fb.signIn(focal)
	res = expect(t, "late objection", bb.post("/en"+app+"/positions", url.Values{"state": {"BRA"}, "stance": {"object"}}), 409)
	mustContain(t, res.Body, "ended on")
	mustContain(t, fb.get("/en"+app).Body, "Not accepted")
	mustNotContain(t, fb.get("/en"+app).Body, "France", "Not independent")
	mail := e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("focal@example.org")(m) && strings.Contains(m.Subject, "Decision")
	})
	mustNotContain(t, mail.Text, "France", "Not independent")

	// The public figures count the blocked application without naming anyone.
	anon := newBrowser(t, e)
	rounds := expect(t, "rounds", anon.get("/ar/accreditation/gm/rounds"), 200)
	mustContain(t, rounds.Body, `<svg`, `role="img"`)
	mustNotContain(t, rounds.Body, "فرنسا")
	expect(t, "anonymous application", anon.get("/en"+app), 303) // to sign in
}

// TestAccreditedListAndExport: the public list filters by type and country, and its CSV
// export defuses formulas in names and carries every script.
func TestAccreditedListAndExport(t *testing.T) {
	e := testenv.New(t)
	sys := plenary.System("test")
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	w := accWorld(t, e)
	ngo := w.accredit(t, organization.NGO, "KEN", plenary.Localized{"en": "=HYPERLINK(\"http://evil\")", "ar": "منتدى نيروبي"})
	w.accredit(t, organization.Academia, "CHE", plenary.Localized{"en": "Geneva Cyber Lab"})

	anon := newBrowser(t, e)
	page := expect(t, "list", anon.get("/en/accreditation/gm/organizations?type=academia"), 200)
	mustContain(t, page.Body, "Geneva Cyber Lab", "1 organization")
	mustNotContain(t, page.Body, "HYPERLINK")
	page = expect(t, "by region", anon.get("/en/accreditation/gm/organizations?region=African"), 200)
	mustContain(t, page.Body, "HYPERLINK")
	mustNotContain(t, page.Body, "Geneva Cyber Lab")

	csv := expect(t, "csv", anon.get("/ar/accreditation/gm/organizations.csv"), 200)
	if !strings.HasPrefix(csv.Body, "\ufeff") || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %q %s", csv.Body[:10], csv.Header.Get("Content-Type"))
	}
	mustContain(t, csv.Body, "منتدى نيروبي", "كينيا", "KEN")
	en := expect(t, "csv en", anon.get("/en/accreditation/gm/organizations.csv"), 200)
	mustContain(t, en.Body, `"'=HYPERLINK(""http://evil"")"`)

	// The Secretariat withdraws one, with a reason; it leaves the list.
	sec := newBrowser(t, e)
	sec.signIn(admin)
	list := sec.get("/en/accreditation/gm/organizations")
	link := regexp.MustCompile(`href="/en(/accreditation/gm/accreditations/\d+/withdraw)"`).FindAllStringSubmatch(list.Body, -1)
	if len(link) != 2 {
		t.Fatalf("%d withdraw links", len(link))
	}
	expect(t, "withdraw form", sec.get("/en"+link[0][1]), 200)
	res := expect(t, "withdraw without reason", sec.post("/en"+link[0][1], url.Values{"reason": {" "}}), 422)
	mustContain(t, res.Body, `href="#field-reason"`)
	expect(t, "withdraw", sec.post("/en"+link[1][1], url.Values{"reason": {"Ceased to exist."}}), 303)
	// Only the Secretariat may.
	expect(t, "public withdraw", anon.post("/en"+link[0][1], url.Values{"reason": {"x"}}), 401)
	if n := strings.Count(anon.get("/en/accreditation/gm/organizations").Body, "<tr>"); n != 2 { // header + one
		t.Fatalf("%d rows after withdrawal", n)
	}
	_ = ngo
	_ = sys
}

// TestAccreditationPagesInEveryLanguage renders each accreditation page, as the
// Secretariat and as a focal point, in the six languages.
func TestAccreditationPagesInEveryLanguage(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	w := accWorld(t, e)
	w.accredit(t, organization.NGO, "KEN", plenary.Localized{"en": "Nairobi Cyber Policy Forum"})
	org, err := e.Organizations.Create(ctx, plenary.System("test"), orgInput("Geneva Cyber Lab"))
	if err != nil {
		t.Fatal(err)
	}
	focal := e.CreateUser(t, "lab@example.org", "Lab Focal", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID})
	fb := newBrowser(t, e)
	fb.signIn(focal)
	edit := strings.TrimPrefix(expect(t, "start", fb.post("/en/accreditation/gm/applications",
		url.Values{"organization": {itoa(org.ID)}}), 303).Header.Get("Location"), "/en")
	sec := newBrowser(t, e)
	sec.signIn(admin)
	find := func(path, pattern string) string {
		m := regexp.MustCompile(`href="/en(` + pattern + `)"`).FindStringSubmatch(sec.get("/en" + path).Body)
		if m == nil {
			t.Fatalf("no link %s on %s", pattern, path)
		}
		return m[1]
	}
	acc := "/accreditation/gm"
	for _, c := range []struct {
		b     *browser
		paths []string
	}{
		{sec, []string{acc, acc + "/rules", acc + "/rules/edit", acc + "/organizations", acc + "/rounds", acc + "/rounds/1",
			acc + "/rounds/1/applications", acc + "/disclosures", find(acc+"/rounds/1/applications", acc+`/applications/\d+`),
			find(acc+"/organizations", acc+`/accreditations/\d+/withdraw`)}},
		{fb, []string{acc, acc + "/applications", edit, strings.TrimSuffix(edit, "/edit")}},
	} {
		for _, lang := range plenary.Languages {
			for _, path := range c.paths {
				res := expect(t, lang+path, c.b.get("/"+lang+path), 200)
				mustContain(t, res.Body, `<html lang="`+lang+`"`, "</html>")
				if m := regexp.MustCompile(`[a-z_]+\.[a-z_]+\.[a-z_.]+`).FindString(stripTags(res.Body)); m != "" && !strings.Contains(m, "example") {
					t.Errorf("%s/%s shows a message key %q", lang, path, m)
				}
			}
		}
	}
}
