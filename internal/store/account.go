package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Accounts is the store of the account domain.
func (db *DB) Accounts() account.Store { return accountStore{db} }

type accountStore struct{ db *DB }

var (
	_ account.Store = accountStore{}
	_ account.Tx    = (*Tx)(nil)
)

func (s accountStore) InTx(ctx context.Context, fn func(account.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(tx) })
}

// Reads shared by the store and its transactions.

func userByID(ctx context.Context, q *query.Queries, id int64) (account.User, error) {
	row, err := q.GetUser(ctx, id)
	if err != nil {
		return account.User{}, translate(err)
	}
	return withGrants(ctx, q, row)
}

func userByEmail(ctx context.Context, q *query.Queries, email string) (account.User, error) {
	row, err := q.GetUserByEmail(ctx, email)
	if err != nil {
		return account.User{}, translate(err)
	}
	return withGrants(ctx, q, row)
}

func withGrants(ctx context.Context, q *query.Queries, row query.User) (account.User, error) {
	u := userFromRow(row)
	grants, err := q.ListGrantsByUser(ctx, row.ID)
	if err != nil {
		return account.User{}, translate(err)
	}
	for _, g := range grants {
		u.Grants = append(u.Grants, grantFromRow(g))
	}
	return u, nil
}

func userFromRow(r query.User) account.User {
	return account.User{
		ID: r.ID, Email: r.Email, Name: r.Name, Lang: r.Lang,
		HasPassword: r.PasswordHash.Valid && r.PasswordHash.String != "",
		TOTPEnabled: r.TotpEnabledAt.Valid,
		CreatedAt:   utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt),
		DisabledAt:   fromNullTime(r.DisabledAt),
		LastSignInAt: fromNullTime(r.LastSignInAt), PasswordSetAt: fromNullTime(r.PasswordChangedAt),
	}
}

func grantFromRow(r query.RoleGrant) account.Grant {
	return account.Grant{
		ID: r.ID, UserID: r.UserID, GrantedBy: r.GrantedBy.Int64, GrantedAt: utc(r.GrantedAt), AcceptedAt: fromNullTime(r.AcceptedAt),
		Grant: plenary.Grant{Role: plenary.Role(r.Role), State: r.State.String, OrganizationID: r.OrganizationID.Int64},
	}
}

func credentials(ctx context.Context, q *query.Queries, userID int64) (account.Credentials, error) {
	r, err := q.GetUser(ctx, userID)
	if err != nil {
		return account.Credentials{}, translate(err)
	}
	return account.Credentials{
		UserID: r.ID, PasswordHash: r.PasswordHash.String, TOTPSecret: r.TotpSecret.String,
		TOTPPendingSecret: r.TotpPendingSecret.String, TOTPLastStep: r.TotpLastStep,
	}, nil
}

func sessionByTokenHash(ctx context.Context, q *query.Queries, hash string) (account.Session, error) {
	r, err := q.GetSessionByTokenHash(ctx, hash)
	if err != nil {
		return account.Session{}, translate(err)
	}
	return sessionFromRow(r), nil
}

func sessionFromRow(r query.Session) account.Session {
	return account.Session{
		ID: r.ID, UserID: r.UserID, CreatedAt: utc(r.CreatedAt), LastSeenAt: utc(r.LastSeenAt),
		ExpiresAt: utc(r.ExpiresAt), SecondFactorAt: fromNullTime(r.SecondFactorAt),
		SecondFactorFailures: int(r.SecondFactorFailures), IP: r.Ip, UserAgent: r.UserAgent,
	}
}

func tokenFromRow(r query.ApiToken) account.APIToken {
	return account.APIToken{
		ID: r.ID, UserID: r.UserID, Name: r.Name, Prefix: r.Prefix, Scopes: account.ParseScopes(r.Scopes),
		CreatedAt: utc(r.CreatedAt), ExpiresAt: fromNullTime(r.ExpiresAt),
		LastUsedAt: fromNullTime(r.LastUsedAt), RevokedAt: fromNullTime(r.RevokedAt),
	}
}

func passwordTokenFromRow(r query.PasswordToken) account.PasswordToken {
	return account.PasswordToken{
		ID: r.ID, UserID: r.UserID, Purpose: r.Purpose, Salt: r.Salt,
		CreatedAt: utc(r.CreatedAt), ExpiresAt: utc(r.ExpiresAt), UsedAt: fromNullTime(r.UsedAt),
	}
}

