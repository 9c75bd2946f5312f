package store

import (
	"context"
	"strings"
	"time"

	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Pings is the store of ping rounds and their requests.
func (db *DB) Pings() ping.Store { return pingStore{db} }

type pingStore struct{ db *DB }

type pingTx struct{ *Tx }

var (
	_ ping.Store = pingStore{}
	_ ping.Tx    = pingTx{}
)

func (s pingStore) InTx(ctx context.Context, fn func(ping.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(pingTx{tx}) })
}

// scopeValue writes a round's region or chosen States in one column.
func scopeValue(r ping.Round) string {
	if r.Scope == ping.ScopeStates {
		return strings.Join(r.States, " ")
	}
	return r.Region
}

func pingRoundFromRow(r query.PingRound) ping.Round {
	out := ping.Round{ID: r.ID, Title: r.Title, Scope: ping.Scope(r.Scope), StartsAt: utc(r.StartsAt), RemindAt: utc(r.RemindAt),
		EscalateAt: utc(r.EscalateAt), Deadline: utc(r.Deadline), Status: ping.Status(r.Status), Published: r.Published,
		CreatedBy: r.CreatedBy.Int64, CreatedAt: utc(r.CreatedAt), SentAt: fromNullTime(r.SentAt), ClosedAt: fromNullTime(r.ClosedAt)}
	if out.Scope == ping.ScopeStates {
		out.States = strings.Fields(r.ScopeValue)
	} else {
		out.Region = r.ScopeValue
	}
	return out
}

func pingRequestFromRow(r query.PingRequest) ping.Request {
	return ping.Request{ID: r.ID, RoundID: r.RoundID, ContactID: r.ContactID, State: r.State, Nonce: r.Nonce,
		SentAt: fromNullTime(r.SentAt), RemindedAt: fromNullTime(r.RemindedAt), EscalatedAt: fromNullTime(r.EscalatedAt),
		AcknowledgedAt: fromNullTime(r.AcknowledgedAt), Via: ping.Via(r.Via), AcknowledgedBy: r.AcknowledgedBy.Int64}
}

func pingRequestsFromRows(rows []query.PingRequest) []ping.Request {
	out := make([]ping.Request, len(rows))
	for i, r := range rows {
		out[i] = pingRequestFromRow(r)
	}
	return out
}

func pingRoundsFromRows(rows []query.PingRound) []ping.Round {
	out := make([]ping.Round, len(rows))
	for i, r := range rows {
		out[i] = pingRoundFromRow(r)
	}
	return out
}

func pingRound(ctx context.Context, q *query.Queries, id int64) (ping.Round, error) {
	r, err := q.GetPingRound(ctx, id)
	if err != nil {
		return ping.Round{}, translate(err)
	}
	return pingRoundFromRow(r), nil
}

func pingRequests(ctx context.Context, q *query.Queries, roundID int64) ([]ping.Request, error) {
	rows, err := q.ListPingRequests(ctx, roundID)
	if err != nil {
		return nil, translate(err)
	}
	return pingRequestsFromRows(rows), nil
}

func (s pingStore) Round(ctx context.Context, id int64) (ping.Round, error) {
	return pingRound(ctx, s.db.q, id)
}

func (s pingStore) Rounds(ctx context.Context) ([]ping.Round, error) {
	rows, err := s.db.q.ListPingRounds(ctx)
	if err != nil {
		return nil, translate(err)
	}
	return pingRoundsFromRows(rows), nil
}

func (s pingStore) ActiveRounds(ctx context.Context) ([]ping.Round, error) {
	rows, err := s.db.q.ListActivePingRounds(ctx)
	if err != nil {
		return nil, translate(err)
	}
	return pingRoundsFromRows(rows), nil
}

func (s pingStore) Request(ctx context.Context, id int64) (ping.Request, error) {
	r, err := s.db.q.GetPingRequest(ctx, id)
	if err != nil {
		return ping.Request{}, translate(err)
	}
	return pingRequestFromRow(r), nil
}

