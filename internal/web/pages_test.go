package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestLanguageInTheURL(t *testing.T) {
	e := testenv.New(t)
	b := newBrowser(t, e)
	for _, tc := range []struct {
		path, accept, want string
		status             int
	}{
		{"/", "fr-CH,fr;q=0.9", "/fr/", http.StatusFound},
		{"/", "ar-EG", "/ar/", http.StatusFound},
		{"/", "de-DE", "/en/", http.StatusFound},
		{"/states", "zh-TW", "/zh/states", http.StatusFound},
		{"/states/FRA?x=1", "es", "/es/states/FRA?x=1", http.StatusFound},
	} {
		b.lang = tc.accept
		res := b.get(tc.path)
		if res.StatusCode != tc.status || res.Header.Get("Location") != tc.want {
			t.Errorf("%s with %s: %d → %q, want %q", tc.path, tc.accept, res.StatusCode, res.Header.Get("Location"), tc.want)
		}
	}
	// Having read pages in Russian, "/" goes to Russian whatever the browser says.
	b.lang = "en"
	b.get("/ru/states")
	if res := b.get("/"); res.Header.Get("Location") != "/ru/" {
		t.Errorf("after reading in Russian, / goes to %q", res.Header.Get("Location"))
	}
	// An unknown page is not found, in the reader's language.
	res := b.get("/fr/nothing-here")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", res.StatusCode)
	}
	mustContain(t, res.Body, `<html lang="fr" dir="ltr">`, "Page introuvable")
	res = b.get("/xx/states")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("/xx/states: %d", res.StatusCode)
	}
}

func TestArabicIsRightToLeft(t *testing.T) {
	e := testenv.New(t)
	res := newBrowser(t, e).get("/ar/states")
	if res.StatusCode != 200 {
		t.Fatal(res.StatusCode)
	}
	mustContain(t, res.Body, `<html lang="ar" dir="rtl">`, "الدول الأعضاء", "فرنسا", `hreflang="en"`)
	// The other languages are left-to-right, and each page links to itself in the six.
	for _, lang := range []string{"zh", "en", "fr", "ru", "es"} {
		res := newBrowser(t, e).get("/" + lang + "/states")
		mustContain(t, res.Body, `<html lang="`+lang+`" dir="ltr">`)
		for _, other := range plenary.Languages {
			mustContain(t, res.Body, `href="/`+other+`/states"`)
		}
	}
}

func TestStatesPages(t *testing.T) {
	e := testenv.New(t)
	b := newBrowser(t, e)
	res := b.get("/fr/states")
	mustContain(t, res.Body, "Groupe des États d", "Égypte", "Zimbabwe", "Saint-Siège")
	// French collation: Égypte comes before Érythrée and after Djibouti.
	i, j, k := strings.Index(res.Body, "Djibouti"), strings.Index(res.Body, "Égypte"), strings.Index(res.Body, "Érythrée")
	if !(i < j && j < k) {
		t.Errorf("French order: Djibouti %d, Égypte %d, Érythrée %d", i, j, k)
	}
	res = b.get("/en/states/USA")
	mustContain(t, res.Body, "United States of America", "No regional group", "840", "attends meetings of the Western European")
	res = b.get("/zh/states/fra")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/zh/states/FRA" {
		t.Errorf("lower-case code: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := b.get("/en/states/XYZ"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown State: %d", res.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := testenv.New(t)
	res := newBrowser(t, e).get("/en/sign-in")
	for h, want := range map[string]string{
		"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "same-origin",
	} {
		if !strings.Contains(res.Header.Get(h), want) {
			t.Errorf("%s = %q", h, res.Header.Get(h))
		}
	}
	if res.Header.Get("X-Request-Id") == "" {
		t.Error("no request ID")
	}
	// No inline script or style anywhere, which the policy would block anyway.
	if regexp.MustCompile(`<script>|<script [^>]*>[^<]|style="|<style`).MatchString(res.Body) {
		t.Error("inline script or style in the page")
	}
}

func TestStaticAssets(t *testing.T) {
	e := testenv.New(t)
	b := newBrowser(t, e)
	page := b.get("/en/")
	css := regexp.MustCompile(`/static/css/plenary\.[0-9a-f]{12}\.css`).FindString(page.Body)
	if css == "" {
		t.Fatal("no hashed stylesheet link")
	}
	res := b.get(css)
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") || !strings.Contains(res.Body, "margin-inline") {
		t.Fatalf("stylesheet: %d %v", res.StatusCode, res.Header)
	}
	if res := b.get("/static/css/plenary.css"); res.StatusCode != 200 || strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("plain name: %d %s", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if res := b.get("/static/../go.mod"); res.StatusCode == 200 {
		t.Error("path traversal served a file")
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	e := testenv.New(t)
	b := newBrowser(t, e)
	req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/en/sign-in", strings.NewReader("email=a%40b.org&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Accept-Language", "fr")
	res := b.do(req)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, `lang="en"`) || !strings.Contains(res.Body, "another site") {
		t.Fatalf("cross-site POST: %d\n%s", res.StatusCode, res.Body)
	}
}

func TestOversizedBodyRefused(t *testing.T) {
	e := testenv.New(t)
	b := newBrowser(t, e)
	big := url.Values{"email": {strings.Repeat("a", 2<<20)}}
	res := b.post("/es/sign-in", big)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.Body, `lang="es"`) || !strings.Contains(res.Body, "demasiado grande") {
		t.Fatalf("2 MiB form: %d", res.StatusCode)
	}
}

