package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/survey"
)

// followupWorld is the survey's world (the Global Mechanism, the framework published, the
// 2026 questionnaire open, the teams) with an adopted report in the registry whose
// recommendation 31 the Secretariat follows, linked to norm (f), and the framework's
// first CBM; France published its survey answer on norm (f); France reported twice on
// rec.31 (publicly, then privately with a file), Kenya once for States only. People are
// added in every role the follow-up tells apart: the Chair, an organization's focal
// point, Japan's Point of Contact, Mexico's submitter.
type followupWorld struct {
	*surveyWorld
	doc      document.Document
	rec, cbm followup.Commitment
}

// The notes of the fixture's reports, each telling who may read it.
const (
	fuPublicNote  = "France's public note: a critical infrastructure bill is planned"
	fuPrivateNote = "France's private note: the Kestrel bill is stuck in committee"
	fuPrivateFile = "fra-kestrel-annex.pdf"
	fuKenyaNote   = "Kenya's note for States: the Twiga drills covered every county"
)

const adoptedReport = `The OEWG recommends that

30. States, on a voluntary basis, survey their national efforts to implement norms.

31. States should not conduct or knowingly support ICT activity that intentionally damages critical infrastructure.

32. States continue to support the implementation of the norms.`

func newFollowupWorld(t *testing.T) *followupWorld {
	t.Helper()
	w := &followupWorld{surveyWorld: newSurveyWorld(t)}
	e := w.e
	for key, g := range map[string]plenary.Grant{
		"chair": {Role: plenary.RoleChair}, "jpn_poc": {Role: plenary.RolePointOfContact, State: "JPN"},
		"mex_submitter": {Role: plenary.RoleTeamSubmitter, State: "MEX"},
	} {
		w.users[key] = e.CreateUser(t, strings.ReplaceAll(key, "_", ".")+"@example.org", "Person "+key, g)
	}
	o, err := e.Organizations.Create(ctx, plenary.System("test"), orgInput("Nairobi Cyber Policy Forum"))
	if err != nil {
		t.Fatal(err)
	}
	w.users["focal"] = e.CreateUser(t, "focal@example.org", "Person focal", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: o.ID})
	if w.doc, err = e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: "A/75/816", Kind: document.KindReport,
		Status: document.StatusFinal, Access: document.AccessPublic, OriginalLanguage: "en", Title: "Final report"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.SetText(ctx, w.sec, w.doc.ID, document.TextInput{Language: "en", Title: "Final report", Body: adoptedReport}); err != nil {
		t.Fatal(err)
	}
	if w.doc, err = e.Documents.Publish(ctx, w.sec, w.doc.ID, e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if w.rec, err = e.FollowUp.MarkParagraph(ctx, w.sec, followup.MarkInput{BodyID: w.gm.ID, DocumentID: w.doc.ID, ParagraphKey: w.paragraph(t, "31"),
		Kind: followup.Recommendation, Code: "rec.31", Titles: plenary.Localized{"en": "Protect critical infrastructure"},
		Links: []followup.Link{{Framework: "ict-security", Element: "norm.f"}}}); err != nil {
		t.Fatal(err)
	}
	f, _ := e.Frameworks.ByCode(ctx, w.sec, "ict-security")
	v, _, _ := e.Frameworks.Current(ctx, w.sec, f.ID)
	cbms, err := e.FollowUp.FollowElements(ctx, w.sec, followup.FollowInput{BodyID: w.gm.ID, FrameworkVersionID: v.ID, Kind: followup.CBM,
		Elements: []string{"cbm.1"}})
	if err != nil {
		t.Fatal(err)
	}
	w.cbm = cbms[0]
	w.publish(t, "fra_submitter", "FRA", "norm.f.status", survey.Value{Choice: survey.Partly, Text: "France's survey answer on norm (f)"}, "en", survey.Public)
	w.report(t, "fra_submitter", followup.ReportInput{CommitmentID: w.rec.ID, State: "FRA", Status: "planned", Note: fuPublicNote, NoteLanguage: "en",
		Level: followup.Public})
	w.report(t, "fra_submitter", followup.ReportInput{CommitmentID: w.rec.ID, State: "FRA", Status: "under_way", Note: fuPrivateNote, NoteLanguage: "en",
		Base: 1, EvidenceFile: &files.Upload{Name: fuPrivateFile, Data: pdfText("The Kestrel annex")}})
	w.report(t, "ken_submitter", followup.ReportInput{CommitmentID: w.rec.ID, State: "KEN", Status: "implemented", Note: fuKenyaNote, NoteLanguage: "en",
		Level: followup.StatesOnly})
	return w
}

