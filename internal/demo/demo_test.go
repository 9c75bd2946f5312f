package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/demo"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// TestDemoSealsPrivateAnswers: after the demo, a copy of the database (the SQLite files, or
// pg_dump) holds none of what is private in it — Japan's unpublished answers, France's
// draft beyond its submission, its reviewer's comment — while Kenya's States-only answer,
// published, is there in clear (so the search would find a leak).
func TestDemoSealsPrivateAnswers(t *testing.T) {
	e := testenv.New(t)
	e.StopJobs(t) // as `plenary serve --demo` seeds before starting them
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

// TestDemoFollowUp: the demo's adopted report has its recommendations marked, in
// English only, and the framework's CBMs followed, reconstructed; States reported at every
// level, and each reader counts what it may read: Kenya's States-only reports not for
// the public, Japan's private one known to the Secretariat alone, and sealed at rest.
func TestDemoFollowUp(t *testing.T) {
	e := testenv.New(t)
	ctx := context.Background()
	e.StopJobs(t) // as `plenary serve --demo` seeds before starting them
	if _, seeded, err := demo.Seed(ctx, demo.Deps{DB: e.App.DB, Clock: e.Clock, Services: e.Services,
		Catalog: e.App.Catalog, BaseURL: e.Config.BaseURL}); err != nil || !seeded {
		t.Fatalf("demo: %v (seeded %v)", err, seeded)
	}
	sec := plenary.System("test")
	gm, err := e.Bodies.ByCode(ctx, sec, "gm")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := e.FollowUp.Commitments(ctx, plenary.Public("en"), gm.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[followup.Kind]int{}
	byCode := map[string]followup.Commitment{}
	for _, c := range cs {
		kinds[c.Kind]++
		byCode[c.Code] = c
		if c.Kind == followup.CBM && c.Source.Mark != framework.Reconstructed {
			t.Errorf("%s is not marked reconstructed", c.Code)
		}
		if c.Kind == followup.Recommendation && (len(c.Texts) != 1 || c.Texts["en"] == "" || c.Source.Symbol != "A/75/816" ||
			"rec."+c.Source.ParagraphNumber != c.Code) {
			t.Errorf("%s: %+v", c.Code, c)
		}
	}
	if kinds[followup.Recommendation] != 23 || kinds[followup.CBM] != 8 {
		t.Errorf("commitments by kind: %v", kinds)
	}
	if !strings.HasPrefix(byCode["rec.66"].Texts["en"], "States and other actors") || !strings.HasSuffix(byCode["rec.66"].Texts["en"], "should be further facilitated.") {
		t.Errorf("paragraph 66, across a page break: %q", byCode["rec.66"].Texts["en"])
	}
	if !strings.HasPrefix(byCode["rec.76"].Texts["en"], "States ensure the continuation") {
		t.Errorf("paragraph 76, after a footnote: %q", byCode["rec.76"].Texts["en"])
	}

	rec31 := byCode["rec.31"].ID
	for _, tc := range []struct {
		who      string
		actor    plenary.Actor
		counts   map[string]int
		noReport int
	}{
		{"public", plenary.Public("en"), map[string]int{"implemented": 2, "under_way": 1, "not_started": 1}, 191},
		{"a delegate", plenary.Actor{UserID: 999, Grants: []plenary.Grant{{Role: plenary.RoleDelegate, State: "DEU"}}},
			map[string]int{"implemented": 2, "under_way": 2, "not_started": 1}, 190},
		{"the Secretariat", sec, map[string]int{"implemented": 2, "under_way": 2, "not_started": 1}, 190},
	} {
		p, err := e.FollowUp.Progress(ctx, tc.actor, rec31)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total.NoReport != tc.noReport || len(p.Total.Counts) != len(tc.counts) {
			t.Errorf("%s: %+v", tc.who, p.Total)
		}
		for k, v := range tc.counts {
			if p.Total.Counts[k] != v {
				t.Errorf("%s: %s %d, want %d", tc.who, k, p.Total.Counts[k], v)
			}
		}
	}
	h, err := e.FollowUp.History(ctx, sec, rec31, "JPN")
	if err != nil || len(h) != 2 || !h[0].Withheld || h[1].Status != "under_way" {
		t.Errorf("Japan's history for the Secretariat: %+v %v", h, err)
	}
	if as, err := e.FollowUp.SurveyAnswers(ctx, plenary.Public("en"), rec31, "FRA"); err != nil || len(as) == 0 {
		t.Errorf("France's survey answers beside rec.31: %+v %v", as, err)
	}
	dump := string(e.Dump(t))
	if strings.Contains(dump, "publication awaits the Cabinet decision") {
		t.Error("Japan's private report is in clear in a copy of the database")
	}
	if !strings.Contains(dump, "KE-CIRT/CC runs sector drills") {
		t.Error("Kenya's report for States is not in the copy: the search would miss a leak")
	}
}
