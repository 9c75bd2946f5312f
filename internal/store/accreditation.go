package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Accreditation is the store of the accreditation domain.
func (db *DB) Accreditation() accreditation.Store { return accreditationStore{db} }

type accreditationStore struct{ db *DB }

var (
	_ accreditation.Store = accreditationStore{}
	_ accreditation.Tx    = (*Tx)(nil)
)

func (s accreditationStore) InTx(ctx context.Context, fn func(accreditation.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(tx) })
}

// Conversions.

func words(s string) []string { return strings.Fields(s) }

func policyFromRow(r query.AccreditationPolicy) accreditation.Policy {
	p := accreditation.Policy{
		ID: r.ID, BodyID: r.BodyID, Version: int(r.Version), FastTrack: r.FastTrack, Rule: accreditation.Rule(r.Rule),
		Threshold: int(r.Threshold), ApplicationDays: int(r.ApplicationDays), CirculationDays: int(r.CirculationDays),
		DeadlineHour: int(r.DeadlineHour), ReasonMode: accreditation.ReasonMode(r.ReasonMode),
		Validity: accreditation.Validity(r.Validity), ValidUntil: fromNullTime(r.ValidUntil), ReapplyAfterReject: r.Reapply,
		CreatedBy: r.CreatedBy.Int64, CreatedAt: utc(r.CreatedAt),
	}
	for _, w := range words(r.Eligible) {
		p.Eligible = append(p.Eligible, organization.Type(w))
	}
	for _, w := range words(r.ObjectorsSeenBy) {
		p.ObjectorsSeenBy = append(p.ObjectorsSeenBy, accreditation.Audience(w))
	}
	for _, w := range words(r.ReasonsSeenBy) {
		p.ReasonsSeenBy = append(p.ReasonsSeenBy, accreditation.Audience(w))
	}
	return p
}

func joinWords[T ~string](xs []T) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return strings.Join(out, " ")
}

func roundFromRow(r query.AccreditationRound, p accreditation.Policy) accreditation.Round {
	return accreditation.Round{
		ID: r.ID, BodyID: r.BodyID, Number: int(r.Number), Policy: p, Status: accreditation.RoundStatus(r.Status),
		OpenedAt: utc(r.OpenedAt), ApplicationsClose: utc(r.ApplicationsClose), CirculatedAt: fromNullTime(r.CirculatedAt),
		ObjectionsClose: fromNullTime(r.ObjectionsClose), DecidedAt: fromNullTime(r.DecidedAt), CreatedBy: r.CreatedBy.Int64,
	}
}

func applicationFromRow(r query.AccreditationApplication) accreditation.Application {
	names := localized(r.OrgNames)
	return accreditation.Application{
		ID: r.ID, RoundID: r.RoundID, BodyID: r.BodyID, OrganizationID: r.OrganizationID, Tracking: r.Tracking,
		Kind: accreditation.Kind(r.Kind), Status: accreditation.Status(r.Status),
		Dossier: accreditation.Dossier{Purpose: r.Purpose, Programmes: r.Programmes, UNInteractions: r.UnInteractions,
			ContactName: r.ContactName, ContactEmail: r.ContactEmail, ContactPhone: r.ContactPhone, LetterFileID: r.LetterFileID.Int64},
		OrgType: organization.Type(r.OrgType), OrgNames: names, HQState: r.HqState, Website: r.Website,
		ECOSOC: organization.ECOSOC(r.EcosocStatus), ScreeningNote: r.ScreeningNote,
		SubmittedAt: fromNullTime(r.SubmittedAt), DecidedAt: fromNullTime(r.DecidedAt), CreatedBy: r.CreatedBy.Int64,
		CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt),
	}
}

func positionFromRow(r query.AccreditationPosition) accreditation.Position {
	return accreditation.Position{ID: r.ID, ApplicationID: r.ApplicationID, State: r.State, Stance: accreditation.Stance(r.Stance),
		Reason: r.Reason, CreatedBy: r.CreatedBy.Int64, CreatedAt: utc(r.CreatedAt), WithdrawnAt: fromNullTime(r.WithdrawnAt)}
}