func (s accountStore) StateGrants(ctx context.Context, state string) ([]account.TeamMember, error) {
	rows, err := s.db.q.ListGrantsByState(ctx, toNullString(state))
	if err != nil {
		return nil, translate(err)
	}
	out := make([]account.TeamMember, len(rows))
	for i, r := range rows {
		out[i] = account.TeamMember{GrantID: r.ID, UserID: r.UserID, Name: r.UserName, Email: r.UserEmail, Role: plenary.Role(r.Role),
			Pending: !r.AcceptedAt.Valid}
	}
	return out, nil
}

func (s accountStore) UserByID(ctx context.Context, id int64) (account.User, error) {
	return userByID(ctx, s.db.q, id)
}

func (s accountStore) UserByEmail(ctx context.Context, email string) (account.User, error) {
	return userByEmail(ctx, s.db.q, email)
}

func (s accountStore) Credentials(ctx context.Context, userID int64) (account.Credentials, error) {
	return credentials(ctx, s.db.q, userID)
}

func (s accountStore) ListUsers(ctx context.Context, search string, after plenary.Position, limit int) ([]account.User, error) {
	var rows []query.User
	var err error
	if search != "" {
		rows, err = s.db.q.SearchUsers(ctx, query.SearchUsersParams{
			SearchKey: "%" + escapeLike(search) + "%", Email: after.Key, ID: after.ID, Limit: int32(limit)})
	} else {
		rows, err = s.db.q.ListUsersByEmail(ctx, query.ListUsersByEmailParams{Email: after.Key, ID: after.ID, Limit: int32(limit)})
	}
	if err != nil {
		return nil, translate(err)
	}
	out := make([]account.User, 0, len(rows))
	for _, r := range rows {
		u, err := withGrants(ctx, s.db.q, r)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// escapeLike keeps % and _ typed by a person from acting as wildcards. Both databases
// treat backslash as LIKE's escape only when told, so the characters are dropped.
func escapeLike(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r != '%' && r != '_' && r != '\\' {
			out = append(out, r)
		}
	}
	return string(out)
}

func (s accountStore) CountUsers(ctx context.Context) (int64, error) {
	n, err := s.db.q.CountUsers(ctx)
	return n, translate(err)
}

func (s accountStore) SessionByTokenHash(ctx context.Context, hash string) (account.Session, error) {
	return sessionByTokenHash(ctx, s.db.q, hash)
}

func (s accountStore) UserSessions(ctx context.Context, userID int64, now time.Time) ([]account.Session, error) {
	rows, err := s.db.q.ListUserSessions(ctx, query.ListUserSessionsParams{UserID: userID, ExpiresAt: now.UTC()})
	if err != nil {
		return nil, translate(err)
	}
	out := make([]account.Session, len(rows))
	for i, r := range rows {
		out[i] = sessionFromRow(r)
	}
	return out, nil
}

func (s accountStore) APITokenByHash(ctx context.Context, hash string) (account.APIToken, error) {
	r, err := s.db.q.GetAPITokenByHash(ctx, hash)
	if err != nil {
		return account.APIToken{}, translate(err)
	}
	return tokenFromRow(r), nil
}

func (s accountStore) UserAPITokens(ctx context.Context, userID int64) ([]account.APIToken, error) {
	rows, err := s.db.q.ListUserAPITokens(ctx, userID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]account.APIToken, len(rows))
	for i, r := range rows {
		out[i] = tokenFromRow(r)
	}
	return out, nil
}

func (s accountStore) PasswordToken(ctx context.Context, id int64) (account.PasswordToken, error) {
	r, err := s.db.q.GetPasswordToken(ctx, id)
	if err != nil {
		return account.PasswordToken{}, translate(err)
	}
	return passwordTokenFromRow(r), nil
}

func (s accountStore) OrganizationType(ctx context.Context, id int64) (string, error) {
	t, err := s.db.q.GetOrganizationType(ctx, id)
	return t, translate(err)
}

func (s accountStore) StateExists(ctx context.Context, iso3 string) (bool, error) {
	return stateExists(ctx, s.db.q, iso3)
}