func TestSignInFormErrorsInLanguage(t *testing.T) {
	e := testenv.New(t)
	b := newBrowser(t, e)
	res := b.post("/ru/sign-in", url.Values{"email": {"not-an-address"}, "password": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	mustContain(t, res.Body, `<html lang="ru"`, `class="error-summary"`, `href="#field-email"`, `href="#field-password"`,
		`id="field-email"`, `aria-invalid="true"`, `aria-describedby="field-email-error"`, `value="not-an-address"`)
	mustNotContain(t, res.Body, "field.email", "field.required") // keys, not messages
	res = b.post("/es/sign-in", url.Values{"email": {"nobody@example.org"}, "password": {"wrong password"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `lang="es"`, `class="error-summary"`)
	mustNotContain(t, res.Body, "wrong password") // a password is never echoed
}

func TestSessionCookie(t *testing.T) {
	e := testenv.New(t)
	u := e.CreateUser(t, "claire@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	b := newBrowser(t, e)
	// A cookie planted before sign-in is replaced (the token is renewed on sign-in).
	su, _ := url.Parse(e.Server.URL)
	b.c.Jar.SetCookies(su, []*http.Cookie{{Name: "plenary_session", Value: "planted-by-an-attacker", Path: "/"}})
	res := b.post("/en/sign-in", url.Values{"email": {u.Email}, "password": {testenv.Password}, "next": {"/en/states/FRA"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/en/states/FRA" {
		t.Fatalf("sign-in: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var c *http.Cookie
	for _, x := range res.Cookies() {
		if x.Name == "plenary_session" {
			c = x
		}
	}
	if c == nil || c.Value == "planted-by-an-attacker" || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
		t.Fatalf("session cookie %+v", c)
	}
	page := b.get("/en/account")
	if page.StatusCode != 200 || page.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("account: %d, Cache-Control %q", page.StatusCode, page.Header.Get("Cache-Control"))
	}
	mustContain(t, page.Body, "Claire Martin", "claire@example.org", "State delegate")
	// Signing out ends the session on the server, not just in the browser.
	b.post("/en/sign-out", nil)
	b2 := newBrowser(t, e)
	b2.c.Jar.SetCookies(su, []*http.Cookie{{Name: "plenary_session", Value: c.Value, Path: "/"}})
	if res := b2.get("/en/account"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the old cookie still works: %d", res.StatusCode)
	}
}

func TestNextIsLocalOnly(t *testing.T) {
	e := testenv.New(t)
	u := e.CreateUser(t, "li@example.org", "Li Wei")
	for _, next := range []string{"//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:alert(1)",
		"/\t/evil.example/phish", "/%09/evil.example", "/en\\..\\evil", "/xx/account", "/en/../../evil"} {
		b := newBrowser(t, e)
		res := b.post("/en/sign-in", url.Values{"email": {u.Email}, "password": {testenv.Password}, "next": {next}})
		if loc := res.Header.Get("Location"); loc != "/en/account" {
			t.Errorf("next=%q sent the reader to %q", next, loc)
		}
	}
}

func TestSignInRequired(t *testing.T) {
	e := testenv.New(t)
	b := newBrowser(t, e)
	for _, path := range []string{"/fr/account", "/fr/admin/users", "/fr/organizations", "/fr/admin/audit", "/fr/account/tokens"} {
		res := b.get(path)
		want := "/fr/sign-in?next=" + url.QueryEscape(path)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("%s: %d → %q, want %q", path, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
}

// TestEveryPageForEveryRole renders every page in the six languages for each role, and
// checks who gets what.
func TestEveryPageForEveryRole(t *testing.T) {
	e := testenv.New(t)
	sys := plenary.System("test")
	ngo, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "CHE", Names: plenary.Localized{"en": "Institute for Digital Peace", "ar": "معهد السلام الرقمي"}})
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]account.User{
		"secretariat":    e.CreateUser(t, "s@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat}),
		"delegate":       e.CreateUser(t, "d@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"}),
		"focal":          e.CreateUser(t, "f@example.org", "Sofia Rossi", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: ngo.ID}),
		"representative": e.CreateUser(t, "r@example.org", "Li Wei", plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: ngo.ID}),
		"poc":            e.CreateUser(t, "p@example.org", "Yuki Tanaka", plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"}),
	}
	org := fmt.Sprintf("/organizations/%d", ngo.ID)
	member := fmt.Sprintf("/admin/users/%d", users["representative"].ID)
	// Status per role: public, secretariat, delegate, focal, representative, poc.
	pages := []struct {
		path   string
		status [6]int
	}{
		{"/", [6]int{200, 200, 200, 200, 200, 200}},
		{"/developers", [6]int{200, 200, 200, 200, 200, 200}},
		{"/states", [6]int{200, 200, 200, 200, 200, 200}},
		{"/states/PSE", [6]int{200, 200, 200, 200, 200, 200}},
		{"/sign-in", [6]int{200, 303, 303, 303, 303, 303}},
		{"/password/forgot", [6]int{200, 200, 200, 200, 200, 200}},
		{"/password/set?token=1.bad", [6]int{400, 400, 400, 400, 400, 400}},
		{"/account", [6]int{303, 200, 200, 200, 200, 200}},
		{"/account/tokens", [6]int{303, 200, 200, 200, 200, 200}},
		{"/account/second-factor", [6]int{303, 303, 200, 200, 200, 303}},
		{"/organizations", [6]int{303, 200, 200, 200, 200, 200}},
		{"/organizations/new", [6]int{303, 200, 403, 403, 403, 403}},
		{org, [6]int{303, 200, 404, 200, 200, 404}},
		{org + "/edit", [6]int{303, 200, 404, 200, 403, 404}},
		{"/admin/users", [6]int{303, 200, 403, 403, 403, 403}},
		{"/admin/users?q=li", [6]int{303, 200, 403, 403, 403, 403}},
		{"/admin/users/new", [6]int{303, 200, 403, 403, 403, 403}},
		{member, [6]int{303, 200, 403, 403, 403, 403}},
		{"/admin/audit", [6]int{303, 200, 403, 403, 403, 403}},
	}
	roles := []string{"public", "secretariat", "delegate", "focal", "representative", "poc"}
	for i, role := range roles {
		b := newBrowser(t, e)
		if role != "public" {
			b.signIn(users[role])
		}
		for _, lang := range plenary.Languages {
			for _, p := range pages {
				res := b.get("/" + lang + p.path)
				if res.StatusCode != p.status[i] {
					t.Errorf("%s %s/%s: %d, want %d", role, lang, p.path, res.StatusCode, p.status[i])
					continue
				}
				if res.StatusCode == 303 {
					continue
				}
				mustContain(t, res.Body, `<html lang="`+lang+`" dir="`+plenary.Direction(lang)+`">`, "</html>")
				if m := regexp.MustCompile(`[a-z_]+\.[a-z_]+\.[a-z_.]+`).FindString(stripTags(res.Body)); m != "" && !strings.Contains(m, "example") {
					t.Errorf("%s %s/%s shows a message key %q", role, lang, p.path, m)
				}
			}
		}
	}
	// The Secretariat's navigation has the administration; others' does not.
	b := newBrowser(t, e)
	b.signIn(users["delegate"])
	mustNotContain(t, b.get("/en/").Body, "/en/admin/users")
	b = newBrowser(t, e)
	b.signIn(users["secretariat"])
	mustContain(t, b.get("/en/").Body, "/en/admin/users", "/en/admin/audit")

}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// stripTags leaves the text of a page: message keys would show there, not in attributes.
func stripTags(s string) string { return tagRE.ReplaceAllString(s, " ") }
