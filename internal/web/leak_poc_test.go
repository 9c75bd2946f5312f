package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// secretGroup is something confidential and the roles that may read it.
type secretGroup struct {
	name    string
	secrets []string
	mayRead []string
}

// pocWorld is a directory with participating States and verified contacts, a pending
// nomination, a State that left, a ping round, and people in every role.
type pocWorld struct {
	e      *testenv.Env
	users  map[string]account.User
	groups []secretGroup
	// ids are values tried for the {id}-like parameters of every route.
	ids []string
}

func contactDetails(name, email, phone string) directory.Details {
	return directory.Details{Name: name, Title: "Duty officer", Organisation: "Ministry", Emails: []string{email},
		Phones: []string{phone}, Languages: []string{"en"}, Lang: "en", TimeZone: "Asia/Tokyo", Always: true}
}

func newPOCWorld(t *testing.T) *pocWorld {
	t.Helper()
	e := testenv.New(t, testenv.LogLevel("debug"))
	sys := plenary.System("test")
	org, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "KEN", Names: plenary.Localized{"en": "Civic Lab"}})
	if err != nil {
		t.Fatal(err)
	}
	w := &pocWorld{e: e, users: map[string]account.User{
		"secretariat":   e.CreateUser(t, "sec@example.org", "Amina Secretariat", plenary.Grant{Role: plenary.RoleSecretariat}),
		"chair":         e.CreateUser(t, "chair@example.org", "Carlos Chair", plenary.Grant{Role: plenary.RoleChair}),
		"delegate":      e.CreateUser(t, "bra@example.org", "Bruno Delegate", plenary.Grant{Role: plenary.RoleDelegate, State: "BRA"}),
		"jpn_nominator": e.CreateUser(t, "nom.jpn@example.org", "Jun Nominator", plenary.Grant{Role: plenary.RoleNominator, State: "JPN"}),
		"fra_nominator": e.CreateUser(t, "nom.fra@example.org", "Fleur Nominator", plenary.Grant{Role: plenary.RoleNominator, State: "FRA"}),
		"unverified":    e.CreateUser(t, "poc.usa@example.org", "Uma Unverified", plenary.Grant{Role: plenary.RolePointOfContact, State: "USA"}),
		"focal":         e.CreateUser(t, "focal@example.org", "Faith Focal", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID}),
		"representative": e.CreateUser(t, "rep@example.org", "Remy Representative",
			plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: org.ID}),
	}}
	secretariat := e.Actor(t, w.users["secretariat"])
	for _, st := range []string{"JPN", "KEN", "RUS", "FRA"} {
		if _, err := e.Directory.SetParticipation(ctx, secretariat, st, directory.Participating, ""); err != nil {
			t.Fatal(err)
		}
	}
	// contact nominates, verifies and lets the person sign in (an account of their own
	// first, so that the test knows its password; then a second factor, as the role
	// requires).
	contact := func(who, state string, fn directory.Function, d directory.Details) directory.Contact {
		t.Helper()
		nominator := secretariat
		if state == "JPN" {
			nominator = e.Actor(t, w.users["jpn_nominator"])
		}
		u := e.CreateUser(t, d.Email(), d.Name)
		c, err := e.Directory.Nominate(ctx, nominator, directory.NominationInput{State: state, Function: fn, Details: d})
		if err != nil {
			t.Fatal(err)
		}
		if c, err = e.Directory.Verify(ctx, secretariat, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Accounts.SetUpSecondFactor(ctx, plenary.System("test"), u.ID, testenv.TOTPSeed); err != nil {
			t.Fatal(err)
		}
		w.users[who] = u
		return c
	}
	contact("jpn_contact", "JPN", directory.Diplomatic, contactDetails("Ayumi Kagerou", "ayumi.kagerou@mofa.example.jp", "+81 3 5501 8421"))
	contact("jpn_technical", "JPN", directory.Technical, contactDetails("Kenji Morisaki", "soc-duty@nisc.example.jp", "+81 3 6205 7777"))
	contact("ken_contact", "KEN", directory.Technical, contactDetails("Wanjiku Otieno-Kamau", "w.otieno@ke-cirt.example.ke", "+254 20 555 0199"))
	contact("rus_contact", "RUS", directory.Diplomatic, contactDetails("Pavel Orlovsky", "p.orlovsky@mid.example.ru", "+7 495 555 0142"))
	// A nomination the Secretariat has not verified.
	if _, err := e.Directory.Nominate(ctx, e.Actor(t, w.users["jpn_nominator"]), directory.NominationInput{State: "JPN", Function: directory.Technical,
		Details: contactDetails("Haruto Shimizu", "pending.h@mofa.example.jp", "+81 3 5501 9999")}); err != nil {
		t.Fatal(err)
	}
	// Russia leaves the directory: its contact reads nothing, and nobody but the
	// Secretariat reads its entry.
	if _, err := e.Directory.SetParticipation(ctx, secretariat, "RUS", directory.Left, ""); err != nil {
		t.Fatal(err)
	}
	// A round of pings: Kenya answers, Japan does not, and Japan's contacts hear of it.
	round, err := e.Pings.CreateRound(ctx, secretariat, ping.RoundInput{Title: "Test round", Scope: ping.ScopeAll, Hours: 48})
	if err != nil {
		t.Fatal(err)
	}
	pending, err := e.Pings.Pending(ctx, e.Actor(t, w.users["ken_contact"]))
	if err != nil || len(pending) != 1 {
		t.Fatalf("Kenya's pending pings: %v %v", pending, err)
	}
	if _, err := e.Pings.AcknowledgeInApp(ctx, e.Actor(t, w.users["ken_contact"]), pending[0].Request.ID); err != nil {
		t.Fatal(err)
	}
	e.Clock.Set(round.EscalateAt)
	if err := e.Pings.Tick(ctx, ping.TickJob{}); err != nil {
		t.Fatal(err)
	}
	e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool { return strings.Contains(m.Subject, "has not answered") })

	// Japan writes to Kenya; Kenya answers. Neither shares it with the Secretariat.
	jpn := e.Actor(t, w.users["jpn_contact"])
	msg, err := e.Communications.Send(ctx, jpn, communication.Input{From: "JPN", To: "KEN", Kind: communication.IncidentNotification,
		Urgency: communication.Urgent, Description: "Beaconing from AS64501 towards the grid operator",
		RequestedAction: "Block sinkhole 198.51.100.77 at the national exchange"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Communications.Reply(ctx, e.Actor(t, w.users["ken_contact"]), msg.ID, communication.Input{Kind: communication.InformationRequest,
		Urgency: communication.Urgent, Description: "Kenyan CIRT confirms indicator Nyati-42"}); err != nil {
		t.Fatal(err)
	}

	w.groups = []secretGroup{
		{name: "a communication between Japan and Kenya", secrets: []string{"AS64501", "198.51.100.77", "Nyati-42"},
			mayRead: []string{"jpn_contact", "jpn_technical", "ken_contact"}},
		{name: "Japan's verified contacts", secrets: []string{"Ayumi Kagerou", "ayumi.kagerou@mofa.example.jp", "+81 3 5501 8421", "Kenji Morisaki", "soc-duty@nisc.example.jp", "+81 3 6205 7777"},
			mayRead: []string{"secretariat", "jpn_nominator", "jpn_contact", "jpn_technical", "ken_contact"}},
		{name: "Japan's nomination awaiting verification", secrets: []string{"Haruto Shimizu", "pending.h@mofa.example.jp", "+81 3 5501 9999"},
			mayRead: []string{"secretariat", "jpn_nominator"}},
		{name: "the contact of a State that left", secrets: []string{"p.orlovsky@mid.example.ru", "+7 495 555 0142"},
			mayRead: []string{"secretariat", "rus_contact"}}, // the contact's own account page shows their address
	}
	for i := 1; i <= 8; i++ {
		w.ids = append(w.ids, itoa(int64(i)))
	}
	return w
}

// TestDirectoryDoesNotLeak: the Points of Contact directory is read only by the
// Secretariat and the verified contacts of participating States (and a State's nominator
// reads its own State's entries). Every page the application routes (in two languages,
// its parameters tried with every ID in use), every page linked from those, every GET
// operation of the API's OpenAPI description, and so every feed and export, is read as
// every role; none may show a contact's name, address or phone to a role that may not
// read it, and those who may read it find it, which proves the search would see a leak.
// Then no e-mail carries a contact's details to anyone else, and the log never names one.
func TestDirectoryDoesNotLeak(t *testing.T) {
	w := newPOCWorld(t)
	e := w.e
	roles := append([]string{"public"}, mapKeys(w.users)...)
	seen := map[string]string{}
	for _, who := range roles {
		seen[who] = w.crawl(t, who)
	}
	for _, g := range w.groups {
		for _, who := range roles {
			found := ""
			for _, s := range g.secrets {
				if strings.Contains(seen[who], s) {
					found = s
					break
				}
			}
			switch may := slices.Contains(g.mayRead, who); {
			case may && found == "" && who != "jpn_technical":
				t.Errorf("%s: %s finds nothing: the search would miss a leak", g.name, who)
			case !may && found != "":
				t.Errorf("%s: %s reads %q", g.name, who, found)
			}
		}
	}

	// E-mail: a contact's details go only to the contact, to the Secretariat and to the
	// same State's contacts (an escalation names the silent colleague), and a nomination's
	// also to the State's nominator.
	japan := []string{"ayumi.kagerou@mofa.example.jp", "soc-duty@nisc.example.jp", "sec@example.org", "nom.jpn@example.org"}
	mayReceive := map[string][]string{
		"Ayumi Kagerou": japan, "ayumi.kagerou@mofa.example.jp": japan, "+81 3 5501 8421": japan,
		"Kenji Morisaki": japan, "soc-duty@nisc.example.jp": japan, "+81 3 6205 7777": japan,
		"Haruto Shimizu":            {"sec@example.org", "nom.jpn@example.org", "pending.h@mofa.example.jp"},
		"pending.h@mofa.example.jp": {"sec@example.org", "nom.jpn@example.org", "pending.h@mofa.example.jp"},
		"+81 3 5501 9999":           {"sec@example.org", "nom.jpn@example.org"},
		"p.orlovsky@mid.example.ru": {"p.orlovsky@mid.example.ru", "sec@example.org"},
		"+7 495 555 0142":           {"p.orlovsky@mid.example.ru", "sec@example.org"},
	}
	for _, m := range e.SMTP.Messages() {
		text := m.Subject + m.Text + m.HTML
		// What States write to each other never travels by e-mail, to anyone.
		for _, secret := range w.groups[0].secrets {
			if strings.Contains(text, secret) {
				t.Errorf("e-mail %q to %v carries a communication's content %q", m.Subject, m.To, secret)
			}
		}
		for secret, allowed := range mayReceive {
			if !strings.Contains(text, secret) {
				continue
			}
			for _, to := range m.To {
				if !slices.Contains(allowed, to) {
					t.Errorf("e-mail %q to %s carries %q", m.Subject, to, secret)
				}
			}
		}
	}

	// The log (kept at debug level here, more than production's info) never names a
	// contact, their address or phone.
	logs := e.Logs.String()
	if !strings.Contains(logs, "/directory") {
		t.Fatalf("the log does not show the requests: the check would miss a leak")
	}
	for _, g := range w.groups {
		for _, s := range g.secrets {
			if strings.Contains(logs, s) {
				t.Errorf("the log carries %q", s)
			}
		}
	}
	// Nor does it keep a usable acknowledgement link.
	if m := regexp.MustCompile(`/pings/acknowledge/[A-Za-z0-9_-]{20,}`).FindString(logs); m != "" {
		t.Errorf("the log keeps an acknowledgement link: %s", m)
	}
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var (
	paramRE = regexp.MustCompile(`\{[^}]+\}`)
	hrefRE  = regexp.MustCompile(`(?:href|src|action)="(/[^"#]*)"`)
)

// expand returns the paths a pattern gives with each value tried for its parameters.
func (w *pocWorld) expand(pattern string) []string {
	pattern = strings.TrimSuffix(pattern, "{$}")
	params := paramRE.FindAllString(pattern, -1)
	if len(params) == 0 {
		return []string{pattern}
	}
	values := func(p string) []string {
		switch p {
		case "{iso3}", "{state}":
			return []string{"JPN", "KEN", "RUS", "FRA", "USA"}
		case "{lang}":
			return []string{"en"}
		case "{body}", "{code}":
			return []string{"gm"}
		case "{format}":
			return []string{"pdf"}
		case "{token}":
			return []string{"AAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAA"}
		}
		return w.ids
	}
	// Every parameter takes each value in turn with the others at their first value,
	// and all take the same index together: enough to reach every entry.
	var out []string
	for i := range w.ids {
		p := pattern
		for _, name := range params {
			vs := values(name)
			p = strings.Replace(p, name, vs[i%len(vs)], 1)
		}
		out = append(out, p)
	}
	return out
}

// crawl reads, as who, every routed page in English and Arabic, the pages they link to,
// and every GET operation of the API; it returns everything read.
func (w *pocWorld) crawl(t *testing.T, who string) string {
	t.Helper()
	e := w.e
	b := newBrowser(t, e)
	token := ""
	if who != "public" {
		b.signIn(w.users[who])
		token = apiToken(t, e, w.users[who])
	}
	var text strings.Builder
	visited := map[string]bool{}
	var queue []string
	// Every route in English and Arabic; the directory's, the pings' and the
	// communications' in all six languages.
	for _, lang := range plenary.Languages {
		for _, pattern := range e.Pages.Patterns() {
			method, path, _ := strings.Cut(pattern, " ")
			if method != http.MethodGet || strings.HasSuffix(path, "/events") || strings.HasSuffix(path, "/live") {
				continue // event streams do not end
			}
			if lang != "en" && lang != "ar" && !strings.HasPrefix(path, "/directory") && !strings.HasPrefix(path, "/pings") &&
				!strings.HasPrefix(path, "/communications") {
				continue
			}
			for _, p := range w.expand(path) {
				queue = append(queue, "/"+lang+p)
			}
		}
	}
	const limit = 4000
	for len(queue) > 0 && len(visited) < limit {
		p := queue[0]
		queue = queue[1:]
		if visited[p] || strings.Contains(p, "sign-out") {
			continue
		}
		visited[p] = true
		res := b.get(p)
		if res.StatusCode >= 500 {
			t.Fatalf("%s as %s: %d", p, who, res.StatusCode)
		}
		text.WriteString(res.Body)
		for _, h := range res.Header.Values("Location") {
			text.WriteString(h)
		}
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(res.Body, -1) {
			u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
			// Links are followed in English and Arabic (every page links to its other
			// languages), and a sign-in link's return address is not a new page.
			if err != nil || strings.HasPrefix(u.Path, "/static/") || strings.HasPrefix(u.Path, "/api/") ||
				!(strings.HasPrefix(u.Path, "/en/") || strings.HasPrefix(u.Path, "/ar/")) || strings.HasSuffix(u.Path, "/sign-in") {
				continue
			}
			if !visited[u.String()] {
				queue = append(queue, u.String())
			}
		}
	}
	if len(visited) >= limit {
		// Raise the limit: pages past it would go unread.
		t.Errorf("%s: stopped at %d pages before reading them all", who, limit)
	}
	// The API: every GET operation its OpenAPI description lists.
	var spec struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(apiGet(t, e, "", "/openapi.json")), &spec); err != nil {
		t.Fatal(err)
	}
	for path, ops := range spec.Paths {
		if _, ok := ops["get"]; !ok || strings.HasSuffix(path, "/events") {
			continue
		}
		for _, p := range w.expand(path) {
			text.WriteString(apiGet(t, e, token, p))
			text.WriteString(apiGet(t, e, token, p+"?state=JPN"))
		}
	}
	return text.String()
}
