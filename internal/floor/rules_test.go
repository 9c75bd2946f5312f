package floor_test

import (
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/floor"
)

// t0 is the opening of a meeting at Headquarters.
var t0 = time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)

func at(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }

// Entries of each kind, waiting, inscribed minutes after t0.
func national(id int64, iso3 string, minutes int) floor.Entry {
	return floor.Entry{ID: id, Category: floor.MemberState, State: iso3, Kind: floor.Statement, Status: floor.Waiting, InscribedAt: at(minutes)}
}

func group(id int64, iso3, name string, minutes int) floor.Entry {
	return speaksFor(national(id, iso3, minutes), name)
}

func speaksFor(e floor.Entry, group string) floor.Entry { e.Group = group; return e }

func observer(id int64, iso3 string, minutes int) floor.Entry {
	e := national(id, iso3, minutes)
	e.Category = floor.ObserverState
	return e
}

func org(id int64, c floor.Category, orgID int64, minutes int) floor.Entry {
	return floor.Entry{ID: id, Category: c, OrganizationID: orgID, Kind: floor.Statement, Status: floor.Waiting, InscribedAt: at(minutes)}
}

func reply(id int64, iso3 string, minutes int) floor.Entry {
	e := national(id, iso3, minutes)
	e.Kind = floor.RightOfReply
	return e
}

func point(id int64, iso3 string, minutes int) floor.Entry {
	e := national(id, iso3, minutes)
	e.Kind = floor.PointOfOrder
	return e
}

func category(e floor.Entry, c floor.Category) floor.Entry { e.Category = c; return e }

func with(e floor.Entry, s floor.Status) floor.Entry { e.Status = s; return e }

func placed(e floor.Entry, position int) floor.Entry { e.Position = position; return e }

func ids(entries []floor.Entry) []int64 {
	var out []int64
	for _, e := range entries {
		out = append(out, e.ID)
	}
	return out
}

func TestOrder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		entries []floor.Entry
		want    []int64
	}{
		{
			name: "default order across every category",
			entries: []floor.Entry{
				org(2, floor.Stakeholder, 40, 0),
				national(1, "FRA", 0),
				org(3, floor.IntergovernmentalOrganization, 7, 1),
				observer(4, "VAT", 2),
				national(14, "IND", 3), // inscribed in the same instant as Brazil, later ID
				national(5, "BRA", 3),
				group(6, "IRQ", "Group of 77 and China", 4),
				reply(7, "RUS", 5),
				point(8, "USA", 6),
				// The European Union is inscribed among the groups (resolution 65/276).
				speaksFor(org(9, floor.IntergovernmentalOrganization, 9, 7), "European Union"),
				point(10, "CHN", 1),
				reply(11, "UKR", 2),
				with(national(12, "DEU", -10), floor.Done),
				with(national(13, "JPN", -5), floor.Withdrawn),
				with(national(15, "KEN", -1), floor.Speaking),
			},
			// points of order; groups; Member States; observer States; organizations;
			// stakeholders; rights of reply.
			want: []int64{10, 8, 6, 9, 1, 5, 14, 4, 3, 2, 11, 7},
		},
		{
			name: "an observer State chairing a group speaks among the groups",
			entries: []floor.Entry{
				national(1, "FRA", 0),
				speaksFor(observer(2, "PSE", 5), "Group of 77 and China"),
			},
			want: []int64{2, 1},
		},
		{
			name: "joint statements first in a stakeholder segment",
			entries: []floor.Entry{
				org(1, floor.Stakeholder, 40, 0),
				speaksFor(org(2, floor.Stakeholder, 41, 3), "Coalition for Cyber Peace"),
				org(3, floor.Stakeholder, 42, 1),
			},
			want: []int64{2, 1, 3},
		},
		{
			name: "the Chair's order stands, later inscriptions fit around it",
			entries: []floor.Entry{
				// The Chair's order: a Member State, a reply the Chair took early, an
				// observer State ahead of a group, then a reply kept for the end.
				placed(national(1, "FRA", 0), 1),
				placed(reply(2, "RUS", 1), 2),
				placed(observer(3, "VAT", 2), 3),
				placed(group(4, "EGY", "Arab Group", 3), 4),
				placed(reply(5, "UKR", 4), 5),
				// Inscribed since.
				national(6, "BRA", 10),
				group(7, "IRQ", "Group of 77 and China", 11),
				reply(8, "ARM", 12),
				point(9, "USA", 13),
				with(placed(national(10, "DEU", -1), 1), floor.Done), // an old place no longer counts
			},
			// New statements after the Chair's last statement (the Arab Group), in the
			// default order among themselves; the reply the Chair kept for the end stays
			// behind them; the new reply comes last; the point of order comes first.
			want: []int64{9, 1, 2, 3, 4, 7, 6, 5, 8},
		},
		{
			name: "placed entries with equal positions fall back on the default rule",
			entries: []floor.Entry{
				placed(national(1, "FRA", 0), 1),
				placed(group(2, "IRQ", "Group of 77 and China", 5), 1),
			},
			want: []int64{2, 1},
		},
		{
			name: "a Chair's order of replies only: new statements before them",
			entries: []floor.Entry{
				placed(reply(1, "RUS", 0), 2),
				placed(reply(2, "UKR", 1), 1),
				national(3, "BRA", 5),
			},
			want: []int64{3, 2, 1},
		},
		{name: "nobody waiting", entries: []floor.Entry{with(national(1, "FRA", 0), floor.Done)}, want: nil},
	} {
		in := slices.Clone(tc.entries)
		if got := ids(floor.Order(in)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		if !slices.Equal(in, tc.entries) {
			t.Errorf("%s: Order changed its argument", tc.name)
		}
	}
}

