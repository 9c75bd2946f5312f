package floor_test

import (
	"slices"
	"testing"
	"time"

	"github.com/plenary-platform/plenary/internal/floor"
)

func TestStatistics(t *testing.T) {
	// spoke makes a finished entry that spoke for minutes, with one pause.
	spoke := func(e floor.Entry, minutes int, region, gender string) floor.Entry {
		e.Status, e.RegionalGroup, e.Gender = floor.Done, region, gender
		e.StartedAt = at(0)
		e.EndedAt = at(minutes + 1)
		e.Timer = floor.Timer{Limit: 3 * time.Minute}.Start(at(0)).Pause(at(1)).Resume(at(2)).Pause(e.EndedAt)
		return e
	}
	entries := []floor.Entry{
		spoke(national(1, "FRA", 0), 3, "WEOG", floor.GenderFemale),
		spoke(national(2, "BRA", 0), 2, "GRULAC", floor.GenderMale),
		spoke(national(3, "DEU", 0), 1, "WEOG", floor.GenderMale),
		spoke(org(4, floor.IntergovernmentalOrganization, 7, 0), 2, "", ""),
		spoke(org(5, floor.Stakeholder, 40, 0), 2, "", "F"), // not a recorded value: unknown
		// Not counted: still speaking, waiting, withdrawn.
		with(national(6, "KEN", 0), floor.Speaking),
		national(7, "IND", 0),
		with(national(8, "JPN", 0), floor.Withdrawn),
	}
	// A speaker whose timer was left running is counted up to when the floor passed on.
	running := national(9, "KEN", 0)
	running.Status, running.RegionalGroup, running.Gender = floor.Done, "African", floor.GenderOther
	running.Timer, running.EndedAt = floor.Timer{}.Start(at(0)), at(7)

	if got, want := floor.Total(entries), (floor.Tally{Speakers: 5, Time: 10 * time.Minute, Share: 1}); got != want {
		t.Errorf("total %+v, want %+v", got, want)
	}
	m := time.Minute
	for _, tc := range []struct {
		name string
		got  []floor.Tally
		want []floor.Tally
	}{
		{"by regional group", floor.ByRegionalGroup(entries), []floor.Tally{
			{"GRULAC", 1, 2 * m, 0.2}, {"WEOG", 2, 4 * m, 0.4}, {"", 2, 4 * m, 0.4},
		}},
		{"by category", floor.ByCategory(entries), []floor.Tally{
			{"igo", 1, 2 * m, 0.2}, {"member_state", 3, 6 * m, 0.6}, {"stakeholder", 1, 2 * m, 0.2},
		}},
		{"by gender", floor.ByGender(entries), []floor.Tally{
			{"female", 1, 3 * m, 0.3}, {"male", 2, 3 * m, 0.3}, {"", 2, 4 * m, 0.4},
		}},
		{"by gender, with a timer left running", floor.ByGender([]floor.Entry{entries[0], running}), []floor.Tally{
			{"female", 1, 3 * m, 0.3}, {"other", 1, 7 * m, 0.7},
		}},
		{"nobody spoke", floor.ByRegionalGroup(entries[5:]), nil},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, tc.got, tc.want)
		}
	}
	if got := floor.Total(nil); got != (floor.Tally{}) {
		t.Errorf("total of nothing: %+v", got)
	}
}
