package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Meetings is the store of the meeting domain.
func (db *DB) Meetings() meeting.Store { return meetingStore{db} }

type meetingStore struct{ db *DB }

// meetingTx is the transaction as meeting sees it: its method names (CreateSession…)
// would collide with the sign-in sessions' on *Tx.
type meetingTx struct{ *Tx }

var (
	_ meeting.Store = meetingStore{}
	_ meeting.Tx    = meetingTx{}
)

func (s meetingStore) InTx(ctx context.Context, fn func(meeting.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(meetingTx{tx}) })
}

func (s meetingStore) Body(ctx context.Context, id int64) (body.Body, error) {
	return bodyByID(ctx, s.db.q, id)
}

func (s meetingStore) Bodies(ctx context.Context) ([]body.Body, error) { return bodies(ctx, s.db.q) }

func (s meetingStore) Session(ctx context.Context, id int64) (meeting.Session, error) {
	r, err := s.db.q.GetBodySession(ctx, id)
	if err != nil {
		return meeting.Session{}, translate(err)
	}
	return bodySessionFromRow(r), nil
}

func sessionsFromRows(rows []query.BodySession, err error) ([]meeting.Session, error) {
	if err != nil {
		return nil, translate(err)
	}
	out := make([]meeting.Session, len(rows))
	for i, r := range rows {
		out[i] = bodySessionFromRow(r)
	}
	return out, nil
}

func (s meetingStore) BodySessions(ctx context.Context, bodyID int64) ([]meeting.Session, error) {
	return sessionsFromRows(s.db.q.ListBodySessions(ctx, bodyID))
}

func (s meetingStore) SessionsEndingAfter(ctx context.Context, day time.Time) ([]meeting.Session, error) {
	return sessionsFromRows(s.db.q.ListSessionsEndingAfter(ctx, day))
}

func (s meetingStore) SessionsEndedBefore(ctx context.Context, day time.Time, n int) ([]meeting.Session, error) {
	return sessionsFromRows(s.db.q.ListSessionsEndedBefore(ctx, query.ListSessionsEndedBeforeParams{EndsOn: day, Limit: int32(n)}))
}

func (s meetingStore) Items(ctx context.Context, sessionID int64) ([]meeting.Item, error) {
	return agendaItems(ctx, s.db.q, sessionID)
}

func (s meetingStore) Item(ctx context.Context, id int64) (meeting.Item, error) {
	return agendaItem(ctx, s.db.q, id)
}

func (s meetingStore) Meetings(ctx context.Context, sessionID int64) ([]meeting.Meeting, error) {
	return sessionMeetings(ctx, s.db.q, sessionID)
}

func (s meetingStore) Meeting(ctx context.Context, id int64) (meeting.Meeting, error) {
	r, err := s.db.q.GetMeeting(ctx, id)
	if err != nil {
		return meeting.Meeting{}, translate(err)
	}
	return meetingWithItems(ctx, s.db.q, r)
}

// Conversions.

func localized(s string) plenary.Localized {
	l := plenary.Localized{}
	_ = json.Unmarshal([]byte(s), &l)
	return l
}

func localizedJSON(l plenary.Localized) string {
	if l == nil {
		l = plenary.Localized{}
	}
	b, _ := json.Marshal(l)
	return string(b)
}

func bodySessionFromRow(r query.BodySession) meeting.Session {
	return meeting.Session{ID: r.ID, BodyID: r.BodyID, Kind: meeting.Kind(r.Kind), Number: int(r.Number), Titles: localized(r.Titles),
		StartsOn: utc(r.StartsOn), EndsOn: utc(r.EndsOn), Venue: r.Venue, RemoteURL: r.RemoteUrl, LivestreamURL: r.LivestreamUrl,
		RepresentativeLimit: int(r.RepresentativeLimit), RegistrationCloses: fromNullTime(r.RegistrationCloses),
		Sequence: int(r.Sequence), CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt)}
}

func itemFromRow(r query.AgendaItem) meeting.Item {
	return meeting.Item{ID: r.ID, SessionID: r.SessionID, Number: r.Number, Position: int(r.Position),
		Titles: localized(r.Titles), Questions: localized(r.Questions)}
}

