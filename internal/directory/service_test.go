package directory_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

// details is an entry for a fictional person.
func details(name, email string) directory.Details {
	return directory.Details{Name: name, Title: "Head of unit", Organisation: "Ministry of Foreign Affairs",
		Emails: []string{email}, Phones: []string{"+81 3 5501 8000"}, Languages: []string{"ja", "en"}, Lang: "en",
		TimeZone: "Asia/Tokyo", Hours: "Monday to Friday, 9:00–18:00"}
}

// world is an instance with people in every role around the directory: JPN and DEU
// participate, FRA has a nominator too; JPN has a verified contact, DEU had one until it
// left the directory.
type world struct {
	e      *testenv.Env
	sys    plenary.Actor
	actors map[string]plenary.Actor
	// jpn is JPN's verified diplomatic entry; deu DEU's verified entry (DEU has left).
	jpn, deu directory.Contact
}

func newWorld(t *testing.T) *world {
	t.Helper()
	e := testenv.New(t)
	w := &world{e: e, sys: plenary.System("test"), actors: map[string]plenary.Actor{}}
	org, err := e.Organizations.Create(ctx, w.sys, organization.Input{Type: organization.NGO, HQState: "KEN", Names: plenary.Localized{"en": "Civic Lab"}})
	if err != nil {
		t.Fatal(err)
	}
	for role, g := range map[string]plenary.Grant{
		"secretariat":     {Role: plenary.RoleSecretariat},
		"chair":           {Role: plenary.RoleChair},
		"delegate":        {Role: plenary.RoleDelegate, State: "JPN"},
		"nominator":       {Role: plenary.RoleNominator, State: "JPN"},
		"other_nominator": {Role: plenary.RoleNominator, State: "FRA"},
		"unverified":      {Role: plenary.RolePointOfContact, State: "JPN"},
		"focal":           {Role: plenary.RoleFocalPoint, OrganizationID: org.ID},
		"representative":  {Role: plenary.RoleRepresentative, OrganizationID: org.ID},
	} {
		u := e.CreateUser(t, role+"@example.org", "Person "+role, g)
		w.actors[role] = e.Actor(t, u)
	}
	w.actors["public"] = plenary.Public("en")
	for _, s := range []string{"JPN", "DEU", "FRA"} {
		if _, err := e.Directory.SetParticipation(ctx, w.actors["secretariat"], s, directory.Participating, "Note verbale of 2 March"); err != nil {
			t.Fatal(err)
		}
	}
	w.jpn = w.verified(t, "JPN", directory.Diplomatic, details("Kenji Sato", "kenji.sato@example.org"))
	w.actors["verified"] = w.contactActor(t, w.jpn)
	w.deu = w.verified(t, "DEU", directory.Technical, details("Jonas Weber", "jonas.weber@example.org"))
	w.actors["left"] = w.contactActor(t, w.deu)
	if _, err := e.Directory.SetParticipation(ctx, w.actors["secretariat"], "DEU", directory.Left, "Left on 5 May"); err != nil {
		t.Fatal(err)
	}
	return w
}

