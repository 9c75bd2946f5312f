package web_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// leakWorld is the one plenary the registry's facts are set up in: people in every role,
// two bodies and the organizations the people act for. Each registry entry adds its facts
// to it (in the registry's order), then every role reads everything once.
type leakWorld struct {
	e   *testenv.Env
	sys plenary.Actor
	// users are the people the crawler reads as, by role name ("public" is nobody). Each
	// signs in through the pages (with the second factor their role requires).
	users map[string]account.User
	// bodies by code: gm keeps the default accreditation rules, oewg shares who objected
	// with the States that ask the Chair.
	bodies map[string]body.Body
	// orgs by short name: ncpf (the focal point's and the representative's), lab (the
	// other focal point's), igo (the observer's), meridian (a fixture's).
	orgs map[string]organization.Organization
	// values are the IDs (and codes) in use, by the path segment that comes before a
	// parameter taking them ("documents" for /documents/{doc}): the crawler tries each.
	values map[string][]string
	// paths are pages a domain wants read besides the routed ones, with their queries
	// (a search, a filter, a tracking number); they are read in six languages.
	paths []string
	// queries are values for the API's query parameters, by name ("q", "email"…), beside
	// the enumerations the OpenAPI document lists.
	queries map[string][]string

	// What entries share: the oewg session (meeting's entry) and its meetings, a public
	// one and a closed one.
	session  meeting.Session
	meetings []meeting.Meeting
	// The framework's first version, published (framework's entry), which the survey's
	// questionnaire is built on.
	framework framework.Version
	// afterCrawl are checks that the world still is as the entries set it up once every
	// role has read it (the crawl moves the clock).
	afterCrawl []func(t *testing.T)
}

// person is one role of the world.
type person struct {
	role, email, name string
	grants            []plenary.Grant
}

