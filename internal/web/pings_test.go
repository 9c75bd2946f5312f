package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// pingWorld has a user of every role, France's two verified contacts (A and B, who can
// sign in), Kenya's one, and a user with the Point of Contact role but no verified entry.
type pingWorld struct {
	e     *testenv.Env
	sec   plenary.Actor
	users map[string]account.User
	a, b  testenv.Contact
}

func newPingWorld(t *testing.T) *pingWorld {
	t.Helper()
	e := testenv.New(t)
	w := &pingWorld{e: e, users: map[string]account.User{}}
	w.users["secretariat"] = e.CreateUser(t, "secretariat@un.org", "Secretariat", plenary.Grant{Role: plenary.RoleSecretariat})
	w.sec = e.Actor(t, w.users["secretariat"])
	org, err := e.Organizations.Create(ctx, plenary.System("test"), orgInput("Cyber Institute"))
	if err != nil {
		t.Fatal(err)
	}
	w.users["chair"] = e.CreateUser(t, "chair@un.org", "Chair", plenary.Grant{Role: plenary.RoleChair})
	w.users["delegate"] = e.CreateUser(t, "delegate@fra.example", "Delegate", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	w.users["nominator"] = e.CreateUser(t, "nominator@fra.example", "Nominator", plenary.Grant{Role: plenary.RoleNominator, State: "FRA"})
	w.users["focal point"] = e.CreateUser(t, "focal@example.org", "Focal", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID})
	w.users["unverified"] = e.CreateUser(t, "unverified@fra.example", "Unverified", plenary.Grant{Role: plenary.RolePointOfContact, State: "FRA"})
	// The contacts have accounts with passwords before they are verified, so that they
	// can sign in here.
	w.users["contact"] = e.CreateUser(t, "a@diplomatie.gouv.fr", "Amélie Durand", plenary.Grant{Role: plenary.RolePointOfContact, State: "FRA"})
	w.a = e.VerifiedContact(t, w.sec, "FRA", "a@diplomatie.gouv.fr", "Amélie Durand", "ru", directory.Diplomatic)
	w.b = e.VerifiedContact(t, w.sec, "FRA", "b@anssi.gouv.fr", "Bruno Martin", "fr", directory.Technical)
	e.VerifiedContact(t, w.sec, "KEN", "c@mfa.go.ke", "Carmen Otieno", "en", directory.Diplomatic)
	return w
}

var pingRoles = []string{"public", "secretariat", "chair", "delegate", "nominator", "contact", "unverified", "focal point"}

// browserAs is a browser signed in as role (the public's is not signed in).
func (w *pingWorld) browserAs(t *testing.T, role string) *browser {
	t.Helper()
	b := newBrowser(t, w.e)
	if role != "public" {
		b.signIn(w.users[role])
	}
	return b
}

func (w *pingWorld) request(t *testing.T, roundID int64, c testenv.Contact) ping.Request {
	t.Helper()
	qs, err := w.e.DB.Pings().Requests(ctx, roundID)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.ContactID == c.ID {
			return q
		}
	}
	t.Fatalf("no request of %s", c.Email)
	return ping.Request{}
}

func (w *pingWorld) ru(key string) string { return html.EscapeString(w.e.Catalog.T("ru", key, nil)) }

