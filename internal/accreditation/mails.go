package accreditation

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/mail"
)

// MailTemplates are the e-mails of accreditation. None names an objecting State to anyone
// but that State's own delegate: the pages show what each reader may know.
var MailTemplates = map[string]mail.Template{
	"application_received": {Subject: "mail.application_received.subject", Paragraphs: []string{"mail.application_received.body"},
		Action: "mail.application.action", After: []string{"mail.application.tracking"}},
	"application_incomplete": {Subject: "mail.application_incomplete.subject", Paragraphs: []string{"mail.application_incomplete.body", "mail.note"},
		Action: "mail.application.action", After: []string{"mail.application.tracking"}},
	"application_not_circulated": {Subject: "mail.application_not_circulated.subject", Paragraphs: []string{"mail.application_not_circulated.body"},
		Action: "mail.application.action"},
	"application_accredited": {Subject: "mail.application_accredited.subject", Paragraphs: []string{"mail.application_accredited.body"},
		Action: "mail.application.action"},
	"application_rejected": {Subject: "mail.application_rejected.subject", Paragraphs: []string{"mail.application_rejected.body"},
		Action: "mail.application.action"},
	"application_rejected_reapply": {Subject: "mail.application_rejected.subject", Paragraphs: []string{"mail.application_rejected.body", "mail.application_rejected.reapply"},
		Action: "mail.application.action"},
	"accreditation_withdrawn": {Subject: "mail.accreditation_withdrawn.subject", Paragraphs: []string{"mail.accreditation_withdrawn.body", "mail.reason"}},
	"list_circulated": {Subject: "mail.list_circulated.subject", Paragraphs: []string{"mail.list_circulated.body"},
		Action: "mail.list_circulated.action"},
	"position_recorded": {Subject: "mail.position_recorded.subject", Paragraphs: []string{"mail.position_recorded.body"},
		Action: "mail.application.action"},
	"disclosure_requested": {Subject: "mail.disclosure_requested.subject", Paragraphs: []string{"mail.disclosure_requested.body"},
		Action: "mail.disclosure_requested.action"},
	"disclosure_answered": {Subject: "mail.disclosure_answered.subject", Paragraphs: []string{"mail.disclosure_answered.body"},
		Action: "mail.application.action"},
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// deadline writes an instant for a message, in the body's time zone.
func deadline(t time.Time, zone string) string { return plenary.TimeArg(t, zone) }

func (s *Service) letter(to Person, template string, data map[string]string) mail.Job {
	d := map[string]string{"Name": to.Name}
	for k, v := range data {
		d[k] = v
	}
	return mail.Job{Letter: mail.Letter{To: to.Email, Lang: to.Lang, Template: template, Data: d}}
}

// tellApplicant writes to the focal points of the application's organization.
func (s *Service) tellApplicant(ctx context.Context, tx Tx, a Application, template string, extra map[string]string) error {
	people, err := tx.People(ctx, plenary.RoleFocalPoint, a.OrganizationID)
	if err != nil {
		return err
	}
	b, err := tx.Body(ctx, a.BodyID)
	if err != nil {
		return err
	}
	for _, p := range people {
		data := map[string]string{
			"Tracking": a.Tracking, "Organization": a.OrgNames.Text(p.Lang), "Body": b.Name(p.Lang),
			"URL": fmt.Sprintf("%s/%s/accreditation/%s/applications/%d", s.baseURL, p.Lang, b.Code, a.ID),
		}
		for k, v := range extra {
			data[k] = v
		}
		if err := tx.Enqueue(ctx, s.letter(p, template, data)); err != nil {
			return err
		}
	}
	return nil
}

// tellStates tells every delegate of a Member State that the list is circulated.
func (s *Service) tellStates(ctx context.Context, tx Tx, r Round, bodyNames plenary.Localized, n int, members func(string) bool) error {
	people, err := tx.People(ctx, plenary.RoleDelegate, 0)
	if err != nil {
		return err
	}
	b, err := tx.Body(ctx, r.BodyID)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, p := range people {
		if seen[p.UserID] || !members(p.State) {
			continue
		}
		seen[p.UserID] = true
		err := tx.Enqueue(ctx, s.letter(p, "list_circulated", map[string]string{
			"Count": strconv.Itoa(n), "Body": bodyNames.Text(p.Lang), "Deadline": deadline(r.ObjectionsClose, b.TimeZone),
			"URL": fmt.Sprintf("%s/%s/accreditation/%s/rounds/%d/applications", s.baseURL, p.Lang, b.Code, r.Number),
		}))
		if err != nil {
			return err
		}
	}
	return nil
}

// tellDelegate confirms a position to the delegate who took it (and to nobody else).
func (s *Service) tellDelegate(ctx context.Context, tx Tx, actor plenary.Actor, a Application, template, state string) error {
	p, err := tx.Person(ctx, actor.UserID)
	if err != nil {
		return err
	}
	b, err := tx.Body(ctx, a.BodyID)
	if err != nil {
		return err
	}
	r, err := tx.Round(ctx, a.RoundID)
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, s.letter(p, template, map[string]string{
		"Tracking": a.Tracking, "Organization": a.OrgNames.Text(p.Lang), "State": plenary.StateArg(state),
		"Deadline": deadline(r.ObjectionsClose, b.TimeZone),
		"URL":      fmt.Sprintf("%s/%s/accreditation/%s/applications/%d", s.baseURL, p.Lang, b.Code, a.ID),
	}))
}

// tellChairs tells the Chairs that a disclosure awaits their answer.
func (s *Service) tellChairs(ctx context.Context, tx Tx, a Application) error {
	people, err := tx.People(ctx, plenary.RoleChair, 0)
	if err != nil {
		return err
	}
	b, err := tx.Body(ctx, a.BodyID)
	if err != nil {
		return err
	}
	for _, p := range people {
		err := tx.Enqueue(ctx, s.letter(p, "disclosure_requested", map[string]string{
			"Tracking": a.Tracking, "Organization": a.OrgNames.Text(p.Lang),
			"URL": fmt.Sprintf("%s/%s/accreditation/%s/disclosures", s.baseURL, p.Lang, b.Code),
		}))
		if err != nil {
			return err
		}
	}
	return nil
}

// tellRequester tells the delegate who asked that the Chair answered; the answer itself
// is read in plenary, never sent by e-mail.
func (s *Service) tellRequester(ctx context.Context, tx Tx, a Application, d Disclosure) error {
	p, err := tx.Person(ctx, d.RequestedBy)
	if err != nil {
		return err
	}
	b, err := tx.Body(ctx, a.BodyID)
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, s.letter(p, "disclosure_answered", map[string]string{
		"Tracking": a.Tracking, "Organization": a.OrgNames.Text(p.Lang),
		"URL": fmt.Sprintf("%s/%s/accreditation/%s/applications/%d", s.baseURL, p.Lang, b.Code, a.ID),
	}))
}
