package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/pquerna/otp/totp"

	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

// browser is an HTTP client with cookies that does not follow redirects, so that tests
// see every 303.
type browser struct {
	t    *testing.T
	e    *testenv.Env
	c    *http.Client
	lang string
}

func newBrowser(t *testing.T, e *testenv.Env) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type response struct {
	*http.Response
	Body string
}

func (b *browser) do(req *http.Request) response {
	b.t.Helper()
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{res, string(body)}
}

func (b *browser) get(path string) response {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.e.Server.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) response {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.e.Server.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// What a browser sends for a form on the same site.
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", b.e.Server.URL)
	return b.do(req)
}

// signIn signs in through the forms, second factor included.
func (b *browser) signIn(u account.User) {
	b.t.Helper()
	res := b.post("/en/sign-in", url.Values{"email": {u.Email}, "password": {testenv.Password}})
	if res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("sign in %s: %d\n%s", u.Email, res.StatusCode, res.Body)
	}
	if strings.HasSuffix(res.Header.Get("Location"), "/sign-in/second-factor") {
		code, err := totp.GenerateCode(testenv.TOTPSeed, b.e.Clock.Now())
		if err != nil {
			b.t.Fatal(err)
		}
		res = b.post("/en/sign-in/second-factor", url.Values{"code": {code}})
		if res.StatusCode != http.StatusSeeOther {
			b.t.Fatalf("second factor %s: %d\n%s", u.Email, res.StatusCode, res.Body)
		}
		// Each test code is used once: the next sign-in needs the next time step.
		b.e.Clock.Advance(30e9)
	}
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("response lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if strings.Contains(body, w) {
			t.Errorf("response contains %q", w)
		}
	}
}
