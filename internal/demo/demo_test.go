package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary/internal/demo"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// TestDemoSealsPrivateAnswers: after the demo, a copy of the database (the SQLite files, or
// pg_dump) holds none of what is private in it — Japan's unpublished answers, France's
// draft beyond its submission, its reviewer's comment — while Kenya's States-only answer,
// published, is there in clear (so the search would find a leak).
func TestDemoSealsPrivateAnswers(t *testing.T) {
	e := testenv.New(t)
	if _, seeded, err := demo.Seed(context.Background(), demo.Deps{DB: e.App.DB, Clock: e.Clock, Services: e.Services,
		Catalog: e.App.Catalog, BaseURL: e.Config.BaseURL}); err != nil || !seeded {
		t.Fatalf("demo: %v (seeded %v)", err, seeded)
	}
	dump := string(e.Dump(t))
	for _, private := range []string{
		"NISC and JPCERT/CC",                      // Japan's version, never published
		"mise à jour en cours",                    // France's draft after its submission
		"Citer la loi de programmation militaire", // the reviewer's comment
	} {
		if strings.Contains(dump, private) {
			t.Errorf("a copy of the database holds %q in clear", private)
		}
	}
	if !strings.Contains(dump, "Computer Misuse and Cybercrimes Act") {
		t.Error("Kenya's published answer is not in the copy: the search would miss a leak")
	}
}
