// Package ratelimit counts attempts in fixed time windows kept in the database, so that
// every instance of plenary sees the same counts: ten instances must not give an
// attacker ten times the attempts.
package ratelimit

import (
	"context"
	"time"

	"github.com/plenary-platform/plenary"
)

// Store keeps the counters.
type Store interface {
	// HitRateLimit adds one to the bucket's counter for the window and returns the count.
	HitRateLimit(ctx context.Context, bucket string, window time.Time) (int, error)
	// RateLimitHits returns the bucket's count for the window (0 if none).
	RateLimitHits(ctx context.Context, bucket string, window time.Time) (int, error)
	// ClearRateLimit forgets a bucket, e.g. after a successful sign-in.
	ClearRateLimit(ctx context.Context, bucket string) error
}

// Rule is a limit: at most Max hits per Window.
type Rule struct {
	Max    int
	Window time.Duration
}

// Limiter applies rules to buckets.
type Limiter struct {
	store Store
	clock plenary.Clock
}

func New(s Store, c plenary.Clock) *Limiter { return &Limiter{store: s, clock: c} }

func (l *Limiter) window(r Rule) (start time.Time, retry time.Duration) {
	now := l.clock.Now().UTC()
	start = now.Truncate(r.Window)
	return start, start.Add(r.Window).Sub(now)
}

// Exceeded reports whether bucket has already reached the rule's limit in the current
// window, and if so how long until the window ends. It does not count a hit.
func (l *Limiter) Exceeded(ctx context.Context, bucket string, r Rule) (bool, time.Duration, error) {
	start, retry := l.window(r)
	n, err := l.store.RateLimitHits(ctx, bucket, start)
	if err != nil {
		return false, 0, err
	}
	return n >= r.Max, retry, nil
}

// Hit counts one hit and reports whether the bucket is now over the limit (the hit that
// reaches Max is allowed; the next is not), with the time until the window ends.
func (l *Limiter) Hit(ctx context.Context, bucket string, r Rule) (over bool, retry time.Duration, err error) {
	start, retry := l.window(r)
	n, err := l.store.HitRateLimit(ctx, bucket, start)
	if err != nil {
		return false, 0, err
	}
	return n > r.Max, retry, nil
}

// Clear forgets the bucket.
func (l *Limiter) Clear(ctx context.Context, bucket string) error {
	return l.store.ClearRateLimit(ctx, bucket)
}