// nominate records a nomination by the State's nominator (the system for other States).
func (w *world) nominate(t *testing.T, state string, f directory.Function, d directory.Details) directory.Contact {
	t.Helper()
	by := w.sys
	if state == "JPN" {
		by = w.actors["nominator"]
	}
	c, err := w.e.Directory.Nominate(ctx, by, directory.NominationInput{State: state, Function: f, Details: d})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (w *world) verified(t *testing.T, state string, f directory.Function, d directory.Details) directory.Contact {
	t.Helper()
	c := w.nominate(t, state, f, d)
	c, err := w.e.Directory.Verify(ctx, w.actors["secretariat"], c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// contactActor is the account the verification made for an entry, as it acts.
func (w *world) contactActor(t *testing.T, c directory.Contact) plenary.Actor {
	t.Helper()
	u, err := w.e.Accounts.Get(ctx, w.sys, c.UserID)
	if err != nil {
		t.Fatal(err)
	}
	return u.Actor("192.0.2.9")
}

func hasRole(t *testing.T, e *testenv.Env, userID int64, state string) bool {
	t.Helper()
	u, err := e.Accounts.Get(ctx, plenary.System("test"), userID)
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(u.Grants, func(g account.Grant) bool {
		return g.Role == plenary.RolePointOfContact && g.State == state
	})
}

func ids(cs []directory.Contact) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// TestNominationAndVerification: a nomination waits outside the directory; verified, it
// enters it and the person gets the role, an account and an invitation by e-mail.
func TestNominationAndVerification(t *testing.T) {
	w := newWorld(t)
	e, sec, nom := w.e, w.actors["secretariat"], w.actors["nominator"]

	// Problems are reported per field, with the directory's own messages.
	bad := details("  ", "not-an-address")
	bad.Phones = []string{"call me"}
	bad.Emails = append(bad.Emails, "a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org")
	bad.TimeZone = "Mars/Olympus"
	_, err := e.Directory.Nominate(ctx, nom, directory.NominationInput{State: "JPN", Function: "military", Details: bad})
	var v *plenary.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("bad nomination: %v", err)
	}
	got := map[string]string{}
	for _, f := range v.Fields {
		got[f.Field] += f.Message + " "
	}
	for field, want := range map[string]string{"function": "field.choice", "name": "field.required", "emails": "directory.too_many",
		"phones": "directory.phone", "time_zone": "body.time_zone"} {
		if !strings.Contains(got[field], want) {
			t.Errorf("%s: %q, want %s", field, got[field], want)
		}
	}

	c := w.nominate(t, "JPN", directory.Technical, details("Aiko Suzuki", "aiko.suzuki@example.org"))
	if c.Status != directory.Nominated || c.Version != 1 || c.UserID != 0 {
		t.Fatalf("nominated: %+v", c)
	}
	// Not in the directory yet, but in the Secretariat's queue.
	entries, err := e.Directory.Entries(ctx, sec, directory.Filter{State: "JPN"})
	if err != nil || slices.Contains(ids(entries), c.ID) {
		t.Fatalf("a nomination is in the directory: %v %v", ids(entries), err)
	}
	queue, err := e.Directory.Awaiting(ctx, sec)
	if err != nil || !slices.Contains(ids(queue), c.ID) {
		t.Fatalf("queue %v %v", ids(queue), err)
	}
	if _, err := e.Directory.Get(ctx, w.actors["verified"], c.ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("a reader sees a nomination: %v", err)
	}

	c, err = e.Directory.Verify(ctx, sec, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != directory.Verified || c.UserID == 0 || c.VerifiedBy != sec.UserID || c.VerifiedAt.IsZero() {
		t.Fatalf("verified: %+v", c)
	}
	if _, err := e.Directory.Verify(ctx, sec, c.ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("verified twice: %v", err)
	}
	// The person is invited, in the entry's language, through the real SMTP server.
	m := e.SMTP.WaitFor(t, 10*time.Second, testenv.To("aiko.suzuki@example.org"))
	if m.Lang != "en" || !strings.Contains(m.Text, "/password/set") {
		t.Errorf("invitation %q (%s):\n%s", m.Subject, m.Lang, m.Text)
	}
	if !hasRole(t, e, c.UserID, "JPN") {
		t.Fatal("the verified contact lacks the Point of Contact role")
	}
	aiko := w.contactActor(t, c)
	if states, err := e.Directory.VerifiedStates(ctx, aiko); err != nil || !slices.Equal(states, []string{"JPN"}) {
		t.Errorf("verified states %v %v", states, err)
	}
	entries, err = e.Directory.Entries(ctx, aiko, directory.Filter{})
	if err != nil || !slices.Contains(ids(entries), c.ID) || !slices.Contains(ids(entries), w.jpn.ID) {
		t.Fatalf("the new contact reads %v, %v", ids(entries), err)
	}
	// The filters: by function, by regional group.
	tech, _ := e.Directory.Entries(ctx, aiko, directory.Filter{Function: directory.Technical})
	if !slices.Equal(ids(tech), []int64{c.ID}) {
		t.Errorf("technical: %v", ids(tech))
	}
	asia, _ := e.Directory.Entries(ctx, aiko, directory.Filter{Group: "Asia-Pacific"})
	weog, _ := e.Directory.Entries(ctx, aiko, directory.Filter{Group: "WEOG"})
	if len(asia) != 2 || len(weog) != 0 {
		t.Errorf("Asia-Pacific %v, WEOG %v", ids(asia), ids(weog))
	}
	// An account that holds the role already is not invited again.
	n := len(e.SMTP.Messages())
	again := w.verified(t, "JPN", directory.Diplomatic, details("Aiko Suzuki", "aiko.suzuki@example.org"))
	if again.UserID != c.UserID {
		t.Errorf("a second entry for the same person made another account")
	}
	time.Sleep(300 * time.Millisecond)
	for _, m := range e.SMTP.Messages()[n:] {
		if testenv.To("aiko.suzuki@example.org")(m) && strings.Contains(m.Text, "/password/set") {
			t.Errorf("invited again: %q", m.Subject)
		}
	}
}

// TestPendingChange: a change to a verified entry waits beside it; the directory shows
// the verified entry until the Secretariat verifies the change; a change of address moves
// the role to the new address's account.
func TestPendingChange(t *testing.T) {
	w := newWorld(t)
	e, sec, nom, reader := w.e, w.actors["secretariat"], w.actors["nominator"], w.actors["verified"]
	other := w.verified(t, "JPN", directory.Technical, details("Aiko Suzuki", "aiko.suzuki@example.org"))
	aiko := w.contactActor(t, other)

	change := details("Aiko Suzuki", "aiko.suzuki@example.org")
	change.Phones = []string{"+81 3 5501 9999"}
	change.Always, change.Hours = true, ""
	c, err := e.Directory.Update(ctx, nom, other.ID, change)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != directory.Verified || c.Pending == nil || c.Pending.Phones[0] != "+81 3 5501 9999" || c.Details.Phones[0] != "+81 3 5501 8000" {
		t.Fatalf("pending: %+v %+v", c.Details, c.Pending)
	}
	// Readers see the verified entry and nothing of the change.
	for _, read := range []func() (directory.Contact, error){
		func() (directory.Contact, error) { return e.Directory.Get(ctx, reader, other.ID) },
		func() (directory.Contact, error) {
			cs, err := e.Directory.Entries(ctx, reader, directory.Filter{State: "JPN", Function: directory.Technical})
			if err != nil || len(cs) != 1 {
				return directory.Contact{}, fmt.Errorf("entries %v %w", ids(cs), err)
			}
			return cs[0], nil
		},
	} {
		got, err := read()
		if err != nil {
			t.Fatal(err)
		}
		if got.Pending != nil || got.Details.Phones[0] != "+81 3 5501 8000" || got.Details.Always {
			t.Errorf("a reader sees the change: %+v %+v", got.Details, got.Pending)
		}
	}
	// The nominator and the Secretariat see both; the queue holds it.
	if got, _ := e.Directory.Get(ctx, nom, other.ID); got.Pending == nil {
		t.Error("the nominator does not see the change")
	}
	queue, _ := e.Directory.Awaiting(ctx, sec)
	if !slices.Contains(ids(queue), other.ID) {
		t.Errorf("queue %v", ids(queue))
	}
	// Returned: the verified entry stays, with the reason for the nominator only.
	if _, err := e.Directory.Return(ctx, sec, other.ID, "  "); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Errorf("return without a reason: %v", err)
	}
	c, err = e.Directory.Return(ctx, sec, other.ID, "The mission does not confirm this number.")
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != directory.Verified || c.Pending != nil || c.Reason == "" || c.Details.Phones[0] != "+81 3 5501 8000" {
		t.Fatalf("returned change: %+v", c)
	}
	if got, _ := e.Directory.Get(ctx, reader, other.ID); got.Reason != "" {
		t.Errorf("a reader sees the Secretariat's reason %q", got.Reason)
	}
	// Proposed again and verified: the directory shows it.
	if _, err := e.Directory.Update(ctx, nom, other.ID, change); err != nil {
		t.Fatal(err)
	}
	if c, err = e.Directory.Verify(ctx, sec, other.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.Directory.Get(ctx, reader, other.ID); got.Details.Phones[0] != "+81 3 5501 9999" || !got.Details.Always {
		t.Errorf("verified change not shown: %+v", got.Details)
	}
	// A new address: the entry moves to another account, and the old one loses the role.
	moved := change
	moved.Emails = []string{"a.suzuki@example.org"}
	if _, err := e.Directory.Update(ctx, nom, other.ID, moved); err != nil {
		t.Fatal(err)
	}
	if c, err = e.Directory.Verify(ctx, sec, other.ID); err != nil {
		t.Fatal(err)
	}
	if c.UserID == aiko.UserID || !hasRole(t, e, c.UserID, "JPN") || hasRole(t, e, aiko.UserID, "JPN") {
		t.Errorf("the role did not move: entry %d, old %d", c.UserID, aiko.UserID)
	}
	e.SMTP.WaitFor(t, 10*time.Second, testenv.To("a.suzuki@example.org"))
}

// TestReturnedNomination: a nomination returned with a reason is corrected and goes back
// to the Secretariat.
func TestReturnedNomination(t *testing.T) {
	w := newWorld(t)
	e, sec, nom := w.e, w.actors["secretariat"], w.actors["nominator"]
	c := w.nominate(t, "JPN", directory.Technical, details("Aiko Suzuki", "aiko@example.org"))
	c, err := e.Directory.Return(ctx, sec, c.ID, "Please give the CERT's duty number.")
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != directory.Returned || c.Reason != "Please give the CERT's duty number." {
		t.Fatalf("returned: %+v", c)
	}
	if _, err := e.Directory.Verify(ctx, sec, c.ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("verify a returned nomination: %v", err)
	}
	if queue, _ := e.Directory.Awaiting(ctx, sec); slices.Contains(ids(queue), c.ID) {
		t.Error("a returned nomination is still in the queue")
	}
	d := details("Aiko Suzuki", "aiko@example.org")
	d.Phones = append(d.Phones, "+81 3 3581 0000 x12")
	if c, err = e.Directory.Update(ctx, nom, c.ID, d); err != nil {
		t.Fatal(err)
	}
	if c.Status != directory.Nominated || c.Reason != "" || c.Pending != nil || len(c.Details.Phones) != 2 {
		t.Fatalf("corrected: %+v", c)
	}
	if queue, _ := e.Directory.Awaiting(ctx, sec); !slices.Contains(ids(queue), c.ID) {
		t.Error("the corrected nomination is not in the queue")
	}
}

// TestWithdrawalTakesTheRoleAway: a withdrawn entry leaves the directory, and its person
// the Point of Contact role and the directory.
func TestWithdrawalTakesTheRoleAway(t *testing.T) {
	w := newWorld(t)
	e, nom, reader := w.e, w.actors["nominator"], w.actors["verified"]
	if _, err := e.Directory.Withdraw(ctx, nom, w.jpn.ID, strings.Repeat("x", 1001)); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Errorf("over-long reason: %v", err)
	}
	c, err := e.Directory.Withdraw(ctx, nom, w.jpn.ID, "Mr Sato has retired.")
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != directory.Withdrawn || c.Reason != "Mr Sato has retired." {
		t.Fatalf("withdrawn: %+v", c)
	}
	if hasRole(t, e, reader.UserID, "JPN") {
		t.Error("the withdrawn contact keeps the role")
	}
	if err := e.Directory.MayRead(ctx, w.contactActor(t, w.jpn)); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("the withdrawn contact still reads the directory: %v", err)
	}
	// Even with the role still on a session's actor, the entry is no longer verified.
	if err := e.Directory.MayRead(ctx, reader); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("a stale session still reads the directory: %v", err)
	}
	if _, err := e.Directory.Update(ctx, nom, c.ID, details("Kenji Sato", "kenji.sato@example.org")); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("update a withdrawn entry: %v", err)
	}
	if _, err := e.Directory.Withdraw(ctx, nom, c.ID, ""); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("withdraw twice: %v", err)
	}
	if _, err := e.Directory.Verify(ctx, w.actors["secretariat"], c.ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("verify a withdrawn entry: %v", err)
	}
	if entries, _ := e.Directory.Entries(ctx, w.actors["secretariat"], directory.Filter{}); slices.Contains(ids(entries), c.ID) {
		t.Error("a withdrawn entry is in the directory")
	}
}

