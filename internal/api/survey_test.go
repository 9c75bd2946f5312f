package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// What France answers privately, and what would give it away.
const (
	fraSecret     = "Private FRA position: our CERT lacks forensic staff"
	fraComment    = "Préciser les effectifs du CERT-FR"
	fraEvidenceID = "fra-evidence.pdf"
)

// questionnaireFile is the questionnaire the demo ships, as the Secretariat imports it.
var questionnaireFile = filepath.Join("..", "demo", "data", "questionnaire-national-survey.csv")

var evidencePDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// surveyWorld is the Global Mechanism with the framework published, the Secretariat, the
// teams of France, Kenya, Japan and Brazil, France's nominator, Germany's delegate, an
// organization's focal point and the public, each with a client of the API.
type surveyWorld struct {
	e      *testenv.Env
	as     map[string]client
	fv     int64 // the framework's published version
	people map[string]account.User
}

var surveyRoles = []string{"public", "secretariat", "fra_editor", "fra_editor2", "fra_reviewer", "fra_submitter", "fra_nominator",
	"ken_editor", "ken_reviewer", "ken_submitter", "jpn_editor", "jpn_submitter", "bra_editor", "bra_submitter", "deu_delegate", "focal_point"}

func newSurveyWorld(t *testing.T) *surveyWorld {
	t.Helper()
	e := testenv.New(t)
	w := &surveyWorld{e: e, as: map[string]client{"public": {t: t, e: e}}, people: map[string]account.User{}}
	sys := plenary.System("test")
	if _, err := e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security"}}); err != nil {
		t.Fatal(err)
	}
	org, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "KEN", Names: plenary.Localized{"en": "Nairobi Forum"}})
	if err != nil {
		t.Fatal(err)
	}
	grants := map[string]plenary.Grant{
		"secretariat":   {Role: plenary.RoleSecretariat},
		"fra_editor":    {Role: plenary.RoleTeamEditor, State: "FRA"},
		"fra_editor2":   {Role: plenary.RoleTeamEditor, State: "FRA"},
		"fra_reviewer":  {Role: plenary.RoleTeamReviewer, State: "FRA"},
		"fra_submitter": {Role: plenary.RoleTeamSubmitter, State: "FRA"},
		"fra_nominator": {Role: plenary.RoleNominator, State: "FRA"},
		"ken_editor":    {Role: plenary.RoleTeamEditor, State: "KEN"},
		"ken_reviewer":  {Role: plenary.RoleTeamReviewer, State: "KEN"},
		"ken_submitter": {Role: plenary.RoleTeamSubmitter, State: "KEN"},
		"jpn_editor":    {Role: plenary.RoleTeamEditor, State: "JPN"},
		"jpn_submitter": {Role: plenary.RoleTeamSubmitter, State: "JPN"},
		"bra_editor":    {Role: plenary.RoleTeamEditor, State: "BRA"},
		"bra_submitter": {Role: plenary.RoleTeamSubmitter, State: "BRA"},
		"deu_delegate":  {Role: plenary.RoleDelegate, State: "DEU"},
		"focal_point":   {Role: plenary.RoleFocalPoint, OrganizationID: org.ID},
	}
	for _, who := range surveyRoles[1:] {
		u := e.CreateUser(t, who+"@example.org", strings.ReplaceAll(who, "_", " "), grants[who])
		w.people[who] = u
		w.as[who] = client{t: t, e: e, token: tokenFor(t, e, u, plenary.ScopeRead, plenary.ScopeWrite)}
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
	w.fv = v.ID
	return w
}

// questionnaire prepares, imports and opens the 2026 questionnaire through the API.
func (w *surveyWorld) questionnaire(t *testing.T) int64 {
	t.Helper()
	var q struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}
	r := w.as["secretariat"].call(http.MethodPost, "/questionnaires", map[string]any{"body": "gm", "cycle": "2026",
		"titles": map[string]string{"en": "2026 national survey of implementation", "fr": "Enquête nationale 2026"}, "framework_version_id": w.fv,
		"deadline": w.e.Clock.Now().AddDate(0, 1, 0)})
	r.json(t, &q)
	if r.Status != 201 || q.Status != "draft" {
		t.Fatalf("questionnaire: %d %s", r.Status, r.Body)
	}
	if r := csvClient(w.as["secretariat"]).call(http.MethodPut, fmt.Sprintf("/questionnaires/%d/questions", q.ID), readFile(t, questionnaireFile)); r.Status != 200 {
		t.Fatalf("questions: %d %s", r.Status, r.Body)
	}
	if r := w.as["secretariat"].call(http.MethodPut, fmt.Sprintf("/questionnaires/%d/status", q.ID), map[string]any{"status": "open"}); r.Status != 200 {
		t.Fatalf("open: %d %s", r.Status, r.Body)
	}
	return q.ID
}