func disclosureFromRow(r query.AccreditationDisclosure) accreditation.Disclosure {
	return accreditation.Disclosure{ID: r.ID, ApplicationID: r.ApplicationID, State: r.State, RequestedBy: r.RequestedBy.Int64,
		RequestedAt: utc(r.RequestedAt), AnsweredBy: r.AnsweredBy.Int64, AnsweredAt: fromNullTime(r.AnsweredAt), Note: r.Note}
}

func accreditationFromRow(r query.Accreditation) accreditation.Accreditation {
	return accreditation.Accreditation{ID: r.ID, BodyID: r.BodyID, OrganizationID: r.OrganizationID, ApplicationID: r.ApplicationID,
		Basis: accreditation.Basis(r.Basis), AccreditedAt: utc(r.AccreditedAt), ValidUntil: fromNullTime(r.ValidUntil),
		WithdrawnAt: fromNullTime(r.WithdrawnAt), WithdrawnBy: r.WithdrawnBy.Int64, WithdrawalReason: r.WithdrawalReason}
}

// Reads shared by the store and its transactions.

func roundByID(ctx context.Context, q *query.Queries, id int64) (accreditation.Round, error) {
	r, err := q.GetRound(ctx, id)
	if err != nil {
		return accreditation.Round{}, translate(err)
	}
	p, err := q.GetPolicy(ctx, r.PolicyID)
	if err != nil {
		return accreditation.Round{}, translate(err)
	}
	return roundFromRow(r, policyFromRow(p)), nil
}

func applicationByID(ctx context.Context, q *query.Queries, id int64) (accreditation.Application, error) {
	r, err := q.GetApplication(ctx, id)
	if err != nil {
		return accreditation.Application{}, translate(err)
	}
	return applicationFromRow(r), nil
}

func roundApplications(ctx context.Context, q *query.Queries, roundID int64) ([]accreditation.Application, error) {
	rows, err := q.ListRoundApplications(ctx, roundID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]accreditation.Application, len(rows))
	for i, r := range rows {
		out[i] = applicationFromRow(r)
	}
	return out, nil
}

func positions(ctx context.Context, q *query.Queries, applicationID int64) ([]accreditation.Position, error) {
	rows, err := q.ListPositions(ctx, applicationID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]accreditation.Position, len(rows))
	for i, r := range rows {
		out[i] = positionFromRow(r)
	}
	return out, nil
}

// The store's reads (through the read pool).

func (s accreditationStore) Body(ctx context.Context, id int64) (body.Body, error) {
	return bodyByID(ctx, s.db.q, id)
}

func (s accreditationStore) Organization(ctx context.Context, id int64) (organization.Organization, error) {
	return organizationByID(ctx, s.db.q, id)
}

func (s accreditationStore) MemberStates(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.q.ListMemberStates(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make(map[string]bool, len(rows))
	for _, iso3 := range rows {
		out[iso3] = true
	}
	return out, nil
}

func (s accreditationStore) CurrentPolicy(ctx context.Context, bodyID int64) (accreditation.Policy, error) {
	r, err := s.db.q.CurrentPolicy(ctx, bodyID)
	if err != nil {
		return accreditation.Policy{}, translate(err)
	}
	return policyFromRow(r), nil
}

func (s accreditationStore) Policies(ctx context.Context, bodyID int64) ([]accreditation.Policy, error) {
	rows, err := s.db.q.ListPolicies(ctx, bodyID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]accreditation.Policy, len(rows))
	for i, r := range rows {
		out[i] = policyFromRow(r)
	}
	return out, nil
}

func (s accreditationStore) Rounds(ctx context.Context, bodyID int64) ([]accreditation.Round, error) {
	rows, err := s.db.q.ListRounds(ctx, bodyID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]accreditation.Round, 0, len(rows))
	for _, r := range rows {
		p, err := s.db.q.GetPolicy(ctx, r.PolicyID)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, roundFromRow(r, policyFromRow(p)))
	}
	return out, nil
}