// TestHistory: every version of an entry, with who made it and what it said.
func TestHistory(t *testing.T) {
	w := newWorld(t)
	e, sec, nom := w.e, w.actors["secretariat"], w.actors["nominator"]
	c := w.nominate(t, "JPN", directory.Technical, details("A. Suzuki", "aiko@example.org"))
	step := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := e.Directory.Update(ctx, nom, c.ID, details("Aiko Suzuki", "aiko@example.org"))
	step(err)
	_, err = e.Directory.Verify(ctx, sec, c.ID)
	step(err)
	_, err = e.Directory.Update(ctx, nom, c.ID, details("Aiko Suzuki-Tanaka", "aiko@example.org"))
	step(err)
	_, err = e.Directory.Return(ctx, sec, c.ID, "Name not confirmed")
	step(err)
	_, err = e.Directory.Update(ctx, nom, c.ID, details("Aiko Tanaka", "aiko@example.org"))
	step(err)
	_, err = e.Directory.Verify(ctx, sec, c.ID)
	step(err)
	_, err = e.Directory.Withdraw(ctx, nom, c.ID, "Moved to another post")
	step(err)

	vs, err := e.Directory.History(ctx, nom, c.ID)
	step(err)
	want := []struct {
		change directory.Change
		name   string
		by     string
	}{
		{directory.ChangeNominated, "A. Suzuki", "nominator"}, {directory.ChangeEdited, "Aiko Suzuki", "nominator"},
		{directory.ChangeVerified, "Aiko Suzuki", "secretariat"}, {directory.ChangeProposed, "Aiko Suzuki-Tanaka", "nominator"},
		{directory.ChangeReturned, "Aiko Suzuki", "secretariat"}, {directory.ChangeProposed, "Aiko Tanaka", "nominator"},
		{directory.ChangeVerified, "Aiko Tanaka", "secretariat"}, {directory.ChangeWithdrawn, "Aiko Tanaka", "nominator"},
	}
	if len(vs) != len(want) {
		t.Fatalf("%d versions, want %d", len(vs), len(want))
	}
	for i, v := range vs {
		wv := want[i]
		if v.Version != i+1 || v.Change != wv.change || v.Details.Name != wv.name || v.ChangedBy != w.actors[wv.by].UserID ||
			v.ChangedByName != "Person "+wv.by || v.ChangedAt.IsZero() {
			t.Errorf("version %d: %d %s %q by %d (%q), want %s %q by %s", i+1, v.Version, v.Change, v.Details.Name, v.ChangedBy, v.ChangedByName, wv.change, wv.name, wv.by)
		}
	}
	if vs[4].Reason != "Name not confirmed" || vs[7].Reason != "Moved to another post" {
		t.Errorf("reasons %q %q", vs[4].Reason, vs[7].Reason)
	}
}

