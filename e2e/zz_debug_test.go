package e2e_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestZZDebug(t *testing.T) {
	e := testenv.New(t)
	e.CreateUser(t, "sam@example.org", "Sam", plenary.Grant{Role: plenary.RoleSecretariat})
	b := startBrowser(t, e)
	all := func(p string) {
		do(t, b, "inject", chromedp.Evaluate[chromedp.Void](axeSource))
		s := run(t, b, "axe", chromedp.Evaluate[string](`axe.run(document).then(r => JSON.stringify(r.violations.map(v=>({id:v.id, impact:v.impact, tags: v.tags.join(','), n: v.nodes.map(n=>n.target.join(' '))}))))`, chromedp.EvalAwaitPromise))
		t.Logf("%s: %s", p, s)
	}
	for _, p := range []string{"/en/", "/ar/states", "/en/states/FRA", "/en/sign-in", "/en/password/forgot"} {
		b.open(t, p)
		all(p)
	}
	b.signIn(t, "en", "x@example.org", "bad")
	all("failed")
	b.signIn(t, "en", "sam@example.org", testenv.Password)
	b.secondFactor(t, e)
	for _, p := range []string{"/en/account", "/ar/account", "/en/account/tokens", "/en/admin/users", "/en/admin/users/new", "/en/admin/audit", "/en/organizations", "/en/organizations/new", "/en/developers"} {
		b.open(t, p)
		all(p)
	}
}