func (s accreditationStore) Round(ctx context.Context, id int64) (accreditation.Round, error) {
	return roundByID(ctx, s.db.q, id)
}

func (s accreditationStore) RoundByNumber(ctx context.Context, bodyID int64, number int) (accreditation.Round, error) {
	r, err := s.db.q.GetRoundByNumber(ctx, query.GetRoundByNumberParams{BodyID: bodyID, Number: int32(number)})
	if err != nil {
		return accreditation.Round{}, translate(err)
	}
	return roundByID(ctx, s.db.q, r.ID)
}

func (s accreditationStore) Application(ctx context.Context, id int64) (accreditation.Application, error) {
	return applicationByID(ctx, s.db.q, id)
}

func (s accreditationStore) RoundApplications(ctx context.Context, roundID int64) ([]accreditation.Application, error) {
	return roundApplications(ctx, s.db.q, roundID)
}

func (s accreditationStore) OrganizationApplications(ctx context.Context, bodyID, orgID int64) ([]accreditation.Application, error) {
	rows, err := s.db.q.ListOrganizationApplications(ctx, query.ListOrganizationApplicationsParams{BodyID: bodyID, OrganizationID: orgID})
	if err != nil {
		return nil, translate(err)
	}
	out := make([]accreditation.Application, len(rows))
	for i, r := range rows {
		out[i] = applicationFromRow(r)
	}
	return out, nil
}

func (s accreditationStore) Positions(ctx context.Context, applicationID int64) ([]accreditation.Position, error) {
	return positions(ctx, s.db.q, applicationID)
}

func (s accreditationStore) RoundPositions(ctx context.Context, roundID int64) ([]accreditation.Position, error) {
	rows, err := s.db.q.ListRoundPositions(ctx, roundID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]accreditation.Position, len(rows))
	for i, r := range rows {
		out[i] = positionFromRow(r)
	}
	return out, nil
}

func (s accreditationStore) Disclosures(ctx context.Context, applicationID int64) ([]accreditation.Disclosure, error) {
	rows, err := s.db.q.ListDisclosures(ctx, applicationID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]accreditation.Disclosure, len(rows))
	for i, r := range rows {
		out[i] = disclosureFromRow(r)
	}
	return out, nil
}

func (s accreditationStore) BodyDisclosures(ctx context.Context, bodyID int64) ([]accreditation.Disclosure, error) {
	rows, err := s.db.q.ListBodyDisclosures(ctx, bodyID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]accreditation.Disclosure, len(rows))
	for i, r := range rows {
		out[i] = disclosureFromRow(r)
	}
	return out, nil
}

func (s accreditationStore) Accreditations(ctx context.Context, bodyID int64) ([]accreditation.Accreditation, error) {
	rows, err := s.db.q.ListAccreditations(ctx, bodyID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]accreditation.Accreditation, len(rows))
	for i, r := range rows {
		out[i] = accreditationFromRow(r)
	}
	return out, nil
}

func (s accreditationStore) Accreditation(ctx context.Context, id int64) (accreditation.Accreditation, error) {
	r, err := s.db.q.GetAccreditation(ctx, id)
	if err != nil {
		return accreditation.Accreditation{}, translate(err)
	}
	return accreditationFromRow(r), nil
}

func (s accreditationStore) File(ctx context.Context, id int64) (files.File, error) {
	return fileByID(ctx, s.db.q, id)
}

func (s accreditationStore) DueRounds(ctx context.Context, now time.Time) ([]accreditation.Round, error) {
	rows, err := s.db.q.DueRounds(ctx, now.UTC())
	if err != nil {
		return nil, translate(err)
	}
	out := make([]accreditation.Round, 0, len(rows))
	for _, r := range rows {
		round, err := roundByID(ctx, s.db.q, r.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, round)
	}
	return out, nil
}

