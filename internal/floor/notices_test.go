package floor_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestStakeholderSegment: an organization speaks in the stakeholder segment once it is
// accredited to the body, under its name, and never on the States' list.
func TestStakeholderSegment(t *testing.T) {
	r := newRoom(t)
	sys := plenary.System("test")
	gni, err := r.e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "USA",
		ECOSOC: organization.SpecialStatus, Names: plenary.Localized{"en": "Global Network Initiative", "fr": "Initiative mondiale des réseaux"}})
	if err != nil {
		t.Fatal(err)
	}
	focal := r.e.Actor(t, r.e.CreateUser(t, "gni@example.org", "Gni", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: gni.ID}))
	segment, states := r.list(t, true), r.list(t, false)
	in := floor.InscribeInput{OrganizationID: gni.ID, SpeakerName: "Jason Pielemeier"}

	_, err = r.e.Floor.Inscribe(ctx, focal, segment.ID, in)
	wantKind(t, "before accreditation", err, plenary.KindConflict)
	r.e.Accredit(t, r.secretariat, focal, r.body.ID, gni.ID)

	got, err := r.e.Floor.Inscribe(ctx, focal, segment.ID, in)
	if err != nil {
		t.Fatalf("accredited stakeholder: %v", err)
	}
	if got.Category != floor.Stakeholder || got.OrganizationID != gni.ID {
		t.Errorf("entry = %+v, want a stakeholder entry for %d", got, gni.ID)
	}
	if _, err := r.e.Floor.Inscribe(ctx, focal, segment.ID, in); !errors.Is(err, floor.ErrAlreadyInscribed) {
		t.Errorf("second statement: %v, want ErrAlreadyInscribed", err)
	}
	if _, err := r.e.Floor.Inscribe(ctx, focal, states.ID, in); !errors.Is(err, floor.ErrStakeholderSegment) {
		t.Errorf("States' list: %v, want ErrStakeholderSegment", err)
	}
	l := r.get(t, segment.ID)
	if n := l.OrganizationName(gni.ID, "fr"); n != "Initiative mondiale des réseaux" {
		t.Errorf("name in French = %q", n)
	}
	if w := l.Waiting(); len(w) != 1 || w[0].InscribedBy != focal.UserID {
		t.Errorf("waiting = %+v, want the focal point's one entry", w)
	}
}

