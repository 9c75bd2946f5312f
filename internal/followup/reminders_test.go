package followup_test

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestReminders: fourteen days before a session of the Global Mechanism, the submitters
// of each State with commitments it has not reported on for 180 days are reminded, each
// in their language, once, however many runs (at the same time too); States that
// reported recently, editors and reviewers, and States of a body without commitments hear
// nothing; a reminder says how many commitments wait, never what anyone reported.
func TestReminders(t *testing.T) {
	w := newWorld(t)
	fu := w.e.FollowUp
	// France has a second submitter, who reads French; Brazil's reads Spanish, Kenya's
	// Arabic.
	person := func(email, lang, state string) {
		if _, err := w.e.Accounts.Create(ctx, plenary.System("test"), account.CreateInput{Email: email, Name: "Submitter " + state + " " + lang,
			Lang: lang, Password: testenv.Password, Grants: []plenary.Grant{{Role: plenary.RoleTeamSubmitter, State: state}}}); err != nil {
			t.Fatal(err)
		}
	}
	person("soumission.fra@example.org", "fr", "FRA")
	person("envio.bra@example.org", "es", "BRA")
	person("taqdim.ken@example.org", "ar", "KEN")
	rec30, rec31 := w.mark(t, "30"), w.mark(t, "31") // 2 March 2026
	at := func(day string) {
		d, err := time.Parse(time.DateOnly, day)
		if err != nil {
			t.Fatal(err)
		}
		w.e.Clock.Set(d.Add(10 * time.Hour))
	}
	at("2026-03-10")
	w.report(t, "FRA/state_submitter", followup.ReportInput{CommitmentID: rec31.ID, State: "FRA", Status: "planned", Level: followup.Public})
	at("2026-09-01")
	w.report(t, "FRA/state_submitter", followup.ReportInput{CommitmentID: rec30.ID, State: "FRA", Status: "under_way"}) // private: an update all the same
	at("2026-09-15")
	for _, c := range []followup.Commitment{rec30, rec31} {
		w.report(t, "KEN/state_submitter", followup.ReportInput{CommitmentID: c.ID, State: "KEN", Status: "implemented", Level: followup.Public})
	}
	// The second substantive session opens on 5 October; another body, without
	// commitments, meets on 1 October.
	sess, err := w.e.Meetings.CreateSession(ctx, w.sec, meeting.SessionInput{BodyID: w.gm.ID, Kind: meeting.Substantive,
		StartsOn: time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2026, 10, 9, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	other, err := w.e.Bodies.Create(ctx, plenary.System("test"), body.Input{Code: "oewg", TimeZone: "Europe/Zurich",
		Names: plenary.Localized{"en": "Open-ended working group"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Meetings.CreateSession(ctx, w.sec, meeting.SessionInput{BodyID: other.ID, Kind: meeting.Substantive,
		StartsOn: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}

	// Twenty days ahead: too early.
	at("2026-09-15")
	if sent, err := fu.Remind(ctx, followup.RemindJob{}); err != nil || len(sent) != 0 {
		t.Fatalf("twenty days ahead: %+v %v", sent, err)
	}
	// Fourteen days ahead, three runs, two of them at once.
	at("2026-09-21")
	var mu sync.Mutex
	var sent []followup.Reminder
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			got, err := fu.Remind(ctx, followup.RemindJob{})
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			sent = append(sent, got...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if err := fu.RemindStale(ctx, followup.RemindJob{}); err != nil {
		t.Fatal(err)
	}
	// 180 days before 21 September is 25 March: France's report of 10 March on rec.31 is
	// old, its private one of 1 September on rec.30 is recent; Brazil never reported on
	// either (both made on 2 March); Kenya reported on both in September.
	got := map[string]followup.Reminder{}
	for _, r := range sent {
		if _, dup := got[r.State]; dup {
			t.Errorf("%s reminded twice", r.State)
		}
		got[r.State] = r
	}
	if len(got) != 2 || got["FRA"] != (followup.Reminder{SessionID: sess.ID, State: "FRA", Due: 1, Total: 2}) ||
		got["BRA"] != (followup.Reminder{SessionID: sess.ID, State: "BRA", Due: 2, Total: 2}) {
		t.Fatalf("reminders %+v", sent)
	}

	// The letters, through the SMTP server: one to each submitter of France and Brazil.
	isReminder := func(m testenv.Message) bool {
		return strings.Contains(m.Text, "/states/") && strings.Contains(m.Text, "180")
	}
	fr := w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool { return testenv.To("soumission.fra@example.org")(m) && isReminder(m) })
	es := w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool { return testenv.To("envio.bra@example.org")(m) && isReminder(m) })
	en := w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool { return testenv.To("state_submitter.fra@example.org")(m) && isReminder(m) })
	time.Sleep(500 * time.Millisecond)
	if fr.Lang != "fr" || !strings.Contains(fr.Subject, "Suivi") || !strings.Contains(fr.Text, "5 octobre 2026") || !strings.Contains(fr.Text, "1 sur 2") ||
		!strings.Contains(fr.Text, "France") || !strings.Contains(fr.Text, "/fr/states/FRA") || !strings.Contains(fr.Text, "Session de fond") {
		t.Errorf("the French letter:\n%s\n%s", fr.Subject, fr.Text)
	}
	if es.Lang != "es" || !strings.Contains(es.Text, "2 de 2") || !strings.Contains(es.Text, "Brasil") || !strings.Contains(es.Text, "/es/states/BRA") {
		t.Errorf("the Spanish letter:\n%s\n%s", es.Subject, es.Text)
	}
	if en.Lang != "en" || !strings.Contains(en.Subject, "France") || !strings.Contains(en.Text, "5 October 2026") || !strings.Contains(en.Text, "1 of 2") {
		t.Errorf("the English letter:\n%s\n%s", en.Subject, en.Text)
	}
	letters := map[string]int{}
	for _, m := range w.e.SMTP.Messages() {
		if !isReminder(m) {
			continue
		}
		for _, to := range m.To {
			letters[strings.ToLower(to)]++
		}
		// A reminder never says what a State reported.
		for _, s := range []string{"planned", "under_way", "implemented", "Under way", "Implemented", "Planned"} {
			if strings.Contains(m.Text, s) {
				t.Errorf("a reminder says %q:\n%s", s, m.Text)
			}
		}
	}
	if len(letters) != 3 || letters["soumission.fra@example.org"] != 1 || letters["envio.bra@example.org"] != 1 || letters["state_submitter.fra@example.org"] != 1 {
		t.Errorf("letters %v", letters)
	}

	// A day later nothing more; the audit trail says who was reminded, not of what.
	at("2026-09-22")
	if again, err := fu.Remind(ctx, followup.RemindJob{}); err != nil || len(again) != 0 {
		t.Errorf("the next day: %+v %v", again, err)
	}
	// A shorter period finds no one new for this session: each State once per session.
	if again, err := fu.Remind(ctx, followup.RemindJob{StaleDays: 1}); err != nil || len(again) != 1 || again[0].State != "KEN" || again[0].Due != 2 {
		t.Errorf("a period of one day: %+v %v", again, err)
	}
	events, err := w.e.Audit.List(ctx, w.sec, audit.Filter{ObjectType: "session", ObjectID: strconv.FormatInt(sess.ID, 10)}, plenary.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	reminded := map[string]string{}
	for _, e := range events.Items {
		if e.Action == "followup.reminded" {
			reminded[e.Details["state"]] = e.Details["due"]
			if strings.Contains(e.DetailsText, "planned") || strings.Contains(e.DetailsText, "implemented") {
				t.Errorf("the audit trail says what was reported: %s", e.DetailsText)
			}
		}
	}
	if len(reminded) != 3 || reminded["FRA"] != "1" || reminded["BRA"] != "2" || reminded["KEN"] != "2" {
		t.Errorf("audit events %v", reminded)
	}
	// Once the session has begun, nothing.
	at("2026-10-06")
	if again, err := fu.Remind(ctx, followup.RemindJob{StaleDays: 1, AheadDays: 30}); err != nil || len(again) != 0 {
		t.Errorf("after the opening: %+v %v", again, err)
	}
}
