package directory_test

import (
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestNotifications: a nomination or a change by a State's nominator tells the
// Secretariat that an entry waits; verification and return tell the State's nominators
// (not another State's), the return with its reason. No e-mail carries what the entry
// says.
func TestNotifications(t *testing.T) {
	w := newWorld(t)
	e := w.e
	subject := func(template, lang string) string {
		return e.Catalog.T(lang, "mail."+template+".subject", map[string]any{"State": "Japan"})
	}
	// wait finds the e-mail of template to to about Japan's technical entry (the world
	// has a diplomatic one, whose notice came first).
	wait := func(to, template string) testenv.Message {
		t.Helper()
		var got testenv.Message
		e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
			if testenv.To(to)(m) && m.Subject == subject(template, "en") && strings.Contains(m.Text, "Technical Point of Contact") {
				got = m
				return true
			}
			return false
		})
		return got
	}
	c := w.nominate(t, "JPN", directory.Technical, details("Aiko Yamamoto", "aiko.yamamoto@example.org"))
	m := wait("secretariat@example.org", "poc_awaiting")
	if !strings.Contains(m.Text, "/en/directory/queue") {
		t.Errorf("the Secretariat's notice lacks the queue's link:\n%s", m.Text)
	}
	if _, err := e.Directory.Return(ctx, w.actors["secretariat"], c.ID, "Give the unit's duty address."); err != nil {
		t.Fatal(err)
	}
	m = wait("nominator@example.org", "poc_returned")
	if !strings.Contains(m.Text, "Give the unit's duty address.") || !strings.Contains(m.Text, "/en/directory/states/JPN") {
		t.Errorf("the return notice lacks the reason or the link:\n%s", m.Text)
	}
	d := details("Aiko Yamamoto", "duty.csirt@example.org")
	if _, err := e.Directory.Update(ctx, w.actors["nominator"], c.ID, d); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Directory.Verify(ctx, w.actors["secretariat"], c.ID); err != nil {
		t.Fatal(err)
	}
	wait("nominator@example.org", "poc_verified")

	time.Sleep(200 * time.Millisecond) // anything else would have come by now
	awaiting := 0
	for _, m := range e.SMTP.Messages() {
		text := m.Subject + m.Text + m.HTML
		for _, s := range []string{"Aiko Yamamoto", "aiko.yamamoto@", "duty.csirt@"} {
			if strings.Contains(text, s) && !testenv.To("duty.csirt@example.org")(m) {
				t.Errorf("e-mail %q to %v carries %q", m.Subject, m.To, s)
			}
		}
		if testenv.To("other_nominator@example.org")(m) && strings.Contains(m.Subject, "Japan") {
			t.Errorf("France's nominator hears of Japan's entry: %q", m.Subject)
		}
		if testenv.To("secretariat@example.org")(m) && m.Subject == subject("poc_awaiting", "en") {
			awaiting++
		}
	}
	// The world's Japanese entry, this nomination and its correction, all by Japan's
	// nominator; the entries the system made for other States tell it nothing.
	if awaiting != 3 {
		t.Errorf("the Secretariat heard of %d entries waiting, want 3", awaiting)
	}
}
