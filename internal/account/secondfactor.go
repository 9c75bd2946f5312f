package account

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/secret"
)

// TOTP as authenticator apps expect it (RFC 6238): 6 digits, 30-second steps, SHA-1.
// One step of clock drift either way is accepted.
const (
	totpPeriod = 30
	totpSkew   = 1
	// RecoveryCodes is how many single-use recovery codes a person gets.
	RecoveryCodes = 10
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// sealPurpose binds sealed TOTP seeds to their use and (as additional data) to the user.
const sealPurpose = "totp-secret"

func userAD(id int64) []byte { return []byte("user:" + strconv.FormatInt(id, 10)) }

// Enrolment is a second factor being set up: the seed to scan or type into an
// authenticator app.
type Enrolment struct {
	Secret string // base32
	URL    string // otpauth:// URL, for a QR code
}

// sessionFor returns the live session of a cookie token and its user, whether or not
// its second factor is done yet: the second-factor pages work on half-open sessions.
func (s *Service) sessionFor(ctx context.Context, token string) (Session, User, error) {
	sess, err := s.store.SessionByTokenHash(ctx, secret.Hash(token))
	if err != nil {
		if isKind(err, plenary.KindNotFound) {
			return Session{}, User{}, plenary.Unauthenticated("error.unauthenticated")
		}
		return Session{}, User{}, err
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= s.cfg.SessionIdle {
		return Session{}, User{}, plenary.Unauthenticated("session.expired")
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if err != nil {
		return Session{}, User{}, err
	}
	if u.Disabled() {
		return Session{}, User{}, plenary.Unauthenticated("error.unauthenticated")
	}
	return sess, u, nil
}

// BeginEnrolment starts setting up an authenticator app for the session's user, or
// returns the enrolment already started (so that reloading the page does not change the
// seed the person has just scanned).
func (s *Service) BeginEnrolment(ctx context.Context, token string) (Enrolment, error) {
	_, u, err := s.sessionFor(ctx, token)
	if err != nil {
		return Enrolment{}, err
	}
	if u.TOTPEnabled {
		return Enrolment{}, plenary.Conflict("second_factor.already_enabled", nil)
	}
	creds, err := s.store.Credentials(ctx, u.ID)
	if err != nil {
		return Enrolment{}, err
	}
	if creds.TOTPPendingSecret != "" {
		seed, err := s.key.Open(sealPurpose, creds.TOTPPendingSecret, userAD(u.ID))
		if err == nil {
			return s.enrolment(u, string(seed)), nil
		}
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: s.cfg.Issuer, AccountName: u.Email, SecretSize: 20})
	if err != nil {
		return Enrolment{}, plenary.Internal(err)
	}
	now := s.now()
	err = s.store.InTx(ctx, func(tx Tx) error {
		return tx.SetPendingTOTP(ctx, u.ID, s.key.Seal(sealPurpose, []byte(key.Secret()), userAD(u.ID)), now)
	})
	if err != nil {
		return Enrolment{}, err
	}
	return s.enrolment(u, key.Secret()), nil
}

func (s *Service) enrolment(u User, seed string) Enrolment {
	q := url.Values{}
	q.Set("secret", seed)
	q.Set("issuer", s.cfg.Issuer)
	q.Set("period", strconv.Itoa(totpPeriod))
	q.Set("digits", "6")
	q.Set("algorithm", "SHA1")
	link := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + s.cfg.Issuer + ":" + u.Email, RawQuery: q.Encode()}
	return Enrolment{Secret: seed, URL: link.String()}
}

// ConfirmEnrolment checks a first code from the app, turns the second factor on, and
// returns the recovery codes (shown once). The session that confirmed it counts as
// verified, and its token is renewed.
func (s *Service) ConfirmEnrolment(ctx context.Context, actor plenary.Actor, token, code string) (codes []string, newToken string, err error) {
	sess, u, err := s.sessionFor(ctx, token)
	if err != nil {
		return nil, "", err
	}
	if u.TOTPEnabled {
		return nil, "", plenary.Conflict("second_factor.already_enabled", nil)
	}
	creds, err := s.store.Credentials(ctx, u.ID)
	if err != nil {
		return nil, "", err
	}
	if creds.TOTPPendingSecret == "" {
		return nil, "", plenary.Conflict("second_factor.no_enrolment", nil)
	}
	seed, err := s.key.Open(sealPurpose, creds.TOTPPendingSecret, userAD(u.ID))
	if err != nil {
		return nil, "", plenary.Internal(err)
	}
	factorLimit := []limit{{"second_factor:" + itoa(u.ID), SecondFactorPerPerson}}
	if err := s.countAttempt(ctx, factorLimit, "second_factor.too_many"); err != nil {
		return nil, "", err
	}
	now := s.now()
	step, ok := matchTOTP(string(seed), code, now)
	if !ok {
		var p plenary.Problems
		p.Add("code", "second_factor.wrong_code", nil)
		return nil, "", p.Err()
	}
	codes, hashes := s.newRecoveryCodes(u.ID)
	newToken = secret.Token(32)
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.EnableTOTP(ctx, u.ID, step, now); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, u.ID, hashes, now); err != nil {
			return err
		}
		if err := tx.VerifySession(ctx, sess.ID, secret.Hash(newToken), now); err != nil {
			return err
		}
		if err := tx.Audit(ctx, event(u.Actor(actor.IP), now, "user.second_factor_enabled", u.ID, nil)); err != nil {
			return err
		}
		return tx.Enqueue(ctx, notice(u, "second_factor_enabled"))
	})
	if err != nil {
		return nil, "", err
	}
	if err := s.limits.Clear(ctx, factorLimit[0].bucket); err != nil {
		return nil, "", err
	}
	return codes, newToken, s.signInComplete(ctx, u.Email, sess.IP)
}

