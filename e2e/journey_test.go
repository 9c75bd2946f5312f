package e2e_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestJourneySignInArabicSignOut follows a State delegate: sign in by typing, read the
// account page, switch to Arabic and see it laid out right to left, sign out.
func TestJourneySignInArabicSignOut(t *testing.T) {
	needBrowser(t)
	e := testenv.New(t)
	e.CreateUser(t, "claire@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	b := startBrowser(t, e)
	tr := func(lang, key string) string {
		t.Helper()
		if !e.Catalog.Has(lang, key) {
			t.Fatalf("catalogue %s has no %s", lang, key)
		}
		return e.Catalog.T(lang, key, nil)
	}

	resp := b.signIn(t, "en", "claire@example.org", testenv.Password)
	if resp.Status != 200 || b.path(t) != "/en/account" {
		t.Fatalf("after signing in: %s (status %d), want /en/account", b.path(t), resp.Status)
	}
	if got, want := b.text(t, "main h1"), tr("en", "account.title"); got != want {
		t.Errorf("h1 = %q, want %q", got, want)
	}
	if got, want := b.text(t, "main .flash[role=status]"), tr("en", "flash.signed_in"); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}

	// The language switcher.
	ar := `header nav.langs a[hreflang="ar"]`
	if got := b.text(t, ar); got != "العربية" {
		t.Errorf("Arabic link reads %q, want العربية", got)
	}
	navigate(t, b, "follow the Arabic link", chromedp.Click(chromedp.CSS(ar)))
	if p := b.path(t); p != "/ar/account" {
		t.Fatalf("after the Arabic link: %s, want /ar/account", p)
	}
	type layout struct {
		Dir, Lang, MainDirection string
		FirstLeft, LastRight     float64
		BrandLeft, LangsRight    float64
		H1, AccountLinkCurrent   string
	}
	l := run(t, b, "read the layout", chromedp.Evaluate[layout](`(() => {
		const items = document.querySelectorAll('nav.main-nav > ul > li');
		const first = items[0].getBoundingClientRect(), last = items[items.length - 1].getBoundingClientRect();
		const current = document.querySelector('nav.main-nav a[aria-current="page"]');
		return {
			Dir: document.documentElement.dir,
			Lang: document.documentElement.lang,
			MainDirection: getComputedStyle(document.querySelector('main')).direction,
			FirstLeft: first.left, LastRight: last.right,
			BrandLeft: document.querySelector('header .brand').getBoundingClientRect().left,
			LangsRight: document.querySelector('header nav.langs').getBoundingClientRect().right,
			H1: document.querySelector('main h1').textContent.trim(),
			AccountLinkCurrent: current ? current.getAttribute('href') : '',
		};
	})()`))
	if l.Dir != "rtl" || l.Lang != "ar" {
		t.Errorf("<html dir=%q lang=%q>, want rtl and ar", l.Dir, l.Lang)
	}
	if l.MainDirection != "rtl" {
		t.Errorf("main's computed direction = %q, want rtl", l.MainDirection)
	}
	if !(l.FirstLeft >= l.LastRight) {
		t.Errorf("navigation not mirrored: first item starts at x=%.0f, last item ends at x=%.0f; in Arabic the first item is on the right", l.FirstLeft, l.LastRight)
	}
	if !(l.BrandLeft >= l.LangsRight) {
		t.Errorf("header not mirrored: brand starts at x=%.0f, language list ends at x=%.0f; in Arabic the brand is on the right", l.BrandLeft, l.LangsRight)
	}
	if want := tr("ar", "account.title"); l.H1 != want {
		t.Errorf("Arabic h1 = %q, want %q", l.H1, want)
	}
	if l.AccountLinkCurrent != "/ar/account" {
		t.Errorf("current navigation link = %q, want /ar/account", l.AccountLinkCurrent)
	}

	// A picture of the Arabic page for a person to look at. CaptureScreenshot takes the
	// viewport as laid out; FullScreenshot clips right-to-left pages.
	png := run(t, b, "screenshot", chromedp.CaptureScreenshot())
	dir, err := os.MkdirTemp("", "plenary-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "account-ar.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the Arabic account page: %s", shot)

	// Signing out is a form in the navigation.
	navigate(t, b, "sign out", chromedp.Click(chromedp.CSS(`nav.main-nav form[action$="/sign-out"] button[type="submit"]`)))
	if p := b.path(t); p != "/ar/" {
		t.Fatalf("after signing out: %s, want the home page /ar/", p)
	}
	if got, want := b.text(t, "main .flash[role=status]"), tr("ar", "flash.signed_out"); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if got, want := b.text(t, "main h1"), tr("ar", "home.heading"); got != want {
		t.Errorf("h1 = %q, want the home page's %q", got, want)
	}
	if b.exists(t, `a[href$="/account"]`) {
		t.Error("signed out, the page still links to the account")
	}
	if !b.exists(t, `nav.main-nav a[href="/ar/sign-in"]`) {
		t.Error("signed out, the navigation has no sign-in link")
	}
}

// TestSecretariatSecondFactor signs in a Secretariat user, who must give an
// authenticator code after the password.
func TestSecretariatSecondFactor(t *testing.T) {
	needBrowser(t)
	e := testenv.New(t)
	e.CreateUser(t, "sam@example.org", "Sam Secretariat", plenary.Grant{Role: plenary.RoleSecretariat})
	b := startBrowser(t, e)

	b.signIn(t, "en", "sam@example.org", testenv.Password)
	if p := b.path(t); p != "/en/sign-in/second-factor" {
		t.Fatalf("after the password: %s, want /en/sign-in/second-factor", p)
	}
	if got, want := b.text(t, "main h1"), e.Catalog.T("en", "second_factor.title", nil); got != want {
		t.Errorf("h1 = %q, want %q", got, want)
	}
	// Not signed in yet: the account page sends the person back here.
	if b.exists(t, `nav.main-nav a[href="/en/account"]`) {
		t.Error("the second-factor page shows the account link before the code is given")
	}

	b.secondFactor(t, e)
	if p := b.path(t); p != "/en/account" {
		t.Fatalf("after the code: %s, want /en/account", p)
	}
	if got, want := b.text(t, "main h1"), e.Catalog.T("en", "account.title", nil); got != want {
		t.Errorf("h1 = %q, want %q", got, want)
	}
	if got, want := b.text(t, "main .flash[role=status]"), e.Catalog.T("en", "flash.signed_in", nil); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	for _, link := range []struct{ href, key string }{
		{"/en/admin/users", "nav.users"},
		{"/en/admin/audit", "nav.audit"},
	} {
		sel := `nav.main-nav a[href="` + link.href + `"]`
		if !b.exists(t, sel) {
			t.Errorf("the navigation has no link to %s", link.href)
			continue
		}
		if got, want := b.text(t, sel), e.Catalog.T("en", link.key, nil); got != want {
			t.Errorf("link to %s reads %q, want %q", link.href, got, want)
		}
	}
}

// TestWorksWithoutJavaScript signs in with script execution off in the browser: the
// core flow is plain HTML forms.
func TestWorksWithoutJavaScript(t *testing.T) {
	needBrowser(t)
	e := testenv.New(t)
	e.CreateUser(t, "claire@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	b := startBrowser(t, e)

	// A page whose own script renames it tells whether scripts run in the tab.
	scriptsRun := func() bool {
		t.Helper()
		const probe = `data:text/html,<!DOCTYPE html><title>static</title><script>document.title = "script"</script>`
		do(t, b, "open the probe page", chromedp.Navigate(probe))
		return run(t, b, "read the probe's title", chromedp.Evaluate[string](`document.title`)) == "script"
	}
	if !scriptsRun() {
		t.Fatal("scripts do not run even before they are disabled: the probe proves nothing")
	}
	do(t, b, "disable JavaScript", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	if scriptsRun() {
		t.Fatal("scripts still run after Emulation.setScriptExecutionDisabled")
	}

	resp := b.signIn(t, "en", "claire@example.org", testenv.Password)
	if p := b.path(t); resp.Status != 200 || p != "/en/account" {
		t.Fatalf("after signing in without JavaScript: %s (status %d), want /en/account", p, resp.Status)
	}
	if got, want := b.text(t, "main h1"), e.Catalog.T("en", "account.title", nil); got != want {
		t.Errorf("h1 = %q, want %q", got, want)
	}
	if got, want := b.text(t, "main .flash[role=status]"), e.Catalog.T("en", "flash.signed_in", nil); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	navigate(t, b, "sign out", chromedp.Click(chromedp.CSS(`nav.main-nav form[action$="/sign-out"] button[type="submit"]`)))
	if p := b.path(t); p != "/en/" {
		t.Fatalf("after signing out without JavaScript: %s, want /en/", p)
	}
	if scriptsRun() {
		t.Fatal("scripts were turned back on during the test")
	}
}