// TestParticipation: a State that leaves the directory is hidden, and its contacts shut
// out; back, it is there again.
func TestParticipation(t *testing.T) {
	w := newWorld(t)
	e, sec, reader, left := w.e, w.actors["secretariat"], w.actors["verified"], w.actors["left"]
	entries, err := e.Directory.Entries(ctx, sec, directory.Filter{})
	if err != nil || slices.Contains(ids(entries), w.deu.ID) || !slices.Contains(ids(entries), w.jpn.ID) {
		t.Fatalf("entries %v %v", ids(entries), err)
	}
	if _, err := e.Directory.Get(ctx, reader, w.deu.ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("a left State's entry read: %v", err)
	}
	if err := e.Directory.MayRead(ctx, left); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("a left State's contact reads: %v", err)
	}
	if rs, _ := e.Directory.Reachable(ctx, nil); slices.ContainsFunc(rs, func(r directory.Reachable) bool { return r.State == "DEU" }) {
		t.Error("a left State's contact is reachable")
	}
	// The Secretariat still sees the State's own entries, and the standing.
	if cs, err := e.Directory.OfState(ctx, sec, "DEU"); err != nil || len(cs) != 1 {
		t.Errorf("DEU's own entries: %v %v", ids(cs), err)
	}
	p, err := e.Directory.Participation(ctx, sec, "DEU")
	if err != nil || p.Status != directory.Left || p.Note != "Left on 5 May" {
		t.Errorf("participation %+v %v", p, err)
	}
	if p, _ := e.Directory.Participation(ctx, sec, "BRA"); p.Status != directory.NotJoined {
		t.Errorf("BRA: %+v", p)
	}
	// Problems.
	if _, err := e.Directory.SetParticipation(ctx, sec, "XXX", "maybe", ""); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Errorf("bad participation: %v", err)
	} else if v := (*plenary.ValidationError)(nil); errors.As(err, &v) && len(v.Fields) != 2 {
		t.Errorf("problems %+v", v.Fields)
	}
	// Back in.
	if _, err := e.Directory.SetParticipation(ctx, sec, "DEU", directory.Participating, "Rejoined"); err != nil {
		t.Fatal(err)
	}
	if err := e.Directory.MayRead(ctx, left); err != nil {
		t.Errorf("DEU's contact after rejoining: %v", err)
	}
	if got, err := e.Directory.Get(ctx, reader, w.deu.ID); err != nil || got.Details.Name != "Jonas Weber" {
		t.Errorf("DEU's entry after rejoining: %v", err)
	}
}

