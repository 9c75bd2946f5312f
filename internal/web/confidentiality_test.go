package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// The objecting State, written every way a page, export or e-mail could name it.
var objector = []string{"FRA", "France", "Francia", "Франция", "法国", "فرنسا"}

const secretReason = "Funding from undisclosed sources"

// TestWhoObjectedDoesNotLeak: under the default rules only the Chair and the Secretariat
// learn which State objected and why. Every accreditation page (in the six languages),
// API response, export and e-mail is read as every other role, while the objection is
// pending and after the decision, and none may name the objecting State or quote its
// reason. The objecting State's own delegate, the Chair and the Secretariat do see it,
// which proves the search would find a leak.
func TestWhoObjectedDoesNotLeak(t *testing.T) {
	e := testenv.New(t)
	sys := plenary.System("test")
	w := accWorld(t, e)
	org, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "KEN",
		Names: plenary.Localized{"en": "Nairobi Cyber Policy Forum"}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.Academia, HQState: "BRA", Names: plenary.Localized{"en": "Other Lab"}})
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]account.User{
		"secretariat": e.CreateUser(t, "sec@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat}),
		"chair":       e.CreateUser(t, "chair@example.org", "Carlos", plenary.Grant{Role: plenary.RoleChair}),
		"objector":    e.CreateUser(t, "d1@example.org", "Claire", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"}),
		"delegate":    e.CreateUser(t, "d2@example.org", "Bruno", plenary.Grant{Role: plenary.RoleDelegate, State: "BRA"}),
		"poc":         e.CreateUser(t, "poc@example.org", "Yuki", plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"}),
		"focal":       e.CreateUser(t, "focal@example.org", "Wanjiru", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID}),
		"rep":         e.CreateUser(t, "rep@example.org", "Otieno", plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: org.ID}),
		"other":       e.CreateUser(t, "lab@example.org", "Lab", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: other.ID}),
	}
	mayKnow := map[string]bool{"secretariat": true, "chair": true, "objector": true}

	// One application, circulated, with France's objection and reason.
	focal := e.Actor(t, users["focal"])
	app, err := e.Accreditation.Start(ctx, focal, w.bodyID, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.Update(ctx, focal, app.ID, accreditation.DossierInput{Purpose: "Policy research.", Programmes: "Training.",
		UNInteractions: "None.", ContactName: "Wanjiru", ContactEmail: "focal@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.AttachLetter(ctx, focal, app.ID, files.Upload{Name: "l.pdf", Data: letterPDF}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.Submit(ctx, focal, app.ID); err != nil {
		t.Fatal(err)
	}
	round, err := e.Accreditation.Round(ctx, sys, w.bodyID, 1)
	if err != nil {
		t.Fatal(err)
	}
	e.Clock.Set(round.ApplicationsClose.Add(time.Minute))
	if _, err := e.Accreditation.Screen(ctx, sys, app.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	circulated, err := e.Accreditation.Circulate(ctx, sys, round.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.TakePosition(ctx, e.Actor(t, users["objector"]), app.ID, accreditation.PositionInput{
		State: "FRA", Stance: accreditation.Object, Reason: secretReason}); err != nil {
		t.Fatal(err)
	}
	// Brazil asks the Chair; the request is not answered.
	if _, err := e.Accreditation.RequestDisclosure(ctx, e.Actor(t, users["delegate"]), app.ID, "BRA"); err == nil {
		t.Fatal("a disclosure request under rules that do not offer it")
	}

	appPath := "/accreditation/gm/applications/" + itoa(app.ID)
	pages := []string{"/", "/accreditation/gm", "/accreditation/gm/rules", "/accreditation/gm/organizations", "/accreditation/gm/organizations.csv",
		"/accreditation/gm/rounds", "/accreditation/gm/rounds/1", "/accreditation/gm/rounds/1/applications", "/accreditation/gm/applications",
		appPath, "/accreditation/gm/disclosures"}
	apis := []string{"/bodies/gm/accreditation/rounds", "/bodies/gm/accreditation/rounds/1", "/bodies/gm/accreditation/rounds/1/applications",
		"/bodies/gm/accreditation/applications", "/accreditation/applications/" + itoa(app.ID), "/bodies/gm/accreditation/disclosure-requests",
		"/bodies/gm/accredited", "/bodies/gm/accreditation/policy"}

	check := func(stage string) {
		t.Helper()
		for _, who := range append([]string{"public"}, keys(users)...) {
			b := newBrowser(t, e)
			token := ""
			if who != "public" {
				b.signIn(users[who])
				token = apiToken(t, e, users[who])
			}
			var seen strings.Builder
			for _, lang := range plenary.Languages {
				for _, p := range pages {
					res := b.get("/" + lang + p)
					if res.StatusCode >= 500 {
						t.Fatalf("%s %s as %s: %d", stage, p, who, res.StatusCode)
					}
					seen.WriteString(selects.ReplaceAllString(res.Body, ""))
				}
			}
			for _, p := range apis {
				seen.WriteString(apiGet(t, e, token, p))
			}
			text := seen.String()
			found := ""
			for _, s := range append([]string{secretReason}, objector...) {
				if strings.Contains(text, s) {
					found = s
				}
			}
			switch {
			case mayKnow[who] && found == "":
				t.Errorf("%s: %s does not see the objection: the search would miss a leak", stage, who)
			case !mayKnow[who] && found != "":
				t.Errorf("%s: %s sees %q", stage, who, found)
			}
		}
	}
	check("while circulating")

	// After the deadline: the application is rejected; still nobody else may know.
	e.Clock.Set(circulated.ObjectionsClose)
	if err := e.Accreditation.DecideDue(ctx, accreditation.DecideJob{}); err != nil {
		t.Fatal(err)
	}
	if v, err := e.Accreditation.Get(ctx, sys, app.ID); err != nil || v.Status != accreditation.Rejected {
		t.Fatalf("decision: %v %v", v.Status, err)
	}
	check("after the decision")

	// No e-mail names the objector, except to the objecting delegate, the Chair and the
	// Secretariat.
	e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To("focal@example.org")(m) && strings.Contains(m.Subject, "Decision")
	})
	for _, m := range e.SMTP.Messages() {
		if testenv.To("d1@example.org")(m) || testenv.To("chair@example.org")(m) || testenv.To("sec@example.org")(m) {
			continue
		}
		for _, s := range append([]string{secretReason}, objector...) {
			if strings.Contains(m.Text, s) || strings.Contains(m.HTML, s) || strings.Contains(m.Subject, s) {
				t.Errorf("e-mail %q to %v names %q", m.Subject, m.To, s)
			}
		}
	}
}

func keys(m map[string]account.User) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
