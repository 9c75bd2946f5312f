package account

import (
	"context"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/mail"
)

// MailTemplates are the e-mails of the account domain. Their sentences are in the
// catalogues under mail.<name>.
var MailTemplates = map[string]mail.Template{
	"invitation": {
		Subject:    "mail.invitation.subject",
		Paragraphs: []string{"mail.invitation.body"},
		Action:     "mail.invitation.action",
		After:      []string{"mail.invitation.expiry", "mail.invitation.ignore"},
	},
	"password_reset": {
		Subject:    "mail.password_reset.subject",
		Paragraphs: []string{"mail.password_reset.body"},
		Action:     "mail.password_reset.action",
		After:      []string{"mail.password_reset.expiry", "mail.password_reset.ignore"},
	},
	"password_changed": {
		Subject:    "mail.password_changed.subject",
		Paragraphs: []string{"mail.password_changed.body"},
		After:      []string{"mail.security.not_you"},
	},
	"second_factor_enabled": {
		Subject:    "mail.second_factor_enabled.subject",
		Paragraphs: []string{"mail.second_factor_enabled.body"},
		After:      []string{"mail.security.not_you"},
	},
	"second_factor_disabled": {
		Subject:    "mail.second_factor_disabled.subject",
		Paragraphs: []string{"mail.second_factor_disabled.body"},
		After:      []string{"mail.security.not_you"},
	},
	"api_token_created": {
		Subject:    "mail.api_token_created.subject",
		Paragraphs: []string{"mail.api_token_created.body"},
		After:      []string{"mail.security.not_you"},
	},
	"role_granted": {
		Subject:    "mail.role_granted.subject",
		Paragraphs: []string{"mail.role_granted.body"},
		Action:     "mail.role_granted.action",
	},
	"role_offered": {
		Subject:    "mail.role_offered.subject",
		Paragraphs: []string{"mail.role_offered.body"},
		Action:     "mail.role_offered.action",
		After:      []string{"mail.role_offered.ignore"},
	},
	"role_revoked": {
		Subject:    "mail.role_revoked.subject",
		Paragraphs: []string{"mail.role_revoked.body"},
	},
}

// notice is a security notice to the account's own address: it tells the owner that
// something changed, in case it was not them.
func notice(u User, template string, extra ...string) mail.Job {
	data := map[string]string{"Name": u.Name, "Email": u.Email}
	for i := 0; i+1 < len(extra); i += 2 {
		data[extra[i]] = extra[i+1]
	}
	return mail.Job{Letter: mail.Letter{To: u.Email, Lang: u.Lang, Template: template, Data: data}}
}

// roleNotice tells a person that a role was given or taken; the role's name is written in
// the recipient's language when the mail is.
func (s *Service) roleNotice(u User, template string, g plenary.Grant, holder string) mail.Job {
	return notice(u, template, "Role", plenary.KeyArg("role."+string(g.Role)), "For", holder, "URL", s.cfg.BaseURL+"/"+u.Lang+"/account")
}

// PasswordLinkMail mails a reset or invitation link. The job holds only the link's id:
// the link itself is computed when the mail is written, so that it is never stored.
type PasswordLinkMail struct {
	TokenID int64 `json:"token_id"`
}

func (PasswordLinkMail) Kind() string { return "account.password_link_mail" }

// SendPasswordLink is the worker of PasswordLinkMail. A link used or expired before the
// job ran is not sent.
func (s *Service) SendPasswordLink(ctx context.Context, j PasswordLinkMail) error {
	t, err := s.store.PasswordToken(ctx, j.TokenID)
	if err != nil {
		if isKind(err, plenary.KindNotFound) {
			return nil
		}
		return err
	}
	if !t.UsedAt.IsZero() || !s.now().Before(t.ExpiresAt) {
		return nil
	}
	u, err := s.store.UserByID(ctx, t.UserID)
	if err != nil {
		return err
	}
	// Count fills the plural message that says how long the link works.
	template, count := "password_reset", int64(s.cfg.ResetTTL.Hours())
	if t.Purpose == PurposeInvite {
		template, count = "invitation", int64(s.cfg.InviteTTL.Hours()/24)
	}
	return s.mailer.Send(ctx, mail.Letter{
		To: u.Email, Lang: u.Lang, Template: template,
		Data: map[string]string{
			"Name": u.Name, "Email": u.Email, "URL": s.passwordLink(u.Lang, t), "Count": itoa(count),
		},
	})
}