// TestReadsAudited: every read leaves an event with who, when and which entries, and
// never what the entries say.
func TestReadsAudited(t *testing.T) {
	w := newWorld(t)
	e, sec, reader, nom := w.e, w.actors["secretariat"], w.actors["verified"], w.actors["nominator"]
	pending := w.nominate(t, "JPN", directory.Technical, details("Aiko Suzuki", "aiko@example.org"))
	e.Clock.Advance(time.Minute)
	start := e.Clock.Now()

	reads := []struct {
		action string
		who    plenary.Actor
		read   func() error
		want   []int64
	}{
		{"poc.entries_read", reader, func() error { _, err := e.Directory.Entries(ctx, reader, directory.Filter{State: "JPN"}); return err }, []int64{w.jpn.ID}},
		{"poc.entry_read", reader, func() error { _, err := e.Directory.Get(ctx, reader, w.jpn.ID); return err }, []int64{w.jpn.ID}},
		{"poc.state_entries_read", nom, func() error { _, err := e.Directory.OfState(ctx, nom, "JPN"); return err }, []int64{w.jpn.ID, pending.ID}},
		{"poc.history_read", nom, func() error { _, err := e.Directory.History(ctx, nom, w.jpn.ID); return err }, []int64{w.jpn.ID}},
		{"poc.queue_read", sec, func() error { _, err := e.Directory.Awaiting(ctx, sec); return err }, []int64{pending.ID}},
		{"poc.exported", sec, func() error { _, err := e.Directory.Export(ctx, sec); return err }, nil},
	}
	for _, r := range reads {
		if err := r.read(); err != nil {
			t.Fatalf("%s: %v", r.action, err)
		}
	}
	events := pocEvents(t, e)
	for _, r := range reads {
		i := slices.IndexFunc(events.Items, func(ev audit.Event) bool { return ev.Action == r.action })
		if i < 0 {
			t.Errorf("no %s event", r.action)
			continue
		}
		ev := events.Items[i]
		if ev.ActorUserID != r.who.UserID || ev.At.Before(start) || ev.IP == "" {
			t.Errorf("%s: by %d at %s from %q", r.action, ev.ActorUserID, ev.At, ev.IP)
		}
		for _, id := range r.want {
			if !slices.Contains(strings.Fields(ev.Details["entries"]), fmt.Sprint(id)) {
				t.Errorf("%s: entries %q lack %d", r.action, ev.Details["entries"], id)
			}
		}
		if r.action == "poc.exported" && ev.Details["count"] != "3" {
			t.Errorf("export count %q", ev.Details["count"])
		}
	}
	for _, ev := range events.Items {
		for _, secret := range []string{"Kenji", "Sato", "kenji.sato", "Aiko", "aiko@", "5501", "Tokyo"} {
			if strings.Contains(ev.DetailsText, secret) || strings.Contains(ev.ObjectID, secret) {
				t.Errorf("%s event holds %q: %s", ev.Action, secret, ev.DetailsText)
			}
		}
	}
	// A refused read is not a read: nothing to record, nothing shown.
	n := len(events.Items)
	_, _ = e.Directory.Entries(ctx, w.actors["delegate"], directory.Filter{})
	if after := pocEvents(t, e); len(after.Items) != n {
		t.Errorf("a refused read left %d events", len(after.Items)-n)
	}
}