func TestReorder(t *testing.T) {
	entries := []floor.Entry{
		national(1, "FRA", 0),
		group(2, "IRQ", "Group of 77 and China", 1),
		reply(3, "RUS", 2),
		point(4, "USA", 3),
		with(national(5, "DEU", -1), floor.Done),
		with(national(6, "JPN", -1), floor.Withdrawn),
	}
	// The Chair puts the reply first and France before the group.
	got, err := floor.Reorder(entries, []int64{3, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if o := ids(floor.Order(got)); !slices.Equal(o, []int64{4, 3, 1, 2}) {
		t.Errorf("after the Chair's reorder: %v, want the point of order, then 3 1 2", o)
	}
	positions := map[int64]int{}
	for _, e := range got {
		positions[e.ID] = e.Position
	}
	if want := map[int64]int{1: 2, 2: 3, 3: 1, 4: 0, 5: 0, 6: 0}; !maps.Equal(positions, want) {
		t.Errorf("positions %v, want %v", positions, want)
	}
	if entries[2].Position != 0 {
		t.Error("Reorder changed its argument")
	}
	// Someone inscribed after the Chair reordered: they come after the Chair's statements.
	later := append(got, national(7, "BRA", 9))
	if o := ids(floor.Order(later)); !slices.Equal(o, []int64{4, 3, 1, 2, 7}) {
		t.Errorf("with a later inscription: %v", o)
	}

	for _, tc := range []struct {
		name string
		ids  []int64
	}{
		{"one missing (inscribed since the Chair looked)", []int64{3, 1}},
		{"an unknown entry", []int64{3, 1, 2, 99}},
		{"an unknown entry in place of a waiting one", []int64{3, 1, 99}},
		{"twice the same", []int64{3, 1, 1}},
		{"twice the same, one missing, right length", []int64{3, 3, 1}},
		{"one that has spoken", []int64{3, 1, 2, 5}},
		{"one withdrawn", []int64{3, 1, 6}},
		{"the point of order", []int64{4, 3, 1, 2}},
		{"nothing", nil},
	} {
		_, err := floor.Reorder(entries, tc.ids)
		if !errors.Is(err, floor.ErrStaleOrder) {
			t.Errorf("%s: %v, want ErrStaleOrder", tc.name, err)
		}
	}
}

func TestCanInscribe(t *testing.T) {
	open, closed := floor.List{}, floor.List{Closed: true}
	segment := floor.List{StakeholderSegment: true}
	igo := func(id, orgID int64) floor.Entry { return org(id, floor.IntergovernmentalOrganization, orgID, 0) }
	ngo := func(id, orgID int64) floor.Entry { return org(id, floor.Stakeholder, orgID, 0) }
	kind := func(e floor.Entry, k floor.Kind) floor.Entry { e.Kind = k; return e }
	errInvalid := plenary.ErrInvalid
	for _, tc := range []struct {
		name    string
		list    floor.List
		entries []floor.Entry
		e       floor.Entry
		want    error
	}{
		{"a first statement", open, nil, national(0, "FRA", 1), nil},
		{"a second waiting statement", open, []floor.Entry{national(1, "FRA", 0)}, national(0, "FRA", 1), floor.ErrAlreadyInscribed},
		{"another State's statement does not block", open, []floor.Entry{national(1, "DEU", 0)}, national(0, "FRA", 1), nil},
		{"after speaking, a new statement", open, []floor.Entry{with(national(1, "FRA", 0), floor.Done)}, national(0, "FRA", 1), nil},
		{"after withdrawing, a new statement", open, []floor.Entry{with(national(1, "FRA", 0), floor.Withdrawn)}, national(0, "FRA", 1), nil},
		{"a group's chair speaks nationally too", open, []floor.Entry{group(1, "IRQ", "Group of 77 and China", 0)}, national(0, "IRQ", 1), nil},
		{"and for its group while its national statement waits", open, []floor.Entry{national(1, "IRQ", 0)}, group(0, "IRQ", "Group of 77 and China", 1), nil},
		{"the same group twice by the same State", open, []floor.Entry{group(1, "IRQ", "Group of 77 and China", 0)}, group(0, "IRQ", "Group of 77 and China", 1), floor.ErrAlreadyInscribed},
		{"the same group by another State, spelt differently", open, []floor.Entry{group(1, "IRQ", "Group of 77 and China", 0)}, group(0, "EGY", " group of 77  and China", 1), floor.ErrGroupInscribed},
		{"two different groups", open, []floor.Entry{group(1, "EGY", "Arab Group", 0)}, group(0, "EGY", "African Group", 1), nil},
		{"an organization twice", open, []floor.Entry{igo(1, 7)}, igo(0, 7), floor.ErrAlreadyInscribed},
		{"two organizations", open, []floor.Entry{igo(1, 7)}, igo(0, 8), nil},
		{"an entry is not its own duplicate", open, []floor.Entry{national(1, "FRA", 0)}, national(1, "FRA", 0), nil},

		{"a reply while a statement waits", open, []floor.Entry{national(1, "RUS", 0)}, reply(0, "RUS", 1), nil},
		{"a point of order while a statement waits", open, []floor.Entry{national(1, "USA", 0)}, point(0, "USA", 1), nil},
		{"a second waiting point of order", open, []floor.Entry{point(1, "USA", 0)}, point(0, "USA", 1), floor.ErrAlreadyInscribed},
		{"a second reply while the first waits", open, []floor.Entry{reply(1, "RUS", 0)}, reply(0, "RUS", 1), floor.ErrReplyWaiting},
		{"a second reply once the first was heard", open, []floor.Entry{with(reply(1, "RUS", 0), floor.Done)}, reply(0, "RUS", 1), nil},
		{"a second reply while the first is being made", open, []floor.Entry{with(reply(1, "RUS", 0), floor.Speaking)}, reply(0, "RUS", 1), nil},
		{"a third reply", open, []floor.Entry{with(reply(1, "RUS", 0), floor.Done), with(reply(2, "RUS", 1), floor.Done)}, reply(0, "RUS", 2), floor.ErrReplyLimit},
		{"a withdrawn reply is not counted", open, []floor.Entry{with(reply(1, "RUS", 0), floor.Done), with(reply(2, "RUS", 1), floor.Withdrawn)}, reply(0, "RUS", 2), nil},
		{"others' replies are not counted", open, []floor.Entry{with(reply(1, "UKR", 0), floor.Done), with(reply(2, "UKR", 1), floor.Done)}, reply(0, "RUS", 2), nil},
		{"the European Union replies", open, nil, kind(igo(0, 9), floor.RightOfReply), nil},

		{"a closed list refuses a statement", closed, nil, national(0, "FRA", 1), floor.ErrListClosed},
		{"a closed list takes a reply", closed, nil, reply(0, "RUS", 1), nil},
		{"a closed list takes a point of order", closed, nil, point(0, "USA", 1), nil},

		{"a stakeholder on the States' list", open, nil, ngo(0, 40), floor.ErrStakeholderSegment},
		{"a stakeholder in its segment", segment, nil, ngo(0, 40), nil},
		{"a stakeholder twice in its segment", segment, []floor.Entry{ngo(1, 40)}, ngo(0, 40), floor.ErrAlreadyInscribed},
		{"a closed stakeholder segment", floor.List{StakeholderSegment: true, Closed: true}, nil, ngo(0, 40), floor.ErrListClosed},
		{"a Member State's statement in a stakeholder segment", segment, nil, national(0, "FRA", 1), floor.ErrStakeholdersOnly},
		{"an organization's statement in a stakeholder segment", segment, nil, igo(0, 7), floor.ErrStakeholdersOnly},
		{"a State's reply in a stakeholder segment", segment, nil, reply(0, "RUS", 1), floor.ErrStakeholdersOnly},
		{"a State's point of order in a stakeholder segment", segment, nil, point(0, "USA", 1), nil},

		{"a stakeholder's reply", segment, nil, kind(ngo(0, 40), floor.RightOfReply), floor.ErrNotEntitled},
		{"a stakeholder's point of order", segment, nil, kind(ngo(0, 40), floor.PointOfOrder), floor.ErrNotEntitled},
		{"an organization's point of order", open, nil, kind(igo(0, 7), floor.PointOfOrder), floor.ErrNotEntitled},

		{"a State without its code", open, nil, national(0, "", 1), errInvalid},
		{"an organization without its ID", open, nil, igo(0, 0), errInvalid},
		{"an unknown kind", open, nil, kind(national(0, "FRA", 1), "motion"), errInvalid},
		{"an unknown category", open, nil, category(national(0, "FRA", 1), "chair"), errInvalid},
	} {
		err := floor.CanInscribe(tc.list, tc.entries, tc.e)
		switch {
		case tc.want == nil && err != nil:
			t.Errorf("%s: %v, want it accepted", tc.name, err)
		case tc.want != nil && !errors.Is(err, tc.want):
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}

	// The refusals are conflicts the pages show in the user's language.
	err := floor.CanInscribe(open, []floor.Entry{national(1, "FRA", 0)}, national(0, "FRA", 1))
	if !errors.Is(err, plenary.ErrConflict) {
		t.Errorf("kind %v, want conflict", plenary.ErrorKind(err))
	}
	if msg, _ := plenary.ErrorMessage(err); msg != "floor.already_inscribed" {
		t.Errorf("message %q", msg)
	}
	if errors.Is(err, floor.ErrGroupInscribed) {
		t.Error("one sentinel matches another")
	}
}

func TestNext(t *testing.T) {
	limits := floor.DefaultLimits()
	start := func(e floor.Entry, limit time.Duration) floor.Entry {
		e.Timer.Limit = limit
		return e
	}
	entries := []floor.Entry{
		start(national(1, "FRA", 0), limits.Statement),
		start(national(2, "BRA", 1), limits.Statement),
		start(group(3, "IRQ", "Group of 77 and China", 2), limits.GroupStatement),
	}

	// The Chair opens the list at 15:10: the group speaks first.
	s1 := floor.Next(entries, at(10))
	if cur, ok := floor.Current(s1); !ok || cur.ID != 3 || !cur.StartedAt.Equal(at(10)) || !cur.Timer.Running() || cur.Timer.Limit != 5*time.Minute {
		t.Fatalf("first speaker: %+v", cur)
	}
	if entries[2].Status != floor.Waiting {
		t.Error("Next changed its argument")
	}

	// The group speaks six minutes with one minute paused (interpretation failed).
	cur, _ := floor.Current(s1)
	for i := range s1 {
		if s1[i].ID == cur.ID {
			s1[i].Timer = s1[i].Timer.Pause(at(12)).Resume(at(13))
		}
	}
	s2 := floor.Next(s1, at(16))
	byID := func(es []floor.Entry, id int64) floor.Entry {
		for _, e := range es {
			if e.ID == id {
				return e
			}
		}
		t.Fatalf("no entry %d", id)
		return floor.Entry{}
	}
	g := byID(s2, 3)
	if g.Status != floor.Done || !g.EndedAt.Equal(at(16)) || g.Timer.Running() || floor.Spoken(g) != 5*time.Minute {
		t.Errorf("the group after Next: %s, ended %v, spoke %v", g.Status, g.EndedAt, floor.Spoken(g))
	}
	if cur, _ := floor.Current(s2); cur.ID != 1 {
		t.Errorf("second speaker %d, want France (inscribed before Brazil)", cur.ID)
	}

	// A point of order raised now is heard next, before Brazil.
	s2 = append(s2, point(4, "USA", 17))
	s3 := floor.Next(s2, at(19))
	if cur, _ := floor.Current(s3); cur.ID != 4 {
		t.Errorf("third speaker %d, want the point of order", cur.ID)
	}
	if f := byID(s3, 1); f.Status != floor.Done || floor.Spoken(f) != 3*time.Minute {
		t.Errorf("France: %s, %v", f.Status, floor.Spoken(f))
	}
	s4 := floor.Next(floor.Next(s3, at(20)), at(24))
	if _, ok := floor.Current(s4); ok {
		t.Error("someone speaks after the last speaker")
	}
	for _, e := range s4 {
		if e.Status != floor.Done {
			t.Errorf("entry %d is %s, want done", e.ID, e.Status)
		}
	}
	if b := byID(s4, 2); floor.Spoken(b) != 4*time.Minute || !b.StartedAt.Equal(at(20)) {
		t.Errorf("Brazil spoke %v from %v", floor.Spoken(b), b.StartedAt)
	}
	// Next on a silent list changes nothing.
	if s5 := floor.Next(s4, at(30)); !slices.Equal(s5, s4) {
		t.Error("Next on a finished list changed it")
	}
}

// TestMove: one entry moved first, up, down or last gives the order Reorder takes;
// points of order stay out of it, and only waiting entries move.
func TestMove(t *testing.T) {
	entries := []floor.Entry{national(1, "FRA", 1), national(2, "BRA", 2), national(3, "KEN", 3), point(4, "EGY", 4),
		with(national(5, "CHN", 0), floor.Done)}
	for _, c := range []struct {
		id   int64
		to   string
		want []int64
	}{
		{3, "first", []int64{3, 1, 2}}, {3, "up", []int64{1, 3, 2}}, {1, "up", []int64{1, 2, 3}},
		{1, "down", []int64{2, 1, 3}}, {3, "down", []int64{1, 2, 3}}, {1, "last", []int64{2, 3, 1}},
	} {
		got, err := floor.Move(entries, c.id, c.to)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("move %d %s: %v %v, want %v", c.id, c.to, got, err, c.want)
		}
		if _, err := floor.Reorder(entries, got); err != nil {
			t.Errorf("move %d %s: Reorder refuses %v: %v", c.id, c.to, got, err)
		}
	}
	for _, id := range []int64{4, 5, 99} {
		if _, err := floor.Move(entries, id, "first"); plenary.ErrorKind(err) != plenary.KindConflict {
			t.Errorf("move %d: %v, want a conflict", id, err)
		}
	}
	if _, err := floor.Move(entries, 1, "sideways"); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Errorf("sideways: %v, want invalid", err)
	}
}
