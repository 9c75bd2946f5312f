package ping

import (
	"context"
	"errors"
	"fmt"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/mail"
)

// TickJob moves every round on: it starts those due, sends reminders and escalations,
// and closes rounds past their deadline. It runs every minute.
type TickJob struct{}

func (TickJob) Kind() string { return "ping.tick" }

// Letter is which e-mail a SendJob writes.
type Letter string

const (
	LetterPing       Letter = "ping"
	LetterReminder   Letter = "ping_reminder"
	LetterEscalation Letter = "ping_escalation"
)

// SendJob writes one e-mail about one request. It carries IDs only: the address is read
// from the directory, and the link made, when the e-mail is written, so that neither sits
// in the job queue.
type SendJob struct {
	RequestID int64  `json:"request_id"`
	Letter    Letter `json:"letter"`
	// Silent is, for an escalation, the request of the colleague who has not answered.
	Silent int64 `json:"silent,omitempty"`
}

func (SendJob) Kind() string { return "ping.send" }

// MailTemplates are the e-mails of pings.
var MailTemplates = map[string]mail.Template{
	string(LetterPing): {Subject: "mail.ping.subject", Paragraphs: []string{"mail.ping.body", "mail.ping.deadline"},
		Action: "mail.ping.action", After: []string{"mail.ping.app", "mail.ping.why"}},
	string(LetterReminder): {Subject: "mail.ping_reminder.subject", Paragraphs: []string{"mail.ping_reminder.body", "mail.ping.deadline"},
		Action: "mail.ping.action", After: []string{"mail.ping.app"}},
	string(LetterEscalation): {Subject: "mail.ping_escalation.subject", Paragraphs: []string{"mail.ping_escalation.body", "mail.ping.deadline"},
		Action: "mail.ping.action", After: []string{"mail.ping_escalation.own"}},
}

// Tick is the worker of TickJob. Each round moves in its own transaction; a round whose
// deadline has passed is closed without the reminders it missed (the tick was late).
func (s *Service) Tick(ctx context.Context, _ TickJob) error {
	rounds, err := s.store.ActiveRounds(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range rounds {
		if err := s.advance(ctx, r.ID); err != nil {
			errs = append(errs, fmt.Errorf("ping round %d: %w", r.ID, err))
		}
	}
	return errors.Join(errs...)
}

func (s *Service) advance(ctx context.Context, id int64) error {
	now := s.now()
	system := plenary.System("pings")
	// The contacts of a round about to start are read before its transaction (see
	// inScope); should the round have started meanwhile, the claim in start finds it so.
	before, err := s.store.Round(ctx, id)
	if err != nil {
		return err
	}
	var contacts []directory.Reachable
	if before.Status == Scheduled && !before.StartsAt.After(now) {
		if contacts, err = s.inScope(ctx, before); err != nil {
			return err
		}
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		r, err := tx.Round(ctx, id)
		if err != nil {
			return err
		}
		switch {
		case r.Status == Scheduled && !r.StartsAt.After(now):
			return s.start(ctx, tx, &r, now, contacts)
		case r.Status != Sent:
			return nil
		case !now.Before(r.Deadline):
			r.Status, r.ClosedAt = Closed, now
			if closed, err := tx.ClaimStatus(ctx, r, Sent); err != nil || !closed {
				return err
			}
			return tx.Audit(ctx, audit.New(system, now, "ping_round.closed", "ping_round", r.ID, nil))
		}
		reqs, err := tx.Requests(ctx, r.ID)
		if err != nil {
			return err
		}
		if !now.Before(r.RemindAt) {
			for _, q := range reqs {
				if q.Acknowledged() || !q.RemindedAt.IsZero() {
					continue
				}
				if marked, err := tx.MarkReminded(ctx, q.ID, now); err != nil || !marked {
					if err != nil {
						return err
					}
					continue
				}
				if err := tx.Enqueue(ctx, SendJob{RequestID: q.ID, Letter: LetterReminder}); err != nil {
					return err
				}
			}
		}
		if !now.Before(r.EscalateAt) {
			for _, q := range reqs {
				if q.Acknowledged() || !q.EscalatedAt.IsZero() {
					continue
				}
				if marked, err := tx.MarkEscalated(ctx, q.ID, now); err != nil || !marked {
					if err != nil {
						return err
					}
					continue
				}
				// The State's other contacts in the round hear that this one is silent.
				for _, other := range reqs {
					if other.State != q.State || other.ID == q.ID {
						continue
					}
					if err := tx.Enqueue(ctx, SendJob{RequestID: other.ID, Letter: LetterEscalation, Silent: q.ID}); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// Send is the worker of SendJob. It writes nothing once the round has closed, nor a
// reminder to someone who has answered, nor an escalation about someone who has.
func (s *Service) Send(ctx context.Context, j SendJob) error {
	q, err := s.store.Request(ctx, j.RequestID)
	if err != nil {
		return err
	}
	r, err := s.store.Round(ctx, q.RoundID)
	if err != nil {
		return err
	}
	if !r.Open(s.now()) || (j.Letter == LetterReminder && q.Acknowledged()) {
		return nil
	}
	to, err := s.contacts.ReachableByID(ctx, q.ContactID)
	if plenary.ErrorKind(err) == plenary.KindNotFound && err != nil {
		return nil // withdrawn, or the State left, since the round went out
	}
	if err != nil {
		return err
	}
	data := map[string]string{"Name": to.Name, "Round": r.Title, "State": plenary.StateArg(q.State),
		"Deadline": plenary.TimeArg(r.Deadline, zoneOr(to.TimeZone)), "URL": s.LinkURL(q, to.Lang),
		"App": s.baseURL + "/" + to.Lang + "/pings/mine"}
	if j.Letter == LetterEscalation {
		silent, err := s.store.Request(ctx, j.Silent)
		if err != nil {
			return err
		}
		if silent.Acknowledged() {
			return nil
		}
		colleague, err := s.contacts.ReachableByID(ctx, silent.ContactID)
		if err != nil {
			if plenary.ErrorKind(err) == plenary.KindNotFound {
				return nil
			}
			return err
		}
		data["Colleague"] = colleague.Name
	}
	// The mailer's error holds no address (mail.Mailer.Send redacts it).
	if err := s.sender.Send(ctx, mail.Letter{To: to.Email, Lang: to.Lang, Template: string(j.Letter), Data: data}); err != nil {
		return err
	}
	if j.Letter != LetterPing {
		return nil
	}
	return s.store.InTx(ctx, func(tx Tx) error { return tx.MarkSent(ctx, q.ID, s.now()) })
}

func zoneOr(z string) string {
	if z == "" {
		return "UTC"
	}
	return z
}