type surveyAnswer struct {
	Question string `json:"question"`
	Value    struct {
		Choice string `json:"choice"`
		Text   string `json:"text"`
		File   *struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
			Href string `json:"href"`
		} `json:"file"`
	} `json:"value"`
	Language string `json:"language"`
	Revision int    `json:"revision"`
}

type saveResult struct {
	Saved     []surveyAnswer `json:"saved"`
	Conflicts []struct {
		Question string       `json:"question"`
		Mine     surveyAnswer `json:"mine"`
		Theirs   surveyAnswer `json:"theirs"`
	} `json:"conflicts"`
}

type workspace struct {
	Started   bool           `json:"started"`
	Answers   []surveyAnswer `json:"answers"`
	MayEdit   bool           `json:"may_edit"`
	MaySubmit bool           `json:"may_submit"`
	Versions  []struct {
		ID      int64          `json:"id"`
		Number  int            `json:"number"`
		Level   string         `json:"level"`
		Answers []surveyAnswer `json:"answers"`
	} `json:"versions"`
}

func (w *surveyWorld) save(t *testing.T, who string, q int64, state string, answers ...map[string]any) saveResult {
	t.Helper()
	r := w.as[who].call(http.MethodPut, fmt.Sprintf("/questionnaires/%d/responses/%s/answers", q, state), map[string]any{"answers": answers})
	var res saveResult
	r.json(t, &res)
	if r.Status != 200 {
		t.Fatalf("%s saves for %s: %d %s", who, state, r.Status, r.Body)
	}
	return res
}

// publish has a State's team answer norm (c) and publish its version at level.
func (w *surveyWorld) publish(t *testing.T, q int64, state, choice, level string) int64 {
	t.Helper()
	st := strings.ToLower(state)
	w.save(t, st+"_editor", q, state, map[string]any{"question": "norm.c.status", "language": "en", "value": map[string]any{"choice": choice}})
	var v struct {
		ID int64 `json:"id"`
	}
	r := w.as[st+"_submitter"].call(http.MethodPost, fmt.Sprintf("/questionnaires/%d/responses/%s/versions", q, state), nil)
	r.json(t, &v)
	if r.Status != 201 {
		t.Fatalf("%s submits: %d %s", state, r.Status, r.Body)
	}
	if r := w.as[st+"_submitter"].call(http.MethodPut, fmt.Sprintf("/survey-versions/%d/level", v.ID), map[string]any{"level": level}); r.Status != 200 {
		t.Fatalf("%s publishes: %d %s", state, r.Status, r.Body)
	}
	return v.ID
}

// readsAll reads every survey operation's GET as who and returns what it read, to be
// searched for a secret.
func (w *surveyWorld) readsAll(t *testing.T, who string, q int64, extra ...string) string {
	t.Helper()
	var b strings.Builder
	paths := append([]string{"/questionnaires", fmt.Sprintf("/questionnaires/%d", q),
		fmt.Sprintf("/questionnaires/%d/published", q), fmt.Sprintf("/questionnaires/%d/published?state=FRA&element=norm.c", q),
		fmt.Sprintf("/questionnaires/%d/aggregates/norm.c.status", q), fmt.Sprintf("/questionnaires/%d/submissions", q),
		fmt.Sprintf("/questionnaires/%d/responses/FRA", q), fmt.Sprintf("/questionnaires/%d/responses/FRA/comments", q),
		"/states/FRA/survey", "/states/FRA/team", "/audit/events?limit=200"}, extra...)
	for _, p := range paths {
		r := w.as[who].call(http.MethodGet, p, nil)
		if r.Status >= 500 {
			t.Errorf("%s reads %s: %d %s", who, p, r.Status, r.Body)
		}
		b.WriteString(p + " " + string(r.Body) + "\n")
	}
	return b.String()
}

