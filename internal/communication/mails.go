package communication

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/mail"
)

// The letters of the template. None carries the content: each says which State sent what
// kind of communication with what urgency, and links to plenary, where only the two
// States' contacts read it.
const (
	letterReceived     = "communication_received"
	letterEscalated    = "communication_escalated"
	letterEscalation   = "communication_escalation_notice"
	letterAcknowledged = "communication_acknowledged"
)

// MailTemplates are the e-mails of the communication template.
var MailTemplates = map[string]mail.Template{
	letterReceived: {Subject: "mail.communication_received.subject",
		Paragraphs: []string{"mail.communication_received.body", "mail.communication_received.reply_by"},
		Action:     "mail.communication_received.action", After: []string{"mail.communication_received.confidential"}},
	letterEscalated: {Subject: "mail.communication_escalated.subject",
		Paragraphs: []string{"mail.communication_escalated.body"},
		Action:     "mail.communication_escalated.action", After: []string{"mail.communication_received.confidential"}},
	letterEscalation: {Subject: "mail.communication_escalation_notice.subject",
		Paragraphs: []string{"mail.communication_escalation_notice.body"},
		Action:     "mail.communication_escalation_notice.action"},
	letterAcknowledged: {Subject: "mail.communication_acknowledged.subject",
		Paragraphs: []string{"mail.communication_acknowledged.body"},
		Action:     "mail.communication_acknowledged.action"},
}

// NotifyJob sends one letter about a communication. It holds IDs only: the address is
// read from the directory when the letter goes, so none sits in the jobs table, and a
// contact withdrawn meanwhile is not written to. Contact 0 writes to the sending State's
// contacts (the notice of acknowledgement).
type NotifyJob struct {
	Communication int64  `json:"communication"`
	Contact       int64  `json:"contact,omitempty"`
	Letter        string `json:"letter"`
}

func (NotifyJob) Kind() string { return "communication.notify" }

// EscalateJob escalates the communications left unacknowledged past their time. It runs
// every minute.
type EscalateJob struct{}

func (EscalateJob) Kind() string { return "communication.escalate_due" }

// Notify is the worker of NotifyJob: it writes the letter to the contact, as the
// directory has them now, and records the delivery of a communication once the mail
// server accepted its first notice.
func (s *Service) Notify(ctx context.Context, j NotifyJob) error {
	r, err := s.store.Communication(ctx, j.Communication)
	if err != nil {
		return err
	}
	c := r.Communication
	var to []directory.Reachable
	switch j.Letter {
	case letterReceived, letterEscalated:
		rc, err := s.dir.ReachableByID(ctx, j.Contact)
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			return nil // no longer a verified contact of a participating State
		}
		if err != nil {
			return err
		}
		if rc.State != c.To {
			return nil
		}
		to = []directory.Reachable{rc}
	case letterEscalation, letterAcknowledged:
		if to, err = s.senders(ctx, c); err != nil {
			return err
		}
	default:
		return fmt.Errorf("communication: unknown letter %q", j.Letter)
	}
	for _, rc := range to {
		if rc.Email == "" {
			continue
		}
		// The mailer's error holds no address (mail.Mailer.Send redacts it).
		if err := s.sender.Send(ctx, s.letter(rc, c, j.Letter)); err != nil {
			return err
		}
	}
	if j.Letter == letterReceived && len(to) > 0 && c.DeliveredAt.IsZero() {
		return s.store.MarkDelivered(ctx, c.ID, s.now())
	}
	return nil
}

// senders returns whom to tell on the sending side: the contact who sent the
// communication, while still a verified contact of the State; otherwise the State's
// verified contacts.
func (s *Service) senders(ctx context.Context, c Communication) ([]directory.Reachable, error) {
	all, err := s.dir.Reachable(ctx, []string{c.From})
	if err != nil {
		return nil, err
	}
	var mine []directory.Reachable
	seen := map[string]bool{}
	for _, rc := range all {
		if rc.UserID == c.SentBy && c.SentBy != 0 && !seen[rc.Email] {
			seen[rc.Email] = true
			mine = append(mine, rc)
		}
	}
	if len(mine) > 0 {
		return mine, nil
	}
	return all, nil
}

func (s *Service) letter(to directory.Reachable, c Communication, template string) mail.Letter {
	lang := to.Lang
	if !plenary.ValidLanguage(lang) {
		lang = plenary.DefaultLanguage
	}
	// Times in the contact's own zone: a duty officer reads a deadline where they are.
	zone := to.TimeZone
	if zone == "" {
		zone = "UTC"
	}
	replyBy := plenary.KeyArg("communication.no_reply_by")
	if !c.ReplyBy.IsZero() {
		replyBy = plenary.TimeArg(c.ReplyBy, zone)
	}
	return mail.Letter{To: to.Email, Lang: lang, Template: template, Data: map[string]string{
		"Name":    to.Name,
		"From":    plenary.StateArg(c.From),
		"To":      plenary.StateArg(c.To),
		"Kind":    plenary.KeyArg("communication.kind." + string(c.Kind)),
		"Urgency": plenary.KeyArg("communication.urgency." + string(c.Urgency)),
		"ReplyBy": replyBy,
		"SentAt":  plenary.TimeArg(c.SentAt, zone),
		"Number":  strconv.FormatInt(c.ID, 10),
		"URL":     fmt.Sprintf("%s/%s/communications/%d#c%d", s.baseURL, lang, c.ThreadID, c.ID),
	}}
}

// escalateBatch bounds the communications escalated by one run; the next run takes the
// rest.
const escalateBatch = 100

// EscalateDue is the worker of EscalateJob: each communication not acknowledged by its
// reply-by time (or, without one, within the window of its urgency) is escalated once:
// every verified contact of the recipient State is written to again, and the sender is
// told. Running it twice, or on two instances at once, escalates nothing twice.
func (s *Service) EscalateDue(ctx context.Context, _ EscalateJob) error {
	now := s.now()
	ids, err := s.store.Due(ctx, now, escalateBatch)
	if err != nil {
		return err
	}
	sys := plenary.System("escalation")
	for _, id := range ids {
		r, err := s.store.Communication(ctx, id)
		if err != nil {
			return err
		}
		recipients, err := s.dir.Reachable(ctx, []string{r.To})
		if err != nil {
			return err
		}
		err = s.store.InTx(ctx, func(tx Tx) error {
			ok, err := tx.Escalate(ctx, id, now)
			if err != nil || !ok {
				return err
			}
			for _, rc := range recipients {
				if err := tx.Enqueue(ctx, NotifyJob{Communication: id, Contact: rc.ContactID, Letter: letterEscalated}); err != nil {
					return err
				}
			}
			if err := tx.Enqueue(ctx, NotifyJob{Communication: id, Letter: letterEscalation}); err != nil {
				return err
			}
			return tx.Audit(ctx, audit.New(sys, now, "communication_escalated", "communication", id, map[string]string{
				"from": r.From, "to": r.To, "urgency": string(r.Urgency), "due": r.EscalateAt.Format(time.RFC3339),
				"contacts": strconv.Itoa(len(recipients))}))
		})
		if err != nil {
			return err
		}
	}
	return nil
}
