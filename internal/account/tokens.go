package account

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/secret"
)

// TokenPrefix starts every API token, so that secret scanners can recognise a leaked one.
const TokenPrefix = "plenary_"

// TokenLifetimes are the choices offered for a new token, in days; 0 is "never expires".
var TokenLifetimes = []int{30, 90, 365, 0}

// TokenInput is a new API token.
type TokenInput struct {
	Name   string
	Scopes []plenary.Scope
	Days   int // one of TokenLifetimes
}

// CreateToken makes an API token for the actor and returns its secret, shown once. Only
// a person signed in through the browser (with their second factor) may create one: a
// token cannot make another token.
func (s *Service) CreateToken(ctx context.Context, actor plenary.Actor, in TokenInput) (string, APIToken, error) {
	if !actor.SignedIn() || actor.Scopes != nil || actor.System {
		return "", APIToken{}, plenary.Forbidden("token.browser_only")
	}
	in.Name = strings.TrimSpace(in.Name)
	var p plenary.Problems
	if p.Required("name", in.Name) {
		p.MaxLength("name", in.Name, 100)
	}
	if len(in.Scopes) == 0 {
		p.Add("scopes", "field.required", nil)
	}
	for _, sc := range in.Scopes {
		if !slices.Contains(plenary.Scopes, sc) {
			p.Add("scopes", "field.choice", nil)
		}
	}
	if !slices.Contains(TokenLifetimes, in.Days) {
		p.Add("days", "field.choice", nil)
	}
	if err := p.Err(); err != nil {
		return "", APIToken{}, err
	}
	// Write implies read.
	scopes := []plenary.Scope{plenary.ScopeRead}
	if slices.Contains(in.Scopes, plenary.ScopeWrite) {
		scopes = append(scopes, plenary.ScopeWrite)
	}
	now := s.now()
	t := APIToken{UserID: actor.UserID, Name: in.Name, Scopes: scopes, CreatedAt: now}
	if in.Days > 0 {
		t.ExpiresAt = now.Add(time.Duration(in.Days) * 24 * time.Hour)
	}
	plain := TokenPrefix + secret.Token(32)
	t.Prefix = plain[:len(TokenPrefix)+6]
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if t, err = tx.CreateAPIToken(ctx, t, secret.Hash(plain)); err != nil {
			return err
		}
		u, err := tx.UserByID(ctx, actor.UserID)
		if err != nil {
			return err
		}
		if err := tx.Audit(ctx, event(actor, now, "user.api_token_created", actor.UserID,
			map[string]string{"token": itoa(t.ID), "name": t.Name, "scopes": joinScopes(t.Scopes)})); err != nil {
			return err
		}
		return tx.Enqueue(ctx, notice(u, "api_token_created", "Token", t.Name))
	})
	if err != nil {
		return "", APIToken{}, err
	}
	return plain, t, nil
}

// Tokens lists the actor's API tokens.
func (s *Service) Tokens(ctx context.Context, actor plenary.Actor) ([]APIToken, error) {
	if !actor.SignedIn() {
		return nil, plenary.Unauthenticated("error.unauthenticated")
	}
	return s.store.UserAPITokens(ctx, actor.UserID)
}

// RevokeToken revokes one of the actor's tokens. A read-only token may not revoke.
func (s *Service) RevokeToken(ctx context.Context, actor plenary.Actor, id int64) error {
	if !actor.SignedIn() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.RevokeAPIToken(ctx, id, actor.UserID, now)
		if err != nil {
			return err
		}
		if !ok {
			return plenary.NotFound()
		}
		return tx.Audit(ctx, event(actor, now, "user.api_token_revoked", actor.UserID, map[string]string{"token": itoa(id)}))
	})
}

// AuthenticateToken finds the actor of a bearer token: its owner's roles, limited by its
// scopes. A revoked or expired token, or one whose owner is disabled, is refused.
func (s *Service) AuthenticateToken(ctx context.Context, token, ip string) (plenary.Actor, error) {
	if !strings.HasPrefix(token, TokenPrefix) || len(token) > 100 {
		return plenary.Actor{}, plenary.Unauthenticated("token.invalid")
	}
	t, err := s.store.APITokenByHash(ctx, secret.Hash(token))
	if err != nil {
		if isKind(err, plenary.KindNotFound) {
			return plenary.Actor{}, plenary.Unauthenticated("token.invalid")
		}
		return plenary.Actor{}, err
	}
	now := s.now()
	if !t.Active(now) {
		return plenary.Actor{}, plenary.Unauthenticated("token.invalid")
	}
	u, err := s.store.UserByID(ctx, t.UserID)
	if err != nil {
		return plenary.Actor{}, err
	}
	if u.Disabled() {
		return plenary.Actor{}, plenary.Unauthenticated("token.invalid")
	}
	// A role that requires a second factor, given after the token was made, does not
	// pass through a token whose owner has not set one up.
	if u.RequiresSecondFactor() && !u.TOTPEnabled {
		return plenary.Actor{}, plenary.Unauthenticated("token.second_factor_required")
	}
	if now.Sub(t.LastUsedAt) >= touchEvery {
		if err := s.store.TouchAPIToken(ctx, t.ID, now); err != nil {
			s.log.Warn("token: record use", "err", err)
		}
	}
	a := u.Actor(ip)
	a.Scopes = t.Scopes
	return a, nil
}

func joinScopes(sc []plenary.Scope) string {
	parts := make([]string, len(sc))
	for i, x := range sc {
		parts[i] = string(x)
	}
	return strings.Join(parts, " ")
}

// ParseScopes reads scopes stored as a space-separated list.
func ParseScopes(s string) []plenary.Scope {
	var out []plenary.Scope
	for _, f := range strings.Fields(s) {
		out = append(out, plenary.Scope(f))
	}
	return out
}

// JoinScopes writes scopes as a space-separated list, for storage.
func JoinScopes(sc []plenary.Scope) string { return joinScopes(sc) }

// CleanupJob removes expired sessions, links and rate-limit windows. It runs hourly.
type CleanupJob struct{}

func (CleanupJob) Kind() string { return "account.cleanup" }

// Cleanup is the worker of CleanupJob.
func (s *Service) Cleanup(ctx context.Context, _ CleanupJob) error {
	now := s.now()
	n, err := s.store.DeleteExpired(ctx, now, now.Add(-s.cfg.SessionIdle))
	if err != nil {
		return err
	}
	if n > 0 {
		s.log.Info("account: cleaned up", "rows", n)
	}
	return nil
}
