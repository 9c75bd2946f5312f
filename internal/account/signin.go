package account

import (
	"context"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/ratelimit"
	"github.com/plenary-platform/plenary/internal/secret"
)

func event(actor plenary.Actor, at time.Time, action string, userID int64, details map[string]string) audit.Event {
	return audit.New(actor, at, action, "user", userID, details)
}

// Step is what a session still needs before it may act with the user's roles.
type Step int

const (
	StepDone         Step = iota // signed in
	StepSecondFactor             // enter a code from the authenticator app or a recovery code
	StepEnrol                    // the user's roles require a second factor: set one up first
)

// SignInInput is what a person types to sign in. The address comes from the actor.
type SignInInput struct {
	Email     string
	Password  string
	UserAgent string
}

// SignInResult is a new session. Token goes in the session cookie and nowhere else.
type SignInResult struct {
	Token   string
	Session Session
	User    User
	Next    Step
}

// limit is one rate-limit bucket with its rule.
type limit struct {
	bucket string
	rule   ratelimit.Rule
}

func signInLimits(email, ip string) []limit {
	return []limit{
		{"signin:pair:" + email + "|" + ip, SignInPerPair},
		{"signin:account:" + email, SignInPerAccount},
		{"signin:address:" + ip, SignInPerAddress},
	}
}

// SignIn checks a password and opens a session. Every sign-in gets a new token (the
// token is renewed on sign-in), so a token planted before sign-in is worthless. Every
// attempt counts against the limits before the password is checked; past a limit,
// sign-in is refused until the window ends, whether the password is right or not. The
// count is taken back only when the sign-in is complete (second factor included).
func (s *Service) SignIn(ctx context.Context, actor plenary.Actor, in SignInInput) (SignInResult, error) {
	email := plenary.NormalizeEmail(in.Email)
	var p plenary.Problems
	if p.Required("email", email) {
		p.Email("email", email)
	}
	p.Required("password", in.Password)
	p.MaxLength("password", in.Password, MaxPasswordLength)
	if err := p.Err(); err != nil {
		return SignInResult{}, err
	}
	if err := s.countAttempt(ctx, signInLimits(email, actor.IP), "signin.too_many_attempts"); err != nil {
		return SignInResult{}, err
	}

	u, err := s.store.UserByEmail(ctx, email)
	known := err == nil
	if err != nil && !isKind(err, plenary.KindNotFound) {
		return SignInResult{}, err
	}
	hash := s.dummyHash
	if known {
		creds, err := s.store.Credentials(ctx, u.ID)
		if err != nil {
			return SignInResult{}, err
		}
		if creds.PasswordHash != "" {
			hash = creds.PasswordHash
		}
	}
	ok, err := s.hasher.Verify(ctx, in.Password, hash)
	if err != nil {
		return SignInResult{}, err
	}
	if !ok || !known || hash == s.dummyHash {
		return SignInResult{}, s.signInFailed(ctx, actor, u, known)
	}
	if u.Disabled() {
		return SignInResult{}, plenary.Forbidden("signin.disabled")
	}

	now := s.now()
	token := secret.Token(32)
	res := SignInResult{Token: token, User: u, Next: nextStep(u, Session{})}
	sess := Session{
		UserID: u.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.cfg.SessionLifetime),
		IP: actor.IP, UserAgent: truncate(in.UserAgent, 300),
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if res.Session, err = tx.CreateSession(ctx, sess, secret.Hash(token)); err != nil {
			return err
		}
		if err := tx.SetSignedIn(ctx, u.ID, now); err != nil {
			return err
		}
		return tx.Audit(ctx, event(u.Actor(actor.IP), now, "user.signed_in", u.ID, nil))
	})
	if err != nil {
		return SignInResult{}, err
	}
	if res.Next == StepDone {
		if err := s.signInComplete(ctx, email, actor.IP); err != nil {
			return SignInResult{}, err
		}
	}
	return res, nil
}

// countAttempt counts one attempt in each bucket and refuses it if any is over.
func (s *Service) countAttempt(ctx context.Context, limits []limit, message string) error {
	var worst time.Duration
	for _, l := range limits {
		over, retry, err := s.limits.Hit(ctx, l.bucket, l.rule)
		if err != nil {
			return err
		}
		if over && retry > worst {
			worst = retry
		}
	}
	if worst > 0 {
		return plenary.TooManyRequests(message, worst)
	}
	return nil
}

