package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var (
	ctx    = context.Background()
	update = flag.Bool("update", false, "rewrite the golden OpenAPI document")
)

type client struct {
	t     *testing.T
	e     *testenv.Env
	token string
	lang  string
	// header is sent with every request (an Idempotency-Key).
	header http.Header
}

type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r reply) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%v: %s", err, r.Body)
	}
}

func (c client) call(method, path string, body any) reply {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, c.e.Server.URL+"/api/v1"+path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return reply{res.StatusCode, res.Header, b}
}

// tokenFor makes an API token for u with scopes.
func tokenFor(t *testing.T, e *testenv.Env, u account.User, scopes ...plenary.Scope) string {
	t.Helper()
	secret, _, err := e.Accounts.CreateToken(ctx, e.Actor(t, u), account.TokenInput{Name: "test", Scopes: scopes, Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

type problem struct {
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
	Errors []struct {
		Location, Code, Message string
	} `json:"errors"`
}

func TestOpenAPIDocument(t *testing.T) {
	e := testenv.New(t)
	r := client{t: t, e: e}.call(http.MethodGet, "/openapi.json", nil)
	if r.Status != 200 {
		t.Fatalf("%d", r.Status)
	}
	var doc struct {
		OpenAPI    string                                   `json:"openapi"`
		Paths      map[string]map[string]any                `json:"paths"`
		Components struct{ SecuritySchemes map[string]any } `json:"components"`
	}
	r.json(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.1") || len(doc.Paths) < 10 || doc.Components.SecuritySchemes["bearer"] == nil {
		t.Fatalf("openapi %s, %d paths, schemes %v", doc.OpenAPI, len(doc.Paths), doc.Components.SecuritySchemes)
	}
	// The document is part of the API's contract: a change must be deliberate. The
	// server URL depends on the test's port, so it is normalized first.
	got := bytes.ReplaceAll(r.Body, []byte(e.Config.BaseURL), []byte("http://plenary.example"))
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, got, "", "  "); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "openapi.golden.json")
	if *update {
		if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/api -update to create it)", err)
	}
	if !bytes.Equal(want, pretty.Bytes()) {
		t.Fatal("the OpenAPI document changed; if on purpose, run go test ./internal/api -update and commit testdata/openapi.golden.json")
	}
}

