package store

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Communications is the store of the communication template. Content, attachment names
// and data arrive sealed by the domain and are kept as they come.
func (db *DB) Communications() communication.Store { return communicationStore{db} }

type communicationStore struct{ db *DB }

// communicationTx is the transaction as the template sees it: Communication would collide
// with other domains' methods on *Tx.
type communicationTx struct{ *Tx }

var (
	_ communication.Store = communicationStore{}
	_ communication.Tx    = communicationTx{}
)

func (s communicationStore) InTx(ctx context.Context, fn func(communication.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(communicationTx{tx}) })
}

func communicationFromRow(r query.GetCommunicationRow) communication.Record {
	return communication.Record{Communication: communication.Communication{ID: r.ID, ThreadID: r.ThreadID,
		ReplyTo: r.ReplyTo.Int64, From: r.FromState, To: r.ToState, Kind: communication.Kind(r.Kind),
		Urgency: communication.Urgency(r.Urgency), ReplyBy: fromNullTime(r.ReplyBy), EscalateAt: utc(r.EscalateAt),
		SentBy: r.SentBy.Int64, SentByName: r.SentByName, SentAt: utc(r.SentAt), DeliveredAt: fromNullTime(r.DeliveredAt),
		ReadAt: fromNullTime(r.ReadAt), AcknowledgedAt: fromNullTime(r.AcknowledgedAt), AcknowledgedBy: r.AcknowledgedBy.Int64,
		AcknowledgedByName: r.AcknowledgedByName, EscalatedAt: fromNullTime(r.EscalatedAt), SharedAt: fromNullTime(r.SharedAt),
		SharedBy: r.SharedBy.Int64}, SealedContent: r.Content}
}

func communicationByID(ctx context.Context, q *query.Queries, id int64) (communication.Record, error) {
	r, err := q.GetCommunication(ctx, id)
	if err != nil {
		return communication.Record{}, translate(err)
	}
	return communicationFromRow(r), nil
}

func (s communicationStore) Communication(ctx context.Context, id int64) (communication.Record, error) {
	return communicationByID(ctx, s.db.q, id)
}

func (t communicationTx) Communication(ctx context.Context, id int64) (communication.Record, error) {
	return communicationByID(ctx, t.q, id)
}

func (s communicationStore) Thread(ctx context.Context, threadID int64) ([]communication.Record, error) {
	rows, err := s.db.q.ListCommunicationThread(ctx, threadID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]communication.Record, len(rows))
	for i, r := range rows {
		out[i] = communicationFromRow(query.GetCommunicationRow(r))
	}
	return out, nil
}

func beforeID(before int64) int64 {
	if before <= 0 {
		return math.MaxInt64
	}
	return before
}

func (s communicationStore) Box(ctx context.Context, states []string, box communication.Box, before int64, limit int) ([]communication.Record, error) {
	var out []communication.Record
	for _, state := range states {
		if box == communication.Inbox {
			rows, err := s.db.q.ListCommunicationsTo(ctx, query.ListCommunicationsToParams{ToState: state, ID: beforeID(before), Limit: int32(limit)})
			if err != nil {
				return nil, translate(err)
			}
			for _, r := range rows {
				out = append(out, communicationFromRow(query.GetCommunicationRow(r)))
			}
		} else {
			rows, err := s.db.q.ListCommunicationsFrom(ctx, query.ListCommunicationsFromParams{FromState: state, ID: beforeID(before), Limit: int32(limit)})
			if err != nil {
				return nil, translate(err)
			}
			for _, r := range rows {
				out = append(out, communicationFromRow(query.GetCommunicationRow(r)))
			}
		}
	}
	// A person may be a contact of several States: their lists are merged, newest first.
	slices.SortFunc(out, func(a, b communication.Record) int { return int(b.ID - a.ID) })
	out = slices.CompactFunc(out, func(a, b communication.Record) bool { return a.ID == b.ID })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s communicationStore) All(ctx context.Context, before int64, limit int) ([]communication.Record, error) {
	rows, err := s.db.q.ListAllCommunications(ctx, query.ListAllCommunicationsParams{ID: beforeID(before), Limit: int32(limit)})
	if err != nil {
		return nil, translate(err)
	}
	out := make([]communication.Record, len(rows))
	for i, r := range rows {
		out[i] = communicationFromRow(query.GetCommunicationRow(r))
		out[i].SealedContent = "" // the overview never opens content
	}
	return out, nil
}

