package followup

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/meeting"
)

// reminderTemplates are the reminders' e-mails, registered with MailTemplates. A reminder
// says how many of the body's commitments the State has not reported on for a while and
// links to the State's page: never what any State reported.
var reminderTemplates = map[string]mail.Template{
	// To a State's submitters, before a session: commitments wait for a report.
	"followup_reminder": {Subject: "mail.followup_reminder.subject",
		Paragraphs: []string{"mail.followup_reminder.body", "mail.followup_reminder.levels"}, Action: "mail.followup_reminder.action"},
}

func init() { maps.Copy(MailTemplates, reminderTemplates) }

// Default periods of the reminders.
const (
	// DefaultStaleDays: a commitment a State has not reported on for this many days (nor
	// since it was made, when it has never reported on it) waits for a report.
	DefaultStaleDays = 180
	// DefaultAheadDays: a session's reminders go this many days before its first day.
	DefaultAheadDays = 14
)

// RemindJob reminds, before each session of a body, the submitters of each State that
// has commitments of that body it has not reported on within a period: once per session
// and State, whatever the number of runs. It runs every hour.
type RemindJob struct {
	// StaleDays is the period (0: DefaultStaleDays).
	StaleDays int `json:"stale_days,omitempty"`
	// AheadDays is how many days before a session's first day the reminders go (0:
	// DefaultAheadDays).
	AheadDays int `json:"ahead_days,omitempty"`
}

func (RemindJob) Kind() string { return "followup.remind" }

// Submitter is a person holding a State's submitter role: a reminder goes to them, in
// their language.
type Submitter struct {
	Member
	State string
}

// ReminderTx claims a State's reminder before a session, in the transaction that queues
// its letters.
type ReminderTx interface {
	// ClaimReminder records that state is reminded before a session of due commitments;
	// false when it already was.
	ClaimReminder(ctx context.Context, sessionID int64, state string, due int, at time.Time) (bool, error)
}

// Reminder is one State reminded before a session.
type Reminder struct {
	SessionID int64
	State     string
	Due       int // the commitments it had not reported on within the period
	Total     int // the body's commitments
}

// RemindStale is the worker of RemindJob. For each session whose first day is within
// AheadDays (today included), each State with a submitter and commitments of the session's
// body not reported on within StaleDays (reports at every level count: a private report is
// an update all the same) is reminded: its submitters get a letter each, in their
// language. The State's reminder is claimed in the same transaction as its letters, so
// that two runs (two instances, or a run that outlasts its period) remind once.
func (s *Service) RemindStale(ctx context.Context, job RemindJob) error {
	_, err := s.Remind(ctx, job)
	return err
}

// Remind is RemindStale, returning the reminders sent.
func (s *Service) Remind(ctx context.Context, job RemindJob) ([]Reminder, error) {
	stale, ahead := job.StaleDays, job.AheadDays
	if stale <= 0 {
		stale = DefaultStaleDays
	}
	if ahead <= 0 {
		ahead = DefaultAheadDays
	}
	now := s.now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	sessions, err := s.store.SessionsStarting(ctx, today, today.AddDate(0, 0, ahead))
	if err != nil || len(sessions) == 0 {
		return nil, err
	}
	people, err := s.store.Submitters(ctx)
	if err != nil {
		return nil, err
	}
	teams := map[string][]Member{}
	for _, p := range people {
		if !slices.ContainsFunc(teams[p.State], func(m Member) bool { return m.UserID == p.UserID }) {
			teams[p.State] = append(teams[p.State], p.Member)
		}
	}
	states := slices.Sorted(maps.Keys(teams))
	since := now.AddDate(0, 0, -stale)
	var sent []Reminder
	for _, sess := range sessions {
		cs, err := s.store.Commitments(ctx, sess.BodyID)
		if err != nil {
			return sent, err
		}
		if len(cs) == 0 {
			continue
		}
		done, err := s.store.Reminded(ctx, sess.ID)
		if err != nil {
			return sent, err
		}
		last, err := s.store.LastReports(ctx, sess.BodyID)
		if err != nil {
			return sent, err
		}
		at := make(map[key]time.Time, len(last))
		for _, r := range last {
			at[key{r.CommitmentID, r.State}] = r.ReportedAt
		}
		for _, st := range states {
			if slices.Contains(done, st) {
				continue
			}
			due := 0
			for _, c := range cs {
				t, ok := at[key{c.ID, st}]
				if !ok {
					t = c.CreatedAt
				}
				if t.Before(since) {
					due++
				}
			}
			if due == 0 {
				continue
			}
			rem := Reminder{SessionID: sess.ID, State: st, Due: due, Total: len(cs)}
			claimed := false
			err := s.store.InTx(ctx, func(tx Tx) error {
				ok, err := tx.ClaimReminder(ctx, sess.ID, st, due, now)
				if claimed = ok; err != nil || !ok {
					return err
				}
				if err := s.tellStale(ctx, tx, sess, teams[st], rem, stale); err != nil {
					return err
				}
				return tx.Audit(ctx, audit.New(plenary.System("followup"), now, "followup.reminded", "session", sess.ID, map[string]string{
					"state": st, "body": strconv.FormatInt(sess.BodyID, 10), "due": strconv.Itoa(due), "recipients": strconv.Itoa(len(teams[st]))}))
			})
			if err != nil {
				return sent, err
			}
			if claimed {
				sent = append(sent, rem)
			}
		}
	}
	return sent, nil
}

// tellStale writes to a State's submitters, each in their language, that commitments of
// the session's body wait for the State's report.
func (s *Service) tellStale(ctx context.Context, tx Tx, sess meeting.Session, team []Member, r Reminder, stale int) error {
	if !s.mail {
		return nil
	}
	b, err := s.store.Body(ctx, sess.BodyID)
	if err != nil {
		return err
	}
	for _, m := range team {
		session := sess.Titles.Text(m.Lang)
		if session == "" {
			session = plenary.KeyArg("meeting.kind." + string(sess.Kind))
		}
		if err := tx.Enqueue(ctx, mail.Job{Letter: mail.Letter{To: m.Email, Lang: m.Lang, Template: "followup_reminder", Data: map[string]string{
			"Name": m.Name, "State": plenary.StateArg(r.State), "Body": b.Name(m.Lang), "Session": session,
			"Date": plenary.DateArg(sess.StartsOn), "Due": strconv.Itoa(r.Due), "Total": strconv.Itoa(r.Total), "Days": strconv.Itoa(stale),
			"URL": s.baseURL + "/" + m.Lang + "/states/" + r.State,
		}}}); err != nil {
			return err
		}
	}
	return nil
}
