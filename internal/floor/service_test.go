package floor_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

// room is a meeting with its people: the Chair, delegates of Member States and of an
// observer State, an intergovernmental observer and a stakeholder.
type room struct {
	e                       *testenv.Env
	body                    body.Body
	meeting                 meeting.Meeting
	chair, fra, bra, pse    plenary.Actor
	eu, ngoRep              plenary.Actor
	euOrg, ngo              organization.Organization
	secretariat, publicRead plenary.Actor
}

func newRoom(t *testing.T) *room {
	t.Helper()
	e := testenv.New(t)
	r := &room{e: e, publicRead: plenary.Public("en")}
	sys := plenary.System("test")
	r.body, r.meeting = e.Meeting(t, true)
	var err error
	if r.euOrg, err = e.Organizations.Create(ctx, sys, organization.Input{Type: organization.Intergovernmental, HQState: "BEL", Names: plenary.Localized{"en": "European Union"}}); err != nil {
		t.Fatal(err)
	}
	if r.ngo, err = e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "KEN", Names: plenary.Localized{"en": "Nairobi Forum"}}); err != nil {
		t.Fatal(err)
	}
	actor := func(email string, g ...plenary.Grant) plenary.Actor {
		return e.Actor(t, e.CreateUser(t, email, email[:4], g...))
	}
	r.secretariat = actor("sec@example.org", plenary.Grant{Role: plenary.RoleSecretariat})
	r.chair = actor("chair@example.org", plenary.Grant{Role: plenary.RoleChair})
	r.fra = actor("fra@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	r.bra = actor("bra@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "BRA"})
	r.pse = actor("pse@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "PSE"})
	r.eu = actor("eu@example.org", plenary.Grant{Role: plenary.RoleObserver, OrganizationID: r.euOrg.ID})
	r.ngoRep = actor("ngo@example.org", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: r.ngo.ID})
	return r
}

