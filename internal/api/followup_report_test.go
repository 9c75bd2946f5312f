package api_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestFollowupReportAPI: the Secretariat and the Chair read the progress report's
// figures (public reports only); the Secretariat issues it as a document; everyone else
// is refused; bad days and languages are problems of their fields.
func TestFollowupReportAPI(t *testing.T) {
	e := testenv.New(t)
	sys := plenary.System("test")
	gm, err := e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York", Names: plenary.Localized{"en": "Global Mechanism"}})
	if err != nil {
		t.Fatal(err)
	}
	sec := e.CreateUser(t, "sec@un.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	chair := e.CreateUser(t, "chair@example.org", "Chair", plenary.Grant{Role: plenary.RoleChair})
	fra := e.CreateUser(t, "submitter.fra@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleTeamSubmitter, State: "FRA"})
	ken := e.CreateUser(t, "submitter.ken@example.org", "Wanjiru Kamau", plenary.Grant{Role: plenary.RoleTeamSubmitter, State: "KEN"})
	delegate := e.CreateUser(t, "delegate.deu@example.org", "Jonas Weber", plenary.Grant{Role: plenary.RoleDelegate, State: "DEU"})
	// A recommendation of an adopted report; France reports publicly, Kenya to States.
	c := markOne(t, e, gm.ID, e.Actor(t, sec))
	if _, err := e.FollowUp.Report(ctx, e.Actor(t, fra), followup.ReportInput{CommitmentID: c.ID, State: "FRA", Status: "under_way", Level: followup.Public}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.FollowUp.Report(ctx, e.Actor(t, ken), followup.ReportInput{CommitmentID: c.ID, State: "KEN", Status: "implemented", Level: followup.StatesOnly}); err != nil {
		t.Fatal(err)
	}
	as := map[string]client{
		"secretariat": {t: t, e: e, token: tokenFor(t, e, sec, plenary.ScopeRead, plenary.ScopeWrite)},
		"read-only":   {t: t, e: e, token: tokenFor(t, e, sec, plenary.ScopeRead)},
		"chair":       {t: t, e: e, token: tokenFor(t, e, chair, plenary.ScopeRead, plenary.ScopeWrite)},
		"delegate":    {t: t, e: e, token: tokenFor(t, e, delegate, plenary.ScopeRead, plenary.ScopeWrite)},
		"submitter":   {t: t, e: e, token: tokenFor(t, e, fra, plenary.ScopeRead, plenary.ScopeWrite)},
		"public":      {t: t, e: e},
	}
	const path = "/bodies/gm/followup-report"
	for who, want := range map[string][2]int{ // reads, issues
		"secretariat": {200, 201}, "read-only": {200, 403}, "chair": {200, 403}, "delegate": {403, 403}, "submitter": {403, 403}, "public": {401, 401},
	} {
		if r := as[who].call(http.MethodGet, path+"?as_of=2026-03-02", nil); r.Status != want[0] {
			t.Errorf("%s reads the figures: %d, want %d: %s", who, r.Status, want[0], r.Body)
		}
		if r := as[who].call(http.MethodPost, path+"/documents", map[string]any{"as_of": "2026-03-02", "language": "es"}); r.Status != want[1] {
			t.Errorf("%s issues the report: %d, want %d: %s", who, r.Status, want[1], r.Body)
		}
	}

	var figures struct {
		Body   string `json:"body"`
		AsOf   string `json:"as_of"`
		Level  string `json:"level"`
		States int    `json:"states"`
		Totals struct {
			States   int            `json:"states"`
			Counts   map[string]int `json:"counts"`
			NoReport int            `json:"no_report"`
		} `json:"totals"`
		Reporting []struct {
			Group    string `json:"group"`
			States   int    `json:"states"`
			Reported int    `json:"reported"`
		} `json:"reporting"`
		Commitments []struct {
			Code     string         `json:"code"`
			Meanings map[string]int `json:"meanings"`
			Groups   []struct {
				Group  string         `json:"group"`
				Counts map[string]int `json:"counts"`
			} `json:"groups"`
		} `json:"commitments"`
	}
	r := as["chair"].call(http.MethodGet, path, nil) // today by default
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	r.json(t, &figures)
	// Kenya's report is for States only: the figures, which are published, leave it out.
	if figures.Body != "gm" || figures.AsOf != "2026-03-02" || figures.Level != "public" || figures.States < 193 || len(figures.Commitments) != 1 ||
		figures.Totals.States != figures.States || figures.Totals.NoReport != figures.States-1 || len(figures.Totals.Counts) != 1 ||
		figures.Totals.Counts["under_way"] != 1 || figures.Commitments[0].Meanings["progress"] != 1 || figures.Commitments[0].Meanings["done"] != 0 ||
		figures.Reporting[0].Group != "" || figures.Reporting[0].Reported != 1 {
		t.Errorf("figures: %s", r.Body)
	}
	for _, g := range figures.Commitments[0].Groups {
		if (g.Group == "WEOG") != (g.Counts["under_way"] == 1) {
			t.Errorf("group %s: %v", g.Group, g.Counts)
		}
	}
	r = as["secretariat"].call(http.MethodGet, path+"?as_of=2026-03-01", nil)
	r.json(t, &figures)
	if figures.Totals.NoReport != figures.States || figures.Reporting[0].Reported != 0 {
		t.Errorf("the day before: %s", r.Body)
	}

	// Problems of their fields.
	for _, bad := range []string{"?as_of=2026-03-03", "?as_of=tomorrow"} {
		if r := as["secretariat"].call(http.MethodGet, path+bad, nil); r.Status != 422 {
			t.Errorf("%s: %d %s", bad, r.Status, r.Body)
		}
	}
	for _, bad := range []map[string]any{{"as_of": "2026-03-02", "language": "de"}, {"as_of": "2027-01-01", "language": "fr"}, {"language": "fr"}} {
		if r := as["secretariat"].call(http.MethodPost, path+"/documents", bad); r.Status != 422 {
			t.Errorf("issue %v: %d %s", bad, r.Status, r.Body)
		}
	}
	if r := as["secretariat"].call(http.MethodGet, "/bodies/nothing/followup-report", nil); r.Status != 404 {
		t.Errorf("no such body: %d", r.Status)
	}

	// Issued again, in French with a title: the next number, public.
	var doc struct {
		Symbol           string `json:"symbol"`
		Kind             string `json:"type"`
		Access           string `json:"access"`
		OriginalLanguage string `json:"original_language"`
		ID               int64  `json:"id"`
	}
	r = as["secretariat"].call(http.MethodPost, path+"/documents", map[string]any{"as_of": "2026-03-02", "language": "fr", "title": "Rapport d'étape"})
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	r.json(t, &doc)
	if doc.Symbol != "GM/FU/2026/2" || doc.Kind != "report" || doc.Access != "public" || doc.OriginalLanguage != "fr" {
		t.Errorf("document %s", r.Body)
	}
	if r := as["public"].call(http.MethodGet, "/documents/"+strconv.FormatInt(doc.ID, 10), nil); r.Status != 200 {
		t.Errorf("the public reads the report: %d", r.Status)
	}
}

// markOne registers an adopted report of the body and follows its recommendation 30.
func markOne(t *testing.T, e *testenv.Env, bodyID int64, sec plenary.Actor) followup.Commitment {
	t.Helper()
	d, err := e.Documents.Register(ctx, sec, document.Input{BodyID: bodyID, Symbol: "A/75/816", Kind: document.KindReport, Status: document.StatusFinal,
		Access: document.AccessPublic, OriginalLanguage: "en", Title: "Final report"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.SetText(ctx, sec, d.ID, document.TextInput{Language: "en", Title: "Final report",
		Body: "The OEWG recommends that\n\n30. States, on a voluntary basis, survey their national efforts to implement norms."}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.Publish(ctx, sec, d.ID, e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, ps, err := e.Documents.Paragraphs(ctx, sec, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.FollowUp.MarkParagraph(ctx, sec, followup.MarkInput{BodyID: bodyID, DocumentID: d.ID, ParagraphKey: ps[len(ps)-1].Key,
		Kind: followup.Recommendation, Code: "rec.30"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