func (s accreditationStore) People(ctx context.Context, role plenary.Role, orgID int64) ([]accreditation.Person, error) {
	return people(ctx, s.db.q, role, orgID)
}

func (s accreditationStore) Person(ctx context.Context, userID int64) (accreditation.Person, error) {
	return person(ctx, s.db.q, userID)
}

func people(ctx context.Context, q *query.Queries, role plenary.Role, orgID int64) ([]accreditation.Person, error) {
	rows, err := q.ListRoleHolders(ctx, string(role))
	if err != nil {
		return nil, translate(err)
	}
	var out []accreditation.Person
	for _, r := range rows {
		if orgID != 0 && r.OrganizationID.Int64 != orgID {
			continue
		}
		out = append(out, accreditation.Person{UserID: r.ID, Name: r.Name, Email: r.Email, Lang: r.Lang, State: r.State.String})
	}
	return out, nil
}

func person(ctx context.Context, q *query.Queries, userID int64) (accreditation.Person, error) {
	r, err := q.GetUser(ctx, userID)
	if err != nil {
		return accreditation.Person{}, translate(err)
	}
	return accreditation.Person{UserID: r.ID, Name: r.Name, Email: r.Email, Lang: r.Lang}, nil
}

// Transaction methods of accreditation.Tx.

// Body, People and Person read inside the transaction: a read through the pool while
// the transaction holds a connection could wait forever for a free one on PostgreSQL,
// when every connection belongs to a transaction waiting on the same round's lock.

func (t *Tx) Body(ctx context.Context, id int64) (body.Body, error) { return bodyByID(ctx, t.q, id) }

func (t *Tx) People(ctx context.Context, role plenary.Role, orgID int64) ([]accreditation.Person, error) {
	return people(ctx, t.q, role, orgID)
}

func (t *Tx) Person(ctx context.Context, userID int64) (accreditation.Person, error) {
	return person(ctx, t.q, userID)
}

// roundLockBase puts each round's advisory lock in its own key space on PostgreSQL.
const roundLockBase = 7_361_100_000_000

func (t *Tx) LockRound(ctx context.Context, roundID int64) error {
	return t.advisoryLock(ctx, roundLockBase+roundID)
}

// advisoryLock takes a transaction-scoped lock on key. On SQLite there is nothing to
// take: the single writer already serialises every transaction.
func (t *Tx) advisoryLock(ctx context.Context, key int64) error {
	if t.db.dialect != Postgres {
		return nil
	}
	_, err := t.tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", key)
	return translate(err)
}

func (t *Tx) Round(ctx context.Context, id int64) (accreditation.Round, error) {
	return roundByID(ctx, t.q, id)
}

func (t *Tx) Application(ctx context.Context, id int64) (accreditation.Application, error) {
	return applicationByID(ctx, t.q, id)
}

func (t *Tx) RoundApplications(ctx context.Context, roundID int64) ([]accreditation.Application, error) {
	return roundApplications(ctx, t.q, roundID)
}

func (t *Tx) Positions(ctx context.Context, applicationID int64) ([]accreditation.Position, error) {
	return positions(ctx, t.q, applicationID)
}

func (t *Tx) Position(ctx context.Context, id int64) (accreditation.Position, error) {
	r, err := t.q.GetPosition(ctx, id)
	if err != nil {
		return accreditation.Position{}, translate(err)
	}
	return positionFromRow(r), nil
}

func (t *Tx) Disclosure(ctx context.Context, id int64) (accreditation.Disclosure, error) {
	r, err := t.q.GetDisclosure(ctx, id)
	if err != nil {
		return accreditation.Disclosure{}, translate(err)
	}
	return disclosureFromRow(r), nil
}

func (t *Tx) OpenRounds(ctx context.Context, bodyID int64) (int, error) {
	n, err := t.q.CountUndecidedRounds(ctx, bodyID)
	return int(n), translate(err)
}

