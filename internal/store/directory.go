package store

import (
	"context"
	"slices"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Directory is the store of the Points of Contact directory. Details arrive sealed by the
// domain and are kept as they come.
func (db *DB) Directory() directory.Store { return directoryStore{db} }

type directoryStore struct{ db *DB }

type directoryTx struct{ *Tx }

var (
	_ directory.Store = directoryStore{}
	_ directory.Tx    = directoryTx{}
)

func (s directoryStore) InTx(ctx context.Context, fn func(directory.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(directoryTx{tx}) })
}

func participantFromRow(r query.PocParticipant) directory.Participant {
	return directory.Participant{State: r.State, Status: directory.Participation(r.Status), Since: utc(r.Since), Note: r.Note, UpdatedAt: utc(r.UpdatedAt)}
}

func (s directoryStore) Participants(ctx context.Context) ([]directory.Participant, error) {
	rows, err := s.db.q.ListPocParticipants(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]directory.Participant, len(rows))
	for i, r := range rows {
		out[i] = participantFromRow(r)
	}
	return out, nil
}

func (s directoryStore) Participant(ctx context.Context, state string) (directory.Participant, error) {
	r, err := s.db.q.GetPocParticipant(ctx, state)
	if err != nil {
		return directory.Participant{}, translate(err)
	}
	return participantFromRow(r), nil
}

func contactFromRow(r query.PocContact) directory.Record {
	return directory.Record{Contact: directory.Contact{ID: r.ID, State: r.State, Function: directory.Function(r.Function),
		Status: directory.Status(r.Status), Reason: r.Reason, UserID: r.UserID.Int64, Version: int(r.Version),
		NominatedBy: r.NominatedBy.Int64, NominatedAt: utc(r.NominatedAt), VerifiedBy: r.VerifiedBy.Int64,
		VerifiedAt: fromNullTime(r.VerifiedAt), UpdatedAt: utc(r.UpdatedAt)},
		SealedDetails: r.Details, SealedPending: r.Pending}
}

func (s directoryStore) Contact(ctx context.Context, id int64) (directory.Record, error) {
	return pocContact(ctx, s.db.q, id)
}

func pocContact(ctx context.Context, q *query.Queries, id int64) (directory.Record, error) {
	r, err := q.GetPocContact(ctx, id)
	if err != nil {
		return directory.Record{}, translate(err)
	}
	return contactFromRow(r), nil
}

func (s directoryStore) Contacts(ctx context.Context, states []string, statuses []directory.Status) ([]directory.Record, error) {
	var rows []query.PocContact
	var err error
	if len(states) == 1 {
		rows, err = s.db.q.ListPocContactsOfState(ctx, states[0])
	} else {
		rows, err = s.db.q.ListPocContacts(ctx)
	}
	if err != nil {
		return nil, translate(err)
	}
	out := make([]directory.Record, 0, len(rows))
	for _, r := range rows {
		if len(states) > 0 && !slices.Contains(states, r.State) {
			continue
		}
		if len(statuses) > 0 && !slices.Contains(statuses, directory.Status(r.Status)) {
			continue
		}
		out = append(out, contactFromRow(r))
	}
	return out, nil
}

func (s directoryStore) ContactsOfUser(ctx context.Context, userID int64) ([]directory.Record, error) {
	rows, err := s.db.q.ListPocContactsOfUser(ctx, toNullInt64(userID))
	if err != nil {
		return nil, translate(err)
	}
	out := make([]directory.Record, len(rows))
	for i, r := range rows {
		out[i] = contactFromRow(r)
	}
	return out, nil
}

func (s directoryStore) Versions(ctx context.Context, contactID int64) ([]directory.VersionRecord, error) {
	rows, err := s.db.q.ListPocContactVersions(ctx, contactID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]directory.VersionRecord, len(rows))
	for i, r := range rows {
		out[i] = directory.VersionRecord{Version: directory.Version{ContactID: r.ContactID, Version: int(r.Version),
			Change: directory.Change(r.Change), Status: directory.Status(r.Status), Reason: r.Reason,
			ChangedBy: r.ChangedBy.Int64, ChangedByName: r.ChangedByName, ChangedAt: utc(r.ChangedAt)}, SealedDetails: r.Details}
	}
	return out, nil
}

func (s directoryStore) StateGroups(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.q.ListStateGroups(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Iso3] = r.RegionalGroup
	}
	return out, nil
}

func (t directoryTx) Contact(ctx context.Context, id int64) (directory.Record, error) {
	return pocContact(ctx, t.q, id)
}

func (t directoryTx) SetParticipant(ctx context.Context, p directory.Participant, by int64) error {
	return translate(t.q.UpsertPocParticipant(ctx, query.UpsertPocParticipantParams{State: p.State, Status: string(p.Status),
		Since: p.Since.UTC(), Note: p.Note, UpdatedBy: toNullInt64(by), UpdatedAt: p.UpdatedAt.UTC()}))
}

func (t directoryTx) CreateContact(ctx context.Context, r directory.Record) (int64, error) {
	id, err := t.q.CreatePocContact(ctx, query.CreatePocContactParams{State: r.State, Function: string(r.Function),
		Status: string(r.Status), Details: r.SealedDetails, Pending: r.SealedPending, Reason: r.Reason,
		UserID: toNullInt64(r.UserID), Version: int32(r.Version), NominatedBy: toNullInt64(r.NominatedBy),
		NominatedAt: r.NominatedAt.UTC(), VerifiedBy: toNullInt64(r.VerifiedBy), VerifiedAt: toNullTime(r.VerifiedAt),
		UpdatedAt: r.UpdatedAt.UTC()})
	return id, translate(err)
}

func (t directoryTx) UpdateContact(ctx context.Context, r directory.Record) error {
	return translate(t.q.UpdatePocContact(ctx, query.UpdatePocContactParams{ID: r.ID, Status: string(r.Status),
		Details: r.SealedDetails, Pending: r.SealedPending, Reason: r.Reason, UserID: toNullInt64(r.UserID),
		Version: int32(r.Version), VerifiedBy: toNullInt64(r.VerifiedBy), VerifiedAt: toNullTime(r.VerifiedAt),
		UpdatedAt: r.UpdatedAt.UTC()}))
}

func (t directoryTx) AddVersion(ctx context.Context, v directory.VersionRecord) error {
	return translate(t.q.AddPocContactVersion(ctx, query.AddPocContactVersionParams{ContactID: v.ContactID,
		Version: int32(v.Version.Version), Change: string(v.Change), Status: string(v.Status), Details: v.SealedDetails,
		Reason: v.Reason, ChangedBy: toNullInt64(v.ChangedBy), ChangedAt: v.ChangedAt.UTC()}))
}

func (t directoryTx) Holders(ctx context.Context, role plenary.Role) ([]directory.Person, error) {
	rows, err := t.q.ListRoleHolders(ctx, string(role))
	if err != nil {
		return nil, translate(err)
	}
	out := make([]directory.Person, len(rows))
	for i, r := range rows {
		out[i] = directory.Person{Name: r.Name, Email: r.Email, Lang: r.Lang, State: r.State.String}
	}
	return out, nil
}
