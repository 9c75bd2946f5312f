// Package account holds the people who use plenary and what they may do: users, their
// roles, passwords and second factors, browser sessions, API tokens, password resets
// and invitations, and the rate limits that protect sign-in.
//
// Every method of Service takes the acting plenary.Actor and decides there whether it
// may act. Nothing here knows HTTP.
package account

import (
	"context"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
)

// User is a person with an account.
type User struct {
	ID            int64
	Email         string
	Name          string
	Lang          string // preferred language, for e-mail
	HasPassword   bool   // false until an invited person sets one
	TOTPEnabled   bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
	DisabledAt    time.Time // zero while the account is active
	LastSignInAt  time.Time
	PasswordSetAt time.Time
	Grants        []Grant
}

// Disabled reports whether the account was disabled by the Secretariat.
func (u User) Disabled() bool { return !u.DisabledAt.IsZero() }

// RequiresSecondFactor reports whether one of the user's roles requires a second factor.
func (u User) RequiresSecondFactor() bool {
	for _, g := range u.Grants {
		if !g.Pending() && g.Role.RequiresSecondFactor() {
			return true
		}
	}
	return false
}

// Roles returns the accepted grants as plenary grants, for an Actor: a role offered but
// not yet accepted gives no rights.
func (u User) Roles() []plenary.Grant {
	var out []plenary.Grant
	for _, g := range u.Grants {
		if !g.Pending() {
			out = append(out, g.Grant)
		}
	}
	return out
}

// Actor returns the actor for the user acting from ip.
func (u User) Actor(ip string) plenary.Actor {
	return plenary.Actor{UserID: u.ID, Name: u.Name, Lang: u.Lang, Grants: u.Roles(), IP: ip}
}

// Grant is a role held by a user, with who granted it and when. A role that an
// organization's focal point offers is pending until the person accepts it: nobody can be
// made to represent an organization without consent.
type Grant struct {
	ID int64
	plenary.Grant
	UserID     int64
	GrantedBy  int64
	GrantedAt  time.Time
	AcceptedAt time.Time // zero while pending
}

// Pending reports whether the person has yet to accept the role.
func (g Grant) Pending() bool { return g.AcceptedAt.IsZero() }

// Credentials are the secrets of an account, read only to check them.
type Credentials struct {
	UserID            int64
	PasswordHash      string // PHC string; empty until set
	TOTPSecret        string // sealed under the server key; empty if not enrolled
	TOTPPendingSecret string // sealed; set during enrolment
	TOTPLastStep      int64  // the last TOTP time step accepted, against replays
}

// Session is a browser session. Only the SHA-256 of its token is stored.
type Session struct {
	ID                   int64
	UserID               int64
	CreatedAt            time.Time
	LastSeenAt           time.Time
	ExpiresAt            time.Time // absolute end
	SecondFactorAt       time.Time // zero until a second factor is verified in this session
	SecondFactorFailures int
	IP                   string
	UserAgent            string
}

// APIToken is a bearer token for the JSON API. Only its hash is stored; Prefix is shown
// so that its owner can tell tokens apart.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string
	Scopes     []plenary.Scope
	CreatedAt  time.Time
	ExpiresAt  time.Time // zero: never
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// Active reports whether the token may be used at now.
func (t APIToken) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// Purposes of single-use links sent by e-mail.
const (
	PurposeReset  = "reset"  // the person forgot their password
	PurposeInvite = "invite" // the Secretariat or a focal point created the account
)

// PasswordToken is a single-use link to set a password. The link carries a MAC of the
// record under the server key; the database keeps only the salt.
type PasswordToken struct {
	ID        int64
	UserID    int64
	Purpose   string
	Salt      string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time
}

// NewUser is a user to create.
type NewUser struct {
	Email        string
	Name         string
	SearchKey    string
	Lang         string
	PasswordHash string // empty: the person sets it from an invitation
	At           time.Time
}

