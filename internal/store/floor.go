package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Floor is the store of the lists of speakers.
func (db *DB) Floor() floor.Store { return floorStore{db} }

type floorStore struct{ db *DB }

// floorTx is the transaction as the floor sees it (its SpeakerList would read like the
// other domains' methods on *Tx).
type floorTx struct{ *Tx }

var (
	_ floor.Store = floorStore{}
	_ floor.Tx    = floorTx{}
)

func (s floorStore) InTx(ctx context.Context, fn func(floor.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(floorTx{tx}) })
}

func (s floorStore) Meeting(ctx context.Context, id int64) (meeting.Meeting, error) {
	return meetingStore(s).Meeting(ctx, id)
}

func (s floorStore) Session(ctx context.Context, id int64) (meeting.Session, error) {
	return meetingStore(s).Session(ctx, id)
}

func (s floorStore) BodyAndParent(ctx context.Context, bodyID int64) (int64, int64, error) {
	b, err := bodyByID(ctx, s.db.q, bodyID)
	if err != nil {
		return 0, 0, err
	}
	return b.ID, b.ParentID, nil
}

func (s floorStore) State(ctx context.Context, iso3 string) (floor.StateInfo, error) {
	r, err := s.db.q.GetState(ctx, iso3)
	if err != nil {
		return floor.StateInfo{}, translate(err)
	}
	return floor.StateInfo{Member: r.Status == "member", RegionalGroup: r.RegionalGroup, Names: stateFromRow(r).Names}, nil
}

func (s floorStore) States(ctx context.Context) ([]state.State, error) {
	return stateStore(s).ListStates(ctx)
}

func (s floorStore) Accredited(ctx context.Context, bodyID, orgID int64, at time.Time) (bool, error) {
	rows, err := s.db.q.ListAccreditations(ctx, bodyID)
	if err != nil {
		return false, translate(err)
	}
	for _, r := range rows {
		if a := accreditationFromRow(r); a.OrganizationID == orgID && a.Active(at) {
			return true, nil
		}
	}
	return false, nil
}

func (s floorStore) AccreditedOrganizations(ctx context.Context, bodyID int64, at time.Time) ([]floor.Capacity, error) {
	rows, err := s.db.q.ListAccreditations(ctx, bodyID)
	if err != nil {
		return nil, translate(err)
	}
	var out []floor.Capacity
	for _, r := range rows {
		if a := accreditationFromRow(r); a.Active(at) {
			names, err := organizationNames(ctx, s.db.q, a.OrganizationID)
			if err != nil {
				return nil, err
			}
			out = append(out, floor.Capacity{OrganizationID: a.OrganizationID, Names: names})
		}
	}
	return out, nil
}

func (s floorStore) OrganizationNames(ctx context.Context, id int64) (plenary.Localized, error) {
	if _, err := s.db.q.GetOrganization(ctx, id); err != nil {
		return nil, translate(err)
	}
	return organizationNames(ctx, s.db.q, id)
}