// VerifySecondFactor completes a sign-in with a code from the authenticator app or a
// recovery code, and renews the session token. A code is accepted once: a replayed code
// is refused. After MaxSecondFactorFailures wrong codes the session ends.
func (s *Service) VerifySecondFactor(ctx context.Context, actor plenary.Actor, token, code string) (newToken string, err error) {
	sess, u, err := s.sessionFor(ctx, token)
	if err != nil {
		return "", err
	}
	if !sess.SecondFactorAt.IsZero() {
		return token, nil
	}
	if !u.TOTPEnabled {
		return "", plenary.Conflict("second_factor.not_enabled", nil)
	}
	code = strings.TrimSpace(code)
	var p plenary.Problems
	p.Required("code", code)
	p.MaxLength("code", code, 40)
	if err := p.Err(); err != nil {
		return "", err
	}
	creds, err := s.store.Credentials(ctx, u.ID)
	if err != nil {
		return "", err
	}
	seed, err := s.key.Open(sealPurpose, creds.TOTPSecret, userAD(u.ID))
	if err != nil {
		return "", plenary.Internal(err)
	}
	// Codes count per person, across sessions: signing in again does not buy more guesses.
	factorLimit := []limit{{"second_factor:" + itoa(u.ID), SecondFactorPerPerson}}
	if err := s.countAttempt(ctx, factorLimit, "second_factor.too_many"); err != nil {
		return "", err
	}
	now := s.now()
	newToken = secret.Token(32)
	var accepted bool
	var how string
	err = s.store.InTx(ctx, func(tx Tx) error {
		if step, ok := matchTOTP(string(seed), code, now); ok {
			if accepted, err = tx.AdvanceTOTPStep(ctx, u.ID, step); err != nil {
				return err
			}
			how = "totp"
		} else if looksLikeRecoveryCode(code) {
			if accepted, err = tx.UseRecoveryCode(ctx, u.ID, s.recoveryHash(u.ID, code), now); err != nil {
				return err
			}
			how = "recovery_code"
		}
		if !accepted {
			return nil
		}
		if err := tx.VerifySession(ctx, sess.ID, secret.Hash(newToken), now); err != nil {
			return err
		}
		return tx.Audit(ctx, event(u.Actor(actor.IP), now, "user.second_factor_verified", u.ID, map[string]string{"method": how}))
	})
	if err != nil {
		return "", err
	}
	if accepted {
		if err := s.limits.Clear(ctx, factorLimit[0].bucket); err != nil {
			return "", err
		}
		return newToken, s.signInComplete(ctx, u.Email, sess.IP)
	}
	var failures int
	err = s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if failures, err = tx.CountSecondFactorFailure(ctx, sess.ID); err != nil {
			return err
		}
		if failures >= MaxSecondFactorFailures {
			if err := tx.DeleteSession(ctx, sess.ID); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, event(plenary.Actor{IP: actor.IP, Name: u.Name, UserID: u.ID}, now, "user.second_factor_failed", u.ID, nil))
	})
	if err != nil {
		return "", err
	}
	if failures >= MaxSecondFactorFailures {
		return "", plenary.Unauthenticated("second_factor.locked")
	}
	p.Add("code", "second_factor.wrong_code", nil)
	return "", p.Err()
}

// DisableSecondFactor turns the authenticator off, after the password is confirmed.
// People whose roles require a second factor cannot turn it off.
func (s *Service) DisableSecondFactor(ctx context.Context, actor plenary.Actor, password string) error {
	u, err := s.confirmPassword(ctx, actor, password)
	if err != nil {
		return err
	}
	if u.RequiresSecondFactor() {
		return plenary.Conflict("second_factor.required_by_role", nil)
	}
	if !u.TOTPEnabled {
		return nil
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.DisableTOTP(ctx, u.ID, now); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, u.ID, nil, now); err != nil {
			return err
		}
		if err := tx.Audit(ctx, event(actor, now, "user.second_factor_disabled", u.ID, nil)); err != nil {
			return err
		}
		return tx.Enqueue(ctx, notice(u, "second_factor_disabled"))
	})
}

