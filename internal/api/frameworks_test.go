package api_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// frameworkFile is the framework the demo ships, as the Secretariat imports it.
var frameworkFile = filepath.Join("..", "demo", "data", "framework-ict-security.csv")

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// csvClient sends its bodies as text/csv.
func csvClient(c client) client {
	c.header = http.Header{"Content-Type": {"text/csv"}}
	return c
}

type frameworkVersionJSON struct {
	ID       int64  `json:"id"`
	Number   int    `json:"number"`
	Status   string `json:"status"`
	Note     string `json:"note"`
	Elements []struct {
		Code   string            `json:"code"`
		Parent string            `json:"parent"`
		Kind   string            `json:"kind"`
		Titles map[string]string `json:"titles"`
		Source *struct {
			Symbol, Paragraph string
		} `json:"source"`
		Mark string `json:"mark"`
	} `json:"elements"`
	Completeness map[string]float64 `json:"completeness"`
}

// TestFrameworksAPI: the Secretariat records a framework, imports a draft from a CSV
// file (a bad file's problems name their lines, in the reader's language, and change
// nothing), edits and publishes it; a second draft's changes are listed; drafts are the
// Secretariat's; everyone reads what is published, in the languages it has.
func TestFrameworksAPI(t *testing.T) {
	e := testenv.New(t)
	secU := e.CreateUser(t, "sec@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat})
	delU := e.CreateUser(t, "del@example.org", "Claire", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	sec := client{t: t, e: e, token: tokenFor(t, e, secU, plenary.ScopeRead, plenary.ScopeWrite)}
	secFR := sec
	secFR.lang = "fr"
	del := client{t: t, e: e, token: tokenFor(t, e, delU, plenary.ScopeRead, plenary.ScopeWrite)}
	anon := client{t: t, e: e}

	// Recording a framework is the Secretariat's; its problems name the request's fields.
	fw := map[string]any{"code": "ict-security", "names": map[string]string{"en": "Framework of responsible State behaviour"}}
	if r := anon.call(http.MethodPost, "/frameworks", fw); r.Status != 401 {
		t.Errorf("the public records a framework: %d", r.Status)
	}
	if r := del.call(http.MethodPost, "/frameworks", fw); r.Status != 403 {
		t.Errorf("a delegate records a framework: %d", r.Status)
	}
	var p problem
	r := secFR.call(http.MethodPost, "/frameworks", map[string]any{"code": "ICT security!", "names": map[string]string{"fr": strings.Repeat("n", 301)}})
	r.json(t, &p)
	if r.Status != 422 || !hasProblem(p, "body.code", "framework.code_format", "cadre") || !hasProblem(p, "body.names.fr", "field.too_long", "") {
		t.Errorf("a bad framework: %d %s", r.Status, r.Body)
	}
	if r := sec.call(http.MethodPost, "/frameworks", fw); r.Status != 201 {
		t.Fatalf("record: %d %s", r.Status, r.Body)
	}
	if r := sec.call(http.MethodPost, "/frameworks", fw); r.Status != 422 {
		t.Errorf("the same code twice: %d %s", r.Status, r.Body)
	}

	// A draft, imported from a file.
	if r := del.call(http.MethodPost, "/frameworks/ict-security/drafts", nil); r.Status != 403 {
		t.Errorf("a delegate starts a draft: %d", r.Status)
	}
	var v1 frameworkVersionJSON
	r = sec.call(http.MethodPost, "/frameworks/ict-security/drafts", nil)
	r.json(t, &v1)
	if r.Status != 201 || v1.Number != 1 || v1.Status != "draft" {
		t.Fatalf("draft: %d %s", r.Status, r.Body)
	}
	if r := sec.call(http.MethodPost, "/frameworks/ict-security/drafts", nil); r.Status != 409 {
		t.Errorf("a second draft: %d", r.Status)
	}
	v1Path := fmt.Sprintf("/framework-versions/%d", v1.ID)
	bad := "code,parent,kind,title_en\nnorms,,pillar,Norms\nnorm.c,norm,norm,Norm (c)\nBad Code!,,norm,X\n"
	r = csvClient(secFR).call(http.MethodPut, v1Path+"/elements", bad)
	r.json(t, &p)
	if r.Status != 422 || len(p.Errors) != 2 || !strings.Contains(p.Errors[0].Message+p.Errors[1].Message, "Ligne 3 (norm.c)") ||
		!strings.Contains(p.Errors[0].Message+p.Errors[1].Message, "Ligne 4") {
		t.Errorf("a bad file: %d %s", r.Status, r.Body)
	}
	if r := csvClient(del).call(http.MethodPut, v1Path+"/elements", readFile(t, frameworkFile)); r.Status != 403 {
		t.Errorf("a delegate imports: %d", r.Status)
	}
	var got frameworkVersionJSON
	r = csvClient(sec).call(http.MethodPut, v1Path+"/elements", readFile(t, frameworkFile))
	r.json(t, &got)
	if r.Status != 200 || len(got.Elements) < 40 {
		t.Fatalf("import: %d, %d elements", r.Status, len(got.Elements))
	}
	// The draft is the Secretariat's: a delegate is told it does not exist, the public to sign in.
	if r := del.call(http.MethodGet, v1Path, nil); r.Status != 404 {
		t.Errorf("a delegate reads the draft: %d", r.Status)
	}
	if r := anon.call(http.MethodGet, v1Path, nil); r.Status != 401 {
		t.Errorf("the public reads the draft: %d", r.Status)
	}
	var f struct {
		Code     string                 `json:"code"`
		Names    map[string]string      `json:"names"`
		Versions []frameworkVersionJSON `json:"versions"`
	}
	anon.call(http.MethodGet, "/frameworks/ict-security", nil).json(t, &f)
	if f.Code != "ict-security" || len(f.Versions) != 0 || len(f.Names) != 1 {
		t.Errorf("the framework as the public reads it: %+v", f)
	}
	sec.call(http.MethodGet, "/frameworks/ict-security", nil).json(t, &f)
	if len(f.Versions) != 1 || f.Versions[0].Status != "draft" {
		t.Errorf("the framework as the Secretariat reads it: %+v", f.Versions)
	}

	// One element at a time: changed, added at its code, renamed only if it exists, removed.
	el := map[string]any{"parent": "norms", "kind": "norm", "titles": map[string]string{"en": "Norm (c), checked", "fr": "Norme c)"},
		"source": map[string]string{"symbol": "A/70/174", "paragraph": "13 (c)"}}
	if r := del.call(http.MethodPut, v1Path+"/elements/norm.c", el); r.Status != 403 {
		t.Errorf("a delegate saves an element: %d", r.Status)
	}
	if r := sec.call(http.MethodPut, v1Path+"/elements/norm.c", el); r.Status != 200 || !strings.Contains(string(r.Body), `"fr":"Norme c)"`) {
		t.Errorf("change norm.c: %d %s", r.Status, r.Body)
	}
	added := map[string]any{"parent": "norm.c", "kind": "action", "titles": map[string]string{"en": "A third action"}, "mark": "placeholder"}
	if r := sec.call(http.MethodPut, v1Path+"/elements/norm.c.action.3", added); r.Status != 200 {
		t.Errorf("add norm.c.action.3: %d %s", r.Status, r.Body)
	}
	added["code"] = "norm.c.action.4"
	if r := sec.call(http.MethodPut, v1Path+"/elements/norm.c.action.9", added); r.Status != 404 {
		t.Errorf("rename an element the draft does not hold: %d %s", r.Status, r.Body)
	}
	r = secFR.call(http.MethodPut, v1Path+"/elements/norm.z", map[string]any{"parent": "norm.y", "kind": "norm", "titles": map[string]string{"en": "Z"}})
	r.json(t, &p)
	if r.Status != 422 || len(p.Errors) == 0 || !strings.Contains(p.Errors[0].Message, "norm.z") || !strings.Contains(p.Errors[0].Message, "norm.y") {
		t.Errorf("an element under no parent: %d %s", r.Status, r.Body)
	}
	if r := sec.call(http.MethodDelete, v1Path+"/elements/norm.c", nil); r.Status != 409 {
		t.Errorf("remove an element with children: %d", r.Status)
	}
	if r := sec.call(http.MethodDelete, v1Path+"/elements/norm.c.action.3", nil); r.Status != 204 {
		t.Errorf("remove a leaf: %d %s", r.Status, r.Body)
	}

	// Published: everyone's, in the languages it has; it changes no more.
	if r := del.call(http.MethodPost, v1Path+"/publication", map[string]any{}); r.Status != 403 {
		t.Errorf("a delegate publishes: %d", r.Status)
	}
	r = sec.call(http.MethodPost, v1Path+"/publication", map[string]any{"note": "First version"})
	if r.Status != 200 || !strings.Contains(string(r.Body), `"status":"published"`) {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	r = anon.call(http.MethodGet, v1Path, nil)
	r.json(t, &got)
	if r.Status != 200 || got.Status != "published" || got.Completeness["en"] != 1 || got.Completeness["fr"] <= 0 || got.Completeness["fr"] >= 1 {
		t.Fatalf("the public reads version 1: %d %+v", r.Status, got.Completeness)
	}
	for _, e := range got.Elements {
		for lang, title := range e.Titles {
			if title == "" {
				t.Errorf("%s has an empty title in %s", e.Code, lang)
			}
		}
		if e.Code == "norm.c" && (e.Source == nil || e.Source.Symbol != "A/70/174" || e.Titles["fr"] != "Norme c)" || e.Titles["ar"] != "") {
			t.Errorf("norm.c: %+v", e)
		}
	}
	if r := sec.call(http.MethodPut, v1Path+"/elements/norm.c", el); r.Status != 409 {
		t.Errorf("change a published version: %d", r.Status)
	}
	if r := sec.call(http.MethodDelete, v1Path, nil); r.Status != 409 {
		t.Errorf("discard a published version: %d", r.Status)
	}

	// A second version, and what changed since the first.
	var v2 frameworkVersionJSON
	sec.call(http.MethodPost, "/frameworks/ict-security/drafts", nil).json(t, &v2)
	v2Path := fmt.Sprintf("/framework-versions/%d", v2.ID)
	el["titles"] = map[string]string{"en": "Norm (c), amended"}
	if r := sec.call(http.MethodPut, v2Path+"/elements/norm.c", el); r.Status != 200 {
		t.Fatalf("amend: %d %s", r.Status, r.Body)
	}
	var ch struct {
		Changes []struct {
			Code   string `json:"code"`
			Change string `json:"change"`
			Old    *struct{ Titles map[string]string }
			New    *struct{ Titles map[string]string }
		} `json:"changes"`
	}
	r = sec.call(http.MethodGet, fmt.Sprintf("%s/changes?since=%d", v2Path, v1.ID), nil)
	r.json(t, &ch)
	if r.Status != 200 || len(ch.Changes) != 1 || ch.Changes[0].Code != "norm.c" || ch.Changes[0].Change != "edited" ||
		ch.Changes[0].Old.Titles["fr"] != "Norme c)" || ch.Changes[0].New.Titles["en"] != "Norm (c), amended" {
		t.Errorf("changes: %d %s", r.Status, r.Body)
	}
	if r := del.call(http.MethodGet, fmt.Sprintf("%s/changes?since=%d", v2Path, v1.ID), nil); r.Status != 404 {
		t.Errorf("a delegate reads the draft's changes: %d", r.Status)
	}
	// Since a version of another framework: the since is at fault.
	if r := sec.call(http.MethodPost, "/frameworks", map[string]any{"code": "topics", "names": map[string]string{"en": "Topics"}}); r.Status != 201 {
		t.Fatal(r.Status)
	}
	var other frameworkVersionJSON
	sec.call(http.MethodPost, "/frameworks/topics/drafts", nil).json(t, &other)
	r = secFR.call(http.MethodGet, fmt.Sprintf("%s/changes?since=%d", v2Path, other.ID), nil)
	r.json(t, &p)
	if r.Status != 422 || !hasProblem(p, "query.since", "field.choice", "") {
		t.Errorf("changes since another framework's version: %d %s", r.Status, r.Body)
	}
	if r := del.call(http.MethodDelete, v2Path, nil); r.Status != 403 {
		t.Errorf("a delegate discards a draft: %d", r.Status)
	}
	if r := sec.call(http.MethodDelete, v2Path, nil); r.Status != 204 {
		t.Errorf("discard: %d %s", r.Status, r.Body)
	}
	var list struct {
		Items []struct{ Code string } `json:"items"`
	}
	anon.call(http.MethodGet, "/frameworks", nil).json(t, &list)
	if len(list.Items) != 2 {
		t.Errorf("frameworks: %+v", list.Items)
	}
}

// hasProblem reports whether p has a problem at location with code whose message says
// words (if any) and is not the code itself.
func hasProblem(p problem, location, code, words string) bool {
	for _, f := range p.Errors {
		if f.Location == location && f.Code == code && f.Message != code && strings.Contains(f.Message, words) {
			return true
		}
	}
	return false
}
