package registration

import (
	"context"
	"fmt"
	"strconv"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
)

// MailTemplates are the e-mails of registration. Each names the delegation or the
// organization ({{.For}}) and the session ({{.Body}}), in the recipient's language.
var MailTemplates = map[string]mail.Template{
	"registration_received": {Subject: "mail.registration_received.subject", Paragraphs: []string{"mail.registration_received.body"},
		Action: "mail.registration.action"},
	"registration_approved": {Subject: "mail.registration_approved.subject", Paragraphs: []string{"mail.registration_approved.body"},
		Action: "mail.registration.action"},
	"registration_rejected": {Subject: "mail.registration_rejected.subject", Paragraphs: []string{"mail.registration_rejected.body", "mail.reason"},
		Action: "mail.registration.action"},
	"sponsorship_granted": {Subject: "mail.sponsorship_granted.subject", Paragraphs: []string{"mail.sponsorship_granted.body"},
		Action: "mail.registration.action"},
	"sponsorship_granted_note": {Subject: "mail.sponsorship_granted.subject", Paragraphs: []string{"mail.sponsorship_granted.body", "mail.note"},
		Action: "mail.registration.action"},
	"sponsorship_declined": {Subject: "mail.sponsorship_declined.subject", Paragraphs: []string{"mail.sponsorship_declined.body", "mail.note"},
		Action: "mail.registration.action"},
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// who names a delegation or an organization in a language.
type who func(lang string) string

func forState(iso3 string) who { return func(string) string { return plenary.StateArg(iso3) } }

func forOrganization(o organization.Organization) who { return o.Name }

func (s *Service) forRegistration(ctx context.Context, tx Tx, r Registration) (who, error) {
	if r.State != "" {
		return forState(r.State), nil
	}
	o, err := tx.Organization(ctx, r.OrganizationID)
	if err != nil {
		return nil, err
	}
	return forOrganization(o), nil
}

// sessionName is the session's title in lang, or else its body's name.
func sessionName(sess meeting.Session, b body.Body, lang string) string {
	if t := sess.Titles.Text(lang); t != "" {
		return t
	}
	return b.Name(lang)
}

// tell writes to each account of users (once each, none for zero) in its language.
func (s *Service) tell(ctx context.Context, tx Tx, sess meeting.Session, b body.Body, users []int64, template string, w who, extra map[string]string) error {
	seen := map[int64]bool{}
	for _, id := range users {
		if id == 0 || seen[id] {
			continue
		}
		seen[id] = true
		p, err := tx.Person(ctx, id)
		if err != nil {
			return err
		}
		data := map[string]string{"Name": p.Name, "For": w(p.Lang), "Body": sessionName(sess, b, p.Lang),
			"URL": fmt.Sprintf("%s/%s/sessions/%d", s.baseURL, p.Lang, sess.ID)}
		for k, v := range extra {
			data[k] = v
		}
		if err := tx.Enqueue(ctx, mail.Job{Letter: mail.Letter{To: p.Email, Lang: p.Lang, Template: template, Data: data}}); err != nil {
			return err
		}
	}
	return nil
}
