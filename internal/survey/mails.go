package survey

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/mail"
)

// MailTemplates are the survey's e-mails. None carries what a State answered or what its
// team wrote: they say what happened and link to the survey, where the reader signs in.
var MailTemplates = map[string]mail.Template{
	// To every State's team and nominator: a questionnaire is open for answers.
	"survey_opened": {Subject: "mail.survey_opened.subject", Paragraphs: []string{"mail.survey_opened.body", "mail.survey_opened.deadline"},
		Action: "mail.survey.action"},
	// To the teams of the States that have not submitted, a week before the deadline.
	"survey_deadline": {Subject: "mail.survey_deadline.subject", Paragraphs: []string{"mail.survey_deadline.body"},
		Action: "mail.survey.action"},
	// To the rest of the team: a member commented on the draft.
	"survey_comment": {Subject: "mail.survey_comment.subject", Paragraphs: []string{"mail.survey_comment.body"},
		Action: "mail.survey.action"},
	// To the team: a version was submitted, private until published.
	"survey_submitted": {Subject: "mail.survey_submitted.subject", Paragraphs: []string{"mail.survey_submitted.body"},
		Action: "mail.survey.action"},
}

// RemindBefore is how long before a questionnaire's deadline the teams that have not
// submitted are reminded.
const RemindBefore = 7 * 24 * time.Hour

func (s *Service) letter(m Member, template string, q Questionnaire, state string, data map[string]string) mail.Job {
	d := map[string]string{"Name": m.Name, "State": plenary.StateArg(state), "Title": q.Title(m.Lang), "Cycle": q.Cycle,
		"URL": s.baseURL + "/" + m.Lang + "/survey/" + strconv.FormatInt(q.ID, 10) + "/states/" + state}
	for k, v := range data {
		d[k] = v
	}
	return mail.Job{Letter: mail.Letter{To: m.Email, Lang: m.Lang, Template: template, Data: d}}
}

// tellOpened tells every State's team and nominator that q is open.
func (s *Service) tellOpened(ctx context.Context, tx Tx, q Questionnaire) error {
	if !s.mail {
		return nil
	}
	people, err := tx.Team(ctx, "", append([]plenary.Role{plenary.RoleNominator}, plenary.TeamRoles...))
	if err != nil {
		return err
	}
	sent := map[string]bool{} // one letter a person and State, whatever their roles
	for _, m := range people {
		key := m.Email + "/" + m.State()
		if sent[key] {
			continue
		}
		sent[key] = true
		deadline := ""
		if !q.Deadline.IsZero() {
			deadline = plenary.TimeArg(q.Deadline, "UTC")
		}
		if err := tx.Enqueue(ctx, s.letter(m, "survey_opened", q, m.State(), map[string]string{"Deadline": deadline})); err != nil {
			return err
		}
	}
	return nil
}

// tellSubmitted tells the State's team that a version was submitted.
func (s *Service) tellSubmitted(ctx context.Context, tx Tx, r Response, v Version) error {
	if !s.mail {
		return nil
	}
	q, err := tx.Questionnaire(ctx, r.QuestionnaireID)
	if err != nil {
		return err
	}
	team, err := tx.Team(ctx, r.State, plenary.TeamRoles)
	if err != nil {
		return err
	}
	for _, m := range unique(team) {
		if err := tx.Enqueue(ctx, s.letter(m, "survey_submitted", q, r.State, map[string]string{"Version": strconv.Itoa(v.Number)})); err != nil {
			return err
		}
	}
	return nil
}

// tellComment tells the rest of the team that actor commented.
func (s *Service) tellComment(ctx context.Context, tx Tx, actor plenary.Actor, r Response, q Questionnaire, question string) error {
	if !s.mail {
		return nil
	}
	team, err := tx.Team(ctx, r.State, plenary.TeamRoles)
	if err != nil {
		return err
	}
	for _, m := range unique(team) {
		if m.UserID == actor.UserID {
			continue
		}
		if err := tx.Enqueue(ctx, s.letter(m, "survey_comment", q, r.State, map[string]string{"Author": actor.Name, "Question": question})); err != nil {
			return err
		}
	}
	return nil
}

// unique keeps one member per person (a person may hold several team roles).
func unique(ms []Member) []Member {
	var out []Member
	for _, m := range ms {
		if !slices.ContainsFunc(out, func(x Member) bool { return x.UserID == m.UserID }) {
			out = append(out, m)
		}
	}
	return out
}

// DeadlineJob reminds the teams of the States that have not submitted, once a
// questionnaire's deadline is within RemindBefore.
type DeadlineJob struct{}

func (DeadlineJob) Kind() string { return "survey.deadline" }

// RemindDue is the worker of DeadlineJob. Each questionnaire's reminder is claimed by
// setting its time in the same transaction as the letters, so that two runs (two
// instances, or a run that outlasts its period) remind once.
func (s *Service) RemindDue(ctx context.Context, _ DeadlineJob) error {
	now := s.now()
	qs, err := s.store.Questionnaires(ctx)
	if err != nil {
		return err
	}
	for _, q := range qs {
		if q.Status != Open || q.Deadline.IsZero() || !q.RemindedAt.IsZero() || q.Deadline.Sub(now) > RemindBefore || !q.Deadline.After(now) {
			continue
		}
		answered, err := s.store.Submissions(ctx, q.ID)
		if err != nil {
			return err
		}
		err = s.store.InTx(ctx, func(tx Tx) error {
			cur, err := tx.Questionnaire(ctx, q.ID)
			if err != nil || !cur.RemindedAt.IsZero() {
				return err
			}
			cur.RemindedAt = now
			if err := tx.UpdateQuestionnaire(ctx, cur); err != nil {
				return err
			}
			if s.mail {
				team, err := tx.Team(ctx, "", plenary.TeamRoles)
				if err != nil {
					return err
				}
				sent := map[string]bool{}
				for _, m := range team {
					st := m.State()
					if sent[m.Email+"/"+st] || slices.ContainsFunc(answered, func(a Submission) bool { return a.State == st }) {
						continue
					}
					sent[m.Email+"/"+st] = true
					if err := tx.Enqueue(ctx, s.letter(m, "survey_deadline", cur, st, map[string]string{"Deadline": plenary.TimeArg(cur.Deadline, "UTC")})); err != nil {
						return err
					}
				}
			}
			return tx.Audit(ctx, audit.New(plenary.System("survey"), now, "survey.reminded", "questionnaire", cur.ID, nil))
		})
		if err != nil {
			return err
		}
	}
	return nil
}
