package web_test

import (
	"encoding/csv"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// dirWorld is a directory with Japan and France participating, Japan's verified
// diplomatic contact (who can sign in), and people in the roles around it.
type dirWorld struct {
	e     *testenv.Env
	users map[string]account.User
	jpn   directory.Contact
}

func dirDetails(name, email string) directory.Details {
	return directory.Details{Name: name, Title: "Director, Cyber Policy", Organisation: "Ministry of Foreign Affairs",
		Emails: []string{email}, Phones: []string{"+81 3 5501 8000"}, Languages: []string{"en", "Japanese"}, Lang: "en",
		TimeZone: "Asia/Tokyo", Hours: "Monday to Friday, 9:00–18:00"}
}

func newDirWorld(t *testing.T) *dirWorld {
	t.Helper()
	e := testenv.New(t)
	w := &dirWorld{e: e, users: map[string]account.User{
		"secretariat":     e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat}),
		"nominator":       e.CreateUser(t, "haruto@example.org", "Haruto Nakamura", plenary.Grant{Role: plenary.RoleNominator, State: "JPN"}),
		"other_nominator": e.CreateUser(t, "claire@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleNominator, State: "FRA"}),
		"verified":        e.CreateUser(t, "kenji.sato@example.org", "Kenji Sato", plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"}),
		"unverified":      e.CreateUser(t, "hana@example.org", "Hana Ito", plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"}),
		"delegate":        e.CreateUser(t, "omar@example.org", "Omar Hassan", plenary.Grant{Role: plenary.RoleDelegate, State: "JPN"}),
	}}
	sec := e.Actor(t, w.users["secretariat"])
	for _, s := range []string{"JPN", "FRA"} {
		if _, err := e.Directory.SetParticipation(ctx, sec, s, directory.Participating, ""); err != nil {
			t.Fatal(err)
		}
	}
	c, err := e.Directory.Nominate(ctx, e.Actor(t, w.users["nominator"]), directory.NominationInput{State: "JPN",
		Function: directory.Diplomatic, Details: dirDetails("Kenji Sato", "kenji.sato@example.org")})
	if err != nil {
		t.Fatal(err)
	}
	if w.jpn, err = e.Directory.Verify(ctx, sec, c.ID); err != nil {
		t.Fatal(err)
	}
	return w
}

var untranslatedDir = regexp.MustCompile(`\bdirectory\.[a-z_.]+`)

// TestDirectoryPagesPerRole: what each role gets on each page of the directory; those who
// may not read it are told it does not exist, nothing of it shows, and no answer may be
// stored by a browser or a proxy.
func TestDirectoryPagesPerRole(t *testing.T) {
	w := newDirWorld(t)
	e := w.e
	pending, err := e.Directory.Nominate(ctx, e.Actor(t, w.users["nominator"]), directory.NominationInput{State: "JPN",
		Function: directory.Technical, Details: dirDetails("Aiko Suzuki", "aiko@example.org")})
	if err != nil {
		t.Fatal(err)
	}
	entry := "/directory/contacts/" + itoa(w.jpn.ID)
	nomination := "/directory/contacts/" + itoa(pending.ID)
	roles := []string{"public", "secretariat", "nominator", "other_nominator", "verified", "unverified", "delegate"}
	pages := []struct {
		path   string
		status [7]int
		shows  string // what a reader of the page sees of the directory
	}{
		{"/directory", [7]int{303, 200, 200, 200, 200, 404, 404}, ""},
		{"/directory?function=diplomatic&group=Asia-Pacific", [7]int{303, 200, 200, 200, 200, 404, 404}, ""},
		{"/directory/queue", [7]int{303, 200, 404, 404, 404, 404, 404}, "Aiko Suzuki"},
		{"/directory/participants", [7]int{303, 200, 200, 200, 200, 404, 404}, ""},
		{"/directory/states/JPN", [7]int{303, 200, 200, 404, 200, 404, 404}, "Kenji Sato"},
		{"/directory/states/jpn", [7]int{303, 303, 303, 303, 303, 303, 303}, ""},
		{"/directory/states/JPN/new", [7]int{303, 200, 200, 404, 404, 404, 404}, ""},
		{entry, [7]int{303, 200, 200, 404, 200, 404, 404}, "3 5501 8000"},
		{entry + "/edit", [7]int{303, 200, 200, 404, 404, 404, 404}, "Kenji Sato"},
		{entry + "/withdraw", [7]int{303, 200, 200, 404, 404, 404, 404}, "Kenji Sato"},
		{nomination, [7]int{303, 200, 200, 404, 404, 404, 404}, "Aiko Suzuki"},
		{"/directory/contacts/999999", [7]int{303, 404, 404, 404, 404, 404, 404}, ""},
		{"/directory/export.csv", [7]int{303, 200, 404, 404, 404, 404, 404}, "Kenji Sato"},
	}
	for i, role := range roles {
		b := newBrowser(t, e)
		if role != "public" {
			b.signIn(w.users[role])
		}
		for _, lang := range []string{"en", "ar", "zh"} {
			for _, p := range pages {
				res := b.get("/" + lang + p.path)
				if res.StatusCode != p.status[i] {
					t.Errorf("%s %s%s: %d, want %d", role, lang, p.path, res.StatusCode, p.status[i])
					continue
				}
				if res.Header.Get("Cache-Control") != "no-store" {
					t.Errorf("%s %s%s: Cache-Control %q", role, lang, p.path, res.Header.Get("Cache-Control"))
				}
				if res.StatusCode != 200 {
					mustNotContain(t, res.Body, "Aiko", "5501", "kenji.sato@")
					continue
				}
				if p.shows != "" {
					mustContain(t, res.Body, p.shows)
				}
				if k := untranslatedDir.FindString(stripTags(res.Body)); k != "" {
					t.Errorf("%s %s%s shows the key %q", role, lang, p.path, k)
				}
			}
		}
		// Only the directory's readers and nominators are shown the way to it.
		home := b.get("/en/").Body
		wantNav := role == "secretariat" || role == "nominator" || role == "other_nominator" || role == "verified"
		if got := strings.Contains(home, `href="/en/directory"`); got != wantNav {
			t.Errorf("%s: directory in the navigation: %v", role, got)
		}
	}
	// A nominator who does not read the directory sees their State's link, not entries.
	nom := newSignedIn(t, e, w.users["other_nominator"])
	res := nom.get("/en/directory")
	mustContain(t, res.Body, `/en/directory/states/FRA`)
	mustNotContain(t, res.Body, "Kenji")
	// The reader sees the entry with its links: to write, to call; and Arabic is right to left.
	reader := newSignedIn(t, e, w.users["verified"])
	res = reader.get("/ar/directory")
	mustContain(t, res.Body, `dir="rtl"`, `<bdi>Kenji Sato</bdi>`, `href="mailto:kenji.sato@example.org"`, `href="tel:&#43;81355018000"`, "Asia/Tokyo")
	mustNotContain(t, res.Body, "Aiko")
}

// TestDirectoryThroughPages: the nominator nominates through the form (problems told in
// French), the Secretariat returns and verifies from the queue, a change waits beside the
// verified entry, the Secretariat records a State leaving, and the export defuses
// formulas.
func TestDirectoryThroughPages(t *testing.T) {
	w := newDirWorld(t)
	e := w.e
	nom := newSignedIn(t, e, w.users["nominator"])
	sec := newSignedIn(t, e, w.users["secretariat"])
	reader := newSignedIn(t, e, w.users["verified"])

	// Problems, in French, beside their fields; what was typed stays.
	form := url.Values{"function": {"technical"}, "name": {""}, "title": {"Coordinatrice"}, "organisation": {"=cmd|' /C calc'!A0"},
		"emails": {"aiko.suzuki@example.org\nnot an address"}, "phones": {"appelez-moi"}, "languages": {"fr", "en"},
		"other_languages": {"Japanese"}, "lang": {"fr"}, "time_zone": {"Asia/Tokyo"}, "hours": {""}}
	res := expect(t, "bad nomination", nom.post("/fr/directory/states/JPN/contacts", form), 422)
	mustContain(t, res.Body, `href="#field-name"`, `href="#field-emails"`, `href="#field-phones"`, `href="#field-hours"`,
		"Écrivez les numéros de téléphone", "Coordinatrice", "appelez-moi")
	mustNotContain(t, res.Body, "Write telephone numbers", "field.required")
	if k := untranslatedDir.FindString(stripTags(res.Body)); k != "" {
		t.Errorf("the form shows the key %q", k)
	}

	form.Set("name", "Aiko Suzuki")
	form.Set("emails", "aiko.suzuki@example.org\nduty@example.org")
	form.Set("phones", "+81 3 3581 4111\n+81 90 1234 5678")
	form.Set("always", "on")
	res = expect(t, "nomination", nom.post("/fr/directory/states/JPN/contacts", form), 303)
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/fr/directory/contacts/") {
		t.Fatalf("redirect to %s", loc)
	}
	id := strings.TrimPrefix(loc, "/fr/directory/contacts/")
	page := nom.get(loc)
	mustContain(t, page.Body, "La désignation a été transmise au Secrétariat", "En attente de vérification", "Historique")
	mustNotContain(t, reader.get("/en/directory").Body, "Aiko Suzuki")

	// The queue: a return needs a reason, said beside the entry.
	res = expect(t, "return without reason", sec.post("/en/directory/contacts/"+id+"/return", url.Values{"from": {"queue"}, "reason": {" "}}), 422)
	mustContain(t, res.Body, `href="#field-reason-`+id+`"`, `id="field-reason-`+id+`"`, "Aiko Suzuki")
	expect(t, "return", sec.post("/en/directory/contacts/"+id+"/return", url.Values{"from": {"queue"}, "reason": {"Please confirm the duty number."}}), 303)
	mustContain(t, nom.get("/en/directory/states/JPN").Body, "Please confirm the duty number.", "Returned")
	// Corrected, it goes back to the queue, and is verified from there.
	form.Set("phones", "+81 3 3581 4111")
	expect(t, "correct", nom.post("/en/directory/contacts/"+id, form), 303)
	mustContain(t, sec.get("/en/directory/queue").Body, "Aiko Suzuki", "New nomination")
	res = expect(t, "verify", sec.post("/en/directory/contacts/"+id+"/verify", url.Values{"from": {"queue"}}), 303)
	if res.Header.Get("Location") != "/en/directory/queue" {
		t.Errorf("verify returns to %s", res.Header.Get("Location"))
	}
	invite := e.SMTP.WaitFor(t, 10*time.Second, testenv.To("aiko.suzuki@example.org"))
	if invite.Lang != "fr" {
		t.Errorf("invitation in %q", invite.Lang)
	}
	mustContain(t, reader.get("/en/directory").Body, "Aiko Suzuki", "3 3581 4111", "Reachable at any hour")

	// A change waits beside the verified entry: the reader still sees the verified one.
	form.Set("phones", "+81 3 3581 9999")
	res = expect(t, "change", nom.post("/en/directory/contacts/"+id, form), 303)
	mustContain(t, nom.get(res.Header.Get("Location")).Body, "The change waits for the Secretariat", "3 3581 9999", "3 3581 4111")
	got := reader.get("/en/directory/contacts/" + id).Body
	mustContain(t, got, "3 3581 4111")
	mustNotContain(t, got, "3 3581 9999", "Please confirm")
	queue := sec.get("/en/directory/queue").Body
	mustContain(t, queue, "Verified entry (in the directory)", "Proposed change", "3 3581 4111", "3 3581 9999", `class="changed"`)
	expect(t, "verify change", sec.post("/en/directory/contacts/"+id+"/verify", url.Values{}), 303)
	mustContain(t, reader.get("/en/directory/contacts/"+id).Body, "3 3581 9999")

	// The export: the Secretariat's, with the organisation's formula defused.
	res = expect(t, "export", sec.get("/en/directory/export.csv"), 200)
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("export headers %v", res.Header)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("export: %d rows, %v", len(rows), err)
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("export cell %q would run as a formula", cell)
			}
		}
	}
	mustContain(t, res.Body, "'=cmd|", "Kenji Sato", "Aiko Suzuki")

	// Withdrawal, with a reason shown to the nominator.
	expect(t, "withdraw", nom.post("/en/directory/contacts/"+id+"/withdraw", url.Values{"reason": {"Moved to another post."}}), 303)
	mustContain(t, nom.get("/en/directory/contacts/"+id).Body, "Moved to another post.", "Withdrawn")
	mustNotContain(t, reader.get("/en/directory").Body, "Aiko Suzuki")

	// Participation: a problem in Spanish, then Japan leaves and its contact is shut out.
	res = expect(t, "bad participation", sec.post("/es/directory/participants", url.Values{"state": {""}, "status": {"maybe"}}), 422)
	mustContain(t, res.Body, `href="#field-status"`, `href="#field-state"`)
	expect(t, "leave", sec.post("/en/directory/participants", url.Values{"state": {"JPN"}, "status": {"withdrawn"}, "note": {"Note verbale of 5 May"}}), 303)
	mustContain(t, sec.get("/en/directory/participants").Body, "Withdrawn from the directory", "Note verbale of 5 May")
	expect(t, "left reader", reader.get("/en/directory"), 404)
	mustNotContain(t, sec.get("/en/directory").Body, "Kenji Sato")
	mustContain(t, sec.get("/en/directory/states/JPN").Body, "Kenji Sato", "Withdrawn from the directory")
}

