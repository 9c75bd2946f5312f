package followup_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

// frameworkFile is the framework the Secretariat imports, shipped with the demo.
var frameworkFile = filepath.Join("..", "demo", "data", "framework-ict-security.csv")

// report is an excerpt of an adopted report: a heading, a conclusion, the chapeau, and
// two recommendations with their own numbers.
const report = `B. Conclusions and recommendations

29. Given the unique attributes of ICTs, States reaffirmed that additional norms could continue to be developed over time.

The OEWG recommends that

30. States, on a voluntary basis, survey their national efforts to implement norms, develop and share experience and good practice on norms implementation.

31. States should not conduct or knowingly support ICT activity contrary to their obligations under international law that intentionally damages critical infrastructure.`

// world is the Global Mechanism with the framework published, an adopted report in the
// registry, and people in every role: the Secretariat, the Chair, the teams of France and
// Kenya (an editor, a reviewer and a submitter each), a delegate of Germany, Japan's
// Point of Contact and nominator, an organization's focal point, and the public.
type world struct {
	e      *testenv.Env
	gm     body.Body
	fw     framework.Framework
	v1     framework.Version
	doc    document.Document
	paras  []draft.Paragraph
	sec    plenary.Actor
	people map[string]plenary.Actor
}

func newWorld(t *testing.T) *world {
	t.Helper()
	e := testenv.New(t)
	w := &world{e: e, people: map[string]plenary.Actor{"public": plenary.Public("en")}}
	w.sec = e.Secretariat(t, "sec@un.org")
	w.people["secretariat"] = w.sec
	sys := plenary.System("test")
	var err error
	if w.gm, err = e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security"}}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []string{"FRA", "KEN"} {
		for _, r := range plenary.TeamRoles {
			w.people[st+"/"+string(r)] = e.Actor(t, e.CreateUser(t, string(r)+"."+st+"@example.org", string(r)+" "+st, plenary.Grant{Role: r, State: st}))
		}
	}
	for who, g := range map[string]plenary.Grant{
		"chair":         {Role: plenary.RoleChair},
		"delegate.DEU":  {Role: plenary.RoleDelegate, State: "DEU"},
		"poc.JPN":       {Role: plenary.RolePointOfContact, State: "JPN"},
		"nominator.JPN": {Role: plenary.RoleNominator, State: "JPN"},
		"focal":         {Role: plenary.RoleFocalPoint, OrganizationID: w.organization(t)},
	} {
		w.people[who] = e.Actor(t, e.CreateUser(t, who+"@example.org", "Person "+who, g))
	}
	w.fw, w.v1 = publishFramework(t, e, w.sec)
	w.doc, w.paras = w.adopted(t, "A/75/816", report)
	return w
}

func (w *world) organization(t *testing.T) int64 {
	t.Helper()
	o, err := w.e.Organizations.Create(ctx, plenary.System("test"), organization.Input{Type: organization.NGO, HQState: "KEN",
		Names: plenary.Localized{"en": "Nairobi Cyber Policy Forum"}})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
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

// adopted registers a final report of the Global Mechanism in English, published to
// everyone, and returns it with its paragraphs.
func (w *world) adopted(t *testing.T, symbol, text string) (document.Document, []draft.Paragraph) {
	t.Helper()
	d, err := w.e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: symbol, Kind: document.KindReport,
		Status: document.StatusFinal, Access: document.AccessPublic, OriginalLanguage: "en", Title: "Final report"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Documents.SetText(ctx, w.sec, d.ID, document.TextInput{Language: "en", Title: "Final report", Body: text}); err != nil {
		t.Fatal(err)
	}
	if d, err = w.e.Documents.Publish(ctx, w.sec, d.ID, w.e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, ps, err := w.e.Documents.Paragraphs(ctx, w.sec, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d, ps
}

// key is the registry key of the paragraph numbered n in the report ("30").
func (w *world) key(t *testing.T, n string) string {
	t.Helper()
	for _, p := range w.paras {
		if len(p.Text) > len(n) && p.Text[:len(n)+1] == n+"." {
			return p.Key
		}
	}
	t.Fatalf("no paragraph %s", n)
	return ""
}

func (w *world) actor(who string) plenary.Actor {
	a, ok := w.people[who]
	if !ok {
		panic("no one is " + who)
	}
	return a
}

// mark makes rec.N of paragraph N, linked to links.
func (w *world) mark(t *testing.T, n string, links ...followup.Link) followup.Commitment {
	t.Helper()
	c, err := w.e.FollowUp.MarkParagraph(ctx, w.sec, followup.MarkInput{BodyID: w.gm.ID, DocumentID: w.doc.ID, ParagraphKey: w.key(t, n),
		Kind: followup.Recommendation, Code: "rec." + n, Links: links})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// report has who report for state and fails the test on a refusal.
func (w *world) report(t *testing.T, who string, in followup.ReportInput) followup.Report {
	t.Helper()
	r, err := w.e.FollowUp.Report(ctx, w.actor(who), in)
	if err != nil {
		t.Fatalf("%s reports %+v: %v", who, in, err)
	}
	return r
}

// pdf is a small valid PDF carrying text.
func pdf(text string) []byte {
	return []byte("%PDF-1.4\n% " + text + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}