// TestSurveyAPI: France's team drafts together through the API (a stale save comes back
// as a conflict with both versions; a malformed answer is refused field by field in the
// reader's language and stores nothing; evidence is checked like other uploads; the
// reviewer comments and does not edit), submits, and publishes at each level in turn.
// At each level, every role reads every survey operation, and only those who may find
// France's answer; the Secretariat's list of submissions never carries it.
func TestSurveyAPI(t *testing.T) {
	w := newSurveyWorld(t)
	sec, secFR := w.as["secretariat"], w.as["secretariat"]
	secFR.lang = "fr"

	// A questionnaire: the Secretariat's problems name the request's fields; an import's
	// name their lines; a draft is the Secretariat's.
	var p problem
	r := secFR.call(http.MethodPost, "/questionnaires", map[string]any{"body": "xx", "cycle": " ", "titles": map[string]string{"fr": strings.Repeat("t", 301)},
		"framework_version_id": 999})
	r.json(t, &p)
	for _, loc := range []string{"body.body", "body.cycle", "body.titles.fr", "body.framework_version_id"} {
		if !slices.ContainsFunc(p.Errors, func(f struct{ Location, Code, Message string }) bool { return f.Location == loc }) {
			t.Errorf("a bad questionnaire: no problem at %s: %d %s", loc, r.Status, r.Body)
		}
	}
	if r := w.as["deu_delegate"].call(http.MethodPost, "/questionnaires", map[string]any{"body": "gm", "cycle": "2026",
		"titles": map[string]string{"en": "x"}, "framework_version_id": w.fv}); r.Status != 403 {
		t.Errorf("a delegate prepares a questionnaire: %d", r.Status)
	}
	var draft struct {
		ID int64 `json:"id"`
	}
	sec.call(http.MethodPost, "/questionnaires", map[string]any{"body": "gm", "cycle": "2025", "titles": map[string]string{"en": "Draft"},
		"framework_version_id": w.fv}).json(t, &draft)
	r = csvClient(secFR).call(http.MethodPut, fmt.Sprintf("/questionnaires/%d/questions", draft.ID),
		"code,part,element,kind,prompt_en\nnorm.c.status,norms,norm.c,status,Has your State…?\nnorm.z.status,norms,norm.z,status,And norm (z)?\n")
	r.json(t, &p)
	if r.Status != 422 || len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "Ligne 3 (norm.z.status)") {
		t.Errorf("a bad questions file: %d %s", r.Status, r.Body)
	}
	for _, who := range []string{"public", "fra_submitter", "fra_nominator", "deu_delegate"} {
		if r := w.as[who].call(http.MethodGet, fmt.Sprintf("/questionnaires/%d", draft.ID), nil); r.Status != 404 && r.Status != 401 {
			t.Errorf("%s reads a draft questionnaire: %d", who, r.Status)
		}
	}
	if r := w.as["fra_submitter"].call(http.MethodPut, fmt.Sprintf("/questionnaires/%d/status", draft.ID), map[string]any{"status": "open"}); r.Status != 403 {
		t.Errorf("a team opens a questionnaire: %d", r.Status)
	}
	if r := sec.call(http.MethodPut, fmt.Sprintf("/questionnaires/%d/status", draft.ID), map[string]any{"status": "open"}); r.Status != 409 {
		t.Errorf("a questionnaire opened without questions: %d", r.Status)
	}
	q := w.questionnaire(t)
	var detail struct {
		Body      string `json:"body"`
		Questions []struct {
			Code    string `json:"code"`
			Kind    string `json:"kind"`
			Options []struct{ Value string }
		} `json:"questions"`
	}
	w.as["public"].call(http.MethodGet, fmt.Sprintf("/questionnaires/%d", q), nil).json(t, &detail)
	if detail.Body != "gm" || len(detail.Questions) < 80 {
		t.Errorf("the open questionnaire: %+v", detail)
	}
	resp := fmt.Sprintf("/questionnaires/%d/responses/FRA", q)

	// The workspace, before anything is saved.
	var ws workspace
	w.as["fra_editor"].call(http.MethodGet, resp, nil).json(t, &ws)
	if ws.Started || !ws.MayEdit || ws.MaySubmit {
		t.Errorf("the editor's empty workspace: %+v", ws)
	}
	// Drafting: the first save; a second editor's stale save meets a conflict, not an error.
	res := w.save(t, "fra_editor", q, "FRA", map[string]any{"question": "norm.c.status", "language": "fr",
		"value": map[string]any{"choice": "partly", "text": fraSecret}})
	if len(res.Saved) != 1 || res.Saved[0].Revision != 1 {
		t.Fatalf("first save: %+v", res)
	}
	res = w.save(t, "fra_editor2", q, "FRA",
		map[string]any{"question": "norm.c.status", "language": "en", "revision": 0, "value": map[string]any{"choice": "yes"}},
		map[string]any{"question": "norm.c.measures", "language": "fr", "value": map[string]any{"text": "Loi de programmation militaire"}})
	if len(res.Conflicts) != 1 || res.Conflicts[0].Question != "norm.c.status" || res.Conflicts[0].Mine.Value.Choice != "yes" ||
		res.Conflicts[0].Theirs.Value.Text != fraSecret || res.Conflicts[0].Theirs.Revision != 1 || len(res.Saved) != 1 ||
		res.Saved[0].Question != "norm.c.measures" {
		t.Errorf("stale save: %+v", res)
	}
	// A malformed answer: the save is refused, in French, naming the answer's field; nothing is stored.
	frEditor := w.as["fra_editor"]
	frEditor.lang = "fr"
	r = frEditor.call(http.MethodPut, resp+"/answers", map[string]any{"answers": []map[string]any{
		{"question": "law.status", "language": "fr", "value": map[string]any{"choice": "yes"}},
		{"question": "norm.a.status", "language": "fr", "value": map[string]any{"choice": "maybe"}},
		{"question": "capacity.strategy", "language": "fr", "value": map[string]any{"date": "2026-02-30"}},
		{"question": "norm.z.status", "language": "fr", "value": map[string]any{"choice": "yes"}}}})
	r.json(t, &p)
	if r.Status != 422 || !hasProblem(p, "body.answers[1].value.choice", "field.choice", "Choisissez") ||
		!hasProblem(p, "body.answers[2].value.date", "field.date", "") || !hasProblem(p, "body.answers[3].question", "survey.no_such_question", "") {
		t.Errorf("malformed answers: %d %s", r.Status, r.Body)
	}
	// Evidence: a renamed executable is refused like any upload; a PDF is kept, sealed.
	r = w.as["fra_editor"].call(http.MethodPut, resp+"/answers", map[string]any{"answers": []map[string]any{
		{"question": "law.evidence", "language": "fr", "value": map[string]any{}, "file": map[string]any{"name": "a.pdf", "content": []byte("MZ\x90\x00program")}}}})
	r.json(t, &p)
	if r.Status != 422 || len(p.Errors) != 1 || p.Errors[0].Location != "body.answers[0].file" {
		t.Errorf("a renamed executable: %d %s", r.Status, r.Body)
	}
	w.as["fra_reviewer"].call(http.MethodGet, resp, nil).json(t, &ws)
	if len(ws.Answers) != 2 {
		t.Errorf("refused saves stored something: %+v", ws.Answers)
	}
	res = w.save(t, "fra_editor", q, "FRA", map[string]any{"question": "law.evidence", "language": "fr",
		"value": map[string]any{"link": "https://www.sgdsn.gouv.fr/"}, "file": map[string]any{"name": fraEvidenceID, "content": evidencePDF}})
	if len(res.Saved) != 1 || res.Saved[0].Value.File == nil || res.Saved[0].Value.File.Name != fraEvidenceID {
		t.Fatalf("evidence: %+v", res)
	}
	evidence := res.Saved[0].Value.File
	// Keeping the file by its id: another response's file id is refused.
	res = w.save(t, "fra_editor", q, "FRA", map[string]any{"question": "law.evidence", "language": "fr", "revision": res.Saved[0].Revision,
		"value": map[string]any{"link": "https://cyber.gouv.fr/", "file_id": evidence.ID}})
	if len(res.Saved) != 1 || res.Saved[0].Value.File == nil || res.Saved[0].Value.File.ID != evidence.ID {
		t.Errorf("the file kept: %+v", res)
	}
	r = w.as["ken_editor"].call(http.MethodPut, fmt.Sprintf("/questionnaires/%d/responses/KEN/answers", q), map[string]any{"answers": []map[string]any{
		{"question": "law.evidence", "language": "en", "value": map[string]any{"file_id": evidence.ID}}}})
	r.json(t, &p)
	if r.Status != 422 || len(p.Errors) != 1 || p.Errors[0].Location != "body.answers[0].value.file_id" {
		t.Errorf("Kenya takes France's file: %d %s", r.Status, r.Body)
	}

	// The reviewer comments and does not edit; the team reads the comments, nobody else.
	if r := w.as["fra_reviewer"].call(http.MethodPut, resp+"/answers", map[string]any{"answers": []map[string]any{
		{"question": "law.status", "language": "fr", "value": map[string]any{"choice": "yes"}}}}); r.Status != 403 {
		t.Errorf("the reviewer saves: %d", r.Status)
	}
	if r := w.as["fra_reviewer"].call(http.MethodPost, resp+"/comments", map[string]any{"question": "norm.c.status", "text": fraComment}); r.Status != 201 {
		t.Fatalf("comment: %d %s", r.Status, r.Body)
	}
	r = frEditor.call(http.MethodPost, resp+"/comments", map[string]any{"text": " "})
	r.json(t, &p)
	if r.Status != 422 || !hasProblem(p, "body.text", "field.required", "") {
		t.Errorf("an empty comment: %d %s", r.Status, r.Body)
	}
	if r := w.as["fra_editor"].call(http.MethodGet, resp+"/comments", nil); r.Status != 200 || !strings.Contains(string(r.Body), fraComment) {
		t.Errorf("the editor reads the comments: %d %s", r.Status, r.Body)
	}
	// Only the submitter submits and chooses about the Points of Contact.
	if r := w.as["fra_editor"].call(http.MethodPut, resp+"/include-pocs", map[string]any{"include_pocs": true}); r.Status != 403 {
		t.Errorf("an editor chooses about the Points of Contact: %d", r.Status)
	}
	if r := w.as["fra_submitter"].call(http.MethodPut, resp+"/include-pocs", map[string]any{"include_pocs": true}); r.Status != 200 {
		t.Errorf("the submitter chooses about the Points of Contact: %d %s", r.Status, r.Body)
	}
	if r := w.as["fra_editor"].call(http.MethodPost, resp+"/versions", nil); r.Status != 403 {
		t.Errorf("an editor submits: %d", r.Status)
	}
	for _, who := range []string{"public", "secretariat", "ken_submitter", "deu_delegate", "fra_nominator", "focal_point"} {
		for _, op := range []struct {
			method, path string
			body         any
		}{{"POST", resp + "/versions", nil}, {"PUT", resp + "/include-pocs", map[string]any{"include_pocs": false}},
			{"POST", resp + "/comments", map[string]any{"text": "x"}}} {
			if r := w.as[who].call(op.method, op.path, op.body); r.Status != 401 && r.Status != 404 {
				t.Errorf("%s: %s %s: %d", who, op.method, op.path, r.Status)
			}
		}
	}
	var v1 struct {
		ID          int64          `json:"id"`
		Number      int            `json:"number"`
		Level       string         `json:"level"`
		IncludePoCs bool           `json:"include_pocs"`
		Answers     []surveyAnswer `json:"answers"`
	}
	r = w.as["fra_submitter"].call(http.MethodPost, resp+"/versions", nil)
	r.json(t, &v1)
	if r.Status != 201 || v1.Number != 1 || v1.Level != "private" || !v1.IncludePoCs || len(v1.Answers) != 3 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	level := fmt.Sprintf("/survey-versions/%d/level", v1.ID)
	for _, who := range []string{"fra_editor", "fra_reviewer"} {
		if r := w.as[who].call(http.MethodPut, level, map[string]any{"level": "public"}); r.Status != 403 {
			t.Errorf("%s publishes: %d", who, r.Status)
		}
	}
	for _, who := range []string{"public", "secretariat", "ken_submitter", "deu_delegate", "fra_nominator"} {
		if r := w.as[who].call(http.MethodPut, level, map[string]any{"level": "public"}); r.Status != 401 && r.Status != 404 {
			t.Errorf("%s publishes France's version: %d", who, r.Status)
		}
	}

	// The Secretariat knows that France answered, nothing of what.
	var subs struct {
		Items []struct {
			State    string `json:"state"`
			Versions int    `json:"versions"`
			Level    string `json:"level"`
		} `json:"items"`
	}
	r = sec.call(http.MethodGet, fmt.Sprintf("/questionnaires/%d/submissions", q), nil)
	r.json(t, &subs)
	if r.Status != 200 || len(subs.Items) != 1 || subs.Items[0].State != "FRA" || subs.Items[0].Versions != 1 || subs.Items[0].Level != "private" {
		t.Errorf("submissions: %d %s", r.Status, r.Body)
	}
	for _, secret := range []string{fraSecret, "partly", "Loi de programmation", fraEvidenceID, "norm.c"} {
		if strings.Contains(string(r.Body), secret) {
			t.Errorf("the list of submissions says %q: %s", secret, r.Body)
		}
	}
	for _, who := range []string{"deu_delegate", "fra_submitter", "fra_nominator"} {
		if r := w.as[who].call(http.MethodGet, fmt.Sprintf("/questionnaires/%d/submissions", q), nil); r.Status != 403 {
			t.Errorf("%s lists who answered: %d", who, r.Status)
		}
	}

	// At each level, who finds France's answer, comments and evidence.
	team := []string{"fra_editor", "fra_editor2", "fra_reviewer", "fra_submitter"}
	// States' people and the Secretariat: everyone but the public and an organization's.
	states := slices.DeleteFunc(slices.Clone(surveyRoles), func(who string) bool { return who == "public" || who == "focal_point" })
	evidenceHref := strings.TrimPrefix(evidence.Href, "/api/v1")
	for _, step := range []struct {
		level   string
		readers []string
	}{
		{"private", team},
		{"states", states},
		{"public", surveyRoles},
		{"private", team},
	} {
		if r := w.as["fra_submitter"].call(http.MethodPut, level, map[string]any{"level": step.level}); r.Status != 200 ||
			!strings.Contains(string(r.Body), `"level":"`+step.level+`"`) {
			t.Fatalf("level %s: %d %s", step.level, r.Status, r.Body)
		}
		for _, who := range surveyRoles {
			read := w.readsAll(t, who, q, evidenceHref)
			may := slices.Contains(step.readers, who)
			if got := strings.Contains(read, fraSecret); got != may {
				t.Errorf("at level %s, %s reads France's answer: %v", step.level, who, got)
			}
			// The draft's comments and the file's name are the team's until published; the
			// comments stay the team's.
			if got := strings.Contains(read, fraComment); got != slices.Contains(team, who) {
				t.Errorf("at level %s, %s reads the team's comment: %v", step.level, who, got)
			}
			if got := strings.Contains(read, fraEvidenceID); got != may {
				t.Errorf("at level %s, %s reads the evidence's name: %v", step.level, who, got)
			}
			r := w.as[who].call(http.MethodGet, evidenceHref, nil)
			if (r.Status == 200) != may || (may && (r.Header.Get("Content-Type") != "application/pdf" || string(r.Body) != string(evidencePDF))) {
				t.Errorf("at level %s, %s downloads the evidence: %d %s", step.level, who, r.Status, r.Header.Get("Content-Type"))
			}
		}
	}
	// Issued as France's national submission while private: the Secretariat reads the
	// document, nobody else outside the team; once, by the submitter, with a title.
	issue := fmt.Sprintf("/survey-versions/%d/document", v1.ID)
	body := map[string]any{"language": "fr", "title": "Contribution nationale de la France"}
	for who, status := range map[string]int{"fra_editor": 403, "fra_reviewer": 403, "ken_submitter": 404, "public": 401} {
		if r := w.as[who].call(http.MethodPost, issue, body); r.Status != status {
			t.Errorf("%s issues France's version: %d, want %d", who, r.Status, status)
		}
	}
	for _, bad := range []map[string]any{{"language": "xx", "title": "T"}, {"language": "fr", "title": ""}, {"language": "fr", "title": strings.Repeat("t", 301)}} {
		if r := w.as["fra_submitter"].call(http.MethodPost, issue, bad); r.Status != 422 {
			t.Errorf("issue %v: %d %s", bad, r.Status, r.Body)
		}
	}
	var doc struct {
		ID     int64  `json:"id"`
		Symbol string `json:"symbol"`
		Kind   string `json:"type"`
		Access string `json:"access"`
	}
	r = w.as["fra_submitter"].call(http.MethodPost, issue, body)
	r.json(t, &doc)
	if r.Status != 201 || !strings.HasSuffix(doc.Symbol, "/FRA") || !strings.Contains(doc.Symbol, "/NS/") || doc.Kind != "national_submission" || doc.Access != "closed" {
		t.Fatalf("issue: %d %s", r.Status, r.Body)
	}
	if r := w.as["fra_submitter"].call(http.MethodPost, issue, body); r.Status != 409 {
		t.Errorf("issued twice: %d", r.Status)
	}
	for who, status := range map[string]int{"secretariat": 200, "public": 404, "deu_delegate": 404} {
		if r := w.as[who].call(http.MethodGet, fmt.Sprintf("/documents/%d", doc.ID), nil); r.Status != status {
			t.Errorf("%s reads the private national submission: %d, want %d", who, r.Status, status)
		}
	}

	// The team reads both the draft and the version; may_submit is the submitter's.
	w.as["fra_submitter"].call(http.MethodGet, resp, nil).json(t, &ws)
	if !ws.Started || !ws.MayEdit || !ws.MaySubmit || len(ws.Versions) != 1 || len(ws.Versions[0].Answers) != 3 {
		t.Errorf("the submitter's workspace: %+v", ws)
	}
}