func meetingFromRow(r query.Meeting) meeting.Meeting {
	return meeting.Meeting{ID: r.ID, SessionID: r.SessionID, Number: int(r.Number), StartsAt: utc(r.StartsAt), EndsAt: utc(r.EndsAt),
		Formal: r.Formal, Public: r.Public, Room: r.Room, LivestreamURL: r.LivestreamUrl, RecordingURL: r.RecordingUrl,
		Cancelled: r.Cancelled, Sequence: int(r.Sequence), CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt)}
}

func agendaItems(ctx context.Context, q *query.Queries, sessionID int64) ([]meeting.Item, error) {
	rows, err := q.ListAgendaItems(ctx, sessionID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]meeting.Item, len(rows))
	for i, r := range rows {
		out[i] = itemFromRow(r)
	}
	return out, nil
}

func agendaItem(ctx context.Context, q *query.Queries, id int64) (meeting.Item, error) {
	r, err := q.GetAgendaItem(ctx, id)
	if err != nil {
		return meeting.Item{}, translate(err)
	}
	return itemFromRow(r), nil
}

// sessionMeetings reads a session's meetings with the items each takes up, in two queries.
func sessionMeetings(ctx context.Context, q *query.Queries, sessionID int64) ([]meeting.Meeting, error) {
	rows, err := q.ListSessionMeetings(ctx, sessionID)
	if err != nil {
		return nil, translate(err)
	}
	links, err := q.ListSessionMeetingItems(ctx, sessionID)
	if err != nil {
		return nil, translate(err)
	}
	items := map[int64][]int64{}
	for _, l := range links {
		items[l.MeetingID] = append(items[l.MeetingID], l.ItemID)
	}
	out := make([]meeting.Meeting, len(rows))
	for i, r := range rows {
		out[i] = meetingFromRow(r)
		out[i].ItemIDs = items[r.ID]
	}
	return out, nil
}

func meetingWithItems(ctx context.Context, q *query.Queries, r query.Meeting) (meeting.Meeting, error) {
	all, err := sessionMeetings(ctx, q, r.SessionID)
	if err != nil {
		return meeting.Meeting{}, err
	}
	for _, m := range all {
		if m.ID == r.ID {
			return m, nil
		}
	}
	return meeting.Meeting{}, plenary.NotFound()
}

// Transaction methods of meeting.Tx.

// sessionLockBase puts each session's advisory lock in its own key space on PostgreSQL.
const sessionLockBase = 7_361_200_000_000

func (t meetingTx) LockSession(ctx context.Context, sessionID int64) error {
	return t.advisoryLock(ctx, sessionLockBase+sessionID)
}

func (t meetingTx) NextSessionNumber(ctx context.Context, bodyID int64, kind meeting.Kind) (int, error) {
	n, err := t.q.NextSessionNumber(ctx, query.NextSessionNumberParams{BodyID: bodyID, Kind: string(kind)})
	return int(n), translate(err)
}

func (t meetingTx) CreateSession(ctx context.Context, s meeting.Session) (meeting.Session, error) {
	r, err := t.q.CreateBodySession(ctx, query.CreateBodySessionParams{BodyID: s.BodyID, Kind: string(s.Kind), Number: int32(s.Number),
		Titles: localizedJSON(s.Titles), StartsOn: s.StartsOn, EndsOn: s.EndsOn, Venue: s.Venue, RemoteUrl: s.RemoteURL,
		LivestreamUrl: s.LivestreamURL, RepresentativeLimit: int32(s.RepresentativeLimit),
		RegistrationCloses: toNullTime(s.RegistrationCloses), CreatedAt: s.CreatedAt})
	if err != nil {
		return meeting.Session{}, translate(err)
	}
	return bodySessionFromRow(r), nil
}

