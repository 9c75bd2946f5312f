package account

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"golang.org/x/text/cases"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/ratelimit"
	"github.com/plenary-platform/plenary/internal/secret"
)

// Config tunes accounts.
type Config struct {
	// SessionIdle ends a session that has not been used for this long.
	SessionIdle time.Duration
	// SessionLifetime ends every session this long after sign-in, used or not.
	SessionLifetime time.Duration
	// ResetTTL is how long a password reset link works; InviteTTL an invitation's.
	ResetTTL  time.Duration
	InviteTTL time.Duration
	// BaseURL is where plenary is reached from outside, for links in e-mails.
	BaseURL string
	// Issuer names plenary in authenticator apps.
	Issuer string
}

// DefaultConfig suits a deployment that diplomats use through a working day.
var DefaultConfig = Config{
	SessionIdle:     2 * time.Hour,
	SessionLifetime: 12 * time.Hour,
	ResetTTL:        time.Hour,
	InviteTTL:       7 * 24 * time.Hour,
	BaseURL:         "http://127.0.0.1:8080",
	Issuer:          "plenary",
}

// Rate limits on guessing, counted in fixed windows shared by every instance. Every
// attempt counts when it starts; an attempt that ends in a full sign-in is taken back.
//
// SignInPerPair stops one address guessing one account, without letting a stranger lock
// a delegate out from elsewhere; SignInPerAccount stops guessing one account from many
// addresses; SignInPerAddress stops one address trying many accounts.
var (
	SignInPerPair         = ratelimit.Rule{Max: 5, Window: 15 * time.Minute}
	SignInPerAccount      = ratelimit.Rule{Max: 50, Window: 15 * time.Minute}
	SignInPerAddress      = ratelimit.Rule{Max: 30, Window: 15 * time.Minute}
	SecondFactorPerPerson = ratelimit.Rule{Max: 10, Window: 15 * time.Minute}
	ResetPerAccount       = ratelimit.Rule{Max: 3, Window: time.Hour}
	ResetPerAddress       = ratelimit.Rule{Max: 10, Window: time.Hour}
	// MaxSecondFactorFailures ends a half-signed-in session: the password must be
	// entered again, which its own limit bounds.
	MaxSecondFactorFailures = 5
)

// Service is the account domain.
type Service struct {
	store  Store
	clock  plenary.Clock
	hasher *Hasher
	key    *secret.Key
	limits *ratelimit.Limiter
	mailer *mail.Mailer
	cfg    Config
	log    *slog.Logger

	// dummyHash is verified when the e-mail is unknown, so that a wrong address takes as
	// long as a wrong password and sign-in does not reveal who has an account.
	dummyHash string
}

// NewService builds the account service.
func NewService(s Store, clock plenary.Clock, hasher *Hasher, key *secret.Key, limits *ratelimit.Limiter, mailer *mail.Mailer, cfg Config, log *slog.Logger) *Service {
	if cfg.Issuer == "" {
		cfg.Issuer = DefaultConfig.Issuer
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	svc := &Service{store: s, clock: clock, hasher: hasher, key: key, limits: limits, mailer: mailer, cfg: cfg, log: log}
	h, err := hasher.Hash(context.Background(), secret.Token(16))
	if err != nil {
		panic(err)
	}
	svc.dummyHash = h
	if mailer != nil {
		mailer.Templates.Register(MailTemplates)
	}
	return svc
}

// Config returns the service's configuration (the web layer needs the timeouts).
func (s *Service) Config() Config { return s.cfg }

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// Get returns a user. People see their own account and the Secretariat everyone's. A
// focal point sees, of the people who hold or were offered a role for their organization,
// only the name, the address and those roles: not their other roles (a Point of Contact's
// State, say), nor anything about their account.
func (s *Service) Get(ctx context.Context, actor plenary.Actor, id int64) (User, error) {
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		if isKind(err, plenary.KindNotFound) {
			return User{}, plenary.Hidden(actor)
		}
		return User{}, err
	}
	if actor.UserID == id || actor.IsSecretariat() {
		return u, nil
	}
	view := User{ID: u.ID, Name: u.Name, Email: u.Email, Lang: u.Lang}
	for _, g := range u.Grants {
		if g.OrganizationID != 0 && actor.HasForOrganization(plenary.RoleFocalPoint, g.OrganizationID) {
			view.Grants = append(view.Grants, g)
		}
	}
	if len(view.Grants) == 0 {
		return User{}, plenary.Hidden(actor)
	}
	return view, nil
}

// searchKey is what the user search matches: the name and the address, case-folded in
// Go so that "Юрий" finds "юрий" on SQLite too, whose lower() knows only ASCII.
func searchKey(name, email string) string {
	return cases.Fold().String(name + " " + email)
}

