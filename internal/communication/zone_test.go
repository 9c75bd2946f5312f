package communication_test

import (
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestNoticeInTheContactsZone: the notice gives the reply-by time in the recipient
// contact's own time zone, as their entry in the directory says.
func TestNoticeInTheContactsZone(t *testing.T) {
	w := newWorld(t)
	e := w.e
	// The account holds the role already: verifying sends it no notice, and the first
	// e-mail it gets is the communication's.
	e.CreateUser(t, "jpn.duty@example.org", "Haruka Sato", plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"})
	if _, err := e.Directory.SetParticipation(ctx, w.sec, "JPN", directory.Participating, ""); err != nil {
		t.Fatal(err)
	}
	c, err := e.Directory.Nominate(ctx, w.sec, directory.NominationInput{State: "JPN", Function: directory.Technical, Details: directory.Details{
		Name: "Haruka Sato", Title: "Duty officer", Organisation: "NISC", Emails: []string{"jpn.duty@example.org"}, Languages: []string{"en"},
		Lang: "en", TimeZone: "Asia/Tokyo", Always: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Directory.Verify(ctx, w.sec, c.ID); err != nil {
		t.Fatal(err)
	}
	replyBy := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC) // 09:00 in Tokyo
	if _, err := e.Communications.Send(ctx, w.fra, communication.Input{To: "JPN", Kind: communication.InformationRequest,
		Urgency: communication.Routine, Description: "A question", RequestedAction: "An answer", ReplyBy: replyBy}); err != nil {
		t.Fatal(err)
	}
	m := e.SMTP.WaitFor(t, 10*time.Second, testenv.To("jpn.duty@example.org"))
	if !strings.Contains(m.Text, "09:00") || strings.Contains(m.Text, "00:00") {
		t.Errorf("the reply-by time is not in Tokyo's zone:\n%s", m.Text)
	}
}