// signInComplete takes back the attempt of a person who signed in fully: the pair's
// failures are forgotten, and the shared counts lose this attempt.
func (s *Service) signInComplete(ctx context.Context, email, ip string) error {
	for i, l := range signInLimits(email, ip) {
		var err error
		if i == 0 {
			err = s.limits.Clear(ctx, l.bucket)
		} else {
			err = s.limits.Undo(ctx, l.bucket, l.rule)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) signInFailed(ctx context.Context, actor plenary.Actor, u User, known bool) error {
	if known {
		now := s.now()
		// Recorded against the account, so that its owner and the Secretariat can see
		// that someone is guessing.
		err := s.store.InTx(ctx, func(tx Tx) error {
			return tx.Audit(ctx, event(plenary.Actor{IP: actor.IP, Name: "anonymous"}, now, "user.sign_in_failed", u.ID, nil))
		})
		if err != nil {
			return err
		}
	}
	return plenary.Unauthenticated("signin.invalid")
}

// nextStep says what a session of u needs before it is fully signed in.
func nextStep(u User, sess Session) Step {
	if !sess.SecondFactorAt.IsZero() {
		return StepDone
	}
	switch {
	case u.TOTPEnabled:
		return StepSecondFactor
	case u.RequiresSecondFactor():
		return StepEnrol
	}
	return StepDone
}

// Authenticated is the outcome of looking up a session token.
type Authenticated struct {
	Actor   plenary.Actor // with the user's roles once Next is StepDone; public before
	User    User
	Session Session
	Next    Step
}

// touchEvery bounds writes: a session's last use is recorded at most once a minute.
const touchEvery = time.Minute

// Authenticate finds the session of a cookie token. An expired, idle or unknown session,
// or one whose account was disabled, is Unauthenticated. A session still waiting for its
// second factor gives a public actor and says which step is missing.
func (s *Service) Authenticate(ctx context.Context, token, ip string) (Authenticated, error) {
	if token == "" || len(token) > 100 {
		return Authenticated{}, plenary.Unauthenticated("error.unauthenticated")
	}
	sess, err := s.store.SessionByTokenHash(ctx, secret.Hash(token))
	if err != nil {
		if isKind(err, plenary.KindNotFound) {
			return Authenticated{}, plenary.Unauthenticated("error.unauthenticated")
		}
		return Authenticated{}, err
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= s.cfg.SessionIdle {
		_ = s.store.InTx(ctx, func(tx Tx) error { return tx.DeleteSession(ctx, sess.ID) })
		return Authenticated{}, plenary.Unauthenticated("session.expired")
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if err != nil {
		return Authenticated{}, err
	}
	if u.Disabled() {
		return Authenticated{}, plenary.Unauthenticated("error.unauthenticated")
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.store.TouchSession(ctx, sess.ID, now); err != nil {
			s.log.Warn("session: record use", "err", err)
		}
		sess.LastSeenAt = now
	}
	a := Authenticated{User: u, Session: sess, Next: nextStep(u, sess), Actor: plenary.Public(u.Lang)}
	a.Actor.IP = ip
	if a.Next == StepDone {
		a.Actor = u.Actor(ip)
	}
	return a, nil
}

// SignOut ends the session of token. Ending an unknown session is not an error.
func (s *Service) SignOut(ctx context.Context, token string) error {
	sess, err := s.store.SessionByTokenHash(ctx, secret.Hash(token))
	if err != nil {
		if isKind(err, plenary.KindNotFound) {
			return nil
		}
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.DeleteSession(ctx, sess.ID); err != nil {
			return err
		}
		u, err := tx.UserByID(ctx, sess.UserID)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, event(u.Actor(sess.IP), now, "user.signed_out", u.ID, nil))
	})
}

// Sessions lists the actor's open sessions, for the account page.
func (s *Service) Sessions(ctx context.Context, actor plenary.Actor) ([]Session, error) {
	if !actor.SignedIn() || actor.Scopes != nil {
		return nil, plenary.Deny(actor)
	}
	return s.store.UserSessions(ctx, actor.UserID, s.now())
}

// EndSession ends one of the actor's own sessions (a forgotten computer, say).
func (s *Service) EndSession(ctx context.Context, actor plenary.Actor, sessionID int64) error {
	if !actor.SignedIn() || actor.Scopes != nil {
		return plenary.Deny(actor)
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.DeleteSessionOfUser(ctx, sessionID, actor.UserID)
		if err != nil {
			return err
		}
		if !ok {
			return plenary.NotFound()
		}
		return tx.Audit(ctx, event(actor, now, "user.session_ended", actor.UserID, map[string]string{"session": itoa(sessionID)}))
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
