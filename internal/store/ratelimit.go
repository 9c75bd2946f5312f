package store

import (
	"context"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/ratelimit"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// RateLimits is the store of the rate limiter. Counters are written outside domain
// transactions: a failed attempt must count even though nothing else is saved.
func (db *DB) RateLimits() ratelimit.Store { return rateLimitStore{db} }

type rateLimitStore struct{ db *DB }

var _ ratelimit.Store = rateLimitStore{}

func (s rateLimitStore) HitRateLimit(ctx context.Context, bucket string, window time.Time) (int, error) {
	var n int32
	err := s.db.Transact(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.q.HitRateLimit(ctx, query.HitRateLimitParams{Bucket: bucket, WindowStart: window.UTC()})
		return translate(err)
	})
	return int(n), err
}

func (s rateLimitStore) RateLimitHits(ctx context.Context, bucket string, window time.Time) (int, error) {
	n, err := s.db.q.GetRateLimit(ctx, query.GetRateLimitParams{Bucket: bucket, WindowStart: window.UTC()})
	if err = translate(err); plenary.ErrorKind(err) == plenary.KindNotFound {
		return 0, nil
	}
	return int(n), err
}

func (s rateLimitStore) UndoRateLimit(ctx context.Context, bucket string, window time.Time) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		return translate(tx.q.UndoRateLimit(ctx, query.UndoRateLimitParams{Bucket: bucket, WindowStart: window.UTC()}))
	})
}

func (s rateLimitStore) ClearRateLimit(ctx context.Context, bucket string) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return translate(tx.q.ClearRateLimit(ctx, bucket)) })
}
