package account

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/ratelimit"
	"github.com/plenary-platform/plenary/internal/secret"
)

const linkPurpose = "password-link"

// linkToken is the text of a single-use link: the record's id and a MAC of the record
// under the server key. Without the key, the database alone cannot make a working link.
func (s *Service) linkToken(t PasswordToken) string {
	mac := s.key.MAC(linkPurpose, strconv.FormatInt(t.ID, 10), strconv.FormatInt(t.UserID, 10), t.Purpose, t.Salt)
	return strconv.FormatInt(t.ID, 10) + "." + base64.RawURLEncoding.EncodeToString(mac)
}

// passwordLink is the URL a person opens from the e-mail, in their language.
func (s *Service) passwordLink(lang string, t PasswordToken) string {
	return s.cfg.BaseURL + "/" + lang + "/password/set?token=" + s.linkToken(t)
}

// CheckPasswordLink tells whether a link is still good, so that the page can say so
// before the person types a new password. It returns the link's purpose.
func (s *Service) CheckPasswordLink(ctx context.Context, token string) (string, error) {
	t, err := s.passwordToken(ctx, token)
	if err != nil {
		return "", err
	}
	return t.Purpose, nil
}

var errBadLink = &plenary.Error{Kind: plenary.KindInvalid, Message: "password.link_invalid"}

func (s *Service) passwordToken(ctx context.Context, token string) (PasswordToken, error) {
	idText, macText, ok := strings.Cut(token, ".")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || len(token) > 100 {
		return PasswordToken{}, errBadLink
	}
	mac, err := base64.RawURLEncoding.DecodeString(macText)
	if err != nil {
		return PasswordToken{}, errBadLink
	}
	t, err := s.store.PasswordToken(ctx, id)
	if err != nil {
		if isKind(err, plenary.KindNotFound) {
			return PasswordToken{}, errBadLink
		}
		return PasswordToken{}, err
	}
	if !s.key.Verify(mac, linkPurpose, strconv.FormatInt(t.ID, 10), strconv.FormatInt(t.UserID, 10), t.Purpose, t.Salt) {
		return PasswordToken{}, errBadLink
	}
	if !t.UsedAt.IsZero() {
		return PasswordToken{}, &plenary.Error{Kind: plenary.KindInvalid, Message: "password.link_used"}
	}
	if !s.now().Before(t.ExpiresAt) {
		return PasswordToken{}, &plenary.Error{Kind: plenary.KindInvalid, Message: "password.link_expired"}
	}
	return t, nil
}

// RequestPasswordReset sends a reset link to the address if it has an active account.
// It answers the same, and in the same time, whether or not the account exists: the
// request only counts against the limits and inserts a job, and the job looks the
// address up. Requests are limited per address and per network address.
func (s *Service) RequestPasswordReset(ctx context.Context, actor plenary.Actor, email string) error {
	email = plenary.NormalizeEmail(email)
	var p plenary.Problems
	if p.Required("email", email) {
		p.Email("email", email)
	}
	if err := p.Err(); err != nil {
		return err
	}
	for _, b := range []struct {
		bucket string
		rule   ratelimit.Rule
	}{{"reset:account:" + email, ResetPerAccount}, {"reset:address:" + actor.IP, ResetPerAddress}} {
		over, retry, err := s.limits.Hit(ctx, b.bucket, b.rule)
		if err != nil {
			return err
		}
		if over {
			return plenary.TooManyRequests("password.too_many_requests", retry)
		}
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		return tx.Enqueue(ctx, PasswordResetRequest{Email: email, IP: actor.IP})
	})
}

// PasswordResetRequest is a reset asked for an address, to look up off the request path.
type PasswordResetRequest struct {
	Email string `json:"email"`
	IP    string `json:"ip"`
}

func (PasswordResetRequest) Kind() string { return "account.password_reset_request" }

// HandleResetRequest is the worker of PasswordResetRequest: for an active account it
// records a link and the job that mails it.
func (s *Service) HandleResetRequest(ctx context.Context, j PasswordResetRequest) error {
	u, err := s.store.UserByEmail(ctx, j.Email)
	if err != nil {
		if isKind(err, plenary.KindNotFound) {
			return nil
		}
		return err
	}
	if u.Disabled() {
		return nil
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		return s.issueLink(ctx, tx, plenary.Actor{IP: j.IP, Name: "anonymous"}, u, PurposeReset, now)
	})
}

