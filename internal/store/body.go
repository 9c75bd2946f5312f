package store

import (
	"context"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Bodies is the store of the body domain.
func (db *DB) Bodies() body.Store { return bodyStore{db} }

type bodyStore struct{ db *DB }

var (
	_ body.Store = bodyStore{}
	_ body.Tx    = (*Tx)(nil)
)

func (s bodyStore) InTx(ctx context.Context, fn func(body.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(tx) })
}

func (s bodyStore) Bodies(ctx context.Context) ([]body.Body, error) {
	return bodies(ctx, s.db.q)
}

func (s bodyStore) Body(ctx context.Context, id int64) (body.Body, error) {
	return bodyByID(ctx, s.db.q, id)
}

func (s bodyStore) BodyByCode(ctx context.Context, code string) (body.Body, error) {
	r, err := s.db.q.GetBodyByCode(ctx, code)
	if err != nil {
		return body.Body{}, translate(err)
	}
	return bodyByID(ctx, s.db.q, r.ID)
}

// bodies reads every body with its names; there are few, so names come in one query.
func bodies(ctx context.Context, q *query.Queries) ([]body.Body, error) {
	rows, err := q.ListBodies(ctx)
	if err != nil {
		return nil, translate(err)
	}
	names, err := q.ListBodyNames(ctx)
	if err != nil {
		return nil, translate(err)
	}
	byID := map[int64]plenary.Localized{}
	for _, n := range names {
		if byID[n.BodyID] == nil {
			byID[n.BodyID] = plenary.Localized{}
		}
		byID[n.BodyID][n.Lang] = n.Name
	}
	out := make([]body.Body, len(rows))
	for i, r := range rows {
		out[i] = bodyFromRow(r, byID[r.ID])
	}
	return out, nil
}

func bodyByID(ctx context.Context, q *query.Queries, id int64) (body.Body, error) {
	all, err := bodies(ctx, q)
	if err != nil {
		return body.Body{}, err
	}
	for _, b := range all {
		if b.ID == id {
			return b, nil
		}
	}
	return body.Body{}, plenary.NotFound()
}

func bodyFromRow(r query.Body, names plenary.Localized) body.Body {
	if names == nil {
		names = plenary.Localized{}
	}
	return body.Body{ID: r.ID, Code: r.Code, ParentID: r.ParentID.Int64, Names: names, TimeZone: r.TimeZone,
		MandateEnds: fromNullTime(r.MandateEnds), CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt)}
}

func (t *Tx) CreateBody(ctx context.Context, b body.Body) (body.Body, error) {
	r, err := t.q.CreateBody(ctx, query.CreateBodyParams{Code: b.Code, ParentID: toNullInt64(b.ParentID), TimeZone: b.TimeZone,
		MandateEnds: toNullTime(b.MandateEnds), CreatedAt: b.CreatedAt.UTC()})
	if err != nil {
		return body.Body{}, translate(err)
	}
	if err := t.putBodyNames(ctx, r.ID, b.Names); err != nil {
		return body.Body{}, err
	}
	return bodyFromRow(r, b.Names), nil
}

func (t *Tx) UpdateBody(ctx context.Context, b body.Body) error {
	if err := t.q.UpdateBody(ctx, query.UpdateBodyParams{ID: b.ID, TimeZone: b.TimeZone, MandateEnds: toNullTime(b.MandateEnds), UpdatedAt: b.UpdatedAt.UTC()}); err != nil {
		return translate(err)
	}
	if err := t.q.DeleteBodyNames(ctx, b.ID); err != nil {
		return translate(err)
	}
	return t.putBodyNames(ctx, b.ID, b.Names)
}

func (t *Tx) putBodyNames(ctx context.Context, id int64, names plenary.Localized) error {
	for _, lang := range plenary.Languages {
		if n := names[lang]; n != "" {
			if err := t.q.PutBodyName(ctx, query.PutBodyNameParams{BodyID: id, Lang: lang, Name: n}); err != nil {
				return translate(err)
			}
		}
	}
	return nil
}