func (s floorStore) SpeakerLists(ctx context.Context, meetingID int64) ([]floor.SpeakerList, error) {
	rows, err := s.db.q.ListMeetingSpeakerLists(ctx, meetingID)
	if err != nil {
		return nil, translate(err)
	}
	entries, err := s.db.q.ListMeetingSpeakers(ctx, meetingID)
	if err != nil {
		return nil, translate(err)
	}
	byList := map[int64][]floor.Entry{}
	for _, e := range entries {
		byList[e.ListID] = append(byList[e.ListID], entryFromRow(e))
	}
	out := make([]floor.SpeakerList, len(rows))
	for i, r := range rows {
		out[i] = speakerListFromRow(r)
		out[i].Entries = byList[r.ID]
		if err := nameOrganizations(ctx, s.db.q, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s floorStore) SpeakerList(ctx context.Context, id int64) (floor.SpeakerList, error) {
	return speakerList(ctx, s.db.q, id)
}

func (s floorStore) ListVersion(ctx context.Context, id int64) (int, error) {
	r, err := s.db.q.GetSpeakerList(ctx, id)
	return int(r.Version), translate(err)
}

func (s floorStore) File(ctx context.Context, id int64) (files.File, error) {
	return fileByID(ctx, s.db.q, id)
}

// nameOrganizations reads the names of the organizations on l.
func nameOrganizations(ctx context.Context, q *query.Queries, l *floor.SpeakerList) error {
	for _, e := range l.Entries {
		if e.OrganizationID == 0 || l.Organizations[e.OrganizationID] != nil {
			continue
		}
		o, err := organizationByID(ctx, q, e.OrganizationID)
		if err != nil {
			return err
		}
		if l.Organizations == nil {
			l.Organizations = map[int64]plenary.Localized{}
		}
		l.Organizations[e.OrganizationID] = o.Names
	}
	return nil
}

func speakerList(ctx context.Context, q *query.Queries, id int64) (floor.SpeakerList, error) {
	r, err := q.GetSpeakerList(ctx, id)
	if err != nil {
		return floor.SpeakerList{}, translate(err)
	}
	l := speakerListFromRow(r)
	rows, err := q.ListSpeakers(ctx, id)
	if err != nil {
		return floor.SpeakerList{}, translate(err)
	}
	for _, e := range rows {
		l.Entries = append(l.Entries, entryFromRow(e))
	}
	return l, nameOrganizations(ctx, q, &l)
}

func speakerListFromRow(r query.SpeakerList) floor.SpeakerList {
	return floor.SpeakerList{ID: r.ID, MeetingID: r.MeetingID, ItemID: r.ItemID,
		List: floor.List{StakeholderSegment: r.StakeholderSegment, Closed: r.Closed}, Version: int(r.Version), UpdatedAt: utc(r.UpdatedAt)}
}

func entryFromRow(r query.Speaker) floor.Entry {
	return floor.Entry{ID: r.ID, Category: floor.Category(r.Category), State: r.State, OrganizationID: r.OrganizationID,
		Group: r.GroupName, Kind: floor.Kind(r.Kind), Status: floor.Status(r.Status), Position: int(r.Position),
		InscribedAt: utc(r.InscribedAt), Remote: r.Remote, SpeakerName: r.SpeakerName, Gender: r.Gender, RegionalGroup: r.RegionalGroup,
		StartedAt: fromNullTime(r.StartedAt), EndedAt: fromNullTime(r.EndedAt),
		Timer: floor.Timer{Limit: time.Duration(r.LimitMs) * time.Millisecond, Used: time.Duration(r.UsedMs) * time.Millisecond,
			RunningSince: fromNullTime(r.RunningSince)},
		InscribedBy: r.InscribedBy.Int64, ToldNextAt: fromNullTime(r.NextToldAt),
		Statement: r.StatementFile.Int64, StatementLang: r.StatementLanguage}
}

// Transaction methods of floor.Tx.

// listLockBase puts each list's advisory lock in its own key space on PostgreSQL.
const listLockBase = 7_361_400_000_000

func (t floorTx) Person(ctx context.Context, userID int64) (floor.Person, error) {
	r, err := t.q.GetUser(ctx, userID)
	if err != nil {
		return floor.Person{}, translate(err)
	}
	return floor.Person{Name: r.Name, Email: r.Email, Lang: r.Lang}, nil
}

func (t floorTx) LockList(ctx context.Context, id int64) error {
	return t.advisoryLock(ctx, listLockBase+id)
}

func (t floorTx) SpeakerList(ctx context.Context, id int64) (floor.SpeakerList, error) {
	return speakerList(ctx, t.q, id)
}

func (t floorTx) CreateSpeakerList(ctx context.Context, l floor.SpeakerList) (floor.SpeakerList, error) {
	r, err := t.q.CreateSpeakerList(ctx, query.CreateSpeakerListParams{MeetingID: l.MeetingID, ItemID: l.ItemID,
		StakeholderSegment: l.StakeholderSegment, CreatedAt: l.UpdatedAt})
	if err != nil {
		return floor.SpeakerList{}, translate(err)
	}
	return speakerListFromRow(r), nil
}

func (t floorTx) TouchSpeakerList(ctx context.Context, id int64, closed bool, at time.Time) (int, error) {
	v, err := t.q.TouchSpeakerList(ctx, query.TouchSpeakerListParams{ID: id, Closed: closed, UpdatedAt: at})
	return int(v), translate(err)
}

func (t floorTx) CreateEntry(ctx context.Context, listID int64, e floor.Entry, by int64) (floor.Entry, error) {
	r, err := t.q.CreateSpeaker(ctx, query.CreateSpeakerParams{ListID: listID, Category: string(e.Category), State: e.State,
		OrganizationID: e.OrganizationID, GroupName: e.Group, Kind: string(e.Kind), Status: string(e.Status), Position: int32(e.Position),
		InscribedAt: e.InscribedAt, InscribedBy: sql.NullInt64{Int64: by, Valid: by != 0}, Remote: e.Remote, SpeakerName: e.SpeakerName,
		Gender: e.Gender, RegionalGroup: e.RegionalGroup, LimitMs: e.Timer.Limit.Milliseconds()})
	if err != nil {
		return floor.Entry{}, translate(err)
	}
	return entryFromRow(r), nil
}

func (t floorTx) UpdateEntry(ctx context.Context, e floor.Entry) error {
	return translate(t.q.UpdateSpeaker(ctx, query.UpdateSpeakerParams{ID: e.ID, Status: string(e.Status), Position: int32(e.Position),
		StartedAt: toNullTime(e.StartedAt), EndedAt: toNullTime(e.EndedAt), LimitMs: e.Timer.Limit.Milliseconds(),
		UsedMs: e.Timer.Used.Milliseconds(), RunningSince: toNullTime(e.Timer.RunningSince), Remote: e.Remote,
		StatementFile: sql.NullInt64{Int64: e.Statement, Valid: e.Statement != 0}, StatementLanguage: e.StatementLang,
		NextToldAt: toNullTime(e.ToldNextAt)}))
}
