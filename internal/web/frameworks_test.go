package web_test

import (
	"encoding/csv"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// The files the Secretariat imports: the framework and the questionnaire shipped with the
// demo.
var (
	frameworkFile     = filepath.Join("..", "demo", "data", "framework-ict-security.csv")
	questionnaireFile = filepath.Join("..", "demo", "data", "questionnaire-national-survey.csv")
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFrameworksThroughPages: the Secretariat creates a framework, imports a broken file
// (each problem named by its line, in French, the draft untouched), then the good one, and
// publishes; the public reads the tree (untranslated titles said so, marks shown), its
// completeness and its spreadsheet, never the next draft; a second version's changes are
// listed.
func TestFrameworksThroughPages(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	sec := newSignedIn(t, e, admin)
	pub := newBrowser(t, e)

	res := expect(t, "bad framework", sec.post("/fr/frameworks", url.Values{"code": {"ICT Security!"}}), 422)
	mustContain(t, res.Body, `href="#field-code"`)
	expect(t, "framework", sec.post("/fr/frameworks", url.Values{"code": {"ict-security"}, "name_en": {"Framework of responsible State behaviour"},
		"name_fr": {"Cadre de comportement responsable des États"}}), 303)
	res = expect(t, "draft", sec.post("/fr/frameworks/ict-security/versions", nil), 303)
	if loc := res.Header.Get("Location"); loc != "/fr/frameworks/ict-security/versions/1" {
		t.Fatalf("draft at %s", loc)
	}
	expect(t, "a draft to the public", pub.get("/en/frameworks/ict-security/versions/1"), 404)
	expect(t, "a draft's file to the public", pub.get("/en/frameworks/ict-security/versions/1.csv"), 404)

	broken := "code,parent,kind,title_en\nnorms,,pillar,Norms\nnorm.a,norms,norm,Norm (a)\nnorm.a,norms,norm,Again\nnorm.z,nowhere,norm,Orphan\n"
	res = expect(t, "broken file", sec.postFile("/fr/frameworks/ict-security/versions/1/import", nil, "file", "cadre.csv", []byte(broken)), 422)
	mustContain(t, res.Body, "Ligne 4 (norm.a) : ce code est déjà utilisé à la ligne 3.", "Ligne 5 (norm.z)", `href="#field-file"`)
	mustNotContain(t, res.Body, "Line 4")
	expect(t, "no file", sec.postFile("/fr/frameworks/ict-security/versions/1/import", nil, "file", "", nil), 422)
	expect(t, "import", sec.postFile("/fr/frameworks/ict-security/versions/1/import", nil, "file", "framework.csv", readFile(t, frameworkFile)), 303)
	res = expect(t, "the draft", sec.get("/en/frameworks/ict-security/versions/1"), 200)
	mustContain(t, res.Body, "Norm (c): Do not knowingly", "/elements/norm.c/edit", "Publish this version")
	expect(t, "publish", sec.post("/fr/frameworks/ict-security/versions/1/publish", url.Values{"note": {"First version, from the seed file"}}), 303)

	res = expect(t, "the framework", pub.get("/fr/frameworks/ict-security"), 200)
	// Titles exist in English only: the French page shows them in English, and says so.
	mustContain(t, res.Body, `<span lang="en" dir="ltr">Norm (c): Do not knowingly`, `<span class="tag">Anglais</span>`,
		"Reconstitué", "Texte provisoire", "A/70/174", "First version, from the seed file", "100", `id="el-norm.c.action.2"`)
	mustNotContain(t, res.Body, "/elements/norm.c/edit", "Publier cette version")
	res = expect(t, "csv", pub.get("/en/frameworks/ict-security/versions/1.csv"), 200)
	rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if err != nil || len(rows) != 61 || rows[0][0] != "code" || res.Header.Get("Cache-Control") != "public, max-age=300" {
		t.Errorf("spreadsheet: %d rows, %v, %s", len(rows), err, res.Header.Get("Cache-Control"))
	}

	// A second version: norm (c) edited through its form (a code that is not one refused),
	// a secret draft title kept from the public, then published; the changes are listed.
	expect(t, "second draft", sec.post("/en/frameworks/ict-security/versions", nil), 303)
	res = expect(t, "edit form", sec.get("/en/frameworks/ict-security/versions/2/elements/norm.c/edit"), 200)
	mustContain(t, res.Body, `value="norm.c"`, `value="A/70/174"`)
	element := url.Values{"code": {"norm.c"}, "parent": {"norms"}, "kind": {"norm"}, "source": {"A/70/174"}, "paragraph": {"13 (c)"},
		"title_en": {"Norm (c), as reworded in 2027"}, "title_fr": {"Norme c), reformulée en 2027"}}
	bad := url.Values{"code": {"Norm C"}, "kind": {"norm"}, "title_en": {"x"}}
	expect(t, "bad element", sec.post("/en/frameworks/ict-security/versions/2/elements/norm.c", bad), 422)
	expect(t, "element", sec.post("/en/frameworks/ict-security/versions/2/elements/norm.c", element), 303)
	expect(t, "new element", sec.post("/en/frameworks/ict-security/versions/2/elements", url.Values{"code": {"norm.l"}, "parent": {"norms"},
		"kind": {"norm"}, "title_en": {"Draft norm on quantum-safe transition"}}), 303)
	mustNotContain(t, pub.get("/en/frameworks/ict-security").Body, "quantum-safe", "reworded in 2027")
	expect(t, "remove", sec.post("/en/frameworks/ict-security/versions/2/elements/norm.l/remove", nil), 303)
	expect(t, "publish 2", sec.post("/en/frameworks/ict-security/versions/2/publish", nil), 303)
	res = expect(t, "diff", pub.get("/fr/frameworks/ict-security/diff?from=1&to=2"), 200)
	mustContain(t, res.Body, "norm.c", "Modifié", "Norme c), reformulée en 2027", `<span lang="en" dir="ltr">Norm (c): Do not knowingly`)
	mustContain(t, pub.get("/fr/frameworks/ict-security").Body, "Norme c), reformulée en 2027", "Version n° 2")
	expect(t, "a published version discarded", sec.post("/en/frameworks/ict-security/versions/2/discard", nil), 409)
	expect(t, "the public drafts", pub.post("/en/frameworks/ict-security/versions", nil), 401)
}
