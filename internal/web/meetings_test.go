package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// untranslated finds a catalogue key of the calendar or the floor left in a page.
var untranslated = regexp.MustCompile(`\b(meeting|floor)\.[a-z_]+`)

// TestSessionsThroughPages: the Secretariat records the Global Mechanism and a thematic
// group, a session with its agenda and meetings; the Chair writes guiding questions; the
// public reads the pages in six languages and downloads the calendars; the remote link
// stays with the staff.
func TestSessionsThroughPages(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	chair := e.CreateUser(t, "chair@example.org", "The Chair", plenary.Grant{Role: plenary.RoleChair})
	fra := e.CreateUser(t, "fra@example.org", "Delegate of France", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})

	sec := newBrowser(t, e)
	sec.signIn(admin)
	expect(t, "body", sec.post("/en/bodies", url.Values{"code": {"gm"}, "name_en": {"Global Mechanism on ICT security"},
		"name_fr": {"Mécanisme mondial sur la sécurité des TIC"}, "time_zone": {"America/New_York"}}), 303)
	expect(t, "thematic group", sec.post("/en/bodies", url.Values{"code": {"gm-tg1"}, "parent": {"gm"},
		"name_en": {"Dedicated thematic group on resilience"}, "time_zone": {"America/New_York"}}), 303)
	mustContain(t, sec.get("/en/bodies/gm").Body, "Dedicated thematic group on resilience", "No session yet.")
	mustContain(t, sec.get("/en/bodies/gm-tg1").Body, "Part of the")

	// A session, with mistakes first: they come back on the form, linked.
	res := expect(t, "bad session", sec.post("/en/bodies/gm/sessions", url.Values{"kind": {"substantive"},
		"starts_on": {"2026-03-10"}, "ends_on": {"2026-03-06"}, "remote_url": {"meet.example.org"}, "representative_limit": {"many"}}), 422)
	mustContain(t, res.Body, `href="#field-ends_on"`, `href="#field-remote_url"`, `href="#field-representative_limit"`, `value="meet.example.org"`)
	res = expect(t, "session", sec.post("/en/bodies/gm/sessions", url.Values{"kind": {"substantive"},
		"starts_on": {"2026-03-06"}, "ends_on": {"2026-03-10"}, "venue": {"Conference Room 4, UN Headquarters"},
		"remote_url": {"https://meet.example.org/gm-secret"}, "livestream_url": {"https://webtv.un.org/gm"}, "representative_limit": {"3"}}), 303)
	session := res.Header.Get("Location")
	if !strings.HasPrefix(session, "/en/sessions/") {
		t.Fatalf("after saving: %s", session)
	}
	path := strings.TrimPrefix(session, "/en")

	expect(t, "item 1", sec.post("/en"+path+"/items", url.Values{"number": {"1"}, "title_en": {"Opening of the session"},
		"title_fr": {"Ouverture de la session"}}), 303)
	res = expect(t, "item twice", sec.post("/en"+path+"/items", url.Values{"number": {"1"}, "title_en": {"Again"}}), 422)
	mustContain(t, res.Body, "The agenda already has an item with this number.")
	expect(t, "item 5", sec.post("/en"+path+"/items", url.Values{"number": {"5"}, "title_en": {"Existing and potential threats"}}), 303)
	expect(t, "meeting", sec.post("/en"+path+"/meetings", url.Values{"date": {"2026-03-06"}, "start": {"10:00"}, "end": {"13:00"},
		"formal": {"on"}, "public": {"on"}, "room": {"CR 4"}, "livestream_url": {"https://webtv.un.org/gm/1"}}), 303)
	res = expect(t, "bad meeting", sec.post("/en"+path+"/meetings", url.Values{"date": {"2026-03-09"}, "start": {"15:00"}, "end": {"14:00"},
		"livestream_url": {"https://webtv.un.org/closed"}}), 422)
	mustContain(t, res.Body, `href="#field-end"`, `href="#field-livestream_url"`, "A closed meeting has no livestream.")
	res = expect(t, "bad change of a meeting", sec.post("/en"+path+"/meetings/1", url.Values{"date": {"2026-03-06"}, "start": {"10:00"},
		"end": {"09:00"}}), 422)
	mustContain(t, res.Body, `href="#field-end"`, `action="/en`+path+`/meetings/1"`)
	res = expect(t, "bad change of the session", sec.post("/en"+path, url.Values{"kind": {"substantive"}, "starts_on": {"2026-03-06"},
		"ends_on": {"2026-03-10"}, "representative_limit": {"many"}}), 422)
	mustContain(t, res.Body, `href="#field-representative_limit"`, `action="/en`+path+`"`)
	prog, err := e.Meetings.Get(ctx, plenary.System("test"), mustID(t, path))
	if err != nil {
		t.Fatal(err)
	}
	item5 := itoa(prog.Items[1].ID)
	res = expect(t, "item 5 as 1", sec.post("/en"+path+"/items/"+item5, url.Values{"number": {"1"}, "title_en": {"Threats"}}), 422)
	mustContain(t, res.Body, "The agenda already has an item with this number.", `action="/en`+path+`/items/`+item5+`"`)
	// After the change to daylight saving time (8 March), 10:00 is still 10:00 in New York.
	expect(t, "meeting 2", sec.post("/en"+path+"/meetings", url.Values{"date": {"2026-03-09"}, "start": {"10:00"}, "end": {"13:00"},
		"formal": {"on"}, "items": {item5}}), 303)

	// The Chair writes guiding questions, and may not change the title.
	ch := newBrowser(t, e)
	ch.signIn(chair)
	res = expect(t, "chair's form", ch.get("/en"+path+"/items/"+item5+"/edit"), 200)
	mustNotContain(t, res.Body, `name="title_en"`)
	expect(t, "questions", ch.post("/en"+path+"/items/"+item5, url.Values{"number": {"9"}, "title_en": {"Hijacked"},
		"questions_en": {"Which threats grew since 2025?\nHow should States cooperate?"}}), 303)
	expect(t, "a delegate may not write questions", newSignedIn(t, e, fra).post("/en"+path+"/items/"+item5, url.Values{"questions_en": {"Mine?"}}), 403)
	expect(t, "chair may not add items", ch.post("/en"+path+"/items", url.Values{"number": {"7"}, "title_en": {"X"}}), 403)
	expect(t, "chair may not schedule", ch.post("/en"+path+"/meetings", url.Values{"date": {"2026-03-09"}, "start": {"10:00"}, "end": {"13:00"}}), 403)

	// The public reads it all in six languages; the remote link is not there.
	pub := newBrowser(t, e)
	for _, lang := range plenary.Languages {
		for _, p := range []string{"/sessions", path, path + "/meetings/1", path + "/meetings/2", "/bodies/gm"} {
			res := expect(t, lang+p, pub.get("/"+lang+p), 200)
			mustNotContain(t, res.Body, "gm-secret", "session_title")
			if k := untranslated.FindString(res.Body); k != "" {
				t.Errorf("%s%s shows the key %q", lang, p, k)
			}
		}
	}
	res = pub.get("/en" + path)
	mustContain(t, res.Body, "Substantive session 1", "Existing and potential threats", "Which threats grew since 2025?",
		"The link is given to registered participants.", "Meeting 2", "CR 4")
	mustContain(t, pub.get("/fr"+path).Body, "Ouverture de la session")
	res = pub.get("/en" + path + "/meetings/2")
	mustContain(t, res.Body, "10:00–13:00", "That is 9 March 2026, 14:00 UTC", "How should States cooperate?")
	// The Secretariat's forms, in six languages.
	for _, lang := range plenary.Languages {
		for _, p := range []string{"/bodies/gm/sessions/new", path + "/edit", path + "/items/new", path + "/meetings/new", path + "/meetings/1/edit"} {
			if k := untranslated.FindString(expect(t, lang+p, sec.get("/"+lang+p), 200).Body); k != "" {
				t.Errorf("%s%s shows the key %q", lang, p, k)
			}
		}
	}
	// Nobody but the Secretariat sees forms or buttons that change things.
	for _, p := range []string{path + "/edit", path + "/items/new", path + "/meetings/new", path + "/meetings/1/edit"} {
		if res := pub.get("/en" + p); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the public at %s: %d", p, res.StatusCode)
		}
	}
	del := newBrowser(t, e)
	del.signIn(fra)
	expect(t, "delegate edits", del.get("/en"+path+"/edit"), 403)
	mustNotContain(t, del.get("/en"+path).Body, "gm-secret")
	mustContain(t, sec.get("/en"+path).Body, "https://meet.example.org/gm-secret")
	mustContain(t, ch.get("/en"+path).Body, "https://meet.example.org/gm-secret")

	// Cancelling shows in the page and in the calendar.
	expect(t, "cancel", sec.post("/en"+path+"/meetings/2/cancel", nil), 303)
	mustContain(t, pub.get("/en"+path+"/meetings/2").Body, "Cancelled")

	for _, p := range []string{"/en" + path + "/calendar.ics", "/ar/bodies/gm/calendar.ics"} {
		res := expect(t, p, pub.get(p), 200)
		if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
			t.Errorf("%s: content type %q", p, ct)
		}
		cal, err := ics.ParseCalendar(strings.NewReader(res.Body))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if n := len(cal.Events()); n != 2 {
			t.Errorf("%s: %d events", p, n)
		}
		mustContain(t, res.Body, "\r\nDTSTART;TZID=America/New_York:20260309T100000\r\n", "STATUS:CANCELLED", "SEQUENCE:1")
		mustNotContain(t, res.Body, "gm-secret")
	}
	mustContain(t, pub.get("/ar/bodies/gm/calendar.ics").Body, "SUMMARY:") // written in Arabic page language
}

func newSignedIn(t *testing.T, e *testenv.Env, u account.User) *browser {
	b := newBrowser(t, e)
	b.signIn(u)
	return b
}

func mustID(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	for _, c := range strings.TrimPrefix(path, "/sessions/") {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + int64(c-'0')
	}
	if id == 0 {
		t.Fatalf("no id in %s", path)
	}
	return id
}