// TouchSession and TouchAPIToken go through the writer but outside any domain
// transaction: they record use, not a change.
func (s accountStore) TouchSession(ctx context.Context, id int64, at time.Time) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		return translate(tx.q.TouchSession(ctx, query.TouchSessionParams{ID: id, LastSeenAt: at.UTC()}))
	})
}

func (s accountStore) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		return translate(tx.q.TouchAPIToken(ctx, query.TouchAPITokenParams{ID: id, LastUsedAt: toNullTime(at)}))
	})
}

func (s accountStore) DeleteExpired(ctx context.Context, now, idleSince time.Time) (int64, error) {
	var total int64
	err := s.db.Transact(ctx, func(tx *Tx) error {
		n, err := tx.q.DeleteExpiredSessions(ctx, query.DeleteExpiredSessionsParams{ExpiresAt: now.UTC(), LastSeenAt: idleSince.UTC()})
		if err != nil {
			return translate(err)
		}
		total += n
		// Links are kept a week after they expire, so that a late click says "expired"
		// rather than "invalid".
		if n, err = tx.q.DeleteOldPasswordTokens(ctx, now.Add(-7*24*time.Hour).UTC()); err != nil {
			return translate(err)
		}
		total += n
		if n, err = tx.q.DeleteOldRateLimits(ctx, now.Add(-24*time.Hour).UTC()); err != nil {
			return translate(err)
		}
		total += n
		return nil
	})
	return total, err
}

// Transaction methods of account.Tx.

func (t *Tx) UserByID(ctx context.Context, id int64) (account.User, error) {
	return userByID(ctx, t.q, id)
}

func (t *Tx) UserByEmail(ctx context.Context, email string) (account.User, error) {
	return userByEmail(ctx, t.q, email)
}

func (t *Tx) Credentials(ctx context.Context, userID int64) (account.Credentials, error) {
	return credentials(ctx, t.q, userID)
}

func (t *Tx) SessionByTokenHash(ctx context.Context, hash string) (account.Session, error) {
	return sessionByTokenHash(ctx, t.q, hash)
}

func (t *Tx) GrantByID(ctx context.Context, id int64) (account.Grant, error) {
	r, err := t.q.GetGrant(ctx, id)
	if err != nil {
		return account.Grant{}, translate(err)
	}
	return grantFromRow(r), nil
}

func (t *Tx) CountActiveRole(ctx context.Context, role plenary.Role) (int64, error) {
	n, err := t.q.CountActiveRole(ctx, string(role))
	return n, translate(err)
}

// rolesLockKey serialises role changes that must see each other (see LockRoles).
const rolesLockKey = 7_361_000_002

// LockRoles takes a transaction lock on role changes: an advisory lock on PostgreSQL; on
// SQLite the single writer already serialises every transaction.
func (t *Tx) LockRoles(ctx context.Context) error {
	if t.db.dialect != Postgres {
		return nil
	}
	_, err := t.tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(rolesLockKey))
	return translate(err)
}

func (t *Tx) AcceptGrant(ctx context.Context, id, userID int64, at time.Time) (bool, error) {
	n, err := t.q.AcceptGrant(ctx, query.AcceptGrantParams{ID: id, UserID: userID, AcceptedAt: toNullTime(at)})
	return n == 1, translate(err)
}

func (t *Tx) AcceptPendingGrants(ctx context.Context, userID int64, at time.Time) error {
	return translate(t.q.AcceptPendingGrants(ctx, query.AcceptPendingGrantsParams{UserID: userID, AcceptedAt: toNullTime(at)}))
}

func (t *Tx) HolderNames(ctx context.Context, g plenary.Grant) (plenary.Localized, error) {
	switch {
	case g.State != "":
		r, err := t.q.GetState(ctx, g.State)
		if err != nil {
			return nil, translate(err)
		}
		return stateFromRow(r).Names, nil
	case g.OrganizationID != 0:
		return organizationNames(ctx, t.q, g.OrganizationID)
	}
	return plenary.Localized{}, nil
}

