package api_test

import (
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// adoptedReport is an excerpt of an adopted report: a conclusion, the chapeau, and three
// recommendations with their own numbers.
const adoptedReport = `29. Given the unique attributes of ICTs, States reaffirmed that additional norms could continue to be developed over time.

The OEWG recommends that

30. States, on a voluntary basis, survey their national efforts to implement norms.

31. States should not conduct or knowingly support ICT activity that intentionally damages critical infrastructure.

32. States continue to share their national views on how international law applies.`

// What France reports privately, and what would give it away.
const (
	fraNote     = "Private FRA follow-up: the CI bill is still in committee"
	fraFileName = "fra-ci-bill-annex.pdf"
	reporter    = "Solène Rapporteur" // France's submitter: named to France's team and the Secretariat only
)

// followupWorld is the Global Mechanism with the framework published and an adopted
// report in the registry, and a client of the API for each role: the public, the
// Secretariat (and its read-only token), the Chair, France's editor, reviewer and
// submitter (and the submitter's read-only token), Kenya's submitter and editor,
// Germany's delegate, Japan's Point of Contact and an organization's focal point.
type followupWorld struct {
	e      *testenv.Env
	as     map[string]client
	people map[string]account.User
	gm     int64
	doc    int64
	keys   map[string]string // the paragraph numbered "30" → its key
	fv     int64             // the framework's published version
}

var followupRoles = []string{"public", "secretariat", "secretariat_ro", "chair", "fra_editor", "fra_reviewer", "fra_submitter",
	"fra_submitter_ro", "ken_submitter", "ken_editor", "deu_delegate", "jpn_poc", "focal_point"}

// The roles that read what a level lets read of France's reports.
var (
	fraTeam      = []string{"fra_editor", "fra_reviewer", "fra_submitter", "fra_submitter_ro"}
	secretariat  = []string{"secretariat", "secretariat_ro"}
	statesPeople = slices.Concat(fraTeam, secretariat, []string{"ken_submitter", "ken_editor", "deu_delegate", "jpn_poc"})
)

// longToken is a token for a year: the timeline's test moves the clock by months.
func longToken(t *testing.T, e *testenv.Env, u account.User, scopes ...plenary.Scope) string {
	t.Helper()
	secret, _, err := e.Accounts.CreateToken(ctx, e.Actor(t, u), account.TokenInput{Name: "test", Scopes: scopes, Days: 365})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

func newFollowupWorld(t *testing.T) *followupWorld {
	t.Helper()
	e := testenv.New(t)
	w := &followupWorld{e: e, as: map[string]client{"public": {t: t, e: e}}, people: map[string]account.User{}, keys: map[string]string{}}
	sys := plenary.System("test")
	gm, err := e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York", Names: plenary.Localized{"en": "Global Mechanism on ICT security"}})
	if err != nil {
		t.Fatal(err)
	}
	org, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "KEN", Names: plenary.Localized{"en": "Nairobi Forum"}})
	if err != nil {
		t.Fatal(err)
	}
	grants := map[string]plenary.Grant{
		"secretariat":   {Role: plenary.RoleSecretariat},
		"chair":         {Role: plenary.RoleChair},
		"fra_editor":    {Role: plenary.RoleTeamEditor, State: "FRA"},
		"fra_reviewer":  {Role: plenary.RoleTeamReviewer, State: "FRA"},
		"fra_submitter": {Role: plenary.RoleTeamSubmitter, State: "FRA"},
		"ken_submitter": {Role: plenary.RoleTeamSubmitter, State: "KEN"},
		"ken_editor":    {Role: plenary.RoleTeamEditor, State: "KEN"},
		"deu_delegate":  {Role: plenary.RoleDelegate, State: "DEU"},
		"jpn_poc":       {Role: plenary.RolePointOfContact, State: "JPN"},
		"focal_point":   {Role: plenary.RoleFocalPoint, OrganizationID: org.ID},
	}
	for _, who := range followupRoles[1:] {
		if strings.HasSuffix(who, "_ro") {
			continue
		}
		name := strings.ReplaceAll(who, "_", " ")
		if who == "fra_submitter" {
			name = reporter
		}
		u := e.CreateUser(t, who+"@example.org", name, grants[who])
		w.people[who] = u
		w.as[who] = client{t: t, e: e, token: longToken(t, e, u, plenary.ScopeRead, plenary.ScopeWrite)}
	}
	for _, who := range []string{"secretariat", "fra_submitter"} {
		w.as[who+"_ro"] = client{t: t, e: e, token: longToken(t, e, w.people[who], plenary.ScopeRead)}
	}
	sec := e.Actor(t, w.people["secretariat"])
	f, err := e.Frameworks.Create(ctx, sec, framework.Input{Code: "ict-security", Names: plenary.Localized{"en": "Framework of responsible State behaviour"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.Frameworks.StartDraft(ctx, sec, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(frameworkFile)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, err := e.Frameworks.Import(ctx, sec, v.ID, file); err != nil {
		t.Fatal(err)
	}
	if v, err = e.Frameworks.Publish(ctx, sec, v.ID, ""); err != nil {
		t.Fatal(err)
	}
	w.fv, w.gm = v.ID, gm.ID
	d, err := e.Documents.Register(ctx, sec, document.Input{BodyID: gm.ID, Symbol: "A/75/816", Kind: document.KindReport,
		Status: document.StatusFinal, Access: document.AccessPublic, OriginalLanguage: "en", Title: "Final report"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.SetText(ctx, sec, d.ID, document.TextInput{Language: "en", Title: "Final report", Body: adoptedReport}); err != nil {
		t.Fatal(err)
	}
	if d, err = e.Documents.Publish(ctx, sec, d.ID, e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	w.doc = d.ID
	_, ps, err := e.Documents.Paragraphs(ctx, sec, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if n, _, ok := strings.Cut(p.Text, ". "); ok && len(n) == 2 {
			w.keys[n] = p.Key
		}
	}
	return w
}

type commitmentJSON struct {
	ID     int64             `json:"id"`
	Body   string            `json:"body"`
	Code   string            `json:"code"`
	Kind   string            `json:"kind"`
	Titles map[string]string `json:"titles"`
	Texts  map[string]string `json:"texts"`
	Source struct {
		DocumentID int64  `json:"document_id"`
		Symbol     string `json:"symbol"`
		Paragraph  string `json:"paragraph"`
		Element    string `json:"element"`
		Mark       string `json:"mark"`
	} `json:"source"`
	Links []struct{ Framework, Element string } `json:"links"`
}

// mark has the Secretariat mark the paragraph numbered n as rec.n.
func (w *followupWorld) mark(t *testing.T, n string, extra map[string]any) commitmentJSON {
	t.Helper()
	in := map[string]any{"document_id": w.doc, "paragraph": w.keys[n], "kind": "recommendation", "code": "rec." + n}
	for k, v := range extra {
		in[k] = v
	}
	var c commitmentJSON
	w.as["secretariat"].must(http.MethodPost, "/bodies/gm/commitments", in, 201).json(t, &c)
	return c
}

type reportJSON struct {
	ID             int64  `json:"id"`
	State          string `json:"state"`
	Number         int    `json:"number"`
	Status         string `json:"status"`
	Note           string `json:"note"`
	NoteLanguage   string `json:"note_language"`
	Level          string `json:"level"`
	ReportedBy     int64  `json:"reported_by"`
	ReportedByName string `json:"reported_by_name"`
	Withheld       bool   `json:"withheld"`
	Evidence       *struct {
		URL        string `json:"url"`
		DocumentID int64  `json:"document_id"`
		File       *struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
			Href string `json:"href"`
		} `json:"file"`
	} `json:"evidence"`
}

// report has who report for state on commitment c, and fails the test on a refusal.
func (w *followupWorld) report(t *testing.T, who string, c int64, state string, in map[string]any) reportJSON {
	t.Helper()
	var r reportJSON
	w.as[who].must(http.MethodPost, fmt.Sprintf("/commitments/%d/states/%s/reports", c, state), in, 201).json(t, &r)
	return r
}

// history is a State's reports on c as who reads them.
func (w *followupWorld) history(t *testing.T, who string, c int64, state string) []reportJSON {
	t.Helper()
	var page struct{ Items []reportJSON }
	w.as[who].must(http.MethodGet, fmt.Sprintf("/commitments/%d/states/%s/reports", c, state), nil, 200).json(t, &page)
	return page.Items
}

func problemAt(t *testing.T, r reply, status int, location, code string) {
	t.Helper()
	var p problem
	r.json(t, &p)
	if r.Status != status || !hasProblem(p, location, code, "") {
		t.Errorf("want %d with %s at %s: %d %s", status, code, location, r.Status, r.Body)
	}
}

// TestFollowupCommitmentsAPI: the Secretariat marks paragraphs of the adopted report and
// follows framework elements; everyone lists them, page by page; bad input is refused
// naming its field (in the reader's language) and saves nothing; nobody else may change
// them; one reported on stays. The scale is the body's, set by the Secretariat, and a
// status in use stays.
func TestFollowupCommitmentsAPI(t *testing.T) {
	w := newFollowupWorld(t)
	sec := w.as["secretariat"]
	secFR := sec
	secFR.lang = "fr"

	c30 := w.mark(t, "30", map[string]any{"links": []map[string]string{{"framework": "ict-security", "element": "norm.c"}}})
	if c30.Code != "rec.30" || c30.Body != "gm" || c30.Kind != "recommendation" || c30.Source.Paragraph != "30" || c30.Source.Symbol != "A/75/816" ||
		c30.Source.DocumentID != w.doc || !strings.HasPrefix(c30.Texts["en"], "States, on a voluntary basis") || len(c30.Texts) != 1 ||
		len(c30.Links) != 1 || c30.Links[0].Element != "norm.c" {
		t.Errorf("rec.30: %+v", c30)
	}
	c31 := w.mark(t, "31", map[string]any{"titles": map[string]string{"en": "Critical infrastructure", "fr": "Infrastructures critiques"},
		"texts": map[string]string{"fr": "Les États ne devraient pas mener…"}})
	if c31.Titles["fr"] != "Infrastructures critiques" || c31.Texts["fr"] != "Les États ne devraient pas mener…" || !strings.HasPrefix(c31.Texts["en"], "States should not") {
		t.Errorf("rec.31: %+v", c31)
	}

	// Bad input, each on its field; nothing is saved.
	good := map[string]any{"document_id": w.doc, "paragraph": w.keys["32"], "kind": "recommendation", "code": "rec.32"}
	with := func(k string, v any) map[string]any {
		out := map[string]any{}
		for key, val := range good {
			out[key] = val
		}
		out[k] = v
		return out
	}
	for _, tc := range []struct {
		name           string
		in             map[string]any
		status         int
		location, code string
	}{
		{"an unknown paragraph", with("paragraph", "999"), 422, "body.paragraph", "followup.no_paragraph"},
		{"a document of no paragraph", with("document_id", 999999), 422, "body.document_id", "field.choice"},
		{"a bad code", with("code", "Rec 32!"), 422, "body.code", "followup.code_format"},
		{"a bad kind", with("kind", "norm"), 422, "body.kind", "field.choice"},
		{"an unknown element", with("links", []map[string]string{{"framework": "ict-security", "element": "norm.z"}}), 422, "body.links", "followup.no_element"},
		{"a title too long", with("titles", map[string]string{"fr": strings.Repeat("t", 501)}), 422, "body.titles.fr", "field.too_long"},
	} {
		problemAt(t, secFR.call(http.MethodPost, "/bodies/gm/commitments", tc.in), tc.status, tc.location, tc.code)
	}
	var p problem
	r := secFR.call(http.MethodPost, "/bodies/gm/commitments", with("code", "rec.30"))
	r.json(t, &p)
	if r.Status != 409 || p.Code != "followup.code_taken" || !strings.Contains(p.Detail, "rec.30") || !strings.Contains(p.Detail, "code") {
		t.Errorf("a code taken: %d %s", r.Status, r.Body)
	}
	if r := sec.call(http.MethodPost, "/bodies/xx/commitments", good); r.Status != 404 {
		t.Errorf("an unknown body: %d", r.Status)
	}

	// From the framework: the CBMs, reconstructed and marked so.
	var cbms struct{ Items []commitmentJSON }
	sec.must(http.MethodPost, "/bodies/gm/commitments/from-framework", map[string]any{"framework_version_id": w.fv, "kind": "cbm",
		"elements": []string{"cbm.1", "cbm.2", "cbm.3"}}, 201).json(t, &cbms)
	if len(cbms.Items) != 3 || cbms.Items[0].Code != "cbm.1" || cbms.Items[0].Source.Mark != "reconstructed" || cbms.Items[0].Source.Element != "cbm.1" {
		t.Fatalf("follow the CBMs: %+v", cbms)
	}
	follow := func(in map[string]any) reply {
		return secFR.call(http.MethodPost, "/bodies/gm/commitments/from-framework", in)
	}
	if r := follow(map[string]any{"framework_version_id": w.fv, "kind": "cbm", "elements": []string{"cbm.2"}}); r.Status != 409 {
		t.Errorf("followed twice: %d %s", r.Status, r.Body)
	}
	problemAt(t, follow(map[string]any{"framework_version_id": w.fv, "kind": "cbm", "elements": []string{"cbm.99"}}), 422, "body.elements", "followup.no_element")
	problemAt(t, follow(map[string]any{"framework_version_id": 999999, "kind": "cbm", "elements": []string{"cbm.4"}}), 422, "body.framework_version_id", "followup.framework_version")
	problemAt(t, follow(map[string]any{"framework_version_id": w.fv, "kind": "cbm", "elements": []string{}}), 422, "body.elements", "followup.elements_count")

	// Nobody else changes commitments.
	for who, want := range map[string]int{"public": 401, "secretariat_ro": 403, "chair": 403, "fra_submitter": 403, "deu_delegate": 403,
		"jpn_poc": 403, "focal_point": 403} {
		for _, op := range []struct {
			method, path string
			body         any
		}{
			{http.MethodPost, "/bodies/gm/commitments", good},
			{http.MethodPost, "/bodies/gm/commitments/from-framework", map[string]any{"framework_version_id": w.fv, "kind": "cbm", "elements": []string{"cbm.5"}}},
			{http.MethodPut, fmt.Sprintf("/commitments/%d", c31.ID), map[string]any{"titles": map[string]string{"en": "X"}}},
			{http.MethodDelete, fmt.Sprintf("/commitments/%d", cbms.Items[2].ID), nil},
			{http.MethodPut, "/bodies/gm/followup-scale", map[string]any{"statuses": []map[string]any{{"code": "done", "meaning": "done", "labels": map[string]string{"en": "Done"}}}}},
		} {
			if r := w.as[who].call(op.method, op.path, op.body); r.Status != want {
				t.Errorf("%s: %s %s: %d, want %d", who, op.method, op.path, r.Status, want)
			}
		}
	}

	// Everyone lists them, in their order, page by page; nothing refused was saved.
	var codes []string
	path := "/bodies/gm/commitments?limit=2"
	for pages := 0; path != ""; pages++ {
		r := w.as["public"].must(http.MethodGet, path, nil, 200)
		var page struct {
			Items      []commitmentJSON
			NextCursor string `json:"next_cursor"`
		}
		r.json(t, &page)
		for _, c := range page.Items {
			codes = append(codes, c.Code)
		}
		path = ""
		if page.NextCursor != "" {
			if !strings.Contains(r.Header.Get("Link"), `rel="next"`) {
				t.Errorf("no Link header: %v", r.Header)
			}
			path = "/bodies/gm/commitments?limit=2&cursor=" + page.NextCursor
		}
		if pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	if !slices.Equal(codes, []string{"rec.30", "rec.31", "cbm.1", "cbm.2", "cbm.3"}) {
		t.Errorf("the commitments: %v", codes)
	}
	problemAt(t, w.as["public"].call(http.MethodGet, "/bodies/gm/commitments?cursor=%21%21", nil), 422, "query.cursor", "field.cursor")
	var one commitmentJSON
	w.as["public"].must(http.MethodGet, fmt.Sprintf("/commitments/%d", c31.ID), nil, 200).json(t, &one)
	if one.Code != "rec.31" || one.Body != "gm" {
		t.Errorf("get rec.31: %+v", one)
	}
	w.as["public"].must(http.MethodGet, "/commitments/999999", nil, 404)

	// Corrections: each text replaces what was there.
	one = commitmentJSON{}
	sec.must(http.MethodPut, fmt.Sprintf("/commitments/%d", c31.ID), map[string]any{"titles": map[string]string{"en": "Protect critical infrastructure"},
		"texts": c31.Texts, "links": []map[string]string{{"framework": "ict-security", "element": "norm.f"}}}, 200).json(t, &one)
	if one.Titles["fr"] != "" || one.Titles["en"] != "Protect critical infrastructure" || len(one.Links) != 1 || one.Code != "rec.31" {
		t.Errorf("updated: %+v", one)
	}
	problemAt(t, secFR.call(http.MethodPut, fmt.Sprintf("/commitments/%d", c31.ID), map[string]any{}), 422, "body.texts", "followup.text_required")
	problemAt(t, secFR.call(http.MethodPut, fmt.Sprintf("/commitments/%d", c31.ID), map[string]any{"texts": map[string]string{"en": "T"},
		"links": []map[string]string{{"framework": "nope", "element": "norm.f"}}}), 422, "body.links", "followup.no_element")
	sec.must(http.MethodPut, "/commitments/999999", map[string]any{"texts": map[string]string{"en": "T"}}, 404)

	// The scale: the default one, until the Secretariat sets another.
	type scaleJSON struct {
		Body     string `json:"body"`
		Statuses []struct {
			Code    string            `json:"code"`
			Meaning string            `json:"meaning"`
			Labels  map[string]string `json:"labels"`
		} `json:"statuses"`
	}
	var scale scaleJSON
	w.as["public"].must(http.MethodGet, "/bodies/gm/followup-scale", nil, 200).json(t, &scale)
	if scale.Body != "gm" || len(scale.Statuses) != 5 || scale.Statuses[0].Code != "not_started" || scale.Statuses[0].Labels["ar"] == "" {
		t.Fatalf("the default scale: %+v", scale)
	}
	setScale := func(statuses ...map[string]any) reply {
		return secFR.call(http.MethodPut, "/bodies/gm/followup-scale", map[string]any{"statuses": statuses})
	}
	st := func(code, meaning string, labels map[string]string) map[string]any {
		return map[string]any{"code": code, "meaning": meaning, "labels": labels}
	}
	en := func(s string) map[string]string { return map[string]string{"en": s} }
	problemAt(t, setScale(st("planned", "progress", en("Planned")), st("planned", "done", en("Done"))), 422, "body.statuses[1].code", "followup.status_duplicate")
	problemAt(t, setScale(st("planned", "progress", map[string]string{"fr": strings.Repeat("p", 101)})), 422, "body.statuses[0].labels.fr", "field.too_long")
	problemAt(t, setScale(st("planned", "progress", map[string]string{})), 422, "body.statuses[0].labels", "followup.label_required")
	problemAt(t, setScale(st("Planned!", "progress", en("Planned"))), 422, "body.statuses[0].code", "followup.status_code")
	problemAt(t, setScale(st("planned", "soon", en("Planned"))), 422, "body.statuses[0].meaning", "field.choice")
	problemAt(t, setScale(), 422, "body.statuses", "followup.scale_size")

	// A report uses "planned": the commitment and the status stay.
	w.report(t, "fra_submitter", c30.ID, "FRA", map[string]any{"status": "planned"})
	r = secFR.call(http.MethodPut, "/bodies/gm/followup-scale", map[string]any{"statuses": []map[string]any{st("done", "done", en("Done"))}})
	r.json(t, &p)
	if r.Status != 409 || p.Code != "followup.status_in_use" || !strings.Contains(p.Detail, "planned") {
		t.Errorf("a status in use removed: %d %s", r.Status, r.Body)
	}
	sec.must(http.MethodPut, "/bodies/gm/followup-scale", map[string]any{"statuses": []map[string]any{st("planned", "progress", en("Planned")),
		st("partly", "progress", map[string]string{"en": "Partly", "fr": "En partie"}), st("done", "done", en("Done"))}}, 200).json(t, &scale)
	if len(scale.Statuses) != 3 || scale.Statuses[1].Labels["fr"] != "En partie" {
		t.Errorf("the new scale: %+v", scale)
	}
	w.as["public"].must(http.MethodGet, "/bodies/gm/followup-scale", nil, 200).json(t, &scale)
	if len(scale.Statuses) != 3 {
		t.Errorf("the scale read back: %+v", scale)
	}
	w.as["public"].must(http.MethodGet, "/bodies/xx/followup-scale", nil, 404)
	r = secFR.call(http.MethodDelete, fmt.Sprintf("/commitments/%d", c30.ID), nil)
	r.json(t, &p)
	if r.Status != 409 || p.Code != "followup.has_reports" {
		t.Errorf("a commitment reported on removed: %d %s", r.Status, r.Body)
	}
	sec.must(http.MethodDelete, fmt.Sprintf("/commitments/%d", cbms.Items[2].ID), nil, 204)
	w.as["public"].must(http.MethodGet, fmt.Sprintf("/commitments/%d", cbms.Items[2].ID), nil, 404)
}

// readsAll reads every follow-up operation's GET about France on commitment c as who, and
// returns what it read, to be searched.
func (w *followupWorld) readsAll(t *testing.T, who string, c int64) string {
	t.Helper()
	var b strings.Builder
	for _, p := range []string{"/bodies/gm/commitments", fmt.Sprintf("/commitments/%d", c), fmt.Sprintf("/commitments/%d/states", c),
		fmt.Sprintf("/commitments/%d/states/FRA/reports", c), fmt.Sprintf("/commitments/%d/states/FRA/survey-answers", c),
		fmt.Sprintf("/commitments/%d/progress", c), fmt.Sprintf("/commitments/%d/timeline", c), "/states/FRA/commitments",
		"/states/FRA/commitments?body=gm", "/bodies/gm/followup-export", "/bodies/gm/followup-scale"} {
		r := w.as[who].call(http.MethodGet, p, nil)
		if r.Status != 200 {
			t.Errorf("%s reads %s: %d %s", who, p, r.Status, r.Body)
		}
		b.WriteString(p + " " + string(r.Body) + "\n")
	}
	return b.String()
}

// TestFollowupReportsAPI: France's submitter reports, with evidence (its editor and
// reviewer read and may not report; nobody else may, nor learn that France's team
// exists); each bad input is refused naming its field and saves nothing; a report on a
// stale view is refused with the report made meanwhile. At each level in turn every role
// reads every operation and only those who may find France's note and evidence; who
// reported is named to France's team and the Secretariat only, at every level; the
// Secretariat knows of a private report only that it exists; the bulk export holds public
// reports only, whoever asks.
func TestFollowupReportsAPI(t *testing.T) {
	w := newFollowupWorld(t)
	c := w.mark(t, "31", nil)
	reports := fmt.Sprintf("/commitments/%d/states/FRA/reports", c.ID)
	sub := w.as["fra_submitter"]
	subFR := sub
	subFR.lang = "fr"

	first := w.report(t, "fra_submitter", c.ID, "fra", map[string]any{"status": "planned", "note": fraNote, "note_language": "en",
		"evidence_url": "https://www.sgdsn.gouv.fr/", "evidence_document_id": w.doc,
		"evidence_file": map[string]any{"name": fraFileName, "content": evidencePDF}})
	if first.Number != 1 || first.State != "FRA" || first.Level != "private" || first.ReportedBy != w.people["fra_submitter"].ID ||
		first.ReportedByName != reporter || first.Evidence == nil || first.Evidence.URL != "https://www.sgdsn.gouv.fr/" ||
		first.Evidence.DocumentID != w.doc || first.Evidence.File == nil || first.Evidence.File.Name != fraFileName {
		t.Fatalf("first report: %+v", first)
	}
	evidence := strings.TrimPrefix(first.Evidence.File.Href, "/api/v1")

	// Bad input: refused on its field, in French; nothing saved.
	closed, err := w.e.Documents.Register(ctx, w.e.Actor(t, w.people["secretariat"]), document.Input{BodyID: w.gm, Symbol: "A/AC.292/2026/INF/9",
		Kind: document.KindInformationNote, Status: document.StatusFinal, Access: document.AccessClosed, OriginalLanguage: "en", Title: "Closed"})
	if err != nil {
		t.Fatal(err)
	}
	base := map[string]any{"status": "under_way", "base": 1}
	with := func(kv ...any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}
	for _, tc := range []struct {
		name           string
		in             map[string]any
		location, code string
	}{
		{"a status outside the scale", with("status", "finished"), "body.status", "followup.status_unknown"},
		{"no status", with("status", " "), "body.status", "field.required"},
		{"a bad URL", with("evidence_url", "ftp://example.org/x"), "body.evidence_url", "field.url"},
		{"a URL too long", with("evidence_url", "https://example.org/"+strings.Repeat("x", 2000)), "body.evidence_url", "field.too_long"},
		{"a bad language", with("note", "Note", "note_language", "de"), "body.note_language", "field.choice"},
		{"a note without its language", with("note", "Note"), "body.note_language", "field.choice"},
		{"a note too long", with("note", strings.Repeat("n", 2001), "note_language", "fr"), "body.note", "field.too_long"},
		{"a renamed executable", with("evidence_file", map[string]any{"name": "a.pdf", "content": []byte("MZ\x90\x00program")}), "body.evidence_file", "field.file_types"},
		{"a document the reporter cannot read", with("evidence_document_id", closed.ID), "body.evidence_document_id", "followup.evidence_document"},
		{"a bad level", with("level", "everyone"), "body.level", "field.choice"},
	} {
		r := subFR.call(http.MethodPost, reports, tc.in)
		var p problem
		r.json(t, &p)
		if r.Status != 422 || !slices.ContainsFunc(p.Errors, func(f struct{ Location, Code, Message string }) bool {
			return f.Location == tc.location && f.Code == tc.code && f.Message != f.Code
		}) {
			t.Errorf("%s: want 422 with %s at %s: %d %s", tc.name, tc.code, tc.location, r.Status, r.Body)
		}
	}
	sub.must(http.MethodPost, "/commitments/999999/states/FRA/reports", base, 404)
	// A stale view: the report made meanwhile comes back, nothing is saved.
	r := subFR.call(http.MethodPost, reports, map[string]any{"status": "under_way", "note": "Second", "note_language": "fr"})
	var stale struct {
		problem
		Current *reportJSON `json:"current"`
	}
	r.json(t, &stale)
	if r.Status != 409 || stale.Code != "followup.stale" || stale.Current == nil || stale.Current.Number != 1 || stale.Current.Note != fraNote ||
		stale.Current.ReportedByName != reporter || !strings.Contains(stale.Detail, "1") || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("a stale report: %d %s", r.Status, r.Body)
	}
	if h := w.history(t, "fra_reviewer", c.ID, "FRA"); len(h) != 1 || h[0].Note != fraNote {
		t.Fatalf("refused reports saved something: %+v", h)
	}

	// Who may report for France, and set a report's level.
	level := fmt.Sprintf("/followup-reports/%d/level", first.ID)
	for who, want := range map[string]int{"public": 401, "fra_editor": 403, "fra_reviewer": 403, "fra_submitter_ro": 403, "secretariat_ro": 403,
		"secretariat": 404, "chair": 404, "ken_submitter": 404, "deu_delegate": 404, "jpn_poc": 404, "focal_point": 404} {
		if r := w.as[who].call(http.MethodPost, reports, base); r.Status != want {
			t.Errorf("%s reports for France: %d, want %d", who, r.Status, want)
		}
		if r := w.as[who].call(http.MethodPut, level, map[string]any{"level": "public"}); r.Status != want {
			t.Errorf("%s publishes France's report: %d, want %d", who, r.Status, want)
		}
	}
	problemAt(t, subFR.call(http.MethodPut, level, map[string]any{"level": "world"}), 422, "body.level", "field.choice")
	sub.must(http.MethodPut, "/followup-reports/999999/level", map[string]any{"level": "public"}, 404)
	if h := w.history(t, "fra_editor", c.ID, "FRA"); len(h) != 1 || h[0].Level != "private" {
		t.Fatalf("refused changes saved something: %+v", h)
	}

	// Kenya reports publicly, then privately: the public keeps reading the public report.
	const kenPublic, kenPrivate = "Kenyan public follow-up: national CI list adopted", "Kenyan private follow-up: second review pending"
	k1 := w.report(t, "ken_submitter", c.ID, "KEN", map[string]any{"status": "implemented", "note": kenPublic, "note_language": "en", "level": "public"})
	w.report(t, "ken_submitter", c.ID, "KEN", map[string]any{"status": "under_way", "note": kenPrivate, "note_language": "en", "base": k1.Number})

	reporterID := fmt.Sprintf(`"reported_by":%d,`, w.people["fra_submitter"].ID)
	for _, step := range []struct {
		level   string
		readers []string
	}{
		{"private", fraTeam},
		{"states", statesPeople},
		{"public", followupRoles},
		{"private", fraTeam},
	} {
		var set reportJSON
		sub.must(http.MethodPut, level, map[string]any{"level": step.level}, 200).json(t, &set)
		if set.Level != step.level || set.Note != fraNote || set.ReportedByName != reporter {
			t.Errorf("level %s: %+v", step.level, set)
		}
		for _, who := range followupRoles {
			read := w.readsAll(t, who, c.ID)
			may := slices.Contains(step.readers, who)
			if got := strings.Contains(read, fraNote); got != may {
				t.Errorf("at level %s, %s reads France's note: %v", step.level, who, got)
			}
			if got := strings.Contains(read, fraFileName); got != may {
				t.Errorf("at level %s, %s reads the evidence's name: %v", step.level, who, got)
			}
			// Who reported: France's team and the Secretariat, at every level.
			named := slices.Contains(fraTeam, who) || slices.Contains(secretariat, who)
			if got := strings.Contains(read, reporter); got != named {
				t.Errorf("at level %s, %s reads the reporter's name: %v", step.level, who, got)
			}
			if got := strings.Contains(read, reporterID); got != named {
				t.Errorf("at level %s, %s reads the reporter's account: %v", step.level, who, got)
			}
			r := w.as[who].call(http.MethodGet, evidence, nil)
			if (r.Status == 200) != may || (may && (r.Header.Get("Content-Type") != "application/pdf" || string(r.Body) != string(evidencePDF) ||
				!strings.Contains(r.Header.Get("Content-Disposition"), fraFileName))) {
				t.Errorf("at level %s, %s downloads the evidence: %d %v", step.level, who, r.Status, r.Header)
			}
			if !may && r.Status != 404 && r.Status != 401 {
				t.Errorf("at level %s, %s is refused the evidence with %d", step.level, who, r.Status)
			}
			// Kenya's public report for everyone, its private one for its team.
			if !strings.Contains(read, kenPublic) {
				t.Errorf("%s does not read Kenya's public report", who)
			}
			if got := strings.Contains(read, kenPrivate); got != (who == "ken_submitter" || who == "ken_editor") {
				t.Errorf("%s reads Kenya's private report: %v", who, got)
			}

			// The bulk export: public reports only, without who reported, whoever asks.
			export := string(w.as[who].must(http.MethodGet, "/bodies/gm/followup-export", nil, 200).Body)
			if got := strings.Contains(export, fraNote); got != (step.level == "public") {
				t.Errorf("at level %s, %s's export holds France's note: %v", step.level, who, got)
			}
			if strings.Contains(export, kenPrivate) || !strings.Contains(export, kenPublic) || strings.Contains(export, "reported_by") ||
				strings.Contains(export, `"withheld":true`) || strings.Contains(export, `"level":"states"`) || strings.Contains(export, `"level":"private"`) {
				t.Errorf("at level %s, %s's export: %s", step.level, who, export)
			}
		}
		// The Secretariat knows of the private report that it exists, and when.
		if step.level == "private" {
			h := w.history(t, "secretariat", c.ID, "FRA")
			if len(h) != 1 || !h[0].Withheld || h[0].Status != "" || h[0].Note != "" || h[0].Evidence != nil || h[0].ReportedByName != reporter {
				t.Errorf("the Secretariat's history of a private report: %+v", h)
			}
			if h := w.history(t, "deu_delegate", c.ID, "FRA"); len(h) != 0 {
				t.Errorf("a delegate's history of a private report: %+v", h)
			}
		}
	}
	var export struct {
		Body        string   `json:"body"`
		Levels      []string `json:"levels"`
		Commitments []struct {
			Code    string       `json:"code"`
			Reports []reportJSON `json:"reports"`
		} `json:"commitments"`
	}
	w.as["secretariat"].must(http.MethodGet, "/bodies/gm/followup-export", nil, 200).json(t, &export)
	if export.Body != "gm" || !slices.Equal(export.Levels, []string{"public"}) || len(export.Commitments) != 1 || len(export.Commitments[0].Reports) != 1 ||
		export.Commitments[0].Reports[0].State != "KEN" || export.Commitments[0].Reports[0].Status != "implemented" {
		t.Errorf("the export: %+v", export)
	}
	w.as["public"].must(http.MethodGet, "/bodies/xx/followup-export", nil, 404)

	// The next report names the one it follows.
	second := w.report(t, "fra_submitter", c.ID, "FRA", map[string]any{"status": "implemented", "base": 1, "level": "public"})
	if second.Number != 2 || second.Level != "public" || second.Evidence != nil {
		t.Errorf("second report: %+v", second)
	}
	if h := w.history(t, "public", c.ID, "FRA"); len(h) != 1 || h[0].Number != 2 || h[0].ReportedBy != 0 {
		t.Errorf("the public's history: %+v", h)
	}
	if h := w.history(t, "fra_reviewer", c.ID, "FRA"); len(h) != 2 || h[0].Number != 2 || h[1].Note != fraNote {
		t.Errorf("the team's history: %+v", h)
	}
	w.as["public"].must(http.MethodGet, fmt.Sprintf("/commitments/%d/states/XXX/reports", c.ID), nil, 404)
	w.as["public"].must(http.MethodGet, "/commitments/999999/states/FRA/reports", nil, 404)
	w.as["public"].must(http.MethodGet, "/followup-evidence/999999", nil, 404)
	w.as["deu_delegate"].must(http.MethodGet, "/followup-evidence/999999", nil, 404)
}

type tallyJSON struct {
	Group    string         `json:"group"`
	States   int            `json:"states"`
	Counts   map[string]int `json:"counts"`
	Reported int            `json:"reported"`
	Withheld int            `json:"withheld"`
	NoReport int            `json:"no_report"`
}

// TestFollowupProgressAPI: States report at several levels over two months; the progress
// by status and regional group, the timeline, the standings and a State's commitments
// count what each reader may read, "no report" apart from "not started".
func TestFollowupProgressAPI(t *testing.T) {
	w := newFollowupWorld(t)
	c := w.mark(t, "30", nil)
	other := w.mark(t, "32", nil)
	w.report(t, "fra_submitter", c.ID, "FRA", map[string]any{"status": "not_started", "level": "public"})
	w.report(t, "ken_submitter", c.ID, "KEN", map[string]any{"status": "implemented", "level": "states"})
	w.e.Clock.Advance(40 * 24 * time.Hour) // to April
	w.report(t, "fra_submitter", c.ID, "FRA", map[string]any{"status": "under_way", "level": "public", "base": 1})
	w.report(t, "fra_submitter", other.ID, "FRA", map[string]any{"status": "planned"})

	progress := func(who string) (p struct {
		Code     string      `json:"code"`
		Levels   []string    `json:"levels"`
		Statuses []struct{}  `json:"statuses"`
		Total    tallyJSON   `json:"total"`
		Groups   []tallyJSON `json:"groups"`
	}) {
		t.Helper()
		w.as[who].must(http.MethodGet, fmt.Sprintf("/commitments/%d/progress", c.ID), nil, 200).json(t, &p)
		return p
	}
	p := progress("public")
	if p.Code != "rec.30" || len(p.Statuses) != 5 || p.Total.States != 195 || p.Total.Reported != 1 || p.Total.Counts["under_way"] != 1 ||
		p.Total.Counts["not_started"] != 0 || p.Total.NoReport != 194 || p.Total.Withheld != 0 || len(p.Total.Counts) != 5 || !slices.Equal(p.Levels, []string{"public"}) {
		t.Errorf("the public's progress: %+v", p.Total)
	}
	groups := map[string]tallyJSON{}
	for _, g := range p.Groups {
		groups[g.Group] = g
	}
	if groups["WEOG"].Counts["under_way"] != 1 || groups["African"].Reported != 0 || groups["African"].NoReport != groups["African"].States {
		t.Errorf("the public's progress by group: %+v", p.Groups)
	}
	p = progress("deu_delegate")
	if p.Total.Reported != 2 || p.Total.Counts["implemented"] != 1 || p.Total.NoReport != 193 || !slices.Equal(p.Levels, []string{"states", "public"}) {
		t.Errorf("a delegate's progress: %+v", p.Total)
	}
	for _, g := range p.Groups {
		if g.Group == "African" && g.Counts["implemented"] != 1 {
			t.Errorf("a delegate's African group: %+v", g)
		}
	}
	// France's private report on the other commitment: its team counts it, the
	// Secretariat counts it apart, others not at all.
	count := func(who string) tallyJSON {
		var p struct{ Total tallyJSON }
		w.as[who].must(http.MethodGet, fmt.Sprintf("/commitments/%d/progress", other.ID), nil, 200).json(t, &p)
		return p.Total
	}
	if tl := count("fra_editor"); tl.Counts["planned"] != 1 || tl.NoReport != 194 {
		t.Errorf("the team's count: %+v", tl)
	}
	if tl := count("secretariat"); tl.Reported != 0 || tl.Withheld != 1 || tl.NoReport != 194 {
		t.Errorf("the Secretariat's count: %+v", tl)
	}
	if tl := count("ken_submitter"); tl.Reported != 0 || tl.Withheld != 0 || tl.NoReport != 195 {
		t.Errorf("another State's count: %+v", tl)
	}
	w.as["public"].must(http.MethodGet, "/commitments/999999/progress", nil, 404)

	// Month by month.
	type timeline struct {
		Points []struct {
			Month string `json:"month"`
			tallyJSON
		} `json:"points"`
	}
	var tl timeline
	w.as["public"].must(http.MethodGet, fmt.Sprintf("/commitments/%d/timeline?from=2026-03-01&to=2026-04-30", c.ID), nil, 200).json(t, &tl)
	if len(tl.Points) != 2 || tl.Points[0].Month != "2026-03" || tl.Points[0].Counts["not_started"] != 1 || tl.Points[0].NoReport != 194 ||
		tl.Points[1].Month != "2026-04" || tl.Points[1].Counts["under_way"] != 1 || tl.Points[1].Counts["not_started"] != 0 {
		t.Errorf("the public's timeline: %+v", tl)
	}
	w.as["deu_delegate"].must(http.MethodGet, fmt.Sprintf("/commitments/%d/timeline?from=2026-03-15", c.ID), nil, 200).json(t, &tl)
	if len(tl.Points) != 2 || tl.Points[0].Reported != 2 || tl.Points[0].Counts["implemented"] != 1 {
		t.Errorf("a delegate's timeline: %+v", tl)
	}
	w.as["public"].must(http.MethodGet, fmt.Sprintf("/commitments/%d/timeline", c.ID), nil, 200).json(t, &tl)
	if len(tl.Points) != 12 || tl.Points[11].Month != "2026-04" || tl.Points[0].Month != "2025-05" {
		t.Errorf("the default timeline: %d points %+v", len(tl.Points), tl.Points)
	}
	w.as["public"].must(http.MethodGet, fmt.Sprintf("/commitments/%d/timeline?to=2026-03-31", c.ID), nil, 200).json(t, &tl)
	if len(tl.Points) != 12 || tl.Points[11].Month != "2026-03" || tl.Points[11].Counts["not_started"] != 1 {
		t.Errorf("the timeline to March: %+v", tl.Points)
	}
	pub := w.as["public"]
	pub.lang = "es"
	for _, q := range []string{"from=2026-02-30", "from=2026-05-01&to=2026-03-01", "from=2000-01-01"} {
		r := pub.call(http.MethodGet, fmt.Sprintf("/commitments/%d/timeline?%s", c.ID, q), nil)
		var p problem
		r.json(t, &p)
		if r.Status != 422 || len(p.Errors) == 0 || p.Errors[0].Location != "query.from" || p.Errors[0].Message == p.Errors[0].Code {
			t.Errorf("timeline %s: %d %s", q, r.Status, r.Body)
		}
	}

	// The States that reported, as each reads them.
	standings := func(who string) map[string]string {
		var page struct {
			Items []struct {
				State    string      `json:"state"`
				Report   *reportJSON `json:"report"`
				Withheld *reportJSON `json:"withheld"`
				Reports  int         `json:"reports"`
			} `json:"items"`
		}
		w.as[who].must(http.MethodGet, fmt.Sprintf("/commitments/%d/states", other.ID), nil, 200).json(t, &page)
		out := map[string]string{}
		for _, s := range page.Items {
			switch {
			case s.Report != nil:
				out[s.State] = s.Report.Status
			case s.Withheld != nil:
				out[s.State] = "withheld"
			}
		}
		return out
	}
	if got := standings("fra_reviewer"); got["FRA"] != "planned" || len(got) != 1 {
		t.Errorf("the team's standings: %v", got)
	}
	if got := standings("secretariat"); got["FRA"] != "withheld" || len(got) != 1 {
		t.Errorf("the Secretariat's standings: %v", got)
	}
	if got := standings("public"); len(got) != 0 {
		t.Errorf("the public's standings: %v", got)
	}

	// A State's commitments: every one, with where it stands for the reader.
	stateCommitments := func(who, query string) []string {
		var page struct {
			Items []struct {
				Commitment commitmentJSON `json:"commitment"`
				Standing   struct {
					State  string      `json:"state"`
					Report *reportJSON `json:"report"`
				} `json:"standing"`
			} `json:"items"`
		}
		w.as[who].must(http.MethodGet, "/states/fra/commitments"+query, nil, 200).json(t, &page)
		var out []string
		for _, it := range page.Items {
			s := it.Commitment.Code + "="
			if it.Standing.Report != nil {
				s += it.Standing.Report.Status
			}
			out = append(out, s)
		}
		return out
	}
	if got := stateCommitments("public", ""); !slices.Equal(got, []string{"rec.30=under_way", "rec.32="}) {
		t.Errorf("France's commitments for the public: %v", got)
	}
	if got := stateCommitments("fra_submitter", "?body=gm"); !slices.Equal(got, []string{"rec.30=under_way", "rec.32=planned"}) {
		t.Errorf("France's commitments for its submitter: %v", got)
	}
	w.as["public"].must(http.MethodGet, "/states/XXX/commitments", nil, 404)
	w.as["public"].must(http.MethodGet, "/states/FRA/commitments?body=xx", nil, 404)
}

// TestFollowupSurveyAnswersAPI: beside a State's status, what it published to the
// national survey on the framework element the commitment links to, as the reader may
// read it.
func TestFollowupSurveyAnswersAPI(t *testing.T) {
	w := newSurveyWorld(t)
	q := w.questionnaire(t)
	w.publish(t, q, "FRA", "partly", "public")
	w.publish(t, q, "KEN", "yes", "states")
	sec := w.e.Actor(t, w.people["secretariat"])
	gm, err := w.e.Bodies.ByCode(ctx, sec, "gm")
	if err != nil {
		t.Fatal(err)
	}
	d, err := w.e.Documents.Register(ctx, sec, document.Input{BodyID: gm.ID, Symbol: "A/75/816", Kind: document.KindReport, Status: document.StatusFinal,
		Access: document.AccessPublic, OriginalLanguage: "en", Title: "Final report"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Documents.SetText(ctx, sec, d.ID, document.TextInput{Language: "en", Title: "Final report", Body: adoptedReport}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Documents.Publish(ctx, sec, d.ID, w.e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, ps, err := w.e.Documents.Paragraphs(ctx, sec, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	var c commitmentJSON
	w.as["secretariat"].must(http.MethodPost, "/bodies/gm/commitments", map[string]any{"document_id": d.ID, "paragraph": ps[len(ps)-1].Key,
		"kind": "recommendation", "code": "rec.32", "links": []map[string]string{{"framework": "ict-security", "element": "norm.c"}}}, 201).json(t, &c)
	answers := func(who, state string) []string {
		var page struct {
			Items []struct {
				Questionnaire struct{ Cycle string }
				Question      struct{ Code string }
				Answer        struct {
					State string `json:"state"`
					Level string `json:"level"`
					Value struct{ Choice string }
				}
			}
		}
		w.as[who].must(http.MethodGet, fmt.Sprintf("/commitments/%d/states/%s/survey-answers", c.ID, state), nil, 200).json(t, &page)
		var out []string
		for _, it := range page.Items {
			out = append(out, it.Questionnaire.Cycle+" "+it.Question.Code+" "+it.Answer.Value.Choice+" "+it.Answer.Level)
		}
		return out
	}
	if got := answers("public", "FRA"); !slices.Equal(got, []string{"2026 norm.c.status partly public"}) {
		t.Errorf("France's answers beside its status: %v", got)
	}
	if got := answers("public", "KEN"); len(got) != 0 {
		t.Errorf("the public reads Kenya's States-only answers: %v", got)
	}
	if got := answers("deu_delegate", "ken"); !slices.Equal(got, []string{"2026 norm.c.status yes states"}) {
		t.Errorf("a delegate reads Kenya's answers: %v", got)
	}
	w.as["public"].must(http.MethodGet, fmt.Sprintf("/commitments/%d/states/XXX/survey-answers", c.ID), nil, 404)
	w.as["public"].must(http.MethodGet, "/commitments/999999/states/FRA/survey-answers", nil, 404)
}
