package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestPasswordResetThroughPages: forgotten password → e-mail → link → new password →
// sign in, all through the forms.
func TestPasswordResetThroughPages(t *testing.T) {
	e := testenv.New(t)
	u := e.CreateUser(t, "claire@example.org", "Claire Martin")
	b := newBrowser(t, e)
	res := b.post("/fr/password/forgot", url.Values{"email": {"claire@example.org"}})
	if res.StatusCode != 200 {
		t.Fatalf("forgot: %d", res.StatusCode)
	}
	same := b.post("/fr/password/forgot", url.Values{"email": {"nobody@example.org"}})
	if same.StatusCode != 200 || regexp.MustCompile(`class="notice"[^<]*<p>[^<]*`).FindString(res.Body) !=
		regexp.MustCompile(`class="notice"[^<]*<p>[^<]*`).FindString(same.Body) {
		t.Fatal("the page tells known and unknown addresses apart")
	}
	m := e.SMTP.WaitFor(t, 10*time.Second, testenv.To(u.Email))
	link := regexp.MustCompile(`http://[^\s]+/password/set\?token=[^\s]+`).FindString(m.Text)
	if link == "" {
		t.Fatalf("no link in\n%s", m.Text)
	}
	lu, _ := url.Parse(link)
	page := b.get(lu.RequestURI())
	if page.StatusCode != 200 {
		t.Fatalf("link page: %d", page.StatusCode)
	}
	// The token is not in the language switcher's links (it would leak through Referer).
	mustNotContain(t, page.Body, `href="/ar/password/set?token`)
	token := lu.Query().Get("token")
	res = b.post("/en/password/set", url.Values{"token": {token}, "password": {"a brand new passphrase"}, "password_confirm": {"another one entirely"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("mismatch: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `href="#field-password_confirm"`)
	res = b.post("/en/password/set", url.Values{"token": {token}, "password": {"a brand new passphrase"}, "password_confirm": {"a brand new passphrase"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/en/sign-in" {
		t.Fatalf("set: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	res = b.post("/en/sign-in", url.Values{"email": {u.Email}, "password": {"a brand new passphrase"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in with the new password: %d", res.StatusCode)
	}
	// The link is spent.
	if res := b.get(lu.RequestURI()); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("reused link: %d", res.StatusCode)
	}
	res = b.post("/en/password/set", url.Values{"token": {token}, "password": {"yet another passphrase"}, "password_confirm": {"yet another passphrase"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("reused link, posted: %d", res.StatusCode)
	}
	mustContain(t, res.Body, "This link has already been used.")
	// An address that is not one is said beside the field, kept as typed.
	res = b.post("/en/password/forgot", url.Values{"email": {"claire.example.org"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("forgot, not an address: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `href="#field-email"`, "claire.example.org")
}

// TestEnrolThroughPages: a Point of Contact without a second factor signs in, is sent
// to set one up, scans the QR code, confirms a code and sees the recovery codes once.
func TestEnrolThroughPages(t *testing.T) {
	e := testenv.New(t)
	u, err := e.Accounts.Create(ctx, plenary.System("test"), accountInput("yuki@example.org", "Yuki Tanaka",
		plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"}))
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, e)
	res := b.post("/en/sign-in", url.Values{"email": {u.Email}, "password": {testenv.Password}})
	if res.Header.Get("Location") != "/en/account/second-factor" {
		t.Fatalf("after sign-in: %s", res.Header.Get("Location"))
	}
	// Until the second factor is set up, nothing else is open.
	if res := b.get("/en/account"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/en/account/second-factor" {
		t.Fatalf("account before enrolment: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	page := b.get("/en/account/second-factor")
	secret := regexp.MustCompile(`class="secret" dir="ltr">([A-Z2-7]+)<`).FindStringSubmatch(page.Body)
	if secret == nil {
		t.Fatalf("no key on the page:\n%s", page.Body)
	}
	qr := b.get("/en/account/second-factor/qr.png")
	if qr.StatusCode != 200 || qr.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(qr.Body, "\x89PNG") {
		t.Fatalf("QR code: %d %s", qr.StatusCode, qr.Header.Get("Content-Type"))
	}
	res = b.post("/en/account/second-factor", url.Values{"code": {"000000"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong code: %d", res.StatusCode)
	}
	code, _ := totp.GenerateCode(secret[1], e.Clock.Now())
	res = b.post("/en/account/second-factor", url.Values{"code": {code}})
	if res.StatusCode != 200 {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
	codes := regexp.MustCompile(`<li>([a-z2-7]{5}-[a-z2-7]{5})</li>`).FindAllStringSubmatch(res.Body, -1)
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes shown", len(codes))
	}
	if res := b.get("/en/account"); res.StatusCode != 200 {
		t.Fatalf("account after enrolment: %d", res.StatusCode)
	}
}

func TestSecretariatInvitesAndGrants(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	b := newBrowser(t, e)
	b.signIn(admin)
	res := b.post("/fr/admin/users", url.Values{"name": {""}, "email": {"bad"}, "lang": {"fr"}, "role": {"delegate"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid invitation: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `href="#field-name"`, `href="#field-email"`, `href="#field-state"`, "Ce champ est obligatoire")
	res = b.post("/fr/admin/users", url.Values{"name": {"Omar Hassan"}, "email": {"omar@example.org"}, "lang": {"ar"}, "role": {"delegate"}, "state": {"EGY"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d\n%s", res.StatusCode, res.Body)
	}
	userPath := strings.TrimPrefix(res.Header.Get("Location"), "/fr")
	page := b.get("/fr" + userPath)
	mustContain(t, page.Body, "Omar Hassan", "omar@example.org", "Égypte")
	m := e.SMTP.WaitFor(t, 10*time.Second, testenv.To("omar@example.org"))
	if m.Lang != "ar" {
		t.Fatalf("invitation in %s", m.Lang)
	}
	// Give a second role, then take it away.
	res = b.post("/fr"+userPath+"/roles", url.Values{"role": {"chair"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("grant: %d\n%s", res.StatusCode, res.Body)
	}
	page = b.get("/fr" + userPath)
	revoke := regexp.MustCompile(`action="(/fr/admin/users/\d+/roles/\d+/revoke)"`).FindAllStringSubmatch(page.Body, -1)
	if len(revoke) != 2 {
		t.Fatalf("%d revoke buttons", len(revoke))
	}
	if res := b.post(revoke[1][1], nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if n := strings.Count(b.get("/fr"+userPath).Body, "/revoke\""); n != 1 {
		t.Fatalf("%d roles left", n)
	}
	// The audit trail records it all.
	audit := b.get("/en/admin/audit")
	mustContain(t, audit.Body, "user.created", "user.role_granted", "user.role_revoked", "user.invited")
}

func TestOrganizationThroughPages(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	b := newBrowser(t, e)
	b.signIn(admin)
	res := b.post("/en/organizations", url.Values{"type": {"ngo"}, "hq_state": {"CHE"}, "website": {"not a url"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `href="#field-names"`, `href="#field-website"`)
	res = b.post("/en/organizations", url.Values{"type": {"ngo"}, "hq_state": {"CHE"}, "name_en": {"Institute for Digital Peace"},
		"name_ar": {"معهد السلام الرقمي"}, "ecosoc": {"special"}, "focal_name": {"Sofia Rossi"}, "focal_email": {"sofia@example.org"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.StatusCode, res.Body)
	}
	orgPath := strings.TrimPrefix(res.Header.Get("Location"), "/en")
	page := b.get("/ar" + orgPath)
	mustContain(t, page.Body, "معهد السلام الرقمي", "Sofia Rossi", "sofia@example.org")
	invite := e.SMTP.WaitFor(t, 10*time.Second, testenv.To("sofia@example.org"))

	// The focal point sets a password from the invitation and adds a representative.
	link := regexp.MustCompile(`http://[^\s]+/password/set\?token=[^\s]+`).FindString(invite.Text)
	lu, _ := url.Parse(link)
	fb := newBrowser(t, e)
	res = fb.post("/en/password/set", url.Values{"token": {lu.Query().Get("token")}, "password": {"sofia's long passphrase"}, "password_confirm": {"sofia's long passphrase"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password: %d", res.StatusCode)
	}
	if res := fb.post("/en/sign-in", url.Values{"email": {"sofia@example.org"}, "password": {"sofia's long passphrase"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("focal point sign-in: %d", res.StatusCode)
	}
	res = fb.post("/en"+orgPath+"/members", url.Values{"email": {"li@example.org"}, "name": {"Li Wei"}, "lang": {"zh"}, "role": {"representative"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add member: %d\n%s", res.StatusCode, res.Body)
	}
	// The focal point may not make another focal point.
	res = fb.post("/en"+orgPath+"/members", url.Values{"email": {"x@example.org"}, "name": {"X"}, "lang": {"en"}, "role": {"focal_point"}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("focal point made a focal point: %d", res.StatusCode)
	}
	// A bad address shows the organization's page again, with what was typed.
	res = fb.post("/en"+orgPath+"/members", url.Values{"email": {"not-an-address"}, "name": {"Chen Jie"}, "lang": {"zh"}, "role": {"representative"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad member: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `href="#field-email"`, "not-an-address", "Chen Jie", "Institute for Digital Peace")
	e.SMTP.WaitFor(t, 10*time.Second, testenv.To("li@example.org"))
	mustContain(t, fb.get("/en"+orgPath).Body, "Li Wei", "Representative")
	// Another organization's page is not found for the focal point.
	other, err := e.Organizations.Create(ctx, plenary.System("test"), orgInput("Other"))
	if err != nil {
		t.Fatal(err)
	}
	if res := fb.get(fmt.Sprintf("/en/organizations/%d", other.ID)); res.StatusCode != http.StatusNotFound {
		t.Fatalf("another organization: %d", res.StatusCode)
	}
}

func TestTokensThroughPages(t *testing.T) {
	e := testenv.New(t)
	u := e.CreateUser(t, "claire@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	b := newBrowser(t, e)
	b.signIn(u)
	res := b.post("/en/account/tokens", url.Values{"name": {"statistics"}, "scope": {"read"}, "days": {"30"}})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d\n%s", res.StatusCode, res.Body)
	}
	secret := regexp.MustCompile(`plenary_[A-Za-z0-9_-]{40,}`).FindString(res.Body)
	if secret == "" {
		t.Fatal("the new token is not shown")
	}
	page := b.get("/en/account/tokens")
	mustNotContain(t, page.Body, secret) // shown once only
	mustContain(t, page.Body, "statistics", secret[:14])
	req, _ := http.NewRequest(http.MethodGet, e.Server.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	api := b.do(req)
	if api.StatusCode != 200 || !strings.Contains(api.Body, `"email":"claire@example.org"`) {
		t.Fatalf("API with the token: %d %s", api.StatusCode, api.Body)
	}
	revoke := regexp.MustCompile(`action="(/en/account/tokens/\d+/revoke)"`).FindStringSubmatch(page.Body)
	if revoke == nil {
		t.Fatal("no revoke button")
	}
	b.post(revoke[1], nil)
	if api := b.do(req); api.StatusCode != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d", api.StatusCode)
	}
	res = b.post("/en/account/tokens", url.Values{"name": {""}, "days": {"7"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid token form: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `href="#field-name"`, `href="#field-scopes"`, `href="#field-days"`)
	// Someone not signed in is asked to sign in.
	if res := newBrowser(t, e).post("/en/account/tokens", url.Values{"name": {"x"}, "scope": {"read"}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("token without signing in: %d", res.StatusCode)
	}
}
