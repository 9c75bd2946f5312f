package plenary_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary/internal/testenv"
)

const module = "github.com/plenary-platform/plenary"

// TestDependencyDirection keeps the layers apart: the domain packages depend on the
// shared vocabulary and leaf packages, never on how data is stored, served or wired; the
// pages and the API reach data only through the domain services. A domain package is
// every package under internal/ that is not testenv.Infrastructure, so that a new domain
// is checked without being added to a list here.
func TestDependencyDirection(t *testing.T) {
	if _, err := os.Stat(filepath.Join("internal", "account")); err != nil {
		t.Fatal("run from the module root")
	}
	domains, err := testenv.DomainPackages("internal")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(domains, "account") {
		t.Fatalf("domain packages %v: account is missing", domains)
	}
	forbidden := []string{"store", "web", "api", "server", "app", "jobs", "config", "demo", "testenv", "services"}
	leaves := map[string][]string{ // packages that must import no other project package but these
		"secret": {}, "i18n": {""}, "mail": {"", "i18n"}, "config": {}, "ratelimit": {""}, "docx": {""},
	}
	// The handlers call the services (through services once it exists), never the store;
	// the pages and the API are peers.
	handlers := map[string][]string{"web": {"store", "api"}, "api": {"store", "web"}}

	imports := func(pkg string) map[string]string {
		out := map[string]string{}
		files, _ := filepath.Glob(filepath.Join("internal", pkg, "*.go"))
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
	refuse := func(pkg string, forbidden []string, why string) {
		for imp, file := range imports(pkg) {
			for _, f := range forbidden {
				if imp == f || strings.HasPrefix(imp, f+"/") {
					t.Errorf("%s imports internal/%s (%s): %s", pkg, imp, file, why)
				}
			}
		}
	}

	for _, pkg := range domains {
		refuse(pkg, forbidden, "domain packages must not")
	}
	for pkg, no := range handlers {
		refuse(pkg, no, "web and api reach data through the services, and not through each other")
	}
	for pkg, allowed := range leaves {
		for imp, file := range imports(pkg) {
			if !slices.Contains(allowed, imp) {
				t.Errorf("%s imports %q (%s): it must stay a leaf", pkg, imp, file)
			}
		}
	}
}
