package directory

import (
	"context"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/mail"
)

// MailTemplates are the directory's e-mails. None carries what an entry says: they name
// the State and the function, and link to the application, where reading is audited.
var MailTemplates = map[string]mail.Template{
	"poc_awaiting": {Subject: "mail.poc_awaiting.subject", Paragraphs: []string{"mail.poc_awaiting.body"},
		Action: "mail.poc_awaiting.action"},
	"poc_verified": {Subject: "mail.poc_verified.subject", Paragraphs: []string{"mail.poc_verified.body"},
		Action: "mail.poc_outcome.action"},
	"poc_returned": {Subject: "mail.poc_returned.subject", Paragraphs: []string{"mail.poc_returned.body", "mail.reason"},
		Action: "mail.poc_outcome.action"},
}

// Person is someone the directory writes to: the Secretariat, a State's nominators.
type Person struct {
	Name  string
	Email string
	Lang  string
	State string // the State of a nominator's role
}

// tell queues template to every holder of role (for state, when state is set), in tx.
func (s *Service) tell(ctx context.Context, tx Tx, role plenary.Role, state, template, path string, c Contact, reason string) error {
	if !s.mail {
		return nil
	}
	people, err := tx.Holders(ctx, role)
	if err != nil {
		return err
	}
	for _, p := range people {
		if state != "" && p.State != state {
			continue
		}
		data := map[string]string{"Name": p.Name, "State": plenary.StateArg(c.State),
			"Function": plenary.KeyArg("directory.function." + string(c.Function)),
			"URL":      s.baseURL + "/" + p.Lang + path, "Reason": reason}
		if err := tx.Enqueue(ctx, mail.Job{Letter: mail.Letter{To: p.Email, Lang: p.Lang, Template: template, Data: data}}); err != nil {
			return err
		}
	}
	return nil
}
