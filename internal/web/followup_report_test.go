package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestFollowupReportPage: the Secretariat reads the progress report's figures in the six
// languages (public reports only), with its chart and the chart's table, and issues it as
// a document the public then reads; the Chair reads it without the form; everyone else
// is refused both.
func TestFollowupReportPage(t *testing.T) {
	e := testenv.New(t)
	sys := plenary.System("test")
	gm, err := e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York", Names: plenary.Localized{"en": "Global Mechanism on ICT security"}})
	if err != nil {
		t.Fatal(err)
	}
	sec := e.CreateUser(t, "sec@un.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	chair := e.CreateUser(t, "chair@example.org", "Chair", plenary.Grant{Role: plenary.RoleChair})
	submitter := e.CreateUser(t, "submitter.fra@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleTeamSubmitter, State: "FRA"})
	delegate := e.CreateUser(t, "delegate.deu@example.org", "Jonas Weber", plenary.Grant{Role: plenary.RoleDelegate, State: "DEU"})
	secA := e.Actor(t, sec)
	d, err := e.Documents.Register(ctx, secA, document.Input{BodyID: gm.ID, Symbol: "A/75/816", Kind: document.KindReport, Status: document.StatusFinal,
		Access: document.AccessPublic, OriginalLanguage: "en", Title: "Final report"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.SetText(ctx, secA, d.ID, document.TextInput{Language: "en", Title: "Final report",
		Body: "The OEWG recommends that\n\n30. States, on a voluntary basis, survey their national efforts to implement norms."}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.Publish(ctx, secA, d.ID, e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, ps, err := e.Documents.Paragraphs(ctx, secA, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.FollowUp.MarkParagraph(ctx, secA, followup.MarkInput{BodyID: gm.ID, DocumentID: d.ID, ParagraphKey: ps[1].Key, Kind: followup.Recommendation,
		Code: "rec.30", Titles: plenary.Localized{"en": "Survey national efforts", "fr": "Recenser les efforts nationaux"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.FollowUp.Report(ctx, e.Actor(t, submitter), followup.ReportInput{CommitmentID: c.ID, State: "FRA", Status: "implemented",
		Level: followup.Public}); err != nil {
		t.Fatal(err)
	}
	states, err := e.States.List(ctx, secA)
	if err != nil {
		t.Fatal(err)
	}
	n := itoa(int64(len(states)))

	b := newSignedIn(t, e, sec)
	for _, lang := range plenary.Languages {
		res := expect(t, lang, b.get("/"+lang+"/follow-up/report"), 200)
		mustContain(t, res.Body, `<html lang="`+lang+`" dir="`+plenary.Direction(lang)+`"`,
			html.EscapeString(e.Catalog.T(lang, "followup_report.page_title", nil)), html.EscapeString(e.Catalog.T(lang, "followup_report.meaning.done", nil)),
			`class="chart"`, `id="fu-rec.30"`, "1 / "+n, `action="/`+lang+`/follow-up/report/documents"`, `name="as_of" type="date" value="2026-03-02"`)
		if res.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("%s: Cache-Control %q", lang, res.Header.Get("Cache-Control"))
		}
	}
	mustContain(t, b.get("/fr/follow-up/report").Body, "Recenser les efforts nationaux", "Mis en œuvre")
	// The same figures on an earlier day: nothing was reported then.
	res := expect(t, "as of 1 March", b.get("/en/follow-up/report?body=gm&as_of=2026-03-01"), 200)
	mustContain(t, res.Body, "0 / "+n, "Figures as of 1 March 2026.")
	// A day to come, or badly written: said beside the field, today's figures shown.
	for _, q := range []string{"2026-03-03", "1 March"} {
		res := expect(t, q, b.get("/en/follow-up/report?as_of="+url.QueryEscape(q)), 200)
		mustContain(t, res.Body, `href="#field-as_of"`, "1 / "+n)
	}
	expect(t, "another body", b.get("/en/follow-up/report?body=nothing"), 404)

	// The Chair reads the figures and has no form; the others are refused.
	res = expect(t, "chair", newSignedIn(t, e, chair).get("/en/follow-up/report"), 200)
	mustContain(t, res.Body, "1 / "+n)
	mustNotContain(t, res.Body, "/follow-up/report/documents")
	expect(t, "the Chair issues", newSignedIn(t, e, chair).post("/en/follow-up/report/documents", url.Values{"body": {"gm"}, "as_of": {"2026-03-02"},
		"language": {"en"}}), 403)
	for who, br := range map[string]*browser{"a delegate": newSignedIn(t, e, delegate), "a submitter": newSignedIn(t, e, submitter)} {
		expect(t, who, br.get("/en/follow-up/report"), 403)
		expect(t, who+" issues", br.post("/en/follow-up/report/documents", url.Values{"body": {"gm"}, "as_of": {"2026-03-02"}, "language": {"en"}}), 403)
	}
	if res := newBrowser(t, e).get("/en/follow-up/report"); res.StatusCode == http.StatusOK || strings.Contains(res.Body, "1 / "+n) {
		t.Errorf("the public reads the report's page: %d", res.StatusCode)
	}

	// Issued: refused on its field, then in Arabic; the public reads the document.
	res = expect(t, "a bad language", b.post("/en/follow-up/report/documents", url.Values{"body": {"gm"}, "as_of": {"2026-03-02"}, "language": {"xx"}}), 422)
	mustContain(t, res.Body, `href="#field-language"`)
	res = expect(t, "a day to come", b.post("/en/follow-up/report/documents", url.Values{"body": {"gm"}, "as_of": {"2026-12-31"}, "language": {"ar"}}), 422)
	mustContain(t, res.Body, `href="#field-as_of"`)
	res = expect(t, "issue", b.post("/fr/follow-up/report/documents", url.Values{"body": {"gm"}, "as_of": {"2026-03-02"}, "language": {"ar"},
		"title": {"التقرير المرحلي"}}), 303)
	where := res.Header.Get("Location")
	if !strings.HasPrefix(where, "/fr/documents/") {
		t.Fatalf("issued to %q", where)
	}
	mustContain(t, expect(t, "the public reads it", newBrowser(t, e).get(where), 200).Body, "GM/FU/2026/1", "التقرير المرحلي")
}