func (t *Tx) ActiveAccreditation(ctx context.Context, bodyID, orgID int64) (accreditation.Accreditation, error) {
	r, err := t.q.ActiveAccreditation(ctx, query.ActiveAccreditationParams{BodyID: bodyID, OrganizationID: orgID})
	if err != nil {
		return accreditation.Accreditation{}, translate(err)
	}
	return accreditationFromRow(r), nil
}

func (t *Tx) Accreditation(ctx context.Context, id int64) (accreditation.Accreditation, error) {
	r, err := t.q.GetAccreditation(ctx, id)
	if err != nil {
		return accreditation.Accreditation{}, translate(err)
	}
	return accreditationFromRow(r), nil
}

func (t *Tx) CreatePolicy(ctx context.Context, p accreditation.Policy) (accreditation.Policy, error) {
	r, err := t.q.CreatePolicy(ctx, query.CreatePolicyParams{
		BodyID: p.BodyID, Version: int32(p.Version), Eligible: joinWords(p.Eligible), FastTrack: p.FastTrack,
		Rule: string(p.Rule), Threshold: int32(p.Threshold), ApplicationDays: int32(p.ApplicationDays),
		CirculationDays: int32(p.CirculationDays), DeadlineHour: int32(p.DeadlineHour),
		ObjectorsSeenBy: joinWords(p.ObjectorsSeenBy), ReasonMode: string(p.ReasonMode), ReasonsSeenBy: joinWords(p.ReasonsSeenBy),
		Validity: string(p.Validity), ValidUntil: toNullTime(p.ValidUntil), Reapply: p.ReapplyAfterReject,
		CreatedBy: toNullInt64(p.CreatedBy), CreatedAt: p.CreatedAt.UTC(),
	})
	if err != nil {
		return accreditation.Policy{}, translate(err)
	}
	return policyFromRow(r), nil
}

func (t *Tx) CreateRound(ctx context.Context, r accreditation.Round) (accreditation.Round, error) {
	n, err := t.q.NextRoundNumber(ctx, r.BodyID)
	if err != nil {
		return accreditation.Round{}, translate(err)
	}
	row, err := t.q.CreateRound(ctx, query.CreateRoundParams{BodyID: r.BodyID, Number: n, PolicyID: r.Policy.ID,
		Status: string(r.Status), OpenedAt: r.OpenedAt.UTC(), ApplicationsClose: r.ApplicationsClose.UTC(), CreatedBy: toNullInt64(r.CreatedBy)})
	if err != nil {
		return accreditation.Round{}, translate(err)
	}
	return roundFromRow(row, r.Policy), nil
}

func (t *Tx) UpdateRound(ctx context.Context, r accreditation.Round) error {
	return translate(t.q.UpdateRound(ctx, query.UpdateRoundParams{ID: r.ID, Status: string(r.Status),
		ApplicationsClose: r.ApplicationsClose.UTC(), CirculatedAt: toNullTime(r.CirculatedAt),
		ObjectionsClose: toNullTime(r.ObjectionsClose), DecidedAt: toNullTime(r.DecidedAt)}))
}

// CreateApplication numbers the application within its round (CODE-R<round>-<n>); the
// caller holds the round's lock, or the single SQLite writer, so numbers do not collide.
func (t *Tx) CreateApplication(ctx context.Context, a accreditation.Application) (accreditation.Application, error) {
	if err := t.LockRound(ctx, a.RoundID); err != nil {
		return accreditation.Application{}, err
	}
	round, err := t.q.GetRound(ctx, a.RoundID)
	if err != nil {
		return accreditation.Application{}, translate(err)
	}
	b, err := bodyByID(ctx, t.q, a.BodyID)
	if err != nil {
		return accreditation.Application{}, err
	}
	n, err := t.q.CountRoundApplications(ctx, a.RoundID)
	if err != nil {
		return accreditation.Application{}, translate(err)
	}
	row, err := t.q.CreateApplication(ctx, query.CreateApplicationParams{
		RoundID: a.RoundID, BodyID: a.BodyID, OrganizationID: a.OrganizationID,
		Tracking: fmt.Sprintf("%s-R%d-%04d", strings.ToUpper(b.Code), round.Number, n+1),
		Kind:     string(a.Kind), Status: string(a.Status), OrgType: string(a.OrgType), OrgNames: localizedJSON(a.OrgNames),
		HqState: a.HQState, Website: a.Website, EcosocStatus: string(a.ECOSOC), CreatedBy: toNullInt64(a.CreatedBy), CreatedAt: a.CreatedAt.UTC(),
	})
	if err != nil {
		return accreditation.Application{}, translate(err)
	}
	return applicationFromRow(row), nil
}