// pocEvents are the directory's audit events, newest first.
func pocEvents(t *testing.T, e *testenv.Env) plenary.Page[audit.Event] {
	t.Helper()
	var out plenary.Page[audit.Event]
	page := plenary.PageRequest{Limit: 200}
	for {
		got, err := e.Audit.List(ctx, plenary.System("test"), audit.Filter{}, page)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range got.Items {
			if strings.HasPrefix(ev.Action, "poc.") {
				out.Items = append(out.Items, ev)
			}
		}
		if got.Next == "" {
			return out
		}
		page.Cursor = got.Next
	}
}

// TestSealedAtRest: the database holds no name, address or number of the directory, and
// a sealed entry copied to another State does not open.
func TestSealedAtRest(t *testing.T) {
	w := newWorld(t)
	e, sec, nom := w.e, w.actors["secretariat"], w.actors["nominator"]
	change := details("Kenji Sato", "k.sato@example.org")
	if _, err := e.Directory.Update(ctx, nom, w.jpn.ID, change); err != nil {
		t.Fatal(err)
	}
	db := e.DB.SQLDB()
	var det, pend string
	if err := db.QueryRowContext(ctx, "SELECT details, pending FROM poc_contacts WHERE id = $1", w.jpn.ID).Scan(&det, &pend); err != nil {
		t.Fatal(err)
	}
	if det == "" || pend == "" {
		t.Fatalf("details %q pending %q", det, pend)
	}
	rows, err := db.QueryContext(ctx, "SELECT details FROM poc_contact_versions WHERE contact_id = $1", w.jpn.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored := []string{det, pend}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, s)
	}
	rows.Close()
	if len(stored) != 5 { // the row's two, and nominated, verified, proposed
		t.Errorf("%d sealed values", len(stored))
	}
	for _, s := range stored {
		for _, secret := range []string{"Kenji", "Sato", "kenji.sato", "k.sato", "example.org", "5501", "Ministry", "Asia/Tokyo"} {
			if strings.Contains(s, secret) {
				t.Errorf("stored in clear: %q in %.60s", secret, s)
			}
		}
	}
	// Copied to France, the entry does not open: each value is bound to its State.
	if _, err := db.ExecContext(ctx, "UPDATE poc_contacts SET state = 'FRA' WHERE id = $1", w.jpn.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Directory.Get(ctx, sec, w.jpn.ID); err == nil || plenary.ErrorKind(err) != plenary.KindInternal {
		t.Errorf("a moved row opened: %v", err)
	}
}

