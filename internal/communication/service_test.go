package communication_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

var ctx = context.Background()

func TestMain(m *testing.M) { testenv.Main(m) }

// world is three participating States with verified contacts (France with one, Kenya
// with two, Brazil with one) and people in every other role.
type world struct {
	e                           *testenv.Env
	sec                         plenary.Actor
	fra, ken1, ken2, bra        plenary.Actor
	delegate, nominator, focal  plenary.Actor
	public                      plenary.Actor
	fraMail, ken1Mail, ken2Mail string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	e := testenv.New(t)
	w := &world{e: e, public: plenary.Public("en"), fraMail: "fra.poc@example.org", ken1Mail: "ken.one@example.org", ken2Mail: "ken.two@example.org"}
	w.sec = e.Actor(t, e.CreateUser(t, "sec@example.org", "Secretariat Officer", plenary.Grant{Role: plenary.RoleSecretariat}))
	w.fra = w.contact(t, "FRA", w.fraMail, "Claire Dubois", "fr", directory.Diplomatic)
	w.ken1 = w.contact(t, "KEN", w.ken1Mail, "Wanjiru Kamau", "en", directory.Diplomatic)
	w.ken2 = w.contact(t, "KEN", w.ken2Mail, "Otieno Odhiambo", "es", directory.Technical)
	w.bra = w.contact(t, "BRA", "bra.poc@example.org", "João Silva", "es", directory.Diplomatic)
	w.delegate = e.Actor(t, e.CreateUser(t, "delegate@example.org", "Delegate of France", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"}))
	w.nominator = e.Actor(t, e.CreateUser(t, "nominator@example.org", "Nominator of Kenya", plenary.Grant{Role: plenary.RoleNominator, State: "KEN"}))
	org, err := e.Organizations.Create(ctx, plenary.System("test"), organization.Input{Type: organization.NGO, HQState: "CHE",
		Names: plenary.Localized{"en": "Institute for Digital Peace"}})
	if err != nil {
		t.Fatal(err)
	}
	w.focal = e.Actor(t, e.CreateUser(t, "focal@example.org", "Focal Point", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID}))
	return w
}

// contact makes a verified contact of state the way the directory does: the State
// participates, the Secretariat nominates and verifies the entry, which links it to the
// person's account.
func (w *world) contact(t *testing.T, state, email, name, lang string, fn directory.Function) plenary.Actor {
	t.Helper()
	e := w.e
	u := e.CreateUser(t, email, name, plenary.Grant{Role: plenary.RolePointOfContact, State: state})
	if _, err := e.Directory.SetParticipation(ctx, w.sec, state, directory.Participating, ""); err != nil {
		t.Fatal(err)
	}
	c, err := e.Directory.Nominate(ctx, w.sec, directory.NominationInput{State: state, Function: fn, Details: directory.Details{
		Name: name, Title: "Head of unit", Organisation: "Ministry", Emails: []string{email}, Languages: []string{lang},
		Lang: lang, TimeZone: "UTC", Always: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Directory.Verify(ctx, w.sec, c.ID); err != nil {
		t.Fatal(err)
	}
	return e.Actor(t, u)
}

const (
	secretDescription = "Ransomware on the grid operator's control network since 03:00"
	secretAction      = "Share the indicators of compromise you hold"
)

var pdf = []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")

func (w *world) send(t *testing.T, from plenary.Actor, to string, urgency communication.Urgency, replyBy time.Time) communication.Communication {
	t.Helper()
	c, err := w.e.Communications.Send(ctx, from, communication.Input{To: to, Kind: communication.IncidentNotification,
		Urgency: urgency, Description: secretDescription, RequestedAction: secretAction, ReplyBy: replyBy,
		Attachments: []files.Upload{{Name: "Indicators of compromise.pdf", Data: pdf}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (w *world) get(t *testing.T, id int64) communication.Communication {
	t.Helper()
	c, err := w.e.Communications.Get(ctx, w.sec, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func to(addr string) func(testenv.Message) bool {
	return func(m testenv.Message) bool { return len(m.To) == 1 && m.To[0] == addr }
}

func noContent(t *testing.T, m testenv.Message) {
	t.Helper()
	for _, s := range []string{secretDescription, secretAction, "Indicators of compromise", "Ransomware"} {
		if strings.Contains(m.Subject+m.Text+m.HTML+string(m.Raw), s) {
			t.Errorf("the e-mail to %v carries the content %q", m.To, s)
		}
	}
}

// TestSendDeliverReadAcknowledgeReply: a communication reaches every verified contact of
// the recipient State by e-mail, in each one's language and without its content; it is
// delivered once the mail server accepted a notice, read when a recipient contact opens
// it (not when the sender does), acknowledged once by a recipient contact, and answered
// in its thread, the reply going back to the sending State.
func TestSendDeliverReadAcknowledgeReply(t *testing.T) {
	w := newWorld(t)
	c := w.send(t, w.fra, "KEN", communication.Priority, time.Time{})
	if c.From != "FRA" || c.To != "KEN" || c.ThreadID != c.ID || c.EscalateAt != testenv.Start.Add(24*time.Hour) {
		t.Fatalf("sent %+v", c)
	}
	m1 := w.e.SMTP.WaitFor(t, 10*time.Second, to(w.ken1Mail))
	m2 := w.e.SMTP.WaitFor(t, 10*time.Second, to(w.ken2Mail))
	noContent(t, m1)
	noContent(t, m2)
	if m1.Lang != "en" || m2.Lang != "es" || !strings.Contains(m1.Subject, "Incident notification") || !strings.Contains(m1.Subject, "France") {
		t.Errorf("notices: %q (%s), %q (%s)", m1.Subject, m1.Lang, m2.Subject, m2.Lang)
	}
	deadline := time.Now().Add(10 * time.Second)
	for w.get(t, c.ID).DeliveredAt.IsZero() {
		if time.Now().After(deadline) {
			t.Fatal("delivery never recorded")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := w.get(t, c.ID); got.DeliveredAt != testenv.Start || got.Status() != communication.Delivered {
		t.Errorf("delivered at %v, status %s", got.DeliveredAt, got.Status())
	}

	// The sender's own reading is not the recipient's.
	if _, err := w.e.Communications.Get(ctx, w.fra, c.ID); err != nil {
		t.Fatal(err)
	}
	if !w.get(t, c.ID).ReadAt.IsZero() {
		t.Error("read by the sender counted as read")
	}
	w.e.Clock.Advance(time.Minute)
	got, err := w.e.Communications.Get(ctx, w.ken2, c.ID)
	if err != nil || got.Content == nil || got.Content.Description != secretDescription || len(got.Content.Attachments) != 1 ||
		got.Content.Attachments[0].Name != "Indicators of compromise.pdf" {
		t.Fatalf("recipient reads %+v, %v", got, err)
	}
	readAt := w.get(t, c.ID).ReadAt
	if readAt != testenv.Start.Add(time.Minute) {
		t.Errorf("read at %v", readAt)
	}
	w.e.Clock.Advance(time.Minute)
	_, _ = w.e.Communications.Get(ctx, w.ken1, c.ID)
	if w.get(t, c.ID).ReadAt != readAt {
		t.Error("first reading overwritten")
	}

	// Only the recipient State acknowledges, once.
	_, err = w.e.Communications.Acknowledge(ctx, w.fra, c.ID)
	testenv.Allowed(t, "sender acknowledges", err, false)
	_, err = w.e.Communications.Acknowledge(ctx, w.sec, c.ID)
	testenv.Allowed(t, "Secretariat acknowledges", err, false)
	ack, err := w.e.Communications.Acknowledge(ctx, w.ken1, c.ID)
	if err != nil || ack.AcknowledgedBy != w.ken1.UserID || ack.Status() != communication.Acknowledged {
		t.Fatalf("acknowledge: %+v %v", ack, err)
	}
	if _, err := w.e.Communications.Acknowledge(ctx, w.ken2, c.ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("second acknowledgement: %v", err)
	}
	notice := w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return to(w.fraMail)(m) && strings.Contains(m.Subject, "Kenya")
	})
	noContent(t, notice)
	if notice.Lang != "fr" {
		t.Errorf("the sender's notice is in %s", notice.Lang)
	}

	// A reply goes back to France, in the thread.
	r, err := w.e.Communications.Reply(ctx, w.ken2, c.ID, communication.Input{Urgency: communication.Urgent,
		Description: "We are sending the indicators."})
	if err != nil {
		t.Fatal(err)
	}
	if r.From != "KEN" || r.To != "FRA" || r.ThreadID != c.ID || r.ReplyTo != c.ID || r.Kind != c.Kind {
		t.Errorf("reply %+v", r)
	}
	w.e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return to(w.fraMail)(m) && m.Lang == "fr" && strings.Contains(m.Text, "Kenya") && !strings.Contains(m.Subject, "accus")
	})
	thread, ro, err := w.e.Communications.Thread(ctx, w.fra, r.ID)
	if err != nil || len(thread) != 2 || !ro.Party() || thread[1].Content.Description != "We are sending the indicators." {
		t.Fatalf("thread: %d %v %v", len(thread), ro, err)
	}
	// France reading the thread reads the reply addressed to it.
	if w.get(t, r.ID).ReadAt.IsZero() {
		t.Error("the reply read by France is not marked read")
	}
	// A third State cannot reply, nor the Secretariat.
	_, err = w.e.Communications.Reply(ctx, w.bra, c.ID, communication.Input{Description: "x"})
	testenv.Allowed(t, "third State replies", err, false)
	_, err = w.e.Communications.Reply(ctx, w.sec, c.ID, communication.Input{Description: "x"})
	testenv.Allowed(t, "Secretariat replies", err, false)

	// The boxes.
	in, err := w.e.Communications.List(ctx, w.ken1, communication.Inbox, plenary.PageRequest{})
	if err != nil || len(in.Items) != 1 || in.Items[0].ID != c.ID {
		t.Errorf("Kenya's inbox: %+v %v", in.Items, err)
	}
	out, err := w.e.Communications.List(ctx, w.ken1, communication.Outbox, plenary.PageRequest{})
	if err != nil || len(out.Items) != 1 || out.Items[0].ID != r.ID {
		t.Errorf("Kenya's sent box: %+v %v", out.Items, err)
	}
}

// TestReplyAcknowledges: a reply from the recipient State acknowledges what it answers.
func TestReplyAcknowledges(t *testing.T) {
	w := newWorld(t)
	c := w.send(t, w.fra, "KEN", communication.Routine, time.Time{})
	if _, err := w.e.Communications.Reply(ctx, w.ken1, c.ID, communication.Input{Description: "Received, looking into it."}); err != nil {
		t.Fatal(err)
	}
	if got := w.get(t, c.ID); got.AcknowledgedBy != w.ken1.UserID {
		t.Errorf("not acknowledged by the reply: %+v", got)
	}
}

// TestSendRules: who may send to whom, and what the template requires.
func TestSendRules(t *testing.T) {
	w := newWorld(t)
	// CHN does not participate; MEX participates without a verified contact.
	if _, err := w.e.Directory.SetParticipation(ctx, w.sec, "MEX", directory.Participating, ""); err != nil {
		t.Fatal(err)
	}
	good := communication.Input{To: "KEN", Kind: communication.InformationRequest, Urgency: communication.Routine,
		Description: "d", RequestedAction: "a"}
	for _, tc := range []struct {
		name  string
		actor plenary.Actor
		in    func(communication.Input) communication.Input
		field string // the field refused; "" for a refusal of the actor
	}{
		{"delegate", w.delegate, nil, ""},
		{"nominator", w.nominator, nil, ""},
		{"Secretariat", w.sec, nil, ""},
		{"focal point", w.focal, nil, ""},
		{"public", w.public, nil, ""},
		{"not participating", w.fra, func(in communication.Input) communication.Input { in.To = "CHN"; return in }, "to"},
		{"no verified contact", w.fra, func(in communication.Input) communication.Input { in.To = "MEX"; return in }, "to"},
		{"to itself", w.fra, func(in communication.Input) communication.Input { in.To = "FRA"; return in }, "to"},
		{"from another State", w.fra, func(in communication.Input) communication.Input { in.From = "KEN"; return in }, "from"},
		{"no kind", w.fra, func(in communication.Input) communication.Input { in.Kind = ""; return in }, "kind"},
		{"no description", w.fra, func(in communication.Input) communication.Input { in.Description = " "; return in }, "description"},
		{"request without action", w.fra, func(in communication.Input) communication.Input { in.RequestedAction = ""; return in }, "requested_action"},
		{"reply-by past", w.fra, func(in communication.Input) communication.Input { in.ReplyBy = testenv.Start; return in }, "reply_by"},
		{"renamed executable", w.fra, func(in communication.Input) communication.Input {
			in.Attachments = []files.Upload{{Name: "report.pdf", Data: append([]byte("MZ\x90\x00"), pdf...)}}
			return in
		}, "attachments"},
		{"text file", w.fra, func(in communication.Input) communication.Input {
			in.Attachments = []files.Upload{{Name: "notes.docx", Data: []byte("plain text")}}
			return in
		}, "attachments"},
		{"too large", w.fra, func(in communication.Input) communication.Input {
			big := make([]byte, communication.MaxFile+1)
			copy(big, pdf)
			in.Attachments = []files.Upload{{Name: "big.pdf", Data: big}}
			return in
		}, "attachments"},
	} {
		in := good
		if tc.in != nil {
			in = tc.in(good)
		}
		_, err := w.e.Communications.Send(ctx, tc.actor, in)
		if tc.field == "" {
			testenv.Allowed(t, tc.name, err, false)
			continue
		}
		v, ok := err.(*plenary.ValidationError)
		if !ok {
			t.Errorf("%s: want a validation error on %s, got %v", tc.name, tc.field, err)
			continue
		}
		if _, ok := v.For(tc.field); !ok {
			t.Errorf("%s: want a problem with %s, got %+v", tc.name, tc.field, v.Fields)
		}
	}
	// An incident notification needs no requested action.
	in := good
	in.Kind, in.RequestedAction = communication.IncidentNotification, ""
	if _, err := w.e.Communications.Send(ctx, w.fra, in); err != nil {
		t.Errorf("incident notification without action: %v", err)
	}
}

// TestEscalation: an unacknowledged communication is escalated exactly at its time (its
// reply-by time, or the window of its urgency), once; an acknowledged one never is.
func TestEscalation(t *testing.T) {
	w := newWorld(t)
	urgent := w.send(t, w.fra, "KEN", communication.Urgent, time.Time{})
	byTime := w.send(t, w.fra, "KEN", communication.Routine, testenv.Start.Add(2*time.Hour))
	acked := w.send(t, w.fra, "KEN", communication.Urgent, time.Time{})
	if _, err := w.e.Communications.Acknowledge(ctx, w.ken1, acked.ID); err != nil {
		t.Fatal(err)
	}
	run := func() {
		t.Helper()
		if err := w.e.Communications.EscalateDue(ctx, communication.EscalateJob{}); err != nil {
			t.Fatal(err)
		}
	}
	escalated := func(id int64) time.Time { return w.get(t, id).EscalatedAt }

	w.e.Clock.Set(testenv.Start.Add(2*time.Hour - time.Second))
	run()
	if !escalated(byTime.ID).IsZero() {
		t.Fatal("escalated before its reply-by time")
	}
	w.e.Clock.Set(testenv.Start.Add(2 * time.Hour))
	run()
	if got := escalated(byTime.ID); got != testenv.Start.Add(2*time.Hour) {
		t.Fatalf("reply-by escalation at %v", got)
	}
	if !escalated(urgent.ID).IsZero() {
		t.Fatal("urgent escalated before 4 hours")
	}
	w.e.Clock.Set(testenv.Start.Add(4*time.Hour - time.Second))
	run()
	if !escalated(urgent.ID).IsZero() {
		t.Fatal("urgent escalated before 4 hours")
	}
	w.e.Clock.Set(testenv.Start.Add(4 * time.Hour))
	run()
	at := escalated(urgent.ID)
	if at != testenv.Start.Add(4*time.Hour) {
		t.Fatalf("urgent escalated at %v", at)
	}
	w.e.Clock.Advance(time.Hour)
	run()
	run()
	if escalated(urgent.ID) != at {
		t.Error("escalated twice")
	}
	if !escalated(acked.ID).IsZero() {
		t.Error("an acknowledged communication was escalated")
	}
	if got := w.get(t, urgent.ID).Status(); got != communication.Escalated {
		t.Errorf("status %s", got)
	}

	// Every Kenyan contact is written to again, and France told, once per escalation.
	isEscalation := func(addr string) func(testenv.Message) bool {
		return func(m testenv.Message) bool {
			return to(addr)(m) && (strings.Contains(m.Subject, "Unanswered") || strings.Contains(m.Subject, "Sin respuesta") || strings.Contains(m.Subject, "non encore"))
		}
	}
	w.e.SMTP.WaitFor(t, 10*time.Second, isEscalation(w.ken1Mail))
	w.e.SMTP.WaitFor(t, 10*time.Second, isEscalation(w.ken2Mail))
	w.e.SMTP.WaitFor(t, 10*time.Second, isEscalation(w.fraMail))
	time.Sleep(500 * time.Millisecond) // a second escalation would have been sent by now
	count := map[string]int{}
	for _, m := range w.e.SMTP.Messages() {
		for _, a := range []string{w.ken1Mail, w.ken2Mail, w.fraMail} {
			if isEscalation(a)(m) {
				count[a]++
				noContent(t, m)
			}
		}
	}
	for _, a := range []string{w.ken1Mail, w.ken2Mail, w.fraMail} {
		if count[a] != 2 { // the reply-by one and the urgent one
			t.Errorf("%s got %d escalation e-mails, want 2", a, count[a])
		}
	}
}

// TestAccess: who learns what about a communication from France to Kenya. The two States'
// contacts read everything; the Secretariat the metadata only, until a party shares it;
// anyone else learns nothing, not even that it exists.
func TestAccess(t *testing.T) {
	w := newWorld(t)
	c := w.send(t, w.fra, "KEN", communication.Routine, time.Time{})
	type want struct{ exists, content bool }
	check := func(stage string, who string, a plenary.Actor, wt want) {
		t.Helper()
		got, err := w.e.Communications.Get(ctx, a, c.ID)
		testenv.Allowed(t, stage+": "+who+" gets", err, wt.exists)
		if err == nil && (got.Content != nil) != wt.content {
			t.Errorf("%s: %s sees the content: %v, want %v", stage, who, got.Content != nil, wt.content)
		}
		if err == nil && !wt.content && (got.SentByName != "" || got.AcknowledgedByName != "") {
			t.Errorf("%s: %s sees names", stage, who)
		}
		_, _, err = w.e.Communications.Thread(ctx, a, c.ID)
		testenv.Allowed(t, stage+": "+who+" reads the thread", err, wt.exists)
		_, err = w.e.Communications.Attachment(ctx, a, c.ID, 1)
		testenv.Allowed(t, stage+": "+who+" downloads", err, wt.content)
		if err == nil || wt.exists {
			return
		}
		if k := plenary.ErrorKind(err); k != plenary.KindNotFound && k != plenary.KindUnauthenticated {
			t.Errorf("%s: %s is told %v, not that nothing exists", stage, who, err)
		}
	}
	actors := []struct {
		name string
		a    plenary.Actor
	}{{"sender's contact", w.fra}, {"recipient's contact", w.ken2}, {"third State's contact", w.bra},
		{"Secretariat", w.sec}, {"delegate", w.delegate}, {"nominator", w.nominator}, {"focal point", w.focal}, {"public", w.public}}
	before := map[string]want{"sender's contact": {true, true}, "recipient's contact": {true, true}, "Secretariat": {true, false}}
	after := map[string]want{"sender's contact": {true, true}, "recipient's contact": {true, true}, "Secretariat": {true, true}}
	for _, x := range actors {
		check("before sharing", x.name, x.a, before[x.name])
	}
	// Lists: only the parties' boxes, only the Secretariat's overview.
	for _, x := range actors {
		_, err := w.e.Communications.List(ctx, x.a, communication.Inbox, plenary.PageRequest{})
		testenv.Allowed(t, x.name+" lists", err, x.name == "sender's contact" || x.name == "recipient's contact" || x.name == "third State's contact")
		_, _, err = w.e.Communications.Overview(ctx, x.a, plenary.PageRequest{})
		testenv.Allowed(t, x.name+" overview", err, x.name == "Secretariat")
	}
	if got, _ := w.e.Communications.List(ctx, w.bra, communication.Inbox, plenary.PageRequest{}); len(got.Items) != 0 {
		t.Error("a third State's inbox shows the communication")
	}
	page, figures, err := w.e.Communications.Overview(ctx, w.sec, plenary.PageRequest{})
	if err != nil || len(page.Items) != 1 || page.Items[0].Content != nil || figures.Total != 1 ||
		figures.ByKind[communication.IncidentNotification] != 1 || figures.ByUrgency[communication.Routine] != 1 {
		t.Errorf("overview: %+v %+v %v", page.Items, figures, err)
	}
	// Sharing: the parties only.
	for _, x := range actors {
		if x.name == "sender's contact" || x.name == "recipient's contact" {
			continue
		}
		_, err := w.e.Communications.Share(ctx, x.a, c.ID)
		testenv.Allowed(t, x.name+" shares", err, false)
	}
	if _, err := w.e.Communications.Share(ctx, w.ken2, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Communications.Share(ctx, w.fra, c.ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("shared twice: %v", err)
	}
	for _, x := range actors {
		check("after sharing", x.name, x.a, after[x.name])
	}
	f, err := w.e.Communications.Attachment(ctx, w.sec, c.ID, 1)
	if err != nil || string(f.Data) != string(pdf) || f.Name != "Indicators of compromise.pdf" || f.ContentType != "application/pdf" {
		t.Errorf("attachment: %q %q %v", f.Name, f.ContentType, err)
	}
	// A contact whose State leaves the directory no longer reads it.
	if _, err := w.e.Directory.SetParticipation(ctx, w.sec, "KEN", directory.Left, ""); err != nil {
		t.Fatal(err)
	}
	_, err = w.e.Communications.Get(ctx, w.ken2, c.ID)
	testenv.Allowed(t, "contact of a State that left", err, false)
}

// TestSealedAtRest: a database dump shows neither the content nor the attachments, nor
// their names; and content moved to another row does not open.
func TestSealedAtRest(t *testing.T) {
	w := newWorld(t)
	c := w.send(t, w.fra, "KEN", communication.Routine, time.Time{})
	var content string
	if err := w.e.DB.SQLDB().QueryRowContext(ctx, "SELECT content FROM communications WHERE id = $1", c.ID).Scan(&content); err != nil {
		t.Fatal(err)
	}
	var name, data string
	if err := w.e.DB.SQLDB().QueryRowContext(ctx, "SELECT name, data FROM communication_files WHERE communication_id = $1", c.ID).Scan(&name, &data); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{content, name, data} {
		for _, secret := range []string{secretDescription, secretAction, "Ransomware", "Indicators", "%PDF", "description"} {
			if strings.Contains(v, secret) {
				t.Errorf("stored in clear: %q", secret)
			}
		}
	}
	// Another communication between the same States: its content moved onto the first
	// row does not open, since it is bound to its own ID.
	other := w.send(t, w.fra, "KEN", communication.Routine, time.Time{})
	var otherContent string
	if err := w.e.DB.SQLDB().QueryRowContext(ctx, "SELECT content FROM communications WHERE id = $1", other.ID).Scan(&otherContent); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.DB.SQLDB().ExecContext(ctx, "UPDATE communications SET content = $1 WHERE id = $2", otherContent, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Communications.Get(ctx, w.fra, c.ID); plenary.ErrorKind(err) != plenary.KindInternal {
		t.Errorf("moved content opened: %v", err)
	}
}

// TestAudit: every change is in the audit trail, without the content.
func TestAudit(t *testing.T) {
	w := newWorld(t)
	c := w.send(t, w.fra, "KEN", communication.Urgent, time.Time{})
	if _, err := w.e.Communications.Acknowledge(ctx, w.ken1, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Communications.Share(ctx, w.fra, c.ID); err != nil {
		t.Fatal(err)
	}
	other := w.send(t, w.fra, "KEN", communication.Urgent, time.Time{})
	w.e.Clock.Advance(5 * time.Hour)
	if err := w.e.Communications.EscalateDue(ctx, communication.EscalateJob{}); err != nil {
		t.Fatal(err)
	}
	rows, err := w.e.DB.SQLDB().QueryContext(ctx, "SELECT action, details FROM audit_events WHERE object_type = 'communication'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var action, details string
		if err := rows.Scan(&action, &details); err != nil {
			t.Fatal(err)
		}
		seen[action] = true
		if strings.Contains(details, "Ransomware") || strings.Contains(details, "Indicators") {
			t.Errorf("%s records the content: %s", action, details)
		}
	}
	for _, a := range []string{"communication_sent", "communication_read", "communication_acknowledged", "communication_shared", "communication_escalated"} {
		if !seen[a] {
			t.Errorf("no %s event (have %v)", a, seen)
		}
	}
	_ = other
}