func (r *room) list(t *testing.T, segment bool) floor.SpeakerList {
	t.Helper()
	l, err := r.e.Floor.OpenList(ctx, r.chair, r.meeting.ID, 0, segment)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func (r *room) get(t *testing.T, id int64) floor.SpeakerList {
	t.Helper()
	l, _, err := r.e.Floor.Get(ctx, r.publicRead, id)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func names(es []floor.Entry) string {
	s := ""
	for _, e := range es {
		if e.State != "" {
			s += e.State
		} else {
			s += fmt.Sprintf("org%d", e.OrganizationID)
		}
		if e.Group != "" {
			s += "(group)"
		}
		s += " "
	}
	return s
}

// TestRunningTheList: delegations inscribe, the default order applies, the Chair
// reorders, gives the floor and pauses the timer; the statistics count what was said.
func TestRunningTheList(t *testing.T) {
	r := newRoom(t)
	l := r.list(t, false)
	inscribe := func(who plenary.Actor, in floor.InscribeInput) floor.Entry {
		t.Helper()
		e, err := r.e.Floor.Inscribe(ctx, who, l.ID, in)
		if err != nil {
			t.Fatalf("%+v: %v", in, err)
		}
		r.e.Clock.Advance(time.Second)
		return e
	}
	inscribe(r.fra, floor.InscribeInput{State: "FRA", Gender: floor.GenderFemale})
	inscribe(r.pse, floor.InscribeInput{State: "PSE"})
	eu := inscribe(r.eu, floor.InscribeInput{OrganizationID: r.euOrg.ID})
	inscribe(r.bra, floor.InscribeInput{State: "BRA", Group: "Group of 77 and China"})
	if eu.Category != floor.IntergovernmentalOrganization {
		t.Errorf("an observer's category: %s", eu.Category)
	}
	l = r.get(t, l.ID)
	if got := names(l.Waiting()); got != fmt.Sprintf("BRA(group) FRA PSE org%d ", r.euOrg.ID) {
		t.Errorf("default order: %s", got)
	}
	if l.Entries[1].Category != floor.ObserverState || l.Entries[0].RegionalGroup != "WEOG" {
		t.Errorf("categories: %+v", l.Entries[:2])
	}

	// The Chair reorders as seen at this version; a stale order is refused.
	w := l.Waiting()
	ids := []int64{w[1].ID, w[0].ID, w[2].ID, w[3].ID}
	if err := r.e.Floor.Reorder(ctx, r.chair, l.ID, l.Version-1, ids); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("a stale order: %v", err)
	}
	if err := r.e.Floor.Reorder(ctx, r.chair, l.ID, l.Version, ids); err != nil {
		t.Fatal(err)
	}
	if got := names(r.get(t, l.ID).Waiting()); got != fmt.Sprintf("FRA BRA(group) PSE org%d ", r.euOrg.ID) {
		t.Errorf("after the reorder: %s", got)
	}

	// The floor: France speaks 2 minutes, with a pause of 30 seconds; then Brazil.
	cur, err := r.e.Floor.Next(ctx, r.chair, l.ID)
	if err != nil || cur.State != "FRA" {
		t.Fatalf("first speaker: %+v, %v", cur, err)
	}
	r.e.Clock.Advance(time.Minute)
	if err := r.e.Floor.PauseTimer(ctx, r.chair, l.ID, true); err != nil {
		t.Fatal(err)
	}
	r.e.Clock.Advance(30 * time.Second)
	if err := r.e.Floor.PauseTimer(ctx, r.chair, l.ID, false); err != nil {
		t.Fatal(err)
	}
	r.e.Clock.Advance(time.Minute)
	if cur, err = r.e.Floor.Next(ctx, r.chair, l.ID); err != nil || cur.State != "BRA" {
		t.Fatalf("second speaker: %+v, %v", cur, err)
	}
	if cur.Timer.Limit != 5*time.Minute {
		t.Errorf("a group statement's limit: %s", cur.Timer.Limit)
	}
	r.e.Clock.Advance(4 * time.Minute)
	if _, err := r.e.Floor.Next(ctx, r.chair, l.ID); err != nil {
		t.Fatal(err)
	}
	st, err := r.e.Floor.Statistics(ctx, r.publicRead, r.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Total.Time != 6*time.Minute || st.Total.Speakers != 2 {
		t.Errorf("total: %+v", st.Total)
	}
	for _, g := range st.RegionalGroup {
		if g.Key == "WEOG" && g.Time != 2*time.Minute {
			t.Errorf("WEOG spoke %s", g.Time)
		}
		if g.Key == "GRULAC" && g.Time != 4*time.Minute {
			t.Errorf("GRULAC spoke %s", g.Time)
		}
	}

	// Closing the list refuses statements but takes a right of reply.
	if err := r.e.Floor.SetClosed(ctx, r.chair, l.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.Floor.Inscribe(ctx, r.fra, l.ID, floor.InscribeInput{State: "FRA"}); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("a statement on a closed list: %v", err)
	}
	inscribe(r.fra, floor.InscribeInput{State: "FRA", Kind: floor.RightOfReply})
}

// TestWhoInscribes: a delegate inscribes only their State; a stakeholder only in the
// stakeholder segment and only when accredited; nobody else runs the floor.
func TestWhoInscribes(t *testing.T) {
	r := newRoom(t)
	states := r.list(t, false)
	segment := r.list(t, true)
	for _, tc := range []struct {
		name string
		who  plenary.Actor
		list int64
		in   floor.InscribeInput
		want plenary.Kind // 0: accepted
	}{
		{"France for Brazil", r.fra, states.ID, floor.InscribeInput{State: "BRA"}, plenary.KindForbidden},
		{"a stakeholder on the States' list", r.ngoRep, states.ID, floor.InscribeInput{OrganizationID: r.ngo.ID}, plenary.KindConflict},
		{"a stakeholder not accredited", r.ngoRep, segment.ID, floor.InscribeInput{OrganizationID: r.ngo.ID}, plenary.KindConflict},
		{"a stakeholder for another organization", r.ngoRep, segment.ID, floor.InscribeInput{OrganizationID: r.euOrg.ID}, plenary.KindForbidden},
		{"the public", r.publicRead, states.ID, floor.InscribeInput{State: "FRA"}, plenary.KindUnauthenticated},
		{"an unknown State", r.chair, states.ID, floor.InscribeInput{State: "XXX"}, plenary.KindInvalid},
		{"the Chair for France", r.chair, states.ID, floor.InscribeInput{State: "FRA"}, 0},
		{"France twice", r.fra, states.ID, floor.InscribeInput{State: "FRA"}, plenary.KindConflict},
	} {
		_, err := r.e.Floor.Inscribe(ctx, tc.who, tc.list, tc.in)
		if got := plenary.ErrorKind(err); (tc.want == 0) != (err == nil) || (tc.want != 0 && got != tc.want) {
			t.Errorf("%s: %v (kind %s), want %s", tc.name, err, got, tc.want)
		}
	}
	for _, who := range []plenary.Actor{r.fra, r.ngoRep, r.publicRead} {
		if _, err := r.e.Floor.Next(ctx, who, states.ID); err == nil {
			t.Errorf("%s gave the floor", who.Name)
		}
		if _, err := r.e.Floor.OpenList(ctx, who, r.meeting.ID, 0, false); err == nil {
			t.Errorf("%s opened a list", who.Name)
		}
	}
	// Brazil may not withdraw France's request; France may.
	l := r.get(t, states.ID)
	if err := r.e.Floor.Withdraw(ctx, r.bra, l.ID, l.Entries[0].ID); err == nil {
		t.Error("Brazil withdrew France's request")
	}
	if err := r.e.Floor.Withdraw(ctx, r.fra, l.ID, l.Entries[0].ID); err != nil {
		t.Error(err)
	}
}

// TestConcurrentChairAndDelegates: delegations inscribe while the Chair gives the floor
// and reorders, all at once; nothing is lost, nobody is twice on the list, at most one
// person has the floor, and every change has its own version.
func TestConcurrentChairAndDelegates(t *testing.T) {
	r := newRoom(t)
	l := r.list(t, false)
	states := []string{"FRA", "BRA", "KEN", "IND", "CHN", "RUS", "USA", "EGY", "MEX", "JPN", "DEU", "ZAF"}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for _, s := range states {
		delegate := r.chair // the Chair inscribes on their behalf, in parallel
		wg.Go(func() {
			if _, err := r.e.Floor.Inscribe(ctx, delegate, l.ID, floor.InscribeInput{State: s}); err != nil {
				errs <- fmt.Errorf("inscribe %s: %w", s, err)
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			if _, err := r.e.Floor.Next(ctx, r.chair, l.ID); err != nil {
				errs <- fmt.Errorf("next: %w", err)
			}
		})
		wg.Go(func() {
			cur, _, err := r.e.Floor.Get(ctx, r.chair, l.ID)
			if err != nil {
				errs <- err
				return
			}
			var ids []int64
			for _, e := range cur.Waiting() {
				if e.Kind != floor.PointOfOrder {
					ids = append([]int64{e.ID}, ids...)
				}
			}
			// A reorder may meet a list changed since it was read: refused, never applied
			// blindly.
			if err := r.e.Floor.Reorder(ctx, r.chair, l.ID, cur.Version, ids); err != nil && plenary.ErrorKind(err) != plenary.KindConflict {
				errs <- fmt.Errorf("reorder: %w", err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	final := r.get(t, l.ID)
	if len(final.Entries) != len(states) {
		t.Fatalf("%d entries for %d inscriptions", len(final.Entries), len(states))
	}
	seen, speaking := map[string]bool{}, 0
	for _, e := range final.Entries {
		if seen[e.State] {
			t.Errorf("%s twice", e.State)
		}
		seen[e.State] = true
		if e.Status == floor.Speaking {
			speaking++
		}
	}
	if speaking > 1 {
		t.Errorf("%d speakers at once", speaking)
	}
	if final.Version < len(states)+4 {
		t.Errorf("version %d after at least %d changes", final.Version, len(states)+4)
	}
	if w := final.Waiting(); len(w)+len(final.Spoken())+speaking != len(states) {
		t.Errorf("waiting %d + spoken %d + speaking %d != %d", len(w), len(final.Spoken()), speaking, len(states))
	}
}

// TestHub: a subscriber learns the newest version; one that lags gets only the newest.
func TestHub(t *testing.T) {
	h := floor.NewHub()
	c, stop := h.Subscribe(7)
	h.Publish(7, 1)
	h.Publish(7, 2)
	h.Publish(7, 1) // late and older: ignored
	h.Publish(8, 5) // another list
	if v := <-c; v != 2 {
		t.Errorf("got version %d", v)
	}
	select {
	case v := <-c:
		t.Errorf("a second value %d", v)
	default:
	}
	if h.Subscribers(7) != 1 {
		t.Error("not counted")
	}
	stop()
	if h.Subscribers(7) != 0 {
		t.Error("not removed")
	}
}

// TestCapacities: the choices of the inscription form are the names each role may speak
// in: the Chair and the Secretariat any State on the States' list (sorted in
// the reader's language) and the accredited organizations in the stakeholder segment; a
// delegate their State; an observer and a focal point their organization; the public
// nothing. A choice offered on the right list is accepted by Inscribe.
func TestCapacities(t *testing.T) {
	r := newRoom(t)
	states, segment := r.list(t, false), r.list(t, true)
	gni, err := r.e.Organizations.Create(ctx, plenary.System("test"), organization.Input{Type: organization.NGO, HQState: "USA",
		ECOSOC: organization.SpecialStatus, Names: plenary.Localized{"en": "Global Network Initiative", "fr": "Initiative mondiale des réseaux"}})
	if err != nil {
		t.Fatal(err)
	}
	focal := r.e.Actor(t, r.e.CreateUser(t, "gni@example.org", "Gni", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: gni.ID}))
	r.e.Accredit(t, r.secretariat, focal, r.body.ID, gni.ID)
	type want struct {
		list  int64
		first string // the first choice's name in French
		n     int
	}
	for _, tc := range []struct {
		name string
		who  plenary.Actor
		want []want
	}{
		{"the Chair", r.chair, []want{{states.ID, "Afghanistan", 195}, {segment.ID, "Initiative mondiale des réseaux", 1}}},
		{"the Secretariat", r.secretariat, []want{{states.ID, "Afghanistan", 195}, {segment.ID, "Initiative mondiale des réseaux", 1}}},
		{"France's delegate", r.fra, []want{{states.ID, "France", 1}, {segment.ID, "France", 1}}},
		{"an observer", r.eu, []want{{states.ID, "European Union", 1}}},
		{"a focal point", focal, []want{{segment.ID, "Initiative mondiale des réseaux", 1}}},
		{"a focal point not accredited", r.ngoRep, []want{{segment.ID, "Nairobi Forum", 1}}},
		{"the public", r.publicRead, []want{{states.ID, "", 0}, {segment.ID, "", 0}}},
	} {
		for _, w := range tc.want {
			got, err := r.e.Floor.Capacities(ctx, tc.who, w.list, "fr")
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if len(got) != w.n || (w.n > 0 && got[0].Name("fr") != w.first) {
				t.Errorf("%s on list %d: %d choices, first %v; want %d, first %q", tc.name, w.list, len(got), got[:min(1, len(got))], w.n, w.first)
			}
		}
	}
	// French collation: Égypte sorts among the E's, not after Z.
	got, err := r.e.Floor.Capacities(ctx, r.chair, states.ID, "fr")
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]int{}
	for i, c := range got {
		at[c.Name("fr")] = i
	}
	if !(at["Équateur"] > at["Égypte"] && at["Égypte"] < at["Zambie"] && at["Égypte"] > at["Danemark"]) {
		t.Errorf("French order: Danemark %d, Égypte %d, Équateur %d, Zambie %d", at["Danemark"], at["Égypte"], at["Équateur"], at["Zambie"])
	}
	// Whatever is offered, Inscribe takes.
	for _, c := range []struct {
		who  plenary.Actor
		list int64
	}{{r.fra, states.ID}, {r.eu, states.ID}, {focal, segment.ID}} {
		offered, err := r.e.Floor.Capacities(ctx, c.who, c.list, "en")
		if err != nil || len(offered) != 1 {
			t.Fatalf("%s: %v %v", c.who.Name, offered, err)
		}
		if _, err := r.e.Floor.Inscribe(ctx, c.who, c.list, floor.InscribeInput{State: offered[0].State, OrganizationID: offered[0].OrganizationID}); err != nil {
			t.Errorf("%s inscribes as offered: %v", c.who.Name, err)
		}
	}
}
