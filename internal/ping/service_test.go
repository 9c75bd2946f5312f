package ping_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

// world is a directory with contacts of every kind:
//
//	FRA (WEOG):             A, French, diplomatic; B, English, technical — both verified
//	KEN (African):          C, Spanish; D, English — verified
//	RUS (Eastern European): E, Russian — verified, the State's only contact
//	BRA (GRULAC):           F — nominated, never verified
//	DEU (WEOG):             G — verified, then withdrawn
//	CHN (Asia-Pacific):     H — verified, then the State left the directory
type world struct {
	e             *testenv.Env
	sec           plenary.Actor
	a, b, c, d, x testenv.Contact // x is E
	f, g, h       testenv.Contact
}

func newWorld(t *testing.T) *world {
	t.Helper()
	e := testenv.New(t)
	w := &world{e: e, sec: e.Secretariat(t, "secretariat@un.org")}
	w.a = e.VerifiedContact(t, w.sec, "FRA", "a@diplomatie.gouv.fr", "Amélie Durand", "fr", directory.Diplomatic)
	w.b = e.VerifiedContact(t, w.sec, "FRA", "b@anssi.gouv.fr", "Bruno Martin", "en", directory.Technical)
	w.c = e.VerifiedContact(t, w.sec, "KEN", "c@mfa.go.ke", "Carmen Otieno", "es", directory.Diplomatic)
	w.d = e.VerifiedContact(t, w.sec, "KEN", "d@ke-cirt.go.ke", "David Kamau", "en", directory.Technical)
	w.x = e.VerifiedContact(t, w.sec, "RUS", "e@mid.ru", "Елена Иванова", "ru", directory.Diplomatic)
	w.f = e.NominatedContact(t, w.sec, "BRA", "f@itamaraty.gov.br", "Fernanda Lima", "es", directory.Diplomatic)
	w.g = e.VerifiedContact(t, w.sec, "DEU", "g@auswaertiges-amt.de", "Gerd Müller", "en", directory.Diplomatic)
	if _, err := e.Directory.Withdraw(ctx, w.sec, w.g.ID, "Left the ministry."); err != nil {
		t.Fatal(err)
	}
	w.h = e.VerifiedContact(t, w.sec, "CHN", "h@mfa.gov.cn", "Hua Li", "zh", directory.Diplomatic)
	if _, err := e.Directory.SetParticipation(ctx, w.sec, "CHN", directory.Left, "Notified withdrawal."); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) actor(t *testing.T, c testenv.Contact) plenary.Actor {
	t.Helper()
	u, err := w.e.Accounts.Get(ctx, plenary.System("test"), c.UserID)
	if err != nil {
		t.Fatal(err)
	}
	return u.Actor("192.0.2.7")
}