func (t *Tx) CreateUser(ctx context.Context, u account.NewUser) (account.User, error) {
	changed := sql.NullTime{}
	if u.PasswordHash != "" {
		changed = toNullTime(u.At)
	}
	r, err := t.q.CreateUser(ctx, query.CreateUserParams{
		Email: u.Email, Name: u.Name, SearchKey: u.SearchKey, Lang: u.Lang, PasswordHash: toNullString(u.PasswordHash),
		CreatedAt: u.At.UTC(), PasswordChangedAt: changed,
	})
	if err != nil {
		return account.User{}, translate(err)
	}
	return userFromRow(r), nil
}

func (t *Tx) UpdateProfile(ctx context.Context, userID int64, name, searchKey, lang string, at time.Time) error {
	return translate(t.q.UpdateUserProfile(ctx, query.UpdateUserProfileParams{ID: userID, Name: name, SearchKey: searchKey, Lang: lang, UpdatedAt: at.UTC()}))
}

func (t *Tx) SetPassword(ctx context.Context, userID int64, hash string, at time.Time) error {
	return translate(t.q.UpdateUserPassword(ctx, query.UpdateUserPasswordParams{
		ID: userID, PasswordHash: toNullString(hash), PasswordChangedAt: toNullTime(at)}))
}

func (t *Tx) SetDisabled(ctx context.Context, userID int64, disabledAt, at time.Time) error {
	return translate(t.q.SetUserDisabled(ctx, query.SetUserDisabledParams{ID: userID, DisabledAt: toNullTime(disabledAt), UpdatedAt: at.UTC()}))
}

func (t *Tx) SetSignedIn(ctx context.Context, userID int64, at time.Time) error {
	return translate(t.q.SetUserSignedIn(ctx, query.SetUserSignedInParams{ID: userID, LastSignInAt: toNullTime(at)}))
}

func (t *Tx) SetPendingTOTP(ctx context.Context, userID int64, sealed string, at time.Time) error {
	return translate(t.q.SetPendingTOTP(ctx, query.SetPendingTOTPParams{ID: userID, TotpPendingSecret: toNullString(sealed), UpdatedAt: at.UTC()}))
}

func (t *Tx) EnableTOTP(ctx context.Context, userID int64, step int64, at time.Time) error {
	return translate(t.q.EnableTOTP(ctx, query.EnableTOTPParams{ID: userID, TotpEnabledAt: toNullTime(at), TotpLastStep: step}))
}

func (t *Tx) DisableTOTP(ctx context.Context, userID int64, at time.Time) error {
	return translate(t.q.DisableTOTP(ctx, query.DisableTOTPParams{ID: userID, UpdatedAt: at.UTC()}))
}

func (t *Tx) AdvanceTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	n, err := t.q.AdvanceTOTPStep(ctx, query.AdvanceTOTPStepParams{ID: userID, TotpLastStep: step})
	return n == 1, translate(err)
}

func (t *Tx) ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes []string, at time.Time) error {
	if err := t.q.DeleteRecoveryCodes(ctx, userID); err != nil {
		return translate(err)
	}
	for _, h := range hashes {
		if err := t.q.CreateRecoveryCode(ctx, query.CreateRecoveryCodeParams{UserID: userID, CodeHash: h, CreatedAt: at.UTC()}); err != nil {
			return translate(err)
		}
	}
	return nil
}

func (t *Tx) UseRecoveryCode(ctx context.Context, userID int64, hash string, at time.Time) (bool, error) {
	n, err := t.q.UseRecoveryCode(ctx, query.UseRecoveryCodeParams{UserID: userID, CodeHash: hash, UsedAt: toNullTime(at)})
	return n == 1, translate(err)
}

func (t *Tx) CreateGrant(ctx context.Context, g account.Grant) (account.Grant, error) {
	r, err := t.q.CreateGrant(ctx, query.CreateGrantParams{
		UserID: g.UserID, Role: string(g.Role), State: toNullString(g.State),
		OrganizationID: toNullInt64(g.OrganizationID), GrantedBy: toNullInt64(g.GrantedBy), GrantedAt: g.GrantedAt.UTC(),
		AcceptedAt: toNullTime(g.AcceptedAt),
	})
	if err != nil {
		return account.Grant{}, translate(err)
	}
	return grantFromRow(r), nil
}

func (t *Tx) DeleteGrant(ctx context.Context, id int64) error {
	return translate(t.q.DeleteGrant(ctx, id))
}

