package store

import (
	"context"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/registration"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Registration is the store of the registration domain.
func (db *DB) Registration() registration.Store { return registrationStore{db} }

type registrationStore struct{ db *DB }

// registrationTx is the transaction as registration sees it: its Person, Session and
// Registration would collide with other domains' methods on *Tx.
type registrationTx struct{ *Tx }

var (
	_ registration.Store = registrationStore{}
	_ registration.Tx    = registrationTx{}
)

func (s registrationStore) InTx(ctx context.Context, fn func(registration.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(registrationTx{tx}) })
}

// Conversions.

func delegationFromRow(r query.RegistrationDelegation) registration.Delegation {
	return registration.Delegation{ID: r.ID, SessionID: r.SessionID, State: r.State, Status: registration.Status(r.Status),
		Reason: r.Reason, LetterFileID: r.LetterFileID.Int64, CreatedBy: r.CreatedBy.Int64, CreatedAt: utc(r.CreatedAt),
		UpdatedAt: utc(r.UpdatedAt), DecidedBy: r.DecidedBy.Int64, DecidedAt: fromNullTime(r.DecidedAt)}
}

func registrationFromRow(r query.Registration) registration.Registration {
	return registration.Registration{ID: r.ID, SessionID: r.SessionID, Category: registration.Category(r.Category),
		DelegationID: r.DelegationID.Int64, State: r.State, OrganizationID: r.OrganizationID.Int64, Name: r.Name,
		Function: registration.Function(r.Function), Gender: registration.Gender(r.Gender), Email: r.Email,
		UserID: r.UserID.Int64, Consent: r.Consent, Status: registration.Status(r.Status), Reason: r.Reason,
		Sponsorship: registration.Sponsorship(r.Sponsorship), SponsorshipReason: r.SponsorshipReason,
		SponsorshipNote: r.SponsorshipNote, CreatedBy: r.CreatedBy.Int64, CreatedAt: utc(r.CreatedAt),
		UpdatedAt: utc(r.UpdatedAt), DecidedBy: r.DecidedBy.Int64, DecidedAt: fromNullTime(r.DecidedAt)}
}

func registrationsFromRows(rows []query.Registration, err error) ([]registration.Registration, error) {
	if err != nil {
		return nil, translate(err)
	}
	out := make([]registration.Registration, len(rows))
	for i, r := range rows {
		out[i] = registrationFromRow(r)
	}
	return out, nil
}

// Reads shared by the store and its transactions.

func sessionByID(ctx context.Context, q *query.Queries, id int64) (meeting.Session, error) {
	r, err := q.GetBodySession(ctx, id)
	if err != nil {
		return meeting.Session{}, translate(err)
	}
	return bodySessionFromRow(r), nil
}

// delegationWithMembers reads a delegation and its members.
func delegationWithMembers(ctx context.Context, q *query.Queries, r query.RegistrationDelegation) (registration.Delegation, error) {
	d := delegationFromRow(r)
	var err error
	d.Members, err = registrationsFromRows(q.ListDelegationMembers(ctx, toNullInt64(d.ID)))
	return d, err
}

func delegationByID(ctx context.Context, q *query.Queries, id int64) (registration.Delegation, error) {
	r, err := q.GetDelegation(ctx, id)
	if err != nil {
		return registration.Delegation{}, translate(err)
	}
	return delegationWithMembers(ctx, q, r)
}

func registrationByID(ctx context.Context, q *query.Queries, id int64) (registration.Registration, error) {
	r, err := q.GetRegistration(ctx, id)
	if err != nil {
		return registration.Registration{}, translate(err)
	}
	return registrationFromRow(r), nil
}

// The store's reads (through the read pool).

func (s registrationStore) Session(ctx context.Context, id int64) (meeting.Session, error) {
	return sessionByID(ctx, s.db.q, id)
}

func (s registrationStore) States(ctx context.Context) ([]state.State, error) {
	return stateStore(s).ListStates(ctx)
}