// paragraph is the registry's key of the paragraph numbered n of the adopted report.
func (w *followupWorld) paragraph(t *testing.T, n string) string {
	t.Helper()
	_, ps, err := w.e.Documents.Paragraphs(ctx, w.sec, w.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if strings.HasPrefix(p.Text, n+". ") {
			return p.Key
		}
	}
	t.Fatalf("no paragraph %s", n)
	return ""
}

func (w *followupWorld) report(t *testing.T, who string, in followup.ReportInput) followup.Report {
	t.Helper()
	r, err := w.e.FollowUp.Report(ctx, w.actor(t, who), in)
	if err != nil {
		t.Fatalf("%s reports: %v", who, err)
	}
	return r
}

// history is a State's reports on rec.31 as its team reads them, newest first.
func (w *followupWorld) history(t *testing.T, state, who string) []followup.Report {
	t.Helper()
	h, err := w.e.FollowUp.History(ctx, w.actor(t, who), w.rec.ID, state)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func pdfText(s string) []byte {
	return []byte("%PDF-1.4\n% " + s + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// tr is a message of the catalogue in lang, as a page writes it (escaped).
func (w *followupWorld) tr(lang, key string, args map[string]any) string {
	return html.EscapeString(w.e.Catalog.T(lang, key, args))
}

// TestFollowUpPagesInSixLanguages: every page of the follow-up renders in the six
// languages, right to left in Arabic, with no message key left, for the public, a team
// and the Secretariat; the home page links to the follow-up, which links to each
// commitment (two clicks).
func TestFollowUpPagesInSixLanguages(t *testing.T) {
	w := newFollowupWorld(t)
	rec, cbm := "/follow-up/commitments/"+itoa(w.rec.ID), "/follow-up/commitments/"+itoa(w.cbm.ID)
	f, _ := w.e.Frameworks.ByCode(ctx, w.sec, "ict-security")
	v, _, _ := w.e.Frameworks.Current(ctx, w.sec, f.ID)
	pages := map[string][]string{
		"public":        {"/follow-up", rec, cbm, rec + "/states/FRA", rec + "/states/KEN", "/states/FRA"},
		"fra_submitter": {"/follow-up", rec, rec + "/states/FRA", "/states/FRA"},
		"deu_delegate":  {rec + "/states/KEN"},
		"secretariat": {"/follow-up", rec, rec + "/states/FRA", rec + "/edit", "/follow-up/commitments/new", "/follow-up/commitments/new?document=" + itoa(w.doc.ID),
			"/follow-up/follow", "/follow-up/follow?version=" + itoa(v.ID), "/follow-up/scale/gm"},
	}
	keyRE := regexp.MustCompile(`\bfollowup\.[a-z_]+(\.[a-z_]+)?\b`)
	for who, paths := range pages {
		b := newBrowser(t, w.e)
		if who != "public" {
			b.signIn(w.users[who])
		}
		for _, lang := range plenary.Languages {
			home := expect(t, who+" home", b.get("/"+lang+"/"), 200)
			mustContain(t, home.Body, `href="/`+lang+`/follow-up"`)
			for _, p := range paths {
				res := b.get("/" + lang + p)
				if res.StatusCode != http.StatusOK {
					t.Errorf("%s %s%s: %d", who, lang, p, res.StatusCode)
					continue
				}
				mustContain(t, res.Body, `<html lang="`+lang+`" dir="`+plenary.Direction(lang)+`">`, "</html>")
				if m := keyRE.FindString(stripTags(res.Body)); m != "" {
					t.Errorf("%s %s%s shows the key %q", who, lang, p, m)
				}
				if p == "/follow-up" {
					mustContain(t, res.Body, `href="/`+lang+rec+`"`, `aria-current="page">`+html.EscapeString(w.e.Catalog.T(lang, "followup.nav", nil)))
				}
			}
		}
	}
}

// TestFollowUpWhoReadsWhat: each role reads on each page what the service lets it read:
// France's private report (its note, its file, who made it) only by France's team, the
// Secretariat knowing only that it exists and who made it; Kenya's report for States by
// those acting for a State and the Secretariat; who reported only by the State's team
// and the Secretariat; the figures count what the reader reads.
func TestFollowUpWhoReadsWhat(t *testing.T) {
	w := newFollowupWorld(t)
	rec := "/en/follow-up/commitments/" + itoa(w.rec.ID)
	file := w.history(t, "FRA", "fra_editor")[0].Evidence.FileID
	evidence := "/en/follow-up/evidence/" + itoa(file)
	reporterFRA, reporterKEN := "Person fra_submitter", "Person ken_submitter"
	type view struct {
		fraPrivate, kenya, fraReporter, kenReporter, form bool
		evidence                                          int
		// row is the "All States" row of the figures: States, not started, planned, under
		// way, implemented, not applicable, [privately,] no report.
		row string
	}
	public := view{evidence: 303, row: "195 0 1 0 0 0 194"}
	states := view{kenya: true, evidence: 404, row: "195 0 1 0 1 0 193"}
	for who, want := range map[string]view{
		"public":        public,
		"chair":         {evidence: 404, row: public.row},
		"focal":         {evidence: 404, row: public.row},
		"deu_delegate":  states,
		"jpn_poc":       states,
		"fra_nominator": states,
		"ken_submitter": {kenya: true, kenReporter: true, evidence: 404, row: states.row},
		"fra_editor":    {fraPrivate: true, kenya: true, fraReporter: true, evidence: 200, row: "195 0 0 1 1 0 193"},
		"fra_reviewer":  {fraPrivate: true, kenya: true, fraReporter: true, evidence: 200, row: "195 0 0 1 1 0 193"},
		"fra_submitter": {fraPrivate: true, kenya: true, fraReporter: true, form: true, evidence: 200, row: "195 0 0 1 1 0 193"},
		"secretariat":   {kenya: true, fraReporter: true, kenReporter: true, evidence: 404, row: "195 0 1 0 1 0 0 193"},
	} {
		b := newBrowser(t, w.e)
		if who != "public" {
			b.signIn(w.users[who])
		}
		fra := expect(t, who+" France", b.get(rec+"/states/FRA"), 200)
		ken := expect(t, who+" Kenya", b.get(rec+"/states/KEN"), 200)
		page := expect(t, who+" commitment", b.get(rec), 200)
		profile := expect(t, who+" profile", b.get("/en/states/FRA"), 200)
		all := fra.Body + ken.Body + page.Body + profile.Body
		if fra.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: the State's page may be stored: %q", who, fra.Header.Get("Cache-Control"))
		}
		mustContain(t, fra.Body, html.EscapeString(fuPublicNote))
		check := func(what string, may bool, body string, secrets ...string) {
			t.Helper()
			if may {
				mustContain(t, body, secrets...)
			} else {
				for _, s := range secrets {
					if strings.Contains(body, s) {
						t.Errorf("%s reads %s (%q)", who, what, s)
					}
				}
			}
		}
		check("France's private report", want.fraPrivate, fra.Body, html.EscapeString(fuPrivateNote), fuPrivateFile)
		check("France's private report elsewhere", false, ken.Body+page.Body, html.EscapeString(fuPrivateNote), fuPrivateFile)
		check("Kenya's report for States", want.kenya, ken.Body, html.EscapeString(fuKenyaNote))
		check("France's reporter", want.fraReporter, fra.Body, reporterFRA)
		check("Kenya's reporter", want.kenReporter, ken.Body, reporterKEN)
		// Elsewhere, nobody is named (but the reader, by the navigation, to themselves).
		if who != "ken_submitter" {
			check("Kenya's reporter elsewhere", false, page.Body+profile.Body, reporterKEN)
		}
		if who != "fra_submitter" {
			check("France's reporter elsewhere", false, page.Body+profile.Body, reporterFRA)
		}
		check("the form to report", want.form, fra.Body, `action="`+rec+`/states/FRA/reports"`, `enctype="multipart/form-data"`, `action="`+rec+`/states/FRA/reports/`)
		if who == "secretariat" {
			mustContain(t, fra.Body, "Report 2", w.tr("en", "followup.withheld_said", nil))
		}
		if who != "public" && !strings.HasPrefix(who, "fra_") && strings.Contains(all, fuPrivateFile) {
			t.Errorf("%s reads the private evidence's name", who)
		}
		if got := expect(t, who+" evidence", b.get(evidence), want.evidence); want.evidence == 200 && !strings.Contains(got.Body, "The Kestrel annex") {
			t.Errorf("%s: the evidence file: %q", who, got.Body)
		}
		row := regexp.MustCompile(`(?s)<table id="progress-table">.*?<tbody><tr><th scope="row">[^<]+</th>(.*?)</tr>`).FindStringSubmatch(page.Body)
		if row == nil {
			t.Fatalf("%s: no figures", who)
		}
		if got := strings.Join(strings.Fields(stripTags(row[1])), " "); got != want.row {
			t.Errorf("%s: all States %q, want %q", who, got, want.row)
		}
		// The survey's answer beside the status, for everyone (it is public).
		mustContain(t, fra.Body, "France&#39;s survey answer on norm (f)", "<code dir=\"ltr\">norm.f</code>")
	}
}

// TestFollowUpReportThroughPages: France's submitter reports through the form. Bad input
// is refused beside its fields in the page's language, what was typed kept and nothing
// saved (422); a report with a file, a link and a document is made (303) and shown; a
// report on a stale page is refused (409) with the report made meanwhile beside what was
// typed, which the next report answers; the submitter publishes and withdraws; nobody
// else may.
func TestFollowUpReportThroughPages(t *testing.T) {
	w := newFollowupWorld(t)
	state := "/follow-up/commitments/" + itoa(w.rec.ID) + "/states/FRA"
	sub := newSignedIn(t, w.e, w.users["fra_submitter"])
	page := expect(t, "the form", sub.get("/fr"+state), 200)
	mustContain(t, page.Body, `name="base" value="2"`, `<option value="under_way">`, `name="evidence_file" type="file"`)

	post := func(b *browser, lang string, f url.Values, name string, data []byte) response {
		return b.postFile("/"+lang+state+"/reports", f, "evidence_file", name, data)
	}
	long := strings.Repeat("é", followup.MaxNote+1)
	res := expect(t, "bad input", post(sub, "fr", url.Values{"status": {"done"}, "note": {long}, "note_language": {"fr"},
		"evidence_url": {"javascript:alert(1)"}, "level": {"public"}, "base": {"2"}}, "evil.pdf", []byte("MZ not a pdf")), 422)
	mustContain(t, res.Body, `href="#field-status"`, `href="#field-note"`, `href="#field-evidence_url"`, `href="#field-evidence_file"`,
		w.tr("fr", "followup.status_unknown", nil), w.tr("fr", "form.errors_title", nil), long, "javascript:alert(1)",
		`<option value="public" selected>`)
	res = expect(t, "an unknown document", post(sub, "es", url.Values{"status": {"under_way"}, "evidence_document": {"A/99/999"}, "base": {"2"}}, "", nil), 422)
	mustContain(t, res.Body, `href="#field-evidence_document"`, w.tr("es", "followup.evidence_document", nil), `value="A/99/999"`)
	if h := w.history(t, "FRA", "fra_editor"); len(h) != 2 {
		t.Fatalf("refused reports were saved: %d", len(h))
	}

	// The report, with every kind of evidence, for States.
	res = expect(t, "report", post(sub, "en", url.Values{"status": {"implemented"}, "note": {"The law is adopted"}, "note_language": {"en"},
		"evidence_url": {"https://example.fr/law"}, "evidence_document": {"A/75/816"}, "level": {"states"}, "base": {"2"}}, "law.pdf", pdfText("The law")), 303)
	if loc := res.Header.Get("Location"); loc != "/en"+state+"#history" {
		t.Errorf("after reporting: %s", loc)
	}
	res = expect(t, "reported", sub.get("/en"+state), 200)
	h := w.history(t, "FRA", "fra_editor")
	if len(h) != 3 || h[0].Status != "implemented" || h[0].Level != followup.StatesOnly || h[0].Evidence.DocumentID != w.doc.ID || h[0].Evidence.FileName != "law.pdf" {
		t.Fatalf("the report: %+v", h)
	}
	mustContain(t, res.Body, w.tr("en", "followup.flash.reported", nil), "The law is adopted", "https://example.fr/law", ">A/75/816</a>",
		`href="/en/follow-up/evidence/`+itoa(h[0].Evidence.FileID)+`"`, "law.pdf", `name="base" value="3"`, "Report 3")
	mustContain(t, newSignedIn(t, w.e, w.users["deu_delegate"]).get("/en"+state).Body, "The law is adopted")

	// A second browser still shows report 2: its report is refused, with both.
	res = expect(t, "stale", post(sub, "fr", url.Values{"status": {"under_way"}, "note": {"Typed on an old page"}, "note_language": {"fr"},
		"level": {"private"}, "base": {"2"}}, "", nil), 409)
	mustContain(t, res.Body, `id="stale"`, "The law is adopted", "Typed on an old page", `name="base" value="3"`,
		w.tr("fr", "followup.stale", map[string]any{"Number": 3}))
	if !regexp.MustCompile(`(?s)<div class="survey-conflict followup-conflict">.*?The law is adopted.*?Typed on an old page.*?</div>\s*</div>`).MatchString(res.Body) {
		t.Error("the conflict does not show both reports side by side")
	}
	if !regexp.MustCompile(`(?s)<textarea id="field-note"[^>]*>Typed on an old page</textarea>`).MatchString(res.Body) {
		t.Error("what was typed is not kept in the form")
	}
	if h := w.history(t, "FRA", "fra_editor"); len(h) != 3 {
		t.Fatalf("a stale report was saved: %d", len(h))
	}
	expect(t, "reported again", post(sub, "fr", url.Values{"status": {"under_way"}, "note": {"Typed on an old page"}, "note_language": {"fr"},
		"level": {"private"}, "base": {"3"}}, "", nil), 303)

	// Levels: the submitter publishes report 3, then withdraws it.
	level := func(b *browser, n int, l followup.Level) response {
		return b.post("/en"+state+"/reports/"+itoa(h[len(h)-n].ID)+"/level", url.Values{"level": {string(l)}})
	}
	pub := newBrowser(t, w.e)
	mustNotContain(t, pub.get("/en"+state).Body, "The law is adopted")
	expect(t, "publish", level(sub, 3, followup.Public), 303)
	mustContain(t, pub.get("/en"+state).Body, "The law is adopted", "https://example.fr/law")
	expect(t, "a bad level", level(sub, 3, "secret"), 422)
	expect(t, "withdraw", level(sub, 3, followup.Private), 303)
	mustNotContain(t, pub.get("/en"+state).Body, "The law is adopted")

	// Nobody else reports for France nor sets its levels.
	for who, status := range map[string]int{"fra_editor": 403, "fra_reviewer": 403, "secretariat": 404, "ken_submitter": 404, "deu_delegate": 404} {
		b := newSignedIn(t, w.e, w.users[who])
		expect(t, who+" reports", post(b, "en", url.Values{"status": {"planned"}, "base": {"4"}}, "", nil), status)
		expect(t, who+" sets a level", level(b, 3, followup.Public), status)
		mustNotContain(t, b.get("/en"+state).Body, `action="/en`+state+`/reports"`)
	}
	expect(t, "the public reports", post(pub, "en", url.Values{"status": {"planned"}, "base": {"4"}}, "", nil), 401)
	if h := w.history(t, "FRA", "fra_editor"); len(h) != 4 || h[0].Level != followup.Private {
		t.Fatalf("after the refusals: %+v", h)
	}

	// From the survey: the State's answer starts a report (partly: a status in progress).
	res = expect(t, "from the survey", sub.get("/en"+state+"?from=norm.f.status"), 200)
	mustContain(t, res.Body, `<option value="planned" selected>`, ">France&#39;s survey answer on norm (f)</textarea>")
	mustContain(t, newSignedIn(t, w.e, w.users["fra_editor"]).get("/en"+state).Body, `href="/en/survey/`+itoa(w.q.ID)+`/states/FRA#q-norm.f.status"`)
}

// TestFollowUpSecretariatThroughPages: the Secretariat marks a paragraph of the adopted
// report, follows an element, corrects a commitment, removes one no State reported on
// and not the other, and changes the scale; what is wrong is refused beside its field
// (422) or above the form (409), what was typed kept; nobody else may.
func TestFollowUpSecretariatThroughPages(t *testing.T) {
	w := newFollowupWorld(t)
	sec := newSignedIn(t, w.e, w.users["secretariat"])
	res := expect(t, "index", sec.get("/en/follow-up"), 200)
	mustContain(t, res.Body, `<option value="`+itoa(w.doc.ID)+`">A/75/816`, `href="/en/follow-up/scale/gm"`, `href="/en/follow-up/follow"`)
	res = expect(t, "paragraphs", sec.get("/en/follow-up/commitments/new?document="+itoa(w.doc.ID)), 200)
	mustContain(t, res.Body, `name="paragraph" value="`+w.paragraph(t, "30")+`"`, "followed as rec.31", `name="body" value="`+itoa(w.gm.ID)+`"`)

	mark := url.Values{"document": {itoa(w.doc.ID)}, "body": {itoa(w.gm.ID)}, "kind": {"recommendation"}, "code": {"rec.30"},
		"paragraph": {"no-such-paragraph"}, "title_fr": {"Enquête sur les efforts nationaux"}, "links": {"ict-security/norm.f"}}
	res = expect(t, "a paragraph not in the report", sec.post("/fr/follow-up/commitments", mark), 422)
	mustContain(t, res.Body, `href="#field-paragraph"`, w.tr("fr", "followup.no_paragraph", nil), `value="Enquête sur les efforts nationaux"`, "rec.30")
	mark.Set("paragraph", w.paragraph(t, "30"))
	mark.Set("code", "rec.31")
	res = expect(t, "a code taken", sec.post("/en/follow-up/commitments", mark), 409)
	mustContain(t, res.Body, w.tr("en", "followup.code_taken", map[string]any{"Code": "rec.31"}), `value="Enquête sur les efforts nationaux"`)
	mark.Set("code", "Rec 30!")
	mark.Set("links", "ict-security/norm.z")
	res = expect(t, "a bad code and link", sec.post("/en/follow-up/commitments", mark), 422)
	mustContain(t, res.Body, `href="#field-code"`, `href="#field-links"`)
	mark.Set("code", "rec.30")
	mark.Set("links", "ict-security/norm.f")
	res = expect(t, "marked", sec.post("/en/follow-up/commitments", mark), 303)
	page := expect(t, "the commitment", sec.get(res.Header.Get("Location")), 200)
	mustContain(t, page.Body, "States, on a voluntary basis, survey their national efforts", "Enquête sur les efforts nationaux",
		`href="/en/documents/`+itoa(w.doc.ID)+`"`, "paragraph 30", `href="/en/frameworks/ict-security#el-norm.f"`, w.tr("en", "followup.flash.marked", nil))
	rec30 := strings.TrimPrefix(res.Header.Get("Location"), "/en")

	// Elements followed.
	f, _ := w.e.Frameworks.ByCode(ctx, w.sec, "ict-security")
	v, _, _ := w.e.Frameworks.Current(ctx, w.sec, f.ID)
	res = expect(t, "elements", sec.get("/en/follow-up/follow?version="+itoa(v.ID)), 200)
	mustContain(t, res.Body, `name="elements" value="cbm.2"`, "Reconstructed")
	follow := url.Values{"framework_version": {itoa(v.ID)}, "body": {itoa(w.gm.ID)}, "kind": {"cbm"}, "elements": {"cbm.1"}}
	expect(t, "followed twice", sec.post("/en/follow-up/follow", follow), 409)
	follow["elements"] = []string{"cbm.99"}
	mustContain(t, expect(t, "an unknown element", sec.post("/en/follow-up/follow", follow), 422).Body, `href="#field-elements"`)
	follow["elements"] = []string{"cbm.2", "cbm.3"}
	expect(t, "followed", sec.post("/en/follow-up/follow", follow), 303)
	mustContain(t, sec.get("/en/follow-up").Body, "cbm.2", "cbm.3", w.tr("en", "followup.flash.followed", nil))

	// Corrected: a title in Arabic; every text removed is refused.
	res = expect(t, "edit", sec.get("/en"+rec30+"/edit"), 200)
	mustContain(t, res.Body, "States, on a voluntary basis", `value="Enquête sur les efforts nationaux"`)
	edit := url.Values{"title_ar": {"استقصاء الجهود الوطنية"}, "text_en": {"States survey their national efforts."}, "links": {"ict-security/norm.f\nict-security/norm.g"}}
	expect(t, "update", sec.post("/en"+rec30, edit), 303)
	mustContain(t, sec.get("/ar"+rec30).Body, "استقصاء الجهود الوطنية", "States survey their national efforts.", "#el-norm.g")
	res = expect(t, "an empty commitment", sec.post("/en"+rec30, url.Values{"links": {"ict-security/norm.f"}}), 422)
	mustContain(t, res.Body, w.tr("en", "followup.text_required", nil))

	// Removed: rec.30 (nobody reported on it), not rec.31.
	res = expect(t, "remove a commitment reported on", sec.post("/en/follow-up/commitments/"+itoa(w.rec.ID)+"/remove", nil), 409)
	mustContain(t, res.Body, w.tr("en", "followup.has_reports", nil))
	expect(t, "remove", sec.post("/en"+rec30+"/remove", nil), 303)
	expect(t, "removed", sec.get("/en"+rec30), 404)

	// The scale: a bad code, a status in use taken out, then a new status.
	res = expect(t, "scale", sec.get("/en/follow-up/scale/gm"), 200)
	mustContain(t, res.Body, `name="statuses.0.code" type="text" value="not_started"`, `name="statuses.5.code"`, `name="statuses.6.code"`)
	scale := url.Values{}
	for i, st := range followup.DefaultScale() {
		n := "statuses." + itoa(int64(i)) + "."
		scale.Set(n+"code", st.Code)
		scale.Set(n+"meaning", string(st.Meaning))
		for l, label := range st.Labels {
			scale.Set(n+"label_"+l, label)
		}
	}
	scale.Set("statuses.5.code", "")
	scale.Set("statuses.5.meaning", "none")
	scale.Set("statuses.6.code", "Partly Done")
	scale.Set("statuses.6.meaning", "progress")
	scale.Set("statuses.6.label_en", "Partly done")
	res = expect(t, "a bad code", sec.post("/en/follow-up/scale/gm", scale), 422)
	mustContain(t, res.Body, `href="#field-statuses.6.code"`, `value="Partly Done"`)
	scale.Set("statuses.6.code", "partly_done")
	scale.Set("statuses.1.remove", "1") // planned, which France's first report uses
	res = expect(t, "a status in use", sec.post("/en/follow-up/scale/gm", scale), 409)
	mustContain(t, res.Body, w.tr("en", "followup.status_in_use", map[string]any{"Code": "planned"}))
	scale.Del("statuses.1.remove")
	expect(t, "scale saved", sec.post("/en/follow-up/scale/gm", scale), 303)
	got, err := w.e.FollowUp.Scale(ctx, w.sec, w.gm.ID)
	if err != nil || len(got) != 6 || got[5].Code != "partly_done" {
		t.Fatalf("the scale: %+v %v", got, err)
	}
	mustContain(t, newSignedIn(t, w.e, w.users["fra_submitter"]).get("/en/follow-up/commitments/"+itoa(w.rec.ID)+"/states/FRA").Body,
		`<option value="partly_done">Partly done</option>`)

	// Nobody else.
	for who, status := range map[string]int{"fra_submitter": 403, "chair": 403, "deu_delegate": 403} {
		b := newSignedIn(t, w.e, w.users[who])
		for _, p := range []string{"/en/follow-up/commitments/new", "/en/follow-up/follow", "/en/follow-up/scale/gm", "/en/follow-up/commitments/" + itoa(w.rec.ID) + "/edit"} {
			expect(t, who+" "+p, b.get(p), status)
		}
		expect(t, who+" marks", b.post("/en/follow-up/commitments", mark), status)
		expect(t, who+" sets the scale", b.post("/en/follow-up/scale/gm", scale), status)
		mustNotContain(t, b.get("/en/follow-up").Body, `href="/en/follow-up/scale/gm"`)
	}
	expect(t, "the public", newBrowser(t, w.e).get("/en/follow-up/commitments/new"), 303)
}