// TestPingLinkPages: the link's pages, for every role signed in or not, in Russian:
// opening a valid link shows the round, the State and a button and acknowledges
// nothing; a forged link is not found (404), a used one is refused (409), an expired one
// is gone (410), each with a page that says so; the button acknowledges once.
func TestPingLinkPages(t *testing.T) {
	w := newPingWorld(t)
	browsers := map[string]*browser{}
	for _, role := range pingRoles {
		browsers[role] = w.browserAs(t, role)
	}
	old, err := w.e.Pings.CreateRound(ctx, w.sec, ping.RoundInput{Title: "Старый раунд", Scope: ping.ScopeStates, States: []string{"FRA"}, Hours: 1})
	if err != nil {
		t.Fatal(err)
	}
	w.e.Clock.Advance(2 * time.Hour)
	r, err := w.e.Pings.CreateRound(ctx, w.sec, ping.RoundInput{Title: "Проверка связи", Scope: ping.ScopeAll})
	if err != nil {
		t.Fatal(err)
	}
	expired := w.e.Pings.Token(w.request(t, old.ID, w.b))
	valid := w.e.Pings.Token(w.request(t, r.ID, w.b))
	used := w.e.Pings.Token(w.request(t, r.ID, w.a))
	if _, err := w.e.Pings.AcknowledgeLink(ctx, plenary.Public("ru"), used); err != nil {
		t.Fatal(err)
	}
	forged := valid[:len(valid)-2] + map[bool]string{true: "AA", false: "BB"}[!strings.HasSuffix(valid, "AA")]
	path := func(tok string) string { return "/ru/pings/acknowledge/" + tok }
	for _, role := range pingRoles {
		b := browsers[role]
		for _, c := range []struct {
			name, token string
			status      int
			want        []string
		}{
			{"valid", valid, http.StatusOK, []string{"Проверка связи", "Франция", w.ru("ping.page.acknowledge"), `method="post" action="/ru/pings/acknowledge/` + valid + `"`}},
			{"forged", forged, http.StatusNotFound, []string{w.ru("ping.link_invalid")}},
			{"used", used, http.StatusConflict, []string{w.ru("ping.link_used"), "Франция"}},
			{"expired", expired, http.StatusGone, []string{w.ru("ping.link_expired"), "Старый раунд"}},
		} {
			res := b.get(path(c.token))
			if res.StatusCode != c.status {
				t.Errorf("%s, GET %s link: %d, want %d", role, c.name, res.StatusCode, c.status)
				continue
			}
			mustContain(t, res.Body, append(c.want, `lang="ru"`)...)
			mustNotContain(t, res.Body, "Amélie", "Bruno", "b@anssi", w.request(t, r.ID, w.b).Nonce)
			if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s, %s link: Cache-Control %q", role, c.name, cc)
			}
			if c.name != "valid" {
				mustNotContain(t, res.Body, `action="/ru/pings/acknowledge/`)
				res = b.post(path(c.token), url.Values{})
				if res.StatusCode != c.status {
					t.Errorf("%s, POST %s link: %d, want %d", role, c.name, res.StatusCode, c.status)
				}
				mustContain(t, res.Body, c.want[0])
			}
		}
	}
	// Opening the link acknowledged nothing; the button does, once.
	if w.request(t, r.ID, w.b).Acknowledged() {
		t.Fatal("opening the link acknowledged the ping")
	}
	b := browsers["public"]
	res := b.post(path(valid), url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path(valid)+"?done=1" {
		t.Fatalf("POST valid link: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res = b.get(path(valid) + "?done=1")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirmation: %d", res.StatusCode)
	}
	mustContain(t, res.Body, w.ru("ping.page.link_done"))
	q := w.request(t, r.ID, w.b)
	if !q.Acknowledged() || q.Via != ping.ViaLink {
		t.Fatalf("request %+v", q)
	}
	res = browsers["chair"].post(path(valid), url.Values{})
	if res.StatusCode != http.StatusConflict {
		t.Errorf("second POST: %d", res.StatusCode)
	}
	mustContain(t, res.Body, w.ru("ping.link_used"))
}