// round starts a round for all States now, with the default window.
func (w *world) round(t *testing.T, title string) ping.Round {
	t.Helper()
	r, err := w.e.Pings.CreateRound(ctx, w.sec, ping.RoundInput{Title: title, Scope: ping.ScopeAll})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (w *world) requests(t *testing.T, roundID int64) []ping.Request {
	t.Helper()
	qs, err := w.e.DB.Pings().Requests(ctx, roundID)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// requestOf finds the request of a contact in a round.
func (w *world) requestOf(t *testing.T, roundID int64, c testenv.Contact) ping.Request {
	t.Helper()
	for _, q := range w.requests(t, roundID) {
		if q.ContactID == c.ID {
			return q
		}
	}
	t.Fatalf("no request for %s in round %d", c.Email, roundID)
	return ping.Request{}
}

// subject is the subject of a ping e-mail of kind ("ping", "ping_reminder",
// "ping_escalation") in lang.
func (w *world) subject(kind, lang, title, state string) string {
	return w.e.Catalog.T(lang, "mail."+kind+".subject", map[string]any{"Round": title, "State": plenary.StateArg(state)})
}

// mails returns the messages to c with the subject of kind.
func (w *world) mails(c testenv.Contact, kind, title, state string) []testenv.Message {
	var out []testenv.Message
	want := w.subject(kind, c.Lang, title, state)
	for _, m := range w.e.SMTP.Messages() {
		if testenv.To(c.Email)(m) && m.Subject == want {
			out = append(out, m)
		}
	}
	return out
}

// wait waits until c has n e-mails of kind, then a moment more, and fails unless there
// are exactly n.
func (w *world) wait(t *testing.T, c testenv.Contact, kind, title, state string, n int) []testenv.Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(w.mails(c, kind, title, state)) < n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(150 * time.Millisecond) // anything more would have come by now
	got := w.mails(c, kind, title, state)
	if len(got) != n {
		t.Fatalf("%s: %d %s e-mails about %q, want %d", c.Email, len(got), kind, title, n)
	}
	return got
}

// settle waits until the job runner has sent what it was given: the count of messages
// stays the same for a while.
func settle(e *testenv.Env) {
	last, same := -1, 0
	for same < 10 {
		time.Sleep(30 * time.Millisecond)
		if n := len(e.SMTP.Messages()); n == last {
			same++
		} else {
			last, same = n, 0
		}
	}
}

var linkRE = regexp.MustCompile(`https?://[^\s"<>]+/pings/acknowledge/[A-Za-z0-9_-]+`)

func linkIn(t *testing.T, m testenv.Message) string {
	t.Helper()
	l := linkRE.FindString(m.Text)
	if l == "" {
		t.Fatalf("no acknowledgement link in %q", m.Text)
	}
	return l
}

func tokenOf(link string) string { return link[strings.LastIndexByte(link, '/')+1:] }

// TestRoundReachesEveryVerifiedContact: a round for all States reaches every verified
// contact of the participating States, and them only; each gets the e-mail in their own
// language at the SMTP server, with a link in that language that works.
func TestRoundReachesEveryVerifiedContact(t *testing.T) {
	w := newWorld(t)
	const title = "Q1 2026 test"
	r := w.round(t, title)
	if r.Status != ping.Sent || !r.Deadline.Equal(testenv.Start.Add(48*time.Hour)) ||
		!r.RemindAt.Equal(testenv.Start.Add(24*time.Hour)) || !r.EscalateAt.Equal(testenv.Start.Add(36*time.Hour)) {
		t.Fatalf("round %+v", r)
	}
	qs := w.requests(t, r.ID)
	got := map[int64]bool{}
	for _, q := range qs {
		got[q.ContactID] = true
	}
	for _, c := range []testenv.Contact{w.a, w.b, w.c, w.d, w.x} {
		if !got[c.ID] {
			t.Errorf("%s (verified, %s participating) was not pinged", c.Email, c.State)
		}
	}
	for _, c := range []testenv.Contact{w.f, w.g, w.h} {
		if got[c.ID] {
			t.Errorf("%s (%s) was pinged", c.Email, c.State)
		}
	}
	if len(qs) != 5 {
		t.Errorf("%d requests, want 5", len(qs))
	}
	nonces := map[string]bool{}
	for _, q := range qs {
		nonces[q.Nonce] = true
	}
	if len(nonces) != len(qs) {
		t.Error("two requests share a nonce")
	}
	for _, c := range []testenv.Contact{w.a, w.b, w.c, w.d, w.x} {
		m := w.wait(t, c, "ping", title, c.State, 1)[0]
		if m.Lang != c.Lang {
			t.Errorf("%s: e-mail in %q, want %q", c.Email, m.Lang, c.Lang)
		}
		link := linkIn(t, m)
		if !strings.Contains(link, "/"+c.Lang+"/pings/acknowledge/") {
			t.Errorf("%s: link %s not in %s", c.Email, link, c.Lang)
		}
		if strings.Contains(string(m.Raw), w.requestOf(t, r.ID, c).Nonce) {
			t.Errorf("%s: the nonce is in the e-mail", c.Email)
		}
		l, err := w.e.Pings.CheckLink(ctx, tokenOf(link))
		if err != nil || l.State != ping.LinkValid || l.Country != c.State || l.Round.ID != r.ID {
			t.Errorf("%s: link %+v, %v", c.Email, l, err)
		}
		// The link opens a page (the button), over HTTP, without signing in.
		res, err := http.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: GET link: %d", c.Email, res.StatusCode)
		}
	}
	for _, c := range []testenv.Contact{w.f, w.g, w.h} {
		if n := len(w.mails(c, "ping", title, c.State)); n != 0 {
			t.Errorf("%s got %d pings", c.Email, n)
		}
	}
	// Sending recorded the time of each ping; opening the links acknowledged nothing.
	for _, q := range w.requests(t, r.ID) {
		if q.SentAt.IsZero() || q.Acknowledged() {
			t.Errorf("request %d: sent %v, acknowledged %v", q.ID, q.SentAt, q.AcknowledgedAt)
		}
	}
}

