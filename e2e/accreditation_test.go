package e2e_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

var letterPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// accSetup records the Global Mechanism with an open round and an organization with its
// focal point.
func accSetup(t *testing.T, e *testenv.Env) (body.Body, organization.Organization) {
	t.Helper()
	ctx, sys := context.Background(), plenary.System("test")
	b, err := e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security", "ar": "الآلية العالمية المعنية بأمن تكنولوجيا المعلومات والاتصالات"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.OpenRound(ctx, sys, b.ID, accreditation.OpenInput{}); err != nil {
		t.Fatal(err)
	}
	org, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "KEN",
		Names: plenary.Localized{"en": "Nairobi Cyber Policy Forum"}})
	if err != nil {
		t.Fatal(err)
	}
	return b, org
}

// TestJourneyAccreditation: a focal point applies through the pages, typing the dossier
// and attaching the letter; the Secretariat screens and circulates; a State delegate
// objects with a reason; at the deadline the focal point reads the outcome.
func TestJourneyAccreditation(t *testing.T) {
	needBrowser(t)
	e := testenv.New(t)
	ctx, sys := context.Background(), plenary.System("test")
	_, org := accSetup(t, e)
	e.CreateUser(t, "focal@example.org", "Wanjiru Kamau", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID})
	e.CreateUser(t, "claire@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	letter := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(letter, letterPDF, 0o644); err != nil {
		t.Fatal(err)
	}
	b := startBrowser(t, e)

	b.signIn(t, "en", "focal@example.org", testenv.Password)
	b.open(t, "/en/accreditation/gm/applications")
	navigate(t, b, "start", chromedp.Click(chromedp.CSS(`main form[action$="/applications"] button[type="submit"]`)))
	if p := b.path(t); !strings.HasSuffix(p, "/edit") {
		t.Fatalf("after starting: %s", p)
	}
	// Submitting at once lists what is missing, and the focus lands on the first problem.
	navigate(t, b, "submit empty", chromedp.Click(chromedp.CSS(`button[name="submit"]`)))
	if !b.exists(t, ".error-summary") || !b.exists(t, `a[href="#field-purpose"]`) {
		t.Fatal("an empty submission shows no error summary for the purpose")
	}
	if id := run(t, b, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); id != "field-purpose" {
		t.Errorf("focus on %q, want field-purpose", id)
	}
	for field, text := range map[string]string{
		"purpose": "Policy research on ICT security in East Africa.", "programmes": "Training for national CERTs.",
		"un_interactions": "Written input to the Open-ended Working Group.", "contact_name": "Wanjiru Kamau",
		"contact_email": "focal@example.org",
	} {
		sel := `[name="` + field + `"]`
		do(t, b, "type "+field, chromedp.SendKeys(chromedp.CSS(sel), text))
	}
	do(t, b, "attach the letter", chromedp.SetUploadFiles(chromedp.CSS(`input[name="letter"]`), []string{letter}))
	navigate(t, b, "save and submit", chromedp.Click(chromedp.CSS(`button[name="submit"]`)))
	if got, want := b.text(t, "dl.facts dd.status"), e.Catalog.T("en", "acc.status.submitted", nil); got != want {
		t.Fatalf("status %q, want %q", got, want)
	}
	appPath := b.path(t)
	id, err := strconv.ParseInt(appPath[strings.LastIndexByte(appPath, '/')+1:], 10, 64)
	if err != nil {
		t.Fatal(err)
	}

	// The Secretariat's part, through the service (its pages are covered elsewhere).
	round, err := e.Accreditation.Round(ctx, sys, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	e.Clock.Set(round.ApplicationsClose.Add(time.Minute))
	if _, err := e.Accreditation.Screen(ctx, sys, id, true, ""); err != nil {
		t.Fatal(err)
	}
	circulated, err := e.Accreditation.Circulate(ctx, sys, round.ID)
	if err != nil {
		t.Fatal(err)
	}

	// The delegate objects, in French.
	d := startBrowser(t, e)
	d.signIn(t, "fr", "claire@example.org", testenv.Password)
	d.open(t, "/fr"+strings.TrimPrefix(appPath, "/en"))
	do(t, d, "type the reason", chromedp.SendKeys(chromedp.CSS(`textarea[name="reason"]`), "Pas indépendante."))
	navigate(t, d, "object", chromedp.Click(chromedp.CSS(`main form[action$="/positions"] button[type="submit"]`)))
	if got, want := d.text(t, "main .flash[role=status]"), e.Catalog.T("fr", "flash.position_recorded", nil); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if !strings.Contains(d.text(t, "main table"), "Pas indépendante.") {
		t.Error("the delegate does not see their State's position")
	}

	// At the deadline the job decides; the focal point reads the outcome, not the objector.
	e.Clock.Set(circulated.ObjectionsClose)
	if err := e.Accreditation.DecideDue(ctx, accreditation.DecideJob{}); err != nil {
		t.Fatal(err)
	}
	b2 := startBrowser(t, e)
	b2.signIn(t, "en", "focal@example.org", testenv.Password)
	b2.open(t, appPath)
	if got, want := b2.text(t, "dl.facts dd.status"), e.Catalog.T("en", "acc.status.rejected", nil); got != want {
		t.Errorf("outcome %q, want %q", got, want)
	}
	if strings.Contains(b2.text(t, "main"), "France") || strings.Contains(b2.text(t, "main"), "indépendante") {
		t.Error("the applicant learns who objected")
	}
}

// accessibilityAccPages returns the accreditation pages to check, set up with an
// application waiting for the Secretariat's screening.
func accessibilityAccPages(t *testing.T, e *testenv.Env) (public, secretariat []string) {
	t.Helper()
	ctx := context.Background()
	bd, org := accSetup(t, e)
	focal := e.Actor(t, e.CreateUser(t, "focal@example.org", "Wanjiru", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID}))
	a, err := e.Accreditation.Start(ctx, focal, bd.ID, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.Update(ctx, focal, a.ID, accreditation.DossierInput{Purpose: "Research.", Programmes: "Training.",
		UNInteractions: "None.", ContactName: "Wanjiru", ContactEmail: "focal@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.AttachLetter(ctx, focal, a.ID, files.Upload{Name: "l.pdf", Data: letterPDF}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.Submit(ctx, focal, a.ID); err != nil {
		t.Fatal(err)
	}
	app := "/accreditation/gm/applications/" + strconv.FormatInt(a.ID, 10)
	public = []string{"/accreditation/gm", "/accreditation/gm/rules", "/accreditation/gm/organizations", "/accreditation/gm/rounds",
		"/accreditation/gm/rounds/1", "/bodies"}
	secretariat = []string{"/accreditation/gm/rules/edit", "/accreditation/gm/rounds/1/applications", app,
		"/accreditation/gm/disclosures", "/bodies/new", "/bodies/gm/edit"}
	return public, secretariat
}