func (s pingStore) Requests(ctx context.Context, roundID int64) ([]ping.Request, error) {
	return pingRequests(ctx, s.db.q, roundID)
}

func (s pingStore) RequestsOfContact(ctx context.Context, contactID int64) ([]ping.Request, error) {
	rows, err := s.db.q.ListPingRequestsOfContact(ctx, contactID)
	if err != nil {
		return nil, translate(err)
	}
	return pingRequestsFromRows(rows), nil
}

func (s pingStore) RequestsOfState(ctx context.Context, state string) ([]ping.Request, error) {
	rows, err := s.db.q.ListPingRequestsOfState(ctx, state)
	if err != nil {
		return nil, translate(err)
	}
	return pingRequestsFromRows(rows), nil
}

func (t pingTx) Round(ctx context.Context, id int64) (ping.Round, error) {
	return pingRound(ctx, t.q, id)
}

func (t pingTx) Requests(ctx context.Context, roundID int64) ([]ping.Request, error) {
	return pingRequests(ctx, t.q, roundID)
}

func (t pingTx) CreateRound(ctx context.Context, r ping.Round) (int64, error) {
	id, err := t.q.CreatePingRound(ctx, query.CreatePingRoundParams{Title: r.Title, Scope: string(r.Scope), ScopeValue: scopeValue(r),
		StartsAt: r.StartsAt.UTC(), RemindAt: r.RemindAt.UTC(), EscalateAt: r.EscalateAt.UTC(), Deadline: r.Deadline.UTC(),
		Status: string(r.Status), Published: r.Published, CreatedBy: toNullInt64(r.CreatedBy), CreatedAt: r.CreatedAt.UTC(),
		SentAt: toNullTime(r.SentAt), ClosedAt: toNullTime(r.ClosedAt)})
	return id, translate(err)
}

func (t pingTx) UpdateRound(ctx context.Context, r ping.Round) error {
	return translate(t.q.UpdatePingRound(ctx, query.UpdatePingRoundParams{ID: r.ID, Status: string(r.Status), Published: r.Published,
		SentAt: toNullTime(r.SentAt), ClosedAt: toNullTime(r.ClosedAt)}))
}

func (t pingTx) CreateRequest(ctx context.Context, r ping.Request) (int64, error) {
	id, err := t.q.CreatePingRequest(ctx, query.CreatePingRequestParams{RoundID: r.RoundID, ContactID: r.ContactID, State: r.State, Nonce: r.Nonce})
	return id, translate(err)
}

func (t pingTx) MarkSent(ctx context.Context, id int64, at time.Time) error {
	return translate(t.q.MarkPingSent(ctx, query.MarkPingSentParams{ID: id, SentAt: toNullTime(at)}))
}

func (t pingTx) MarkReminded(ctx context.Context, id int64, at time.Time) (bool, error) {
	return changed(t.q.MarkPingReminded(ctx, query.MarkPingRemindedParams{ID: id, RemindedAt: toNullTime(at)}))
}

func (t pingTx) MarkEscalated(ctx context.Context, id int64, at time.Time) (bool, error) {
	return changed(t.q.MarkPingEscalated(ctx, query.MarkPingEscalatedParams{ID: id, EscalatedAt: toNullTime(at)}))
}

func (t pingTx) ClaimStatus(ctx context.Context, r ping.Round, from ping.Status) (bool, error) {
	return changed(t.q.ClaimPingRoundStatus(ctx, query.ClaimPingRoundStatusParams{ID: r.ID, Status: string(from), Status_2: string(r.Status),
		SentAt: toNullTime(r.SentAt), ClosedAt: toNullTime(r.ClosedAt)}))
}

func (t pingTx) Acknowledge(ctx context.Context, id int64, at time.Time, via ping.Via, by int64) (bool, error) {
	return changed(t.q.AcknowledgePing(ctx, query.AcknowledgePingParams{ID: id, AcknowledgedAt: toNullTime(at), Via: string(via),
		AcknowledgedBy: toNullInt64(by)}))
}
