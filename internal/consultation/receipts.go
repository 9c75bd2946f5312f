package consultation

import (
	"context"
	"sync"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/mail"
)

// Sender sends a letter now (the mailer).
type Sender interface {
	Send(ctx context.Context, l mail.Letter) error
}

// receiptSenders is how many receipts go out at once: SMTP round trips overlap.
const receiptSenders = 8

// sendAll sends the receipts of due and returns the IDs of those done (sent, or without
// an address), and the first error. What failed stays due and is tried again at the next
// run: the submissions table is the outbox. A crash between sending and marking sends a
// receipt twice, never none.
func (s *Service) sendAll(ctx context.Context, due []Submission) ([]int64, error) {
	var (
		mu    sync.Mutex
		done  []int64
		first error
		wg    sync.WaitGroup
	)
	work := make(chan Submission)
	for range receiptSenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sub := range work {
				var err error
				if sub.AuthorEmail != "" {
					err = s.sender.Send(ctx, s.receipt(sub))
				}
				mu.Lock()
				if err == nil {
					done = append(done, sub.ID)
				} else if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	for _, sub := range due {
		if ctx.Err() != nil {
			break
		}
		work <- sub
	}
	close(work)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return done, first
}

// countsCache keeps a consultation's counts for a moment: they aggregate every
// submission (about 100 ms at 30,000 on SQLite), and a page read during a burst need not
// pay that on every view. Moderation and withdrawal on this instance drop the entry. The
// moment is measured on the service's clock, so that a test can step over it.
type countsCache struct {
	ttl   time.Duration
	clock plenary.Clock
	mu    sync.Mutex
	m     map[int64]countsEntry
}

type countsEntry struct {
	at     time.Time
	counts []Count
	totals Totals
}

func (c *countsCache) get(id int64) (countsEntry, bool) {
	if c.ttl <= 0 {
		return countsEntry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	return e, ok && c.clock.Now().Sub(e.at) < c.ttl
}

func (c *countsCache) put(id int64, e countsEntry) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int64]countsEntry{}
	}
	e.at = c.clock.Now()
	c.m[id] = e
}

func (c *countsCache) drop(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, id)
}