// TestToldWhenNext: whoever inscribed the next speaker is told by e-mail, once, when the
// Chair gives the floor on or moves them to the head of a running list.
func TestToldWhenNext(t *testing.T) {
	r := newRoom(t)
	l := r.list(t, false)
	ids := map[string]int64{}
	for _, who := range []struct {
		name  string
		actor plenary.Actor
		state string
	}{{"fra", r.fra, "FRA"}, {"bra", r.bra, "BRA"}, {"pse", r.pse, "PSE"}} {
		en, err := r.e.Floor.Inscribe(ctx, who.actor, l.ID, floor.InscribeInput{State: who.state})
		if err != nil {
			t.Fatal(err)
		}
		ids[who.name] = en.ID
	}
	// Nobody speaks yet: a reorder tells nobody.
	if err := r.e.Floor.Reorder(ctx, r.chair, l.ID, r.get(t, l.ID).Version, []int64{ids["fra"], ids["bra"], ids["pse"]}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.Floor.Next(ctx, r.chair, l.ID); err != nil { // France speaks; Brazil is next
		t.Fatal(err)
	}
	m := r.e.SMTP.WaitFor(t, 10*time.Second, testenv.To("bra@example.org"))
	if !strings.Contains(m.Subject, "You have the floor next: meeting 1") || !strings.Contains(m.Text, "Brazil is next on the list of speakers") {
		t.Errorf("notice = %q\n%s", m.Subject, m.Text)
	}
	if !strings.Contains(m.Text, "/en/sessions/") || !strings.Contains(m.Text, "/speakers/") {
		t.Errorf("notice without its link:\n%s", m.Text)
	}
	// The Chair puts Palestine first: it is told; putting Brazil back tells Brazil nothing new.
	cur := r.get(t, l.ID)
	if err := r.e.Floor.Reorder(ctx, r.chair, l.ID, cur.Version, []int64{ids["pse"], ids["bra"]}); err != nil {
		t.Fatal(err)
	}
	r.e.SMTP.WaitFor(t, 10*time.Second, testenv.To("pse@example.org"))
	cur = r.get(t, l.ID)
	if err := r.e.Floor.Reorder(ctx, r.chair, l.ID, cur.Version, []int64{ids["bra"], ids["pse"]}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.Floor.Next(ctx, r.chair, l.ID); err != nil { // Brazil speaks; Palestine is next, told already
		t.Fatal(err)
	}
	// The Chair inscribes Germany, and is told when Germany is next.
	if _, err := r.e.Floor.Inscribe(ctx, r.chair, l.ID, floor.InscribeInput{State: "DEU"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.Floor.Next(ctx, r.chair, l.ID); err != nil { // Palestine speaks; Germany is next
		t.Fatal(err)
	}
	r.e.SMTP.WaitFor(t, 10*time.Second, testenv.To("chair@example.org"))
	for _, en := range r.get(t, l.ID).Entries {
		if told := !en.ToldNextAt.IsZero(); told != (en.ID != ids["fra"]) {
			t.Errorf("entry %s told = %v", en.State, told)
		}
	}
	n := 0
	for _, m := range r.e.SMTP.Messages() {
		if testenv.To("bra@example.org")(m) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("Brazil was told %d times, want once", n)
	}
}

// TestWrittenStatements: after speaking, the delegation (or the Chair) adds its written
// statement, a PDF in the language delivered; the public downloads it.
func TestWrittenStatements(t *testing.T) {
	r := newRoom(t)
	l := r.list(t, false)
	fra, err := r.e.Floor.Inscribe(ctx, r.fra, l.ID, floor.InscribeInput{State: "FRA"})
	if err != nil {
		t.Fatal(err)
	}
	bra, err := r.e.Floor.Inscribe(ctx, r.bra, l.ID, floor.InscribeInput{State: "BRA"})
	if err != nil {
		t.Fatal(err)
	}
	pdf := files.Upload{Name: "FR statement.pdf", Data: []byte("%PDF-1.7\nstatement de la France\n%%EOF")}
	_, err = r.e.Floor.AttachStatement(ctx, r.fra, l.ID, fra.ID, "fr", pdf)
	wantKind(t, "before speaking", err, plenary.KindConflict)

	if _, err := r.e.Floor.Next(ctx, r.chair, l.ID); err != nil {
		t.Fatal(err)
	}
	_, err = r.e.Floor.AttachStatement(ctx, r.bra, l.ID, fra.ID, "fr", pdf)
	wantKind(t, "another State's statement", err, plenary.KindForbidden)
	_, err = r.e.Floor.AttachStatement(ctx, r.fra, l.ID, fra.ID, "fr", files.Upload{Name: "statement.pdf", Data: []byte("MZ\x90\x00 not a pdf")})
	wantKind(t, "an executable named .pdf", err, plenary.KindInvalid)
	_, err = r.e.Floor.AttachStatement(ctx, r.fra, l.ID, fra.ID, "la", pdf)
	wantKind(t, "Latin", err, plenary.KindInvalid)

	got, err := r.e.Floor.AttachStatement(ctx, r.fra, l.ID, fra.ID, "fr", pdf)
	if err != nil {
		t.Fatal(err)
	}
	if got.Statement == 0 || got.StatementLang != "fr" {
		t.Errorf("entry = %+v", got)
	}
	f, _, err := r.e.Floor.Statement(ctx, r.publicRead, l.ID, fra.ID)
	if err != nil || string(f.Data) != string(pdf.Data) || f.Name != "FR statement.pdf" {
		t.Errorf("public download: %v, %q %q", err, f.Name, f.Data)
	}
	if _, _, err := r.e.Floor.Statement(ctx, r.publicRead, l.ID, bra.ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("no statement: %v, want not found", err)
	}
	// The statement survives the floor moving on (an update of the entry keeps it).
	if _, err := r.e.Floor.Next(ctx, r.chair, l.ID); err != nil {
		t.Fatal(err)
	}
	for _, en := range r.get(t, l.ID).Entries {
		if en.ID == fra.ID && (en.Statement != got.Statement || en.Status != floor.Done) {
			t.Errorf("after the floor moved on: %+v", en)
		}
	}
}

// wantKind checks that err is of kind.
func wantKind(t *testing.T, what string, err error, kind plenary.Kind) {
	t.Helper()
	if got := plenary.ErrorKind(err); err == nil || got != kind {
		t.Errorf("%s: %v (%v), want %v", what, err, got, kind)
	}
}

// TestWatchOtherInstances: a change made through one instance reaches the live views of
// another, whose hub hears nothing of it, by the other's watch.
func TestWatchOtherInstances(t *testing.T) {
	r := newRoom(t)
	l := r.list(t, false)
	other := floor.NewService(r.e.DB.Floor(), r.e.Clock, floor.NewHub(), nil, "")
	updates, stop := other.Hub().Subscribe(l.ID)
	defer stop()
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go other.Watch(wctx, 20*time.Millisecond)

	if _, err := r.e.Floor.Inscribe(ctx, r.fra, l.ID, floor.InscribeInput{State: "FRA"}); err != nil {
		t.Fatal(err)
	}
	want := r.get(t, l.ID).Version
	select {
	case v := <-updates:
		if v != want {
			t.Errorf("the other instance announced version %d, want %d", v, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the other instance's viewers never heard of the change")
	}
	// Nothing changed since: the watch announces nothing more.
	select {
	case v := <-updates:
		t.Errorf("announced version %d again", v)
	case <-time.After(100 * time.Millisecond):
	}
}
