package floor

import (
	"slices"
	"strings"
	"time"
)

// Tally is who took the floor and for how long, for one key of a breakdown (a regional
// group, a category, a gender; "" is unknown or not applicable).
type Tally struct {
	Key string
	// Speakers counts interventions: a delegate who took the floor twice counts twice,
	// as the time they spoke does.
	Speakers int
	Time     time.Duration
	// Share is Time as a fraction of the time of all the entries counted (0 to 1; 0 when
	// nobody spoke).
	Share float64
}

// Spoken is the time e spoke: its timer at the moment the floor passed on.
func Spoken(e Entry) time.Duration { return e.Timer.Elapsed(e.EndedAt) }

// Total counts the entries that are done; the speaker still speaking is not counted yet.
func Total(entries []Entry) Tally {
	var t Tally
	for _, e := range entries {
		if e.Status == Done {
			t.Speakers++
			t.Time += Spoken(e)
		}
	}
	if t.Time > 0 {
		t.Share = 1
	}
	return t
}

// ByRegionalGroup breaks the done entries down by the speaker's regional group;
// organizations, and States whose group is not recorded, are under "".
func ByRegionalGroup(entries []Entry) []Tally {
	return breakdown(entries, func(e Entry) string { return e.RegionalGroup })
}

// ByCategory breaks the done entries down by category.
func ByCategory(entries []Entry) []Tally {
	return breakdown(entries, func(e Entry) string { return string(e.Category) })
}

// ByGender breaks the done entries down by the speaker's gender; unknown, and anything
// other than the three recorded values, is under "".
func ByGender(entries []Entry) []Tally {
	return breakdown(entries, func(e Entry) string {
		switch e.Gender {
		case GenderFemale, GenderMale, GenderOther:
			return e.Gender
		}
		return ""
	})
}

// breakdown tallies the done entries by key. The rows are sorted by key, "" last, so that
// a table keeps the same rows in the same places from one meeting to the next; only keys
// that occur have a row.
func breakdown(entries []Entry, key func(Entry) string) []Tally {
	var out []Tally
	index := map[string]int{}
	total := Total(entries).Time
	for _, e := range entries {
		if e.Status != Done {
			continue
		}
		k := key(e)
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, Tally{Key: k})
		}
		out[i].Speakers++
		out[i].Time += Spoken(e)
	}
	for i := range out {
		if total > 0 {
			out[i].Share = float64(out[i].Time) / float64(total)
		}
	}
	slices.SortFunc(out, func(a, b Tally) int {
		switch {
		case a.Key == b.Key:
			return 0
		case a.Key == "":
			return 1
		case b.Key == "":
			return -1
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}
