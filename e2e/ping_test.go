package e2e_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestJourneyPingInRussian: a Point of Contact of Kazakhstan whose language is Russian
// receives the Secretariat's ping at the SMTP server, opens the link in the browser
// without signing in, reads the Russian page, presses the button and sees the
// confirmation; then the Secretariat's results show the acknowledgement.
func TestJourneyPingInRussian(t *testing.T) {
	needBrowser(t)
	e := testenv.New(t)
	ctx := context.Background()
	e.CreateUser(t, "sam@example.org", "Sam Secretariat", plenary.Grant{Role: plenary.RoleSecretariat})
	sec := e.Actor(t, e.CreateUser(t, "ops@example.org", "Ops Secretariat", plenary.Grant{Role: plenary.RoleSecretariat}))
	const email = "aigerim@mfa.kz.example"
	e.VerifiedContact(t, sec, "KAZ", email, "Айгерим Сейтова", "ru", directory.Diplomatic)
	r, err := e.Pings.CreateRound(ctx, sec, ping.RoundInput{Title: "Проверка связи, март 2026", Scope: ping.ScopeAll})
	if err != nil {
		t.Fatal(err)
	}
	subject := e.Catalog.T("ru", "mail.ping.subject", map[string]any{"Round": r.Title})
	m := e.SMTP.WaitFor(t, 15*time.Second, func(m testenv.Message) bool { return testenv.To(email)(m) && m.Subject == subject })
	if m.Lang != "ru" {
		t.Errorf("Content-Language %q", m.Lang)
	}
	link := regexp.MustCompile(`https?://[^\s"<>]+/pings/acknowledge/[A-Za-z0-9_-]+`).FindString(m.Text)
	if link == "" || !strings.HasPrefix(link, e.Server.URL+"/ru/pings/acknowledge/") {
		t.Fatalf("link %q in %q", link, m.Text)
	}

	b := startBrowser(t, e)
	b.open(t, strings.TrimPrefix(link, e.Server.URL))
	if lang := run(t, b, "lang", chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "ru" {
		t.Fatalf("lang=%q", lang)
	}
	if got, want := b.text(t, "main h1"), e.Catalog.T("ru", "ping.page.link_title", nil); got != want {
		t.Errorf("h1 = %q, want %q", got, want)
	}
	if got := b.text(t, "main dl"); !strings.Contains(got, "Казахстан") || !strings.Contains(got, r.Title) {
		t.Errorf("the page names %q", got)
	}
	b.checkAccessibility(t)
	if q, _ := e.DB.Pings().Requests(ctx, r.ID); len(q) != 1 || q[0].Acknowledged() {
		t.Fatalf("opening the link acknowledged: %+v", q)
	}
	button := `main form[action^="/ru/pings/acknowledge/"] button[type="submit"]`
	if got, want := b.text(t, button), e.Catalog.T("ru", "ping.page.acknowledge", nil); got != want {
		t.Errorf("button %q, want %q", got, want)
	}
	resp := navigate(t, b, "press the button", chromedp.Click(chromedp.CSS(button)))
	if resp.Status != 200 {
		t.Fatalf("after the button: %d", resp.Status)
	}
	if got, want := b.text(t, "#ping-done p"), e.Catalog.T("ru", "ping.page.link_done", nil); got != want {
		t.Errorf("confirmation %q, want %q", got, want)
	}
	b.checkAccessibility(t)
	q, _ := e.DB.Pings().Requests(ctx, r.ID)
	if len(q) != 1 || !q[0].Acknowledged() || q[0].Via != ping.ViaLink {
		t.Fatalf("request %+v", q)
	}

	// The Secretariat reads the results.
	b.signIn(t, "en", "sam@example.org", testenv.Password)
	b.secondFactor(t, e)
	b.open(t, "/en/pings/"+strconv.FormatInt(r.ID, 10))
	if got := b.text(t, "#by-state + figure + .table-wrap tbody"); !strings.Contains(got, "Kazakhstan") || !strings.Contains(got, "100%") ||
		!strings.Contains(got, e.Catalog.T("en", "ping.page.via.link", nil)) {
		t.Errorf("results by State: %q", got)
	}
	b.checkAccessibility(t)
	b.open(t, "/en/pings")
	b.checkAccessibility(t)
	if v := b.cspViolations(); len(v) > 0 {
		t.Errorf("CSP violations: %v", v)
	}
}