// TestPingPages: the pages of the Secretariat and of the contacts, for every role; the
// round's life through the forms; the published figures for anyone.
func TestPingPages(t *testing.T) {
	w := newPingWorld(t)
	browsers := map[string]*browser{}
	for _, role := range pingRoles {
		browsers[role] = w.browserAs(t, role)
	}
	sec := browsers["secretariat"]
	// The Secretariat starts a round through the form.
	res := sec.get("/en/pings")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /en/pings: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `name="title"`, `value="all" checked`, `<optgroup label="Western European and other States"`, `value="FRA"`)
	res = sec.post("/en/pings", url.Values{"title": {""}, "scope": {"states"}, "hours": {"48"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty form: %d", res.StatusCode)
	}
	mustContain(t, res.Body, "error-summary")
	res = sec.post("/en/pings", url.Values{"title": {"Spring test"}, "scope": {"states"}, "states": {"FRA"}, "codes": {"ken"}, "hours": {"1"}, "zone": {"UTC"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(loc, "/en/pings/"), "?done=created"), 10, 64)
	if err != nil {
		t.Fatalf("location %q", loc)
	}
	round := "/pings/" + strconv.FormatInt(id, 10)
	r, err := w.e.Pings.Round(ctx, w.sec, id)
	if err != nil || r.Status != ping.Sent || len(r.States) != 2 || !r.Deadline.Equal(r.StartsAt.Add(time.Hour)) {
		t.Fatalf("round %+v, %v", r, err)
	}
	// A scheduled round, cancelled through the form.
	res = sec.post("/en/pings", url.Values{"title": {"Later"}, "scope": {"region"}, "region": {"African"},
		"starts_at": {w.e.Clock.Now().Add(48 * time.Hour).Format("2006-01-02T15:04")}, "zone": {"Africa/Nairobi"}, "hours": {"48"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d\n%s", res.StatusCode, res.Body)
	}
	later := strings.TrimSuffix(strings.TrimPrefix(res.Header.Get("Location"), "/en"), "?done=created")
	res = sec.get("/en" + later)
	mustContain(t, res.Body, `name="action" value="cancel"`)
	if res = sec.post("/en"+later, url.Values{"action": {"cancel"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	mustContain(t, sec.get(res.Header.Get("Location")).Body, "The round has been cancelled.")
	if res = sec.post("/en"+round, url.Values{"action": {"cancel"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("cancel a sent round: %d", res.StatusCode)
	}
	// The contact acknowledges signed in, from the list of pings waiting.
	contact := browsers["contact"]
	res = contact.get("/ru/pings/mine")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("mine: %d", res.StatusCode)
	}
	mustContain(t, res.Body, "Spring test", w.ru("ping.page.acknowledge"), `href="/ru/pings/mine"`)
	q := w.request(t, id, w.a)
	w.e.Clock.Advance(40 * time.Minute)
	res = contact.post("/ru/pings/mine", url.Values{"request": {strconv.FormatInt(q.ID, 10)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("acknowledge in the app: %d\n%s", res.StatusCode, res.Body)
	}
	res = contact.get(res.Header.Get("Location"))
	mustContain(t, res.Body, w.ru("ping.page.done.acknowledged"), w.ru("ping.page.none_pending"))
	// Another user cannot acknowledge B's ping from the page.
	qb := w.request(t, id, w.b)
	if res = contact.post("/ru/pings/mine", url.Values{"request": {strconv.FormatInt(qb.ID, 10)}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("A acknowledging B's ping: %d", res.StatusCode)
	}
	// The Secretariat's results: by group and by State, charts and tables.
	res = sec.get("/ar" + round)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("results: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `dir="rtl"`, "<svg", `aria-labelledby="chart-groups"`, `aria-labelledby="chart-states"`, "فرنسا", "كينيا", "<table")
	mustNotContain(t, res.Body, "style=")
	if sec.post("/en"+round, url.Values{"action": {"publish"}}).StatusCode != http.StatusConflict {
		t.Error("published an open round")
	}
	// Access to each page, by role, once the round has closed.
	w.e.Clock.Set(r.Deadline)
	if err := w.e.Pings.Tick(ctx, ping.TickJob{}); err != nil {
		t.Fatal(err)
	}
	pages := []struct {
		path    string
		allowed []string
	}{
		{"/ru/pings", []string{"secretariat"}},
		{"/ru" + round, []string{"secretariat"}},
		{"/ru/pings/states/FRA", []string{"secretariat", "contact"}},
		{"/ru/pings/states/KEN", []string{"secretariat"}},
		{"/ru/pings/mine", []string{"contact"}},
		{"/ru/pings/results", pingRoles},
	}
	for _, pg := range pages {
		for _, role := range pingRoles {
			res := browsers[role].get(pg.path)
			want := http.StatusNotFound
			if role == "public" {
				want = http.StatusSeeOther
			}
			for _, r := range pg.allowed {
				if r == role {
					want = http.StatusOK
				}
			}
			if res.StatusCode != want {
				t.Errorf("%s GET %s: %d, want %d", role, pg.path, res.StatusCode, want)
			}
			// The published figures may be stored (the server's own rule for signed-in
			// readers aside); nothing else may.
			public := pg.path == "/ru/pings/results" && role == "public"
			if cc := res.Header.Get("Cache-Control"); (cc == "no-store") == public && (public || pg.path != "/ru/pings/results") {
				t.Errorf("%s GET %s: Cache-Control %q", role, pg.path, cc)
			}
			if want == http.StatusOK && pg.path != "/ru/pings/results" {
				mustContain(t, res.Body, `aria-current="page">`+w.ru("ping.page.nav"))
			}
			if role != "secretariat" && role != "contact" && role != "public" {
				mustNotContain(t, res.Body, w.ru("ping.page.nav")+"</a>")
			}
		}
	}
	// The State's history for its contact, without links to the Secretariat's pages.
	res = contact.get("/ru/pings/states/FRA")
	mustContain(t, res.Body, "Spring test", "Франция")
	mustNotContain(t, res.Body, `href="/ru`+round+`"`)
	// Publication: the figures overall and by group, for anyone, never a State's.
	if res = sec.post("/en"+round, url.Values{"action": {"publish"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	res = browsers["public"].get("/fr/pings/results")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("results: %d", res.StatusCode)
	}
	mustContain(t, res.Body, "Spring test", "<svg", "<table")
	mustNotContain(t, res.Body, "France", "Kenya", "FRA", "KEN", "style=")
	if res = sec.post("/en"+round, url.Values{"action": {"unpublish"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", res.StatusCode)
	}
	mustNotContain(t, browsers["public"].get("/fr/pings/results").Body, "Spring test")
	// Nobody else acts on rounds.
	for _, role := range []string{"chair", "delegate", "nominator", "contact", "unverified", "focal point"} {
		for _, form := range []url.Values{{"action": {"publish"}}, {"action": {"cancel"}}} {
			if res := browsers[role].post("/en"+round, form); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %v: %d", role, form, res.StatusCode)
			}
		}
		if res := browsers[role].post("/en/pings", url.Values{"title": {"x"}, "scope": {"all"}}); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
			t.Errorf("%s creating a round: %d", role, res.StatusCode)
		}
	}
}

// TestPingFormRefused: the new round's form with values it cannot read (a time zone, a
// start) comes back with the problems beside them, and starts nothing; it comes back only
// to the Secretariat, whose page it is: anyone else is told the page does not exist.
func TestPingFormRefused(t *testing.T) {
	w := newPingWorld(t)
	bad := url.Values{"title": {"Spring test"}, "scope": {"all"}, "zone": {"Mars/Olympus"}, "starts_at": {"tomorrow"}, "hours": {"many"}}
	res := expect(t, "unreadable form", w.browserAs(t, "secretariat").post("/en/pings", bad), 422)
	mustContain(t, res.Body, `href="#field-zone"`, `href="#field-starts_at"`, `href="#field-hours"`, `value="Spring test"`)
	for _, role := range []string{"chair", "delegate", "nominator", "contact", "unverified", "focal point"} {
		res := expect(t, role+" unreadable form", w.browserAs(t, role).post("/en/pings", bad), 404)
		mustNotContain(t, res.Body, "Spring test")
	}
	if rounds, err := w.e.Pings.Rounds(ctx, w.sec); err != nil || len(rounds) != 0 {
		t.Errorf("rounds %v, %v", rounds, err)
	}
}