func (t meetingTx) UpdateSession(ctx context.Context, s meeting.Session) error {
	return translate(t.q.UpdateBodySession(ctx, query.UpdateBodySessionParams{ID: s.ID, Kind: string(s.Kind), Number: int32(s.Number),
		Titles: localizedJSON(s.Titles), StartsOn: s.StartsOn, EndsOn: s.EndsOn, Venue: s.Venue, RemoteUrl: s.RemoteURL,
		LivestreamUrl: s.LivestreamURL, RepresentativeLimit: int32(s.RepresentativeLimit),
		RegistrationCloses: toNullTime(s.RegistrationCloses), UpdatedAt: s.UpdatedAt}))
}

func (t meetingTx) Items(ctx context.Context, sessionID int64) ([]meeting.Item, error) {
	return agendaItems(ctx, t.q, sessionID)
}

func (t meetingTx) Item(ctx context.Context, id int64) (meeting.Item, error) {
	return agendaItem(ctx, t.q, id)
}

func (t meetingTx) CreateItem(ctx context.Context, it meeting.Item) (meeting.Item, error) {
	r, err := t.q.CreateAgendaItem(ctx, query.CreateAgendaItemParams{SessionID: it.SessionID, Number: it.Number,
		Position: int32(it.Position), Titles: localizedJSON(it.Titles), Questions: localizedJSON(it.Questions)})
	if err != nil {
		return meeting.Item{}, translate(err)
	}
	return itemFromRow(r), nil
}

func (t meetingTx) UpdateItem(ctx context.Context, it meeting.Item) error {
	return translate(t.q.UpdateAgendaItem(ctx, query.UpdateAgendaItemParams{ID: it.ID, Number: it.Number, Position: int32(it.Position),
		Titles: localizedJSON(it.Titles), Questions: localizedJSON(it.Questions)}))
}

func (t meetingTx) DeleteItem(ctx context.Context, id int64) error {
	return translate(t.q.DeleteAgendaItem(ctx, id))
}

func (t meetingTx) Meetings(ctx context.Context, sessionID int64) ([]meeting.Meeting, error) {
	return sessionMeetings(ctx, t.q, sessionID)
}

func (t meetingTx) NextMeetingNumber(ctx context.Context, sessionID int64) (int, error) {
	n, err := t.q.NextMeetingNumber(ctx, sessionID)
	return int(n), translate(err)
}

func (t meetingTx) CreateMeeting(ctx context.Context, m meeting.Meeting) (meeting.Meeting, error) {
	r, err := t.q.CreateMeeting(ctx, query.CreateMeetingParams{SessionID: m.SessionID, Number: int32(m.Number), StartsAt: m.StartsAt,
		EndsAt: m.EndsAt, Formal: m.Formal, Public: m.Public, Room: m.Room, LivestreamUrl: m.LivestreamURL,
		RecordingUrl: m.RecordingURL, CreatedAt: m.CreatedAt})
	if err != nil {
		return meeting.Meeting{}, translate(err)
	}
	out := meetingFromRow(r)
	out.ItemIDs = m.ItemIDs
	return out, t.putMeetingItems(ctx, out)
}

func (t meetingTx) UpdateMeeting(ctx context.Context, m meeting.Meeting) error {
	err := t.q.UpdateMeeting(ctx, query.UpdateMeetingParams{ID: m.ID, StartsAt: m.StartsAt, EndsAt: m.EndsAt, Formal: m.Formal,
		Public: m.Public, Room: m.Room, LivestreamUrl: m.LivestreamURL, RecordingUrl: m.RecordingURL, Cancelled: m.Cancelled,
		UpdatedAt: m.UpdatedAt})
	if err != nil {
		return translate(err)
	}
	return t.putMeetingItems(ctx, m)
}

func (t meetingTx) putMeetingItems(ctx context.Context, m meeting.Meeting) error {
	if err := t.q.DeleteMeetingItems(ctx, m.ID); err != nil {
		return translate(err)
	}
	for i, id := range m.ItemIDs {
		if err := t.q.AddMeetingItem(ctx, query.AddMeetingItemParams{MeetingID: m.ID, ItemID: id, Position: int32(i + 1)}); err != nil {
			return translate(err)
		}
	}
	return nil
}
