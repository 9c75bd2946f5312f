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
	// UndoRateLimit takes one hit back from the bucket's window (never below zero).
	UndoRateLimit(ctx context.Context, bucket string, window time.Time) error
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

// Hit counts one attempt and reports whether the bucket is now over the limit (the
// attempt that reaches Max is allowed; the next is not), with the time until the window
// ends. Count before doing the work: attempts made at the same moment each take their
// own count, so a burst cannot slip past a check made before any of them counted.
func (l *Limiter) Hit(ctx context.Context, bucket string, r Rule) (over bool, retry time.Duration, err error) {
	start, retry := l.window(r)
	n, err := l.store.HitRateLimit(ctx, bucket, start)
	if err != nil {
		return false, 0, err
	}
	return n > r.Max, retry, nil
}

// Undo takes back one attempt of the current window, for an attempt that turned out
// legitimate (a successful sign-in from a shared office address).
func (l *Limiter) Undo(ctx context.Context, bucket string, r Rule) error {
	start, _ := l.window(r)
	return l.store.UndoRateLimit(ctx, bucket, start)
}

// Clear forgets the bucket.
func (l *Limiter) Clear(ctx context.Context, bucket string) error {
	return l.store.ClearRateLimit(ctx, bucket)
}