// TestLinks: forged links are not found, a used link is refused as used, and a link
// expires exactly at the deadline.
func TestLinks(t *testing.T) {
	w := newWorld(t)
	r := w.round(t, "Links")
	qa, qb := w.requestOf(t, r.ID, w.a), w.requestOf(t, r.ID, w.b)
	ta, tb := w.e.Pings.Token(qa), w.e.Pings.Token(qb)
	changed := []byte(ta)
	if changed[len(changed)-3] == 'A' {
		changed[len(changed)-3] = 'B'
	} else {
		changed[len(changed)-3] = 'A'
	}
	// A's ID with B's MAC.
	mixed := ta[:11] + tb[11:]
	forged := map[string]string{"changed byte": string(changed), "other request's MAC": mixed, "garbage": "not-a-token",
		"empty MAC": ta[:11], "too long": ta + "AAAA", "bad base64": "!!!!" + ta[4:], "zero ID": "AAAAAAAAAAA" + ta[11:]}
	for name, tok := range forged {
		if _, err := w.e.Pings.CheckLink(ctx, tok); !ping.ErrLinkInvalid(err) || plenary.ErrorKind(err) != plenary.KindNotFound {
			t.Errorf("check %s: %v", name, err)
		}
		if _, err := w.e.Pings.AcknowledgeLink(ctx, plenary.Public("en"), tok); !ping.ErrLinkInvalid(err) {
			t.Errorf("acknowledge %s: %v", name, err)
		}
	}
	if w.requestOf(t, r.ID, w.a).Acknowledged() {
		t.Fatal("a forged link acknowledged")
	}
	// Use, then replay.
	w.e.Clock.Advance(90 * time.Minute)
	l, err := w.e.Pings.AcknowledgeLink(ctx, plenary.Public("fr"), ta)
	if err != nil || l.State != ping.LinkValid || !l.AcknowledgedAt.Equal(w.e.Clock.Now()) {
		t.Fatalf("acknowledge: %+v, %v", l, err)
	}
	q := w.requestOf(t, r.ID, w.a)
	if !q.Acknowledged() || q.Via != ping.ViaLink {
		t.Fatalf("request %+v", q)
	}
	w.e.Clock.Advance(time.Minute)
	l, err = w.e.Pings.AcknowledgeLink(ctx, plenary.Public("fr"), ta)
	if plenary.ErrorKind(err) != plenary.KindConflict || l.State != ping.LinkUsed || !l.AcknowledgedAt.Equal(q.AcknowledgedAt) {
		t.Fatalf("replay: %+v, %v", l, err)
	}
	if key, _ := plenary.ErrorMessage(err); key != "ping.link_used" {
		t.Errorf("replay: %s", key)
	}
	if l, _ := w.e.Pings.CheckLink(ctx, ta); l.State != ping.LinkUsed {
		t.Errorf("check after use: %s", l.State)
	}
	if !w.requestOf(t, r.ID, w.a).AcknowledgedAt.Equal(q.AcknowledgedAt) {
		t.Error("the replay moved the acknowledgement")
	}
	// Expiry: valid a second before the deadline, expired at it.
	w.e.Clock.Set(r.Deadline.Add(-time.Second))
	if l, err := w.e.Pings.CheckLink(ctx, tb); err != nil || l.State != ping.LinkValid {
		t.Fatalf("a second before the deadline: %+v, %v", l, err)
	}
	w.e.Clock.Set(r.Deadline)
	if l, err := w.e.Pings.CheckLink(ctx, tb); err != nil || l.State != ping.LinkExpired {
		t.Fatalf("at the deadline: %+v, %v", l, err)
	}
	l, err = w.e.Pings.AcknowledgeLink(ctx, plenary.Public("en"), tb)
	if plenary.ErrorKind(err) != plenary.KindConflict || l.State != ping.LinkExpired {
		t.Fatalf("acknowledge at the deadline: %+v, %v", l, err)
	}
	if key, _ := plenary.ErrorMessage(err); key != "ping.link_expired" {
		t.Errorf("expired: %s", key)
	}
	if w.requestOf(t, r.ID, w.b).Acknowledged() {
		t.Error("an expired link acknowledged")
	}
}