func (s communicationStore) Figures(ctx context.Context) ([]communication.Communication, error) {
	rows, err := s.db.q.ListCommunicationFigures(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]communication.Communication, len(rows))
	for i, r := range rows {
		out[i] = communication.Communication{Kind: communication.Kind(r.Kind), Urgency: communication.Urgency(r.Urgency),
			DeliveredAt: fromNullTime(r.DeliveredAt), ReadAt: fromNullTime(r.ReadAt),
			AcknowledgedAt: fromNullTime(r.AcknowledgedAt), EscalatedAt: fromNullTime(r.EscalatedAt)}
	}
	return out, nil
}

func (s communicationStore) Files(ctx context.Context, id int64) ([]communication.FileRecord, error) {
	rows, err := s.db.q.ListCommunicationFiles(ctx, id)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]communication.FileRecord, len(rows))
	for i, r := range rows {
		out[i] = communication.FileRecord{CommunicationID: r.CommunicationID, Number: int(r.Number),
			ContentType: r.ContentType, Size: r.Size, SealedName: r.Name}
	}
	return out, nil
}

func (s communicationStore) File(ctx context.Context, id int64, number int) (communication.FileRecord, error) {
	r, err := s.db.q.GetCommunicationFile(ctx, query.GetCommunicationFileParams{CommunicationID: id, Number: int64(number)})
	if err != nil {
		return communication.FileRecord{}, translate(err)
	}
	return communication.FileRecord{CommunicationID: r.CommunicationID, Number: int(r.Number), ContentType: r.ContentType,
		Size: r.Size, SealedName: r.Name, SealedData: r.Data}, nil
}

func (s communicationStore) Due(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	ids, err := s.db.q.ListDueCommunications(ctx, query.ListDueCommunicationsParams{EscalateAt: now.UTC(), Limit: int32(limit)})
	return ids, translate(err)
}

func (s communicationStore) MarkDelivered(ctx context.Context, id int64, at time.Time) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		_, err := tx.q.MarkCommunicationDelivered(ctx, query.MarkCommunicationDeliveredParams{ID: id, DeliveredAt: toNullTime(at)})
		return translate(err)
	})
}

func (t communicationTx) CreateCommunication(ctx context.Context, r communication.Record) (int64, error) {
	id, err := t.q.CreateCommunication(ctx, query.CreateCommunicationParams{ThreadID: r.ThreadID, ReplyTo: toNullInt64(r.ReplyTo),
		FromState: r.From, ToState: r.To, Kind: string(r.Kind), Urgency: string(r.Urgency), Content: r.SealedContent,
		ReplyBy: toNullTime(r.ReplyBy), EscalateAt: r.EscalateAt.UTC(), SentBy: toNullInt64(r.SentBy), SentAt: r.SentAt.UTC()})
	return id, translate(err)
}

func (t communicationTx) SetContent(ctx context.Context, id, threadID int64, sealed string) error {
	return translate(t.q.SetCommunicationContent(ctx, query.SetCommunicationContentParams{ID: id, ThreadID: threadID, Content: sealed}))
}

func (t communicationTx) AddFile(ctx context.Context, f communication.FileRecord) error {
	return translate(t.q.AddCommunicationFile(ctx, query.AddCommunicationFileParams{CommunicationID: f.CommunicationID,
		Number: int64(f.Number), ContentType: f.ContentType, Size: f.Size, Name: f.SealedName, Data: f.SealedData}))
}

func changed(n int64, err error) (bool, error) { return n > 0, translate(err) }

func (t communicationTx) MarkRead(ctx context.Context, id int64, at time.Time) (bool, error) {
	return changed(t.q.MarkCommunicationRead(ctx, query.MarkCommunicationReadParams{ID: id, ReadAt: toNullTime(at)}))
}

func (t communicationTx) Acknowledge(ctx context.Context, id, by int64, at time.Time) (bool, error) {
	return changed(t.q.AcknowledgeCommunication(ctx, query.AcknowledgeCommunicationParams{ID: id,
		AcknowledgedAt: toNullTime(at), AcknowledgedBy: toNullInt64(by)}))
}

func (t communicationTx) Escalate(ctx context.Context, id int64, at time.Time) (bool, error) {
	return changed(t.q.EscalateCommunication(ctx, query.EscalateCommunicationParams{ID: id, EscalatedAt: toNullTime(at)}))
}

func (t communicationTx) Share(ctx context.Context, id, by int64, at time.Time) (bool, error) {
	return changed(t.q.ShareCommunication(ctx, query.ShareCommunicationParams{ID: id, SharedAt: toNullTime(at), SharedBy: toNullInt64(by)}))
}