func (s registrationStore) Delegation(ctx context.Context, id int64) (registration.Delegation, error) {
	return delegationByID(ctx, s.db.q, id)
}

func (s registrationStore) SessionDelegations(ctx context.Context, sessionID int64) ([]registration.Delegation, error) {
	rows, err := s.db.q.ListSessionDelegations(ctx, sessionID)
	if err != nil {
		return nil, translate(err)
	}
	members, err := registrationsFromRows(s.db.q.ListSessionRegistrations(ctx, sessionID))
	if err != nil {
		return nil, err
	}
	byDelegation := map[int64][]registration.Registration{}
	for _, m := range members {
		if m.DelegationID != 0 {
			byDelegation[m.DelegationID] = append(byDelegation[m.DelegationID], m)
		}
	}
	out := make([]registration.Delegation, len(rows))
	for i, r := range rows {
		out[i] = delegationFromRow(r)
		out[i].Members = byDelegation[r.ID]
	}
	return out, nil
}

func (s registrationStore) Registration(ctx context.Context, id int64) (registration.Registration, error) {
	return registrationByID(ctx, s.db.q, id)
}

func (s registrationStore) SessionRegistrations(ctx context.Context, sessionID int64) ([]registration.Registration, error) {
	return registrationsFromRows(s.db.q.ListSessionRegistrations(ctx, sessionID))
}

func (s registrationStore) Participates(ctx context.Context, sessionID, userID int64) (bool, error) {
	n, err := s.db.q.CountUserApprovedRegistrations(ctx, query.CountUserApprovedRegistrationsParams{
		SessionID: sessionID, UserID: toNullInt64(userID)})
	return n > 0, translate(err)
}

func (s registrationStore) File(ctx context.Context, id int64) (files.File, error) {
	return fileByID(ctx, s.db.q, id)
}

func (s registrationStore) Organization(ctx context.Context, id int64) (organization.Organization, error) {
	return organizationByID(ctx, s.db.q, id)
}

// Transaction methods of registration.Tx.

// registrationLockBase puts each session's registration lock in its own key space on
// PostgreSQL (apart from the agenda's lock of the same session).
const registrationLockBase = 7_361_300_000_000

func (t registrationTx) LockSession(ctx context.Context, sessionID int64) error {
	return t.advisoryLock(ctx, registrationLockBase+sessionID)
}

func (t registrationTx) Session(ctx context.Context, id int64) (meeting.Session, error) {
	return sessionByID(ctx, t.q, id)
}

func (t registrationTx) Body(ctx context.Context, id int64) (body.Body, error) {
	return bodyByID(ctx, t.q, id)
}

func (t registrationTx) State(ctx context.Context, iso3 string) (state.State, error) {
	r, err := t.q.GetState(ctx, iso3)
	if err != nil {
		return state.State{}, translate(err)
	}
	return stateFromRow(r), nil
}

func (t registrationTx) Organization(ctx context.Context, id int64) (organization.Organization, error) {
	return organizationByID(ctx, t.q, id)
}

// Accredited reads the body's latest accreditation of the organization not withdrawn,
// and tells whether it is in force at the instant.
func (t registrationTx) Accredited(ctx context.Context, bodyID, orgID int64, at time.Time) (bool, error) {
	return accredited(ctx, t.q, bodyID, orgID, at)
}

// accredited tells whether an organization's accreditation to a body is in force at at.
func accredited(ctx context.Context, q *query.Queries, bodyID, orgID int64, at time.Time) (bool, error) {
	r, err := q.ActiveAccreditation(ctx, query.ActiveAccreditationParams{BodyID: bodyID, OrganizationID: orgID})
	if err != nil {
		err = translate(err)
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			return false, nil
		}
		return false, err
	}
	return accreditationFromRow(r).Active(at), nil
}

func (t registrationTx) Person(ctx context.Context, userID int64) (registration.Person, error) {
	r, err := t.q.GetUser(ctx, userID)
	if err != nil {
		return registration.Person{}, translate(err)
	}
	return registration.Person{UserID: r.ID, Name: r.Name, Email: r.Email, Lang: r.Lang}, nil
}

