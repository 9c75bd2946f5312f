package store

import (
	"context"
	"fmt"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// auditLockKey serializes appends to the audit chain on PostgreSQL, where several
// instances write at once; on SQLite the single writer already does.
const auditLockKey = 7_361_000_001

// Audit appends an event to the chain, in this transaction: it links to the last event
// and commits (or not) with the change it records.
func (t *Tx) Audit(ctx context.Context, e audit.Event) error {
	if t.db.dialect == Postgres {
		if _, err := t.tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(auditLockKey)); err != nil {
			return translate(err)
		}
	}
	prev := audit.Genesis
	last, err := t.q.LastAuditEvent(ctx)
	switch err = translate(err); {
	case err == nil:
		prev = last.Hash
	case plenary.ErrorKind(err) != plenary.KindNotFound:
		return err
	}
	at := audit.Precise(e.At)
	details := audit.EncodeDetails(e.Details)
	hash := audit.ComputeHash(prev, at, e.ActorUserID, e.ActorName, e.Action, e.ObjectType, e.ObjectID, details, e.IP)
	_, err = t.q.InsertAuditEvent(ctx, query.InsertAuditEventParams{
		OccurredAt: at, ActorUserID: toNullInt64(e.ActorUserID), ActorName: e.ActorName,
		Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID,
		Details: details, Ip: e.IP, PrevHash: prev, Hash: hash,
	})
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, translate(err))
	}
	return nil
}

// Audit is the store of the audit domain.
func (db *DB) Audit() audit.Store { return auditStore{db} }

type auditStore struct{ db *DB }

var _ audit.Store = auditStore{}

func (s auditStore) AuditEvents(ctx context.Context, before int64, limit int, f audit.Filter) ([]audit.Event, error) {
	if before <= 0 {
		before = 1 << 62
	}
	var rows []query.AuditEvent
	var err error
	if f.ObjectType != "" {
		rows, err = s.db.q.ListAuditEventsForObject(ctx, query.ListAuditEventsForObjectParams{
			ObjectType: f.ObjectType, ObjectID: f.ObjectID, ID: before, Limit: int32(limit)})
	} else {
		rows, err = s.db.q.ListAuditEventsDesc(ctx, query.ListAuditEventsDescParams{ID: before, Limit: int32(limit)})
	}
	if err != nil {
		return nil, translate(err)
	}
	return auditEvents(rows), nil
}

func (s auditStore) AuditChain(ctx context.Context, from int64, limit int) ([]audit.Event, error) {
	rows, err := s.db.q.ListAuditEventsFrom(ctx, query.ListAuditEventsFromParams{ID: from, Limit: int32(limit)})
	if err != nil {
		return nil, translate(err)
	}
	return auditEvents(rows), nil
}

func (s auditStore) CountAuditEvents(ctx context.Context) (int64, error) {
	n, err := s.db.q.CountAuditEvents(ctx)
	return n, translate(err)
}

func auditEvents(rows []query.AuditEvent) []audit.Event {
	out := make([]audit.Event, len(rows))
	for i, r := range rows {
		out[i] = audit.Event{
			ID: r.ID, At: r.OccurredAt.UTC(), ActorUserID: r.ActorUserID.Int64, ActorName: r.ActorName,
			Action: r.Action, ObjectType: r.ObjectType, ObjectID: r.ObjectID,
			Details: audit.DecodeDetails(r.Details), DetailsText: r.Details,
			IP: r.Ip, PrevHash: r.PrevHash, Hash: r.Hash,
		}
	}
	return out
}