// MayAdminister tells a page whether to offer the administration of accounts (the user
// list, invitations): nil for the Secretariat, the refusal otherwise.
func (s *Service) MayAdminister(actor plenary.Actor) error {
	if !actor.IsSecretariat() {
		return plenary.Deny(actor)
	}
	return nil
}

// Me returns the actor's own account.
func (s *Service) Me(ctx context.Context, actor plenary.Actor) (User, error) {
	if !actor.SignedIn() {
		return User{}, plenary.Unauthenticated("error.unauthenticated")
	}
	return s.store.UserByID(ctx, actor.UserID)
}

// List returns one page of users ordered by e-mail, optionally those whose name or
// e-mail contains search. Secretariat only.
func (s *Service) List(ctx context.Context, actor plenary.Actor, search string, page plenary.PageRequest) (plenary.Page[User], error) {
	if err := s.MayAdminister(actor); err != nil {
		return plenary.Page[User]{}, err
	}
	pos, err := plenary.DecodeCursor(page.Cursor)
	if err != nil {
		return plenary.Page[User]{}, err
	}
	n := page.Size()
	users, err := s.store.ListUsers(ctx, cases.Fold().String(strings.TrimSpace(search)), pos, n+1)
	if err != nil {
		return plenary.Page[User]{}, err
	}
	var out plenary.Page[User]
	if len(users) > n {
		users = users[:n]
		last := users[n-1]
		out.Next = plenary.EncodeCursor(plenary.Position{Key: last.Email, ID: last.ID})
	}
	out.Items = users
	return out, nil
}

// MaxName bounds a person's name.
const MaxName = 200

// ProfileInput is what a person may change about themselves.
type ProfileInput struct {
	Name string
	Lang string
}

func (in *ProfileInput) normalize() { in.Name = strings.TrimSpace(in.Name) }

func (in ProfileInput) check(p *plenary.Problems) {
	if p.Required("name", in.Name) && p.Line("name", in.Name) {
		p.MaxLength("name", in.Name, MaxName)
	}
	p.OneOf("lang", in.Lang, plenary.Languages...)
}

// UpdateProfile changes the actor's name and preferred language.
func (s *Service) UpdateProfile(ctx context.Context, actor plenary.Actor, in ProfileInput) (User, error) {
	if !actor.SignedIn() {
		return User{}, plenary.Unauthenticated("error.unauthenticated")
	}
	if !actor.CanWrite() {
		return User{}, plenary.Forbidden("error.read_only_token")
	}
	in.normalize()
	var p plenary.Problems
	in.check(&p)
	if err := p.Err(); err != nil {
		return User{}, err
	}
	now := s.now()
	err := s.store.InTx(ctx, func(tx Tx) error {
		u, err := tx.UserByID(ctx, actor.UserID)
		if err != nil {
			return err
		}
		if err := tx.UpdateProfile(ctx, actor.UserID, in.Name, searchKey(in.Name, u.Email), in.Lang, now); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "user.profile_updated", actor.UserID, map[string]string{"lang": in.Lang}))
	})
	if err != nil {
		return User{}, err
	}
	return s.store.UserByID(ctx, actor.UserID)
}

// SetDisabled disables or re-enables an account. Disabling ends its sessions and
// revokes its API tokens. Secretariat only, and never one's own account.
func (s *Service) SetDisabled(ctx context.Context, actor plenary.Actor, userID int64, disabled bool) error {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	if userID == actor.UserID {
		return plenary.Conflict("account.cannot_disable_self", nil)
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		u, err := tx.UserByID(ctx, userID)
		if err != nil {
			return err
		}
		if u.Disabled() == disabled {
			return nil
		}
		at, action := time.Time{}, "user.enabled"
		if disabled {
			if err := s.keepOneSecretariat(ctx, tx, u.Roles()); err != nil {
				return err
			}
			at, action = now, "user.disabled"
			if err := tx.DeleteUserSessions(ctx, userID, 0); err != nil {
				return err
			}
			if err := tx.RevokeUserAPITokens(ctx, userID, now); err != nil {
				return err
			}
		}
		if err := tx.SetDisabled(ctx, userID, at, now); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, action, userID, nil))
	})
}

// keepOneSecretariat refuses a change that would take away the last active Secretariat
// role (by revoking it or disabling its holder), so that someone can always administer.
// It locks first: two such changes at once must not each see the other's holder.
func (s *Service) keepOneSecretariat(ctx context.Context, tx Tx, losing []plenary.Grant) error {
	for _, g := range losing {
		if g.Role != plenary.RoleSecretariat {
			continue
		}
		if err := tx.LockRoles(ctx); err != nil {
			return err
		}
		n, err := tx.CountActiveRole(ctx, plenary.RoleSecretariat)
		if err != nil {
			return err
		}
		if n <= 1 {
			return plenary.Conflict("account.last_secretariat", nil)
		}
		return nil
	}
	return nil
}

func isKind(err error, k plenary.Kind) bool {
	var e *plenary.Error
	return errors.As(err, &e) && e.Kind == k
}
