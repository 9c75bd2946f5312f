package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestJourneyNominationInArabic: Egypt's nominator, reading Arabic, nominates the
// technical Point of Contact through the form (right to left, no script needed); the
// Secretariat verifies the entry from its queue; the nominator then finds it verified.
// Each page passes axe and breaks no rule of the content security policy.
func TestJourneyNominationInArabic(t *testing.T) {
	needBrowser(t)
	e := testenv.New(t)
	ctx := context.Background()
	sec := e.Actor(t, e.CreateUser(t, "sam@example.org", "Sam Secretariat", plenary.Grant{Role: plenary.RoleSecretariat}))
	if _, err := e.Directory.SetParticipation(ctx, sec, "EGY", directory.Participating, "Note verbale"); err != nil {
		t.Fatal(err)
	}
	e.CreateUser(t, "nominator@mfa.eg.example", "Nadia Nominator", plenary.Grant{Role: plenary.RoleNominator, State: "EGY"})
	const name = "يوسف فاروق"

	b := startBrowser(t, e)
	b.signIn(t, "ar", "nominator@mfa.eg.example", testenv.Password)
	b.open(t, "/ar/directory/states/EGY/new")
	if dir := run(t, b, "direction", chromedp.Evaluate[string](`document.documentElement.dir`)); dir != "rtl" {
		t.Fatalf("dir=%q", dir)
	}
	b.checkAccessibility(t)
	do(t, b, "fill the form",
		chromedp.Click(chromedp.CSS(`input[name="function"][value="technical"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), name),
		chromedp.SendKeys(chromedp.CSS(`input[name="title"]`), "مدير مركز الاستجابة لطوارئ الحاسب"),
		chromedp.SendKeys(chromedp.CSS(`input[name="organisation"]`), "الجهاز القومي لتنظيم الاتصالات"),
		// chromedp cannot type into a textarea reliably: set it as a person's typing would.
		chromedp.Evaluate[chromedp.Void](`document.querySelector('textarea[name="emails"]').value = 'egcert.duty@example.org'`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('textarea[name="phones"]').value = '+20 2 3534 4000'`),
		chromedp.Click(chromedp.CSS(`input[name="languages"][value="ar"]`)),
		chromedp.SetValue(chromedp.CSS(`select[name="lang"]`), "ar"),
		chromedp.SendKeys(chromedp.CSS(`input[name="time_zone"]`), "Africa/Cairo"),
		chromedp.Click(chromedp.CSS(`input[name="always"]`)),
	)
	resp := navigate(t, b, "nominate", chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	if resp.Status != 200 {
		t.Fatalf("after nominating: %d", resp.Status)
	}
	if got := b.text(t, "main"); !strings.Contains(got, name) || !strings.Contains(got, e.Catalog.T("ar", "directory.status.nominated", nil)) {
		t.Errorf("after nominating, the page reads %q", got)
	}
	b.checkAccessibility(t)
	entries, err := e.Directory.OfState(ctx, sec, "EGY")
	if err != nil || len(entries) != 1 || entries[0].Status != directory.Nominated || entries[0].Details.Lang != "ar" ||
		entries[0].Details.Email() != "egcert.duty@example.org" || !entries[0].Details.Always {
		t.Fatalf("stored: %+v %v", entries, err)
	}

	// The Secretariat verifies it from the queue.
	s := startBrowser(t, e)
	s.signIn(t, "en", "sam@example.org", testenv.Password)
	s.secondFactor(t, e)
	s.open(t, "/en/directory/queue")
	s.checkAccessibility(t)
	navigate(t, s, "verify", chromedp.Click(chromedp.CSS(`main form[action$="/verify"] button[type="submit"]`)))
	if got, _ := e.Directory.Get(ctx, sec, entries[0].ID); got.Status != directory.Verified {
		t.Fatalf("after the Secretariat's click: %s", got.Status)
	}

	// The nominator finds it verified.
	b.open(t, "/ar/directory/states/EGY")
	if got := b.text(t, "main"); !strings.Contains(got, e.Catalog.T("ar", "directory.status.verified", nil)) {
		t.Errorf("the State's page reads %q", got)
	}
	for _, br := range []*browser{b, s} {
		if v := br.cspViolations(); len(v) > 0 {
			t.Errorf("CSP violations: %v", v)
		}
	}
}