// RegenerateRecoveryCodes replaces the recovery codes after the password is confirmed.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, actor plenary.Actor, password string) ([]string, error) {
	u, err := s.confirmPassword(ctx, actor, password)
	if err != nil {
		return nil, err
	}
	if !u.TOTPEnabled {
		return nil, plenary.Conflict("second_factor.not_enabled", nil)
	}
	codes, hashes := s.newRecoveryCodes(u.ID)
	now := s.now()
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.ReplaceRecoveryCodes(ctx, u.ID, hashes, now); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "user.recovery_codes_replaced", u.ID, nil))
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// confirmPassword re-checks the actor's password before a sensitive change made from a
// browser session (not from an API token).
func (s *Service) confirmPassword(ctx context.Context, actor plenary.Actor, password string) (User, error) {
	if !actor.SignedIn() || actor.Scopes != nil {
		return User{}, plenary.Deny(actor)
	}
	var p plenary.Problems
	p.Required("password", password)
	p.MaxLength("password", password, MaxPasswordLength)
	if err := p.Err(); err != nil {
		return User{}, err
	}
	u, err := s.store.UserByID(ctx, actor.UserID)
	if err != nil {
		return User{}, err
	}
	creds, err := s.store.Credentials(ctx, u.ID)
	if err != nil {
		return User{}, err
	}
	hash := creds.PasswordHash
	if hash == "" {
		hash = s.dummyHash
	}
	ok, err := s.hasher.Verify(ctx, password, hash)
	if err != nil {
		return User{}, err
	}
	if !ok || creds.PasswordHash == "" {
		p.Add("password", "account.wrong_password", nil)
		return User{}, p.Err()
	}
	return u, nil
}

// matchTOTP reports whether code is valid at now (within the allowed drift) and for
// which time step, so that the step can be recorded against replays.
func matchTOTP(seed, code string, now time.Time) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	base := now.Unix() / totpPeriod
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		step := base + d
		want, err := totp.GenerateCodeCustom(seed, time.Unix(step*totpPeriod, 0), totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// Recovery codes are 10 base32 characters (50 bits) shown as two groups of five.
var recoveryAlphabet = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func normalizeRecoveryCode(code string) string {
	return strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
}

func looksLikeRecoveryCode(code string) bool {
	c := normalizeRecoveryCode(code)
	if len(c) != 10 {
		return false
	}
	for _, r := range c {
		if (r < 'a' || r > 'z') && (r < '2' || r > '7') {
			return false
		}
	}
	return true
}

func (s *Service) newRecoveryCodes(userID int64) (codes, hashes []string) {
	for range RecoveryCodes {
		b := make([]byte, 7) // 56 random bits; the 10 characters keep 50 of them
		if _, err := rand.Read(b); err != nil {
			panic(err)
		}
		c := recoveryAlphabet.EncodeToString(b)[:10]
		codes = append(codes, c[:5]+"-"+c[5:])
		hashes = append(hashes, s.recoveryHash(userID, c))
	}
	return codes, hashes
}

// recoveryHash keys the hash with the server secret and the user: a stolen database
// alone does not let anyone test codes offline.
func (s *Service) recoveryHash(userID int64, code string) string {
	return hex.EncodeToString(s.key.MAC("recovery-code", strconv.FormatInt(userID, 10), normalizeRecoveryCode(code)))
}

// SetUpSecondFactor gives an account an authenticator seed chosen by the system and
// returns new recovery codes. Only the system may: the demo seeds known seeds so that a
// newcomer can sign in as the Secretariat. People set up their own on the account page.
func (s *Service) SetUpSecondFactor(ctx context.Context, actor plenary.Actor, userID int64, seed string) ([]string, error) {
	if !actor.System {
		return nil, plenary.Deny(actor)
	}
	now := s.now()
	codes, hashes := s.newRecoveryCodes(userID)
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.SetPendingTOTP(ctx, userID, s.key.Seal(sealPurpose, []byte(seed), userAD(userID)), now); err != nil {
			return err
		}
		if err := tx.EnableTOTP(ctx, userID, 0, now); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, userID, hashes, now); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "user.second_factor_enabled", userID, map[string]string{"by": "system"}))
	})
	return codes, err
}

// ResetSecondFactor removes a person's authenticator (a lost telephone): they set up a
// new one at their next sign-in if their role requires it. The Secretariat or the
// system may.
func (s *Service) ResetSecondFactor(ctx context.Context, actor plenary.Actor, userID int64) error {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		u, err := tx.UserByID(ctx, userID)
		if err != nil {
			return err
		}
		if err := tx.DisableTOTP(ctx, userID, now); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, userID, nil, now); err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(ctx, userID, 0); err != nil {
			return err
		}
		if err := tx.RevokeUserAPITokens(ctx, userID, now); err != nil {
			return err
		}
		if err := tx.Audit(ctx, event(actor, now, "user.second_factor_reset", userID, nil)); err != nil {
			return err
		}
		return tx.Enqueue(ctx, notice(u, "second_factor_disabled"))
	})
}
