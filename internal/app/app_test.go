package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/store"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// TestMailOnlyAfterCommit: a job inserted in a transaction that rolls back never runs;
// one in a transaction that commits is sent through the real SMTP server.
func TestMailOnlyAfterCommit(t *testing.T) {
	e := testenv.New(t)
	ctx := context.Background()
	letter := func(to string) mail.Job {
		return mail.Job{Letter: mail.Letter{To: to, Lang: "fr", Template: "password_changed",
			Data: map[string]string{"Name": "Claire", "Email": to}}}
	}
	boom := errors.New("boom")
	err := e.DB.Transact(ctx, func(tx *store.Tx) error {
		if err := tx.Enqueue(ctx, letter("rolled-back@example.org")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if err := e.DB.Transact(ctx, func(tx *store.Tx) error { return tx.Enqueue(ctx, letter("committed@example.org")) }); err != nil {
		t.Fatal(err)
	}
	m := e.SMTP.WaitFor(t, 10*time.Second, testenv.To("committed@example.org"))
	if m.Lang != "fr" || !strings.Contains(m.Text, "Claire") || m.HTML == "" || m.Subject == "" {
		t.Fatalf("mail: %+v", m)
	}
	// The rolled-back one never comes: by now the committed one, inserted after it, has
	// been worked, so give the runner one more poll and check.
	time.Sleep(300 * time.Millisecond)
	for _, m := range e.SMTP.Messages() {
		if testenv.To("rolled-back@example.org")(m) {
			t.Fatal("a job from a rolled-back transaction ran")
		}
	}
}

// TestEveryMailInEveryLanguage renders each template in the six languages: a subject,
// a text part and an HTML part in the right direction, with no missing message.
func TestEveryMailInEveryLanguage(t *testing.T) {
	e := testenv.New(t)
	for _, name := range e.Mailer.Templates.Names() {
		for _, lang := range []string{"ar", "zh", "en", "fr", "ru", "es"} {
			m, err := e.Mailer.Templates.Render(mail.Letter{To: "x@example.org", Lang: lang, Template: name, Data: map[string]string{
				"Name": "Wanjiru Kamau", "Email": "x@example.org", "URL": "https://plenary.example.org/x", "Count": "7",
				"Token": "stats", "Role": plenary.KeyArg("role.delegate"), "For": "Kenya",
				"Tracking": "GM-R1-0001", "Number": "3", "Session": plenary.KeyArg("meeting.kind.substantive"), "Organization": "Institute for Digital Peace", "Body": "Global Mechanism",
				"Note": "Add your programmes.", "Reason": "Conduct.", "State": plenary.StateArg("KEN"),
				"Deadline": plenary.TimeArg(time.Date(2026, 3, 16, 22, 0, 0, 0, time.UTC), "America/New_York"),
				"At":       plenary.TimeArg(time.Date(2026, 3, 16, 9, 30, 0, 0, time.UTC), "UTC"),
				"From":     plenary.StateArg("FRA"), "To": plenary.StateArg("KEN"),
				"Kind":    plenary.KeyArg("communication.kind.incident_notification"),
				"Urgency": plenary.KeyArg("communication.urgency.urgent"),
				"ReplyBy": plenary.TimeArg(time.Date(2026, 3, 17, 9, 0, 0, 0, time.UTC), "UTC"),
				"SentAt":  plenary.TimeArg(time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC), "UTC"),
				"Round":   "Ping of June 2026", "Colleague": "Achieng Otieno", "Function": plenary.KeyArg("directory.function.technical"), "App": "https://plenary.example.org/en/pings/mine",
				"Title": "2026 national survey of implementation", "Cycle": "2026", "Author": "Achieng Otieno", "Question": "norm.c.status",
				"Version": "2", "Code": "rec.30",
				"Date": plenary.DateArg(time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)), "Due": "12", "Total": "40", "Days": "180",
			}})
			if err != nil {
				t.Fatalf("%s/%s: %v", name, lang, err)
			}
			for _, part := range []string{m.Subject, m.Text, m.HTML} {
				if strings.Contains(part, "mail.") || strings.Contains(part, "<no value>") || strings.Contains(part, "role.delegate") || strings.Contains(part, "\x1b") {
					t.Errorf("%s/%s: untranslated text in %q", name, lang, part)
				}
			}
			if (lang == "ar") != strings.Contains(m.HTML, `dir="rtl"`) {
				t.Errorf("%s/%s: wrong direction", name, lang)
			}
			if strings.ContainsAny(m.Subject, "\r\n") {
				t.Errorf("%s/%s: subject spans lines", name, lang)
			}
		}
	}
}