func (t *Tx) UpdateApplication(ctx context.Context, a accreditation.Application) error {
	return translate(t.q.UpdateApplication(ctx, query.UpdateApplicationParams{
		ID: a.ID, Status: string(a.Status), Purpose: a.Purpose, Programmes: a.Programmes, UnInteractions: a.UNInteractions,
		ContactName: a.ContactName, ContactEmail: a.ContactEmail, ContactPhone: a.ContactPhone,
		LetterFileID: toNullInt64(a.LetterFileID), ScreeningNote: a.ScreeningNote,
		SubmittedAt: toNullTime(a.SubmittedAt), DecidedAt: toNullTime(a.DecidedAt), UpdatedAt: a.UpdatedAt.UTC(),
	}))
}

func (t *Tx) CreatePosition(ctx context.Context, p accreditation.Position) (accreditation.Position, error) {
	r, err := t.q.CreatePosition(ctx, query.CreatePositionParams{ApplicationID: p.ApplicationID, State: p.State,
		Stance: string(p.Stance), Reason: p.Reason, CreatedBy: toNullInt64(p.CreatedBy), CreatedAt: p.CreatedAt.UTC()})
	if err != nil {
		return accreditation.Position{}, translate(err)
	}
	return positionFromRow(r), nil
}

func (t *Tx) WithdrawPosition(ctx context.Context, id int64, at time.Time) error {
	return translate(t.q.WithdrawPosition(ctx, query.WithdrawPositionParams{ID: id, WithdrawnAt: toNullTime(at)}))
}

func (t *Tx) CreateDisclosure(ctx context.Context, d accreditation.Disclosure) (accreditation.Disclosure, error) {
	r, err := t.q.CreateDisclosure(ctx, query.CreateDisclosureParams{ApplicationID: d.ApplicationID, State: d.State,
		RequestedBy: toNullInt64(d.RequestedBy), RequestedAt: d.RequestedAt.UTC()})
	if err != nil {
		return accreditation.Disclosure{}, translate(err)
	}
	return disclosureFromRow(r), nil
}

func (t *Tx) AnswerDisclosure(ctx context.Context, id, by int64, note string, at time.Time) error {
	return translate(t.q.AnswerDisclosure(ctx, query.AnswerDisclosureParams{ID: id, AnsweredBy: toNullInt64(by), AnsweredAt: toNullTime(at), Note: note}))
}

func (t *Tx) CreateAccreditation(ctx context.Context, a accreditation.Accreditation) (accreditation.Accreditation, error) {
	r, err := t.q.CreateAccreditation(ctx, query.CreateAccreditationParams{BodyID: a.BodyID, OrganizationID: a.OrganizationID,
		ApplicationID: a.ApplicationID, Basis: string(a.Basis), AccreditedAt: a.AccreditedAt.UTC(), ValidUntil: toNullTime(a.ValidUntil)})
	if err != nil {
		return accreditation.Accreditation{}, translate(err)
	}
	return accreditationFromRow(r), nil
}

func (t *Tx) WithdrawAccreditation(ctx context.Context, id, by int64, reason string, at time.Time) error {
	return translate(t.q.WithdrawAccreditation(ctx, query.WithdrawAccreditationParams{ID: id, WithdrawnAt: toNullTime(at),
		WithdrawnBy: toNullInt64(by), WithdrawalReason: reason}))
}
