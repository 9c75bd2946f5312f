package state_test

import (
	"context"
	"slices"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestList checks the shipped list the way its source's own checker does.
func TestList(t *testing.T) {
	states, err := state.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != 195 {
		t.Fatalf("%d States, want 193 Member States and 2 observers", len(states))
	}
	count := map[state.Group]int{}
	var members, observers []string
	seen := map[string]map[string]bool{}
	for _, s := range states {
		count[s.Group]++
		if s.Status == state.Member {
			members = append(members, s.ISO3)
		} else {
			observers = append(observers, s.ISO3)
		}
		for _, code := range []string{"iso3:" + s.ISO3, "iso2:" + s.ISO2, "m49:" + s.M49} {
			if seen["codes"] == nil {
				seen["codes"] = map[string]bool{}
			}
			if seen["codes"][code] {
				t.Errorf("duplicate %s", code)
			}
			seen["codes"][code] = true
		}
		for _, l := range plenary.Languages {
			if seen[l] == nil {
				seen[l] = map[string]bool{}
			}
			if seen[l][s.Names[l]] {
				t.Errorf("duplicate %s name %q", l, s.Names[l])
			}
			seen[l][s.Names[l]] = true
		}
	}
	if len(members) != 193 || len(observers) != 2 {
		t.Fatalf("%d members, %d observers", len(members), len(observers))
	}
	slices.Sort(observers)
	if !slices.Equal(observers, []string{"PSE", "VAT"}) {
		t.Fatalf("observers %v", observers)
	}
	want := map[state.Group]int{state.African: 54, state.AsiaPacific: 54, state.EasternEuropean: 23, state.GRULAC: 33, state.WEOG: 28, state.NoGroup: 3}
	for g, n := range want {
		if count[g] != n {
			t.Errorf("%s has %d States, want %d", g, count[g], n)
		}
	}
}

// TestSortByName sorts by each language's collation, not by code points.
func TestSortByName(t *testing.T) {
	states, err := state.Load()
	if err != nil {
		t.Fatal(err)
	}
	index := func(lang string, iso3 ...string) []int {
		sorted := slices.Clone(states)
		state.SortByName(sorted, lang)
		var out []int
		for _, code := range iso3 {
			out = append(out, slices.IndexFunc(sorted, func(s state.State) bool { return s.ISO3 == code }))
		}
		return out
	}
	// French: Égypte sorts among the E's (after Djibouti, before Érythrée and Espagne),
	// not after Zimbabwe as its É would by code point.
	fr := index("fr", "DJI", "EGY", "ERI", "ZWE")
	if !(fr[0] < fr[1] && fr[1] < fr[2] && fr[2] < fr[3]) {
		t.Errorf("French order of Djibouti, Égypte, Érythrée, Zimbabwe: %v", fr)
	}
	// Spanish: Islandia before Israel, and Ñ is not needed but accents are: Perú after Paraguay.
	es := index("es", "PRY", "PER")
	if es[0] > es[1] {
		t.Errorf("Spanish: Paraguay %d after Perú %d", es[0], es[1])
	}
	// Arabic names in Arabic order: the first is أثيوبيا/إثيوبيا or أذربيجان-like alef words, not a Latin letter.
	sorted := slices.Clone(states)
	state.SortByName(sorted, "ar")
	if r := []rune(sorted[0].Names["ar"])[0]; r < 0x0600 || r > 0x06FF {
		t.Errorf("the first Arabic name %q does not start with an Arabic letter", sorted[0].Names["ar"])
	}
}

func TestByGroup(t *testing.T) {
	states, _ := state.Load()
	groups := state.ByGroup(states, "en")
	if len(groups) != len(state.Groups) {
		t.Fatalf("%d groups", len(groups))
	}
	if groups[0].Group != state.African || groups[0].States[0].Names["en"] != "Algeria" {
		t.Fatalf("first group %s starts with %s", groups[0].Group, groups[0].States[0].Names["en"])
	}
}

func TestMain(m *testing.M) { testenv.Main(m) }

// TestService runs the service on a real store: only the system loads the list; anyone
// reads it.
func TestService(t *testing.T) {
	e := testenv.New(t)
	ctx := context.Background()
	if err := e.States.Sync(ctx, plenary.Public("en")); plenary.ErrorKind(err) != plenary.KindUnauthenticated {
		t.Fatalf("the public synced the list: %v", err)
	}
	if err := e.States.Sync(ctx, plenary.System("migrate")); err != nil {
		t.Fatal(err)
	}
	s, err := e.States.Get(ctx, plenary.Public("en"), "fra")
	if err != nil || s.ISO3 != "FRA" || s.Name("ru") != "Франция" {
		t.Fatalf("%v %v", s, err)
	}
	if _, err := e.States.Get(ctx, plenary.Public("en"), "XYZ"); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Fatal(err)
	}
	ok, err := e.States.Exists(ctx, "PSE")
	if err != nil || !ok {
		t.Fatalf("PSE exists: %v %v", ok, err)
	}
}