func (t registrationTx) Delegation(ctx context.Context, id int64) (registration.Delegation, error) {
	return delegationByID(ctx, t.q, id)
}

func (t registrationTx) SessionDelegation(ctx context.Context, sessionID int64, iso3 string) (registration.Delegation, error) {
	r, err := t.q.GetSessionDelegation(ctx, query.GetSessionDelegationParams{SessionID: sessionID, State: iso3})
	if err != nil {
		return registration.Delegation{}, translate(err)
	}
	return delegationWithMembers(ctx, t.q, r)
}

func (t registrationTx) CreateDelegation(ctx context.Context, d registration.Delegation) (registration.Delegation, error) {
	r, err := t.q.CreateDelegation(ctx, query.CreateDelegationParams{SessionID: d.SessionID, State: d.State,
		Status: string(d.Status), CreatedBy: toNullInt64(d.CreatedBy), CreatedAt: d.CreatedAt.UTC()})
	if err != nil {
		return registration.Delegation{}, translate(err)
	}
	return delegationFromRow(r), nil
}

func (t registrationTx) UpdateDelegation(ctx context.Context, d registration.Delegation) error {
	return translate(t.q.UpdateDelegation(ctx, query.UpdateDelegationParams{ID: d.ID, Status: string(d.Status), Reason: d.Reason,
		LetterFileID: toNullInt64(d.LetterFileID), UpdatedAt: d.UpdatedAt.UTC(), DecidedBy: toNullInt64(d.DecidedBy),
		DecidedAt: toNullTime(d.DecidedAt)}))
}

func (t registrationTx) Members(ctx context.Context, delegationID int64) ([]registration.Registration, error) {
	return registrationsFromRows(t.q.ListDelegationMembers(ctx, toNullInt64(delegationID)))
}

func (t registrationTx) Registration(ctx context.Context, id int64) (registration.Registration, error) {
	return registrationByID(ctx, t.q, id)
}

func (t registrationTx) CountOrganization(ctx context.Context, sessionID, orgID int64) (int, error) {
	n, err := t.q.CountOrganizationRegistrations(ctx, query.CountOrganizationRegistrationsParams{
		SessionID: sessionID, OrganizationID: toNullInt64(orgID)})
	return int(n), translate(err)
}

func (t registrationTx) CreateRegistration(ctx context.Context, r registration.Registration) (registration.Registration, error) {
	row, err := t.q.CreateRegistration(ctx, query.CreateRegistrationParams{SessionID: r.SessionID, Category: string(r.Category),
		DelegationID: toNullInt64(r.DelegationID), State: r.State, OrganizationID: toNullInt64(r.OrganizationID), Name: r.Name,
		Function: string(r.Function), Gender: string(r.Gender), Email: r.Email, UserID: toNullInt64(r.UserID),
		Consent: r.Consent, Status: string(r.Status), CreatedBy: toNullInt64(r.CreatedBy), CreatedAt: r.CreatedAt.UTC()})
	if err != nil {
		return registration.Registration{}, translate(err)
	}
	return registrationFromRow(row), nil
}

func (t registrationTx) UpdateRegistration(ctx context.Context, r registration.Registration) error {
	return translate(t.q.UpdateRegistration(ctx, query.UpdateRegistrationParams{ID: r.ID, Name: r.Name,
		Function: string(r.Function), Gender: string(r.Gender), Email: r.Email, UserID: toNullInt64(r.UserID),
		Consent: r.Consent, Status: string(r.Status), Reason: r.Reason, Sponsorship: string(r.Sponsorship),
		SponsorshipReason: r.SponsorshipReason, SponsorshipNote: r.SponsorshipNote, UpdatedAt: r.UpdatedAt.UTC(),
		DecidedBy: toNullInt64(r.DecidedBy), DecidedAt: toNullTime(r.DecidedAt)}))
}