// TestSurveyComparisonAndAggregates: several States publish at several levels; each
// reader compares what its levels let it read, for a question or a framework element;
// aggregates count by regional group, show their counts only from the body's threshold,
// which the Secretariat sets; a State's page lists its published cycles.
func TestSurveyComparisonAndAggregates(t *testing.T) {
	w := newSurveyWorld(t)
	q := w.questionnaire(t)
	w.publish(t, q, "FRA", "partly", "public")
	w.publish(t, q, "JPN", "yes", "public")
	w.publish(t, q, "BRA", "no", "public")
	w.publish(t, q, "KEN", "yes", "states")

	type comparison struct {
		Levels    []string `json:"levels"`
		States    []string `json:"states"`
		Questions []struct {
			Code string `json:"code"`
		} `json:"questions"`
		Answers []struct {
			State    string `json:"state"`
			Question string `json:"question"`
			Level    string `json:"level"`
			Value    struct {
				Choice string `json:"choice"`
			} `json:"value"`
		} `json:"answers"`
	}
	compare := func(who, query string) comparison {
		t.Helper()
		var c comparison
		r := w.as[who].call(http.MethodGet, fmt.Sprintf("/questionnaires/%d/published%s", q, query), nil)
		r.json(t, &c)
		if r.Status != 200 {
			t.Fatalf("%s compares %s: %d %s", who, query, r.Status, r.Body)
		}
		return c
	}
	c := compare("public", "")
	if slices.Contains(c.States, "KEN") || len(c.States) != 3 || !slices.Equal(c.Levels, []string{"public"}) {
		t.Errorf("the public compares %v at %v", c.States, c.Levels)
	}
	c = compare("focal_point", "?state=fra&state=KEN&question=norm.c.status")
	if len(c.Answers) != 1 || c.Answers[0].State != "FRA" || c.Answers[0].Value.Choice != "partly" {
		t.Errorf("an organization's focal point compares France and Kenya: %+v", c)
	}
	c = compare("deu_delegate", "?state=FRA&state=KEN&element=norm.c")
	if len(c.Answers) != 2 || c.Answers[1].State != "KEN" || c.Answers[1].Level != "states" || len(c.Questions) != 6 ||
		!slices.Equal(c.Levels, []string{"states", "public"}) {
		t.Errorf("a delegate compares France and Kenya on norm (c): %+v", c)
	}
	c = compare("deu_delegate", "?element=norm.c&question=law.status")
	if len(c.Questions) != 0 || len(c.Answers) != 0 {
		t.Errorf("a question not on the element: %+v", c)
	}
	c = compare("deu_delegate", "?element=cbm.1.nothing")
	if len(c.Questions) != 0 || len(c.Answers) != 0 {
		t.Errorf("an element without questions: %+v", c)
	}

	type aggregate struct {
		Threshold int      `json:"threshold"`
		Values    []string `json:"values"`
		Total     struct {
			States int            `json:"states"`
			Shown  bool           `json:"shown"`
			Counts map[string]int `json:"counts"`
		} `json:"total"`
		Groups []struct {
			Group  string         `json:"group"`
			States int            `json:"states"`
			Counts map[string]int `json:"counts"`
		} `json:"groups"`
	}
	agg := func(who string) aggregate {
		t.Helper()
		var a aggregate
		r := w.as[who].call(http.MethodGet, fmt.Sprintf("/questionnaires/%d/aggregates/norm.c.status", q), nil)
		r.json(t, &a)
		if r.Status != 200 {
			t.Fatalf("%s aggregates: %d %s", who, r.Status, r.Body)
		}
		return a
	}
	if a := agg("public"); a.Threshold != 5 || a.Total.States != 3 || a.Total.Shown || a.Total.Counts != nil || len(a.Values) != 4 {
		t.Errorf("the public's aggregate under the threshold: %+v", a)
	}
	thr := "/bodies/gm/survey-threshold"
	if r := w.as["deu_delegate"].call(http.MethodPut, thr, map[string]any{"threshold": 3}); r.Status != 403 {
		t.Errorf("a delegate sets the threshold: %d", r.Status)
	}
	secFR := w.as["secretariat"]
	secFR.lang = "fr"
	r := secFR.call(http.MethodPut, thr, map[string]any{"threshold": 2})
	var p problem
	r.json(t, &p)
	if r.Status != 422 || !hasProblem(p, "body.threshold", "api.expected_minimum", "3") {
		t.Errorf("a threshold of 2: %d %s", r.Status, r.Body)
	}
	if r := w.as["secretariat"].call(http.MethodPut, thr, map[string]any{"threshold": 3}); r.Status != 200 || !strings.Contains(string(r.Body), `"threshold":3`) {
		t.Fatalf("threshold: %d %s", r.Status, r.Body)
	}
	if a := agg("public"); !a.Total.Shown || a.Total.Counts["yes"] != 1 || a.Total.Counts["partly"] != 1 || a.Total.Counts["no"] != 1 ||
		a.Total.Counts["na"] != 0 || len(a.Groups) != 3 {
		t.Errorf("the public's aggregate at threshold 3: %+v", a)
	}
	if a := agg("ken_reviewer"); a.Total.States != 4 || a.Total.Counts["yes"] != 2 || a.Groups[0].Group != "African" || a.Groups[0].Counts != nil {
		t.Errorf("a State's aggregate: %+v", a)
	}
	if r := w.as["public"].call(http.MethodGet, fmt.Sprintf("/questionnaires/%d/aggregates/norm.z.status", q), nil); r.Status != 404 {
		t.Errorf("an aggregate of no question: %d", r.Status)
	}

	// A State's page: its published cycles, as the reader may read them.
	var cycles struct {
		Items []struct {
			Questionnaire struct{ Cycle string }
			Level         string `json:"level"`
			Answers       []json.RawMessage
		} `json:"items"`
	}
	w.as["public"].call(http.MethodGet, "/states/fra/survey", nil).json(t, &cycles)
	if len(cycles.Items) != 1 || cycles.Items[0].Questionnaire.Cycle != "2026" || cycles.Items[0].Level != "public" || len(cycles.Items[0].Answers) != 1 {
		t.Errorf("France's published cycles: %+v", cycles)
	}
	w.as["public"].call(http.MethodGet, "/states/KEN/survey", nil).json(t, &cycles)
	if len(cycles.Items) != 0 {
		t.Errorf("the public reads Kenya's States-only answers: %+v", cycles)
	}
	w.as["jpn_editor"].call(http.MethodGet, "/states/KEN/survey", nil).json(t, &cycles)
	if len(cycles.Items) != 1 {
		t.Errorf("Japan's editor reads Kenya's States-only answers: %+v", cycles)
	}
	if r := w.as["public"].call(http.MethodGet, "/states/XXX/survey", nil); r.Status != 404 {
		t.Errorf("an unknown State's survey: %d", r.Status)
	}
}