// TestInApp: a contact acknowledges their own ping signed in, and nobody else's.
func TestInApp(t *testing.T) {
	w := newWorld(t)
	r := w.round(t, "In the app")
	qa := w.requestOf(t, r.ID, w.a)
	a, b, c := w.actor(t, w.a), w.actor(t, w.b), w.actor(t, w.c)
	pending, err := w.e.Pings.Pending(ctx, a)
	if err != nil || len(pending) != 1 || pending[0].Request.ID != qa.ID || pending[0].Round.ID != r.ID {
		t.Fatalf("pending %+v, %v", pending, err)
	}
	for name, actor := range map[string]plenary.Actor{"the State's other contact": b, "another State's contact": c,
		"the Secretariat": w.sec, "the public": plenary.Public("en")} {
		if _, err := w.e.Pings.AcknowledgeInApp(ctx, actor, qa.ID); err == nil {
			t.Errorf("%s acknowledged A's ping", name)
		}
	}
	if _, err := w.e.Pings.AcknowledgeInApp(ctx, a, 999999); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("no such request: %v", err)
	}
	w.e.Clock.Advance(25 * time.Minute)
	q, err := w.e.Pings.AcknowledgeInApp(ctx, a, qa.ID)
	if err != nil || q.Via != ping.ViaApp || q.AcknowledgedBy != a.UserID {
		t.Fatalf("acknowledge: %+v, %v", q, err)
	}
	if _, err := w.e.Pings.AcknowledgeInApp(ctx, a, qa.ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("twice: %v", err)
	}
	if pending, _ := w.e.Pings.Pending(ctx, a); len(pending) != 0 {
		t.Errorf("still pending: %+v", pending)
	}
	// The link is used too.
	if l, _ := w.e.Pings.CheckLink(ctx, w.e.Pings.Token(qa)); l.State != ping.LinkUsed {
		t.Errorf("link after in-app: %s", l.State)
	}
	// After the deadline nothing is pending and nothing is taken.
	w.e.Clock.Set(r.Deadline)
	qb := w.requestOf(t, r.ID, w.b)
	if pending, _ := w.e.Pings.Pending(ctx, b); len(pending) != 0 {
		t.Errorf("pending after the deadline: %+v", pending)
	}
	if _, err := w.e.Pings.AcknowledgeInApp(ctx, b, qb.ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("after the deadline: %v", err)
	}
}

// TestRemindersAndEscalation: reminders go exactly at half the window to those who have
// not answered; at three quarters the State's other contacts are told, and nobody in
// another State; nothing goes after the close.
func TestRemindersAndEscalation(t *testing.T) {
	w := newWorld(t)
	const title = "Timing"
	r := w.round(t, title)
	for _, c := range []testenv.Contact{w.a, w.b, w.c, w.d, w.x} {
		w.wait(t, c, "ping", title, c.State, 1)
	}
	w.e.Clock.Advance(time.Hour)
	if _, err := w.e.Pings.AcknowledgeLink(ctx, plenary.Public("fr"), w.e.Pings.Token(w.requestOf(t, r.ID, w.a))); err != nil {
		t.Fatal(err)
	}
	tick := func(at time.Time) {
		t.Helper()
		w.e.Clock.Set(at)
		if err := w.e.Pings.Tick(ctx, ping.TickJob{}); err != nil {
			t.Fatal(err)
		}
		settle(w.e)
	}
	tick(r.RemindAt.Add(-time.Second))
	for _, q := range w.requests(t, r.ID) {
		if !q.RemindedAt.IsZero() {
			t.Fatalf("reminded before half the window: %+v", q)
		}
	}
	for _, c := range []testenv.Contact{w.a, w.b, w.c, w.d, w.x} {
		w.wait(t, c, "ping_reminder", title, c.State, 0)
	}
	tick(r.RemindAt)
	w.wait(t, w.a, "ping_reminder", title, "FRA", 0) // answered
	for _, c := range []testenv.Contact{w.b, w.c, w.d, w.x} {
		m := w.wait(t, c, "ping_reminder", title, c.State, 1)[0]
		if l := linkIn(t, m); tokenOf(l) != w.e.Pings.Token(w.requestOf(t, r.ID, c)) {
			t.Errorf("%s: the reminder's link is not the ping's", c.Email)
		}
	}
	for _, q := range w.requests(t, r.ID) {
		if q.Acknowledged() == !q.RemindedAt.IsZero() || (!q.Acknowledged() && !q.RemindedAt.Equal(r.RemindAt)) {
			t.Errorf("request of contact %d: acknowledged %v, reminded %v", q.ContactID, q.AcknowledgedAt, q.RemindedAt)
		}
	}
	// A tick later sends no second reminder.
	tick(r.RemindAt.Add(time.Minute))
	// D answers between the reminder and the escalation.
	w.e.Clock.Set(r.RemindAt.Add(2 * time.Hour))
	if _, err := w.e.Pings.AcknowledgeInApp(ctx, w.actor(t, w.d), w.requestOf(t, r.ID, w.d).ID); err != nil {
		t.Fatal(err)
	}
	tick(r.EscalateAt.Add(-time.Second))
	for _, c := range []testenv.Contact{w.a, w.b, w.c, w.d, w.x} {
		w.wait(t, c, "ping_escalation", title, c.State, 0)
		w.wait(t, c, "ping_reminder", title, c.State, map[bool]int{true: 0, false: 1}[c.ID == w.a.ID])
	}
	tick(r.EscalateAt)
	// B is silent: A, the other contact of France, is told (though A answered). C is
	// silent: D, Kenya's other contact, is told. E, Russia's only contact, has nobody to
	// tell. Nobody hears about another State's contacts.
	mA := w.wait(t, w.a, "ping_escalation", title, "FRA", 1)[0]
	if !strings.Contains(mA.Text, "Bruno Martin") || strings.Contains(mA.Text, "Carmen") {
		t.Errorf("A's escalation: %s", mA.Text)
	}
	mD := w.wait(t, w.d, "ping_escalation", title, "KEN", 1)[0]
	if !strings.Contains(mD.Text, "Carmen Otieno") {
		t.Errorf("D's escalation: %s", mD.Text)
	}
	w.wait(t, w.b, "ping_escalation", title, "FRA", 0) // A answered: nobody tells B about A
	w.wait(t, w.c, "ping_escalation", title, "KEN", 0) // D answered
	w.wait(t, w.x, "ping_escalation", title, "RUS", 0)
	for _, q := range w.requests(t, r.ID) {
		if q.Acknowledged() == !q.EscalatedAt.IsZero() {
			t.Errorf("request of contact %d: acknowledged %v, escalated %v", q.ContactID, q.AcknowledgedAt, q.EscalatedAt)
		}
	}
	tick(r.EscalateAt.Add(time.Hour)) // no second escalation
	w.wait(t, w.a, "ping_escalation", title, "FRA", 1)
	// The close: nothing goes out afterwards, even a job already queued.
	before := len(w.e.SMTP.Messages())
	tick(r.Deadline)
	if got, _ := w.e.Pings.Round(ctx, w.sec, r.ID); got.Status != ping.Closed || !got.ClosedAt.Equal(r.Deadline) {
		t.Fatalf("after the deadline: %+v", got)
	}
	for _, letter := range []ping.Letter{ping.LetterPing, ping.LetterReminder, ping.LetterEscalation} {
		j := ping.SendJob{RequestID: w.requestOf(t, r.ID, w.b).ID, Letter: letter, Silent: w.requestOf(t, r.ID, w.c).ID}
		if err := w.e.Pings.Send(ctx, j); err != nil {
			t.Errorf("send %s after the close: %v", letter, err)
		}
	}
	tick(r.Deadline.Add(time.Hour))
	if after := len(w.e.SMTP.Messages()); after != before {
		t.Errorf("%d e-mails after the close", after-before)
	}
}