// TestAccessPerRole: who may do what, for every method; those who may not read are told
// that nothing exists (the public is asked to sign in).
func TestAccessPerRole(t *testing.T) {
	w := newWorld(t)
	e := w.e
	roles := []string{"secretariat", "chair", "delegate", "nominator", "other_nominator", "verified", "unverified", "left", "focal", "representative", "public"}
	pending := w.nominate(t, "JPN", directory.Technical, details("Aiko Suzuki", "aiko@example.org"))
	// fresh is a nomination to act on, so that an allowed change does not spoil the next.
	fresh := func() int64 {
		return w.nominate(t, "JPN", directory.Technical, details("Hana Ito", "hana.ito@example.org")).ID
	}
	cases := []struct {
		what    string
		allowed []string
		hidden  bool // a refused signed-in actor is told "not found"
		do      func(a plenary.Actor) error
	}{
		{"MayRead", []string{"secretariat", "verified"}, true, func(a plenary.Actor) error { return e.Directory.MayRead(ctx, a) }},
		{"Entries", []string{"secretariat", "verified"}, true, func(a plenary.Actor) error {
			_, err := e.Directory.Entries(ctx, a, directory.Filter{})
			return err
		}},
		{"Get verified", []string{"secretariat", "nominator", "verified"}, true, func(a plenary.Actor) error {
			_, err := e.Directory.Get(ctx, a, w.jpn.ID)
			return err
		}},
		{"Get nomination", []string{"secretariat", "nominator"}, true, func(a plenary.Actor) error {
			_, err := e.Directory.Get(ctx, a, pending.ID)
			return err
		}},
		{"Get left State's", []string{"secretariat"}, true, func(a plenary.Actor) error {
			_, err := e.Directory.Get(ctx, a, w.deu.ID)
			return err
		}},
		{"OfState", []string{"secretariat", "nominator"}, true, func(a plenary.Actor) error {
			_, err := e.Directory.OfState(ctx, a, "JPN")
			return err
		}},
		{"History", []string{"secretariat", "nominator"}, true, func(a plenary.Actor) error {
			_, err := e.Directory.History(ctx, a, w.jpn.ID)
			return err
		}},
		{"Awaiting", []string{"secretariat"}, true, func(a plenary.Actor) error {
			_, err := e.Directory.Awaiting(ctx, a)
			return err
		}},
		{"Export", []string{"secretariat"}, true, func(a plenary.Actor) error {
			_, err := e.Directory.Export(ctx, a)
			return err
		}},
		{"Participants", []string{"secretariat", "nominator", "other_nominator", "verified"}, true, func(a plenary.Actor) error {
			_, err := e.Directory.Participants(ctx, a)
			return err
		}},
		{"Participation", []string{"secretariat", "nominator", "verified"}, true, func(a plenary.Actor) error {
			_, err := e.Directory.Participation(ctx, a, "JPN")
			return err
		}},
		{"MayManage", []string{"secretariat", "nominator"}, true, func(a plenary.Actor) error { return e.Directory.MayManage(a, "JPN") }},
		{"SetParticipation", []string{"secretariat"}, false, func(a plenary.Actor) error {
			_, err := e.Directory.SetParticipation(ctx, a, "JPN", directory.Participating, "")
			return err
		}},
		{"Nominate", []string{"secretariat", "nominator"}, false, func(a plenary.Actor) error {
			_, err := e.Directory.Nominate(ctx, a, directory.NominationInput{State: "JPN", Function: directory.Technical, Details: details("Hana Ito", "hana.ito@example.org")})
			return err
		}},
		{"Update", []string{"secretariat", "nominator"}, true, func(a plenary.Actor) error {
			_, err := e.Directory.Update(ctx, a, fresh(), details("Hana Ito", "hana.ito@example.org"))
			return err
		}},
		{"Verify", []string{"secretariat"}, false, func(a plenary.Actor) error {
			_, err := e.Directory.Verify(ctx, a, fresh())
			return err
		}},
		{"Return", []string{"secretariat"}, false, func(a plenary.Actor) error {
			_, err := e.Directory.Return(ctx, a, fresh(), "Not confirmed")
			return err
		}},
		{"Withdraw", []string{"secretariat", "nominator"}, true, func(a plenary.Actor) error {
			_, err := e.Directory.Withdraw(ctx, a, fresh(), "")
			return err
		}},
	}
	for _, c := range cases {
		for _, role := range roles {
			a := w.actors[role]
			err := c.do(a)
			testenv.Allowed(t, c.what+" by "+role, err, slices.Contains(c.allowed, role))
			if err == nil || slices.Contains(c.allowed, role) {
				continue
			}
			want := plenary.KindNotFound
			if !c.hidden {
				want = plenary.KindForbidden
			}
			if role == "public" {
				want = plenary.KindUnauthenticated
			}
			if k := plenary.ErrorKind(err); k != want {
				t.Errorf("%s by %s: %v, want kind %v", c.what, role, err, want)
			}
		}
	}
	// A read-only token of the State's nominator reads but does not change.
	ro := w.actors["nominator"]
	ro.Scopes = []plenary.Scope{plenary.ScopeRead}
	if _, err := e.Directory.OfState(ctx, ro, "JPN"); err != nil {
		t.Errorf("read-only nominator reads: %v", err)
	}
	if _, err := e.Directory.Update(ctx, ro, fresh(), details("Hana Ito", "hana.ito@example.org")); plenary.ErrorKind(err) != plenary.KindForbidden {
		t.Errorf("read-only nominator changes: %v", err)
	}
}