// issueLink records a single-use link and the job that mails it.
func (s *Service) issueLink(ctx context.Context, tx Tx, actor plenary.Actor, u User, purpose string, now time.Time) error {
	ttl := s.cfg.ResetTTL
	action := "user.password_reset_requested"
	if purpose == PurposeInvite {
		ttl, action = s.cfg.InviteTTL, "user.invited"
	}
	t, err := tx.CreatePasswordToken(ctx, PasswordToken{
		UserID: u.ID, Purpose: purpose, Salt: secret.Token(16), CreatedAt: now, ExpiresAt: now.Add(ttl),
	}, actor.IP)
	if err != nil {
		return err
	}
	if err := tx.Audit(ctx, event(actor, now, action, u.ID, nil)); err != nil {
		return err
	}
	return tx.Enqueue(ctx, PasswordLinkMail{TokenID: t.ID})
}

// SetPasswordWithLink sets a new password from a reset or invitation link. The link is
// then used up, every other link of the account stops working, and every session and
// API token of the account ends: whoever knew the old password is out.
func (s *Service) SetPasswordWithLink(ctx context.Context, actor plenary.Actor, token, password string) (User, error) {
	t, err := s.passwordToken(ctx, token)
	if err != nil {
		return User{}, err
	}
	u, err := s.store.UserByID(ctx, t.UserID)
	if err != nil {
		return User{}, err
	}
	var p plenary.Problems
	checkPassword(&p, "password", password, u.Email)
	if err := p.Err(); err != nil {
		return User{}, err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return User{}, err
	}
	now := s.now()
	err = s.store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.UsePasswordToken(ctx, t.ID, now)
		if err != nil {
			return err
		}
		if !ok { // used by a concurrent request a moment ago
			return &plenary.Error{Kind: plenary.KindInvalid, Message: "password.link_used"}
		}
		if err := tx.SetPassword(ctx, u.ID, hash, now); err != nil {
			return err
		}
		if err := tx.RetireUserPasswordTokens(ctx, u.ID, now); err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(ctx, u.ID, 0); err != nil {
			return err
		}
		if t.Purpose == PurposeReset {
			if err := tx.RevokeUserAPITokens(ctx, u.ID, now); err != nil {
				return err
			}
		}
		// Setting a password from an invitation accepts the roles it was sent for.
		if t.Purpose == PurposeInvite {
			if err := tx.AcceptPendingGrants(ctx, u.ID, now); err != nil {
				return err
			}
		}
		a := u.Actor(actor.IP)
		if err := tx.Audit(ctx, event(a, now, "user.password_set", u.ID, map[string]string{"via": t.Purpose})); err != nil {
			return err
		}
		return tx.Enqueue(ctx, notice(u, "password_changed"))
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// ChangePassword changes the actor's password after checking the current one. The
// actor's other sessions end; the current one stays.
func (s *Service) ChangePassword(ctx context.Context, actor plenary.Actor, sessionID int64, current, next string) error {
	u, err := s.confirmPassword(ctx, actor, current)
	if err != nil {
		var v *plenary.ValidationError
		if errors.As(err, &v) {
			var p plenary.Problems
			for _, f := range v.Fields {
				p.Add("current_password", f.Message, f.Args)
			}
			return p.Err()
		}
		return err
	}
	var p plenary.Problems
	checkPassword(&p, "new_password", next, u.Email)
	if err := p.Err(); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.SetPassword(ctx, u.ID, hash, now); err != nil {
			return err
		}
		if err := tx.RetireUserPasswordTokens(ctx, u.ID, now); err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(ctx, u.ID, sessionID); err != nil {
			return err
		}
		if err := tx.Audit(ctx, event(actor, now, "user.password_changed", u.ID, nil)); err != nil {
			return err
		}
		return tx.Enqueue(ctx, notice(u, "password_changed"))
	})
}