func (t *Tx) CreateSession(ctx context.Context, s account.Session, tokenHash string) (account.Session, error) {
	r, err := t.q.CreateSession(ctx, query.CreateSessionParams{
		TokenHash: tokenHash, UserID: s.UserID, CreatedAt: s.CreatedAt.UTC(), ExpiresAt: s.ExpiresAt.UTC(),
		SecondFactorAt: toNullTime(s.SecondFactorAt), Ip: s.IP, UserAgent: s.UserAgent,
	})
	if err != nil {
		return account.Session{}, translate(err)
	}
	return sessionFromRow(r), nil
}

func (t *Tx) VerifySession(ctx context.Context, id int64, newTokenHash string, at time.Time) error {
	return translate(t.q.VerifySession(ctx, query.VerifySessionParams{ID: id, TokenHash: newTokenHash, SecondFactorAt: toNullTime(at)}))
}

func (t *Tx) CountSecondFactorFailure(ctx context.Context, sessionID int64) (int, error) {
	n, err := t.q.CountSessionSecondFactorFailure(ctx, sessionID)
	return int(n), translate(err)
}

func (t *Tx) DeleteSession(ctx context.Context, id int64) error {
	return translate(t.q.DeleteSession(ctx, id))
}

func (t *Tx) DeleteSessionOfUser(ctx context.Context, id, userID int64) (bool, error) {
	n, err := t.q.DeleteSessionForUser(ctx, query.DeleteSessionForUserParams{ID: id, UserID: userID})
	return n == 1, translate(err)
}

func (t *Tx) DeleteUserSessions(ctx context.Context, userID int64, except int64) error {
	if except != 0 {
		return translate(t.q.DeleteOtherUserSessions(ctx, query.DeleteOtherUserSessionsParams{UserID: userID, ID: except}))
	}
	return translate(t.q.DeleteUserSessions(ctx, userID))
}

func (t *Tx) CreatePasswordToken(ctx context.Context, p account.PasswordToken, ip string) (account.PasswordToken, error) {
	r, err := t.q.CreatePasswordToken(ctx, query.CreatePasswordTokenParams{
		UserID: p.UserID, Purpose: p.Purpose, Salt: p.Salt, CreatedAt: p.CreatedAt.UTC(), ExpiresAt: p.ExpiresAt.UTC(), RequestedIp: ip,
	})
	if err != nil {
		return account.PasswordToken{}, translate(err)
	}
	return passwordTokenFromRow(r), nil
}

func (t *Tx) UsePasswordToken(ctx context.Context, id int64, at time.Time) (bool, error) {
	n, err := t.q.UsePasswordToken(ctx, query.UsePasswordTokenParams{ID: id, UsedAt: toNullTime(at)})
	return n == 1, translate(err)
}

func (t *Tx) RetireUserPasswordTokens(ctx context.Context, userID int64, at time.Time) error {
	return translate(t.q.RetireUserPasswordTokens(ctx, query.RetireUserPasswordTokensParams{UserID: userID, UsedAt: toNullTime(at)}))
}

func (t *Tx) CreateAPIToken(ctx context.Context, a account.APIToken, hash string) (account.APIToken, error) {
	r, err := t.q.CreateAPIToken(ctx, query.CreateAPITokenParams{
		UserID: a.UserID, Name: a.Name, TokenHash: hash, Prefix: a.Prefix, Scopes: account.JoinScopes(a.Scopes),
		CreatedAt: a.CreatedAt.UTC(), ExpiresAt: toNullTime(a.ExpiresAt),
	})
	if err != nil {
		return account.APIToken{}, translate(err)
	}
	return tokenFromRow(r), nil
}

func (t *Tx) RevokeAPIToken(ctx context.Context, id, userID int64, at time.Time) (bool, error) {
	n, err := t.q.RevokeAPIToken(ctx, query.RevokeAPITokenParams{ID: id, UserID: userID, RevokedAt: toNullTime(at)})
	return n == 1, translate(err)
}

func (t *Tx) RevokeUserAPITokens(ctx context.Context, userID int64, at time.Time) error {
	return translate(t.q.RevokeUserAPITokens(ctx, query.RevokeUserAPITokensParams{UserID: userID, RevokedAt: toNullTime(at)}))
}