// TestDirectoryFormsRefused: a form the service refuses shows its page again, built only
// then, with each problem beside its field (422); those who may not change an entry are
// told it does not exist, whatever the form says.
func TestDirectoryFormsRefused(t *testing.T) {
	w := newDirWorld(t)
	e := w.e
	nom := newSignedIn(t, e, w.users["nominator"])
	sec := newSignedIn(t, e, w.users["secretariat"])
	entry := "/en/directory/contacts/" + itoa(w.jpn.ID)

	// The edit form again, with what was typed.
	form := url.Values{"name": {""}, "title": {"Deputy Director"}, "organisation": {"Ministry of Foreign Affairs"},
		"emails": {"kenji.sato@example.org"}, "lang": {"en"}, "time_zone": {"Asia/Tokyo"}, "always": {"on"}}
	res := expect(t, "bad update", nom.post(entry, form), 422)
	mustContain(t, res.Body, `href="#field-name"`, `value="Deputy Director"`, `action="`+entry+`"`)
	for _, role := range []string{"other_nominator", "verified", "delegate"} {
		b := newSignedIn(t, e, w.users[role])
		res := expect(t, role+" updates", b.post(entry, form), 404)
		mustNotContain(t, res.Body, "5501", "Cyber Policy")
	}

	// The withdrawal page again, the reason's problem beside it.
	long := url.Values{"reason": {strings.Repeat("x", directory.MaxReason+1)}}
	res = expect(t, "long reason", nom.post(entry+"/withdraw", long), 422)
	mustContain(t, res.Body, `href="#field-reason"`, `id="field-reason"`, "Kenji Sato")

	// Returned from the entry's own page without a reason: the entry's page again, the
	// problem beside its reason.
	pending, err := e.Directory.Nominate(ctx, e.Actor(t, w.users["nominator"]), directory.NominationInput{State: "JPN",
		Function: directory.Technical, Details: dirDetails("Aiko Suzuki", "aiko@example.org")})
	if err != nil {
		t.Fatal(err)
	}
	id := itoa(pending.ID)
	res = expect(t, "return without reason", sec.post("/en/directory/contacts/"+id+"/return", url.Values{"reason": {""}}), 422)
	mustContain(t, res.Body, `href="#field-reason-`+id+`"`, `id="field-reason-`+id+`"`, "Aiko Suzuki", "History")

	// Participation: the list again, the problems beside the fields.
	res = expect(t, "bad participation", sec.post("/en/directory/participants", url.Values{"state": {"XXX"}, "status": {"participating"}}), 422)
	mustContain(t, res.Body, `href="#field-state"`, `value="participating" checked`)
}
