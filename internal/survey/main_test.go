package survey_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/survey"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

// The files the Secretariat imports: the framework and the questionnaire shipped with the
// demo.
var (
	frameworkFile     = filepath.Join("..", "demo", "data", "framework-ict-security.csv")
	questionnaireFile = filepath.Join("..", "demo", "data", "questionnaire-national-survey.csv")
)

// world is the Global Mechanism with the framework published and the 2026 questionnaire
// open, the Secretariat, and the teams of three States.
type world struct {
	e          *testenv.Env
	gm         body.Body
	fw         framework.Framework
	v1         framework.Version
	q          survey.Questionnaire
	sec        plenary.Actor
	public     plenary.Actor
	people     map[string]plenary.Actor
	nominators map[string]plenary.Actor
}

func newWorld(t *testing.T) *world {
	t.Helper()
	e := testenv.New(t)
	w := &world{e: e, public: plenary.Public("en"), people: map[string]plenary.Actor{}, nominators: map[string]plenary.Actor{}}
	w.sec = e.Secretariat(t, "sec@un.org")
	sys := plenary.System("test")
	var err error
	if w.gm, err = e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security"}}); err != nil {
		t.Fatal(err)
	}
	// Each State's team: an editor, a reviewer and a submitter, and a nominator; France
	// has a second editor.
	for _, st := range []string{"FRA", "KEN", "JPN", "BRA", "MEX"} {
		for _, r := range plenary.TeamRoles {
			w.people[st+"/"+string(r)] = e.Actor(t, e.CreateUser(t, string(r)+"."+st+"@example.org", string(r)+" "+st, plenary.Grant{Role: r, State: st}))
		}
		w.nominators[st] = e.Actor(t, e.CreateUser(t, "nominator."+st+"@example.org", "Nominator "+st, plenary.Grant{Role: plenary.RoleNominator, State: st}))
	}
	w.people["FRA/editor2"] = e.Actor(t, e.CreateUser(t, "editor2.FRA@example.org", "Second editor", plenary.Grant{Role: plenary.RoleTeamEditor, State: "FRA"}))
	w.people["delegate.DEU"] = e.Actor(t, e.CreateUser(t, "delegate.DEU@example.org", "Delegate DEU", plenary.Grant{Role: plenary.RoleDelegate, State: "DEU"}))
	w.fw, w.v1 = publishFramework(t, e, w.sec)
	w.q = w.questionnaire(t, "2026", w.v1.ID)
	return w
}

func publishFramework(t *testing.T, e *testenv.Env, sec plenary.Actor) (framework.Framework, framework.Version) {
	t.Helper()
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
	return f, v
}

// questionnaire makes, imports and opens a questionnaire of the Global Mechanism.
func (w *world) questionnaire(t *testing.T, cycle string, versionID int64) survey.Questionnaire {
	t.Helper()
	q, err := w.e.Survey.CreateQuestionnaire(ctx, w.sec, survey.QuestionnaireInput{BodyID: w.gm.ID, Cycle: cycle, FrameworkVersionID: versionID,
		Titles:   plenary.Localized{"en": cycle + " national survey of implementation", "fr": "Enquête nationale " + cycle},
		Deadline: w.e.Clock.Now().Add(30 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(questionnaireFile)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, err := w.e.Survey.ImportQuestions(ctx, w.sec, q.ID, file); err != nil {
		t.Fatal(err)
	}
	if q, err = w.e.Survey.SetStatus(ctx, w.sec, q.ID, survey.Open); err != nil {
		t.Fatal(err)
	}
	return q
}

func (w *world) actor(who string) plenary.Actor { return w.people[who] }

// answer saves one answer as who and fails the test on any refusal or conflict.
func (w *world) answer(t *testing.T, who, state, question string, v survey.Value, lang string) survey.Answer {
	t.Helper()
	d, err := w.e.Survey.Workspace(ctx, w.actor(who), w.q.ID, state)
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.e.Survey.Save(ctx, w.actor(who), w.q.ID, state, []survey.AnswerInput{{Question: question, Value: v, Language: lang,
		Revision: d.Answers[question].Revision}})
	if err != nil || len(res.Conflicts) != 0 || len(res.Saved) != 1 {
		t.Fatalf("%s answers %s for %s: %+v %v", who, question, state, res, err)
	}
	return res.Saved[0]
}
