package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestPingsThroughTheAPI: a round's life through the API, every operation for every
// role, and the link's answers (valid, forged, used, expired) in Russian.
func TestPingsThroughTheAPI(t *testing.T) {
	e := testenv.New(t)
	secU := e.CreateUser(t, "secretariat@un.org", "Secretariat", plenary.Grant{Role: plenary.RoleSecretariat})
	sec := e.Actor(t, secU)
	org, err := e.Organizations.Create(ctx, plenary.System("test"), organization.Input{Type: organization.Academia, HQState: "BRA",
		Names: plenary.Localized{"en": "Cyber Institute"}})
	if err != nil {
		t.Fatal(err)
	}
	contactU := e.CreateUser(t, "a@diplomatie.gouv.fr", "Amélie", plenary.Grant{Role: plenary.RolePointOfContact, State: "FRA"})
	a := e.VerifiedContact(t, sec, "FRA", "a@diplomatie.gouv.fr", "Amélie", "fr", directory.Diplomatic)
	b := e.VerifiedContact(t, sec, "FRA", "b@anssi.gouv.fr", "Bruno", "ru", directory.Technical)
	e.VerifiedContact(t, sec, "KEN", "c@mfa.go.ke", "Carmen", "en", directory.Diplomatic)
	users := map[string]string{
		"secretariat": tokenFor(t, e, secU, plenary.ScopeRead, plenary.ScopeWrite),
		"chair":       tokenFor(t, e, e.CreateUser(t, "chair@un.org", "Chair", plenary.Grant{Role: plenary.RoleChair}), plenary.ScopeRead, plenary.ScopeWrite),
		"delegate": tokenFor(t, e, e.CreateUser(t, "delegate@fra.example", "Delegate", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"}),
			plenary.ScopeRead, plenary.ScopeWrite),
		"nominator": tokenFor(t, e, e.CreateUser(t, "nominator@fra.example", "Nominator", plenary.Grant{Role: plenary.RoleNominator, State: "FRA"}),
			plenary.ScopeRead, plenary.ScopeWrite),
		"contact": tokenFor(t, e, contactU, plenary.ScopeRead, plenary.ScopeWrite),
		"unverified": tokenFor(t, e, e.CreateUser(t, "unverified@fra.example", "Unverified", plenary.Grant{Role: plenary.RolePointOfContact, State: "FRA"}),
			plenary.ScopeRead, plenary.ScopeWrite),
		"focal point": tokenFor(t, e, e.CreateUser(t, "focal@example.org", "Focal", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID}),
			plenary.ScopeRead, plenary.ScopeWrite),
		"public": "",
	}
	as := func(role string) client { return client{t: t, e: e, token: users[role], lang: "ru"} }
	roles := []string{"public", "chair", "delegate", "nominator", "unverified", "focal point", "contact", "secretariat"}

	// The Secretariat creates a round of all States, and a scheduled one.
	var r struct {
		ID       int64     `json:"id"`
		Status   string    `json:"status"`
		Deadline time.Time `json:"deadline"`
		States   []string  `json:"states"`
	}
	res := as("secretariat").call(http.MethodPost, "/pings/rounds", map[string]any{"title": "API round", "scope": "all"})
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	res.json(t, &r)
	if r.Status != "sent" || !r.Deadline.Equal(testenv.Start.Add(48*time.Hour)) {
		t.Fatalf("round %+v", r)
	}
	id := strconv.FormatInt(r.ID, 10)
	res = as("secretariat").call(http.MethodPost, "/pings/rounds", map[string]any{"title": "", "scope": "states", "states": []string{"XXX"}})
	var prob problem
	res.json(t, &prob)
	if res.Status != http.StatusUnprocessableEntity || len(prob.Errors) < 2 {
		t.Errorf("invalid round: %d %s", res.Status, res.Body)
	}
	later := func() string {
		res := as("secretariat").call(http.MethodPost, "/pings/rounds", map[string]any{"title": "Later", "scope": "region", "region": "African",
			"starts_at": e.Clock.Now().Add(time.Hour).Format(time.RFC3339), "hours": 12})
		if res.Status != http.StatusCreated {
			t.Fatalf("schedule: %d %s", res.Status, res.Body)
		}
		var s struct {
			ID int64 `json:"id"`
		}
		res.json(t, &s)
		return strconv.FormatInt(s.ID, 10)
	}

	qs, err := e.DB.Pings().Requests(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var qa, qb ping.Request
	for _, q := range qs {
		switch q.ContactID {
		case a.ID:
			qa = q
		case b.ID:
			qb = q
		}
	}

	// Every operation, for every role. 404 for those the service hides things from, 401
	// without a token.
	type op struct {
		method, path string
		body         any
		allowed      []string
		status       int // of the allowed
	}
	sec1 := []string{"secretariat"}
	ops := []op{
		{http.MethodGet, "/pings/rounds", nil, sec1, 200},
		{http.MethodGet, "/pings/rounds/" + id, nil, sec1, 200},
		{http.MethodGet, "/pings/rounds/" + id + "/results", nil, sec1, 200},
		{http.MethodGet, "/pings/history", nil, sec1, 200},
		{http.MethodGet, "/pings/states/FRA/history", nil, []string{"secretariat", "contact"}, 200},
		{http.MethodGet, "/pings/states/KEN/history", nil, sec1, 200},
		{http.MethodGet, "/pings/pending", nil, []string{"chair", "delegate", "nominator", "unverified", "focal point", "contact", "secretariat"}, 200},
		{http.MethodGet, "/pings/published", nil, roles, 200},
		{http.MethodPost, "/pings/rounds", map[string]any{"title": "Chosen", "scope": "states", "states": []string{"KEN"}}, sec1, 201},
		{http.MethodPut, "/pings/rounds/" + id + "/publication", map[string]any{"published": true}, sec1, 409}, // not closed yet
		{http.MethodPost, "/pings/links/check", map[string]any{"token": e.Pings.Token(qb)}, roles, 200},
	}
	for _, o := range ops {
		for _, role := range roles {
			want := http.StatusNotFound
			if role == "public" {
				want = http.StatusUnauthorized
			}
			if o.method != http.MethodGet && role != "public" && (o.path == "/pings/rounds" || strings.HasSuffix(o.path, "/publication")) {
				want = http.StatusForbidden // a change refused to a signed-in caller
			}
			for _, r := range o.allowed {
				if r == role {
					want = o.status
				}
			}
			if got := as(role).call(o.method, o.path, o.body); got.Status != want {
				t.Errorf("%s %s %s: %d, want %d: %s", role, o.method, o.path, got.Status, want, got.Body)
			}
		}
	}
	for _, role := range roles {
		want := http.StatusForbidden
		switch role {
		case "public":
			want = http.StatusUnauthorized
		case "secretariat":
			want = http.StatusOK
		}
		if got := as(role).call(http.MethodPost, "/pings/rounds/"+later()+"/cancellation", nil); got.Status != want {
			t.Errorf("%s cancel: %d, want %d", role, got.Status, want)
		}
	}
	// Pending: the contact's own ping only.
	var pending struct {
		Items []struct {
			RequestID int64  `json:"request_id"`
			State     string `json:"state"`
		} `json:"items"`
	}
	as("contact").call(http.MethodGet, "/pings/pending", nil).json(t, &pending)
	if len(pending.Items) != 1 || pending.Items[0].RequestID != qa.ID || pending.Items[0].State != "FRA" {
		t.Fatalf("pending %+v", pending)
	}
	// Acknowledgement in the app: the contact themself only.
	for _, role := range roles {
		want := http.StatusNotFound
		switch role {
		case "public":
			want = http.StatusUnauthorized
		case "contact":
			want = http.StatusNoContent
		}
		if got := as(role).call(http.MethodPost, "/pings/requests/"+strconv.FormatInt(qa.ID, 10)+"/acknowledgement", nil); got.Status != want {
			t.Errorf("%s acknowledging A's ping: %d, want %d", role, got.Status, want)
		}
	}
	if got := as("contact").call(http.MethodPost, "/pings/requests/"+strconv.FormatInt(qa.ID, 10)+"/acknowledgement", nil); got.Status != http.StatusConflict {
		t.Errorf("twice: %d", got.Status)
	}
	// The link, by token, in Russian: forged, valid, used.
	tb := e.Pings.Token(qb)
	forged := tb[:len(tb)-1] + map[bool]string{true: "B", false: "A"}[strings.HasSuffix(tb, "A")]
	res = as("public").call(http.MethodPost, "/pings/links/acknowledgement", map[string]any{"token": forged})
	res.json(t, &prob)
	if res.Status != http.StatusNotFound || prob.Code != "ping.link_invalid" || prob.Detail != e.Catalog.T("ru", "ping.link_invalid", nil) {
		t.Errorf("forged: %d %s", res.Status, res.Body)
	}
	var link struct {
		Status string `json:"status"`
		State  string `json:"state"`
		Round  struct {
			ID     int64    `json:"id"`
			States []string `json:"states"`
		} `json:"round"`
		AcknowledgedAt *time.Time `json:"acknowledged_at"`
	}
	as("public").call(http.MethodPost, "/pings/links/check", map[string]any{"token": tb}).json(t, &link)
	if link.Status != "valid" || link.State != "FRA" || link.Round.ID != r.ID || link.AcknowledgedAt != nil {
		t.Errorf("check: %+v", link)
	}
	res = as("public").call(http.MethodPost, "/pings/links/acknowledgement", map[string]any{"token": tb})
	if res.Status != http.StatusOK {
		t.Fatalf("acknowledge: %d %s", res.Status, res.Body)
	}
	res = as("chair").call(http.MethodPost, "/pings/links/acknowledgement", map[string]any{"token": tb})
	res.json(t, &prob)
	if res.Status != http.StatusConflict || prob.Code != "ping.link_used" || prob.Detail != e.Catalog.T("ru", "ping.link_used", nil) {
		t.Errorf("used: %d %s", res.Status, res.Body)
	}
	// Results: both French contacts answered.
	var results struct {
		Overall struct {
			Contacts     int     `json:"contacts"`
			Acknowledged int     `json:"acknowledged"`
			ResponseRate float64 `json:"response_rate"`
		} `json:"overall"`
		ByState []struct {
			State string `json:"state"`
		} `json:"by_state"`
	}
	as("secretariat").call(http.MethodGet, "/pings/rounds/"+id+"/results", nil).json(t, &results)
	if results.Overall.Contacts != 3 || results.Overall.Acknowledged != 2 || len(results.ByState) != 2 {
		t.Errorf("results %+v", results)
	}
	// Past the deadline: the link is gone (410); the round closes and is published.
	var qc ping.Request
	for _, q := range qs {
		if q.ContactID != a.ID && q.ContactID != b.ID {
			qc = q
		}
	}
	e.Clock.Set(r.Deadline)
	res = as("public").call(http.MethodPost, "/pings/links/acknowledgement", map[string]any{"token": e.Pings.Token(qc)})
	res.json(t, &prob)
	if res.Status != http.StatusGone || prob.Code != "ping.link_expired" || prob.Detail != e.Catalog.T("ru", "ping.link_expired", nil) {
		t.Errorf("expired: %d %s", res.Status, res.Body)
	}
	if err := e.Pings.Tick(ctx, ping.TickJob{}); err != nil {
		t.Fatal(err)
	}
	if res := as("secretariat").call(http.MethodPut, "/pings/rounds/"+id+"/publication", map[string]any{"published": true}); res.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", res.Status, res.Body)
	}
	res = as("public").call(http.MethodGet, "/pings/published", nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "API round") {
		t.Fatalf("published: %d %s", res.Status, res.Body)
	}
	for _, leak := range []string{"FRA", "KEN", "by_state", "a@diplomatie", "Amélie"} {
		if strings.Contains(string(res.Body), leak) {
			t.Errorf("the published figures say %q: %s", leak, res.Body)
		}
	}
}