// TestSurveyTeamAPI: a State's nominator gives the team's roles through POST /roles (as
// offers the person accepts), for its own State only; the team is listed for its
// nominator and the Secretariat with addresses and offers, for its members without.
func TestSurveyTeamAPI(t *testing.T) {
	w := newSurveyWorld(t)
	nom := w.as["fra_nominator"]
	if r := nom.call(http.MethodPost, "/roles", map[string]any{"email": "new.editor@example.org", "name": "New Editor", "lang": "fr",
		"role": "state_editor", "state": "FRA"}); r.Status != 201 || !strings.Contains(string(r.Body), `"accepted":false`) {
		t.Errorf("the nominator gives an editor's role: %d %s", r.Status, r.Body)
	}
	for _, role := range []string{"state_reviewer", "state_submitter"} {
		if r := nom.call(http.MethodPost, "/roles", map[string]any{"email": "fra_editor@example.org", "name": "Editor", "lang": "fr", "role": role,
			"state": "FRA"}); r.Status != 201 {
			t.Errorf("the nominator gives %s: %d %s", role, r.Status, r.Body)
		}
	}
	if r := nom.call(http.MethodPost, "/roles", map[string]any{"email": "x@example.org", "name": "X", "role": "state_editor", "state": "KEN"}); r.Status != 403 {
		t.Errorf("France's nominator gives a role of Kenya's team: %d", r.Status)
	}
	if r := nom.call(http.MethodPost, "/roles", map[string]any{"email": "x@example.org", "name": "X", "role": "delegate", "state": "FRA"}); r.Status != 403 {
		t.Errorf("the nominator gives a delegate's role: %d", r.Status)
	}
	if r := w.as["fra_submitter"].call(http.MethodPost, "/roles", map[string]any{"email": "x@example.org", "name": "X", "role": "state_editor", "state": "FRA"}); r.Status != 403 {
		t.Errorf("a team member gives a role: %d", r.Status)
	}
	if r := w.as["secretariat"].call(http.MethodPost, "/roles", map[string]any{"email": "ken.new@example.org", "name": "Ken", "role": "state_reviewer",
		"state": "KEN"}); r.Status != 201 || !strings.Contains(string(r.Body), `"accepted":true`) {
		t.Errorf("the Secretariat gives a reviewer's role: %d %s", r.Status, r.Body)
	}

	type team struct {
		Items []struct {
			Name     string `json:"name"`
			Email    string `json:"email"`
			Role     string `json:"role"`
			Accepted bool   `json:"accepted"`
		} `json:"items"`
	}
	read := func(who string) (team, int) {
		var tm team
		r := w.as[who].call(http.MethodGet, "/states/FRA/team", nil)
		if r.Status == 200 {
			r.json(t, &tm)
		}
		return tm, r.Status
	}
	for _, who := range []string{"fra_nominator", "secretariat"} {
		tm, status := read(who)
		offered := slices.ContainsFunc(tm.Items, func(m struct {
			Name     string `json:"name"`
			Email    string `json:"email"`
			Role     string `json:"role"`
			Accepted bool   `json:"accepted"`
		}) bool {
			return m.Email == "new.editor@example.org" && !m.Accepted
		})
		if status != 200 || len(tm.Items) != 7 || !offered {
			t.Errorf("%s reads France's team: %d %+v", who, status, tm)
		}
	}
	tm, status := read("fra_reviewer")
	if status != 200 || len(tm.Items) != 4 {
		t.Errorf("a member reads France's team: %d %+v", status, tm)
	}
	for _, m := range tm.Items {
		if m.Email != "" || !m.Accepted {
			t.Errorf("a member reads %+v", m)
		}
	}
	for who, want := range map[string]int{"public": 401, "ken_editor": 404, "deu_delegate": 404, "focal_point": 404} {
		if _, status := read(who); status != want {
			t.Errorf("%s reads France's team: %d, want %d", who, status, want)
		}
	}
}
