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
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestJourneyRegistration: France's delegate registers the delegation for a session,
// attaches the note verbale and adds the head of delegation, through the pages; every
// registration page passes axe, in English and in Arabic.
func TestJourneyRegistration(t *testing.T) {
	needBrowser(t)
	e := testenv.New(t)
	ctx, sys := context.Background(), plenary.System("test")
	gm, err := e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York", Names: plenary.Localized{"en": "Global Mechanism"}})
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	s, err := e.Meetings.CreateSession(ctx, sys, meeting.SessionInput{BodyID: gm.ID, Kind: meeting.Substantive,
		StartsOn: day(16), EndsOn: day(20), RepresentativeLimit: 3, RegistrationCloses: day(13)})
	if err != nil {
		t.Fatal(err)
	}
	e.CreateUser(t, "claire@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	note := filepath.Join(t.TempDir(), "note-verbale.pdf")
	if err := os.WriteFile(note, []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := "/sessions/" + strconv.FormatInt(s.ID, 10)
	b := startBrowser(t, e)
	b.signIn(t, "en", "claire@example.org", testenv.Password)
	b.open(t, "/en"+base+"/registration")
	b.checkAccessibility(t)
	navigate(t, b, "register the delegation", chromedp.Click(chromedp.CSS(`main form[action$="/delegations"] button[type="submit"]`)))
	delegation := b.path(t)
	if !strings.Contains(delegation, "/registration/delegations/") {
		t.Fatalf("after registering: %s", delegation)
	}
	do(t, b, "attach the note verbale", chromedp.SetUploadFiles(chromedp.CSS(`input[name="letter"]`), []string{note}))
	navigate(t, b, "send it", chromedp.Click(chromedp.CSS(`form[action$="/credentials"] button[type="submit"]`)))
	do(t, b, "name", chromedp.SendKeys(chromedp.CSS(`form[action$="/members"] input[name="name"]`), "Claire Martin"))
	do(t, b, "function", chromedp.SetValue(chromedp.CSS(`form[action$="/members"] select[name="function"]`), "head_of_delegation"))
	do(t, b, "gender", chromedp.SetValue(chromedp.CSS(`form[action$="/members"] select[name="gender"]`), "female"))
	navigate(t, b, "add the head", chromedp.Click(chromedp.CSS(`form[action$="/members"] button[type="submit"]`)))
	if txt := b.text(t, "main"); !strings.Contains(txt, "Claire Martin") || !strings.Contains(txt, "Download the note verbale") {
		t.Errorf("the delegation page lacks the head or the note verbale:\n%s", txt)
	}
	b.checkAccessibility(t)
	for _, p := range []string{"/ar" + strings.TrimPrefix(delegation, "/en"), "/ar" + base + "/registration", "/en" + base + "/participants",
		"/ar" + base + "/participants", "/en" + base + "/figures", "/ar" + base + "/figures"} {
		b.open(t, p)
		b.checkAccessibility(t)
	}
}
