package meeting_test

import (
	"context"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

// world is the Global Mechanism with its thematic group, and its people.
type world struct {
	e                          *testenv.Env
	gm, group                  body.Body
	secretariat, chair, fra    plenary.Actor
	focal, public, readOnlySec plenary.Actor
}

func newWorld(t *testing.T) *world {
	t.Helper()
	e := testenv.New(t)
	w := &world{e: e, public: plenary.Public("en")}
	sys := plenary.System("test")
	var err error
	if w.gm, err = e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security"}}); err != nil {
		t.Fatal(err)
	}
	if w.group, err = e.Bodies.Create(ctx, sys, body.Input{Code: "gm-tg1", ParentID: w.gm.ID, TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Dedicated thematic group on capacity-building"}}); err != nil {
		t.Fatal(err)
	}
	actor := func(email string, g ...plenary.Grant) plenary.Actor {
		return e.Actor(t, e.CreateUser(t, email, email[:4], g...))
	}
	w.secretariat = actor("secretariat@example.org", plenary.Grant{Role: plenary.RoleSecretariat})
	w.chair = actor("chair@example.org", plenary.Grant{Role: plenary.RoleChair})
	w.fra = actor("fra@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	w.focal = actor("focal@example.org")
	w.readOnlySec = w.secretariat
	w.readOnlySec.Scopes = []plenary.Scope{plenary.ScopeRead}
	return w
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func (w *world) session(t *testing.T) meeting.Session {
	t.Helper()
	s, err := w.e.Meetings.CreateSession(ctx, w.secretariat, meeting.SessionInput{BodyID: w.gm.ID, Kind: meeting.Substantive,
		StartsOn: date(2026, 3, 6), EndsOn: date(2026, 3, 10), Venue: "Conference Room 4, UN Headquarters, New York",
		RemoteURL: "https://meet.example.org/gm-2", LivestreamURL: "https://webtv.un.org/gm", RepresentativeLimit: 3})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSessionAgendaAndMeetings(t *testing.T) {
	w := newWorld(t)
	s := w.session(t)
	if s.Number != 1 {
		t.Errorf("first substantive session numbered %d", s.Number)
	}
	second, err := w.e.Meetings.CreateSession(ctx, w.secretariat, meeting.SessionInput{BodyID: w.gm.ID, Kind: meeting.Substantive,
		StartsOn: date(2026, 7, 6), EndsOn: date(2026, 7, 10)})
	if err != nil || second.Number != 2 {
		t.Fatalf("second session: %+v, %v", second, err)
	}
	if _, err := w.e.Meetings.CreateSession(ctx, w.secretariat, meeting.SessionInput{BodyID: w.gm.ID, Kind: meeting.Substantive, Number: 2,
		StartsOn: date(2026, 9, 6), EndsOn: date(2026, 9, 10)}); !isInvalid(err, "number") {
		t.Errorf("a number taken: %v", err)
	}

	items := []meeting.Item{}
	for _, in := range []meeting.ItemInput{
		{Number: "1", Titles: plenary.Localized{"en": "Opening of the session"}},
		{Number: "5", Titles: plenary.Localized{"en": "Existing and potential threats", "fr": "Menaces existantes et potentielles"},
			Questions: plenary.Localized{"en": "Which threats grew since 2025?\n\n  How should States cooperate?  "}},
	} {
		it, err := w.e.Meetings.AddItem(ctx, w.secretariat, s.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	if q := items[1].QuestionList("en"); len(q) != 2 || q[1] != "How should States cooperate?" {
		t.Errorf("guiding questions: %q", q)
	}
	if _, err := w.e.Meetings.AddItem(ctx, w.secretariat, s.ID, meeting.ItemInput{Number: "5", Titles: plenary.Localized{"en": "Again"}}); !isInvalid(err, "number") {
		t.Errorf("an item number taken: %v", err)
	}

	// The Chair writes guiding questions but does not retitle the item.
	it, err := w.e.Meetings.UpdateItem(ctx, w.chair, items[1].ID, meeting.ItemInput{Number: "9", Titles: plenary.Localized{"en": "Renamed"},
		Questions: plenary.Localized{"en": "What is a critical infrastructure?"}})
	if err != nil {
		t.Fatal(err)
	}
	if it.Number != "5" || it.Titles["en"] != "Existing and potential threats" || it.Questions["en"] != "What is a critical infrastructure?" {
		t.Errorf("the Chair's change: %+v", it)
	}

	start := time.Date(2026, 3, 6, 15, 0, 0, 0, time.UTC) // 10:00 in New York
	m1, err := w.e.Meetings.CreateMeeting(ctx, w.secretariat, s.ID, meeting.MeetingInput{StartsAt: start, EndsAt: start.Add(3 * time.Hour),
		Formal: true, Public: true, Room: "CR 4", LivestreamURL: "https://webtv.un.org/gm/1", ItemIDs: []int64{items[0].ID, items[1].ID}})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := w.e.Meetings.CreateMeeting(ctx, w.secretariat, s.ID, meeting.MeetingInput{StartsAt: start.Add(5 * time.Hour), EndsAt: start.Add(8 * time.Hour),
		Formal: false, Public: false, ItemIDs: []int64{items[1].ID}})
	if err != nil {
		t.Fatal(err)
	}
	if m1.Number != 1 || m2.Number != 2 {
		t.Errorf("meeting numbers %d, %d", m1.Number, m2.Number)
	}
	if err := w.e.Meetings.RemoveItem(ctx, w.secretariat, items[1].ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("removing an item a meeting takes up: %v", err)
	}
	if err := w.e.Meetings.MoveItem(ctx, w.secretariat, items[1].ID, -1); err != nil {
		t.Fatal(err)
	}
	m2, err = w.e.Meetings.CancelMeeting(ctx, w.secretariat, m2.ID, true)
	if err != nil || !m2.Cancelled || m2.Sequence != 1 {
		t.Fatalf("cancelled: %+v, %v", m2, err)
	}
	if _, err := w.e.Meetings.CancelMeeting(ctx, w.secretariat, m2.ID, true); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("cancelled twice: %v", err)
	}

	p, err := w.e.Meetings.Get(ctx, w.public, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || p.Items[0].Number != "5" {
		t.Errorf("agenda after the move: %+v", p.Items)
	}
	if got := p.MeetingItems(p.Meetings[0]); len(got) != 2 || got[0].Number != "1" {
		t.Errorf("items of meeting 1: %+v", got)
	}
	if !p.Meetings[1].Cancelled {
		t.Error("meeting 2 not shown cancelled")
	}

	// The thematic group's sessions appear under the Global Mechanism.
	if _, err := w.e.Meetings.CreateSession(ctx, w.secretariat, meeting.SessionInput{BodyID: w.group.ID, Kind: meeting.Thematic,
		StartsOn: date(2026, 5, 4), EndsOn: date(2026, 5, 5)}); err != nil {
		t.Fatal(err)
	}
	all, err := w.e.Meetings.BodySessions(ctx, w.public, w.gm.ID)
	if err != nil || len(all) != 3 || all[0].Number != 2 || all[1].Kind != meeting.Thematic {
		t.Errorf("the body's sessions: %+v, %v", all, err)
	}
	cal, err := w.e.Meetings.Calendar(ctx, w.public, 10)
	if err != nil || len(cal.Current) != 3 || len(cal.Past) != 0 {
		t.Errorf("calendar on %s: %d current, %d past, %v", w.e.Clock.Now(), len(cal.Current), len(cal.Past), err)
	}
	w.e.Clock.Set(time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC))
	cal, err = w.e.Meetings.Calendar(ctx, w.public, 10)
	if err != nil || len(cal.Current) != 1 || len(cal.Past) != 2 || cal.Past[0].Kind != meeting.Thematic {
		t.Errorf("calendar in May: %+v, %v", cal, err)
	}
}

func isInvalid(err error, field string) bool {
	v, ok := err.(*plenary.ValidationError)
	if !ok {
		return false
	}
	_, has := v.For(field)
	return has
}

func TestBadInput(t *testing.T) {
	w := newWorld(t)
	_, err := w.e.Meetings.CreateSession(ctx, w.secretariat, meeting.SessionInput{BodyID: w.gm.ID, Kind: "plenary-ish",
		StartsOn: date(2026, 3, 10), EndsOn: date(2026, 3, 6), RemoteURL: "javascript:alert(1)", Venue: "Room\x004",
		RepresentativeLimit: -1, Titles: plenary.Localized{"xx": "?"}})
	for _, f := range []string{"kind", "ends_on", "remote_url", "venue", "representative_limit", "title"} {
		if !isInvalid(err, f) {
			t.Errorf("%s: no problem reported (%v)", f, err)
		}
	}
	s := w.session(t)
	start := time.Date(2026, 3, 6, 15, 0, 0, 0, time.UTC)
	_, err = w.e.Meetings.CreateMeeting(ctx, w.secretariat, s.ID, meeting.MeetingInput{StartsAt: start, EndsAt: start,
		Public: false, LivestreamURL: "https://webtv.un.org/x", ItemIDs: []int64{999}})
	for _, f := range []string{"ends_at", "livestream_url", "items"} {
		if !isInvalid(err, f) {
			t.Errorf("%s: no problem reported (%v)", f, err)
		}
	}
	if _, err := w.e.Meetings.AddItem(ctx, w.secretariat, s.ID, meeting.ItemInput{Number: " "}); !isInvalid(err, "number") || !isInvalid(err, "titles") {
		t.Errorf("an empty item: %v", err)
	}
}

// TestPerRole runs every change as each role: only the Secretariat sets up sessions,
// meetings and agendas; the Chair writes guiding questions; a read-only token changes
// nothing.
func TestPerRole(t *testing.T) {
	w := newWorld(t)
	s := w.session(t)
	it, err := w.e.Meetings.AddItem(ctx, w.secretariat, s.ID, meeting.ItemInput{Number: "1", Titles: plenary.Localized{"en": "Opening"}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 6, 15, 0, 0, 0, time.UTC)
	m, err := w.e.Meetings.CreateMeeting(ctx, w.secretariat, s.ID, meeting.MeetingInput{StartsAt: start, EndsAt: start.Add(time.Hour), Public: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name        string
		who         plenary.Actor
		manage, ask bool
	}{
		{"secretariat", w.secretariat, true, true},
		{"chair", w.chair, false, true},
		{"delegate", w.fra, false, false},
		{"focal point", w.focal, false, false},
		{"public", w.public, false, false},
		{"read-only token", w.readOnlySec, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.e.Meetings.CreateSession(ctx, tc.who, meeting.SessionInput{BodyID: w.gm.ID, Kind: meeting.Informal,
				StartsOn: date(2026, 4, 1), EndsOn: date(2026, 4, 1)})
			testenv.Allowed(t, "create a session", err, tc.manage)
			_, err = w.e.Meetings.UpdateSession(ctx, tc.who, s.ID, meeting.SessionInput{Kind: meeting.Substantive,
				StartsOn: s.StartsOn, EndsOn: s.EndsOn})
			testenv.Allowed(t, "change a session", err, tc.manage)
			_, err = w.e.Meetings.AddItem(ctx, tc.who, s.ID, meeting.ItemInput{Number: "2" + tc.name, Titles: plenary.Localized{"en": "X"}})
			testenv.Allowed(t, "add an item", err, tc.manage)
			_, err = w.e.Meetings.UpdateItem(ctx, tc.who, it.ID, meeting.ItemInput{Number: "1", Titles: plenary.Localized{"en": "Opening"}, Questions: plenary.Localized{"en": "Why?"}})
			testenv.Allowed(t, "write guiding questions", err, tc.ask)
			_, err = w.e.Meetings.CreateMeeting(ctx, tc.who, s.ID, meeting.MeetingInput{StartsAt: start, EndsAt: start.Add(time.Hour), Public: true})
			testenv.Allowed(t, "add a meeting", err, tc.manage)
			_, err = w.e.Meetings.UpdateMeeting(ctx, tc.who, m.ID, meeting.MeetingInput{StartsAt: start, EndsAt: start.Add(2 * time.Hour), Public: true})
			testenv.Allowed(t, "change a meeting", err, tc.manage)
			if _, err := w.e.Meetings.Get(ctx, tc.who, s.ID); err != nil {
				t.Errorf("reading the program: %v", err)
			}
		})
	}
}

// attendance stands in for the registration domain's answer: who takes part.
type attendance map[int64]bool

func (a attendance) Participates(_ context.Context, actor plenary.Actor, _ int64) (bool, error) {
	return a[actor.UserID], nil
}

// TestRemoteLink: the link to join remotely reaches participants, the Chair and the
// Secretariat only; a closed meeting has no livestream for anyone.
func TestRemoteLink(t *testing.T) {
	w := newWorld(t)
	s := w.session(t)
	meetings := meeting.NewService(w.e.DB.Meetings(), w.e.Clock, attendance{w.fra.UserID: true})
	for _, tc := range []struct {
		name string
		who  plenary.Actor
		sees bool
	}{
		{"secretariat", w.secretariat, true}, {"chair", w.chair, true}, {"participant", w.fra, true},
		{"someone signed in", w.focal, false}, {"public", w.public, false},
	} {
		p, err := meetings.Get(ctx, tc.who, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Session.RemoteURL != ""; got != tc.sees || p.RemoteLink != tc.sees {
			t.Errorf("%s sees the remote link: %v, want %v", tc.name, got, tc.sees)
		}
	}
}

// TestLocate: an action on a meeting finds it by its session and number, with its
// body's time zone, without the programme; number 0 gives the body alone.
func TestLocate(t *testing.T) {
	w := newWorld(t)
	s := w.session(t)
	m, err := w.e.Meetings.CreateMeeting(ctx, w.secretariat, s.ID, meeting.MeetingInput{StartsAt: date(2026, 3, 6).Add(15 * time.Hour),
		EndsAt: date(2026, 3, 6).Add(18 * time.Hour), Formal: true, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	got, b, err := w.e.Meetings.Locate(ctx, w.public, s.ID, m.Number)
	if err != nil || got.ID != m.ID || b.ID != w.gm.ID || b.TimeZone != w.gm.TimeZone {
		t.Errorf("Locate: %+v in %+v, %v", got, b, err)
	}
	if got, b, err := w.e.Meetings.Locate(ctx, w.public, s.ID, 0); err != nil || got.ID != 0 || b.ID != w.gm.ID {
		t.Errorf("number 0: %+v in %+v, %v", got, b, err)
	}
	if _, _, err := w.e.Meetings.Locate(ctx, w.public, s.ID, m.Number+1); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("no such meeting: %v", err)
	}
	if _, _, err := w.e.Meetings.Locate(ctx, w.public, s.ID+100, 1); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("no such session: %v", err)
	}
}