// TestLateTick: a round whose deadline passed before any tick closes without the
// reminders and escalations it missed.
func TestLateTick(t *testing.T) {
	w := newWorld(t)
	const title = "Late"
	r := w.round(t, title)
	w.wait(t, w.b, "ping", title, "FRA", 1)
	settle(w.e)
	before := len(w.e.SMTP.Messages())
	w.e.Clock.Set(r.Deadline.Add(3 * time.Hour))
	if err := w.e.Pings.Tick(ctx, ping.TickJob{}); err != nil {
		t.Fatal(err)
	}
	settle(w.e)
	got, _ := w.e.Pings.Round(ctx, w.sec, r.ID)
	if got.Status != ping.Closed {
		t.Fatalf("status %s", got.Status)
	}
	for _, q := range w.requests(t, r.ID) {
		if !q.RemindedAt.IsZero() || !q.EscalatedAt.IsZero() {
			t.Errorf("request %d reminded or escalated after the deadline", q.ID)
		}
	}
	if after := len(w.e.SMTP.Messages()); after != before {
		t.Errorf("%d e-mails after a late close", after-before)
	}
}

// TestScheduledAndCancelled: a scheduled round starts at its time, not a second before;
// a cancelled one never does; a started round cannot be cancelled.
func TestScheduledAndCancelled(t *testing.T) {
	w := newWorld(t)
	start := testenv.Start.Add(2 * time.Hour)
	r, err := w.e.Pings.CreateRound(ctx, w.sec, ping.RoundInput{Title: "Scheduled", Scope: ping.ScopeRegion, Region: "African",
		StartsAt: start, Hours: 12})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != ping.Scheduled || !r.Deadline.Equal(start.Add(12*time.Hour)) || !r.RemindAt.Equal(start.Add(6*time.Hour)) ||
		!r.EscalateAt.Equal(start.Add(9*time.Hour)) {
		t.Fatalf("round %+v", r)
	}
	other, err := w.e.Pings.CreateRound(ctx, w.sec, ping.RoundInput{Title: "To cancel", Scope: ping.ScopeStates, States: []string{"fra", "KEN"},
		StartsAt: start})
	if err != nil {
		t.Fatal(err)
	}
	if len(other.States) != 2 || other.States[0] != "FRA" {
		t.Errorf("states %v", other.States)
	}
	if c, err := w.e.Pings.Cancel(ctx, w.sec, other.ID); err != nil || c.Status != ping.Cancelled {
		t.Fatalf("cancel: %+v, %v", c, err)
	}
	w.e.Clock.Set(start.Add(-time.Second))
	if err := w.e.Pings.Tick(ctx, ping.TickJob{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.e.Pings.Round(ctx, w.sec, r.ID); got.Status != ping.Scheduled || len(w.requests(t, r.ID)) != 0 {
		t.Fatalf("a second early: %s, %d requests", got.Status, len(w.requests(t, r.ID)))
	}
	w.e.Clock.Set(start)
	if err := w.e.Pings.Tick(ctx, ping.TickJob{}); err != nil {
		t.Fatal(err)
	}
	got, _ := w.e.Pings.Round(ctx, w.sec, r.ID)
	if got.Status != ping.Sent || !got.SentAt.Equal(start) {
		t.Fatalf("on time: %+v", got)
	}
	qs := w.requests(t, r.ID)
	if len(qs) != 2 || qs[0].State != "KEN" || qs[1].State != "KEN" {
		t.Fatalf("the African round reached %+v", qs)
	}
	w.wait(t, w.c, "ping", "Scheduled", "KEN", 1)
	if got, _ := w.e.Pings.Round(ctx, w.sec, other.ID); got.Status != ping.Cancelled || len(w.requests(t, other.ID)) != 0 {
		t.Errorf("the cancelled round: %s", got.Status)
	}
	if _, err := w.e.Pings.Cancel(ctx, w.sec, r.ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("cancel a sent round: %v", err)
	}
	// The form's rules.
	for name, in := range map[string]ping.RoundInput{
		"no title":       {Scope: ping.ScopeAll},
		"no scope":       {Title: "x"},
		"unknown region": {Title: "x", Scope: ping.ScopeRegion, Region: "Atlantis"},
		"no State":       {Title: "x", Scope: ping.ScopeStates},
		"unknown State":  {Title: "x", Scope: ping.ScopeStates, States: []string{"XXX"}},
		"in the past":    {Title: "x", Scope: ping.ScopeAll, StartsAt: start.Add(-time.Hour)},
		"window too big": {Title: "x", Scope: ping.ScopeAll, Hours: ping.MaxHours + 1},
		"window < 0":     {Title: "x", Scope: ping.ScopeAll, Hours: -1},
	} {
		if _, err := w.e.Pings.CreateRound(ctx, w.sec, in); plenary.ErrorKind(err) != plenary.KindInvalid {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestResults: response rates, median and 90th percentile (nearest rank) by State and
// regional group; publication only once closed, showing groups of three States or more
// and never a State.
func TestResults(t *testing.T) {
	w := newWorld(t)
	// Two more WEOG States, so that WEOG has three.
	w.e.VerifiedContact(t, w.sec, "CAN", "k@international.gc.ca", "Kim Tremblay", "en", directory.Diplomatic)
	w.e.VerifiedContact(t, w.sec, "NLD", "n@minbuza.nl", "Noor de Vries", "en", directory.Diplomatic)
	const title = "Results"
	r := w.round(t, title)
	settle(w.e)
	for _, q := range w.requests(t, r.ID) {
		if !q.SentAt.Equal(testenv.Start) {
			t.Fatalf("request %d sent at %v", q.ID, q.SentAt)
		}
	}
	ack := func(c testenv.Contact, after time.Duration) {
		t.Helper()
		w.e.Clock.Set(testenv.Start.Add(after))
		if _, err := w.e.Pings.AcknowledgeLink(ctx, plenary.Public("en"), w.e.Pings.Token(w.requestOf(t, r.ID, c))); err != nil {
			t.Fatal(err)
		}
	}
	ack(w.a, time.Hour)
	ack(w.c, 2*time.Hour)
	ack(w.d, 3*time.Hour)
	ack(w.x, 10*time.Hour)
	// B, CAN and NLD stay silent.
	if _, err := w.e.Pings.Publish(ctx, w.sec, r.ID, true); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("publish an open round: %v", err)
	}
	res, err := w.e.Pings.Results(ctx, w.sec, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	o := res.Overall
	// Took: 1 h, 2 h, 3 h, 10 h. Median: rank ceil(0.5×4) = 2 → 2 h; P90: rank ceil(0.9×4) = 4 → 10 h.
	if o.Contacts != 7 || o.Acknowledged != 4 || o.States != 5 || o.StatesReached != 3 || o.Median != 2*time.Hour || o.P90 != 10*time.Hour {
		t.Errorf("overall %+v", o)
	}
	if rate := o.Rate(); rate < 57.1 || rate > 57.2 {
		t.Errorf("rate %.2f", rate)
	}
	byState := map[string]ping.StateResult{}
	for _, s := range res.ByState {
		byState[s.State] = s
	}
	fra := byState["FRA"]
	if fra.Group != "WEOG" || fra.Contacts != 2 || fra.Acknowledged != 1 || fra.Rate() != 50 || fra.Median != time.Hour || fra.P90 != time.Hour || len(fra.Requests) != 2 {
		t.Errorf("FRA %+v", fra)
	}
	ken := byState["KEN"]
	// Took 2 h and 3 h: median rank 1 → 2 h, P90 rank 2 → 3 h.
	if ken.Rate() != 100 || ken.Median != 2*time.Hour || ken.P90 != 3*time.Hour {
		t.Errorf("KEN %+v", ken)
	}
	if can := byState["CAN"]; can.Rate() != 0 || can.StatesReached != 0 || can.Median != 0 {
		t.Errorf("CAN %+v", can)
	}
	if len(byState) != 5 {
		t.Errorf("%d States", len(byState))
	}
	byGroup := map[string]ping.GroupResult{}
	for _, g := range res.ByGroup {
		byGroup[g.Group] = g
	}
	weog := byGroup["WEOG"]
	if weog.States != 3 || weog.StatesReached != 1 || weog.Contacts != 4 || weog.Acknowledged != 1 || weog.Rate() != 25 {
		t.Errorf("WEOG %+v", weog)
	}
	if g := byGroup["Eastern European"]; g.States != 1 || g.Rate() != 100 || g.Median != 10*time.Hour {
		t.Errorf("EEG %+v", g)
	}
	// History and a State's history.
	hist, err := w.e.Pings.History(ctx, w.sec)
	if err != nil || len(hist) != 1 || hist[0].Overall != o {
		t.Errorf("history %+v, %v", hist, err)
	}
	sh, err := w.e.Pings.StateHistory(ctx, w.actor(t, w.b), "FRA")
	if err != nil || len(sh) != 1 || sh[0].Contacts != 2 || sh[0].Acknowledged != 1 {
		t.Errorf("FRA's history for B: %+v, %v", sh, err)
	}
	// Closed, then published: overall and WEOG only (the other groups have one State).
	w.e.Clock.Set(r.Deadline)
	if err := w.e.Pings.Tick(ctx, ping.TickJob{}); err != nil {
		t.Fatal(err)
	}
	if pub, _ := w.e.Pings.PublishedResults(ctx, plenary.Public("en")); len(pub) != 0 {
		t.Fatalf("published before publication: %+v", pub)
	}
	if _, err := w.e.Pings.Publish(ctx, w.sec, r.ID, true); err != nil {
		t.Fatal(err)
	}
	pub, err := w.e.Pings.PublishedResults(ctx, plenary.Public("en"))
	if err != nil || len(pub) != 1 {
		t.Fatalf("published %+v, %v", pub, err)
	}
	if pub[0].Overall != o || len(pub[0].ByGroup) != 1 || pub[0].ByGroup[0].Group != "WEOG" {
		t.Errorf("published %+v", pub[0])
	}
	if _, err := w.e.Pings.Publish(ctx, w.sec, r.ID, false); err != nil {
		t.Fatal(err)
	}
	if pub, _ := w.e.Pings.PublishedResults(ctx, plenary.Public("en")); len(pub) != 0 {
		t.Errorf("still published: %+v", pub)
	}
}

// TestPublishedHidesChosenStates: a published round of chosen States does not say which.
func TestPublishedHidesChosenStates(t *testing.T) {
	w := newWorld(t)
	r, err := w.e.Pings.CreateRound(ctx, w.sec, ping.RoundInput{Title: "Chosen", Scope: ping.ScopeStates, States: []string{"FRA", "KEN"}})
	if err != nil {
		t.Fatal(err)
	}
	w.e.Clock.Set(r.Deadline)
	if err := w.e.Pings.Tick(ctx, ping.TickJob{}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Pings.Publish(ctx, w.sec, r.ID, true); err != nil {
		t.Fatal(err)
	}
	pub, err := w.e.Pings.PublishedResults(ctx, plenary.Public("en"))
	if err != nil || len(pub) != 1 {
		t.Fatalf("%+v, %v", pub, err)
	}
	if len(pub[0].Round.States) != 0 || len(pub[0].ByGroup) != 0 || pub[0].Overall.Contacts != 4 {
		t.Errorf("published %+v", pub[0])
	}
}

// TestAccess: every method, for every role.
func TestAccess(t *testing.T) {
	w := newWorld(t)
	e := w.e
	sys := plenary.System("test")
	org, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.Academia, HQState: "BRA",
		Names: plenary.Localized{"en": "Cyber Institute"}})
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]plenary.Actor{
		"secretariat": w.sec,
		"chair":       e.Actor(t, e.CreateUser(t, "chair@un.org", "Chair", plenary.Grant{Role: plenary.RoleChair})),
		"delegate":    e.Actor(t, e.CreateUser(t, "delegate@fra.example", "Delegate", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})),
		"nominator":   e.Actor(t, e.CreateUser(t, "nominator@fra.example", "Nominator", plenary.Grant{Role: plenary.RoleNominator, State: "FRA"})),
		"contact":     w.actor(t, w.a),
		"unverified":  e.Actor(t, e.CreateUser(t, "unverified@fra.example", "Unverified", plenary.Grant{Role: plenary.RolePointOfContact, State: "FRA"})),
		"focal point": e.Actor(t, e.CreateUser(t, "focal@example.org", "Focal", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID})),
		"public":      plenary.Public("en"),
	}
	// A closed round to read and publish, and an open one to acknowledge.
	closed := w.round(t, "Closed")
	e.Clock.Advance(49 * time.Hour)
	if err := e.Pings.Tick(ctx, ping.TickJob{}); err != nil {
		t.Fatal(err)
	}
	scheduled := func() int64 {
		r, err := e.Pings.CreateRound(ctx, w.sec, ping.RoundInput{Title: "Later", Scope: ping.ScopeAll, StartsAt: e.Clock.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	open := w.round(t, "Open")
	type check struct {
		name    string
		call    func(plenary.Actor) error
		allowed []string
	}
	secretariat := []string{"secretariat"}
	checks := []check{
		{"CreateRound", func(a plenary.Actor) error {
			_, err := e.Pings.CreateRound(ctx, a, ping.RoundInput{Title: "New", Scope: ping.ScopeStates, States: []string{"RUS"}})
			return err
		}, secretariat},
		{"Cancel", func(a plenary.Actor) error { _, err := e.Pings.Cancel(ctx, a, scheduled()); return err }, secretariat},
		{"Publish", func(a plenary.Actor) error { _, err := e.Pings.Publish(ctx, a, closed.ID, true); return err }, secretariat},
		{"Rounds", func(a plenary.Actor) error { _, err := e.Pings.Rounds(ctx, a); return err }, secretariat},
		{"Round", func(a plenary.Actor) error { _, err := e.Pings.Round(ctx, a, closed.ID); return err }, secretariat},
		{"Results", func(a plenary.Actor) error { _, err := e.Pings.Results(ctx, a, closed.ID); return err }, secretariat},
		{"History", func(a plenary.Actor) error { _, err := e.Pings.History(ctx, a); return err }, secretariat},
		{"StateHistory own", func(a plenary.Actor) error { _, err := e.Pings.StateHistory(ctx, a, "FRA"); return err }, []string{"secretariat", "contact"}},
		{"StateHistory other", func(a plenary.Actor) error { _, err := e.Pings.StateHistory(ctx, a, "KEN"); return err }, secretariat},
		{"PublishedResults", func(a plenary.Actor) error { _, err := e.Pings.PublishedResults(ctx, a); return err },
			[]string{"secretariat", "chair", "delegate", "nominator", "contact", "unverified", "focal point", "public"}},
		{"AcknowledgeInApp", func(a plenary.Actor) error {
			_, err := e.Pings.AcknowledgeInApp(ctx, a, w.requestOf(t, open.ID, w.a).ID)
			return err
		}, []string{"contact"}},
	}
	// The contact's acknowledgement goes last, so that the others meet an unanswered ping.
	order := []string{"public", "focal point", "unverified", "nominator", "delegate", "chair", "secretariat", "contact"}
	for _, c := range checks {
		for _, role := range order {
			want := false
			for _, r := range c.allowed {
				want = want || r == role
			}
			testenv.Allowed(t, c.name+" as "+role, c.call(roles[role]), want)
		}
	}
	// Pending: everyone may ask; only the contact has pings waiting.
	for _, role := range order {
		p, err := e.Pings.Pending(ctx, roles[role])
		if err != nil || len(p) != 0 {
			t.Errorf("Pending as %s after all: %+v, %v", role, p, err)
		}
	}
	fresh := w.round(t, "Fresh")
	for role, a := range roles {
		p, err := e.Pings.Pending(ctx, a)
		if want := map[bool]int{true: 1, false: 0}[role == "contact"]; err != nil || len(p) != want {
			t.Errorf("Pending as %s: %d, %v", role, len(p), err)
		}
	}
	// The link needs no role: whoever holds it may use it, once.
	tok := e.Pings.Token(w.requestOf(t, fresh.ID, w.b))
	for _, role := range order {
		if _, err := e.Pings.CheckLink(ctx, tok); err != nil {
			t.Errorf("CheckLink as %s: %v", role, err)
		}
	}
	if _, err := e.Pings.AcknowledgeLink(ctx, roles["focal point"], tok); err != nil {
		t.Errorf("AcknowledgeLink: %v", err)
	}
}
