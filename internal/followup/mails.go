package followup

import (
	"context"
	"slices"
	"strconv"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/mail"
)

// MailTemplates are follow-up's e-mails. None carries what a State reported: they say
// that it reported and link to the follow-up, where the reader signs in.
var MailTemplates = map[string]mail.Template{
	// To the rest of the State's team: its submitter made a report.
	"followup_reported": {Subject: "mail.followup_reported.subject", Paragraphs: []string{"mail.followup_reported.body"},
		Action: "mail.followup.action"},
}

// tellReported tells the rest of the State's team that actor reported.
func (s *Service) tellReported(ctx context.Context, tx Tx, actor plenary.Actor, c Commitment, r Report) error {
	if !s.mail {
		return nil
	}
	team, err := tx.Team(ctx, r.State, plenary.TeamRoles)
	if err != nil {
		return err
	}
	var told []int64 // one letter a person, whatever their roles
	for _, m := range team {
		if m.UserID == actor.UserID || slices.Contains(told, m.UserID) {
			continue
		}
		told = append(told, m.UserID)
		url := s.baseURL + "/" + m.Lang + "/follow-up/commitments/" + strconv.FormatInt(c.ID, 10) + "/states/" + r.State
		if err := tx.Enqueue(ctx, mail.Job{Letter: mail.Letter{To: m.Email, Lang: m.Lang, Template: "followup_reported", Data: map[string]string{
			"Name": m.Name, "State": plenary.StateArg(r.State), "Author": actor.Name, "Code": c.Code, "Number": strconv.Itoa(r.Number), "URL": url,
		}}}); err != nil {
			return err
		}
	}
	return nil
}
