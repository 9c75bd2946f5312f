package floor

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/meeting"
)

// MailTemplates are the floor's e-mails, in the recipient's language.
var MailTemplates = map[string]mail.Template{
	// floor_next tells whoever inscribed a speaker that the speaker is next, so that a
	// delegate following remotely, or out of the room, is ready when the Chair calls them.
	"floor_next": {Subject: "mail.floor_next.subject", Paragraphs: []string{"mail.floor_next.body"}, Action: "mail.floor_next.action"},
}

// tellNext tells the account that inscribed the first waiting speaker of l that the
// speaker is next, once per entry: a list reordered afterwards does not tell them again.
// It runs inside the change, so that the notice is queued exactly when the change commits.
//
// The session is read before the change, by the caller: a read through the pool inside the
// transaction would wait for a connection that the inscriptions queued on the list's lock
// hold (on PostgreSQL, a deadlock of the pool).
func (s *Service) tellNext(ctx context.Context, tx Tx, m meeting.Meeting, sess meeting.Session, l *SpeakerList, now time.Time) error {
	waiting := Order(l.Entries)
	if len(waiting) == 0 {
		return nil
	}
	e := waiting[0]
	if e.InscribedBy == 0 || !e.ToldNextAt.IsZero() {
		return nil
	}
	p, err := tx.Person(ctx, e.InscribedBy)
	if err != nil {
		return err
	}
	who := plenary.StateArg(e.State)
	if !e.Category.IsState() {
		who = l.OrganizationName(e.OrganizationID, p.Lang)
	}
	if e.Group != "" {
		who = e.Group
	}
	session := sess.Titles.Text(p.Lang)
	if session == "" {
		session = plenary.KeyArg("meeting.kind." + string(sess.Kind))
	}
	data := map[string]string{"Name": p.Name, "For": who, "Number": strconv.Itoa(m.Number), "Session": session,
		"URL": fmt.Sprintf("%s/%s/sessions/%d/meetings/%d/speakers/%d", s.baseURL, p.Lang, sess.ID, m.Number, l.ID)}
	if err := tx.Enqueue(ctx, mail.Job{Letter: mail.Letter{To: p.Email, Lang: p.Lang, Template: "floor_next", Data: data}}); err != nil {
		return err
	}
	e.ToldNextAt = now
	return tx.UpdateEntry(ctx, e)
}
