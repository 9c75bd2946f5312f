package followup

import (
	"context"
	"sync"
	"time"
)

// The follow-up's public reads — a body's commitments and scale, the reports published
// on a commitment or by a State — are what every follow-up page the public and the States
// open is made of, and are the same for every reader of a set of levels. Read from the
// database at each request, the progress page of one commitment read by 64 people at once
// spent its time decoding the same rows again and again (BenchmarkFollowup): they are kept
// in memory for CacheFor at most, and forgotten at once when this instance records a
// change of the follow-up (a report, a level, a commitment, a scale). A change another
// instance records shows here within CacheFor. What a State's team or the Secretariat
// reads beyond what is published is read from the database every time.

// CacheFor is how long what was read once serves the readers that follow.
const CacheFor = time.Second

// maxCached bounds the values kept: past it, the cache starts again empty.
const maxCached = 10000

type cacheKey struct {
	kind   string // "published", "commitments", "commitment", "scale"
	id     int64  // a commitment (0: every one) or a body
	state  string
	levels [2]Level
}

type cacheEntry struct {
	gen   uint64
	at    time.Time
	value any
	// refreshing is set while one reader reads the value again: the others are served the
	// last one meanwhile, rather than all reading it at once.
	refreshing bool
}

// flight is a read in progress of a value the cache does not hold: readers of the same
// value wait for it rather than all reading it at once.
type flight struct {
	done  chan struct{}
	value any
	err   error
}

type flightKey struct {
	cacheKey
	gen uint64
}

// readCache holds what was read lately. gen counts the changes this instance recorded:
// a value read before a change is not served after it.
type readCache struct {
	mu       sync.Mutex
	gen      uint64
	entries  map[cacheKey]*cacheEntry
	inflight map[flightKey]*flight
}

func newReadCache() *readCache {
	return &readCache{entries: map[cacheKey]*cacheEntry{}, inflight: map[flightKey]*flight{}}
}

// changed forgets everything: called once a change of the follow-up has committed.
func (c *readCache) changed() {
	c.mu.Lock()
	c.gen++
	clear(c.entries)
	c.mu.Unlock()
}

// cached is what read gives for k: from the cache when it was read less than CacheFor ago
// (real time: the time other instances' changes take to show) and nothing changed here
// since. When it is older, one reader reads it again and the others are served the last
// value meanwhile; when the cache has none, the readers of k wait for one read. Values are
// shared between readers: callers copy what they change.
func cached[T any](c *readCache, k cacheKey, read func() (T, error)) (T, error) {
	if c == nil {
		return read()
	}
	c.mu.Lock()
	gen := c.gen
	if e, ok := c.entries[k]; ok && e.gen == gen {
		if e.refreshing || time.Since(e.at) < CacheFor {
			v := e.value.(T)
			c.mu.Unlock()
			return v, nil
		}
		e.refreshing = true
		c.mu.Unlock()
		at := time.Now()
		v, err := read()
		c.mu.Lock()
		if err == nil && c.gen == gen {
			c.entries[k] = &cacheEntry{gen: gen, at: at, value: v}
		} else {
			e.refreshing = false
		}
		c.mu.Unlock()
		return v, err
	}
	fk := flightKey{k, gen}
	if f, ok := c.inflight[fk]; ok {
		c.mu.Unlock()
		<-f.done
		if f.err != nil {
			var zero T
			return zero, f.err
		}
		return f.value.(T), nil
	}
	f := &flight{done: make(chan struct{})}
	c.inflight[fk] = f
	c.mu.Unlock()
	at := time.Now()
	v, err := read()
	c.mu.Lock()
	delete(c.inflight, fk)
	// A change recorded while reading makes what was read no good for later readers.
	if err == nil && c.gen == gen {
		if len(c.entries) >= maxCached {
			clear(c.entries)
		}
		c.entries[k] = &cacheEntry{gen: gen, at: at, value: v}
	}
	c.mu.Unlock()
	f.value, f.err = v, err
	close(f.done)
	return v, err
}

// published are the reports published on a commitment (0: every one) of a State ("":
// every one) at one of levels, as Store.Published gives them.
func (s *Service) published(ctx context.Context, commitmentID int64, state string, levels []Level) ([]Report, error) {
	if len(levels) == 0 || len(levels) > 2 {
		return s.store.Published(ctx, commitmentID, state, levels)
	}
	k := cacheKey{kind: "published", id: commitmentID, state: state, levels: [2]Level{levels[0], levels[len(levels)-1]}}
	return cached(s.cache, k, func() ([]Report, error) { return s.store.Published(ctx, commitmentID, state, levels) })
}

// commitment is a commitment, for the pages that read it.
func (s *Service) commitment(ctx context.Context, id int64) (Commitment, error) {
	return cached(s.cache, cacheKey{kind: "commitment", id: id}, func() (Commitment, error) { return s.store.Commitment(ctx, id) })
}

// commitments are a body's commitments, for the pages that read them.
func (s *Service) commitments(ctx context.Context, bodyID int64) ([]Commitment, error) {
	return cached(s.cache, cacheKey{kind: "commitments", id: bodyID}, func() ([]Commitment, error) { return s.store.Commitments(ctx, bodyID) })
}

// storedScale is a body's scale as stored (none while it has not set one).
func (s *Service) storedScale(ctx context.Context, bodyID int64) ([]Status, error) {
	return cached(s.cache, cacheKey{kind: "scale", id: bodyID}, func() ([]Status, error) { return s.store.Scale(ctx, bodyID) })
}