// Store is what account needs from the database. Reads outside a transaction may lag a
// write by nothing at all on one instance; they are never used to decide a change.
type Store interface {
	UserByID(ctx context.Context, id int64) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	Credentials(ctx context.Context, userID int64) (Credentials, error)
	ListUsers(ctx context.Context, search string, after plenary.Position, limit int) ([]User, error)
	CountUsers(ctx context.Context) (int64, error)
	SessionByTokenHash(ctx context.Context, hash string) (Session, error)
	UserSessions(ctx context.Context, userID int64, now time.Time) ([]Session, error)
	APITokenByHash(ctx context.Context, hash string) (APIToken, error)
	UserAPITokens(ctx context.Context, userID int64) ([]APIToken, error)
	PasswordToken(ctx context.Context, id int64) (PasswordToken, error)
	// OrganizationType returns an organization's type, to check the roles granted for it.
	OrganizationType(ctx context.Context, id int64) (string, error)
	StateExists(ctx context.Context, iso3 string) (bool, error)
	// StateGrants are the roles held (or offered) for a State, with their holders.
	StateGrants(ctx context.Context, state string) ([]TeamMember, error)

	// TouchSession and TouchAPIToken record use; they are bookkeeping, not changes, and
	// are neither audited nor transactional.
	TouchSession(ctx context.Context, id int64, at time.Time) error
	TouchAPIToken(ctx context.Context, id int64, at time.Time) error
	// DeleteExpired removes sessions, links and rate-limit windows that can no longer
	// be used, and reports how many rows went.
	DeleteExpired(ctx context.Context, now, idleSince time.Time) (int64, error)

	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what account changes in one transaction.
type Tx interface {
	UserByID(ctx context.Context, id int64) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	Credentials(ctx context.Context, userID int64) (Credentials, error)
	GrantByID(ctx context.Context, id int64) (Grant, error)
	// CountActiveRole counts the accepted holders of role whose account is enabled.
	CountActiveRole(ctx context.Context, role plenary.Role) (int64, error)
	// LockRoles serialises changes that must not race: two Secretariat members removing
	// each other at once must not leave nobody.
	LockRoles(ctx context.Context) error
	// HolderNames names the State or organization a role is held for (empty if neither).
	HolderNames(ctx context.Context, g plenary.Grant) (plenary.Localized, error)
	SessionByTokenHash(ctx context.Context, hash string) (Session, error)

	CreateUser(ctx context.Context, u NewUser) (User, error)
	UpdateProfile(ctx context.Context, userID int64, name, searchKey, lang string, at time.Time) error
	SetPassword(ctx context.Context, userID int64, hash string, at time.Time) error
	SetDisabled(ctx context.Context, userID int64, disabledAt time.Time, at time.Time) error
	SetSignedIn(ctx context.Context, userID int64, at time.Time) error

	SetPendingTOTP(ctx context.Context, userID int64, sealed string, at time.Time) error
	EnableTOTP(ctx context.Context, userID int64, step int64, at time.Time) error
	DisableTOTP(ctx context.Context, userID int64, at time.Time) error
	// AdvanceTOTPStep records an accepted code's time step; false if that step (or a
	// later one) was already used.
	AdvanceTOTPStep(ctx context.Context, userID, step int64) (bool, error)
	ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes []string, at time.Time) error
	UseRecoveryCode(ctx context.Context, userID int64, hash string, at time.Time) (bool, error)

	CreateGrant(ctx context.Context, g Grant) (Grant, error)
	DeleteGrant(ctx context.Context, id int64) error
	// AcceptGrant accepts a pending grant of the user; false if there is none.
	AcceptGrant(ctx context.Context, id, userID int64, at time.Time) (bool, error)
	AcceptPendingGrants(ctx context.Context, userID int64, at time.Time) error

	CreateSession(ctx context.Context, s Session, tokenHash string) (Session, error)
	// VerifySession marks the second factor done and replaces the session's token.
	VerifySession(ctx context.Context, id int64, newTokenHash string, at time.Time) error
	CountSecondFactorFailure(ctx context.Context, sessionID int64) (int, error)
	DeleteSession(ctx context.Context, id int64) error
	DeleteSessionOfUser(ctx context.Context, id, userID int64) (bool, error)
	DeleteUserSessions(ctx context.Context, userID int64, except int64) error

	CreatePasswordToken(ctx context.Context, t PasswordToken, ip string) (PasswordToken, error)
	UsePasswordToken(ctx context.Context, id int64, at time.Time) (bool, error)
	RetireUserPasswordTokens(ctx context.Context, userID int64, at time.Time) error

	CreateAPIToken(ctx context.Context, t APIToken, hash string) (APIToken, error)
	RevokeAPIToken(ctx context.Context, id, userID int64, at time.Time) (bool, error)
	RevokeUserAPITokens(ctx context.Context, userID int64, at time.Time) error

	Audit(ctx context.Context, e audit.Event) error
	Enqueue(ctx context.Context, job plenary.Job) error
}