func newLeakWorld(t *testing.T) *leakWorld {
	t.Helper()
	e := testenv.New(t, testenv.LogLevel("debug"))
	w := &leakWorld{e: e, sys: plenary.System("test"), users: map[string]account.User{}, bodies: map[string]body.Body{},
		orgs: map[string]organization.Organization{}, values: map[string][]string{}, queries: map[string][]string{}}
	for code, name := range map[string]string{"gm": "Global Mechanism on ICT security", "oewg": "Open-ended Working Group on ICT security"} {
		b, err := e.Bodies.Create(ctx, w.sys, body.Input{Code: code, TimeZone: "America/New_York", Names: plenary.Localized{"en": name}})
		if err != nil {
			t.Fatal(err)
		}
		w.bodies[code] = b
		w.use("bodies", code)
	}
	for _, o := range []struct {
		key, name, hq string
		typ           organization.Type
	}{
		{"ncpf", "Nairobi Cyber Policy Forum", "KEN", organization.NGO},
		{"lab", "Other Lab", "BRA", organization.Academia},
		{"meridian", "Meridian Network", "CHL", organization.NGO},
		{"igo", "Regional Cyber Organization", "ETH", organization.Intergovernmental},
	} {
		org, err := e.Organizations.Create(ctx, w.sys, organization.Input{Type: o.typ, HQState: o.hq, Names: plenary.Localized{"en": o.name}})
		if err != nil {
			t.Fatal(err)
		}
		w.orgs[o.key] = org
		w.use("organizations", org.ID)
	}
	people := []person{
		{"secretariat", "sec@example.org", "Amina Secretariat", []plenary.Grant{{Role: plenary.RoleSecretariat}}},
		{"chair", "chair@example.org", "Carlos Chair", []plenary.Grant{{Role: plenary.RoleChair}}},
		// Delegates of three Member States: France objects in gm, Germany in oewg, Brazil
		// asks the Chair who objected in oewg and registers its delegation.
		{"fra_delegate", "d1@example.org", "Claire Dubois", []plenary.Grant{{Role: plenary.RoleDelegate, State: "FRA"}}},
		{"deu_delegate", "deu@example.org", "Dieter Delegate", []plenary.Grant{{Role: plenary.RoleDelegate, State: "DEU"}}},
		{"bra_delegate", "bra@example.org", "Bruno Delegate", []plenary.Grant{{Role: plenary.RoleDelegate, State: "BRA"}}},
		// Japan's nominator also submits its answers to the national survey.
		{"jpn_nominator", "nom.jpn@example.org", "Jun Nominator", []plenary.Grant{{Role: plenary.RoleNominator, State: "JPN"},
			{Role: plenary.RoleTeamSubmitter, State: "JPN"}}},
		{"fra_nominator", "nom.fra@example.org", "Fleur Nominator", []plenary.Grant{{Role: plenary.RoleNominator, State: "FRA"}}},
		// The teams of two States: France's drafts and submits its answers to the national
		// survey, Kenya's one member does both.
		{"fra_editor", "editor.fra@example.org", "Fabienne Editor", []plenary.Grant{{Role: plenary.RoleTeamEditor, State: "FRA"}}},
		{"fra_submitter", "submitter.fra@example.org", "Florent Submitter", []plenary.Grant{{Role: plenary.RoleTeamSubmitter, State: "FRA"}}},
		{"ken_submitter", "submitter.ken@example.org", "Kamau Submitter", []plenary.Grant{{Role: plenary.RoleTeamEditor, State: "KEN"},
			{Role: plenary.RoleTeamSubmitter, State: "KEN"}}},
		// A Point of Contact by role whom the Secretariat never verified.
		{"unverified", "poc.usa@example.org", "Uma Unverified", []plenary.Grant{{Role: plenary.RolePointOfContact, State: "USA"}}},
		{"focal", "focal@example.org", "Faith Focal", []plenary.Grant{{Role: plenary.RoleFocalPoint, OrganizationID: w.orgs["ncpf"].ID}}},
		{"representative", "rep@example.org", "Remy Representative", []plenary.Grant{{Role: plenary.RoleRepresentative, OrganizationID: w.orgs["ncpf"].ID}}},
		{"other_focal", "lab@example.org", "Lab Focal", []plenary.Grant{{Role: plenary.RoleFocalPoint, OrganizationID: w.orgs["lab"].ID}}},
		{"observer", "obs@example.org", "Olga Observer", []plenary.Grant{{Role: plenary.RoleObserver, OrganizationID: w.orgs["igo"].ID}}},
		// Signed in, with no role: anyone with an account.
		{"plain", "zofia.plainfield@example.net", "Zofia Plainfield", nil},
		// Points of Contact: their accounts are made here (so that the test knows their
		// passwords); the directory's entry nominates and verifies them, which gives the
		// role.
		{"jpn_contact", "ayumi.kagerou@mofa.example.jp", "Ayumi Kagerou", nil},
		{"jpn_technical", "soc-duty@nisc.example.jp", "Kenji Morisaki", nil},
		{"ken_contact", "w.otieno@ke-cirt.example.ke", "Wanjiku Otieno-Kamau", nil},
		{"mex_contact", "l.ibarra@sre.example.mx", "Lucía Ibarra", nil},
		{"rus_contact", "p.orlovsky@mid.example.ru", "Pavel Orlovsky", nil},
	}
	for _, p := range people {
		w.users[p.role] = e.CreateUser(t, p.email, p.name, p.grants...)
	}
	for _, u := range w.users {
		w.use("users", u.ID)
	}
	return w
}

// actor is role's actor, as its signed-in session has it now.
func (w *leakWorld) actor(t *testing.T, role string) plenary.Actor {
	t.Helper()
	u, ok := w.users[role]
	if !ok {
		t.Fatalf("no role %q in the world", role)
	}
	return w.e.Actor(t, u)
}

// email is role's address.
func (w *leakWorld) email(role string) string { return w.users[role].Email }

// emails are the addresses of roles.
func (w *leakWorld) emails(roles ...string) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = w.email(r)
	}
	return out
}

// use records values in use for the parameters that follow the path segment key.
func (w *leakWorld) use(key string, values ...any) {
	for _, v := range values {
		s := fmt.Sprint(v)
		if !slices.Contains(w.values[key], s) {
			w.values[key] = append(w.values[key], s)
		}
	}
}

// page adds pages to read (without the language prefix, with their queries).
func (w *leakWorld) page(paths ...string) { w.paths = append(w.paths, paths...) }

// query adds values to try for the API's query parameter name.
func (w *leakWorld) query(name string, values ...string) {
	w.queries[name] = append(w.queries[name], values...)
}

// roles are every role the crawler reads as: the public and each person.
func (w *leakWorld) roles() []string { return append([]string{"public"}, mapKeys(w.users)...) }

// stateNames are the ways a page, an export or an e-mail names a State: its code and its
// name in the six languages.
func (w *leakWorld) stateNames(t *testing.T, iso3 string) []string {
	t.Helper()
	st, err := w.e.States.Get(ctx, w.sys, iso3)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{iso3}
	for _, lang := range plenary.Languages {
		if n := st.Name(lang); !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
