package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/survey"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// surveyWorld is the Global Mechanism with the framework published and the 2026
// questionnaire open, through the services; the teams of France (two editors, a reviewer,
// a submitter), Kenya and Japan; France's nominator; the Secretariat.
type surveyWorld struct {
	e     *testenv.Env
	gm    body.Body
	q     survey.Questionnaire
	sec   plenary.Actor
	users map[string]account.User
}

func newSurveyWorld(t *testing.T) *surveyWorld {
	t.Helper()
	e := testenv.New(t)
	w := &surveyWorld{e: e, users: map[string]account.User{}}
	w.users["secretariat"] = e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	w.sec = e.Actor(t, w.users["secretariat"])
	for key, g := range map[string]plenary.Grant{
		"fra_editor": {Role: plenary.RoleTeamEditor, State: "FRA"}, "fra_editor2": {Role: plenary.RoleTeamEditor, State: "FRA"},
		"fra_reviewer": {Role: plenary.RoleTeamReviewer, State: "FRA"}, "fra_submitter": {Role: plenary.RoleTeamSubmitter, State: "FRA"},
		"ken_submitter": {Role: plenary.RoleTeamSubmitter, State: "KEN"}, "jpn_submitter": {Role: plenary.RoleTeamSubmitter, State: "JPN"},
		"fra_nominator": {Role: plenary.RoleNominator, State: "FRA"}, "deu_delegate": {Role: plenary.RoleDelegate, State: "DEU"},
	} {
		w.users[key] = e.CreateUser(t, strings.ReplaceAll(key, "_", ".")+"@example.org", "Person "+key, g)
	}
	var err error
	if w.gm, err = e.Bodies.Create(ctx, plenary.System("test"), body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security"}}); err != nil {
		t.Fatal(err)
	}
	f, err := e.Frameworks.Create(ctx, w.sec, framework.Input{Code: "ict-security", Names: plenary.Localized{"en": "Framework of responsible State behaviour"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.Frameworks.StartDraft(ctx, w.sec, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Frameworks.Import(ctx, w.sec, v.ID, bytes.NewReader(readFile(t, frameworkFile))); err != nil {
		t.Fatal(err)
	}
	if v, err = e.Frameworks.Publish(ctx, w.sec, v.ID, ""); err != nil {
		t.Fatal(err)
	}
	if w.q, err = e.Survey.CreateQuestionnaire(ctx, w.sec, survey.QuestionnaireInput{BodyID: w.gm.ID, Cycle: "2026", FrameworkVersionID: v.ID,
		Titles: plenary.Localized{"en": "2026 national survey of implementation", "ar": "الاستقصاء الوطني لعام 2026"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Survey.ImportQuestions(ctx, w.sec, w.q.ID, bytes.NewReader(readFile(t, questionnaireFile))); err != nil {
		t.Fatal(err)
	}
	if w.q, err = e.Survey.SetStatus(ctx, w.sec, w.q.ID, survey.Open); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *surveyWorld) actor(t *testing.T, who string) plenary.Actor {
	return w.e.Actor(t, w.users[who])
}

// publish answers one question for a State through the service, submits and publishes.
func (w *surveyWorld) publish(t *testing.T, who, state, question string, v survey.Value, lang string, level survey.Level) {
	t.Helper()
	a := w.actor(t, who)
	d, err := w.e.Survey.Workspace(ctx, a, w.q.ID, state)
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.e.Survey.Save(ctx, a, w.q.ID, state, []survey.AnswerInput{{Question: question, Value: v, Language: lang,
		Revision: d.Answers[question].Revision}})
	if err != nil || len(res.Conflicts) > 0 {
		t.Fatalf("%s answers for %s: %+v %v", who, state, res, err)
	}
	ver, err := w.e.Survey.Submit(ctx, a, w.q.ID, state)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Survey.SetLevel(ctx, a, ver.ID, level); err != nil {
		t.Fatal(err)
	}
}

// TestQuestionnaireThroughPages: the Secretariat makes a questionnaire, imports a broken
// file then the good one, and opens it; teams find it; the Secretariat sets the body's
// threshold and sees who answered, never what.
func TestQuestionnaireThroughPages(t *testing.T) {
	w := newSurveyWorld(t)
	sec := newSignedIn(t, w.e, w.users["secretariat"])
	page := expect(t, "survey index", sec.get("/en/survey"), 200)
	version := regexp.MustCompile(`<option value="(\d+)">Framework of responsible State behaviour, version 1</option>`).FindStringSubmatch(page.Body)
	if version == nil {
		t.Fatalf("no framework version to choose:\n%s", page.Body)
	}
	res := expect(t, "no cycle", sec.post("/fr/survey", url.Values{"body": {itoa(w.gm.ID)}, "framework_version": {version[1]}}), 422)
	mustContain(t, res.Body, `href="#field-cycle"`, `href="#field-titles"`, "Donnez au questionnaire un titre")
	res = expect(t, "no deadline", sec.post("/fr/survey", url.Values{"body": {itoa(w.gm.ID)}, "framework_version": {version[1]},
		"cycle": {"2027"}, "title_fr": {"Enquête"}, "deadline": {"demain"}}), 422)
	mustContain(t, res.Body, `href="#field-deadline"`, `value="Enquête"`)
	res = expect(t, "questionnaire", sec.post("/en/survey", url.Values{"body": {itoa(w.gm.ID)}, "cycle": {"2027"}, "framework_version": {version[1]},
		"title_en": {"2027 national survey"}, "title_fr": {"Enquête nationale 2027"}, "deadline": {"2027-03-31T18:00"}}), 303)
	path := strings.TrimPrefix(res.Header.Get("Location"), "/en")
	res = expect(t, "questionnaire page", sec.get("/en"+path), 200)
	mustContain(t, res.Body, "2027 national survey", "In preparation", "31 March 2027", "America/New_York")
	expect(t, "a draft to a team", newSignedIn(t, w.e, w.users["fra_editor"]).get("/en"+path), 404)

	res = expect(t, "broken questions", sec.postFile("/fr"+path+"/questions", nil, "file", "q.csv",
		[]byte("code,part,element,kind,prompt_en\nnorm.c.status,norms,norm.c,status,Q\nnorm.z.status,norms,norm.z,status,Q\n")), 422)
	mustContain(t, res.Body, "Ligne 3 (norm.z.status)")
	expect(t, "open without questions", sec.post("/en"+path+"/status", url.Values{"status": {"open"}}), 409)
	expect(t, "questions", sec.postFile("/en"+path+"/questions", nil, "file", "q.csv", readFile(t, questionnaireFile)), 303)
	expect(t, "open", sec.post("/en"+path+"/status", url.Values{"status": {"open"}}), 303)
	res = expect(t, "questions csv", sec.get("/en"+path+"/questions.csv"), 200)
	if rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll(); err != nil || len(rows) != 95 {
		t.Errorf("questions spreadsheet: %d rows, %v", len(rows), err)
	}
	fra := newSignedIn(t, w.e, w.users["fra_editor"])
	res = expect(t, "open questionnaire to a team", fra.get("/en"+path), 200)
	mustContain(t, res.Body, path+"/states/FRA", "Has your State taken measures to implement this norm?", "Norm (c): Do not knowingly")

	// Threshold and who answered.
	expect(t, "bad threshold", sec.post("/en"+path+"/threshold", url.Values{"body": {itoa(w.gm.ID)}, "threshold": {"2"}}), 422)
	expect(t, "threshold", sec.post("/en"+path+"/threshold", url.Values{"body": {itoa(w.gm.ID)}, "threshold": {"3"}}), 303)
	expect(t, "threshold by a team", fra.post("/en"+path+"/threshold", url.Values{"body": {itoa(w.gm.ID)}, "threshold": {"5"}}), 403)
	w.publish(t, "ken_submitter", "KEN", "norm.c.status", survey.Value{Choice: survey.Yes, Text: "Kenya's private text"}, "en", survey.Private)
	res = expect(t, "who answered", sec.get("/en/survey/"+itoa(w.q.ID)), 200)
	mustContain(t, res.Body, "Kenya", "Private", `value="3"`)
	mustNotContain(t, res.Body, "Kenya's private text")
	mustNotContain(t, fra.get("/en/survey/"+itoa(w.q.ID)).Body, "Who answered")
}

// TestWorkspaceThroughPages: France's team drafts in Arabic, part by part; a stale save
// shows both versions (409) and keeps what was typed; a malformed answer is refused beside
// its field; the reviewer comments and reads without the forms; the submitter submits and
// publishes; the exports open; nobody outside the team reads the workspace.
func TestWorkspaceThroughPages(t *testing.T) {
	w := newSurveyWorld(t)
	ws := "/survey/" + itoa(w.q.ID) + "/states/FRA"
	editor := newSignedIn(t, w.e, w.users["fra_editor"])
	editor2 := newSignedIn(t, w.e, w.users["fra_editor2"])
	res := expect(t, "workspace", editor.get("/ar"+ws), 200)
	mustContain(t, res.Body, `<html lang="ar" dir="rtl">`, `name="answers.norm.c.status.choice"`, `enctype="multipart/form-data"`,
		`id="part-norms"`, "القانون الدولي")
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("workspace Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	const arabic = "أنشأت فرنسا فريقاً وطنياً للاستجابة للحوادث"
	save := func(b *browser, part string, fields url.Values) response {
		f := url.Values{"part": {part}}
		for k, v := range fields {
			f[k] = v
		}
		return b.postFile("/ar"+ws+"/answers", f, "unused", "", nil)
	}
	res = expect(t, "save", save(editor, "norms", url.Values{"question": {"norm.c.status", "norm.c.measures"},
		"answers.norm.c.status.choice": {"partly"}, "answers.norm.c.status.text": {arabic}, "answers.norm.c.status.language": {"ar"},
		"answers.norm.c.status.revision": {"0"}, "answers.norm.c.measures.language": {"ar"}, "answers.norm.c.measures.revision": {"0"}}), 303)
	if loc := res.Header.Get("Location"); loc != "/ar"+ws+"#part-norms" {
		t.Errorf("after saving: %s", loc)
	}
	res = expect(t, "saved", editor.get("/ar"+ws), 200)
	mustContain(t, res.Body, arabic, `name="answers.norm.c.status.revision" value="1"`)
	d, _ := w.e.Survey.Workspace(ctx, w.actor(t, "fra_editor"), w.q.ID, "FRA")
	if len(d.Answers) != 1 || d.Answers["norm.c.status"].Language != "ar" {
		t.Errorf("an empty answer never saved was stored, or the language lost: %+v", d.Answers)
	}

	// The second editor had the page from before: both versions, and what they typed.
	res = expect(t, "stale save", save(editor2, "norms", url.Values{"question": {"norm.c.status", "norm.b.status"},
		"answers.norm.c.status.choice": {"yes"}, "answers.norm.c.status.text": {"Version of the second editor"},
		"answers.norm.c.status.language": {"en"}, "answers.norm.c.status.revision": {"0"},
		"answers.norm.b.status.choice": {"no"}, "answers.norm.b.status.language": {"en"}}), 409)
	mustContain(t, res.Body, arabic, "Version of the second editor", "Person fra_editor", `name="answers.norm.c.status.revision" value="1"`,
		`class="survey-conflict"`)
	// Side by side: theirs, then the editor's, in the block above the form.
	if !regexp.MustCompile(`(?s)<div class="survey-conflict".*?` + arabic + `.*?Version of the second editor.*?</div>\s*</div>`).MatchString(res.Body) {
		t.Error("the conflict does not show both versions side by side")
	}
	d, _ = w.e.Survey.Workspace(ctx, w.actor(t, "fra_editor"), w.q.ID, "FRA")
	if d.Answers["norm.c.status"].Value.Text != arabic || d.Answers["norm.b.status"].Value.Choice != survey.No {
		t.Errorf("after the conflict: %+v", d.Answers)
	}
	// A malformed answer is refused beside its field; nothing of the save is kept.
	res = expect(t, "bad date", save(editor, "capacity", url.Values{"question": {"capacity.strategy", "capacity.staff"},
		"answers.capacity.strategy.date": {"2026-02-30"}, "answers.capacity.strategy.language": {"en"},
		"answers.capacity.staff.number": {"many"}, "answers.capacity.staff.language": {"en"}}), 422)
	mustContain(t, res.Body, `href="#field-answers.capacity.staff.number"`, `value="many"`)
	expect(t, "a date", save(editor, "capacity", url.Values{"question": {"capacity.strategy", "capacity.staff"},
		"answers.capacity.strategy.date": {"2024-11-05"}, "answers.capacity.strategy.language": {"en"},
		"answers.capacity.staff.number": {"42,5"}, "answers.capacity.staff.language": {"en"}}), 303)
	// Evidence: a PDF attached, kept over the next save, downloaded by the team.
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	expect(t, "evidence", editor.postFile("/en"+ws+"/answers", url.Values{"part": {"law"}, "question": {"law.evidence"},
		"answers.law.evidence.language": {"fr"}}, "answers.law.evidence.file", "position.pdf", pdf), 303)
	res = expect(t, "evidence shown", editor.get("/en"+ws), 200)
	file := regexp.MustCompile(`/en/survey/\d+/evidence/(\d+)`).FindStringSubmatch(res.Body)
	if file == nil {
		t.Fatal("no link to the evidence")
	}
	expect(t, "evidence kept", save(editor, "law", url.Values{"question": {"law.evidence"}, "answers.law.evidence.file_id": {file[1]},
		"answers.law.evidence.file_name": {"renamed.exe"}, "answers.law.evidence.link": {"https://www.example.fr/position"},
		"answers.law.evidence.language": {"fr"}, "answers.law.evidence.revision": {"1"}}), 303)
	res = expect(t, "download", editor.get(file[0]), 200)
	if res.Body != string(pdf) || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("evidence download: %q %s", res.Body, res.Header.Get("Content-Disposition"))
	}

	// The reviewer comments, and has no form that changes the answers.
	reviewer := newSignedIn(t, w.e, w.users["fra_reviewer"])
	res = expect(t, "reviewer", reviewer.get("/en"+ws), 200)
	mustContain(t, res.Body, arabic, `action="/en`+ws+`/comments"`)
	mustNotContain(t, res.Body, `action="/en`+ws+`/answers"`, `action="/en`+ws+`/submit"`)
	expect(t, "empty comment", reviewer.post("/en"+ws+"/comments", url.Values{"question": {"norm.c.status"}}), 422)
	expect(t, "comment", reviewer.post("/en"+ws+"/comments", url.Values{"question": {"norm.c.status"}, "comment": {"Préciser les effectifs"}}), 303)
	expect(t, "a reviewer saves", reviewer.post("/en"+ws+"/answers", url.Values{"question": {"law.status"},
		"answers.law.status.choice": {"yes"}, "answers.law.status.language": {"en"}}), 403)
	mustContain(t, editor.get("/en"+ws).Body, "Préciser les effectifs")

	// Submitted, published; the exports of the draft and of the version open.
	submitter := newSignedIn(t, w.e, w.users["fra_submitter"])
	expect(t, "an editor submits", editor.post("/en"+ws+"/submit", nil), 403)
	expect(t, "points of contact", submitter.post("/en"+ws+"/pocs", url.Values{"include": {"1"}}), 303)
	expect(t, "submit", submitter.post("/en"+ws+"/submit", nil), 303)
	d, _ = w.e.Survey.Workspace(ctx, w.actor(t, "fra_submitter"), w.q.ID, "FRA")
	if len(d.Versions) != 1 || !d.Versions[0].IncludePoCs {
		t.Fatalf("versions %+v", d.Versions)
	}
	expect(t, "publish", submitter.post("/en"+ws+"/versions/"+itoa(d.Versions[0].ID)+"/level", url.Values{"level": {"public"}}), 303)
	mustContain(t, submitter.get("/en"+ws).Body, "Public", "With the Points of Contact")

	// Issued as the State's national submission: the submitter alone, once, with a title;
	// the document is then public like the version.
	issue := url.Values{"version": {itoa(d.Versions[0].ID)}, "language": {"fr"}, "title": {"Contribution nationale de la France"}}
	mustNotContain(t, editor.get("/en"+ws).Body, `action="/en`+ws+`/issue"`)
	mustContain(t, submitter.get("/en"+ws).Body, `action="/en`+ws+`/issue"`, "National submission of France")
	expect(t, "an editor issues", editor.post("/en"+ws+"/issue", issue), 403)
	res = expect(t, "no title", submitter.post("/fr"+ws+"/issue", url.Values{"version": issue["version"], "language": {"fr"}, "title": {" "}}), 422)
	mustContain(t, res.Body, `href="#field-title"`)
	expect(t, "no version", submitter.post("/en"+ws+"/issue", url.Values{"version": {"x"}, "language": {"fr"}, "title": issue["title"]}), 422)
	expect(t, "no language", submitter.post("/en"+ws+"/issue", url.Values{"version": issue["version"], "language": {"xx"}, "title": issue["title"]}), 422)
	expect(t, "issue", submitter.post("/en"+ws+"/issue", issue), 303)
	d, _ = w.e.Survey.Workspace(ctx, w.actor(t, "fra_submitter"), w.q.ID, "FRA")
	if d.Versions[0].DocumentID == 0 {
		t.Fatal("the version is not issued")
	}
	page := submitter.get("/en" + ws).Body
	mustContain(t, page, "Issued in the registry", `href="/en/documents/`+itoa(d.Versions[0].DocumentID)+`"`)
	mustNotContain(t, page, `action="/en`+ws+`/issue"`)
	expect(t, "issued twice", submitter.post("/en"+ws+"/issue", issue), 409)
	mustContain(t, expect(t, "the public reads the document", newBrowser(t, w.e).get("/en/documents/"+itoa(d.Versions[0].DocumentID)), 200).Body,
		"Contribution nationale de la France", "/NS/", "/FRA")
	for _, q := range []string{"", "?version=1"} {
		res = expect(t, "docx"+q, editor.get("/ar"+ws+"/export.docx"+q), 200)
		zr, err := zip.NewReader(bytes.NewReader([]byte(res.Body)), int64(len(res.Body)))
		if err != nil {
			t.Fatal(err)
		}
		doc := ""
		for _, f := range zr.File {
			if f.Name == "word/document.xml" {
				r, _ := f.Open()
				b, _ := io.ReadAll(r)
				doc = string(b)
			}
		}
		if !strings.Contains(doc, arabic) || !strings.Contains(doc, "<w:bidi/>") {
			t.Errorf("docx%s: no Arabic paragraph in word/document.xml", q)
		}
		res = expect(t, "csv"+q, editor.get("/en"+ws+"/export.csv"+q), 200)
		rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
		if err != nil || len(rows) < 80 || !strings.Contains(res.Body, arabic) {
			t.Errorf("csv%s: %d rows, %v", q, len(rows), err)
		}
		res = expect(t, "json"+q, editor.get("/en"+ws+"/export.json"+q), 200)
		var j struct {
			State   string `json:"state"`
			Answers []struct {
				Question string `json:"question"`
			} `json:"answers"`
		}
		if err := json.Unmarshal([]byte(res.Body), &j); err != nil || j.State != "FRA" || len(j.Answers) < 4 {
			t.Errorf("json%s: %+v %v", q, j, err)
		}
		if res.Header.Get("Cache-Control") != "no-store" && res.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("export cached: %s", res.Header.Get("Cache-Control"))
		}
	}
	expect(t, "no such version", editor.get("/en"+ws+"/export.csv?version=9"), 404)

	// Nobody outside the team reads it.
	for who, status := range map[string]int{"secretariat": 404, "ken_submitter": 404, "fra_nominator": 404, "deu_delegate": 404} {
		b := newSignedIn(t, w.e, w.users[who])
		expect(t, who+" reads the workspace", b.get("/en"+ws), status)
		expect(t, who+" exports it", b.get("/en"+ws+"/export.json"), status)
		mustNotContain(t, b.get("/en/survey/"+itoa(w.q.ID)).Body, "Préciser les effectifs")
	}
	expect(t, "the public", newBrowser(t, w.e).get("/en"+ws), 303)
}

// TestPublishedAnswersThroughPages: three States publish in three languages; a reader
// compares them on a norm, reads the aggregate (hidden below the threshold, shown above
// it, in a chart and a table), the State's profile with what changed, and the open-data
// export; a States-only answer reaches States' people and not the public.
func TestPublishedAnswersThroughPages(t *testing.T) {
	w := newSurveyWorld(t)
	const arabic = "أنشأت فرنسا فريقاً وطنياً للاستجابة للحوادث"
	w.publish(t, "fra_submitter", "FRA", "norm.c.status", survey.Value{Choice: survey.Partly, Text: arabic}, "ar", survey.Public)
	w.publish(t, "ken_submitter", "KEN", "norm.c.status", survey.Value{Choice: survey.Yes, Text: "Kenyan States-only answer"}, "en", survey.StatesOnly)
	w.publish(t, "jpn_submitter", "JPN", "norm.c.status", survey.Value{Choice: survey.Yes, Text: "日本的答复"}, "zh", survey.Public)
	base := "/survey/" + itoa(w.q.ID)
	pub := newBrowser(t, w.e)
	delegate := newSignedIn(t, w.e, w.users["deu_delegate"])

	res := expect(t, "compare", pub.get("/en"+base+"/compare?states=FRA,KEN,JPN&element=norm.c"), 200)
	mustContain(t, res.Body, "France", "Kenya", "Japan", `lang="ar" dir="rtl">`+arabic, `lang="zh" dir="ltr">日本的答复`, "Partly",
		`href="/en/states/FRA#survey"`, "Only answers published to the public", "Practical action 1 of the checklist", `class="tag mark">Placeholder<`)
	mustNotContain(t, res.Body, "Kenyan States-only answer")
	res = expect(t, "compare as a State", delegate.get("/en"+base+"/compare?states=FRA&states=KEN&states=JPN&element=norm.c"), 200)
	mustContain(t, res.Body, "Kenyan States-only answer", "States only", arabic)
	res = expect(t, "compare everyone", pub.get("/fr"+base+"/compare"), 200)
	// The framework has its titles in English only: an option says so.
	mustContain(t, res.Body, `<option value="law" lang="en" dir="ltr" selected>`, "France", "Japon")
	expect(t, "unknown question", pub.get("/en"+base+"/compare?question=nothing"), 404)

	res = expect(t, "aggregate", pub.get("/en"+base+"/aggregate?question=norm.c.status"), 200)
	mustContain(t, res.Body, "Not shown: fewer than 5 States", "Only answers published to the public", "<svg")
	if err := w.e.Survey.SetThreshold(ctx, w.sec, w.gm.ID, 3); err != nil {
		t.Fatal(err)
	}
	res = expect(t, "aggregate as a State", delegate.get("/en"+base+"/aggregate?question=norm.c.status"), 200)
	mustContain(t, res.Body, "3 States", "Answers published to States", "<title>Yes: 2</title>", "<td>2</td>")
	mustContain(t, pub.get("/ar"+base+"/aggregate?question=norm.c.status").Body, `<html lang="ar" dir="rtl">`, "غير معروض")

	res = expect(t, "profile", pub.get("/en/states/FRA"), 200)
	mustContain(t, res.Body, "National survey", arabic, "Answers to the 2026 survey (version 1)", "Norm (c): Do not knowingly")
	mustContain(t, pub.get("/en/states/KEN").Body, "No answer of this State to the national survey is published to you.")
	mustContain(t, delegate.get("/en/states/KEN").Body, "Kenyan States-only answer")

	res = expect(t, "published csv", delegate.get("/en"+base+"/published.csv"), 200)
	rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if err != nil || len(rows) != 3 || rows[1][1] != "FRA" || rows[2][1] != "JPN" || !strings.Contains(res.Body, arabic) {
		t.Errorf("open data: %v %v", rows, err)
	}
	mustNotContain(t, res.Body, "Kenyan States-only answer")
	res = expect(t, "published json", pub.get("/en"+base+"/published.json"), 200)
	var j struct {
		Answers []struct {
			State    string `json:"state"`
			Language string `json:"language"`
		} `json:"answers"`
	}
	if err := json.Unmarshal([]byte(res.Body), &j); err != nil || len(j.Answers) != 2 || j.Answers[0].Language != "ar" {
		t.Errorf("open data as JSON: %+v %v", j, err)
	}

	// A new cycle: France changes its answer; the profile says what changed.
	w.e.Clock.Advance(time.Hour)
	f, _ := w.e.Frameworks.ByCode(ctx, w.sec, "ict-security")
	v, _, _ := w.e.Frameworks.Current(ctx, w.sec, f.ID)
	q27, err := w.e.Survey.CreateQuestionnaire(ctx, w.sec, survey.QuestionnaireInput{BodyID: w.gm.ID, Cycle: "2027", FrameworkVersionID: v.ID,
		Titles: plenary.Localized{"en": "2027 survey"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Survey.ImportQuestions(ctx, w.sec, q27.ID, bytes.NewReader(readFile(t, questionnaireFile))); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Survey.SetStatus(ctx, w.sec, q27.ID, survey.Open); err != nil {
		t.Fatal(err)
	}
	w.q = q27
	// The 2027 draft shows what it starts from before anyone saves.
	res = expect(t, "2027 workspace", newSignedIn(t, w.e, w.users["fra_editor"]).get("/en/survey/"+itoa(q27.ID)+"/states/FRA"), 200)
	mustContain(t, res.Body, arabic, "This draft started from the State&#39;s last submission", `name="answers.norm.c.status.shown" value="1"`)
	w.publish(t, "fra_submitter", "FRA", "norm.c.status", survey.Value{Choice: survey.Yes, Text: "Fully in place in 2027"}, "en", survey.Public)
	res = expect(t, "profile 2027", pub.get("/en/states/FRA"), 200)
	mustContain(t, res.Body, "Fully in place in 2027", "changed since 2026", "?cycle=")
	mustNotContain(t, res.Body, arabic)
	old := regexp.MustCompile(`href="(/en/states/FRA\?cycle=\d+)#survey"`).FindStringSubmatch(res.Body)
	if old == nil {
		t.Fatal("no link to the older cycle")
	}
	mustContain(t, pub.get(strings.ReplaceAll(old[1], "&amp;", "&")).Body, arabic)
}

// TestTeamThroughPages: France's nominator offers a role (held once accepted), sees the
// team with addresses; a member sees it without; others do not see it; the Secretariat
// gives a role at once and takes it back.
func TestTeamThroughPages(t *testing.T) {
	w := newSurveyWorld(t)
	nominator := newSignedIn(t, w.e, w.users["fra_nominator"])
	res := expect(t, "team", nominator.get("/fr/states/FRA/team"), 200)
	mustContain(t, res.Body, "fra.editor@example.org", "Person fra_reviewer", `action="/fr/states/FRA/team"`)
	res = expect(t, "no name", nominator.post("/fr/states/FRA/team", url.Values{"email": {"new.editor@diplomatie.example.fr"},
		"role": {"state_editor"}}), 422)
	mustContain(t, res.Body, `href="#field-name"`)
	res = expect(t, "offer", nominator.post("/fr/states/FRA/team", url.Values{"email": {"new.editor@diplomatie.example.fr"}, "name": {"Nouvelle Rédactrice"},
		"lang": {"fr"}, "role": {"state_editor"}}), 303)
	mustContain(t, nominator.get(res.Header.Get("Location")).Body, "Nouvelle Rédactrice", "proposé, pas encore accepté")
	expect(t, "Kenya's team", nominator.get("/en/states/KEN/team"), 404)
	expect(t, "offer for Kenya", nominator.post("/en/states/KEN/team", url.Values{"email": {"x@example.org"}, "name": {"X"},
		"role": {"state_editor"}}), 403)

	member := newSignedIn(t, w.e, w.users["fra_editor"])
	res = expect(t, "member", member.get("/en/states/FRA/team"), 200)
	mustContain(t, res.Body, "Person fra_reviewer")
	mustNotContain(t, res.Body, "fra.reviewer@example.org", "Nouvelle Rédactrice", `action="/en/states/FRA/team"`)
	mustContain(t, member.get("/en/states/FRA").Body, `href="/en/states/FRA/team"`)
	expect(t, "a delegate", newSignedIn(t, w.e, w.users["deu_delegate"]).get("/en/states/FRA/team"), 404)
	expect(t, "the public", newBrowser(t, w.e).get("/en/states/FRA/team"), 303)

	sec := newSignedIn(t, w.e, w.users["secretariat"])
	expect(t, "grant", sec.post("/en/states/KEN/team", url.Values{"email": {"reviewer@ken.example"}, "name": {"Kenyan Reviewer"},
		"lang": {"en"}, "role": {"state_reviewer"}}), 303)
	team, err := w.e.Accounts.Team(ctx, w.sec, "KEN")
	if err != nil {
		t.Fatal(err)
	}
	var grant int64
	for _, m := range team {
		if m.Email == "reviewer@ken.example" {
			if m.Pending {
				t.Error("the Secretariat's grant is pending")
			}
			grant = m.GrantID
		}
	}
	expect(t, "revoke", sec.post("/en/states/KEN/team/"+itoa(grant)+"/revoke", nil), 303)
	mustNotContain(t, sec.get("/en/states/KEN/team").Body, "reviewer@ken.example")
}

// TestSurveyPagesInSixLanguages: every page of the survey and the frameworks renders in
// the six languages for the public, a team, a nominator and the Secretariat, with no
// message key left.
func TestSurveyPagesInSixLanguages(t *testing.T) {
	w := newSurveyWorld(t)
	w.publish(t, "fra_submitter", "FRA", "norm.c.status", survey.Value{Choice: survey.Partly, Text: "Une réponse"}, "fr", survey.Public)
	base := "/survey/" + itoa(w.q.ID)
	pages := map[string][]string{
		"public": {"/survey", base, base + "/compare", base + "/compare?states=FRA&element=norm.c", base + "/aggregate",
			"/frameworks", "/frameworks/ict-security", "/frameworks/ict-security/versions/1", "/frameworks/ict-security/diff", "/states/FRA", "/"},
		"fra_reviewer":  {base + "/states/FRA", "/states/FRA/team", "/survey"},
		"fra_submitter": {base + "/states/FRA"},
		"fra_nominator": {"/states/FRA/team"},
		"secretariat":   {"/survey", base, "/frameworks", "/frameworks/ict-security", "/states/FRA/team"},
	}
	keyRE := regexp.MustCompile(`\b(survey|framework|team)\.[a-z_]+(\.[a-z_]+)?\b`)
	for who, paths := range pages {
		b := newBrowser(t, w.e)
		if who != "public" {
			b.signIn(w.users[who])
		}
		for _, lang := range plenary.Languages {
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
				if lang == "en" && (p == "/" || p == "/survey") {
					mustContain(t, res.Body, `href="/en/survey"`)
				}
			}
		}
	}
}