func TestPublicAndAuthenticated(t *testing.T) {
	e := testenv.New(t)
	anon := client{t: t, e: e}
	r := anon.call(http.MethodGet, "/states", nil)
	var states struct {
		Items []struct {
			ISO3  string
			Names map[string]string
		}
	}
	r.json(t, &states)
	if r.Status != 200 || len(states.Items) != 195 {
		t.Fatalf("%d, %d States", r.Status, len(states.Items))
	}
	r = anon.call(http.MethodGet, "/states/kir", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"regional_group":"Asia-Pacific"`) {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	r = anon.call(http.MethodGet, "/me", nil)
	if r.Status != 401 || r.Header.Get("WWW-Authenticate") == "" || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("anonymous /me: %d %v", r.Status, r.Header)
	}
	bad := client{t: t, e: e, token: "plenary_forged"}
	if r := bad.call(http.MethodGet, "/states", nil); r.Status != 401 {
		t.Fatalf("a forged token on a public endpoint: %d", r.Status)
	}
}

func TestErrorsInTheReadersLanguage(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "s@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat})
	c := client{t: t, e: e, token: tokenFor(t, e, admin, plenary.ScopeWrite), lang: "fr-FR,fr;q=0.9"}

	// Domain validation: field by field, in French, with stable codes.
	r := c.call(http.MethodPost, "/organizations", map[string]any{"type": "ngo", "names": map[string]string{}, "hq_state": "XXX", "website": "ftp://x"})
	var p problem
	r.json(t, &p)
	if r.Status != 422 || p.Code != "error.invalid" || len(p.Errors) < 3 {
		t.Fatalf("%d %+v", r.Status, p)
	}
	byLoc := map[string]string{}
	for _, f := range p.Errors {
		byLoc[f.Location] = f.Code + " | " + f.Message
	}
	for loc, code := range map[string]string{"body.names": "organization.name_required", "body.hq_state": "field.unknown_state", "body.website": "field.url"} {
		if !strings.HasPrefix(byLoc[loc], code+" | ") || strings.Contains(byLoc[loc], code+" | "+code) {
			t.Errorf("%s: %q, want %s with a French message", loc, byLoc[loc], code)
		}
	}
	if !strings.Contains(byLoc["body.hq_state"], "État") {
		t.Errorf("not French: %q", byLoc["body.hq_state"])
	}

	// Schema validation by huma, also in the reader's language.
	c.lang = "ru"
	r = c.call(http.MethodPost, "/organizations", `{"type": "ngo", "names": 5, "hq_state": "FRA", "extra": true}`)
	r.json(t, &p)
	if r.Status != 422 || len(p.Errors) == 0 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	for _, f := range p.Errors {
		if f.Message == "" || strings.Contains(f.Message, "expected") {
			t.Errorf("untranslated schema error %+v", f)
		}
	}
	// Malformed JSON.
	c.lang = "es"
	r = c.call(http.MethodPost, "/organizations", `{"type": `)
	r.json(t, &p)
	if r.Status != 400 && r.Status != 422 {
		t.Fatalf("malformed: %d %s", r.Status, r.Body)
	}
	if p.Detail == "" || strings.Contains(p.Detail, "unexpected") {
		t.Errorf("malformed body detail %q", p.Detail)
	}
	// A body too large is refused before it is read, as a problem in the reader's language.
	c.lang = "zh"
	r = c.call(http.MethodPost, "/organizations", strings.Repeat(" ", 2<<20))
	r.json(t, &p)
	if r.Status != 413 || p.Code != "api.body_too_large" || !strings.Contains(p.Detail, "过大") {
		t.Fatalf("too large: %d %s", r.Status, r.Body)
	}
	// Not found, in Arabic.
	c.lang = "ar"
	r = c.call(http.MethodGet, "/organizations/999999", nil)
	r.json(t, &p)
	if r.Status != 404 || p.Code != "error.not_found" || !strings.ContainsAny(p.Detail, "ابتثجحخدذرزسشصضطظعغفقكلمنهوي") {
		t.Fatalf("%d %+v", r.Status, p)
	}
}

func TestScopesAndRoles(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "s@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat})
	delegate := e.CreateUser(t, "d@example.org", "Claire", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	read := client{t: t, e: e, token: tokenFor(t, e, admin, plenary.ScopeRead)}
	write := client{t: t, e: e, token: tokenFor(t, e, admin, plenary.ScopeWrite)}
	del := client{t: t, e: e, token: tokenFor(t, e, delegate, plenary.ScopeWrite)}
	org := map[string]any{"type": "academia", "names": map[string]string{"en": "Centre for Cyber Law"}, "hq_state": "BRA"}

	for _, tc := range []struct {
		name   string
		c      client
		method string
		path   string
		body   any
		status int
	}{
		{"read token lists users", read, "GET", "/users", nil, 200},
		{"read token may not create", read, "POST", "/organizations", org, 403},
		{"write token creates", write, "POST", "/organizations", org, 201},
		{"delegate may not list users", del, "GET", "/users", nil, 403},
		{"delegate may not create organizations", del, "POST", "/organizations", org, 403},
		{"delegate reads itself", del, "GET", "/me", nil, 200},
		{"delegate may not read the audit trail", del, "GET", "/audit/events", nil, 403},
		{"secretariat reads the audit trail", read, "GET", "/audit/events", nil, 200},
		{"secretariat verifies the chain", read, "POST", "/audit/verifications", nil, 200},
		{"delegate may not verify the chain", del, "POST", "/audit/verifications", nil, 403},
		{"delegate may not give roles", del, "POST", "/roles", map[string]any{"email": "x@example.org", "role": "chair"}, 403},
		{"secretariat gives a role", write, "POST", "/roles", map[string]any{"email": "new@example.org", "name": "New", "lang": "fr", "role": "chair"}, 201},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.c.call(tc.method, tc.path, tc.body)
			if r.Status != tc.status {
				t.Fatalf("%d, want %d: %s", r.Status, tc.status, r.Body)
			}
		})
	}
	// The new person is invited by mail.
	e.SMTP.WaitFor(t, 10e9, testenv.To("new@example.org"))
	// A token never reveals a password hash or a TOTP secret.
	r := read.call("GET", "/users", nil)
	for _, secret := range []string{"argon2", "totp_secret", "password_hash", "token_hash"} {
		if bytes.Contains(r.Body, []byte(secret)) {
			t.Errorf("the user list shows %q", secret)
		}
	}
}

func TestCursorPaging(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "a-admin@example.org", "Admin", plenary.Grant{Role: plenary.RoleSecretariat})
	for i := 0; i < 12; i++ {
		e.CreateUser(t, fmt.Sprintf("user%02d@example.org", i), fmt.Sprintf("User %d", i))
	}
	c := client{t: t, e: e, token: tokenFor(t, e, admin, plenary.ScopeRead)}
	var seen []string
	path := "/users?limit=5"
	for pages := 0; ; pages++ {
		r := c.call("GET", path, nil)
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", path, r.Status, r.Body)
		}
		var page struct {
			Items      []struct{ Email string }
			NextCursor string `json:"next_cursor"`
		}
		r.json(t, &page)
		for _, u := range page.Items {
			seen = append(seen, u.Email)
		}
		if page.NextCursor == "" {
			if r.Header.Get("Link") != "" {
				t.Error("a Link header on the last page")
			}
			break
		}
		if !strings.Contains(r.Header.Get("Link"), `rel="next"`) {
			t.Errorf("no Link header: %q", r.Header.Get("Link"))
		}
		path = "/users?limit=5&cursor=" + page.NextCursor
		if pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	if len(seen) != 13 || seen[0] != "a-admin@example.org" || seen[12] != "user11@example.org" {
		t.Fatalf("paged through %d users: %v", len(seen), seen)
	}
	r := c.call("GET", "/users?cursor=%21%21not-a-cursor", nil)
	var p problem
	r.json(t, &p)
	if r.Status != 422 || len(p.Errors) != 1 || p.Errors[0].Location != "query.cursor" {
		t.Fatalf("bad cursor: %d %s", r.Status, r.Body)
	}
	if r := c.call("GET", "/users?limit=1000", nil); r.Status != 422 {
		t.Fatalf("limit 1000: %d", r.Status)
	}
}

func TestOrganizationsAPI(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "s@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat})
	w := client{t: t, e: e, token: tokenFor(t, e, admin, plenary.ScopeWrite)}
	r := w.call("POST", "/organizations", map[string]any{"type": "intergovernmental", "hq_state": "SGP", "acronym": "RCCO",
		"names": map[string]string{"en": "Regional Cyber Cooperation Organization", "zh": "区域网络合作组织"}})
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var o struct {
		ID     int64
		Names  map[string]string
		ECOSOC string `json:"ecosoc_status"`
	}
	r.json(t, &o)
	if o.Names["zh"] != "区域网络合作组织" || o.ECOSOC != "none" {
		t.Fatalf("%+v", o)
	}
	r = w.call("POST", "/roles", map[string]any{"email": "obs@example.org", "name": "Dmitri", "lang": "ru", "role": "observer", "organization_id": o.ID})
	if r.Status != 201 {
		t.Fatalf("observer: %d %s", r.Status, r.Body)
	}
	r = w.call("GET", fmt.Sprintf("/organizations/%d/members", o.ID), nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"role":"observer"`) || !strings.Contains(string(r.Body), "obs@example.org") {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	// The observer sees the organization but not the members' addresses.
	obs, err := e.Accounts.Get(ctx, plenary.System("test"), mustUserID(t, e, "obs@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	oc := client{t: t, e: e, token: tokenFor(t, e, obs, plenary.ScopeRead)}
	r = oc.call("GET", fmt.Sprintf("/organizations/%d/members", o.ID), nil)
	if r.Status != 200 || strings.Contains(string(r.Body), "obs@example.org") {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
}

func mustUserID(t *testing.T, e *testenv.Env, email string) int64 {
	t.Helper()
	page, err := e.Accounts.List(ctx, plenary.System("test"), email, plenary.PageRequest{})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("%s: %v %d", email, err, len(page.Items))
	}
	return page.Items[0].ID
}
