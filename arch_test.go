package plenary_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/plenary-platform/plenary"

// TestDependencyDirection keeps the layers apart: the domain packages depend on the
// shared vocabulary and leaf packages, never on how data is stored, served or wired.
func TestDependencyDirection(t *testing.T) {
	domain := []string{"account", "audit", "organization", "state", "ratelimit", "body", "accreditation", "meeting", "floor",
		"registration", "document", "consultation", "draft", "search", "files", "directory", "ping", "communication"}
	forbidden := []string{"store", "web", "api", "server", "app", "jobs", "config", "demo", "testenv"}
	leaves := map[string][]string{ // packages that must import no other project package but these
		"secret": {}, "i18n": {""}, "mail": {"", "i18n"}, "config": {}, "ratelimit": {""},
	}
	imports := func(dir string) map[string]string {
		out := map[string]string{}
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			pf, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range pf.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if p == module {
					out[""] = f
				} else if rest, ok := strings.CutPrefix(p, module+"/internal/"); ok {
					out[rest] = f
				}
			}
		}
		return out
	}
	for _, pkg := range domain {
		for imp, file := range imports(filepath.Join("internal", pkg)) {
			for _, f := range forbidden {
				if imp == f || strings.HasPrefix(imp, f+"/") {
					t.Errorf("%s imports internal/%s (%s): domain packages must not", pkg, imp, file)
				}
			}
		}
	}
	for pkg, allowed := range leaves {
	next:
		for imp, file := range imports(filepath.Join("internal", pkg)) {
			for _, a := range allowed {
				if imp == a {
					continue next
				}
			}
			t.Errorf("%s imports %q (%s): it must stay a leaf", pkg, imp, file)
		}
	}
	if _, err := os.Stat(filepath.Join("internal", "account")); err != nil {
		t.Fatal("run from the module root")
	}
}
